import type { HttpMethod } from '../../../model/index.js';
import { dottedName, type Expr, renderExpr } from '../tree-sitter/expr.js';
import { concatText, joinText, knownPath, type PathText, RouteGraph } from '../tree-sitter/route-graph.js';
import { methodOf } from './class-methods.js';
import { type LibraryRouteInfo, libraryRouter } from './fastapi-users.js';
import type { PyClass, PyDecorator, PyFunction, PyModule } from './python-module.js';
import type { PythonProject, PyValue } from './python-project.js';
import {
  type BoundExpr,
  type BoundRegistration,
  bindArguments,
  bindParameters,
  bindTemplate,
  ROUTE_CALLS,
  type RouteTemplate,
  routeTemplates,
} from './route-factories.js';

/** Python web frameworks read here. */
export type PythonFramework = 'fastapi' | 'flask';

/** A route found in Python code, before its path is resolved through mounts. */
export interface PyRouteInfo {
  file: string;
  line: number;
  framework: PythonFramework;
  /** The handler, when the route decorates or names a function: its signature gives parameters and bodies. */
  handler?: { mod: PyModule; fn: PyFunction };
  /** A class-based view (MethodView, flask-restx/restful Resource): its `get`/`post`/… methods are the handlers. */
  viewClass?: { mod: PyModule; cls: PyClass };
  status?: number;
  responseModel?: { mod: PyModule; expr: Expr };
  /** `response_model_by_alias=False`: the response carries the models' declared field names, not their aliases. */
  responseByFieldName?: true;
  /** FastAPI `dependencies=[…]` of the route decorator. */
  dependencies?: { mod: PyModule; expr: Expr }[];
  /** How the app hides the route from its docs (`include_in_schema=False`), when it does. */
  hidden?: string;
  /**
   * Decorators a project decorator factory applies under its registration (`@login_required` inside `route(bp, …)`),
   * read like the handler's own: they guard the route too.
   */
  factoryDecorators?: { mod: PyModule; decorators: PyDecorator[] };
  /** A static-file mount (`app.mount('/static', StaticFiles(directory='static'))`): machinery, listed as left out. */
  staticFiles?: true;
  /** A route a library's router factory serves (fastapi-users), placed at the `include_router` that includes it. */
  library?: LibraryRouteInfo;
}

function isFalse(e: Expr | undefined): boolean {
  return e !== undefined && ((e.k === 'bool' && e.v === false) || (e.k === 'name' && e.id === 'False'));
}

const VERBS: Record<string, HttpMethod> = {
  get: 'GET',
  post: 'POST',
  put: 'PUT',
  delete: 'DELETE',
  patch: 'PATCH',
  options: 'OPTIONS',
  head: 'HEAD',
  trace: 'TRACE',
};

const FASTAPI_CTORS = new Set(['FastAPI', 'APIRouter', 'InferringRouter']);
const FLASK_CTORS = new Set(['Flask', 'Blueprint', 'APIBlueprint', 'APIFlask', 'Quart', 'Namespace', 'Api']);
/** Receiver names that, even unresolved, are routers when decorated with a verb and a `/path`. */
const ROUTER_NAMES =
  /^(app|application|api|router|.*_router|router_.*|bp|.*_bp|blueprint|.*_blueprint|ns|.*_ns|server)$/i;

type Call = Extract<Expr, { k: 'call' }>;

function calleeName(call: Call): string | undefined {
  return call.fn.k === 'attr' ? call.fn.name : call.fn.k === 'name' ? call.fn.id : undefined;
}

function isHttpMethodName(name: string): name is keyof typeof VERBS {
  return Object.hasOwn(VERBS, name);
}

/** HTTP methods a class-based view answers: its `get`/`post`/… methods, inherited ones from project classes too. */
function classMethods(project: PythonProject, mod: PyModule, cls: PyClass, depth = 0): HttpMethod[] {
  const out = new Set<HttpMethod>();
  for (const m of cls.methods) if (isHttpMethodName(m)) out.add(VERBS[m] as HttpMethod);
  const declared = cls.fields.find((f) => f.name === 'methods');
  if (declared?.default !== undefined) {
    for (const m of project.evaluateStrings(mod, declared.default) ?? []) {
      const verb = VERBS[m.toLowerCase()];
      if (verb !== undefined) out.add(verb);
    }
  }
  if (depth < 5) {
    for (const base of cls.bases) {
      const value = project.evaluate(mod, base);
      if (value.k === 'class') for (const m of classMethods(project, value.mod, value.cls, depth + 1)) out.add(m);
    }
  }
  return [...out];
}

