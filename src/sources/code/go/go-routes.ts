import { gunzipSync, inflateRawSync } from 'node:zlib';
import type { HttpMethod } from '../../../model/index.js';
import { ANY_METHODS } from '../handler-names.js';
import { endsWithCatchAll } from '../machinery.js';
import { dottedName, type Expr, renderExpr } from '../tree-sitter/expr.js';
import { concatText, knownPath, type PathText, RouteGraph, unknownPath } from '../tree-sitter/route-graph.js';
import { structTag } from './go-handler.js';
import { FUNC_LITERAL, type GoField, type GoFile, type GoFunc, type GoStmt } from './go-module.js';

/** Go routers read here. */
export type GoFramework = 'gin' | 'chi' | 'nethttp';

/** Where a Go route is registered. */
export interface GoRouteInfo {
  file: string;
  line: number;
  framework: GoFramework;
  /** The handler function, when it resolves to a function, method value or function literal of the checkout. */
  handler?: GoFunc;
  /** Middleware written in the route call before the handler (`r.GET("/x", auth, h)`). */
  middleware?: GoGuardRef[];
  /** Order of registration: a `Use` after the route does not guard it. */
  seq?: number;
  /**
   * Machinery written like a route: a static-file mount, a CORS preflight answer, a catch-all, or the handlers a
   * profiling or metrics package installs on the router (`pprof.Register(r)`, go-gin-prometheus's `p.Use(r)`).
   */
  machinery?: 'static files' | 'preflight' | 'catch-all' | 'profiling' | 'metrics' | 'spec';
  /** The handler as written (`auth.RefreshHandler`), for handlers that come from a package outside the checkout. */
  handlerText?: string;
}

/** A struct field read on the way to a value, with its tag (`mapstructure:"skipped_path_prefixes"`). */
export interface GoFieldStep {
  name: string;
  tag?: string;
}

/**
 * A list a middleware's options literal sets (`SkippedPathPrefixes: […]`): its strings, the chain of configuration
 * struct fields it is read from (resolved against the repository's config files later), or an expression not
 * resolved.
 */
export type GoListValue = { strings: string[] } | { via: GoFieldStep[]; text: string } | { text: string };

/**
 * What a middleware factory is given in an options literal (`AuthWithConfig(AuthConfig{AllowedPathPrefixes: …,
 * ParseUserID: s.loginService.ParseUserID})`): its lists, and for each function field the function and the project
 * functions it calls, two levels deep.
 */
export interface GoGuardConfig {
  lists: Record<string, GoListValue>;
  funcs: Record<string, GoFunc[]>;
}

/** A middleware expression with what is needed to evaluate it later. */
export interface GoGuardRef {
  /** The options literal the middleware factory was given, read. */
  config?: GoGuardConfig;
  expr: Expr;
  resolved: GoValue;
  file: string;
  line: number;
  /**
   * The guard a project adapter is handed, when the adapter is the middleware the router sees (a wrapper's
   * `func (r *router) Use(fn middlewareHandler) { r.chi.Use(middleware(fn)) }`): the parameter it is bound to and the
   * function passed, so the check the adapter runs (`ctx, err := fn(w, r)`) is judged per guard the app hands in.
   */
  wraps?: { param: string; fn: GoFunc; value: GoValue };
  /**
   * Installed inside an `if` of the setup code (`if conf.Server.SSL.RedirectToHTTPS { r.Use(redirect) }`): only
   * deployments configured so run it.
   */
  conditional?: boolean;
}

/** A type declared in the checkout: a struct, or a named non-struct type (`type Status string`). */
export interface GoTypeDecl {
  dir: string;
  name: string;
  file: GoFile;
  struct?: { fields: GoField[]; line: number };
  underlying?: Expr;
  /** For an interface type: the methods it declares, with their parameter counts and first result types. */
  methods?: { name: string; arity: number; result?: Expr }[];
}

type GoValue =
  | { k: 'router'; node: number; fw: GoFramework }
  | { k: 'str'; v: PathText }
  | {
      k: 'func';
      fn: GoFunc;
      env: Env;
      recv?: GoValue;
      /** The types a generic function is instantiated with (`WithDefaults[Config]`), by type parameter name. */
      typeArgs?: ReadonlyMap<string, GoTypeRef>;
    }
  | { k: 'pkg'; path: string; dir?: string }
  | {
      k: 'obj';
      type?: { dir: string; name: string };
      literal?: { kw: Record<string, Expr>; env: Env };
      /** The struct fields read to reach this value (`s.conf.Auth.SkippedPathPrefixes`), with their tags. */
      via?: GoFieldStep[];
      /** The text of an inline struct type (`Auth struct { SkippedPathPrefixes []string \`json:"…"\` }`) it has. */
      inline?: string;
      /** Made here by `new(T)`: the router its fields are then set to is its own, not that of every value of `T`. */
      fresh?: true;
    }
  /** A slice literal (`[]Route{{…}, {…}}`), the elements evaluated; `id` tells two literals apart. */
  | {
      k: 'list';
      id: number;
      items: GoValue[];
      /** The expressions the items were written as, where they were written: a guard list is read guard by guard. */
      sources?: { expr: Expr; env: Env }[];
    }
  /** An object a package outside the checkout made (`ginprometheus.NewPrometheus("gin")`): its methods are that package's. */
  | { k: 'ext'; path: string; made: string }
  /**
   * A value of the OpenAPI document oapi-codegen embeds in the generated package (`swagger, _ := api.GetSwagger()`),
   * read from the embedded copy: `swagger.Servers[0].URL` is the document's first server URL.
   */
  | { k: 'doc'; json: unknown }
  | { k: 'unknown'; text: string };

interface Env {
  vars: Map<string, GoValue>;
  parent?: Env;
  file: GoFile;
  /**
   * Variables the function returns as its declared router result (`func newRouter() *gin.Engine { router := x(); …;
   * return router }`): a router even when made by a constructor outside the checkout.
   */
  routerVars?: Map<string, { fw: GoFramework; root: boolean }>;
  /** A generic function's type parameters bound to the types it was instantiated with: `var cfg T` is a `Config`. */
  typeArgs?: ReadonlyMap<string, GoTypeRef>;
  /** The project call that ran this function: where the arguments its parameters hold were written. */
  site?: CallSite;
}

/** A call of a project function, with the function called and the environment of the caller. */
interface CallSite {
  call: Extract<Expr, { k: 'call' }>;
  fn: GoFunc;
  env: Env;
}

type GoTypeRef = { dir: string; name: string };

interface GoPackage {
  dir: string;
  files: GoFile[];
  consts: Map<string, { e: Expr; file: GoFile }>;
  funcs: Map<string, GoFunc>;
  methods: Map<string, GoFunc>;
  types: Map<string, GoTypeDecl>;
}

const GIN_VERBS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']);
const CHI_VERBS: Record<string, HttpMethod> = {
  Get: 'GET',
  Post: 'POST',
  Put: 'PUT',
  Delete: 'DELETE',
  Patch: 'PATCH',
  Head: 'HEAD',
  Options: 'OPTIONS',
  Trace: 'TRACE',
};
const HTTP_CONSTANTS: Record<string, HttpMethod> = {
  MethodGet: 'GET',
  MethodPost: 'POST',
  MethodPut: 'PUT',
  MethodDelete: 'DELETE',
  MethodPatch: 'PATCH',
  MethodHead: 'HEAD',
  MethodOptions: 'OPTIONS',
  MethodTrace: 'TRACE',
};
/**
 * How deep project calls are followed. A project's own wrapper over chi spends three calls per nested `Route` (the
 * wrapper's method, the closure it hands chi, the app's group function), so six nested groups need about twenty.
 */
const MAX_CALL_DEPTH = 22;
const UNKNOWN: GoValue = { k: 'unknown', text: '?' };

function frameworkOfImport(path: string): GoFramework | undefined {
  if (path === 'github.com/gin-gonic/gin') return 'gin';
  if (/^github\.com\/go-chi\/chi(\/v\d+)?$/.test(path)) return 'chi';
  return undefined;
}

/** Router parameter types: roots (`*gin.Engine`, `*chi.Mux`) and groups whose prefix the caller decides. */
function routerParamType(type: string): { fw: GoFramework; root: boolean } | undefined {
  const t = type.replace(/^\*/, '');
  if (/^gin\.Engine$/.test(t)) return { fw: 'gin', root: true };
  if (/^gin\.(RouterGroup|IRouter|IRoutes)$/.test(t)) return { fw: 'gin', root: false };
  if (/^chi\.Mux$/.test(t)) return { fw: 'chi', root: true };
  if (/^chi\.Router$/.test(t)) return { fw: 'chi', root: false };
  // A ServeMux sees the full request path unless a caller wraps it in http.StripPrefix, which mounts it.
  if (/^http\.ServeMux$/.test(t)) return { fw: 'nethttp', root: true };
  return undefined;
}

/**
 * A Go 1.22 `ServeMux` pattern: `[METHOD ][HOST]/PATH`. `{$}` anchors the end and adds no segment; `{name...}`
 * is a catch-all; a trailing `/` is a subtree (kept as the folder's path). GET patterns also answer HEAD, which
 * matching already treats as implied.
 */
export function parseServeMuxPattern(pattern: string): { methods: HttpMethod[]; path: string } | undefined {
  const m = /^\s*(?:([A-Z]+)\s+)?(\S*)\s*$/.exec(pattern);
  if (!m) return undefined;
  const method = m[1];
  let path = m[2] as string;
  const slash = path.indexOf('/');
  if (slash < 0) return undefined;
  path = path.slice(slash).replace(/\{\$\}$/, '');
  const methods: HttpMethod[] =
    method === undefined
      ? ANY_METHODS
      : ANY_METHODS.includes(method as HttpMethod) || method === 'TRACE'
        ? [method as HttpMethod]
        : [];
  return methods.length === 0 ? undefined : { methods, path };
}

/**
 * Interprets Go route setup statically: follows router values through variables, groups, `Route`/`Mount`/`Group`
 * closures, functions and methods that receive or return routers, across packages of the checkout.
 */
export class GoRouteReader {
  readonly graph = new RouteGraph<GoRouteInfo>();
  private readonly packages = new Map<string, GoPackage>();
  private readonly evaluated = new Set<string>();
  private readonly memo = new Map<string, GoValue>();
  private readonly active = new Set<string>();
  private readonly constCache = new Map<string, GoValue>();
  private readonly fileByPath = new Map<string, GoFile>();
  private readonly packageCache = new Map<string, GoPackage | undefined>();
  private depth = 0;
  /** How many `if` branches of the setup code the statement being run sits in, through calls. */
  private branches = 0;
  private seq = 0;
  private lists = 0;
  /** Middleware added with `Use` per router node, in order. */
  readonly uses = new Map<number, (GoGuardRef & { seq: number })[]>();
  /** Middleware a group or `With` puts in front of every route of its node. */
  readonly nodeGuards = new Map<number, GoGuardRef[]>();
  /** When each node was created (a parent's later `Use` does not reach it in Gin). */
  readonly createdAt = new Map<number, number>();
  /** The router each struct type embeds, by `dir:name` (undefined: none). */
  private readonly embedded = new Map<string, Extract<GoValue, { k: 'router' }> | undefined>();
  /** The router a struct field of a router type holds, by `dir:name.field`. */
  private readonly fieldRouters = new Map<string, Extract<GoValue, { k: 'router' }>>();

