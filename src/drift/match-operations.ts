import {
  type ApiSurface,
  erasePathParams,
  joinPaths,
  type Operation,
  operationKey,
  type Response,
} from '../model/index.js';

/** A documented operation and its counterpart in another view. */
export interface MatchedPair {
  doc: Operation;
  other: Operation;
  /** Identity of the documented operation (`GET /api/v1/patients/{}`). */
  key: string;
}

/** How the operations of a documented surface and another view line up. */
export interface OperationMatching {
  pairs: MatchedPair[];
  /** Documented, absent from the other view. */
  docOnly: Operation[];
  /** In the other view, absent from the doc. */
  otherOnly: Operation[];
  /** Other-view operations with an unresolved prefix whose suffix fits several documented ones: not reported. */
  ambiguous: Operation[];
  /** Whether the doc's base path was dropped to line the views up (the other view serves the doc's paths bare). */
  docBasePathIgnored: boolean;
}

/** Methods frameworks answer on their own (HEAD for every GET, OPTIONS for CORS): never drift by themselves. */
const AUTO_METHODS = new Set(['HEAD', 'OPTIONS']);

function keyOf(op: Operation, basePath: string): string {
  return operationKey(op.method, op.path, basePath);
}

function attempt(documented: ApiSurface, other: ApiSurface, docBase: string): OperationMatching {
  const docByKey = new Map<string, Operation>();
  for (const op of documented.operations) docByKey.set(keyOf(op, docBase), op);
  const matchedDocs = new Set<Operation>();
  const pairs: MatchedPair[] = [];
  const otherOnly: Operation[] = [];
  const ambiguous: Operation[] = [];
  const pending: Operation[] = [];
  for (const op of other.operations) {
    const key = keyOf(op, other.basePath);
    const doc = docByKey.get(key);
    if (doc && !matchedDocs.has(doc)) {
      matchedDocs.add(doc);
      pairs.push({ doc, other: op, key: keyOf(doc, documented.basePath) });
    } else if (!doc) pending.push(op);
  }
  // Code whose router prefix could not be resolved statically: match on the known suffix when only one fits.
  for (const op of pending) {
    if (op.unresolvedPrefix === undefined) {
      otherOnly.push(op);
      continue;
    }
    const suffix = erasePathParams(op.path);
    const candidates = documented.operations.filter((d) => {
      if (d.method !== op.method || matchedDocs.has(d)) return false;
      const full = erasePathParams(joinPaths(docBase, d.path));
      // The suffix starts with `/`, so endsWith is segment-aligned.
      return full === suffix || (suffix !== '/' && full.endsWith(suffix));
    });
    if (candidates.length === 1) {
      const doc = candidates[0] as Operation;
      matchedDocs.add(doc);
      pairs.push({ doc, other: op, key: keyOf(doc, documented.basePath) });
    } else if (candidates.length > 1) ambiguous.push(op);
    else otherOnly.push(op);
  }
  const otherKeys = new Set(other.operations.map((op) => keyOf(op, other.basePath)));
  const docOnly = documented.operations.filter((d) => {
    if (matchedDocs.has(d)) return false;
    if (d.method === 'OPTIONS') return false;
    // HEAD is served implicitly wherever GET is.
    if (d.method === 'HEAD' && otherKeys.has(keyOf({ ...d, method: 'GET' }, docBase))) return false;
    return true;
  });
  return {
    pairs,
    docOnly,
    otherOnly: otherOnly.filter((op) => !AUTO_METHODS.has(op.method)),
    ambiguous,
    docBasePathIgnored: docBase !== documented.basePath,
  };
}

/**
 * Lines up a documented surface with another view by operation identity: METHOD + template with parameter names
 * erased, each side's base path applied. When the other view serves the doc's paths without the doc's base path
 * (a proxy adds it), matching without it is tried and kept if it lines up more operations. Static segments never
 * match templated ones (`/users/me` ≠ `/users/{}`), so the more specific route keeps its own identity.
 */
export function matchOperations(documented: ApiSurface, other: ApiSurface): OperationMatching {
  const full = attempt(documented, other, documented.basePath);
  if (!documented.basePath || documented.basePath === '/') return full;
  const bare = attempt(documented, other, '');
  return bare.pairs.length > full.pairs.length ? bare : full;
}

/** The documented response that answers for a status: exact, then its range (`2XX`), then `default`. */
export function matchStatus(status: string, responses: readonly Response[]): Response | undefined {
  const upper = status.toUpperCase();
  return (
    responses.find((r) => r.status.toUpperCase() === upper) ??
    responses.find((r) => r.status.toUpperCase() === `${upper[0]}XX`) ??
    responses.find((r) => r.status === 'default')
  );
}