/**
 * Framework classes a project class can extend (through any chain of project classes, aliases and factories) to make
 * router objects that behave like the framework's own, by their dotted name outside the checkout.
 */
const ROUTER_BASES: ReadonlyMap<string, string> = new Map([
  ['fastapi.FastAPI', 'FastAPI'],
  ['fastapi.applications.FastAPI', 'FastAPI'],
  ['fastapi.APIRouter', 'APIRouter'],
  ['fastapi.routing.APIRouter', 'APIRouter'],
  ['flask.Flask', 'Flask'],
  ['flask.app.Flask', 'Flask'],
  ['flask.Blueprint', 'Blueprint'],
  ['flask.blueprints.Blueprint', 'Blueprint'],
  ['apiflask.APIFlask', 'APIFlask'],
  ['apiflask.APIBlueprint', 'APIBlueprint'],
]);

const routerBaseCache = new WeakMap<PyClass, string | null>();

/** The framework router class a project class extends (`FastAPI`, `APIRouter`, `Flask`, `Blueprint`…), if any. */
function routerBaseOf(project: PythonProject, mod: PyModule, cls: PyClass): string | undefined {
  const cached = routerBaseCache.get(cls);
  if (cached !== undefined) return cached ?? undefined;
  const base = project.externalBase(mod, cls, (dotted) => ROUTER_BASES.has(dotted));
  const ctor = base === undefined ? undefined : ROUTER_BASES.get(base);
  routerBaseCache.set(cls, ctor ?? null);
  return ctor;
}

/**
 * The call that made a router-like value, with the constructor it stands for: a framework object (`APIRouter(…)`),
 * or an instance of a project subclass of a framework router (`AppRouter(prefix="/x")` where
 * `class AppRouter(fastapi.APIRouter)`), read as its framework base.
 */
function routerMade(
  project: PythonProject,
  value: PyValue,
): { key: string; mod: PyModule; call: Call; ctor: string } | undefined {
  if (value.k === 'object')
    return { key: value.key, mod: value.mod, call: value.call, ctor: calleeName(value.call) ?? '' };
  if (value.k !== 'instance' || value.made === undefined) return undefined;
  const ctor = routerBaseOf(project, value.mod, value.cls);
  return ctor === undefined ? undefined : { ...value.made, ctor };
}

/**
 * The project method a route decorator calls on a router of a project router class, when it is not a framework
 * registration itself (`def public_get(self, path, **kw): return super().get(path, **kw)`).
 */
function forwardingMethod(
  project: PythonProject,
  mod: PyModule,
  receiver: Expr,
  name: string,
): { mod: PyModule; fn: PyFunction } | undefined {
  const value = project.evaluate(mod, receiver);
  if (value.k !== 'instance' || routerMade(project, value) === undefined) return undefined;
  return methodOf((m, e) => project.evaluate(m, e), value.mod, value.cls, name);
}

/** A registration a method forwards to `super().get(…)`, read as one on its `self`: the router it is called on. */
function onSelf(template: RouteTemplate, method: PyFunction): RouteTemplate {
  const head = template.call.fn;
  const self = method.params[0]?.name;
  const isSuper = head.k === 'attr' && head.obj.k === 'call' && dottedName(head.obj.fn) === 'super';
  if (!isSuper || self === undefined || head.k !== 'attr') return template;
  return { ...template, call: { ...template.call, fn: { ...head, obj: { k: 'name', id: self } } } };
}

/** Where something is written: repo-relative file, 1-based line. */
export interface SourceSite {
  file: string;
  line: number;
}

/** Guards that routers, apps and mounts put in front of their routes (FastAPI `dependencies=[…]`, Flask
 * `before_request` hooks), keyed by graph node and by mount id (one router included twice has two mounts). */
export interface PythonRouteGuards {
  nodeDependencies: Map<number, { mod: PyModule; expr: Expr; line: number }>;
  mountDependencies: Map<number, { mod: PyModule; expr: Expr; line: number }>;
  beforeRequest: Map<number, { mod: PyModule; fn: PyFunction }[]>;
}