  constructor(readonly files: readonly GoFile[]) {
    for (const file of files) {
      this.fileByPath.set(file.path, file);
      let pkg = this.packages.get(file.dir);
      if (pkg === undefined) {
        pkg = { dir: file.dir, files: [], consts: new Map(), funcs: new Map(), methods: new Map(), types: new Map() };
        this.packages.set(file.dir, pkg);
      }
      pkg.files.push(file);
      for (const [name, e] of file.consts) pkg.consts.set(name, { e, file });
      for (const [name, struct] of file.structs) pkg.types.set(name, { dir: file.dir, name, file, struct });
      for (const [name, underlying] of file.types) {
        const methods = file.interfaces.get(name);
        pkg.types.set(name, { dir: file.dir, name, file, underlying, ...(methods ? { methods } : {}) });
      }
      for (const fn of file.funcs) {
        if (fn.receiverType !== undefined) pkg.methods.set(`${fn.receiverType}.${fn.name}`, fn);
        else pkg.funcs.set(fn.name, fn);
      }
    }
    this.bindDeclaredPackageNames();
  }

  /**
   * An import of a project folder whose name is not a Go identifier (`…/pkg/http-err`) is bound by Go under the name
   * its files declare (`package http_err`), which the path alone only guessed (`http`): the declared name is added.
   */
  private bindDeclaredPackageNames(): void {
    for (const file of this.files) {
      for (const [path, guessed] of file.guessedImports ?? []) {
        const declared = this.packageOf(path)?.files.find((f) => f.packageName !== undefined)?.packageName;
        if (declared === undefined || declared === guessed || file.imports.has(declared)) continue;
        file.imports.set(declared, path);
        if (file.imports.get(guessed) === path) file.imports.delete(guessed);
      }
    }
  }

  /**
   * The middleware in front of a route, once per way the route is reached (a router mounted twice gives two): `Use`
   * in registration order up to the route (or the sub-router's creation), group and `With` guards, then the
   * route's own.
   */
  middlewareChains(node: number, seq: number, inline: readonly GoGuardRef[]): GoGuardRef[][] {
    return this.graph.chainsTo(node).map((chain) => {
      const refs: GoGuardRef[] = [];
      chain.forEach((n, i) => {
        if (i > 0) refs.push(...(this.nodeGuards.get(n) ?? []));
        const next = chain[i + 1];
        const until = next === undefined ? seq : (this.createdAt.get(next) ?? Number.POSITIVE_INFINITY);
        refs.push(...(this.uses.get(n) ?? []).filter((u) => u.seq < until));
      });
      refs.push(...inline);
      return refs;
    });
  }

  /**
   * The function that handles requests for a middleware value: a factory's returned literal (`RateLimiter(…)`
   * returning `func(c *gin.Context) {…}`, or `http.HandlerFunc(func(w, r) {…})`), or the function itself.
   */
  middlewareBody(ref: GoGuardRef): GoFunc | undefined {
    if (ref.resolved.k !== 'func') return undefined;
    const fn = ref.resolved.fn;
    const file = this.fileByPath.get(fn.file);
    if (file === undefined) return undefined;
    const literalOf = (e: Expr | undefined, depth: number): GoFunc | undefined => {
      if (e === undefined || depth > 2) return undefined;
      if (e.k === 'name' && e.id.startsWith(FUNC_LITERAL))
        return this.findLiteral(e.id.slice(FUNC_LITERAL.length), file);
      if (e.k === 'call' && e.args.length === 1) return literalOf(e.args[0], depth + 1);
      return undefined;
    };
    // A factory called in the route setup (`RateLimiter(1, 5)`) or a chi middleware named bare (`func(next
    // http.Handler) http.Handler`) returns the literal that sees requests; a Gin handler named bare is that itself.
    for (const stmt of fn.body) {
      const literal = stmt.k === 'return' ? literalOf(stmt.values[0], 0) : undefined;
      if (literal !== undefined) return literal;
    }
    return ref.expr.k === 'call' ? undefined : fn;
  }

  /**
   * The project functions a middleware's body calls (`check.Check(c, ctx)` in `func(c *gin.Context) {…}`), read with
   * the variables of the scope that made it: a guard that hands its rejection to a helper rejects too.
   */
  calledFunctions(value: GoValue): GoFunc[] {
    if (value.k !== 'func') return [];
    const env: Env = { vars: new Map(), parent: value.env, file: this.fileByPath.get(value.fn.file) ?? value.env.file };
    const out: GoFunc[] = [];
    for (const stmt of value.fn.body) {
      if (stmt.k !== 'expr' || stmt.e.k !== 'call') continue;
      const callee = this.evaluate(stmt.e.fn, env);
      if (callee.k === 'func' && callee.fn !== value.fn) out.push(callee.fn);
    }
    return out;
  }

  /** The project functions a guard calls in its statements, returns included, two levels deep (`return nil, unauthorized(…)`). */
  reachedByGuard(value: GoValue): GoFunc[] {
    return value.k === 'func' ? this.reachedFunctions(value, 2, new Set([value.fn.id])) : [];
  }

  /** The package folder of an import path, matched by suffix (the module path prefix is not needed). */
  private packageOf(importPath: string): GoPackage | undefined {
    if (this.packageCache.has(importPath)) return this.packageCache.get(importPath);
    const found = this.findPackage(importPath);
    this.packageCache.set(importPath, found);
    return found;
  }

  private findPackage(importPath: string): GoPackage | undefined {
    let best: GoPackage | undefined;
    for (const pkg of this.packages.values()) {
      if (pkg.dir === '' ? false : importPath === pkg.dir || importPath.endsWith(`/${pkg.dir}`)) {
        if (best === undefined || pkg.dir.length > best.dir.length) best = pkg;
      }
    }
    if (best === undefined) {
      // Module roots: `example.com/app/internal/api` with the checkout rooted above `internal`.
      for (const pkg of this.packages.values()) {
        const tail = pkg.dir.split('/').slice(-2).join('/');
        if (tail !== '' && importPath.endsWith(`/${tail}`)) return pkg;
      }
    }
    return best;
  }

  /** Whether the package an import path names is one of the checkout's (else it is another module's). */
  holdsPackage(importPath: string): boolean {
    return this.packageOf(importPath) !== undefined;
  }

  /** Whether any file of the checkout imports a package whose path matches `path`. */
  importsPackage(path: RegExp): boolean {
    return this.files.some((f) => [...f.imports.values()].some((p) => path.test(p)));
  }

  /** The parsed file at a repo-relative path. */
  fileAt(path: string): GoFile | undefined {
    return this.fileByPath.get(path);
  }

  /** The package an identifier qualifier (`handler` in `handler.Book`) names from `file`, or the file's own package. */
  private scope(file: GoFile, qualifier: string | undefined): GoPackage | undefined {
    if (qualifier === undefined) return this.packages.get(file.dir);
    const imported = file.imports.get(qualifier);
    return imported === undefined ? undefined : this.packageOf(imported);
  }

