import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANY_METHODS } from '../../../src/sources/code/handler-names.js';

/**
 * Scoring shared by the real-app accuracy tests (the tuning apps under test/fixtures/real-apps and
 * test/fixtures/real-apps-former-holdout, and the held-out ones), so every set is measured the same way.
 */

/** The app folders under `root` that hold `truthFile`, sorted. */
export function appsWithTruth(root: string, truthFile: string): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .filter((name) => {
      try {
        readFileSync(join(root, name, truthFile));
        return true;
      } catch {
        return false;
      }
    })
    .sort();
}

/**
 * Whether a left-out route's path is the one a truth names. Truths may write a catch-all as the framework does
 * (`/*`) while the output gives it a template parameter (`/{path}`); parameter names and a trailing slash are not
 * compared. A subtree the output lists for a mount (`GET /api-docs/*` for `app.use('/api-docs', swaggerUi.serve,
 * …)`) covers the mount point a truth may name instead (`GET /api-docs`, the page itself): the mount answers both.
 */
export function sameLeftOutPath(output: string, truth: string): boolean {
  // A subtree written with its trailing slash (`GET /assets/` of a Go ServeMux) is the folder's path.
  const erase = (p: string) =>
    p
      .replace(/\/\*\w*$/, '/{}')
      .replace(/\{[^}]*\}/g, '{}')
      .replace(/(.)\/$/, '$1');
  const mountPoint = /^(\/.+)\/\*$/.exec(output)?.[1];
  return erase(output) === erase(truth) || (mountPoint !== undefined && erase(mountPoint) === erase(truth));
}

/** Operation keys, a path served on every method collapsed to one `*` key as the truth lists write it. */
export function operationKeys(ops: readonly { method: string; path: string }[]): Set<string> {
  const byPath = new Map<string, Set<string>>();
  for (const op of ops) {
    const methods = byPath.get(op.path) ?? new Set<string>();
    methods.add(op.method);
    byPath.set(op.path, methods);
  }
  const keys = new Set<string>();
  for (const [path, methods] of byPath) {
    if (ANY_METHODS.every((m) => methods.has(m))) {
      keys.add(`* ${path}`);
      for (const m of methods) if (!ANY_METHODS.includes(m as never)) keys.add(`${m} ${path}`);
    } else for (const m of methods) keys.add(`${m} ${path}`);
  }
  return keys;
}

/** Rules whose findings are about one field, parameter or status of an operation. */
export const FIELD_RULES = new Set([
  'undocumented-parameter',
  'undocumented-status',
  'undocumented-request-field',
  'undocumented-response-field',
  'field-type-mismatch',
  'field-required-mismatch',
  'undocumented-pii',
]);

/** `GET /a/{x}/b/` → `GET /a/{}/b`: the identity both views share, whatever their parameter names or trailing slash. */
function normalizeOperation(op: string): string {
  const [method, path = ''] = op.split(' ');
  return `${method} ${path.replace(/\{[^}]*\}/g, '{}').replace(/(.)\/$/, '$1')}`;
}

/** The identity of a field-level finding in a truth list and in Specwatch's output. */
export function fieldFindingKey(rule: string, operation: string, subject: string): string {
  return `${rule}|${normalizeOperation(operation)}|${subject}`;
}

/** A share with nothing to share counted as perfect: no finding expected and none reported is right. */
export function ratio(part: number, whole: number): number {
  return whole === 0 ? 1 : part / whole;
}

export interface RouteScore {
  hits: number;
  found: number;
  wanted: number;
  precision: number;
  recall: number;
  missed: string[];
  extra: string[];
}

/** Precision and recall of the operations `specwatch routes` printed against a truth's routes. */
export function scoreRoutes(
  operations: readonly { method: string; path: string }[],
  truth: readonly { method: string; path: string }[],
): RouteScore {
  const found = operationKeys(operations);
  const wanted = operationKeys(truth);
  const hits = [...found].filter((k) => wanted.has(k)).length;
  return {
    hits,
    found: found.size,
    wanted: wanted.size,
    precision: found.size === 0 ? 0 : hits / found.size,
    recall: ratio(hits, wanted.size),
    missed: [...wanted].filter((k) => !found.has(k)),
    extra: [...found].filter((k) => !wanted.has(k)),
  };
}

export interface AuthScore {
  right: number;
  unknown: number;
  total: number;
  accuracy: number;
  unknownRate: number;
  wrong: string[];
}

/** How many truth routes have the right `auth.state` in `specwatch routes` output, and how many say `unknown`. */
export function scoreAuth(
  operations: readonly { method: string; path: string; auth?: { state: string } }[],
  truth: readonly { method: string; path: string; auth: string }[],
  /** Left-out routes: a hidden one still serves requests and carries its auth, scored like an operation. */
  leftOut: readonly { method: string; path: string; auth?: { state: string } }[] = [],
): AuthScore {
  const states = new Map(
    [...leftOut.filter((l) => l.auth !== undefined), ...operations].map((o) => [
      `${o.method} ${o.path}`,
      o.auth?.state,
    ]),
  );
  let right = 0;
  let unknown = 0;
  const wrong: string[] = [];
  for (const route of truth) {
    // A route answering every method (`*` in a truth) is right when every method has the state the truth gives.
    const perMethod =
      route.method === '*'
        ? ANY_METHODS.map((m) => states.get(`${m} ${route.path}`))
        : [states.get(`${route.method} ${route.path}`)];
    const state = perMethod.every((st) => st === perMethod[0]) ? perMethod[0] : 'mixed';
    if (state === 'unknown') unknown++;
    if (state === route.auth) right++;
    else wrong.push(`${route.method} ${route.path}: ${state ?? 'missing'} (truth ${route.auth})`);
  }
  return {
    right,
    unknown,
    total: truth.length,
    accuracy: right / truth.length,
    unknownRate: unknown / truth.length,
    wrong,
  };
}
