// Regenerates the generated part of docs/rules.md from the rule catalogue (src/rules/catalogue.ts), keeping the
// hand-written introduction above the marker. Run through `npm run docs:rules` (it builds first).
import { readFileSync, writeFileSync } from 'node:fs';
import { RULES_REFERENCE_MARKER, renderRulesReference } from '../dist/rules/index.js';

const path = new URL('../docs/rules.md', import.meta.url);
const doc = readFileSync(path, 'utf8');
const at = doc.indexOf(RULES_REFERENCE_MARKER);
const intro = at >= 0 ? doc.slice(0, at) : `${doc.split('\n## Index\n')[0]?.trimEnd()}\n\n`;
writeFileSync(path, intro + renderRulesReference());
