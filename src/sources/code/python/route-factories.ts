import type { Expr } from '../tree-sitter/expr.js';
import type { PyDecorator, PyFunction, PyModule } from './python-module.js';

type Call = Extract<Expr, { k: 'call' }>;

/** Names of the framework calls that register a route (`app.get`, `bp.route`, `router.api_route`, …). */
export const ROUTE_CALLS = /^(get|post|put|delete|patch|options|head|trace|route|api_route)$/;

/**
 * A framework registration written inside a project function that stands for it: a decorator factory
 * (`def route(bp, *args, **kwargs):` whose inner decorator is `@bp.route(*args, **kwargs)`), a function returning the
 * framework's decorator (`def post(path): return app.route(path, methods=["POST"])`), or one calling a decorator it is
 * given (`def with_docs(method, path): … return method(path)(func)`).
 */
export interface RouteTemplate {
  /** The registration as written in the factory, its parameters unbound. */
  call: Call;
  /** Decorators the factory applies under the registration (`@login_required` in the inner function): guards. */
  under: PyDecorator[];
}

/** An expression of a factory call, bound to the module it must be read in. */
export interface BoundExpr {
  mod: PyModule;
  expr: Expr;
}

/** A registration of a factory with the arguments of one call bound. */
export interface BoundRegistration {
  /** The framework method called (`route`, `post`, …). */
  method: string;
  receiver: BoundExpr;
  args: BoundExpr[];
  kw: Record<string, BoundExpr>;
}

const MAX_NESTING = 3;

function registrationName(call: Call, params: ReadonlySet<string>): boolean {
  if (call.fn.k === 'attr') return ROUTE_CALLS.test(call.fn.name);
  // `method(path, **kw)` where `method` is a parameter the caller binds to `app.post`.
  return call.fn.k === 'name' && params.has(call.fn.id);
}

/** The route registrations a project function makes on behalf of its caller, if it is such a factory. */
export function routeTemplates(fn: PyFunction): RouteTemplate[] {
  const params = new Set(fn.params.map((p) => p.name));
  const out: RouteTemplate[] = [];
  const returned = fn.returnValue;
  if (returned?.k === 'call' && returned.fn.k === 'attr' && ROUTE_CALLS.test(returned.fn.name))
    out.push({ call: returned, under: [] });
  const visit = (inner: PyFunction, depth: number): void => {
    inner.decorators.forEach((d, i) => {
      if (d.expr.k === 'call' && registrationName(d.expr, params))
        out.push({ call: d.expr, under: inner.decorators.slice(i + 1) });
    });
    // `return method(path, **kw)(func)`: the decorator the caller handed in, applied to the decorated function.
    const r = inner.returnValue;
    if (r?.k === 'call' && r.fn.k === 'call' && registrationName(r.fn, params)) out.push({ call: r.fn, under: [] });
    if (depth < MAX_NESTING) for (const n of inner.nested ?? []) visit(n, depth + 1);
  };
  for (const n of fn.nested ?? []) visit(n, 1);
  return out;
}

function splat(e: Expr): '*' | '**' | undefined {
  if (e.k !== 'other') return undefined;
  return e.text.startsWith('**') ? '**' : e.text.startsWith('*') ? '*' : undefined;
}

/**
 * The arguments of one call of a project function bound to its parameters: named ones (defaults read in the
 * function's module, what the caller passes in the caller's), and the extra positional and keyword ones.
 */
export function bindArguments(
  factory: { mod: PyModule; fn: PyFunction },
  site: { mod: PyModule; call: Call },
): { named: Map<string, BoundExpr>; star: BoundExpr[]; starKw: Record<string, BoundExpr> } {
  const { fn, mod } = factory;
  const named = new Map<string, BoundExpr>();
  const star: BoundExpr[] = [];
  const starKw: Record<string, BoundExpr> = {};
  const positional = fn.params.filter((p) => !p.rest);
  site.call.args.forEach((arg, i) => {
    const param = positional[i];
    if (param !== undefined) named.set(param.name, { mod: site.mod, expr: arg });
    else star.push({ mod: site.mod, expr: arg });
  });
  for (const [name, value] of Object.entries(site.call.kw)) {
    if (positional.some((p) => p.name === name)) named.set(name, { mod: site.mod, expr: value });
    else starKw[name] = { mod: site.mod, expr: value };
  }
  for (const p of positional)
    if (!named.has(p.name) && p.default !== undefined) named.set(p.name, { mod, expr: p.default });
  return { named, star, starKw };
}