/**
 * Builds the route graph of a Python project: apps, routers, blueprints and namespaces as nodes; `include_router`,
 * `register_blueprint`, `add_namespace` as mounts; decorated handlers, `add_url_rule`, `add_api_route` and
 * `add_resource` as routes.
 */
export function buildPythonRoutes(
  project: PythonProject,
  guards: PythonRouteGuards = { nodeDependencies: new Map(), mountDependencies: new Map(), beforeRequest: new Map() },
  prefixSites: Map<string, SourceSite> = new Map(),
): RouteGraph<PyRouteInfo> {
  const graph = new RouteGraph<PyRouteInfo>();
  const nodes = new Map<string, number>();
  const kinds = new Map<number, PythonFramework>();
  /** Blueprints by graph node, with the module that declares each. */
  const blueprints = new Map<number, PyModule>();

  /** Evaluates a prefix, noting where an unresolved one is written so the warning can point there. */
  const prefixAt = (mod: PyModule, expr: Expr, line: number): PathText => {
    const prefix = project.evaluatePath(mod, expr);
    if (prefix.unresolved !== undefined && !prefixSites.has(prefix.unresolved))
      prefixSites.set(prefix.unresolved, { file: mod.path, line });
    return prefix;
  };

  const frameworkOfModule = (mod: PyModule): PythonFramework | undefined =>
    mod.imported.has('fastapi') ? 'fastapi' : mod.imported.has('flask') ? 'flask' : undefined;

  /** The graph node of a router-like value, created on first sight with its own prefix. */
  const nodeOf = (value: PyValue, depth = 0): number | undefined => {
    const made = routerMade(project, value);
    if (made === undefined || depth > 8) return undefined;
    const existing = nodes.get(made.key);
    if (existing !== undefined) return existing;
    const { call, mod, ctor } = made;
    let prefix: PathText = knownPath('');
    const prefixExpr = call.kw.prefix ?? call.kw.url_prefix ?? (ctor === 'Namespace' ? call.kw.path : undefined);
    if (prefixExpr !== undefined) prefix = prefixAt(mod, prefixExpr, call.line);
    else if (ctor === 'Namespace' && call.args[0] !== undefined) {
      // flask-restx serves a namespace at `/<name>` unless given a path.
      const name = project.evaluatePath(mod, call.args[0]);
      prefix = { ...name, known: `/${name.known}` };
    }
    const node = graph.addNode(prefix);
    nodes.set(made.key, node);
    if (ctor === 'Blueprint' || ctor === 'APIBlueprint') blueprints.set(node, mod);
    if (call.kw.dependencies !== undefined)
      guards.nodeDependencies.set(node, { mod, expr: call.kw.dependencies, line: call.line });
    // `APIRouter(include_in_schema=False)` leaves every route of the router out of the docs.
    if (isFalse(call.kw.include_in_schema)) graph.hide(node, 'include_in_schema=False');
    const kind = FASTAPI_CTORS.has(ctor) ? 'fastapi' : FLASK_CTORS.has(ctor) ? 'flask' : frameworkOfModule(mod);
    if (kind !== undefined) kinds.set(node, kind);
    // `Api(app)` / `Api(blueprint)` (flask-restx, flask-restful, flask-smorest) serves its resources under that app.
    if (ctor === 'Api' && call.args[0] !== undefined) {
      const parent = nodeOf(project.evaluate(mod, call.args[0]), depth + 1);
      if (parent !== undefined) graph.mount(parent, node);
    }
    return node;
  };

  const receiverNode = (mod: PyModule, receiver: Expr, pathOk: boolean, scope?: PyFunction): number | undefined => {
    const value = project.evaluateIn(mod, receiver, scope);
    const node = nodeOf(value);
    if (node !== undefined) return node;
    if (value.k !== 'unknown' || !pathOk) return undefined;
    // An unresolvable receiver (imported from outside the checkout, built by a helper) still serves its routes.
    const name = dottedName(receiver)?.split('.').pop() ?? '';
    if (!ROUTER_NAMES.test(name) && frameworkOfModule(mod) === undefined) return undefined;
    const key = `${mod.path}:?${renderExpr(receiver)}`;
    let fallback = nodes.get(key);
    if (fallback === undefined) {
      fallback = graph.addNode();
      nodes.set(key, fallback);
    }
    return fallback;
  };

  /**
   * The own prefix of a router made inside a project function, with the function's parameters bound to one call's
   * arguments (`APIRouter(prefix=f"/{identifier}")` in `def make_router(identifier)`); undefined when the prefix does
   * not depend on them.
   */
  const prefixForCall = (mod: PyModule, childExpr: Expr, item: PyValue, line: number): PathText | undefined => {
    if (childExpr.k !== 'call') return undefined;
    const factory = project.evaluate(mod, childExpr.fn);
    const made = routerMade(project, item);
    if (factory.k !== 'func' || made === undefined || made.mod !== factory.mod) return undefined;
    const prefixExpr = made.call.kw.prefix ?? made.call.kw.url_prefix;
    if (prefixExpr === undefined) return undefined;
    const { named } = bindArguments(factory, { mod, call: childExpr });
    let bound = false;
    const read = (e: Expr): PathText => {
      if (e.k === 'name' && named.has(e.id)) {
        bound = true;
        const arg = named.get(e.id) as BoundExpr;
        return prefixAt(arg.mod, arg.expr, line);
      }
      if (e.k === 'concat') return e.parts.reduce((out, part) => concatText(out, read(part)), knownPath(''));
      return project.evaluatePath(factory.mod, e);
    };
    const prefix = read(prefixExpr);
    return bound ? prefix : undefined;
  };

  /**
   * A router a library factory builds (`fastapi_users.get_auth_router(backend)`): its routes are the library's, read
   * from its table and placed at the line that includes it, one node per inclusion.
   */
  const libraryNode = (item: PyValue, mod: PyModule, line: number): number | undefined => {
    const built = libraryRouter(project, item);
    if (built === undefined) return undefined;
    const node = graph.addNode();
    kinds.set(node, 'fastapi');
    for (const route of built.routes)
      graph.addRoute(node, [route.method], knownPath(route.path), {
        file: mod.path,
        line,
        framework: 'fastapi',
        ...(route.status !== undefined ? { status: route.status } : {}),
        library: {
          factory: built.factory,
          route: `${route.method} ${route.path}`,
          guard: route.guard,
          errors: route.errors,
        },
      });
    return node;
  };

  const frameworkFor = (mod: PyModule, node: number, method: string): PythonFramework =>
    frameworkOfModule(mod) ??
    kinds.get(node) ??
    (method === 'route' || method === 'add_url_rule' ? 'flask' : 'fastapi');

  const methodsFrom = (mod: PyModule, expr: Expr | undefined): HttpMethod[] | undefined => {
    if (expr === undefined) return undefined;
    const names = project.evaluateStrings(mod, expr);
    if (names === undefined) return undefined;
    return names.map((n) => VERBS[n.toLowerCase()]).filter((m): m is HttpMethod => m !== undefined);
  };

  const looksLikePath = (p: PathText): boolean =>
    p.unresolved !== undefined || p.known === '' || p.known.startsWith('/');

  /** Adds the route one registration makes (a route decorator, or a project factory's registration bound to a call). */
  const addRegistration = (
    target: { fn?: PyFunction; cls?: PyClass },
    site: { mod: PyModule; line: number },
    reg: BoundRegistration,
    under: { mod: PyModule; decorators: PyDecorator[] } | undefined,
    scope?: PyFunction,
  ): void => {
    const { method, receiver, kw } = reg;
    const pathArg = reg.args[0] ?? kw.path ?? kw.rule;
    if (pathArg === undefined) return;
    const path = project.evaluatePath(pathArg.mod, pathArg.expr);
    if (!looksLikePath(path)) return;
    const node = receiverNode(receiver.mod, receiver.expr, path.known.startsWith('/'), scope);
    if (node === undefined) return;
    const framework = frameworkFor(receiver.mod, node, method);
    let methods: HttpMethod[] | undefined;
    if (isHttpMethodName(method)) methods = [VERBS[method] as HttpMethod];
    else if (kw.methods !== undefined) methods = methodsFrom(kw.methods.mod, kw.methods.expr);
    if (methods === undefined && target.cls !== undefined) methods = classMethods(project, site.mod, target.cls);
    if (methods === undefined || methods.length === 0) methods = ['GET'];
    const status = kw.status_code?.expr;
    const info: PyRouteInfo = {
      file: site.mod.path,
      line: site.line,
      framework,
      ...(target.fn ? { handler: { mod: site.mod, fn: target.fn } } : {}),
      ...(target.cls ? { viewClass: { mod: site.mod, cls: target.cls } } : {}),
      ...(status?.k === 'num' ? { status: status.v } : {}),
      ...(status?.k === 'attr' && /HTTP_(\d{3})/.test(status.name)
        ? { status: Number(/HTTP_(\d{3})/.exec(status.name)?.[1]) }
        : {}),
      ...(kw.response_model ? { responseModel: kw.response_model } : {}),
      ...(isFalse(kw.response_model_by_alias?.expr) ? { responseByFieldName: true as const } : {}),
      ...(kw.dependencies ? { dependencies: [kw.dependencies] } : {}),
      ...(isFalse(kw.include_in_schema?.expr) ? { hidden: 'include_in_schema=False' } : {}),
      ...(under && under.decorators.length > 0 ? { factoryDecorators: under } : {}),
    };
    graph.addRoute(node, methods, path, info);
  };

  // Decorated handlers: `@app.get("/x")`, `@router.api_route(...)`, `@bp.route(...)`, `@ns.route(...)` on classes;
  // and the project's own decorator factories that make such a registration (`@route(bp, "/x")`).
  for (const mod of project.routeModules) {
    // The function a decorated function is defined in: its receiver may be a router that function binds itself.
    const enclosing = new Map<PyFunction, PyFunction>();
    const walk = (fn: PyFunction, depth: number): void => {
      for (const inner of fn.nested ?? []) {
        enclosing.set(inner, fn);
        if (depth < 4) walk(inner, depth + 1);
      }
    };
    for (const fn of mod.functions.values()) walk(fn, 0);
    const decoratedClasses = [...mod.classes.values()].filter((c) => c.decorators.length > 0);
    const targets: { decorators: PyFunction['decorators']; fn?: PyFunction; cls?: PyClass }[] = [
      ...mod.decorated.map((fn) => ({ decorators: fn.decorators, fn })),
      ...decoratedClasses.map((cls) => ({ decorators: cls.decorators, cls })),
    ];
    for (const target of targets) {
      for (const decorator of target.decorators) {
        const call = decorator.expr;
        if (call.k !== 'call') continue;
        const site = { mod, line: decorator.line };
        if (call.fn.k === 'attr' && ROUTE_CALLS.test(call.fn.name)) {
          const bind = (expr: Expr): BoundExpr => ({ mod, expr });
          addRegistration(
            target,
            site,
            {
              method: call.fn.name,
              receiver: bind(call.fn.obj),
              args: call.args.map(bind),
              kw: Object.fromEntries(Object.entries(call.kw).map(([k, v]) => [k, bind(v)])),
            },
            undefined,
            target.fn === undefined ? undefined : enclosing.get(target.fn),
          );
          continue;
        }
        // `@router.public_get("/x")`: a method of the router's project class that forwards to the framework's own.
        const forwarding = call.fn.k === 'attr' ? forwardingMethod(project, mod, call.fn.obj, call.fn.name) : undefined;
        if (forwarding !== undefined && call.fn.k === 'attr') {
          // The router the decorator is called on is the method's `self`.
          const selfCall: Call = { ...call, args: [call.fn.obj, ...call.args] };
          for (const template of routeTemplates(forwarding.fn)) {
            const reg = bindTemplate(forwarding, onSelf(template, forwarding.fn), { mod, call: selfCall });
            if (reg !== undefined)
              addRegistration(target, site, reg, { mod: forwarding.mod, decorators: template.under });
          }
          continue;
        }
        const factory = project.evaluate(mod, call.fn);
        if (factory.k !== 'func') continue;
        for (const template of routeTemplates(factory.fn)) {
          const reg = bindTemplate(factory, template, { mod, call });
          if (reg !== undefined) addRegistration(target, site, reg, { mod: factory.mod, decorators: template.under });
        }
      }
    }
  }

  // Flask `@bp.before_request` / `@app.before_request` hooks run before every route of that blueprint or app.
  for (const mod of project.routeModules) {
    for (const fn of mod.decorated) {
      for (const decorator of fn.decorators) {
        const e = decorator.expr;
        const head = e.k === 'call' ? e.fn : e;
        if (head.k !== 'attr' || head.name !== 'before_request') continue;
        const node = receiverNode(mod, head.obj, true);
        if (node === undefined) continue;
        guards.beforeRequest.set(node, [...(guards.beforeRequest.get(node) ?? []), { mod, fn }]);
      }
    }
  }

  /** `add_url_rule` / `add_api_route` with each part read in the module it was written or passed in. */
  const addRule = (
    method: string,
    parts: { receiver: BoundExpr; path: BoundExpr; view: BoundExpr | undefined; methods: BoundExpr | undefined },
    at: { mod: PyModule; line: number },
  ): void => {
    const path = project.evaluatePath(parts.path.mod, parts.path.expr);
    if (!looksLikePath(path)) return;
    const node = receiverNode(parts.receiver.mod, parts.receiver.expr, path.known.startsWith('/'));
    if (node === undefined) return;
    let methods = parts.methods === undefined ? undefined : methodsFrom(parts.methods.mod, parts.methods.expr);
    let handler: PyRouteInfo['handler'];
    let viewClass: PyRouteInfo['viewClass'];
    if (parts.view !== undefined) {
      const viewExpr = parts.view.expr;
      const viewClassExpr =
        viewExpr.k === 'call' && viewExpr.fn.k === 'attr' && viewExpr.fn.name === 'as_view'
          ? viewExpr.fn.obj
          : undefined;
      let view = project.evaluate(parts.view.mod, viewClassExpr ?? viewExpr);
      // `view = UserAPI.as_view('users')` bound to a name first, then passed as `view_func=view`.
      if (view.k === 'object' && view.call?.fn.k === 'attr' && view.call.fn.name === 'as_view')
        view = project.evaluate(view.mod, view.call.fn.obj);
      if (view.k === 'class') {
        methods ??= classMethods(project, view.mod, view.cls);
        viewClass = { mod: view.mod, cls: view.cls };
      }
      if (view.k === 'func') handler = { mod: view.mod, fn: view.fn };
    }
    if (methods === undefined || methods.length === 0) methods = ['GET'];
    graph.addRoute(node, methods, path, {
      file: at.mod.path,
      line: at.line,
      framework: frameworkFor(parts.receiver.mod, node, method),
      ...(handler ? { handler } : {}),
      ...(viewClass ? { viewClass } : {}),
    });
  };

  /**
   * The calls of a project function whose registration reads its parameters, each with the registration's parts
   * bound to that call's arguments (read in the caller's module) and the caller's place.
   */
  const helperSites = (
    mod: PyModule,
    fn: PyFunction,
    parts: { receiver: Expr; path: Expr; view: Expr | undefined; methods: Expr | undefined },
  ): { parts: Parameters<typeof addRule>[1]; at: { mod: PyModule; line: number } }[] => {
    const params = new Set(fn.params.filter((p) => !p.rest).map((p) => p.name));
    const written = [parts.receiver, parts.path, parts.view, parts.methods].filter((e): e is Expr => e !== undefined);
    if (!written.some((e) => namesAny(e, params))) return [];
    const out: ReturnType<typeof helperSites> = [];
    for (const caller of project.routeModules) {
      for (const hc of caller.helperCalls) {
        const callee = project.evaluate(caller, hc.call.fn);
        if (callee.k !== 'func' || callee.fn !== fn) continue;
        const factory = { mod, fn };
        const { named } = bindArguments(factory, { mod: caller, call: hc.call });
        const bind = (e: Expr | undefined) => (e === undefined ? undefined : bindParameters(e, factory, named));
        const receiver = bind(parts.receiver);
        const path = bind(parts.path);
        if (receiver === undefined || path === undefined) continue;
        out.push({
          parts: { receiver, path, view: bind(parts.view), methods: bind(parts.methods) },
          at: { mod: caller, line: hc.line },
        });
      }
    }
    return out;
  };

  // Statement-level calls: mounts and imperative routes.
  for (const mod of project.routeModules) {
    for (const { call, line, within } of mod.calls) {
      if (call.fn.k !== 'attr') continue;
      const method = call.fn.name;
      const receiver = call.fn.obj;
      switch (method) {
        case 'include_router':
        case 'register_blueprint':
        case 'add_namespace': {
          const parent = receiverNode(mod, receiver, true);
          const childExpr = call.args[0] ?? call.kw.router ?? call.kw.blueprint;
          if (parent === undefined || childExpr === undefined) break;
          const prefixExpr =
            method === 'include_router'
              ? (call.kw.prefix ?? call.args[1])
              : method === 'add_namespace'
                ? (call.kw.path ?? call.args[1])
                : call.kw.url_prefix;
          const prefix = prefixExpr === undefined ? undefined : prefixAt(mod, prefixExpr, line);
          const child = project.evaluate(mod, childExpr);
          for (const item of child.k === 'list' ? child.items : [child]) {
            const node = libraryNode(item, mod, line) ?? nodeOf(item);
            if (node === undefined) continue;
            const hidden = isFalse(call.kw.include_in_schema) ? 'include_in_schema=False' : undefined;
            // Flask and flask-restx replace the blueprint's/namespace's own prefix; FastAPI adds to it.
            const replaces = method !== 'include_router' && prefix !== undefined;
            // A router a factory makes per call (`include_router(make_router("github"))`) has the prefix this call gives.
            const own = replaces ? undefined : prefixForCall(mod, childExpr, item, line);
            const id =
              own !== undefined
                ? graph.mount(parent, node, joinText(prefix ?? knownPath(''), own), true, hidden)
                : graph.mount(parent, node, prefix, replaces, hidden);
            if (call.kw.dependencies !== undefined && id !== undefined)
              guards.mountDependencies.set(id, { mod, expr: call.kw.dependencies, line });
          }
          break;
        }
        case 'init_app': {
          const apiNode = receiverNode(mod, receiver, false);
          const target = call.args[0] ?? call.kw.app;
          const parent = target === undefined ? undefined : nodeOf(project.evaluate(mod, target));
          if (apiNode !== undefined && parent !== undefined) graph.mount(parent, apiNode);
          break;
        }
        case 'mount': {
          // Only sub-applications with routes of their own count; static files and ASGI apps are not API routes.
          const [pathExpr, appExpr] = [call.args[0] ?? call.kw.path, call.args[1] ?? call.kw.app];
          if (pathExpr === undefined || appExpr === undefined) break;
          const sub = project.evaluate(mod, appExpr);
          if (appExpr.k === 'call' && dottedName(appExpr.fn)?.split('.').pop() === 'StaticFiles') {
            // Named among the routes left out, so a reader sees what the app serves besides its API.
            const parent = receiverNode(mod, receiver, false);
            if (parent !== undefined)
              graph.addRoute(parent, ['GET'], joinText(prefixAt(mod, pathExpr, line), knownPath('/{path:path}')), {
                file: mod.path,
                line,
                framework: 'fastapi',
                staticFiles: true,
              });
            break;
          }
          if (!FASTAPI_CTORS.has(routerMade(project, sub)?.ctor ?? '')) break;
          const parent = receiverNode(mod, receiver, false);
          const node = nodeOf(sub);
          if (parent !== undefined && node !== undefined) graph.mount(parent, node, prefixAt(mod, pathExpr, line));
          break;
        }
        case 'add_url_rule':
        case 'add_api_route': {
          const pathExpr = call.args[0] ?? call.kw.rule ?? call.kw.path;
          if (pathExpr === undefined) break;
          const viewExpr =
            method === 'add_url_rule' ? (call.kw.view_func ?? call.args[2]) : (call.kw.endpoint ?? call.args[1]);
          const parts = { receiver, path: pathExpr, view: viewExpr, methods: call.kw.methods };
          // A registration written in a project function from its parameters (`def make_callback(router, method):
          // router.add_api_route(path, h, methods=[method])`) is read once per call, where the route is declared.
          const sites = within === undefined ? [] : helperSites(mod, within, parts);
          for (const site of sites) addRule(method, site.parts, site.at);
          if (sites.length === 0) {
            const bind = (expr: Expr | undefined): BoundExpr | undefined =>
              expr === undefined ? undefined : { mod, expr };
            addRule(
              method,
              {
                receiver: { mod, expr: receiver },
                path: { mod, expr: pathExpr },
                view: bind(viewExpr),
                methods: bind(call.kw.methods),
              },
              { mod, line },
            );
          }
          break;
        }
        case 'add_resource': {
          const [resourceExpr, ...urlExprs] = call.args;
          if (resourceExpr === undefined) break;
          const resource = project.evaluate(mod, resourceExpr);
          if (resource.k !== 'class') break;
          const node = receiverNode(mod, receiver, true);
          if (node === undefined) break;
          const methods = classMethods(project, resource.mod, resource.cls);
          for (const urlExpr of urlExprs) {
            const path = project.evaluatePath(mod, urlExpr);
            if (!looksLikePath(path)) continue;
            graph.addRoute(node, methods.length > 0 ? methods : ['GET'], path, {
              file: mod.path,
              line,
              framework: 'flask',
              viewClass: { mod: resource.mod, cls: resource.cls },
            });
          }
          break;
        }
      }
    }
  }
  mountDispatchers(project, graph, { nodeOf, prefixAt, blueprints });
  return graph;
}

