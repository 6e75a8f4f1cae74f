// Regenerates docs/config-schema.json and docs/configuration.md from the zod schema and its TSDoc (run after a build).
import { readFileSync, writeFileSync } from 'node:fs';
import { renderConfigJsonSchema, renderConfigMarkdown } from '../dist/config/index.js';

const root = new URL('..', import.meta.url);
const source = readFileSync(new URL('src/config/schema.ts', root), 'utf8');
writeFileSync(new URL('docs/config-schema.json', root), renderConfigJsonSchema(source));
writeFileSync(new URL('docs/configuration.md', root), renderConfigMarkdown(source));
console.log('wrote docs/config-schema.json and docs/configuration.md');
