import type { Confidence, Response } from '../../../model/index.js';
import { STATUS_BY_NAME } from '../handler-names.js';
import { dottedName, type Expr } from '../tree-sitter/expr.js';
import { methodOf } from './class-methods.js';
import { libraryUserDependency } from './fastapi-users.js';
import { ModuleValues } from './module-values.js';
import type { PyClass, PyFunction, PyModule } from './python-module.js';
import type { PythonProject, PyValue } from './python-project.js';

/**
 * FastAPI's wire model for statuses: what a handler can answer besides its declared success status.
 *
 * - `raise HTTPException(status_code=404)` in the handler: certain;
 * - the same raised in a dependency (`Depends(get_current_user)`, also through an `Annotated` alias) or in a project
 *   function the handler calls (services, helpers), followed a few calls deep: likely;
 * - a project exception class: its `status_code` class attribute, or the status the `@app.exception_handler(Cls)`
 *   (or `app.add_exception_handler(Cls, handler)`) registered for it or a base class answers with; a handler answering
 *   `JSONResponse(status_code=exc.code)` answers the status each raise gives the exception (`code=400`, positionally,
 *   or the default of the class's `__init__` parameter or class attribute of that name);
 * - `OAuth2PasswordBearer` / `APIKeyHeader`-style security dependencies answer 401 / 403 when credentials are missing.
 */

/** How deep calls and dependencies are followed from the handler. */
const MAX_DEPTH = 3;
/** Exception classes of FastAPI and Starlette that carry a status. */
const HTTP_EXCEPTIONS = new Set(['HTTPException', 'StarletteHTTPException', 'WebSocketException']);
/** Security dependencies that reject a request without credentials, and the status they answer with. */
const SECURITY_STATUSES: Record<string, number> = {
  OAuth2PasswordBearer: 401,
  OAuth2AuthorizationCodeBearer: 401,
  OpenIdConnect: 401,
  HTTPBasic: 401,
  HTTPBearer: 403,
  HTTPDigest: 403,
  APIKeyHeader: 403,
  APIKeyQuery: 403,
  APIKeyCookie: 403,
};

/** One status the wire model found, with where it is written. */
export interface WireStatus {
  status: number;
  file: string;
  line: number;
  confidence: Confidence;
}

/** `404`, `status.HTTP_404_NOT_FOUND`, `HTTPStatus.NOT_FOUND`, `starlette.status.HTTP_404_NOT_FOUND`. */
export function pythonStatusOf(e: Expr | undefined): number | undefined {
  if (e === undefined) return undefined;
  if (e.k === 'num') return Number.isInteger(e.v) && e.v >= 100 && e.v < 600 ? e.v : undefined;
  if (e.k === 'attr') {
    const m = /^HTTP_(\d{3})(_|$)/.exec(e.name);
    if (m) return Number(m[1]);
    if (dottedName(e.obj)?.split('.').pop() === 'HTTPStatus') return STATUS_BY_NAME[e.name];
  }
  return undefined;
}

type Call = Extract<Expr, { k: 'call' }>;

/** What an exception handler answers with: a status written out, or the exception's attribute that carries it. */
type HandledStatus = { status: number } | { attribute: string };

export class FastApiWire {
  /** Exception class name → what its handler answers, from the exception handlers of the whole project. */
  private handlers: Map<string, HandledStatus> | undefined;
  /** Exception classes the project registers a handler for, whether or not what it answers can be named. */
  private readonly handledClasses = new Set<string>();
  private readonly raisedCache = new Map<PyFunction, WireStatus[]>();
  /**
   * The statuses found for a handler, by the route dependencies read with it: a route mounted under several prefixes
   * (or apps) is described once per mount, and each description would walk the same calls again.
   */
  private readonly handlerStatuses = new Map<PyFunction, Map<unknown, WireStatus[]>>();
  /**
   * What each dependency marker's target is (`Depends(get_current_user)`), by the target's expression: the same
   * dependency function's parameters are read again for every handler that depends on it.
   */
  private readonly dependencyTargets = new Map<Expr, { at: PyModule; value: PyValue }>();

  /**
   * @param values what names and attribute chains evaluate to per module, shared with the schemas' type reader: the
   *   handlers of one module call the same services and helpers and raise the same exceptions
   */
  constructor(
    private readonly project: PythonProject,
    private readonly values: ModuleValues = new ModuleValues(project),
  ) {}