  /** The type `qualifier.name` (or `name`) as seen from `file`. */
  typeDecl(file: GoFile, qualifier: string | undefined, name: string): GoTypeDecl | undefined {
    const own = this.scope(file, qualifier)?.types.get(name);
    if (own !== undefined || qualifier !== undefined) return own;
    // `. "example.com/app/api"`: the package's exported types are named bare.
    for (const path of file.dotImports ?? []) {
      const found = this.packageOf(path)?.types.get(name);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** The package-level function `qualifier.name` (or `name`) as seen from `file`. */
  funcDecl(file: GoFile, qualifier: string | undefined, name: string): GoFunc | undefined {
    return this.scope(file, qualifier)?.funcs.get(name);
  }

  /** The method `name` of the type `typeName` declared in the package folder `dir`. */
  methodDecl(dir: string, typeName: string, name: string): GoFunc | undefined {
    return this.packages.get(dir)?.methods.get(`${typeName}.${name}`);
  }

  /**
   * The methods named `name` of the checkout's types that implement the interface `iface` (every method it declares,
   * matched by name and parameter count): where a call on an interface value
   * (`siw.Handler.GetTrainerAvailableHours(w, r, params)` in oapi-codegen's wrapper) really goes.
   */
  implementationsOf(iface: GoTypeDecl, name: string): GoFunc[] {
    const wanted = iface.methods ?? [];
    if (!wanted.some((m) => m.name === name)) return [];
    const out: { fn: GoFunc; type: string }[] = [];
    for (const pkg of this.packages.values()) {
      for (const [key, fn] of pkg.methods) {
        if (fn.name !== name) continue;
        const type = key.slice(0, key.length - name.length - 1);
        const implements_ = wanted.every((m) => pkg.methods.get(`${type}.${m.name}`)?.params.length === m.arity);
        if (implements_) out.push({ fn, type: `${pkg.dir}:${type}` });
      }
    }
    // Only a type the program makes a value of can be what the interface holds: oapi-codegen's `Unimplemented`
    // (501 for every operation) is behaviour only where the app hands it in, and a strict server's response objects
    // are those the app's implementation returns. When no implementation is made anywhere (one embedded in the app's
    // own type), all are kept.
    const made = out.length > 1 ? out.filter((o) => this.constructedTypes().has(o.type)) : out;
    return (made.length > 0 ? made : out).map((o) => o.fn);
  }

  /**
   * The types of the checkout the code makes a value of, as `dir:Name`: a composite literal (`&PolicyHandler{…}`), a
   * conversion (`GetPolicy200JSONResponse(p)`), `new(T)` or `var x T`. Read once, over every function body.
   */
  private constructedTypes(): Set<string> {
    if (this.constructed !== undefined) return this.constructed;
    const out = new Set<string>();
    for (const file of this.files) {
      const env = this.fileEnv(file);
      const note = (name: string | undefined) => {
        const t = name === undefined ? undefined : this.typeOf(name, env);
        if (t !== undefined && this.packages.get(t.dir)?.types.has(t.name)) out.add(`${t.dir}:${t.name}`);
      };
      const visit = (node: unknown, depth: number): void => {
        if (node === null || typeof node !== 'object' || depth > 48) return;
        if (Array.isArray(node)) {
          for (const item of node) visit(item, depth + 1);
          return;
        }
        const e = node as Expr;
        if (e.k === 'call' && e.kw !== undefined) {
          const callee = dottedName(e.fn);
          if (e.kw['#composite'] !== undefined) {
            if (e.kw['#slice'] === undefined) note(callee);
          } else if (e.args.length === 1) note(callee === 'new' ? dottedName(e.args[0] as Expr) : callee);
        }
        for (const value of Object.values(node))
          if (value !== null && typeof value === 'object') visit(value, depth + 1);
      };
      for (const fn of [...file.funcs, ...file.literals.values()])
        for (const stmt of fn.body) {
          if (stmt.k === 'var') note(stmt.type);
          visit(stmt, 0);
        }
      for (const e of file.consts.values()) visit(e, 0);
    }
    this.constructed = out;
    return out;
  }

  private constructed: Set<string> | undefined;

  /** The package-level constant or variable `qualifier.name` (or `name`) as seen from `file`, with its file. */
  constDecl(file: GoFile, qualifier: string | undefined, name: string): { e: Expr; file: GoFile } | undefined {
    return this.scope(file, qualifier)?.consts.get(name);
  }

  /** Reads every package: `main`/`init` first, then every function that was not reached but touches routers. */
  run(): void {
    const all = [...this.packages.values()].flatMap((p) =>
      p.files.flatMap((f) => f.funcs.map((fn) => ({ fn, file: f }))),
    );
    for (const { fn, file } of all)
      if (fn.receiverType === undefined && (fn.name === 'main' || fn.name === 'init'))
        this.call(fn, [], this.fileEnv(file));
    // Functions that make their own routers first: a helper taking a router (`applyRoutes(group, routes)`) is then
    // reached through its callers, with their prefixes and tables, rather than alone with neither.
    const takesRouter = (fn: GoFunc, file: GoFile) =>
      fn.params.some((p) => routerParamType(p.type) !== undefined || this.carriesRouter(p.type, file));
    // Generated code last (oapi-codegen's `Handler(si)`, `HandlerFromMux`, `HandlerWithOptions`): registration
    // helpers the app calls with its router and base URL. Once the app's call reached a generated file, its other
    // helpers are not run alone: they would declare every route again at the root, as no app does.
    const own = all.filter((f) => f.file.generated !== true);
    const generated = all.filter((f) => f.file.generated === true);
    const ordered = [
      ...own.filter((f) => !takesRouter(f.fn, f.file)),
      ...own.filter((f) => takesRouter(f.fn, f.file)),
      ...generated.filter((f) => !takesRouter(f.fn, f.file)),
      ...generated.filter((f) => takesRouter(f.fn, f.file)),
    ];
    const reachedFiles = new Set<string>();
    for (const { fn, file } of ordered) {
      if (this.evaluated.has(fn.id)) continue;
      if (file.generated === true) {
        if (reachedFiles.size === 0)
          for (const { fn: f, file: g } of generated) if (this.evaluated.has(f.id)) reachedFiles.add(g.path);
        if (reachedFiles.has(file.path)) continue;
      }
      const args = fn.params.map((p): GoValue => {
        const router = routerParamType(p.type);
        if (router === undefined) return UNKNOWN;
        return {
          k: 'router',
          node: this.graph.addNode(router.root ? knownPath('') : unknownPath(p.name)),
          fw: router.fw,
        };
      });
      this.call(fn, args, this.fileEnv(file));
    }
  }

  /** Whether a parameter's type is a struct of the checkout with a router field (`ChiServerOptions{BaseRouter: r}`). */
  private carriesRouter(type: string, file: GoFile): boolean {
    const t = this.typeOf(type, this.fileEnv(file));
    const decl = t === undefined ? undefined : this.packages.get(t.dir)?.types.get(t.name);
    return decl?.struct?.fields.some((f) => routerParamType(f.type) !== undefined) === true;
  }

  private fileEnv(file: GoFile): Env {
    return { vars: new Map(), file };
  }

  private lookup(name: string, env: Env): GoValue {
    for (let e: Env | undefined = env; e !== undefined; e = e.parent) {
      const v = e.vars.get(name);
      if (v !== undefined) return v;
    }
    const file = env.file;
    if (name.startsWith(FUNC_LITERAL)) {
      const fn = this.findLiteral(name.slice(FUNC_LITERAL.length), file);
      return fn === undefined ? UNKNOWN : { k: 'func', fn, env };
    }
    const pkg = this.packages.get(file.dir);
    const member = pkg === undefined ? undefined : this.member(pkg, name);
    if (member !== undefined) return member;
    const imported = file.imports.get(name);
    if (imported !== undefined) {
      const target = this.packageOf(imported);
      return { k: 'pkg', path: imported, ...(target ? { dir: target.dir } : {}) };
    }
    return { k: 'unknown', text: name };
  }

  private findLiteral(id: string, file: GoFile): GoFunc | undefined {
    // A literal's id starts with its file path, so its file is known without a search.
    return (
      file.literals.get(id) ??
      this.fileByPath.get(id.slice(0, id.lastIndexOf(':', id.lastIndexOf(':') - 1)))?.literals.get(id)
    );
  }

  private member(pkg: GoPackage, name: string): GoValue | undefined {
    const c = pkg.consts.get(name);
    if (c !== undefined) {
      const key = `${pkg.dir}:${name}`;
      const cached = this.constCache.get(key);
      if (cached !== undefined) return cached;
      this.constCache.set(key, UNKNOWN);
      const value = this.evaluate(c.e, this.fileEnv(c.file));
      this.constCache.set(key, value);
      return value;
    }
    const fn = pkg.funcs.get(name);
    if (fn !== undefined) {
      const file = this.fileByPath.get(fn.file) ?? (pkg.files[0] as GoFile);
      return { k: 'func', fn, env: this.fileEnv(file) };
    }
    if (pkg.files.some((f) => f.structs.has(name))) return { k: 'obj', type: { dir: pkg.dir, name } };
    return undefined;
  }

  private typeOf(type: string, env: Env): GoTypeRef | undefined {
    const t = type.replace(/^[*&]/, '');
    const dot = t.indexOf('.');
    if (dot < 0) {
      for (let scope: Env | undefined = env; scope !== undefined; scope = scope.parent) {
        const bound = scope.typeArgs?.get(t);
        if (bound !== undefined) return bound;
      }
      return /^[A-Za-z_]\w*$/.test(t) ? { dir: env.file.dir, name: t } : undefined;
    }
    const imported = env.file.imports.get(t.slice(0, dot));
    const pkg = imported === undefined ? undefined : this.packageOf(imported);
    return pkg === undefined ? undefined : { dir: pkg.dir, name: t.slice(dot + 1) };
  }

  /** Path text of a value; non-strings become unresolved pieces named after the expression. */
  private pathOf(e: Expr | undefined, env: Env): PathText {
    if (e === undefined) return knownPath('');
    const v = this.evaluate(e, env);
    if (v.k === 'str') return v.v;
    // A configuration field read without a value known here (`r.Handle(cfg.Metrics.Path, h)`) takes the default its
    // struct tag declares for the configuration loaders that fill one in.
    const fallback = v.k === 'obj' ? configDefault(v.via) : undefined;
    if (fallback !== undefined) return knownPath(fallback);
    // A value handed in from elsewhere (`options.BaseURL` holding the caller's `os.Getenv("BASE")`) is named by the
    // expression it came from.
    return unknownPath(v.k === 'unknown' && v.text !== '?' && e.k === 'attr' ? v.text : renderExpr(e));
  }

  private sprintf(args: Expr[], env: Env): GoValue {
    const format = args[0] === undefined ? undefined : this.evaluate(args[0], env);
    if (format?.k !== 'str' || format.v.unresolved !== undefined) return UNKNOWN;
    let out: PathText = knownPath('');
    let index = 1;
    const text = format.v.known;
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '%' && i + 1 < text.length) {
        const verb = text[i + 1];
        i++;
        if (verb === '%') out = concatText(out, knownPath('%'));
        else {
          const arg = args[index++];
          out = concatText(out, this.pathOf(arg, env));
        }
      } else out = concatText(out, knownPath(text[i] as string));
    }
    return { k: 'str', v: out };
  }

