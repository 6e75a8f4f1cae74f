import {
  type ApiSurface,
  type AuthState,
  documentedAuthState,
  type Evidence,
  type Inventory,
  type InventoryOperation,
  type InventoryPiiField,
  joinPaths,
  type MediaContent,
  type Operation,
  operationKey,
  type ViewSource,
  walkSchemaProperties,
  weakerAuthState,
} from '../model/index.js';

const SOURCE_ORDER: ViewSource[] = ['documented', 'implemented', 'observed'];

/** Classifies the PII fields of one operation of one view (the PII classifier plugs in here). */
export type PiiClassifier = (operation: Operation, surface: ApiSurface) => InventoryPiiField[];

/**
 * Joins the views into one inventory: one row per operation identity (METHOD + path with parameter names
 * erased, base paths applied), with the evidence of every view that knows it.
 */
export function buildInventory(
  surfaces: readonly ApiSurface[],
  options: { classifyPii?: PiiClassifier } = {},
): Inventory {
  const rows = new Map<string, InventoryOperation>();
  const ordered = [...surfaces].sort((a, b) => SOURCE_ORDER.indexOf(a.source) - SOURCE_ORDER.indexOf(b.source));
  for (const surface of ordered) {
    for (const op of surface.operations) {
      const key = operationKey(op.method, op.path, surface.basePath);
      let row = rows.get(key);
      if (row === undefined) {
        row = {
          method: op.method,
          path: joinPaths(surface.basePath, op.path),
          sources: [],
          evidence: [],
          security: [],
          pii: [],
          parameters: [],
          statuses: [],
        };
        if (op.summary) row.summary = op.summary;
        rows.set(key, row);
      }
      if (!row.sources.includes(surface.source)) row.sources.push(surface.source);
      row.evidence.push(...op.evidence);
      // Views name path parameters differently (`{id}` in the doc, `{appointmentId}` in traffic): the first wins.
      const firstView = row.sources.length === 1;
      const params = op.parameters.filter((p) => p.in !== 'path' || firstView);
      mergeInto(
        row.parameters as string[],
        params.map((p) => `${p.in}:${p.name}`),
      );
      const unauthenticated = op.observed?.successWithoutCredentials ?? 0;
      if (unauthenticated > 0) row.observedWithoutAuth = (row.observedWithoutAuth ?? 0) + unauthenticated;
      mergeInto(
        row.statuses as string[],
        op.responses.map((r) => r.status),
      );
      const auth = authOf(op, surface.source);
      if (auth !== undefined) {
        row.auth ??= {};
        const view = surface.source;
        const known = row.auth[view];
        // Several declarations of one view: a caller gets in through the least guarded one.
        row.auth[view] = known === undefined ? auth : weakerAuthState(known, auth);
      }
      if (op.security !== undefined && surface.source !== 'observed') {
        mergeInto(
          row.security,
          op.security.flatMap((alt) => Object.keys(alt)),
        );
      }
      const pii = [...documentedPii(op, surface), ...(options.classifyPii?.(op, surface) ?? [])];
      for (const field of pii) mergePii(row.pii, field);
    }
  }
  const operations = [...rows.values()];
  for (const row of operations) {
    row.evidence = dedupeEvidence(row.evidence);
    (row.statuses as string[]).sort();
  }
  operations.sort((a, b) =>
    a.path === b.path ? methodRank(a.method) - methodRank(b.method) : a.path < b.path ? -1 : 1,
  );
  return { operations };
}

/** One view's auth of one operation, when that view can tell. */
function authOf(op: Operation, source: ViewSource): AuthState | undefined {
  if (source === 'documented') return documentedAuthState(op.security) ?? 'none';
  if (source === 'implemented') return op.auth?.state;
  const stats = op.observed;
  if (!stats) return undefined;
  if (stats.successWithoutCredentials > 0) return stats.withCredentials > 0 ? 'optional' : 'none';
  return stats.withoutCredentials > 0 ? 'required' : undefined;
}

/** Fields the doc itself marks with `x-pii`. */
function documentedPii(op: Operation, surface: ApiSurface): InventoryPiiField[] {
  if (surface.source !== 'documented') return [];
  const out: InventoryPiiField[] = [];
  const visitContent = (prefix: string, content: Record<string, MediaContent>) => {
    const first = Object.values(content).find((c) => c.schema !== undefined);
    if (!first?.schema) return;
    walkSchemaProperties(surface, first.schema, (path, schema) => {
      if (schema.pii) {
        const field: InventoryPiiField = {
          field: `${prefix}.${path}`,
          category: schema.pii.category,
          phi: schema.pii.phi ?? false,
          confidence: 1,
          documented: true,
        };
        if (schema.pii.hipaa) field.hipaa = schema.pii.hipaa;
        out.push(field);
      }
    });
  };
  if (op.requestBody) visitContent('request', op.requestBody.content);
  for (const response of op.responses) visitContent(`response.${response.status}`, response.content);
  for (const p of op.parameters) {
    if (p.schema.pii) {
      const field: InventoryPiiField = {
        field: `${p.in}.${p.name}`,
        category: p.schema.pii.category,
        phi: p.schema.pii.phi ?? false,
        confidence: 1,
        documented: true,
      };
      if (p.schema.pii.hipaa) field.hipaa = p.schema.pii.hipaa;
      out.push(field);
    }
  }
  return out;
}

function mergePii(list: InventoryPiiField[], field: InventoryPiiField): void {
  const existing = list.find((f) => f.field === field.field);
  if (existing === undefined) {
    list.push({ ...field });
    return;
  }
  if (field.documented) existing.documented = true;
  if (field.confidence > existing.confidence && !existing.documented) {
    existing.category = field.category;
    existing.confidence = field.confidence;
    if (field.hipaa) existing.hipaa = field.hipaa;
  }
  existing.phi = existing.phi || field.phi;
}

function mergeInto(target: string[], values: string[]): void {
  for (const v of values) if (!target.includes(v)) target.push(v);
}

function dedupeEvidence(evidence: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return evidence.filter((e) => {
    const key = JSON.stringify(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const METHOD_ORDER = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE'];
function methodRank(method: string): number {
  return METHOD_ORDER.indexOf(method);
}