  /** Statuses the handler answers with besides its success status, first-found location per status. */
  statusesOf(
    mod: PyModule,
    fn: PyFunction,
    dependencyAliases: (mod: PyModule, e: Expr) => { mod: PyModule; e: Expr }[],
    routeDependencies?: readonly { mod: PyModule; expr: Expr }[],
  ): Response[] {
    let byDependencies = this.handlerStatuses.get(fn);
    if (byDependencies === undefined) {
      byDependencies = new Map();
      this.handlerStatuses.set(fn, byDependencies);
    }
    let statuses = byDependencies.get(routeDependencies);
    if (statuses === undefined) {
      statuses = this.handlerStatusesOf(mod, fn, dependencyAliases, routeDependencies ?? []);
      byDependencies.set(routeDependencies, statuses);
    }
    // Fresh objects per operation: the view's responses are its own.
    return statuses.map((s) => ({
      status: String(s.status),
      headers: {},
      content: {},
      location: { file: s.file, line: s.line },
      ...(s.confidence === 'likely' ? { confidence: 'likely' as const } : {}),
    }));
  }

  private handlerStatusesOf(
    mod: PyModule,
    fn: PyFunction,
    dependencyAliases: (mod: PyModule, e: Expr) => { mod: PyModule; e: Expr }[],
    routeDependencies: readonly { mod: PyModule; expr: Expr }[],
  ): WireStatus[] {
    const found = new Map<number, WireStatus>();
    const add = (s: WireStatus) => {
      const had = found.get(s.status);
      if (had === undefined || (had.confidence === 'likely' && s.confidence === 'certain')) found.set(s.status, s);
    };
    for (const s of this.raised(mod, fn, 'certain', 0, new Set())) add(s);
    for (const s of this.dependencies(mod, fn, dependencyAliases, 0, new Set())) add(s);
    // `dependencies=[Depends(allow_any_authenticated())]` on the route decorator run before the handler too.
    for (const { mod: at, expr } of routeDependencies)
      for (const marker of expr.k === 'list' ? expr.items : [expr])
        for (const s of this.dependency(at, marker, dependencyAliases, 0, new Set())) add(s);
    return [...found.values()];
  }

  /**
   * Statuses the project functions a handler calls raise, abort with or answer (`likely`), first-found location per
   * status: for a Flask view, whose reader reads the view's own body.
   */
  calledStatuses(mod: PyModule, fn: PyFunction): Response[] {
    const found = new Map<number, WireStatus>();
    for (const callee of fn.callees ?? []) {
      const target = this.calleeValue(mod, callee, fn);
      if (target.k !== 'func') continue;
      for (const s of this.raised(target.mod, target.fn, 'likely', 1, new Set([fn])))
        if (!found.has(s.status)) found.set(s.status, s);
    }
    return [...found.values()].map((s) => ({
      status: String(s.status),
      headers: {},
      content: {},
      location: { file: s.file, line: s.line },
      confidence: 'likely' as const,
    }));
  }

  /** Statuses raised in a function's body and, as likely ones, in the project functions it calls. */
  private raised(
    mod: PyModule,
    fn: PyFunction,
    confidence: Confidence,
    depth: number,
    visiting: Set<PyFunction>,
  ): WireStatus[] {
    if (confidence === 'likely') {
      const cached = this.raisedCache.get(fn);
      if (cached !== undefined) return cached;
    }
    if (visiting.has(fn) || depth > MAX_DEPTH) return [];
    visiting.add(fn);
    const out: WireStatus[] = [];
    for (const r of fn.raises ?? []) {
      const status = this.statusOfRaise(mod, r.e);
      if (status !== undefined) out.push({ status, file: mod.path, line: r.line, confidence });
    }
    // Flask: `abort(404)`, `Post.query.get_or_404(id)` in a called helper (the Flask handler reads its own).
    for (const effect of fn.effects ?? []) {
      const status = effect.k === 'call' ? abortedStatus(effect.e) : undefined;
      if (status !== undefined) out.push({ status, file: mod.path, line: effect.line, confidence });
    }
    // A response returned with its status bypasses `response_model` and `status_code=`: it is an answer too.
    for (const a of fn.answers ?? []) {
      const status = answeredStatus(a.e);
      if (status !== undefined) out.push({ status, file: mod.path, line: a.line, confidence });
    }
    for (const callee of fn.callees ?? []) {
      const target = this.calleeValue(mod, callee, fn);
      if (target.k !== 'func') continue;
      out.push(...this.raised(target.mod, target.fn, 'likely', depth + 1, visiting));
    }
    visiting.delete(fn);
    if (confidence === 'likely') this.raisedCache.set(fn, out);
    return out;
  }