/**
 * An expression of a project function read with its parameters bound to one call's arguments: a parameter is what
 * the caller passed (read in the caller's module), a list naming parameters (`methods=[method]`) is the list of what
 * was passed, anything else is read in the function's module. Undefined for a parameter the call leaves unbound.
 */
export function bindParameters(
  e: Expr,
  factory: { mod: PyModule; fn: PyFunction },
  named: ReadonlyMap<string, BoundExpr>,
): BoundExpr | undefined {
  const isParam = (x: Expr): x is Extract<Expr, { k: 'name' }> =>
    x.k === 'name' && factory.fn.params.some((p) => !p.rest && p.name === x.id);
  if (isParam(e)) return named.get(e.id);
  if (e.k === 'list' && e.items.some(isParam)) {
    const items = e.items.map((x) => (isParam(x) ? named.get(x.id) : { mod: factory.mod, expr: x }));
    const passed = items.find((x, i) => x !== undefined && isParam(e.items[i] as Expr));
    // One module reads the new list: the items the function writes itself must not need its own names.
    const portable = items.every(
      (x, i) => x !== undefined && (isParam(e.items[i] as Expr) ? x.mod === passed?.mod : x.expr.k === 'str'),
    );
    if (passed !== undefined && portable)
      return { mod: passed.mod, expr: { k: 'list', items: items.map((x) => (x as BoundExpr).expr) } };
  }
  return { mod: factory.mod, expr: e };
}

/**
 * Binds the arguments of one call of a factory (`@route(bp, '/<id>', methods=['PUT'])`, written in `site`) to its
 * parameters and reads the template's registration through them: what the caller passes is read in the caller's
 * module, what the factory writes itself in the factory's.
 */
export function bindTemplate(
  factory: { mod: PyModule; fn: PyFunction },
  template: RouteTemplate,
  site: { mod: PyModule; call: Call },
): BoundRegistration | undefined {
  const { fn } = factory;
  const { named, star, starKw } = bindArguments(factory, site);
  const starName = fn.params.find((p) => p.rest && p.splat !== '**')?.name;
  const kwName = fn.params.find((p) => p.splat === '**')?.name;

  const read = (e: Expr): BoundExpr | undefined => bindParameters(e, factory, named);
  const args: BoundExpr[] = [];
  const kw: Record<string, BoundExpr> = {};
  for (const a of template.call.args) {
    const kind = splat(a);
    if (kind === '*' && a.k === 'other' && a.text.slice(1) === starName) args.push(...star);
    else if (kind === '**' && a.k === 'other' && a.text.slice(2) === kwName) Object.assign(kw, starKw);
    else if (kind === undefined) {
      const bound = read(a);
      if (bound === undefined) return undefined;
      args.push(bound);
    }
  }
  for (const [name, value] of Object.entries(template.call.kw)) {
    const bound = read(value);
    if (bound !== undefined) kw[name] = bound;
  }
  const head = template.call.fn;
  if (head.k === 'attr') {
    const receiver = read(head.obj);
    return receiver === undefined ? undefined : { method: head.name, receiver, args, kw };
  }
  // The caller handed in the registration itself (`app.post`).
  const given = head.k === 'name' ? named.get(head.id) : undefined;
  if (given === undefined || given.expr.k !== 'attr' || !ROUTE_CALLS.test(given.expr.name)) return undefined;
  return { method: given.expr.name, receiver: { mod: given.mod, expr: given.expr.obj }, args, kw };
}
