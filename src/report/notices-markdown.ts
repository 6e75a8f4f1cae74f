import { type InputNotice, NOTICES_LISTED, pickListedNotices } from '../model/index.js';

/** Escapes text for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, ' ');
}

/**
 * The "Not read" section of a check run summary or a PR comment: every input a reader skipped or could not read
 * whole, so a partial view never reads as "no drift". The telling ones are listed first (see pickListedNotices), the
 * rest counted per reason. Empty when every input was read.
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
  const { shown, rest, restByReason } = pickListedNotices(notices, listed);
  for (const n of shown) {
    const where = n.line !== undefined ? `${n.file}:${n.line}` : n.file;
    lines.push(`| \`${cell(where)}\` | ${n.view} | ${n.reason} | ${cell(n.detail)} |`);
  }
  if (rest > 0) {
    lines.push(
      '',
      `… and ${rest} more (${restByReason.map(([r, c]) => `${c} ${r}`).join(', ')}); \`specwatch scan --format json\` lists them all.`,
    );
  }
  return `${lines.join('\n')}\n\n`;
}