  /**
   * What a callee of `fn` evaluates to: a method of a project object (`engine.embed(…)` on a module's instance,
   * `self._run(…)`, a parameter annotated with the class), else the module's value of its dotted name unless `fn`
   * binds its first part.
   */
  private calleeValue(mod: PyModule, callee: Expr, fn: PyFunction): PyValue {
    if (callee.k === 'attr') {
      const owner = this.ownerOf(mod, callee.obj, fn);
      const method =
        owner === undefined ? undefined : methodOf((m, e) => this.values.of(m, e), owner.mod, owner.cls, callee.name);
      if (method !== undefined) return { k: 'func', ...method };
    }
    return this.calleeBase(mod, callee, fn);
  }

  /** The project class whose instance an expression in `fn` is, when the code says which. */
  private ownerOf(mod: PyModule, e: Expr, fn: PyFunction): { mod: PyModule; cls: PyClass } | undefined {
    if (e.k === 'name') {
      if (e.id === 'self' && fn.className !== undefined) {
        const cls = mod.classes.get(fn.className);
        return cls === undefined ? undefined : { mod, cls };
      }
      const param = fn.params.find((p) => p.name === e.id);
      if (param !== undefined) {
        // `engine: Engine`, `engine: Annotated[Engine, Depends(get_engine)]`.
        const a = param.annotation;
        const type = a?.k === 'sub' && dottedName(a.value)?.split('.').pop() === 'Annotated' ? a.args[0] : a;
        const value = type === undefined ? undefined : this.values.of(mod, type);
        return value?.k === 'class' ? { mod: value.mod, cls: value.cls } : undefined;
      }
    }
    const value = this.calleeBase(mod, e, fn);
    return value.k === 'instance' ? { mod: value.mod, cls: value.cls } : undefined;
  }

  /** The value of an expression in `fn`: the module's unless `fn` binds its first part. */
  private calleeBase(mod: PyModule, e: Expr, fn: PyFunction): PyValue {
    const root = dottedName(e)?.split('.', 1)[0];
    if (root === undefined || fn.params.some((p) => p.name === root) || fn.locals?.has(root))
      return this.project.evaluateInFunction(mod, e, fn);
    return this.values.of(mod, e);
  }

  /** Statuses of the handler's dependencies (`Depends(f)`, `Security(f)`, security schemes), recursively. */
  private dependencies(
    mod: PyModule,
    fn: PyFunction,
    dependencyAliases: (mod: PyModule, e: Expr) => { mod: PyModule; e: Expr }[],
    depth: number,
    visiting: Set<PyFunction>,
  ): WireStatus[] {
    if (depth > MAX_DEPTH || visiting.has(fn)) return [];
    visiting.add(fn);
    const out: WireStatus[] = [];
    for (const param of fn.params) {
      const markers = [
        ...(param.annotation ? dependencyAliases(mod, param.annotation) : []),
        ...(param.default?.k === 'call' ? [{ mod, e: param.default }] : []),
      ];
      for (const { mod: at, e: marker } of markers)
        out.push(...this.dependency(at, marker, dependencyAliases, depth, visiting));
    }
    visiting.delete(fn);
    return out;
  }

  /** Statuses of one `Depends(x)` / `Security(x)` marker: what `x` raises and answers, and its own dependencies. */
  private dependency(
    at: PyModule,
    marker: Expr,
    dependencyAliases: (mod: PyModule, e: Expr) => { mod: PyModule; e: Expr }[],
    depth: number,
    visiting: Set<PyFunction>,
  ): WireStatus[] {
    if (marker.k !== 'call') return [];
    const name = dottedName(marker.fn)?.split('.').pop();
    if (name !== 'Depends' && name !== 'Security') return [];
    const target = marker.args[0] ?? marker.kw.dependency;
    if (target === undefined) return [];
    const value = this.dependencyTarget(at, target);
    const out: WireStatus[] = [];
    if (value.k === 'func') {
      out.push(...this.raised(value.mod, value.fn, 'likely', depth + 1, new Set()));
      out.push(...this.dependencies(value.mod, value.fn, dependencyAliases, depth + 1, visiting));
    } else if (value.k === 'object') {
      const ctor = dottedName(value.call.fn)?.split('.').pop() ?? '';
      const status = SECURITY_STATUSES[ctor];
      const autoError = value.call.kw.auto_error;
      if (status !== undefined && !(autoError?.k === 'bool' && !autoError.v))
        out.push({ status, file: value.mod.path, line: 1, confidence: 'likely' });
      // `fastapi_users.current_user(active=True)`: the library's dependency answers 401 (403 for a flag it checks).
      for (const s of libraryUserDependency(this.project, value)?.statuses ?? [])
        out.push({ status: s, file: value.mod.path, line: value.call.line, confidence: 'likely' });
    }
    return out;
  }

