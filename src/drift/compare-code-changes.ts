import { type ApiSurface, type Operation, operationKey, operationLabel } from '../model/index.js';

/** One operation that a change adds to, or changes in, the implemented view. */
export interface CodeChange {
  /** `METHOD /path`, named as the (aligned) head view names it. */
  operation: string;
  kind: 'added' | 'changed';
  /** What differs, for a changed operation: `parameters`, `request body`, `responses`, `auth`. */
  parts: string[];
}

/** A copy without source positions: moving a route down a file is not a change of the operation. */
function withoutPositions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPositions);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'location' || key === 'evidence' || key === 'line') continue;
    out[key] = withoutPositions(inner);
  }
  return out;
}

/** The parts of an operation a reviewer cares about, each as comparable text. */
function partsOf(op: Operation): Record<string, string> {
  const auth = op.auth;
  return {
    parameters: JSON.stringify(
      op.parameters.map((p) => `${p.in}:${p.name}:${p.required}:${JSON.stringify(withoutPositions(p.schema))}`).sort(),
    ),
    'request body': JSON.stringify(withoutPositions(op.requestBody ?? null)),
    responses: JSON.stringify(
      op.responses
        .map((r) => [r.status, withoutPositions(r.content)])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ),
    auth: JSON.stringify(
      auth
        ? {
            state: auth.state,
            schemes: [...(auth.schemes ?? [])].sort(),
            scopes: [...(auth.scopes ?? [])].sort(),
            roles: [...(auth.roles ?? [])].sort(),
            guards: auth.evidence.map((e) => e.what),
          }
        : null,
    ),
  };
}

/**
 * What a change does to the implemented view: operations the head serves that the base did not, and operations
 * whose parameters, request body, responses or guards differ. The docs' change analysis cannot see these when the
 * code moves without the docs (a new route nobody documented is the review that matters most).
 */
export function compareCodeChanges(base: ApiSurface | undefined, head: ApiSurface): CodeChange[] {
  const before = new Map<string, Operation>();
  for (const op of base?.operations ?? []) before.set(operationKey(op.method, op.path, base?.basePath), op);
  const changes: CodeChange[] = [];
  const seen = new Set<string>();
  for (const op of head.operations) {
    const key = operationKey(op.method, op.path, head.basePath);
    if (seen.has(key)) continue;
    seen.add(key);
    const label = operationLabel(op, head.basePath);
    const old = before.get(key);
    if (old === undefined) {
      changes.push({ operation: label, kind: 'added', parts: [] });
      continue;
    }
    const now = partsOf(op);
    const then = partsOf(old);
    const parts = Object.keys(now).filter((part) => now[part] !== then[part]);
    if (parts.length > 0) changes.push({ operation: label, kind: 'changed', parts });
  }
  return changes;
}
