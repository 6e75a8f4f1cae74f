import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../src/model/index.js';
import {
  inventoryToJson,
  renderInventoryCsv,
  renderInventoryMarkdown,
  renderInventoryText,
} from '../../src/report/index.js';
import { clinicInventory } from './inventory-fixture.js';

describe('inventory renderers', () => {
  const inventory = clinicInventory();

  it('JSON follows the DESIGN.md contract exactly', () => {
    const json = inventoryToJson(inventory);
    const first = json.operations[0] as Record<string, unknown>;
    expect(Object.keys(first)).toEqual(['method', 'path', 'sources', 'evidence', 'security', 'auth', 'pii']);
    const ssn = inventory.operations[0]!.pii[0]!;
    expect((first.pii as unknown[])[0]).toEqual({
      field: ssn.field,
      category: 'ssn',
      hipaa: 'G',
      phi: true,
      confidence: 0.97,
    });
    expect(JSON.stringify(json)).not.toContain('observedWithoutAuth');
  });

  it('text is an aligned table with the PII fields under each operation', () => {
    const text = renderInventoryText(inventory);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^METHOD\s+PATH\s+WHERE\s+VIEWS\s+AUTH\s+EXPOSURE\s+PARAMETERS\s+STATUSES$/);
    const pathColumn = lines[0]!.indexOf('PATH');
    expect(lines[1]!.indexOf('/patients/{id}')).toBe(pathColumn);
    expect(text).toContain('    response.200.ssn (ssn, G, PHI) 0.97');
    expect(text).toContain('4 operations, 2 with PII/PHI');
  });

  it('Markdown puts unauthenticated PHI first and respects the cap', () => {
    const md = renderInventoryMarkdown(inventory);
    const rows = md
      .split('\n')
      .filter((l) => l.startsWith('| GET') || l.startsWith('| POST') || l.startsWith('| DELETE'));
    expect(rows[0]).toContain('`/patients/{id}`');
    expect(rows[0]).toContain('⚠️ none');
    expect(rows[0]).toContain('**PHI**');
    expect(md).toContain('a\\|b');
    const capped = renderInventoryMarkdown(inventory, { maxRows: 2 });
    expect(capped).toContain('… and 2 more operations');
  });

  it('CSV quotes per RFC 4180', () => {
    const csv = renderInventoryCsv(inventory);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'method,path,sources,security,observed_without_auth,auth_docs,auth_code,auth_traffic,exposure,pii_fields,categories,hipaa',
    );
    expect(csv).toContain('"/search/a,""b"""');
    expect(lines.find((l) => l.startsWith('GET,/patients/{id},'))).toContain(',phi,');
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('renders an empty inventory', () => {
    const empty: Inventory = { operations: [] };
    expect(renderInventoryText(empty)).toContain('0 operations');
    expect(renderInventoryCsv(empty).split('\r\n')).toHaveLength(2);
  });
});
