import type { Inventory } from '../model/index.js';
import { describeAuth, describePiiField, describeWhere, exposureOf } from './inventory-format.js';

/** Plain-text inventory: an aligned table, one line per operation, PII fields listed under it. */
export function renderInventoryText(inventory: Inventory): string {
  const header = ['METHOD', 'PATH', 'WHERE', 'VIEWS', 'AUTH', 'EXPOSURE', 'PARAMETERS', 'STATUSES'];
  const rows = inventory.operations.map((op) => [
    op.method,
    op.path,
    describeWhere(op),
    op.sources.join(','),
    describeAuth(op),
    exposureOf(op) === 'none'
      ? '-'
      : `${exposureOf(op).toUpperCase()} (${op.pii.length} field${op.pii.length === 1 ? '' : 's'})`,
    (op.parameters ?? []).join(' ') || '-',
    (op.statuses ?? []).join(' ') || '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [line(header)];
  inventory.operations.forEach((op, i) => {
    out.push(line(rows[i]!));
    for (const field of op.pii) out.push(`    ${describePiiField(field)} ${field.confidence.toFixed(2)}`);
  });
  const pii = inventory.operations.filter((op) => op.pii.length > 0).length;
  out.push('', `${inventory.operations.length} operations, ${pii} with PII/PHI`);
  return `${out.join('\n')}\n`;
}
