import { type InputNotice, NOTICES_LISTED } from '../model/index.js';

/** Escapes text for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, ' ');
}

/**
 * The "Not read" section of a check run summary or a PR comment: every input a reader skipped or could not read
 * whole, so a partial view never reads as "no drift". The first {@link NOTICES_LISTED} are listed, the rest counted
 * per reason. Empty when every input was read.
 */
export function renderNoticesMarkdown(notices: readonly InputNotice[], listed = NOTICES_LISTED): string {
  if (notices.length === 0) return '';
  const lines = [
    '### Not read',
    '',
    `${notices.length} input${notices.length === 1 ? ' was' : 's were'} not read, or not read whole: findings cover only what was read.`,
    '',
    '| file | view | reason | detail |',
    '|---|---|---|---|',
  ];
  for (const n of notices.slice(0, listed)) {
    const where = n.line !== undefined ? `${n.file}:${n.line}` : n.file;
    lines.push(`| \`${cell(where)}\` | ${n.view} | ${n.reason} | ${cell(n.detail)} |`);
  }
  const rest = notices.slice(listed);
  if (rest.length > 0) {
    const counts = new Map<string, number>();
    for (const n of rest) counts.set(n.reason, (counts.get(n.reason) ?? 0) + 1);
    lines.push(
      '',
      `… and ${rest.length} more (${[...counts].map(([r, c]) => `${c} ${r}`).join(', ')}); \`specwatch scan --format json\` lists them all.`,
    );
  }
  return `${lines.join('\n')}\n\n`;
}
