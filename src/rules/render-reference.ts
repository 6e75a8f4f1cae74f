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

/** The oasdiff checks a change rule answers for, as a list of code spans (`none` when it has no equivalent). */
function oasdiffText(info: RuleInfo, limit = Number.POSITIVE_INFINITY): string {
  const ids = info.oasdiff ?? [];
  if (ids.length === 0) return 'none';
  const shown = ids
    .slice(0, limit)
    .map((id) => `\`${id}\``)
    .join(', ');
  return ids.length > limit ? `${shown} +${ids.length - limit}` : shown;
}

/** One rule's section: summary, default severity, class, oasdiff equivalent, help. */
export function renderRuleSection(id: RuleId): string {
  const info = RULES[id];
  const oasdiff = info.family === 'change' ? `\n- oasdiff equivalent: ${oasdiffText(info)}` : '';
  return `### ${id}\n\n${info.summary}.\n\n- Default severity: **${info.severity}**\n- Class: ${classText(info)}${oasdiff}\n\n${info.help}\n`;
}

/**
 * Every oasdiff ERR check with the rule answering for it: the checks of our breaking rules, less those a rule's help
 * names as rated otherwise by oasdiff ("oasdiff rates `id` INFO").
 */
function renderOasdiffErrTable(ids: RuleId[]): string {
  const rows: string[] = [];
  for (const id of ids) {
    const info: RuleInfo = RULES[id];
    if (info.class !== 'breaking') continue;
    for (const check of info.oasdiff ?? []) {
      if (info.help.includes(`oasdiff rates \`${check}\``)) continue;
      rows.push(`| \`${check}\` | [\`${id}\`](#${id}) |`);
    }
  }
  rows.sort();
  return `## oasdiff ERR checks\n\nEvery check oasdiff rates ERR (breaking) and the rule of ours that gives \`breaking\` for it; each row has a spec pair in \`test/drift/oasdiff-pairs.ts\`.\n\n| oasdiff check (ERR) | our rule |\n|---|---|\n${rows.join('\n')}\n`;
}

/** The generated part of docs/rules.md: the index table, then one section per rule, grouped by family. */
export function renderRulesReference(): string {
  const ids = RULE_FAMILIES.flatMap((family) =>
    (Object.keys(RULES) as RuleId[]).filter((id) => RULES[id].family === family),
  );
  const index = ids.map((id) => {
    const info = RULES[id];
    const oasdiff = info.family === 'change' ? oasdiffText(info, 2) : '—';
    return `| [\`${id}\`](#${id}) | ${info.family} | ${info.severity} | ${info.class ?? '—'} | ${oasdiff} |`;
  });
  const sections = RULE_FAMILIES.map((family) => {
    const mine = ids.filter((id) => RULES[id].family === family);
    return `## ${FAMILY_HEADINGS[family]}\n\n${mine.map(renderRuleSection).join('\n')}`;
  });
  return [
    `${RULES_REFERENCE_MARKER}\n`,
    `## Index\n\n| rule | family | default severity | class | oasdiff equivalent |\n|---|---|---|---|---|\n${index.join('\n')}\n`,
    renderOasdiffErrTable(ids),
    ...sections,
  ].join('\n');
}
