import type { Expr } from '../tree-sitter/expr.js';
import type { GoFunc, GoStmt } from './go-module.js';

const found = new WeakMap<readonly GoStmt[], Map<string, Expr | undefined>>();

/** `append(x, …)`: the variable appended to. */
export function appendedTo(e: Expr | undefined): string | undefined {
  return e?.k === 'call' && e.fn.k === 'name' && e.fn.id === 'append' && e.args[0]?.k === 'name'
    ? e.args[0].id
    : undefined;
}

/**
 * The slice variables of a function body that may still be `nil` where they are used: declared `var xs []T` and only
 * ever grown by `xs = append(xs, …)` inside a loop or an `if` the declaration is not in, so a path that never gets
 * there leaves them nil, and `encoding/json` sends a nil slice as `null`. Any other assignment (`xs = make(…)`,
 * `xs = []T{}`, a call's result), or an append that always runs, takes the variable out; so does never assigning it,
 * as a call may fill it through a pointer (`db.Find(&xs)`), which reads the same here as passing it. Each is mapped to the last
 * value appended (`Date{Hours: hours}`), which says what the elements hold.
 */
export function slicesThatMayStayNil(body: readonly GoStmt[]): ReadonlyMap<string, Expr | undefined> {
  const known = found.get(body);
  if (known !== undefined) return known;
  const declared = new Map<string, GoStmt>();
  for (const stmt of body)
    if (stmt.k === 'var' && stmt.te?.k === 'sub' && stmt.te.value.k === 'name' && stmt.te.value.id === '[]')
      declared.set(stmt.name, stmt);
  const out = new Map<string, Expr | undefined>();
  const dropped = new Set<string>();
  for (const stmt of body) {
    if (stmt.k !== 'assign') continue;
    stmt.names.forEach((name, i) => {
      const decl = declared.get(name);
      if (decl === undefined) return;
      const value = stmt.values.length === stmt.names.length ? stmt.values[i] : undefined;
      const conditional = stmt.loop?.id !== decl.loop?.id || (stmt.branch === true && decl.branch !== true);
      if (value === undefined || appendedTo(value) !== name || !conditional) {
        dropped.add(name);
        return;
      }
      out.set(name, value.k === 'call' ? value.args[value.args.length - 1] : undefined);
    });
  }
  for (const name of dropped) out.delete(name);
  found.set(body, out);
  return out;
}

/**
 * The nil-able slice a function returns on every path that succeeds (`return dates` of `var dates []Date` grown in a
 * loop). When the last result is an `error`, a failure the caller answers otherwise (`return nil, 0, err`: a nil
 * slice with an error) says nothing of what a success sends.
 */
export function returnedNilSlice(fn: GoFunc): { name: string; element: Expr | undefined } | undefined {
  const results = fn.resultTypes ?? [];
  const last = results[results.length - 1];
  const failsWithError = results.length > 1 && last?.k === 'name' && last.id === 'error';
  const returns = fn.body.filter(
    (s): s is Extract<GoStmt, { k: 'return' }> =>
      s.k === 'return' && !(failsWithError && s.values[0]?.k === 'none' && s.values[s.values.length - 1]?.k !== 'none'),
  );
  const first = returns[0]?.values[0];
  if (first?.k !== 'name' || returns.some((r) => r.values[0]?.k !== 'name' || r.values[0].id !== first.id))
    return undefined;
  const nilable = slicesThatMayStayNil(fn.body);
  return nilable.has(first.id) ? { name: first.id, element: nilable.get(first.id) } : undefined;
}
