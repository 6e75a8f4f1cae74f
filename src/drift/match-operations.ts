import {
  type ApiSurface,
  alignToDocs,
  erasePathParams,
  joinPaths,
  type MountGuess,
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
  /**
   * The other view renamed into the docs' terms (each side's mount stripped once, see `alignToDocs`): its operation
   * paths are full paths as the docs name them, `basePath` `''`. `pairs`, `otherOnly` and `ambiguous` hold its
   * operations.
   */
  other: ApiSurface;
  pairs: MatchedPair[];
  /** Documented, absent from the other view. */
  docOnly: Operation[];
  /** In the other view, absent from the doc. */
  otherOnly: Operation[];
  /** Other-view operations with an unresolved prefix whose suffix fits several documented ones: not reported. */
  ambiguous: Operation[];
  /** Set when the whole other view lines up only after a mount was guessed (served bare, or under a prefix). */
  guess?: MountGuess;
}

/** Methods frameworks answer on their own (HEAD for every GET, OPTIONS for CORS): never drift by themselves. */
const AUTO_METHODS = new Set(['HEAD', 'OPTIONS']);

/**
 * Lines up a documented surface with another view by operation identity: METHOD + template with parameter names
 * erased, after each side's mount is stripped once ({@link alignToDocs}: every documented server, host-matched;
 * a guessed mount when the declared one lines up fewer operations). Static segments never match templated ones
 * (`/users/me` ≠ `/users/{}`), so the more specific route keeps its own identity.
 */
export function matchOperations(documented: ApiSurface, other: ApiSurface): OperationMatching {
  const aligned = alignToDocs(other, [documented]);
  const view = aligned.surface;
  const docBase = documented.basePath;
  const keyOf = (op: Operation): string => operationKey(op.method, op.path, docBase);
  const docByKey = new Map<string, Operation>();
  for (const op of documented.operations) docByKey.set(keyOf(op), op);
  const matchedDocs = new Set<Operation>();
  const pairs: MatchedPair[] = [];
  const otherOnly: Operation[] = [];
  const ambiguous: Operation[] = [];
  const pending: Operation[] = [];
  for (const op of view.operations) {
    const doc = docByKey.get(operationKey(op.method, op.path));
    if (doc && !matchedDocs.has(doc)) {
      matchedDocs.add(doc);
      pairs.push({ doc, other: op, key: keyOf(doc) });
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
      pairs.push({ doc, other: op, key: keyOf(doc) });
    } else if (candidates.length > 1) ambiguous.push(op);
    else otherOnly.push(op);
  }
  const otherKeys = new Set(view.operations.map((op) => operationKey(op.method, op.path)));
  const docOnly = documented.operations.filter((d) => {
    if (matchedDocs.has(d)) return false;
    if (d.method === 'OPTIONS') return false;
    // HEAD is served implicitly wherever GET is.
    if (d.method === 'HEAD' && otherKeys.has(keyOf({ ...d, method: 'GET' }))) return false;
    return true;
  });
  const out: OperationMatching = {
    other: view,
    pairs,
    docOnly,
    otherOnly: otherOnly.filter((op) => !AUTO_METHODS.has(op.method)),
    ambiguous,
  };
  if (aligned.guess) out.guess = aligned.guess;
  return out;
}

/** The documented response that answers for a status: exact, then its range (`2XX`), then `default` (see below). */
export function matchStatus(status: string, responses: readonly Response[]): Response | undefined {
  const upper = status.toUpperCase();
  return (
    responses.find((r) => r.status.toUpperCase() === upper) ??
    responses.find((r) => r.status.toUpperCase() === `${upper[0]}XX`) ??
    // `default` stands for the answers not listed, but a success status beside documented success statuses (200
    // where the docs say 204) contradicts them: clients built on the docs expect the listed one.
    (upper.startsWith('2') && responses.some((r) => r.status.startsWith('2'))
      ? undefined
      : responses.find((r) => r.status === 'default'))
  );
}