  /** What a marker's target evaluates to: the function a factory call makes, or the target's value. */
  private dependencyTarget(at: PyModule, target: Expr): PyValue {
    const known = this.dependencyTargets.get(target);
    if (known?.at === at) return known.value;
    const value = this.dependencyFunction(at, target) ?? this.project.evaluate(at, target);
    if (known === undefined) this.dependencyTargets.set(target, { at, value });
    return value;
  }

  /**
   * A dependency factory called in the marker (`Depends(allow_any_authenticated())`): the function it defines and
   * returns (`async def auth_checker(request): …` then `return auth_checker`) is what runs per request.
   */
  private dependencyFunction(at: PyModule, target: Expr): { k: 'func'; mod: PyModule; fn: PyFunction } | undefined {
    if (target.k !== 'call') return undefined;
    const factory = this.project.evaluate(at, target.fn);
    if (factory.k !== 'func') return undefined;
    const returned = factory.fn.returnValue;
    if (returned?.k !== 'name') return undefined;
    const inner = factory.fn.nested?.find((n) => n.name === returned.id);
    return inner === undefined ? undefined : { k: 'func', mod: factory.mod, fn: inner };
  }

  /**
   * What FastAPI answers a request its parameters or body reject with: 422, unless the project registers a handler for
   * `RequestValidationError` (`@app.exception_handler(RequestValidationError)`), which answers instead: the status that
   * handler's response says, or nothing when it cannot be named.
   */
  validationStatus(): number | undefined {
    const handled = this.exceptionHandlers().get('RequestValidationError');
    if (handled !== undefined) return 'status' in handled ? handled.status : undefined;
    return this.handledClasses.has('RequestValidationError') ? undefined : 422;
  }

  /** The status a raised expression answers with, when it says or its class is mapped. */
  private statusOfRaise(mod: PyModule, e: Expr): number | undefined {
    const call: Call | undefined = e.k === 'call' ? e : undefined;
    const callee = call ? call.fn : e;
    const name = dottedName(callee)?.split('.').pop() ?? '';
    if (HTTP_EXCEPTIONS.has(name) && call !== undefined)
      return pythonStatusOf(call.kw.status_code ?? call.kw.code ?? call.args[0]);
    const value = this.values.of(mod, callee);
    if (value.k !== 'class') return undefined;
    return this.statusOfClass(value.mod, value.cls.name, call, 0, value);
  }

