import type { Inventory } from '../model/index.js';
import { authColumns, exposureOf } from './inventory-format.js';

/** One CSV field, quoted per RFC 4180 when it holds a comma, a quote or a line break. */
function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV inventory (RFC 4180: CRLF line ends, header row): one row per operation. */
export function renderInventoryCsv(inventory: Inventory): string {
  const header = [
    'method',
    'path',
    'sources',
    'security',
    'observed_without_auth',
    'auth_docs',
    'auth_code',
    'auth_traffic',
    'exposure',
    'pii_fields',
    'categories',
    'hipaa',
  ];
  const rows = inventory.operations.map((op) => [
    op.method,
    op.path,
    op.sources.join(' '),
    op.security.join(' '),
    op.observedWithoutAuth ?? 0,
    ...authColumns(op),
    exposureOf(op),
    op.pii.map((f) => f.field).join(' '),
    [...new Set(op.pii.map((f) => f.category))].join(' '),
    [...new Set(op.pii.map((f) => f.hipaa).filter((h): h is string => h !== undefined))].sort().join(''),
  ]);
  return `${[header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}
