import { RULE_FAMILIES, RULES, type RuleFamily, type RuleId, type RuleInfo } from './catalogue.js';

/** The line docs/rules.md's generated part starts after; the hand-written introduction stays above it. */
export const RULES_REFERENCE_MARKER =
  '<!-- Generated from src/rules/catalogue.ts by `npm run docs:rules`: edit the catalogue, not the text below. -->';

const FAMILY_HEADINGS: Record<RuleFamily, string> = {
  drift: 'Drift (documented vs implemented / observed)',
  input: 'Input (what could not be read)',
  change: 'Change (base vs head)',
  pii: 'PII (personal and health data exposure)',
};

/** `**breaking**`, or `— (drift)` for families without a class. */
function classText(info: RuleInfo): string {
  return info.class === null ? `— (${info.family})` : `**${info.class}**`;
}

/** One rule's section: summary, default severity, class, help. */
export function renderRuleSection(id: RuleId): string {
  const info = RULES[id];
  return `### ${id}\n\n${info.summary}.\n\n- Default severity: **${info.severity}**\n- Class: ${classText(info)}\n\n${info.help}\n`;
}

/** The generated part of docs/rules.md: the index table, then one section per rule, grouped by family. */
export function renderRulesReference(): string {
  const ids = RULE_FAMILIES.flatMap((family) =>
    (Object.keys(RULES) as RuleId[]).filter((id) => RULES[id].family === family),
  );
  const index = ids.map((id) => {
    const info = RULES[id];
    return `| [\`${id}\`](#${id}) | ${info.family} | ${info.severity} | ${info.class ?? '—'} |`;
  });
  const sections = RULE_FAMILIES.map((family) => {
    const mine = ids.filter((id) => RULES[id].family === family);
    return `## ${FAMILY_HEADINGS[family]}\n\n${mine.map(renderRuleSection).join('\n')}`;
  });
  return [
    `${RULES_REFERENCE_MARKER}\n`,
    `## Index\n\n| rule | family | default severity | class |\n|---|---|---|---|\n${index.join('\n')}\n`,
    ...sections,
  ].join('\n');
}
