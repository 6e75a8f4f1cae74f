import type { Inventory } from '../model/index.js';
import { describeAuth, describeCategories, exposureOf, isUnauthenticated } from './inventory-format.js';

/** Caps that keep the table inside a check-run summary (GitHub allows 65,535 characters). */
export interface MarkdownInventoryOptions {
  maxRows?: number;
  maxChars?: number;
}

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * Markdown inventory table. Operations exposing PHI/PII come first (unauthenticated ones on top) so a capped table
 * still shows what matters; the cap is announced in a last line.
 */
export function renderInventoryMarkdown(inventory: Inventory, options: MarkdownInventoryOptions = {}): string {
  const maxRows = options.maxRows ?? 200;
  const maxChars = options.maxChars ?? 60_000;
  const rank = (op: Inventory['operations'][number]): number =>
    ({ phi: 0, pii: 2, none: 4 })[exposureOf(op)] + (isUnauthenticated(op) ? 0 : 1);
  const ordered = inventory.operations.map((op, i) => ({ op, i })).sort((a, b) => rank(a.op) - rank(b.op) || a.i - b.i);
  const withPii = inventory.operations.filter((op) => op.pii.length > 0).length;
  const phi = inventory.operations.filter((op) => exposureOf(op) === 'phi').length;
  const lines = [
    `**${inventory.operations.length} operations**, ${withPii} with PII (${phi} with PHI).`,
    '',
    '| Method | Path | Views | Auth | PII/PHI |',
    '| --- | --- | --- | --- | --- |',
  ];
  let length = lines.join('\n').length;
  let shown = 0;
  for (const { op } of ordered) {
    const exposure = exposureOf(op);
    const pii =
      exposure === 'none'
        ? '—'
        : `${exposure === 'phi' ? '**PHI** ' : ''}${op.pii.length} field${op.pii.length === 1 ? '' : 's'}: ${describeCategories(op)}`;
    const auth = isUnauthenticated(op) ? `⚠️ ${describeAuth(op)}` : describeAuth(op);
    const row = `| ${op.method} | \`${cell(op.path)}\` | ${op.sources.join(', ')} | ${cell(auth)} | ${cell(pii)} |`;
    if (shown >= maxRows || length + row.length + 1 > maxChars - 120) break;
    lines.push(row);
    length += row.length + 1;
    shown++;
  }
  if (shown < ordered.length)
    lines.push('', `… and ${ordered.length - shown} more operations (see the full inventory).`);
  return `${lines.join('\n')}\n`;
}