  evaluate(e: Expr, env: Env): GoValue {
    switch (e.k) {
      case 'str':
        return { k: 'str', v: knownPath(e.v) };
      case 'num':
        return { k: 'str', v: knownPath(String(e.v)) };
      case 'name':
        return this.lookup(e.id, env);
      case 'sub': {
        // A generic function instantiated (`Validate[form.BookForm]`) is that function; its type arguments are read
        // from the expression where its body is described.
        const value = this.evaluate(e.value, env);
        if (value.k === 'func') {
          const typeArgs = new Map<string, GoTypeRef>();
          (value.fn.typeParams ?? []).forEach((name, i) => {
            const written = e.args[i] === undefined ? undefined : dottedName(e.args[i] as Expr);
            const type = written === undefined ? undefined : this.typeOf(written, env);
            if (type !== undefined) typeArgs.set(name, type);
          });
          return typeArgs.size > 0 ? { ...value, typeArgs } : value;
        }
        // An element of a list or of the embedded document (`swagger.Servers[0]`).
        const at = e.args.length === 1 ? e.args[0] : undefined;
        const index = at?.k === 'num' ? at.v : at?.k === 'other' && /^\d+$/.test(at.text) ? Number(at.text) : undefined;
        if (index === undefined) return UNKNOWN;
        if (value.k === 'list') return value.items[index] ?? UNKNOWN;
        if (value.k === 'doc' && Array.isArray(value.json)) return docValue(value.json[index]);
        return UNKNOWN;
      }
      case 'concat': {
        let out: PathText = knownPath('');
        for (const part of e.parts) out = concatText(out, this.pathOf(part, env));
        return { k: 'str', v: out };
      }
      case 'attr': {
        // A field assigned earlier in this function (`s.mux = http.NewServeMux()`) holds what was assigned.
        if (e.obj.k === 'name')
          for (let scope: Env | undefined = env; scope !== undefined; scope = scope.parent) {
            const held = scope.vars.get(`${e.obj.id}.${e.name}`);
            if (held !== undefined) return held;
          }
        const obj = this.evaluate(e.obj, env);
        if (obj.k === 'doc') return docValue(docMember(obj.json, e.name));
        if (obj.k === 'pkg') {
          if (obj.path === 'net/http' && HTTP_CONSTANTS[e.name] !== undefined)
            return { k: 'str', v: knownPath(HTTP_CONSTANTS[e.name] as string) };
          const pkg = obj.dir === undefined ? undefined : this.packages.get(obj.dir);
          return (pkg === undefined ? undefined : this.member(pkg, e.name)) ?? { k: 'unknown', text: renderExpr(e) };
        }
        // A field of an inline struct type (`Middleware struct { Auth struct { … } }`), read from its text.
        if (obj.k === 'obj' && obj.type === undefined && obj.via !== undefined && obj.inline !== undefined) {
          const field = inlineField(obj.inline, e.name);
          if (field !== undefined)
            return {
              k: 'obj',
              via: [...obj.via, { name: e.name, ...(field.tag ? { tag: field.tag } : {}) }],
              ...(field.inline ? { inline: field.inline } : {}),
            };
        }
        if (obj.k === 'obj' && obj.type !== undefined) {
          const method = this.packages.get(obj.type.dir)?.methods.get(`${obj.type.name}.${e.name}`);
          if (method !== undefined) {
            const file = this.fileByPath.get(method.file) as GoFile;
            return { k: 'func', fn: method, env: this.fileEnv(file), recv: obj };
          }
          // A field of a declared struct (`a.Account` in `a.Account.router()`): its declared type leads to the
          // methods that build sub-routers, whatever value the constructor stored there.
          // A field set in the composite literal that made the object (`Options{BaseRouter: r}`, or by position
          // `route{"GET", "/items", list}`) holds that value.
          // A value the literal's expression does not tell (a server built by a chain of config calls) is still
          // of the field's declared type: `&apiServer{server: built}` then `s.server.Engine` reaches its engine.
          const written = this.literalKey(obj, e.name);
          let writtenUnknown: GoValue | undefined;
          if (written !== undefined && obj.literal !== undefined) {
            const value = this.evaluate(obj.literal.kw[written] as Expr, obj.literal.env);
            if (value.k !== 'unknown') return value;
            if (value.text !== '?') writtenUnknown = value;
          }
          const decl = this.packages.get(obj.type.dir)?.types.get(obj.type.name);
          // The embedded engine read by its type's name (`s.Engine`, `s.httpAPIServer.Engine`).
          if (decl?.struct?.fields.some((f) => f.name === '' && embeddedName(f.type) === e.name)) {
            const router = this.embeddedRouter(obj.type);
            if (router !== undefined) return router;
          }
          const field = decl?.struct?.fields.find((f) => f.name === e.name);
          if (field !== undefined && routerParamType(field.type) !== undefined)
            return this.fieldRouter(obj.type, field.name, field.type);
          // A string field the literal leaves out is Go's zero value: `options.BaseURL+"/x"` is "/x", not unresolved.
          // A string field written with a value not known here is not its zero value: the value's expression is kept.
          if (obj.literal !== undefined && field?.type === 'string')
            return writtenUnknown ?? { k: 'str', v: knownPath('') };
          if (decl !== undefined && field !== undefined) {
            // The field's type is written in the struct's file, so its qualifier is read with that file's imports.
            const type = this.typeOf(field.type, this.fileEnv(decl.file));
            const via = [...(obj.via ?? []), { name: field.name, ...(field.tag ? { tag: field.tag } : {}) }];
            const inline = /^struct\s*\{/.test(field.type) ? field.type : undefined;
            return { k: 'obj', ...(type ? { type } : {}), via, ...(inline ? { inline } : {}) };
          }
        }
        return { k: 'unknown', text: renderExpr(e) };
      }
      case 'call':
        return this.evaluateCall(e, env);
      default: {
        // `handlers...` spread into a call is the slice itself.
        const spread = spreadName(e);
        return spread === undefined ? { k: 'unknown', text: renderExpr(e) } : this.lookup(spread, env);
      }
    }
  }

  private route(
    router: Extract<GoValue, { k: 'router' }>,
    methods: HttpMethod[],
    pathExpr: Expr | undefined,
    env: Env,
    line: number,
    handlerExpr?: Expr,
    middlewareExprs?: readonly Expr[],
  ): void {
    if (pathExpr === undefined) return;
    const path = this.pathOf(pathExpr, env);
    const handler = handlerExpr === undefined ? undefined : this.handlerOf(handlerExpr, env, 0);
    const machinery =
      goMachinery(methods, path, handlerExpr, (id) => this.holdsFileServer(id, env)) ??
      this.bodyMachinery(handler) ??
      this.heldFileServer(handler, env);
    const handlerText = handler === undefined && handlerExpr !== undefined ? renderExpr(handlerExpr) : undefined;
    const middleware = this.guardRefs(middlewareExprs ?? [], env, line);
    const place = this.writtenAt(pathExpr, env) ?? this.passedAt(pathExpr, env, 0) ?? { file: env.file.path, line };
    // A file server answers GET (and HEAD) whatever the registration accepts.
    this.graph.addRoute(router.node, machinery === 'static files' ? ['GET'] : methods, path, {
      file: place.file,
      line: place.line,
      framework: router.fw,
      ...(handler ? { handler } : {}),
      ...(handlerText !== undefined ? { handlerText } : {}),
      ...(middleware.length > 0 ? { middleware } : {}),
      ...(machinery ? { machinery } : {}),
      seq: this.seq++,
    });
  }

  /**
   * Where a path read from a table entry (`route.Pattern`, the entry a struct literal) is written: the route is declared
   * there, not in the helper that registers every entry.
   */
  private writtenAt(pathExpr: Expr, env: Env): { file: string; line: number } | undefined {
    if (pathExpr.k !== 'attr') return undefined;
    const obj = this.evaluate(pathExpr.obj, env);
    const key = obj.k === 'obj' ? this.literalKey(obj, pathExpr.name) : undefined;
    const at = obj.k === 'obj' && key !== undefined ? obj.literal?.kw[`#at:${key}`] : undefined;
    return at?.k === 'num' && obj.k === 'obj' && obj.literal !== undefined
      ? { file: obj.literal.env.file.path, line: at.v }
      : undefined;
  }

  /** A value made by a literal of a struct type with a router field (`&router{c}` of `type router struct{ chi chi.Router }`). */
  private wrapsRouter(obj: Extract<GoValue, { k: 'obj' }>): boolean {
    if (obj.literal === undefined || obj.type === undefined) return false;
    const decl = this.packages.get(obj.type.dir)?.types.get(obj.type.name);
    return decl?.struct?.fields.some((f) => routerParamType(f.type) !== undefined) === true;
  }

  /**
   * Where a path a function was handed is written: a project wrapper forwarding its pattern to the router
   * (`func (r *router) Get(pattern string, fn apiHandler) { r.chi.Get(pattern, handler(fn)) }`) declares the route
   * at its caller's `r.Get("/health", …)`, where the path is, not once in the wrapper for every route.
   */
  private passedAt(pathExpr: Expr, env: Env, depth: number): { file: string; line: number } | undefined {
    if (pathExpr.k !== 'name' || depth > 3) return undefined;
    let scope: Env | undefined = env;
    while (scope !== undefined && !scope.vars.has(pathExpr.id)) scope = scope.parent;
    const site = scope?.site;
    if (site === undefined) return undefined;
    const index = site.fn.params.findIndex((p) => p.name === pathExpr.id && p.variadic !== true);
    const arg = index < 0 ? undefined : site.call.args[index];
    if (arg === undefined) return undefined;
    return (
      this.writtenAt(arg, site.env) ??
      this.passedAt(arg, site.env, depth + 1) ?? { file: site.env.file.path, line: site.call.line }
    );
  }

  /** The key under which a struct literal holds field `name`: its name, or `#i` for a literal written by position. */
  private literalKey(obj: Extract<GoValue, { k: 'obj' }>, name: string): string | undefined {
    const kw = obj.literal?.kw;
    if (kw === undefined) return undefined;
    if (kw[name] !== undefined) return name;
    if (kw['#0'] === undefined || obj.type === undefined) return undefined;
    const index = this.packages
      .get(obj.type.dir)
      ?.types.get(obj.type.name)
      ?.struct?.fields.findIndex((f) => f.name === name);
    return index !== undefined && index >= 0 && kw[`#${index}`] !== undefined ? `#${index}` : undefined;
  }

  /**
   * The guards a call's arguments name, a slice spread in (`Group("/notes", handlers...)`, of `handlers :=
   * []gin.HandlerFunc{…}` or a variadic parameter) read element by element where each was written.
   */
  private guardRefs(args: readonly Expr[], env: Env, line: number): GoGuardRef[] {
    return args.flatMap((a) => {
      const spread = spreadName(a) === undefined ? undefined : this.evaluate(a, env);
      if (spread?.k !== 'list' || spread.sources === undefined) return [this.guardRef(a, env, line)];
      return spread.sources.flatMap((s) => this.guardRefs([s.expr], s.env, line));
    });
  }

  /** `line` is the line of the call that names the guard, for a guard written as a bare name (`r.Use(auth)`). */
  private guardRef(expr: Expr, env: Env, line = 0): GoGuardRef {
    const target = expr.k === 'call' ? expr.fn : expr;
    const options =
      expr.k === 'call'
        ? expr.args.find((a) => a.k === 'call' && a.kw['#composite'] !== undefined && a.kw['#slice'] === undefined)
        : undefined;
    const config = options?.k === 'call' ? this.guardConfig(options.kw, env) : undefined;
    const resolved = this.evaluate(target, env);
    const wraps = expr.k === 'call' && resolved.k === 'func' ? this.wrappedGuard(resolved.fn, expr, env) : undefined;
    return {
      expr,
      resolved,
      ...(wraps ? { wraps } : {}),
      file: env.file.path,
      line: expr.k === 'call' ? expr.line : line,
      ...(config ? { config } : {}),
    };
  }

  /** The project function a guard adapter call is handed (`middleware(fn)`, `fn` bound to the app's `a.requireToken`). */
  private wrappedGuard(adapter: GoFunc, call: Extract<Expr, { k: 'call' }>, env: Env): GoGuardRef['wraps'] {
    if (call.kw['#composite'] !== undefined) return undefined;
    for (const [i, arg] of call.args.entries()) {
      const param = adapter.params[i];
      const value = this.evaluate(arg, env);
      if (param !== undefined && value.k === 'func' && value.fn.id !== adapter.id)
        return { param: param.name, fn: value.fn, value };
    }
    return undefined;
  }

  /** The lists and functions a middleware's options literal sets. */
  private guardConfig(kw: Record<string, Expr>, env: Env): GoGuardConfig | undefined {
    const lists: Record<string, GoListValue> = {};
    const funcs: Record<string, GoFunc[]> = {};
    for (const [key, e] of Object.entries(kw)) {
      if (key.startsWith('#')) continue;
      const value = this.evaluate(e, env);
      if (value.k === 'func') funcs[key] = [value.fn, ...this.reachedFunctions(value, 2, new Set([value.fn.id]))];
      else if (value.k === 'list') {
        const strings = value.items.flatMap((v) => (v.k === 'str' && v.v.unresolved === undefined ? [v.v.known] : []));
        lists[key] = strings.length === value.items.length ? { strings } : { text: renderExpr(e) };
      } else if (value.k === 'obj' && value.via !== undefined && value.type === undefined)
        lists[key] = { via: value.via, text: renderExpr(e) };
      else if (/Prefix|Path/.test(key)) lists[key] = { text: renderExpr(e) };
    }
    return Object.keys(lists).length + Object.keys(funcs).length > 0 ? { lists, funcs } : undefined;
  }

  /** The project functions a function calls in its statements (`id, err := a.uc.ParseUserID(c)`), `depth` levels deep. */
  private reachedFunctions(value: GoValue, depth: number, seen: Set<string>): GoFunc[] {
    if (value.k !== 'func' || depth <= 0) return [];
    const env: Env = { vars: new Map(), parent: value.env, file: this.fileByPath.get(value.fn.file) ?? value.env.file };
    if (value.fn.receiverName !== undefined && value.recv !== undefined)
      env.vars.set(value.fn.receiverName, value.recv);
    const out: GoFunc[] = [];
    for (const stmt of value.fn.body) {
      const calls = stmt.k === 'expr' ? [stmt.e] : stmt.k === 'assign' || stmt.k === 'return' ? stmt.values : [];
      for (const call of calls) {
        if (call.k !== 'call' || call.kw['#composite'] !== undefined) continue;
        const callee = this.evaluate(call.fn, env);
        if (callee.k !== 'func' || seen.has(callee.fn.id)) continue;
        seen.add(callee.fn.id);
        out.push(callee.fn, ...this.reachedFunctions(callee, depth - 1, seen));
      }
    }
    return out;
  }

  private addUse(router: Extract<GoValue, { k: 'router' }>, args: readonly Expr[], env: Env, line: number): void {
    const list = this.uses.get(router.node) ?? [];
    for (const ref of this.guardRefs(args, env, line))
      list.push({
        ...ref,
        seq: this.seq++,
        ...(this.branches > 0 ? { conditional: true } : {}),
      });
    this.uses.set(router.node, list);
  }

  /**
   * A handler whose own body hands the request to a file server (`http.StripPrefix("/assets/",
   * http.FileServer(fs)).ServeHTTP(w, r)`), seen through the project's handler adapters.
   */
  private bodyServesFiles(fn: GoFunc): boolean {
    return bodyCalls(fn, /^(FileServer|FileServerFS)$/);
  }

  /**
   * What machinery a handler's own body makes of a route: files it hands to a file server, or the OpenAPI document
   * the generated code embeds (`swagger, _ := api.GetSwagger(); json.NewEncoder(w).Encode(swagger)`), which is the
   * spec served, not an operation of the API.
   */
  /**
   * Whether a handler writes a file embedded in the binary as it is (`//go:embed config.schema.json` on `var
   * ConfigSchema []byte`, then `w.Write(docs.ConfigSchema)`, `w.Write([]byte(docs.OpenAPI))` or Gin's `c.Data(200,
   * ct, docs.X)`): a static file served, not an operation. A template parsed from one (`t.Parse(web.IndexTmpl)`) is
   * not the file as it is.
   */
  private writesEmbeddedFile(fn: GoFunc): boolean {
    const file = this.fileByPath.get(fn.file);
    if (file === undefined) return false;
    const embedded = (e: Expr, depth: number): boolean => {
      // A conversion (`[]byte(x)`, `string(x)`) is the same bytes.
      if (e.k === 'call' && e.args.length === 1 && depth < 2) return embedded(e.args[0] as Expr, depth + 1);
      if (e.k === 'name') return this.packages.get(file.dir)?.files.some((f) => f.embedded?.has(e.id)) === true;
      if (e.k !== 'attr' || e.obj.k !== 'name') return false;
      const imported = file.imports.get(e.obj.id);
      const pkg = imported === undefined ? undefined : this.packageOf(imported);
      return pkg?.files.some((f) => f.embedded?.has(e.name)) === true;
    };
    const writes = (e: Expr): boolean =>
      e.k === 'call' &&
      e.fn.k === 'attr' &&
      /^(Write|WriteString|Data)$/.test(e.fn.name) &&
      e.args.some((a) => embedded(a, 0));
    return fn.body.some((st) => (st.k === 'expr' ? writes(st.e) : st.k === 'assign' ? st.values.some(writes) : false));
  }

  /** Whether a variable holds a file server made by net/http (`fs := http.FileServer(root)`). */
  private holdsFileServer(id: string, env: Env): boolean {
    const held = this.lookup(id, env);
    return held.k === 'ext' && held.path === 'net/http' && /^FileServer(?:FS)?$/.test(held.made);
  }

  /**
   * A handler literal that hands each request to a file server the function registering it made (`fs :=
   * http.FileServer(root)`, then `r.Get(path+"*", func(w, r) { …; fs.ServeHTTP(w, r) })`): static files.
   */
  private heldFileServer(fn: GoFunc | undefined, env: Env): GoRouteInfo['machinery'] {
    for (const st of fn?.body ?? []) {
      const callee = st.k === 'expr' && st.e.k === 'call' ? st.e.fn : undefined;
      if (callee?.k !== 'attr' || callee.name !== 'ServeHTTP' || callee.obj.k !== 'name') continue;
      if (this.holdsFileServer(callee.obj.id, env)) return 'static files';
    }
    return undefined;
  }

  private bodyMachinery(fn: GoFunc | undefined): GoRouteInfo['machinery'] {
    if (fn === undefined) return undefined;
    if (this.bodyServesFiles(fn) || this.writesEmbeddedFile(fn)) return 'static files';
    return bodyCalls(fn, EMBEDDED_SPEC_READERS) ? 'spec' : undefined;
  }

  /**
   * The parameter of a project adapter that its returned handler calls (`func ToHTTPHandler(deps, h HttpHandler,
   * mws ...Middleware) http.HandlerFunc { return func(w, r) { …; h(deps, c) } }`): the index of `h`, or undefined.
   */
  private forwardedParam(fn: GoFunc, file: GoFile): number | undefined {
    for (const st of fn.body) {
      const returned = st.k === 'return' ? st.values[0] : undefined;
      if (returned?.k !== 'name' || !returned.id.startsWith(FUNC_LITERAL)) continue;
      const literal = this.findLiteral(returned.id.slice(FUNC_LITERAL.length), file);
      for (const inner of literal?.body ?? []) {
        if (inner.k !== 'expr' || inner.e.k !== 'call' || inner.e.fn.k !== 'name') continue;
        const id = inner.e.fn.id;
        const index = fn.params.findIndex((p) => p.name === id);
        if (index >= 0) return index;
      }
    }
    return undefined;
  }

  /** The function a handler argument names: `h.Get`, `getUser`, `func(c *gin.Context) {…}`, `http.HandlerFunc(f)`. */
  private handlerOf(e: Expr, env: Env, depth: number): GoFunc | undefined {
    if (depth > 3) return undefined;
    if (e.k === 'call' && e.kw['#composite'] === undefined) {
      const name = e.fn.k === 'attr' ? e.fn.name : e.fn.k === 'name' ? e.fn.id : '';
      // Conversions and adapters wrapping the real handler.
      if (['HandlerFunc', 'WrapF', 'WrapH'].includes(name) && e.args.length === 1)
        return this.handlerOf(e.args[0] as Expr, env, depth + 1);
    }
    if (e.k !== 'name' && e.k !== 'attr' && e.k !== 'call') return undefined;
    // A project wrapper built around the handler (`requestlog.NewHandler(api.Create, l).ServeHTTP`, a logging or
    // metrics decorator) hands each request on to the handler it was given: that handler says what the route
    // accepts and answers.
    // A project adapter that returns a handler calling the function it was given (`ToHTTPHandler(deps,
    // handlers.HandleLogin, mws...)`): that function is the route's handler.
    if (e.k === 'call' && e.kw['#composite'] === undefined) {
      const adapter = this.evaluate(e.fn, env);
      const index = adapter.k === 'func' ? this.forwardedParam(adapter.fn, adapter.env.file) : undefined;
      const given = index === undefined ? undefined : e.args[index];
      const inner = given === undefined ? undefined : this.handlerOf(given, env, depth + 1);
      if (inner !== undefined) return inner;
    }
    const built = e.k === 'attr' && e.name === 'ServeHTTP' ? e.obj : undefined;
    if (built?.k === 'call' && built.kw['#composite'] === undefined)
      for (const arg of built.args) {
        const inner = this.handlerOf(arg, env, depth + 1);
        if (inner !== undefined && servesRequests(inner)) return inner;
      }
    const value = this.evaluate(e, env);
    return value.k === 'func' ? value.fn : undefined;
  }

  private child(
    parent: Extract<GoValue, { k: 'router' }>,
    prefix: PathText,
    guards: readonly Expr[] = [],
    env?: Env,
    line = 0,
  ): Extract<GoValue, { k: 'router' }> {
    const node = this.graph.addNode();
    this.graph.mount(parent.node, node, prefix);
    this.createdAt.set(node, this.seq++);
    if (guards.length > 0 && env) this.nodeGuards.set(node, this.guardRefs(guards, env, line));
    return { k: 'router', node, fw: parent.fw };
  }

  private routerCall(
    router: Extract<GoValue, { k: 'router' }>,
    method: string,
    e: Extract<Expr, { k: 'call' }>,
    env: Env,
  ): GoValue {
    const [a0, a1] = e.args;
    // The handler is the last argument; middleware comes before it.
    const last = e.args.length > 1 ? e.args[e.args.length - 1] : undefined;
    if (router.fw === 'gin') {
      const middle = e.args.slice(1, -1);
      if (GIN_VERBS.has(method)) this.route(router, [method as HttpMethod], a0, env, e.line, last, middle);
      else if (method === 'Any') this.route(router, ANY_METHODS, a0, env, e.line, last, middle);
      else if (method === 'Handle' && a0 !== undefined) {
        const verb = this.evaluate(a0, env);
        if (verb.k === 'str' && GIN_VERBS.has(verb.v.known.toUpperCase()))
          this.route(router, [verb.v.known.toUpperCase() as HttpMethod], a1, env, e.line, e.args[e.args.length - 1]);
      } else if (method === 'Match' && a0 !== undefined) {
        // `Match([]string{"GET", "HEAD"}, path, handlers...)`: one route per listed method.
        const list = this.evaluate(a0, env);
        const verbs =
          list.k === 'list'
            ? list.items.flatMap((v) =>
                v.k === 'str' && GIN_VERBS.has(v.v.known.toUpperCase()) ? [v.v.known.toUpperCase()] : [],
              )
            : [];
        if (verbs.length > 0)
          this.route(router, verbs as HttpMethod[], a1, env, e.line, e.args[e.args.length - 1], e.args.slice(2, -1));
      } else if ((method === 'Static' || method === 'StaticFS') && a0 !== undefined) {
        // `router.Static("/assets", "./assets")`: files under the prefix, at gin's own `/*filepath`.
        this.staticMount(router, a0, '/*filepath', env, e.line);
      } else if ((method === 'StaticFile' || method === 'StaticFileFS') && a0 !== undefined) {
        this.staticMount(router, a0, '', env, e.line);
      } else if (method === 'Group') return this.child(router, this.pathOf(a0, env), e.args.slice(1), env, e.line);
      else if (method === 'Use') {
        // gin-contrib/static's `r.Use(static.Serve("/", static.LocalFile("./web", true)))` serves files under its
        // prefix for every path no route takes: machinery, listed; the rest is middleware.
        const [files, middleware] = partition(e.args, isStaticServe);
        for (const f of files)
          if (f.k === 'call' && f.args[0] !== undefined) this.staticMount(router, f.args[0], '/*filepath', env, e.line);
        this.addUse(router, middleware, env, e.line);
        return router;
      }
      return UNKNOWN;
    }
    if (router.fw === 'nethttp') {
      if (method === 'Handle' || method === 'HandleFunc') this.serveMuxRoute(router, a0, a1, env, e.line);
      return UNKNOWN;
    }
    const verb = CHI_VERBS[method];
    if (verb !== undefined) this.route(router, [verb], a0, env, e.line, a1);
    else if ((method === 'Method' || method === 'MethodFunc') && a0 !== undefined) {
      const m = this.evaluate(a0, env);
      const name = m.k === 'str' ? m.v.known.toUpperCase() : '';
      if (ANY_METHODS.includes(name as HttpMethod) || name === 'TRACE')
        this.route(router, [name as HttpMethod], a1, env, e.line, e.args[2]);
    } else if (method === 'Handle' || method === 'HandleFunc') {
      const target = a1 === undefined ? UNKNOWN : this.evaluate(a1, env);
      if (target.k === 'router') this.graph.mount(router.node, target.node, this.pathOf(a0, env));
      else this.route(router, ANY_METHODS, a0, env, e.line, a1);
    } else if (method === 'Route') {
      const sub = this.child(router, this.pathOf(a0, env));
      const fn = a1 === undefined ? UNKNOWN : this.evaluate(a1, env);
      if (fn.k === 'func') this.call(fn.fn, [sub], fn.env, fn.recv);
      return sub;
    } else if (method === 'Mount') {
      const target = a1 === undefined ? UNKNOWN : this.evaluate(a1, env);
      if (target.k === 'router') this.graph.mount(router.node, target.node, this.pathOf(a0, env));
      else if (a0 !== undefined && a1 !== undefined) {
        // A handler mounted as a subtree: machinery is listed under it (`r.Mount("/debug", middleware.Profiler())`);
        // a project handler, or one a library makes (`r.Mount("/metrics", promhttp.Handler())`), answers the path
        // itself, every method. A value not known to be a handler (a router built where it is not followed) adds none.
        const machinery = mountedMachinery(a1, (id) => this.holdsFileServer(id, env));
        if (machinery !== undefined) this.machineryRoute(router, this.pathOf(a0, env), '/*', machinery, env, e.line);
        else if (this.handlerOf(a1, env, 0) !== undefined || this.madeByLibrary(a1, env))
          this.route(router, ANY_METHODS, a0, env, e.line, a1);
      }
    } else if (method === 'Group') {
      const sub = this.child(router, knownPath(''));
      const fn = a0 === undefined ? UNKNOWN : this.evaluate(a0, env);
      if (fn.k === 'func') this.call(fn.fn, [sub], fn.env, fn.recv);
      return sub;
    } else if (method === 'With') return this.child(router, knownPath(''), e.args, env, e.line);
    else if (method === 'Use') {
      this.addUse(router, e.args, env, e.line);
      return router;
    }
    return UNKNOWN;
  }

  /** Whether an expression is a call of a package outside the checkout (`promhttp.Handler()`). */
  private madeByLibrary(e: Expr, env: Env): boolean {
    if (e.k !== 'call' || e.kw['#composite'] !== undefined || e.fn.k !== 'attr') return false;
    const pkg = this.evaluate(e.fn.obj, env);
    return pkg.k === 'pkg' && pkg.dir === undefined;
  }

  /** Gin's `Static`/`StaticFS`/`StaticFile`: machinery listed at its path (`tail` is the catch-all gin adds). */
  private staticMount(
    router: Extract<GoValue, { k: 'router' }>,
    pathExpr: Expr,
    tail: string,
    env: Env,
    line: number,
  ): void {
    this.machineryRoute(router, this.pathOf(pathExpr, env), tail, 'static files', env, line);
  }

  private machineryRoute(
    router: Extract<GoValue, { k: 'router' }>,
    path: PathText,
    tail: string,
    machinery: NonNullable<GoRouteInfo['machinery']>,
    env: Env,
    line: number,
  ): void {
    const full = tail === '' ? path : { ...path, known: `${path.known.replace(/\/+$/, '')}${tail}` };
    this.graph.addRoute(router.node, ['GET'], full, {
      file: env.file.path,
      line,
      framework: router.fw,
      machinery,
      seq: this.seq++,
    });
  }

  /**
   * The router a struct field of a router type holds (`engine *gin.Engine` of `type AdminServer struct`): one per
   * struct type and field, so the method that makes the engine (`s.engine = gin.New()`), the one that installs the
   * middlewares and the one that adds the routes (`s.engine.Group(…)`) reach the same router.
   */
  private fieldRouter(
    type: { dir: string; name: string },
    field: string,
    fieldType: string,
  ): Extract<GoValue, { k: 'router' }> {
    const key = `${type.dir}:${type.name}.${field}`;
    const known = this.fieldRouters.get(key);
    if (known !== undefined) return known;
    const router = routerParamType(fieldType) ?? { fw: 'gin', root: true };
    const made: Extract<GoValue, { k: 'router' }> = {
      k: 'router',
      node: this.graph.addNode(router.root ? knownPath('') : unknownPath(`${type.name}.${field}`)),
      fw: router.fw,
    };
    this.fieldRouters.set(key, made);
    return made;
  }

  /** `s.engine = engine`: the field's router is that router (one read before the assignment is mounted in it). */
  /**
   * A router set on a field of a value this function made (`sub := new(router); sub.chi = c`, a project wrapper over
   * chi built per `Route` group): that value's own field, so each wrapper reaches its own group, not one router shared
   * by the type as a server struct's field is.
   */
  private setOwnField(name: string, written: Expr, value: GoValue, env: Env): boolean {
    const [objName, field, more] = name.split('.');
    if (value.k !== 'router' || objName === undefined || field === undefined || more !== undefined) return false;
    const obj = env.vars.get(objName);
    if (obj?.k !== 'obj' || obj.type === undefined) return false;
    if (obj.literal === undefined ? obj.fresh !== true : obj.literal.env !== env) return false;
    const decl = this.packages.get(obj.type.dir)?.types.get(obj.type.name);
    if (!decl?.struct?.fields.some((f) => f.name === field && routerParamType(f.type) !== undefined)) return false;
    env.vars.set(objName, { ...obj, literal: { kw: { ...(obj.literal?.kw ?? {}), [field]: written }, env } });
    return true;
  }

  private assignField(name: string, value: GoValue, env: Env): void {
    const [objName, field, more] = name.split('.');
    if (value.k !== 'router' || objName === undefined || field === undefined || more !== undefined) return;
    const obj = this.lookup(objName, env);
    if (obj.k !== 'obj' || obj.type === undefined) return;
    const decl = this.packages.get(obj.type.dir)?.types.get(obj.type.name);
    if (!decl?.struct?.fields.some((f) => f.name === field && routerParamType(f.type) !== undefined)) return;
    const key = `${obj.type.dir}:${obj.type.name}.${field}`;
    const known = this.fieldRouters.get(key);
    if (known === undefined) this.fieldRouters.set(key, value);
    else if (known.node !== value.node) this.graph.mount(value.node, known.node, knownPath(''));
  }

  /**
   * The router a struct embeds (`type APIServer struct{ …; *gin.Engine }`), directly or through an embedded project
   * struct: one per struct type. A generic server package's methods (`s.GET("/healthz", …)`, `s.Use(…)`) and the
   * package that adds the API through `initRouter(s.Engine)` then reach the same engine.
   */
  private embeddedRouter(
    type: { dir: string; name: string },
    depth = 0,
  ): Extract<GoValue, { k: 'router' }> | undefined {
    const key = `${type.dir}:${type.name}`;
    if (this.embedded.has(key)) return this.embedded.get(key);
    this.embedded.set(key, undefined);
    const decl = this.packages.get(type.dir)?.types.get(type.name);
    let found: Extract<GoValue, { k: 'router' }> | undefined;
    for (const f of decl?.struct?.fields ?? []) {
      if (f.name !== '' || found !== undefined) continue;
      const router = routerParamType(f.type);
      if (router !== undefined)
        found = {
          k: 'router',
          node: this.graph.addNode(router.root ? knownPath('') : unknownPath(type.name)),
          fw: router.fw,
        };
      else if (decl !== undefined && depth < 3) {
        const inner = this.typeOf(f.type, this.fileEnv(decl.file));
        if (inner !== undefined) found = this.embeddedRouter(inner, depth + 1);
      }
    }
    this.embedded.set(key, found);
    return found;
  }

  /** `mux.Handle(pattern, h)`: a route, or a mount when `h` is a mux (a `StripPrefix` wrapper mounts below its prefix). */
  private serveMuxRoute(
    router: Extract<GoValue, { k: 'router' }>,
    patternExpr: Expr | undefined,
    handlerExpr: Expr | undefined,
    env: Env,
    line: number,
  ): void {
    if (patternExpr === undefined) return;
    const target = handlerExpr === undefined ? UNKNOWN : this.evaluate(handlerExpr, env);
    const pattern = this.pathOf(patternExpr, env);
    if (target.k === 'router') {
      // The sub-mux sees the full path: its own patterns carry the prefix.
      this.graph.mount(router.node, target.node, knownPath(''));
      return;
    }
    const parsed = pattern.unresolved === undefined ? parseServeMuxPattern(pattern.known) : undefined;
    if (pattern.unresolved === undefined && parsed === undefined) return;
    const handler = handlerExpr === undefined ? undefined : this.handlerOf(handlerExpr, env, 0);
    const methods = parsed?.methods ?? ANY_METHODS;
    // `"/"` (not `"/{$}"`) is the subtree of every path: whatever no other pattern matches comes here (a web UI,
    // a not-found page), so it is a fallback, not an operation.
    const rootSubtree = parsed?.path === '/' && !/\{\$\}\s*$/.test(pattern.known);
    const machinery =
      goMachinery(methods, pattern, handlerExpr) ??
      this.bodyMachinery(handler) ??
      (rootSubtree ? 'catch-all' : undefined);
    this.graph.addRoute(
      router.node,
      machinery === 'static files' ? ['GET'] : methods,
      parsed ? knownPath(parsed.path) : pattern,
      {
        file: env.file.path,
        line,
        framework: 'nethttp',
        ...(handler ? { handler } : {}),
        ...(machinery ? { machinery } : {}),
      },
    );
  }

  /** The mux behind the package-level `http.Handle`/`http.HandleFunc` of this checkout. */
  private defaultMux(): Extract<GoValue, { k: 'router' }> {
    this.defaultServeMux ??= { k: 'router', node: this.graph.addNode(), fw: 'nethttp' };
    return this.defaultServeMux;
  }

  private defaultServeMux: Extract<GoValue, { k: 'router' }> | undefined;

  private evaluateCall(e: Extract<Expr, { k: 'call' }>, env: Env): GoValue {
    if (e.kw['#composite'] !== undefined) {
      if (e.kw['#slice'] !== undefined) {
        const items: GoValue[] = [];
        const sources: { expr: Expr; env: Env }[] = [];
        for (let i = 0; e.kw[`#${i}`] !== undefined; i++) {
          items.push(this.evaluate(e.kw[`#${i}`] as Expr, env));
          sources.push({ expr: e.kw[`#${i}`] as Expr, env });
        }
        return { k: 'list', id: this.lists++, items, sources };
      }
      const name = dottedName(e.fn);
      if (name !== undefined && /^http\.ServeMux$/.test(name) && env.file.imports.get('http') === 'net/http')
        return { k: 'router', node: this.graph.addNode(), fw: 'nethttp' };
      const type = name === undefined ? undefined : this.typeOf(name, env);
      return { k: 'obj', ...(type ? { type } : {}), literal: { kw: e.kw, env } };
    }
    if (e.fn.k === 'attr') {
      const method = e.fn.name;
      const recv = this.evaluate(e.fn.obj, env);
      if (recv.k === 'router') return this.routerCall(recv, method, e, env);
      // A method the struct does not declare is its embedded engine's (`s.GET(…)` on a `struct{ *gin.Engine }`).
      if (recv.k === 'obj' && recv.type !== undefined) {
        const declared = this.packages.get(recv.type.dir)?.methods.has(`${recv.type.name}.${method}`);
        const router = declared === true ? undefined : this.embeddedRouter(recv.type);
        if (router !== undefined) return this.routerCall(router, method, e, env);
      }
      if (recv.k === 'ext') {
        // go-gin-prometheus's `p.Use(engine)` installs its middleware and answers `GET /metrics` on the engine.
        const target = e.args[0] === undefined ? UNKNOWN : this.evaluate(e.args[0], env);
        if (target.k === 'router' && /^(Use|UseWithAuth|SetMetricsPath)$/.test(method))
          this.machineryRoute(target, knownPath('/metrics'), '', 'metrics', env, e.line);
        return UNKNOWN;
      }
      if (recv.k === 'pkg') {
        // gin-contrib/pprof's `Register(r, prefix...)`: the profiling handlers under `/debug/pprof` or the prefix.
        if (recv.path === 'github.com/gin-contrib/pprof' && (method === 'Register' || method === 'RouteRegister')) {
          const target = e.args[0] === undefined ? UNKNOWN : this.evaluate(e.args[0], env);
          const prefix = e.args[1] === undefined ? knownPath('/debug/pprof') : this.pathOf(e.args[1], env);
          if (target.k === 'router') this.machineryRoute(target, prefix, '/*path', 'profiling', env, e.line);
          return UNKNOWN;
        }
        if (/^github\.com\/zsais\/go-gin-prometheus$/.test(recv.path) && method === 'NewPrometheus')
          return { k: 'ext', path: recv.path, made: method };
        const fw = frameworkOfImport(recv.path);
        if (fw === 'gin' && (method === 'Default' || method === 'New'))
          return { k: 'router', node: this.graph.addNode(), fw };
        if (fw === 'chi' && (method === 'NewRouter' || method === 'NewMux'))
          return { k: 'router', node: this.graph.addNode(), fw };
        if (recv.path === 'net/http') {
          if (method === 'NewServeMux') return { k: 'router', node: this.graph.addNode(), fw: 'nethttp' };
          if (method === 'FileServer' || method === 'FileServerFS') return { k: 'ext', path: recv.path, made: method };
          if (method === 'Handle' || method === 'HandleFunc') return this.routerCall(this.defaultMux(), method, e, env);
          if (method === 'StripPrefix' && e.args.length === 2) {
            const inner = this.evaluate(e.args[1] as Expr, env);
            if (inner.k !== 'router') return inner;
            // The wrapped mux sees paths with the prefix removed: it is mounted below it.
            const wrapper = this.graph.addNode();
            this.graph.mount(wrapper, inner.node, this.pathOf(e.args[0], env));
            return { k: 'router', node: wrapper, fw: 'nethttp' };
          }
        }
        if (recv.path === 'fmt' && method === 'Sprintf') return this.sprintf(e.args, env);
        if (recv.path === 'path' && method === 'Join') {
          let out: PathText = knownPath('');
          for (const a of e.args) out = concatText(out, concatText(knownPath('/'), this.pathOf(a, env)));
          return { k: 'str', v: out };
        }
        if (recv.path === 'os' && method === 'Getenv' && e.args[0]?.k === 'str')
          return { k: 'unknown', text: renderExpr(e) };
      }
    }
    // `var C = new(Config)`: a value of the declared type, whose fields lead to the configuration it holds.
    if (e.fn.k === 'name' && e.fn.id === 'new' && e.args.length === 1) {
      const name = dottedName(e.args[0] as Expr);
      const type = name === undefined ? undefined : this.typeOf(name, env);
      if (type !== undefined) return { k: 'obj', type, fresh: true };
    }
    const callee = this.evaluate(e.fn, env);
    if (callee.k !== 'func') {
      // A method of an object whose type is not known: try the project's methods of that name taking routers.
      const args = e.args.map((a) => this.evaluate(a, env));
      if (e.fn.k === 'attr' && args.some((a) => a.k === 'router')) {
        const name = e.fn.name;
        let result: GoValue = UNKNOWN;
        for (const pkg of this.packages.values()) {
          for (const [key, fn] of pkg.methods) {
            if (!key.endsWith(`.${name}`)) continue;
            const file = this.fileByPath.get(fn.file) as GoFile;
            const r = this.call(fn, args, this.fileEnv(file));
            if (r.k !== 'unknown') result = r;
          }
        }
        return result;
      }
      return callee.k === 'obj' ? callee : UNKNOWN;
    }
    if (e.args.length === 0 && EMBEDDED_SPEC_LOADERS.has(callee.fn.name) && callee.fn.receiverType === undefined) {
      const doc = this.embeddedSpec(callee.fn);
      if (doc !== undefined) return { k: 'doc', json: doc };
    }
    const args = e.args.map((a) => this.evaluate(a, env));
    // The arguments a variadic parameter takes (`Register(g, auth, audit)` of `mws ...gin.HandlerFunc`) are one
    // slice there, read guard by guard when spread into `Group`/`Use`; a slice spread in (`mws...`) is passed as is.
    const variadic = callee.fn.params.findIndex((p) => p.variadic === true);
    const rest = variadic < 0 ? [] : e.args.slice(variadic);
    if (variadic >= 0 && rest.length > 0 && !(rest.length === 1 && spreadName(rest[0] as Expr) !== undefined))
      args.splice(variadic, rest.length, {
        k: 'list',
        id: this.idOf(e),
        items: args.slice(variadic),
        sources: rest.map((expr) => ({ expr, env })),
      });
    return this.call(callee.fn, args, callee.env, callee.recv, callee.typeArgs, { call: e, fn: callee.fn, env });
  }

  /**
   * The OpenAPI document an oapi-codegen package embeds (`embedded-spec: true`): `var swaggerSpec = []string{…}`,
   * the document's JSON compressed (gzip in older versions, raw deflate in newer) and base64-encoded in chunks, which
   * `GetSwagger()`/`GetSpec()` decode. Read once per package; undefined when the package holds no such value.
   */
  private embeddedSpec(fn: GoFunc): unknown {
    const file = this.fileByPath.get(fn.file);
    if (file === undefined) return undefined;
    const key = `${file.dir}:#embedded-spec`;
    if (this.embeddedSpecs.has(key)) return this.embeddedSpecs.get(key);
    this.embeddedSpecs.set(key, undefined);
    const pkg = this.packages.get(file.dir);
    const chunks = pkg === undefined ? undefined : this.member(pkg, 'swaggerSpec');
    const encoded =
      chunks?.k === 'list' && chunks.items.every((c) => c.k === 'str' && c.v.unresolved === undefined)
        ? chunks.items.map((c) => (c.k === 'str' ? c.v.known : '')).join('')
        : undefined;
    const doc = encoded === undefined ? undefined : decodeEmbeddedSpec(encoded);
    this.embeddedSpecs.set(key, doc);
    return doc;
  }

  private readonly embeddedSpecs = new Map<string, unknown>();

  private readonly ids = new WeakMap<object, number>();

  /** A number for an object, the same each time it is asked: identity in memo keys. */
  private idOf(o: object): number {
    let id = this.ids.get(o);
    if (id === undefined) {
      id = this.lists++;
      this.ids.set(o, id);
    }
    return id;
  }

  private call(
    fn: GoFunc,
    args: GoValue[],
    outer: Env,
    recv?: GoValue,
    typeArgs?: ReadonlyMap<string, GoTypeRef>,
    site?: CallSite,
  ): GoValue {
    this.evaluated.add(fn.id);
    // A function argument is part of the key: a shared helper called with each service's callback
    // (`server.RunHTTPServer(func(r chi.Router) … )`) registers different routes per call.
    // An options literal is part of it too (`HandlerWithOptions(si, ChiServerOptions{BaseURL: "/api", …})`): each
    // literal written in the code registers at its own router and base URL.
    // The receiver is part of it when it is a value the code made holding a router of its own (`&router{c}`, a
    // wrapper over each chi group): the wrapper's `With(fn)` returns a router of its own group, not the one the first
    // wrapper's call returned. A server struct keeps one key, so a method run alone first is not run again.
    const part = (a: GoValue): string =>
      a.k === 'router'
        ? `r${a.node}`
        : a.k === 'str'
          ? `s${a.v.known}`
          : a.k === 'func'
            ? `f${a.fn.id}`
            : a.k === 'list'
              ? `l${a.id}`
              : a.k === 'obj' && a.literal !== undefined
                ? `o${this.idOf(a.literal.kw)}.${this.idOf(a.literal.env)}`
                : a.k;
    const self = recv?.k === 'obj' && this.wrapsRouter(recv) ? `${part(recv)}.` : '';
    const key = `${self}${fn.id}(${args.map(part).join(',')})${typeArgs === undefined ? '' : `[${[...typeArgs.values()].map((t) => `${t.dir}.${t.name}`).join(',')}]`}`;
    const cached = this.memo.get(key);
    if (cached !== undefined) return cached;
    if (this.active.has(key) || this.depth > MAX_CALL_DEPTH) return UNKNOWN;
    this.active.add(key);
    this.depth++;
    const env: Env = {
      vars: new Map(),
      parent: outer,
      file: this.fileByPath.get(fn.file) ?? outer.file,
      ...(typeArgs ? { typeArgs } : {}),
      ...(site ? { site } : {}),
    };
    const returned = fn.results[0] === undefined ? undefined : routerParamType(fn.results[0]);
    if (returned !== undefined) {
      const names = fn.body.flatMap((stmt) =>
        stmt.k === 'return' && stmt.values[0]?.k === 'name' ? [stmt.values[0].id] : [],
      );
      if (names.length > 0) env.routerVars = new Map(names.map((n) => [n, returned]));
    }
    if (fn.receiverName !== undefined)
      env.vars.set(
        fn.receiverName,
        recv ?? { k: 'obj', ...(fn.receiverType ? { type: { dir: env.file.dir, name: fn.receiverType } } : {}) },
      );
    fn.params.forEach((p, i) => {
      const given = args[i];
      if (given !== undefined && given.k !== 'unknown') env.vars.set(p.name, given);
      // A text the caller computes in a way not read here (`HandlerFromMuxWithBaseURL(si, r, os.Getenv("BASE"))`)
      // keeps the caller's expression, so an unresolved prefix names what the app wrote.
      else if (given?.k === 'unknown' && given.text !== '?' && p.type === 'string') env.vars.set(p.name, given);
      else {
        const type = this.typeOf(p.type, env);
        env.vars.set(p.name, { k: 'obj', ...(type ? { type } : {}) });
      }
    });
    const result = this.exec(fn.body, env);
    this.depth--;
    this.active.delete(key);
    this.memo.set(key, result);
    return result;
  }

  private exec(body: GoStmt[], env: Env): GoValue {
    let result: GoValue = UNKNOWN;
    for (let i = 0; i < body.length; ) {
      const loop = body[i]?.loop;
      let end = i + 1;
      // Statements outside any loop stay one run: `if r == nil { r = … }` reads the statement before it.
      while (end < body.length && body[end]?.loop?.id === loop?.id) end++;
      const run = body.slice(i, end);
      i = end;
      const over = loop === undefined ? undefined : this.evaluate(loop.over, env);
      // A loop over a slice literal (a route table) runs once per entry, its value variable bound to the entry.
      const items = over?.k === 'list' && over.items.length > 0 ? over.items : [undefined];
      for (const item of items) {
        const scope: Env = item === undefined ? env : { vars: new Map(), parent: env, file: env.file };
        if (item !== undefined && loop !== undefined) {
          const name = loop.names[1];
          if (name !== undefined && name !== '_') scope.vars.set(name, item);
        }
        const value = this.execRun(run, scope);
        if (result.k === 'unknown' || result.k === 'obj') result = value.k === 'unknown' ? result : value;
      }
    }
    return result;
  }

  /** Whether a statement's `switch` cases can run: a tag known as text runs only its case (or the default). */
  private reachable(stmt: GoStmt, env: Env): boolean {
    for (const w of stmt.when ?? []) {
      const tag = this.evaluate(w.tag, env);
      if (tag.k !== 'str' || tag.v.unresolved !== undefined) continue;
      const texts = (values: Expr[]) =>
        values.map((v) => this.evaluate(v, env)).flatMap((v) => (v.k === 'str' ? [v.v.known] : []));
      const matches = texts(w.values).includes(tag.v.known);
      if (w.values.length > 0 ? !matches : texts(w.all).includes(tag.v.known)) return false;
    }
    return true;
  }

  private execRun(body: GoStmt[], env: Env): GoValue {
    let result: GoValue = UNKNOWN;
    // The variable the previous statement compared with nil (`if r == nil {`), whose branch the next assignment is.
    let nilChecked: string | undefined;
    for (const stmt of body) {
      if (!this.reachable(stmt, env)) continue;
      const checked = nilChecked;
      nilChecked =
        stmt.k === 'cond' && stmt.values.length === 2 && stmt.values.some((v) => v.k === 'none')
          ? stmt.values.find((v) => v.k === 'name')?.k === 'name'
            ? (stmt.values.find((v) => v.k === 'name') as { id: string }).id
            : undefined
          : undefined;
      switch (stmt.k) {
        case 'assign': {
          const values = stmt.values.map((v) => this.evaluate(v, env));
          stmt.names.forEach((name, i) => {
            if (name === '_') return;
            let value = values.length === 1 && i > 0 ? UNKNOWN : (values[i] ?? UNKNOWN);
            const typed = env.routerVars?.get(name);
            if (value.k === 'unknown' && typed !== undefined)
              value = {
                k: 'router',
                node: this.graph.addNode(typed.root ? knownPath('') : unknownPath(name)),
                fw: typed.fw,
              };
            // Keep a router once known: a later unknown reassignment (`r = middleware(r)`) is not a new router, and
            // the default of `if r == nil { r = chi.NewRouter() }` is not taken when a router was passed in.
            const before = env.vars.get(name);
            if (before?.k === 'router' && (value.k === 'unknown' || (value.k === 'router' && checked === name))) return;
            const written = stmt.values.length === stmt.names.length ? stmt.values[i] : undefined;
            if (name.includes('.') && written !== undefined && this.setOwnField(name, written, value, env)) return;
            if (name.includes('.')) this.assignField(name, value, env);
            env.vars.set(name, value);
          });
          break;
        }
        case 'var': {
          const type = this.typeOf(stmt.type, env);
          env.vars.set(stmt.name, { k: 'obj', ...(type ? { type } : {}) });
          break;
        }
        case 'expr':
          if (stmt.branch === true) this.branches++;
          try {
            this.evaluate(stmt.e, env);
          } finally {
            if (stmt.branch === true) this.branches--;
          }
          break;
        case 'return': {
          const first = stmt.values[0];
          if (first !== undefined && (result.k === 'unknown' || result.k === 'obj')) {
            const value = this.evaluate(first, env);
            if (value.k !== 'unknown') result = value;
          }
          break;
        }
      }
    }
    return result;
  }
}

/** A field of an inline struct type's text: its tag, and its own inline struct type if it has one. */
function inlineField(structText: string, name: string): { tag?: string; inline?: string } | undefined {
  const m = new RegExp(`(?:^|[\\n{;])\\s*${name}\\s+`).exec(structText);
  if (m === null) return undefined;
  let at = m.index + m[0].length;
  let inline: string | undefined;
  if (/^struct\s*\{/.test(structText.slice(at))) {
    const open = structText.indexOf('{', at);
    let depth = 0;
    let end = open;
    for (; end < structText.length; end++) {
      if (structText[end] === '{') depth++;
      else if (structText[end] === '}' && --depth === 0) break;
    }
    inline = structText.slice(at, end + 1);
    at = end + 1;
  }
  const rest = structText.slice(at).split('\n')[0] ?? '';
  const tag = /`([^`]*)`/.exec(rest)?.[1];
  return { ...(tag ? { tag } : {}), ...(inline ? { inline } : {}) };
}

/** The name an embedded field is read by: its type's name (`Engine` for `*gin.Engine`). */
function embeddedName(type: string): string {
  return type.replace(/^\*/, '').split('.').pop() ?? type;
}

/** `static.Serve(prefix, fs)` of gin-contrib/static. */
function isStaticServe(e: Expr): boolean {
  return (
    e.k === 'call' && e.fn.k === 'attr' && e.fn.name === 'Serve' && e.fn.obj.k === 'name' && e.fn.obj.id === 'static'
  );
}

function partition<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((x) => !test(x))];
}

/** Whether a function has a handler's signature: it takes the response writer, or Gin's context. */
function servesRequests(fn: GoFunc): boolean {
  return fn.params.some((p) => /^(\w+\.)?ResponseWriter$/.test(p.type) || /^\*(\w+\.)?Context$/.test(p.type));
}

/** Adapters that hand a request on to the handler they wrap. */
const HANDLER_WRAPPERS = new Set(['StripPrefix', 'WrapH', 'WrapF', 'HandlerFunc', 'TimeoutHandler', 'MaxBytesHandler']);

/** Whether an expression is, or wraps, a call or value named so (`gin.WrapH(promhttp.Handler())`). */
function callsNamed(e: Expr | undefined, name: RegExp, depth = 0): boolean {
  if (e === undefined || depth > 4) return false;
  const own = dottedName(e.k === 'call' ? e.fn : e);
  if (own !== undefined && name.test(own)) return true;
  return e.k === 'call' && e.args.some((a) => callsNamed(a, name, depth + 1));
}

/** Whether a handler expression serves a folder's files: `http.FileServer(…)`, possibly under `StripPrefix`/`gin.WrapH`. */
function servesFiles(e: Expr | undefined, depth = 0, holdsFileServer?: (id: string) => boolean): boolean {
  if (e === undefined || depth > 4) return false;
  // A variable holding the file server (`fs := http.FileServer(…)`; `http.StripPrefix("/static/", fs)`).
  if (e.k === 'name') return holdsFileServer?.(e.id) === true;
  if (e.k !== 'call') return false;
  const name = e.fn.k === 'attr' ? e.fn.name : e.fn.k === 'name' ? e.fn.id : '';
  if (name === 'FileServer' || name === 'FileServerFS') return true;
  return HANDLER_WRAPPERS.has(name) && e.args.some((a) => servesFiles(a, depth + 1, holdsFileServer));
}

/** The machinery a handler mounted as a subtree is: chi's `middleware.Profiler()` (pprof and expvar), a file server. */
function mountedMachinery(handler: Expr, holdsFileServer: (id: string) => boolean): GoRouteInfo['machinery'] {
  if (servesFiles(handler, 0, holdsFileServer)) return 'static files';
  if (callsNamed(handler, /^middleware\.Profiler$/)) return 'profiling';
  return undefined;
}

/**
 * Whether a route is machinery: its handler serves files, or it is an `OPTIONS` route on a catch-all or without a
 * handler of its own (`g.OPTIONS("/*any")`, answered by the CORS middleware in front of it).
 */
function goMachinery(
  methods: readonly HttpMethod[],
  path: PathText,
  handlerExpr: Expr | undefined,
  holdsFileServer?: (id: string) => boolean,
): GoRouteInfo['machinery'] {
  if (servesFiles(handlerExpr, 0, holdsFileServer)) return 'static files';
  if (callsNamed(handlerExpr, /^pprof\.(?:Index|Cmdline|Profile|Symbol|Trace|Handler)$/)) return 'profiling';
  const preflight =
    methods.length === 1 &&
    methods[0] === 'OPTIONS' &&
    (handlerExpr === undefined || (path.unresolved === undefined && endsWithCatchAll(path.known)));
  return preflight ? 'preflight' : undefined;
}

/** The functions of oapi-codegen's embedded-spec template that return the document (`GetSwagger` is the older name). */
const EMBEDDED_SPEC_LOADERS = new Set(['GetSwagger', 'GetSpec']);

/** The largest embedded document decoded: a spec, not an archive. */
const MAX_EMBEDDED_SPEC_BYTES = 8 * 1024 * 1024;

/** The JSON document of an embedded spec's base64 text, or undefined when it does not decode to one. */
export function decodeEmbeddedSpec(encoded: string): unknown {
  if (encoded.length > MAX_EMBEDDED_SPEC_BYTES) return undefined;
  try {
    const compressed = Buffer.from(encoded, 'base64');
    const options = { maxOutputLength: MAX_EMBEDDED_SPEC_BYTES };
    const gzip = compressed[0] === 0x1f && compressed[1] === 0x8b;
    const raw = gzip ? gunzipSync(compressed, options) : inflateRawSync(compressed, options);
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * A member of a JSON object read by its Go field name: kin-openapi's `openapi3.T` tags its fields in lower camel
 * case (`Servers` → `servers`, `URL` → `url`), so the key is matched without regard to case.
 */
function docMember(json: unknown, name: string): unknown {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return undefined;
  const wanted = name.toLowerCase();
  const key = Object.keys(json).find((k) => k.toLowerCase() === wanted);
  return key === undefined ? undefined : (json as Record<string, unknown>)[key];
}

/** A value of the embedded document as the reader holds it: text as a path piece, objects and lists as the document. */
function docValue(json: unknown): GoValue {
  if (typeof json === 'string') return { k: 'str', v: knownPath(json) };
  if (json !== null && typeof json === 'object') return { k: 'doc', json };
  return UNKNOWN;
}

/**
 * Struct tag keys of configuration loaders that fill a field left unset with the tag's value: creasty/defaults and
 * kelseyhightower/envconfig (`default`), caarlos0/env (`envDefault`), ilyakaznacheev/cleanenv (`env-default`).
 */
const DEFAULT_TAGS = ['default', 'envDefault', 'env-default'];

/** The default a configuration field's tag declares, for the last field read on the way to a value. */
function configDefault(via: readonly GoFieldStep[] | undefined): string | undefined {
  const tag = via?.[via.length - 1]?.tag;
  if (tag === undefined) return undefined;
  for (const key of DEFAULT_TAGS) {
    const value = structTag(tag, key);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** oapi-codegen's functions handing out the embedded document, as a value or as its JSON. */
const EMBEDDED_SPEC_READERS = /^(GetSwagger|GetSpec|GetSpecJSON)$/;

/**
 * Whether a function's statements call a function or method of one of these names, in an argument or a chain too
 * (`http.StripPrefix("/assets/", http.FileServer(fs)).ServeHTTP(w, r)`).
 */
function bodyCalls(fn: GoFunc, names: RegExp): boolean {
  const calls = (e: Expr, depth: number): boolean => {
    if (depth > 12) return false;
    if (e.k === 'call') {
      const name = e.fn.k === 'attr' ? e.fn.name : e.fn.k === 'name' ? e.fn.id : '';
      if (names.test(name)) return true;
      return calls(e.fn, depth + 1) || e.args.some((a) => calls(a, depth + 1));
    }
    return e.k === 'attr' ? calls(e.obj, depth + 1) : false;
  };
  return fn.body.some((st) =>
    st.k === 'expr' ? calls(st.e, 0) : st.k === 'var' ? false : st.values.some((v) => calls(v, 0)),
  );
}

/** The name spread into a call (`handlers...`), which the syntax tree keeps as text. */
function spreadName(e: Expr): string | undefined {
  return e.k === 'other' ? /^([A-Za-z_]\w*)\.\.\.$/.exec(e.text)?.[1] : undefined;
}