/** Whether a function registers blueprints by scanning a package (`pkgutil.iter_modules` then `register_blueprint`). */
function scansPackage(fn: PyFunction): boolean {
  const callees = (fn.callees ?? []).map((c) => dottedName(c) ?? '');
  return callees.some((c) => c.endsWith('iter_modules')) && callees.some((c) => c.endsWith('register_blueprint'));
}

/** The dotted package a module belongs to (itself for a package's `__init__`). */
function packageOf(mod: PyModule): string {
  return mod.isPackage ? mod.dotted : mod.dotted.split('.').slice(0, -1).join('.');
}

/**
 * werkzeug `DispatcherMiddleware(root, {'/api': api_app})` serves whole apps under prefixes: each app is mounted at
 * its prefix. When the project registers its blueprints by scanning a package, no static mount names them; a
 * blueprint no mount reaches is then served by the app whose factory sits in the blueprint's package.
 */
function mountDispatchers(
  project: PythonProject,
  graph: RouteGraph<PyRouteInfo>,
  tools: {
    nodeOf: (value: PyValue) => number | undefined;
    prefixAt: (mod: PyModule, expr: Expr, line: number) => PathText;
    blueprints: ReadonlyMap<number, PyModule>;
  },
): void {
  const dispatchers = project.routeModules.flatMap((mod) => (mod.dispatchers ?? []).map((d) => ({ mod, d })));
  if (dispatchers.length === 0) return;
  const scans = project.routeModules.some((m) => [...m.functions.values()].some(scansPackage));
  const unmounted = [...tools.blueprints].filter(([node]) => !graph.isMounted(node));
  for (const { mod, d } of dispatchers) {
    const entries = [
      { prefix: knownPath(''), app: d.root },
      ...d.mounts.map((m) => ({ prefix: tools.prefixAt(mod, m.prefix, d.line), app: m.app })),
    ];
    const values = entries.map((e) => project.evaluate(mod, e.app));
    const appNodes = values.map((v) => tools.nodeOf(v));
    entries.forEach((entry, i) => {
      const host = graph.addNode();
      const appNode = appNodes[i];
      // Two entries made by one shared factory are one object here: mounting it would serve both apps' routes twice.
      if (appNode !== undefined && appNodes.filter((n) => n === appNode).length === 1)
        graph.mount(host, appNode, entry.prefix);
      if (!scans) return;
      const made = entry.app.k === 'call' ? project.evaluate(mod, entry.app.fn) : values[i];
      const home = made?.k === 'func' || made?.k === 'object' ? packageOf(made.mod) : undefined;
      if (home === undefined || home === '') return;
      for (const [node, bpMod] of unmounted)
        if (bpMod.dotted.startsWith(`${home}.`) || bpMod.dotted === home) graph.mount(host, node, entry.prefix);
    });
  }
}

/** Whether an expression mentions any of the names (a parameter read anywhere in it). */
function namesAny(e: Expr, names: ReadonlySet<string>): boolean {
  switch (e.k) {
    case 'name':
      return names.has(e.id);
    case 'attr':
      return namesAny(e.obj, names);
    case 'call':
      return (
        namesAny(e.fn, names) ||
        e.args.some((a) => namesAny(a, names)) ||
        Object.values(e.kw).some((a) => namesAny(a, names))
      );
    case 'list':
    case 'union':
      return e.items.some((x) => namesAny(x, names));
    case 'concat':
      return e.parts.some((x) => namesAny(x, names));
    case 'sub':
      return namesAny(e.value, names) || e.args.some((x) => namesAny(x, names));
    case 'cond':
      return namesAny(e.test, names) || namesAny(e.ifTrue, names) || namesAny(e.ifFalse, names);
    default:
      return false;
  }
}