  /** A project exception class: its own `status_code`, a handler registered for it or a base, or an HTTPException base. */
  private statusOfClass(
    mod: PyModule,
    className: string,
    call: Call | undefined,
    depth: number,
    raised: { mod: PyModule; cls: PyClass },
  ): number | undefined {
    if (depth > 6) return undefined;
    const handled = this.exceptionHandlers().get(className);
    if (handled !== undefined)
      return 'status' in handled ? handled.status : carriedStatus(this.values, raised, handled.attribute, call);
    const cls = mod.classes.get(className);
    if (cls === undefined) return undefined;
    const own = cls.fields.find((f) => f.name === 'status_code');
    for (const base of cls.bases) {
      const baseName = dottedName(base)?.split('.').pop() ?? '';
      if (HTTP_EXCEPTIONS.has(baseName)) {
        return pythonStatusOf(own?.default) ?? pythonStatusOf(call?.kw.status_code ?? call?.args[0]) ?? undefined;
      }
      const value = this.values.of(mod, base);
      if (value.k === 'class') {
        const found =
          pythonStatusOf(own?.default) ?? this.statusOfClass(value.mod, value.cls.name, call, depth + 1, raised);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  }

  /**
   * `@app.exception_handler(Cls)` functions and `app.add_exception_handler(Cls, handler)` calls of the project, and what
   * the response each returns answers with.
   */
  private exceptionHandlers(): Map<string, HandledStatus> {
    if (this.handlers !== undefined) return this.handlers;
    const out = new Map<string, HandledStatus>();
    const register = (clsExpr: Expr | undefined, fn: PyFunction) => {
      const cls = clsExpr === undefined ? undefined : dottedName(clsExpr)?.split('.').pop();
      const handled = handledStatus(fn);
      if (cls !== undefined) this.handledClasses.add(cls);
      if (cls !== undefined && handled !== undefined) out.set(cls, handled);
    };
    for (const mod of this.project.routeModules) {
      for (const fn of mod.decorated)
        for (const d of fn.decorators)
          if (d.expr.k === 'call' && d.expr.fn.k === 'attr' && d.expr.fn.name === 'exception_handler')
            register(d.expr.args[0], fn);
      for (const { call, within } of mod.calls) {
        if (call.fn.k !== 'attr' || call.fn.name !== 'add_exception_handler') continue;
        const handler = call.args[1] ?? call.kw.handler;
        if (handler === undefined) continue;
        const value = within
          ? this.project.evaluateInFunction(mod, handler, within)
          : this.project.evaluate(mod, handler);
        if (value.k === 'func') register(call.args[0] ?? call.kw.exc_class_or_status_code, value.fn);
      }
    }
    this.handlers = out;
    return out;
  }
}

/** Flask-SQLAlchemy's lookups that answer 404 when nothing is found. */
const OR_404 = new Set(['get_or_404', 'first_or_404', 'one_or_404']);

/** The status a Flask call answers with: `abort(403)`, `abort(code=403)`, or the 404 of `….get_or_404(id)`. */
export function abortedStatus(e: Expr): number | undefined {
  if (e.k !== 'call') return undefined;
  const name = e.fn.k === 'name' ? e.fn.id : e.fn.k === 'attr' ? e.fn.name : '';
  if (name === 'abort') return pythonStatusOf(e.args[0] ?? e.kw.code ?? e.kw.http_status_code);
  return e.fn.k === 'attr' && OR_404.has(name) ? 404 : undefined;
}

/** The status a response built in a body answers with (`JSONResponse(…, status_code=404)`), or the one set. */
function answeredStatus(e: Expr): number | undefined {
  if (e.k !== 'call') return pythonStatusOf(e);
  if (e.kw.status_code !== undefined) return pythonStatusOf(e.kw.status_code);
  // Starlette's `RedirectResponse(url)` answers 307 Temporary Redirect unless told otherwise.
  return dottedName(e.fn)?.split('.').pop() === 'RedirectResponse' ? 307 : undefined;
}

/** What a handler's returned response answers with: `JSONResponse(status_code=404)`, or `status_code=exc.code`. */
function handledStatus(fn: PyFunction): HandledStatus | undefined {
  const ret = fn.returnValue;
  if (ret?.k !== 'call') return undefined;
  const e = ret.kw.status_code ?? ret.args[1];
  const status = pythonStatusOf(e);
  if (status !== undefined) return { status };
  // `async def handler(request, exc)`: the status is the one each raise put on the exception.
  const exc = fn.params[1]?.name;
  if (exc !== undefined && e?.k === 'attr' && e.obj.k === 'name' && e.obj.id === exc) return { attribute: e.name };
  return undefined;
}

/**
 * The status a raise puts on the exception's `attribute`: said by keyword (`code=400`) or positionally in the class's
 * `__init__` (a parameter of that name), else that parameter's default or the class attribute's, bases followed.
 * An argument that is not a literal status (`status_code=e.status_code`, forwarded) says nothing.
 */
function carriedStatus(
  values: ModuleValues,
  raised: { mod: PyModule; cls: PyClass },
  attribute: string,
  call: Call | undefined,
): number | undefined {
  const byKeyword = call?.kw[attribute];
  if (byKeyword !== undefined) return pythonStatusOf(byKeyword);
  let { mod, cls } = raised;
  for (let depth = 0; depth <= 6; depth++) {
    const field = cls.fields.find((f) => f.name === attribute);
    const init = cls.functions?.get('__init__');
    if (init !== undefined) {
      const positional = init.params.slice(1);
      const end = positional.findIndex((p) => p.rest);
      const i = positional.findIndex((p) => p.name === attribute);
      if (i >= 0 && (end < 0 || i < end)) {
        const given = call?.args[i];
        return given !== undefined ? pythonStatusOf(given) : pythonStatusOf(positional[i]?.default ?? field?.default);
      }
    }
    if (field !== undefined) return pythonStatusOf(field.default);
    const base = cls.bases.map((b) => values.of(mod, b)).find((v) => v.k === 'class');
    if (base?.k !== 'class') return undefined;
    ({ mod, cls } = base);
  }
  return undefined;
}
