import type { InventoryOperation, InventoryPiiField } from '../model/index.js';

/** Exposure class of an operation: the worst data it carries. */
export type Exposure = 'phi' | 'pii' | 'none';

/** PHI when any field is PHI, else PII when any field is PII. */
export function exposureOf(op: InventoryOperation): Exposure {
  if (op.pii.some((f) => f.phi)) return 'phi';
  return op.pii.length > 0 ? 'pii' : 'none';
}

/** True when no security requirement protects it, the code serves it unguarded, or traffic saw it answer 2xx
 * without credentials. */
export function isUnauthenticated(op: InventoryOperation): boolean {
  const code = op.auth?.implemented;
  return op.security.length === 0 || code === 'none' || code === 'optional' || (op.observedWithoutAuth ?? 0) > 0;
}

/** `bearerAuth`, `none`, `bearerAuth (seen without credentials ×3)`, `bearerAuth; code: none`. */
export function describeAuth(op: InventoryOperation): string {
  const documented = op.sources.includes('documented');
  const base = op.security.length > 0 ? op.security.join(', ') : documented ? 'none' : '-';
  const seen = op.observedWithoutAuth ?? 0;
  const withTraffic = seen > 0 && op.security.length > 0 ? `${base} (seen without credentials ×${seen})` : base;
  const code = op.auth?.implemented;
  return code === undefined ? withTraffic : `${withTraffic}; code: ${code}`;
}

/** Docs, code and traffic auth as three short words (`required`, `optional`, `none`, `unknown`, `-`). */
export function authColumns(op: InventoryOperation): [docs: string, code: string, traffic: string] {
  return [op.auth?.documented ?? '-', op.auth?.implemented ?? '-', op.auth?.observed ?? '-'];
}

/** `response.200.ssn (ssn, G, PHI)`. */
export function describePiiField(field: InventoryPiiField): string {
  const tags = [field.category, field.hipaa, field.phi ? 'PHI' : undefined].filter(Boolean).join(', ');
  return `${field.field} (${tags})`;
}

/** Distinct categories with their letters: `ssn (G), email (F)`. */
export function describeCategories(op: InventoryOperation): string {
  const seen = new Map<string, string | undefined>();
  for (const f of op.pii) if (!seen.has(f.category)) seen.set(f.category, f.hipaa);
  return [...seen].map(([c, h]) => (h ? `${c} (${h})` : c)).join(', ');
}

/** `file:line` of the first doc or code evidence (the doc first), or `-` when only traffic saw it. */
export function describeWhere(op: InventoryOperation): string {
  const located =
    op.evidence.find((e) => e.source === 'documented') ?? op.evidence.find((e) => e.source === 'implemented');
  return located && 'file' in located ? `${located.file}:${located.line}` : '-';
}
