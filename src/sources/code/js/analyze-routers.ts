import type * as TS from 'typescript';
import { HTTP_METHODS, type HttpMethod, type OperationAuth, weakerAuth } from '../../../model/index.js';
import { analysisOf, type ExtractContext } from '../extractor.js';
import { ANY_METHODS } from '../handler-names.js';
import { endsWithCatchAll, PREFLIGHT_REASON, rootCatchAllReason, staticFilesReason } from '../machinery.js';
import { type Binding, Evaluator } from './evaluator.js';
import { folderModuleBinding } from './folder-modules.js';
import { joinFsPaths } from './glob-files.js';
import { JsAuthAnalysis } from './js-auth.js';
import type { JsProject } from './js-project.js';
import type { ModuleInfo } from './module-graph.js';
import { lineOf, localInitializer, memberName, unwrapExpression } from './parse-js.js';
import {
  joinPathValues,
  type PathValue,
  type RouterFramework,
  type RouterNode,
  type StaticValue,
} from './static-value.js';
import { ts } from './typescript.js';

/** One route declared on a router object, with every statically known prefix applied. */
export interface JsRoute {
  framework: RouterFramework;
  method: HttpMethod;
  /** Path as the framework writes it (`:id`), prefixes applied. */
  path: string;
  unresolvedPrefix?: string;
  file: string;
  line: number;
  column: number;
  call: TS.CallExpression;
  /** Handler and middleware arguments, last one is the handler. */
  handlers: TS.Expression[];
  /** Fastify route options object (`schema`, …) when given. */
  options?: TS.ObjectLiteralExpression;
  /** Who may call it: the guards met on the way (app/router `use`, hooks, route middleware, handler prologue). */
  auth?: OperationAuth;
  /** Why the route is machinery although its template does not show it (a catch-all fallback). */
  machinery?: string;
}

interface RouteDecl {
  router: RouterNode;
  methods: HttpMethod[];
  paths: PathValue[];
  call: TS.CallExpression;
  handlers: TS.Expression[];
  options?: TS.ObjectLiteralExpression;
  /**
   * The call of a project helper that made this registration (`register(router, 'get', '/x', h)` running
   * `r[method](path, h)`): the route is declared there, and guards are ordered against it.
   */
  site?: TS.CallExpression;
  /**
   * Where the route's path is written when that is not the call: the entry of a route table the call is looped over
   * (`{ method: 'GET', route: '/:id', handlers }`).
   */
  written?: TS.Expression;
  /** Machinery written like a route: a static-file mount, or a CORS preflight answer. */
  machinery?: 'static files' | 'preflight' | 'docs UI' | 'generated spec' | 'not found' | 'dashboard';
}

const VERBS: Record<string, HttpMethod[]> = {
  get: ['GET'],
  post: ['POST'],
  put: ['PUT'],
  patch: ['PATCH'],
  delete: ['DELETE'],
  del: ['DELETE'],
  options: ['OPTIONS'],
  head: ['HEAD'],
  trace: ['TRACE'],
  // `app.all(path, h)` answers every method, as a Nitro file without a method suffix does.
  all: ANY_METHODS,
};

const MOUNT_METHODS = new Set(['use', 'route', 'register', 'prefix']);
/** Exports of packages that serve a whole endpoint as middleware (GraphQL, tRPC, MCP servers). */
const ENDPOINT_SERVER = /^(?:graphql(?:Server|Handler|HTTP)?|createYoga|yoga|trpcServer|createHandler|mcpServer|mcp)$/i;
/** Type names of a parameter that holds a router or app (`app: FastifyInstance`, `router: Router`, `app: Hono`). */
const ROUTER_TYPE = /Fastify|Hono|Koa|Router|Express|Application|Instance|Server|App\b/;
const CLIENT_PACKAGES = new Set([
  'axios',
  'supertest',
  'superagent',
  'msw',
  'nock',
  'got',
  'ky',
  'node-fetch',
  'undici',
  'request',
  'request-promise',
  'cross-fetch',
  'isomorphic-fetch',
  '@angular/common',
  'vue-router',
  'react-router',
  'react-router-dom',
  'ioredis',
  'redis',
]);
const SERVER_PACKAGES: Record<string, RouterFramework> = {
  express: 'express',
  'express-promise-router': 'express',
  fastify: 'fastify',
  'fastify-plugin': 'fastify',
  '@fastify/autoload': 'fastify',
  koa: 'koa',
  '@koa/router': 'koa',
  'koa-router': 'koa',
  'koa-swagger-decorator': 'koa',
  hono: 'hono',
  '@hono/zod-openapi': 'hono',
};
const ROUTER_PARAM_NAME =
  /^(app|router|server|fastify|instance|api|routes?|r|koa|hono|application|express|srv|plugin|f|fy|parent|child|scope|v\d+)$|(router|app|server|instance|api|routes)$/i;
const CATCH_ALL = new Set([
  '*',
  '/*',
  '(.*)',
  '/(.*)',
  '/:path*',
  '*splat',
  '/*splat',
  '/{*splat}',
  '/{*path}',
  '/*rest',
  '/:any*',
]);
const MAX_PREFIXES = 32;
/** The unresolved prefix of a sub-router no mount was found for. */
const UNMOUNTED = '(mount of this router not found)';

/**
 * Middleware that serves a folder's files (`express.static('public')`, `serveStatic(…)`, `koa-static`, Hono's
 * `serveStatic`): mounted with `use`, it answers GET under its prefix with files, machinery of the app, not its API.
 * Package → the export that makes it (`''`: the package's default export).
 */
const STATIC_FILE_SERVERS: Record<string, readonly string[]> = {
  express: ['static'],
  'serve-static': [''],
  'express-static-gzip': [''],
  'koa-static': [''],
  'koa-static-cache': [''],
  '@hono/node-server/serve-static': ['serveStatic'],
  'hono/bun': ['serveStatic'],
  'hono/deno': ['serveStatic'],
  'hono/cloudflare-workers': ['serveStatic'],
};

/**
 * Koa middleware wrappers, by package: `koa-convert` hands back the middleware it is given (a Koa 1 generator made
 * async), `koa-mount` runs it under a prefix (`mount('/docs', serve(…))`, `mount('/v1', api)`).
 */
const KOA_WRAPPERS: Record<string, 'convert' | 'mount'> = { 'koa-convert': 'convert', 'koa-mount': 'mount' };

/**
 * Packages whose middleware serves an API's documentation page (Swagger UI, Scalar, ReDoc), whatever export is used
 * (`swaggerUI.serve`, `swaggerUI.setup(doc)`, `Scalar({ url })`, `apiReference(…)`): a route or mount with one is the
 * app's docs, machinery, not an operation.
 */
const DOCS_UI_PACKAGE =
  /^(?:swagger-ui-express|swagger-ui-koa|koa2-swagger-ui|redoc-express|@hono\/swagger-ui|@scalar\/[\w-]*api-reference[\w-]*)$/;
/**
 * Packages whose middleware is an operator's dashboard with its own pages and calls (Agenda's job dashboard, Bull
 * Arena, a status monitor): mounted with `use`, machinery of the app, not its API, whatever guard is before it.
 */
const DASHBOARD_PACKAGE = /^(?:agendash|bull-arena|express-status-monitor)$/;
/** Methods of a @hono/zod-openapi app that serve the OpenAPI document it generates (`app.doc('/doc', {…})`). */
const SPEC_DOCUMENT_METHODS = new Set(['doc', 'doc31']);

/** @fastify/autoload's index file of a folder (its `indexPattern` default). */
const AUTOLOAD_INDEX = /^index\.(?:ts|js|cjs|mjs)$/i;

function dirOf(file: string): string {
  const at = file.lastIndexOf('/');
  return at < 0 ? '' : file.slice(0, at);
}

/** Why a catch-all route is left out: the root GET one by the shared rule, any other by what it falls back for. */
function catchAllReason(method: HttpMethod, prefix: string): string {
  const under = cleanPathText(prefix).replace(/\/+$/, '');
  return (
    (under === '' ? rootCatchAllReason(method, '/*') : undefined) ??
    `catch-all fallback for every other path${under === '' ? '' : ` under ${under}`}`
  );
}
const MAX_GUARD_CHAINS = 8;
/** Fastify hooks that run before the handler and may reject a request. */
const GUARD_HOOKS = new Set(['onRequest', 'preParsing', 'preValidation', 'preHandler']);

/** Middleware registered on a router (`router.use(auth)`, `fastify.addHook('onRequest', auth)`). */
interface GuardUse {
  expr: TS.Expression;
  call: TS.CallExpression;
  /** `app.use('/admin', guard)`: the guard runs only for paths under these prefixes of its router. */
  scope?: PathValue[];
  /** Hono `app.on(['POST', 'PUT'], '/posts/*', basicAuth(…))`: the guard runs only for these methods. */
  methods?: HttpMethod[];
}

/** A guard on the way to a route; `under`: full path prefixes it is limited to (absent: every path). */
interface ChainGuard {
  expr: TS.Expression;
  under?: string[];
  methods?: HttpMethod[];
}

/** Express matches a `use` path by whole segments: `/admin` covers `/admin` and `/admin/x`, not `/administrators`.
 * Hono writes the same scope `/admin/*` (which matches `/admin` too) and every path `*`; a star inside a segment
 * (`app.all('/api/user*', guard)`) matches any characters there. */
function isUnder(path: string, prefix: string): boolean {
  if (/[^/]\*|\*(?!$)/.test(prefix)) {
    const pattern = prefix.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
    return new RegExp(`^${pattern}(?:/.*)?$`).test(path);
  }
  const bare = prefix.replace(/\/?\*$/, '');
  const p = bare.endsWith('/') ? bare.slice(0, -1) : bare;
  return p === '' || path === p || path.startsWith(`${p}/`);
}

/** A mount call and the middleware it puts in front of the child (`app.use('/api', auth, router)`). */
interface MountGuard {
  parent: RouterNode;
  call: TS.CallExpression;
  inline: TS.Expression[];
}
/** `app.route('/api', sub)` in Hono: the sub-app's middleware joins the parent's at that call. */
interface HonoSubApp {
  child: RouterNode;
  prefix: PathValue[];
  call: TS.CallExpression;
}
const MAX_LOOP_EXPANSIONS = 200;
/**
 * Text of a file that can declare, mount or guard a route: a server package named; a verb call whose first argument
 * is followed by another (`.get('/x', h)`, `.get<T>(PATHS.x, h)`; `config.get('KEY')` is not a route); a mount or
 * hook call (`.use(`, `.route(`, `fastify.register(`; `JwtModule.register(` is not); `router[method](`. Files
 * without it are parsed only when a lookup needs them.
 *
 * One pattern holding every alternative tries each at every position of the text; three of them can start almost
 * anywhere, so they are apart and run only on text holding a part every match of theirs holds (which halves the
 * time of this test over a large monorepo). {@link showsRouteIdiom} is true exactly where the one pattern matched.
 */
const ROUTE_IDIOM = new RegExp(
  [
    /['"`](?:express|express-promise-router|fastify|fastify-plugin|@fastify\/[\w-]+|koa|@koa\/router|koa-router|koa-swagger-decorator|hono|@hono\/[\w-]+)(?:\/[^'"`\n]*)?['"`]/
      .source,
    /\.\s*(?:get|post|put|patch|delete|del|options|head|trace|all|on)\s*(?:<[^()\n]*>)?\s*\(\s*(?:(?:'[^'\n]*'|"[^"\n]*"|`[^`]*`|[\w$][\w$.]*)\s*,|\[\s*['"`])/
      .source,
    /\.\s*(?:use|route|prefix|addHook)\s*\(/.source,
  ].join('|'),
);
/** @hono/zod-openapi registrations; a zod schema's `.openapi({ example })` is none. Holds `openapi`. */
const OPENAPI_ROUTE = /\.\s*openapi\s*\(\s*(?:createRoute\s*\(|[\w$][\w$.]*\s*,)/;
/** `fastify.register(`, `app.register(`; holds `register`. */
const REGISTER_CALL = /(?:^|[^\w$.])[a-z_$][\w$]*(?:\.[a-z_$][\w$]*)*\s*\.\s*register\s*\(/;
/** `router[method](`; holds `]`, blanks, then `(`: {@link CLOSED_CALL}. */
const COMPUTED_CALL = /[\w$\]]\s*\[[^\]\n]+\]\s*\(/;
const CLOSED_CALL = /\]\s*\(/;

function showsRouteIdiom(text: string): boolean {
  return (
    ROUTE_IDIOM.test(text) ||
    (text.includes('register') && REGISTER_CALL.test(text)) ||
    (text.includes('openapi') && OPENAPI_ROUTE.test(text)) ||
    (CLOSED_CALL.test(text) && COMPUTED_CALL.test(text))
  );
}

function isPathText(text: string): boolean {
  return text === '' || text.startsWith('/') || text.startsWith('*') || text.startsWith('(') || text.startsWith('{/');
}

/** Hono writes regex constraints after the name (`:id{[0-9]+}`); the template keeps only the name. */
function cleanPathText(text: string): string {
  // Express 5 writes an optional part in braces (`/docs{/*rest}`, `/users{/:id}`): read as the part it holds.
  return text.replace(/(:[A-Za-z_$][\w$]*)\{[^}]*\}/g, '$1').replace(/\{(\/[^{}]*)\}/g, '$1');
}

/** A path that is a catch-all and nothing else (`*`, `/*splat`, Express 5's `{/*rest}`). */
function isBareCatchAll(text: string): boolean {
  return CATCH_ALL.has(text) || CATCH_ALL.has(cleanPathText(text)) || NAMED_WILDCARD.test(text);
}

/**
 * A last parameter taking zero or more segments (`/help/:command*?`, `/files/:path*`) matches the path without it as
 * well: both are served, the bare one usually the listing (`/help`) and the other one item (`/help/{command}`).
 */
function withoutOptionalRest(path: PathValue): PathValue[] {
  const m = /^(.*)\/:[A-Za-z_$][\w$]*\*\??$/.exec(path.text);
  return m && path.unresolved === undefined ? [{ text: m[1] || '/' }, path] : [path];
}

/** The expression a function body answers with: an arrow's expression, or a block's one `return`. */
function soleAnswer(body: TS.ConciseBody): TS.Expression | undefined {
  if (!ts.isBlock(body)) return unwrapExpression(body);
  const [only] = body.statements;
  return body.statements.length === 1 && only && ts.isReturnStatement(only) && only.expression
    ? unwrapExpression(only.expression)
    : undefined;
}

/** Express 5's named wildcard alone, whatever its name: `/*all`, `/{*catchall}`, `{/*rest}`. */
const NAMED_WILDCARD = /^(?:\/?\*|\/\{\*|\{\/\*)[A-Za-z_$][\w$]*\}?$/;

function frameworkFromPackages(mod: ModuleInfo | undefined): RouterFramework | undefined {
  if (!mod) return undefined;
  for (const pkg of mod.packages) {
    const fw = SERVER_PACKAGES[pkg];
    if (fw) return fw;
  }
  return undefined;
}

/** Finds every route the JS/TS router frameworks (Express, Fastify, Koa, Hono) declare, prefixes resolved. */
export class RouterAnalysis {
  readonly ev: Evaluator;
  private decls: RouteDecl[] = [];
  private readonly prefixMemo = new Map<RouterNode, PathValue[]>();
  private readonly guardUses = new Map<RouterNode, GuardUse[]>();
  private readonly mountGuards = new Map<RouterNode, MountGuard[]>();
  private readonly honoSubApps = new Map<RouterNode, HonoSubApp[]>();
  private readonly chainMemo = new Map<RouterNode, ChainGuard[][]>();
  /** `@fastify/autoload` autohooks files: folder → the router their hooks are added to. */
  private readonly autohookScopes: { dir: string; router: RouterNode }[] = [];
  private readonly auth: JsAuthAnalysis;
  private readonly authOn: boolean;

  constructor(
    private readonly project: JsProject,
    private readonly context: ExtractContext,
  ) {
    this.ev = new Evaluator(project.modules, context.env);
    this.ev.resolver = (from, spec) => project.resolver.resolve(from, spec);
    this.ev.repoFiles = context.repoFiles;
    this.auth = new JsAuthAnalysis(this.ev);
    this.authOn = analysisOf(context).auth;
  }

  /** Runs the analysis and returns the routes. */
  run(): JsRoute[] {
    const routeCalls: TS.CallExpression[] = [];
    const genericCalls: (TS.CallExpression | TS.NewExpression)[] = [];
    const scanned = new Set<string>();
    const scan = (file: string): void => {
      scanned.add(file);
      const mod = this.project.modules.get(file);
      if (!mod) return;
      const visit = (node: TS.Node): void => {
        if (ts.isCallExpression(node)) {
          const callee = node.expression;
          if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) {
            const name = memberName(callee);
            if (
              name === undefined ||
              name in VERBS ||
              MOUNT_METHODS.has(name) ||
              name === 'on' ||
              name === 'addHook' ||
              name === 'openapi' ||
              SPEC_DOCUMENT_METHODS.has(name)
            )
              routeCalls.push(node);
            else if (node.arguments.length > 0) genericCalls.push(node);
          } else if (node.arguments.length > 0) genericCalls.push(node);
        } else if (ts.isNewExpression(node) && node.arguments && node.arguments.length > 0) genericCalls.push(node);
        ts.forEachChild(node, visit);
      };
      ts.forEachChild(mod.sourceFile, visit);
    };
    // Seeds: the files whose text can declare, mount or guard a route (every file without the prefilter).
    for (const file of this.project.modules.filesMatching(showsRouteIdiom)) scan(file);
    let handled = 0;
    for (;;) {
      for (; handled < routeCalls.length; handled++) {
        const call = routeCalls[handled] as TS.CallExpression;
        this.withLoopBindings(call, () =>
          this.ev.withBindings(folderModuleBinding(this.ev, call), () => this.handleRouteCall(call)),
        );
      }
      // A second round follows routers handed on through a function that itself received one.
      for (let round = 0; round < 3; round++) {
        const before = this.ev.mounts.length;
        for (const call of genericCalls) this.withLoopBindings(call, () => this.handleGenericCall(call));
        if (this.ev.mounts.length === before) break;
      }
      // A router handed to a function of a file the seeds did not include (`setup(app)` calling `users(app)`):
      // that file passes it on or declares routes too, so it is read like a seed.
      const reached = this.ev
        .allRouters()
        .map((r) => r.file)
        .filter((f) => !scanned.has(f));
      if (reached.length === 0) break;
      for (const file of new Set(reached)) scan(file);
    }
    this.guardOnlyRegistrations();
    return this.emit();
  }

  /**
   * Hono runs every handler a path and method match, so a verb call whose handlers are all auth guards
   * (`app.post('/posts/*', basicAuth(…))`) is middleware for that method, not an operation. Express and Koa
   * (koa-router) do the same once a guard calls `next()`: a guard-only registration for every method or on a wildcard
   * path (`app.all('/api/*', requireAuth)`, `router.all('*', guard)`) guards the routes after it that it matches.
   */
  private guardOnlyRegistrations(): void {
    this.decls = this.decls.filter((decl) => {
      const framework = this.frameworkOf(decl.router);
      if (decl.options || decl.handlers.length === 0) return true;
      if (framework === 'express' || framework === 'koa') {
        const everyMethod = memberName(decl.call.expression as TS.PropertyAccessExpression) === 'all';
        if (!everyMethod && !decl.paths.some((p) => p.text.includes('*'))) return true;
      } else if (framework !== 'hono') return true;
      if (!decl.handlers.every((h) => this.auth.classify(h, 0) !== undefined)) return true;
      for (const expr of decl.handlers)
        this.addToList(this.guardUses, decl.router, {
          expr,
          call: decl.call,
          scope: decl.paths,
          methods: decl.methods,
        });
      return false;
    });
  }

  /**
   * Runs `fn` once per element binding of the static arrays the call is looped over (`forEach`, `for…of`). Loops are
   * bound from the outermost in, so an inner loop's array may depend on the outer element (`matches.forEach((mod) =>
   * require(`${mod}/router`).default.forEach((config) => …))`).
   */
  private withLoopBindings(call: TS.Node, fn: () => void): void {
    const loops: { decl: TS.Node; array: TS.Expression; forOf: boolean }[] = [];
    for (let n: TS.Node | undefined = call.parent; n && !ts.isSourceFile(n); n = n.parent) {
      if ((ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && n.parameters[0] && ts.isCallExpression(n.parent)) {
        const outer: TS.CallExpression = n.parent;
        const method = ts.isPropertyAccessExpression(outer.expression) ? outer.expression.name.text : '';
        if (outer.arguments[0] === n && (method === 'forEach' || method === 'map' || method === 'flatMap'))
          loops.push({
            decl: n.parameters[0],
            array: (outer.expression as TS.PropertyAccessExpression).expression,
            forOf: false,
          });
      } else if (ts.isForOfStatement(n) && ts.isVariableDeclarationList(n.initializer)) {
        const decl = n.initializer.declarations[0];
        if (decl) loops.push({ decl, array: n.expression, forOf: true });
      }
    }
    if (loops.length === 0) {
      fn();
      return;
    }
    loops.reverse();
    let runs = 0;
    const bind = (level: number): void => {
      const loop = loops[level];
      if (!loop) {
        runs++;
        fn();
        return;
      }
      const direct = this.loopArray(loop.array);
      const arr = direct?.kind === 'array' || !loop.forOf ? direct : this.collectionEntries(loop.array);
      if (arr?.kind !== 'array') {
        bind(level + 1);
        return;
      }
      for (const el of arr.elements) {
        if (ts.isSpreadElement(el) || ts.isOmittedExpression(el)) continue;
        if (runs >= MAX_LOOP_EXPANSIONS) break;
        this.ev.bindings.set(loop.decl, el);
        bind(level + 1);
      }
      this.ev.bindings.delete(loop.decl);
    };
    try {
      bind(0);
    } finally {
      this.ev.bindings.clear();
    }
  }

  /**
   * The array a loop iterates, followed through parameters to the argument of their function's one call site:
   * `controllers.forEach(…)` in `initializeControllers(controllers)`, called as `this.initializeControllers(this.controllers)`
   * with `controllers` a constructor parameter property given by `new App([new UsersController(), …])`.
   */
  private loopArray(expression: TS.Expression): ReturnType<Evaluator['evaluate']> {
    let expr = expression;
    let value = this.ev.evaluate(expr);
    for (let hop = 0; hop < 4 && (value === undefined || value.kind === 'param'); hop++) {
      const decl = value?.kind === 'param' ? value.decl : this.ev.parameterProperty(expr);
      const arg = decl && this.ev.soleCallArgument(decl);
      if (!arg) break;
      expr = arg;
      value = this.ev.evaluate(arg);
    }
    return value;
  }

  /**
   * `for (const [url, file] of libFiles)` with `const libFiles = new Map([['/js/lib/a.js', '…'], …])`: a Map or Set
   * built from an array literal iterates that array (a Map's entries are its `[key, value]` pairs).
   */
  private collectionEntries(expression: TS.Expression): ReturnType<Evaluator['evaluate']> {
    const e = unwrapExpression(expression);
    const init = ts.isIdentifier(e) ? localInitializer(e) : e;
    const built = init && unwrapExpression(init);
    if (!built || !ts.isNewExpression(built) || !/^(Map|Set)$/.test(built.expression.getText())) return undefined;
    const source = built.arguments?.[0];
    return source && ts.isArrayLiteralExpression(unwrapExpression(source)) ? this.ev.evaluate(source) : undefined;
  }

  private acceptParamReceiver(decl: TS.ParameterDeclaration): boolean {
    const existing = this.ev.existingParamRouter(decl);
    if (existing) return true;
    const mod = this.project.modules.get(decl.getSourceFile().fileName);
    if (decl.type) return ROUTER_TYPE.test(this.typeText(decl.type, 0));
    if (!ts.isIdentifier(decl.name)) return false;
    const server = frameworkFromPackages(mod) !== undefined;
    // A file of HTTP client calls (`api.get('/users')`) declares no routes, unless it also builds the server: an
    // Express app that sets an undici dispatcher still mounts its routers on a parameter named `app`.
    if (mod && [...mod.packages].some((p) => CLIENT_PACKAGES.has(p)))
      return server && ROUTER_PARAM_NAME.test(decl.name.text);
    return ROUTER_PARAM_NAME.test(decl.name.text) || server;
  }

  /**
   * A parameter's type as written, followed through the project's type aliases it names (`app: AppOpenAPI` with
   * `export type AppOpenAPI = OpenAPIHono<AppBindings>`), so a router type behind an alias is seen.
   */
  private typeText(type: TS.TypeNode, depth: number): string {
    const text = type.getText();
    if (depth > 3 || !ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return text;
    const name = type.typeName.text;
    const sf = type.getSourceFile();
    const aliasIn = (file: TS.SourceFile | undefined, alias: string) =>
      file?.statements.find(
        (st): st is TS.TypeAliasDeclaration => ts.isTypeAliasDeclaration(st) && st.name.text === alias,
      );
    let alias = aliasIn(sf, name);
    if (!alias) {
      const imported = this.project.modules.get(sf.fileName)?.imports.get(name);
      if (imported?.resolved)
        alias = aliasIn(this.project.modules.get(imported.resolved)?.sourceFile, imported.imported);
    }
    return alias ? `${text} ${this.typeText(alias.type, depth + 1)}` : text;
  }

  private receiver(expr: TS.Expression): StaticValue | undefined {
    const value = this.ev.asValue(this.ev.evaluate(expr));
    if (value?.kind === 'param')
      return this.acceptParamReceiver(value.decl)
        ? { kind: 'router', router: this.ev.paramRouter(value.decl) }
        : undefined;
    return value;
  }

  private childRouter(expr: TS.Expression): RouterNode | undefined {
    const value = this.ev.asValue(this.ev.evaluate(expr));
    if (value?.kind === 'router') return value.router;
    if (value?.kind === 'param') return this.ev.existingParamRouter(value.decl);
    return undefined;
  }

  /** The package a call's callee comes from, and the export called (`''` for the default export). */
  private packageCall(expr: TS.Expression): { name: string; exported: string } | undefined {
    const e = unwrapExpression(expr);
    if (!ts.isCallExpression(e)) return undefined;
    const callee = this.ev.asValue(this.ev.evaluate(e.expression));
    if (callee?.kind !== 'package') return undefined;
    return { name: callee.name, exported: callee.path.join('.') };
  }

  /** Whether a handler or middleware comes from a docs-UI package (`swaggerUI.serve`, `Scalar({ url })`). */
  private servesDocs(expr: TS.Expression): boolean {
    return this.madeByPackage(expr, DOCS_UI_PACKAGE);
  }

  private madeByPackage(expr: TS.Expression, pkg: RegExp): boolean {
    const e = unwrapExpression(expr);
    const value = this.ev.asValue(this.ev.evaluate(ts.isCallExpression(e) ? e.expression : e));
    return value?.kind === 'package' && pkg.test(value.name);
  }

  /**
   * A handler that answers only with the API's own spec or its docs page, passing any other request on or not
   * (`if ('spec' in req.query) res.json(app.conf.spec); else if ('doc' in req.query) return swaggerUi.process(…);
   * else next();`, or the page in the `else`): documentation machinery, not an operation. Every answer it writes must
   * name the spec or a docs renderer.
   */
  private answersOnlyDocs(expr: TS.Expression): boolean {
    const fn = this.ev.evaluate(expr);
    if (fn?.kind !== 'function') return false;
    const node = fn.node as TS.FunctionLikeDeclaration;
    const [, resParam, nextParam] = node.parameters;
    if (!node.body || !resParam || !nextParam || !ts.isIdentifier(resParam.name) || !ts.isIdentifier(nextParam.name))
      return false;
    const res = resParam.name.text;
    const next = nextParam.name.text;
    const DOCS_TEXT = /\b(?:spec|swagger\w*|openapi|redoc|scalar)\b/i;
    let docs = 0;
    let other = 0;
    const visit = (n: TS.Node): void => {
      if (ts.isCallExpression(n)) {
        const callee = n.expression;
        if (ts.isIdentifier(callee) && callee.text === next) return;
        if (
          ts.isPropertyAccessExpression(callee) &&
          ts.isIdentifier(callee.expression) &&
          callee.expression.text === res
        ) {
          if (/^(?:json|send|end|sendFile|render|redirect)$/.test(callee.name.text)) {
            if (n.arguments.some((a) => DOCS_TEXT.test(a.getText()))) docs++;
            else other++;
          }
        } else if (n.arguments.some((a) => ts.isIdentifier(a) && a.text === res)) {
          // A renderer handed the response (`swaggerUi.processRequest(app, req, res)`, `getSwaggerUI(req, res)`).
          if (/swagger|openapi|redoc|scalar/i.test(callee.getText())) docs++;
          else other++;
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(node.body);
    // Whether it passes other requests on (`next()`) or answers them all with the page, it serves only docs.
    return docs > 0 && other === 0;
  }

  /**
   * A `use` at a path whose middleware is the endpoint there: Hono's `(c, next)` or Express's `(req, res, next)`
   * never calling `next`, or a GraphQL/tRPC/MCP server package. An Express handler answering only 404 is a
   * fallback, and one at the root answers whatever no route takes: neither is an endpoint.
   */
  private endpointMount(router: RouterNode, item: TS.Expression, paths: readonly PathValue[]): boolean {
    const framework = this.frameworkOf(router);
    if (framework === 'hono') return this.answersRequest(item, paths, 1);
    if (framework !== 'express' || paths.some((p) => p.text === '' || p.text === '/')) return false;
    return this.answersRequest(item, paths, 2) && !this.answersOnlyNotFound(item);
  }

  /**
   * A middleware mounted on one exact path that answers the request itself: a package's endpoint server (GraphQL,
   * tRPC, MCP: `graphqlServer({ schema })`, ponder's `graphql({ db, schema })`, `trpcServer({ router })`) or a project
   * function whose `next` parameter is never called. A wildcard path or one that calls `next()` is middleware.
   */
  private answersRequest(item: TS.Expression, paths: readonly PathValue[], nextIndex: number): boolean {
    if (paths.length === 0 || paths.some((p) => p.unresolved !== undefined || p.text.includes('*'))) return false;
    const made = this.packageCall(item);
    if (made) return this.isEndpointServer(made);
    const fn = this.ev.evaluate(item);
    if (fn?.kind !== 'function') return false;
    const node = fn.node as TS.FunctionLikeDeclaration;
    // `(c, next) => graphqlServer({ schema: getSchema(c) })(c, next)`: a server made per request and handed the
    // request answers it, though `next` is passed along.
    const answer = node.body && soleAnswer(node.body);
    if (answer && ts.isCallExpression(answer)) {
      const server = this.packageCall(answer.expression);
      if (server && this.isEndpointServer(server)) return true;
    }
    const next = node.parameters[nextIndex];
    if (!node.body || node.parameters.length < 1) return false;
    if (!next) return true;
    if (!ts.isIdentifier(next.name)) return false;
    const name = next.name.text;
    let calls = false;
    const visit = (n: TS.Node): void => {
      if (ts.isIdentifier(n) && n.text === name) calls = true;
      if (!calls) ts.forEachChild(n, visit);
    };
    visit(node.body);
    return !calls;
  }

  private isEndpointServer(made: { name: string; exported: string }): boolean {
    return ENDPOINT_SERVER.test(made.exported.split('.').pop() || made.name);
  }

  /** A handler whose every answer is a 404 (`c.notFound()`, `c.text('Not Found', 404)`, `res.sendStatus(404)`). */
  private answersOnlyNotFound(expr: TS.Expression): boolean {
    const fn = this.ev.evaluate(expr);
    if (fn?.kind !== 'function') return false;
    const body = (fn.node as TS.FunctionLikeDeclaration).body;
    if (!body) return false;
    const answers: string[] = [];
    if (!ts.isBlock(body)) answers.push(body.getText());
    const visit = (n: TS.Node): void => {
      if (ts.isReturnStatement(n) && n.expression) answers.push(n.expression.getText());
      else if (ts.isExpressionStatement(n) && ts.isCallExpression(unwrapExpression(n.expression)))
        answers.push(n.expression.getText());
      if (!ts.isFunctionLike(n)) ts.forEachChild(n, visit);
    };
    if (ts.isBlock(body)) visit(body);
    return answers.length > 0 && answers.every((a) => /\bnotFound\s*\(|\b404\b/.test(a));
  }

  private servesFiles(expr: TS.Expression): boolean {
    const made = this.packageCall(expr);
    return made !== undefined && (STATIC_FILE_SERVERS[made.name]?.includes(made.exported) ?? false);
  }

  private pathList(expr: TS.Expression | undefined): PathValue[] | undefined {
    if (!expr) return undefined;
    const e = unwrapExpression(expr);
    if (ts.isRegularExpressionLiteral(e)) return undefined;
    let value = this.ev.evaluate(e);
    if (value?.kind === 'array') {
      const out: PathValue[] = [];
      for (const el of value.elements) out.push(...(this.pathList(el) ?? []));
      return out.length > 0 ? out : undefined;
    }
    if (
      value === undefined &&
      (ts.isIdentifier(e) ||
        ts.isPropertyAccessExpression(e) ||
        ts.isElementAccessExpression(e) ||
        ts.isCallExpression(e) ||
        ts.isTemplateExpression(e) ||
        ts.isBinaryExpression(e))
    ) {
      value = { kind: 'string', path: this.ev.evaluatePath(e) };
    }
    if (value?.kind === 'param' && value.decl.initializer) value = this.ev.evaluate(value.decl.initializer);
    if (value?.kind !== 'string') return undefined;
    if (value.path.unresolved === undefined && !isPathText(value.path.text)) return undefined;
    return [value.path];
  }

  private methodList(expr: TS.Expression | undefined): HttpMethod[] {
    if (!expr) return [];
    const value = this.ev.evaluate(expr);
    const texts: string[] = [];
    if (value?.kind === 'string' && value.path.unresolved === undefined) texts.push(value.path.text);
    else if (value?.kind === 'array') {
      for (const el of value.elements) {
        const v = this.ev.evaluate(el);
        if (v?.kind === 'string' && v.path.unresolved === undefined) texts.push(v.path.text);
      }
    }
    return texts
      .map((t) => t.toUpperCase())
      .filter((m): m is HttpMethod => (HTTP_METHODS as readonly string[]).includes(m));
  }

  private handleRouteCall(call: TS.CallExpression): void {
    const callee = call.expression as TS.PropertyAccessExpression | TS.ElementAccessExpression;
    let name = memberName(callee);
    if (name === undefined && ts.isElementAccessExpression(callee)) {
      if (this.ev.bindings.size === 0) return;
      const key = this.ev.evaluate(callee.argumentExpression);
      if (key?.kind !== 'string' || key.path.unresolved !== undefined) return;
      name = key.path.text.toLowerCase();
    }
    if (name === undefined) return;
    const args = call.arguments;
    const recv = this.receiver(callee.expression);
    if (!recv) return;
    if (recv.kind === 'routeChain') {
      const methods = VERBS[name];
      if (methods && args.length >= 1)
        this.decls.push({ router: recv.router, methods, paths: [recv.path], call, handlers: [...args] });
      return;
    }
    if (recv.kind !== 'router') return;
    const router = recv.router;
    const methods = VERBS[name];
    if (methods) {
      if (args.length < 2) return;
      let pathArg = 0;
      // koa-router named routes: router.get('name', '/path', handler)
      if (args.length >= 3) {
        const first = this.ev.evaluate(args[0] as TS.Expression);
        const second = this.ev.evaluate(args[1] as TS.Expression);
        if (
          first?.kind === 'string' &&
          !isPathText(first.path.text) &&
          second?.kind === 'string' &&
          isPathText(second.path.text)
        )
          pathArg = 1;
      }
      const paths = this.pathList(args[pathArg]);
      if (!paths) return;
      const pathArgument = unwrapExpression(args[pathArg] as TS.Expression);
      const origin = this.ev.bindings.size > 0 ? this.ev.literalOrigin(pathArgument) : undefined;
      const written = origin && origin !== pathArgument ? origin : undefined;
      const rest = this.expandSpreads(args.slice(pathArg + 1), call);
      const options =
        rest.length > 1 && ts.isObjectLiteralExpression(unwrapExpression(rest[0] as TS.Expression))
          ? (unwrapExpression(rest[0] as TS.Expression) as TS.ObjectLiteralExpression)
          : undefined;
      const docs = rest.some((h) => this.servesDocs(h) || this.answersOnlyDocs(h));
      // `app.get('/content/*', (c) => c.notFound())`: a subtree that only answers 404 is no operation.
      const notFound =
        paths.length > 0 &&
        // A bare catch-all (`router.all('*', …)`) keeps the reason it falls back with, under its router's prefix.
        paths.every(
          (p) => p.unresolved === undefined && endsWithCatchAll(cleanPathText(p.text)) && !isBareCatchAll(p.text),
        ) &&
        rest.length > 0 &&
        rest.every((h) => this.answersOnlyNotFound(h));
      const preflight =
        methods.length === 1 &&
        methods[0] === 'OPTIONS' &&
        (paths.some((p) => p.unresolved === undefined && endsWithCatchAll(p.text)) ||
          rest.some((h) => this.packageCall(h)?.name === 'cors'));
      this.decls.push({
        router,
        methods,
        paths,
        call,
        handlers: [...rest],
        ...(written ? { written } : {}),
        ...(options ? { options } : {}),
        ...(preflight
          ? { machinery: 'preflight' as const }
          : docs
            ? { machinery: 'docs UI' as const }
            : notFound
              ? { machinery: 'not found' as const }
              : {}),
      });
      return;
    }
    if (SPEC_DOCUMENT_METHODS.has(name) && args.length >= 2 && this.frameworkOf(router) === 'hono') {
      const paths = this.pathList(args[0]);
      if (paths) this.decls.push({ router, methods: ['GET'], paths, call, handlers: [], machinery: 'generated spec' });
      return;
    }
    if (name === 'openapi' && args.length >= 2 && this.frameworkOf(router) === 'hono') {
      // @hono/zod-openapi: `app.openapi(createRoute({ method, path, middleware }), handler)`, the path written in
      // OpenAPI form (`/tasks/{id}`), which the package turns into Hono's `:id`.
      const config = this.routeConfig(args[0] as TS.Expression, 0);
      if (!config) return;
      const ms = this.methodList(this.propertyExpr(config, 'method'));
      const paths = this.pathList(this.propertyExpr(config, 'path'))?.map((p) => ({
        ...p,
        text: p.text.replace(/\{([A-Za-z_$][\w$]*)\}/g, ':$1'),
      }));
      const middleware = this.propertyExpr(config, 'middleware');
      const listed = middleware && this.ev.evaluate(middleware);
      const guards = listed?.kind === 'array' ? [...listed.elements] : middleware ? [middleware] : [];
      if (ms.length > 0 && paths)
        this.decls.push({ router, methods: ms, paths, call, handlers: [...guards, ...args.slice(1)] });
      return;
    }
    if (name === 'on' && args.length >= 3) {
      const ms = this.methodList(args[0]);
      const paths = this.pathList(args[1]);
      if (ms.length > 0 && paths) this.decls.push({ router, methods: ms, paths, call, handlers: [...args.slice(2)] });
      return;
    }
    if (name === 'route') {
      if (args.length === 1) {
        const opts = this.ev.evaluate(args[0] as TS.Expression);
        if (opts?.kind !== 'object') return;
        const methodProp = this.propertyExpr(opts.node, 'method');
        const urlProp = this.propertyExpr(opts.node, 'url') ?? this.propertyExpr(opts.node, 'path');
        const ms = this.methodList(methodProp);
        const paths = this.pathList(urlProp);
        const handler = this.propertyExpr(opts.node, 'handler');
        if (ms.length > 0 && paths)
          this.decls.push({ router, methods: ms, paths, call, handlers: handler ? [handler] : [], options: opts.node });
        return;
      }
      if (args.length >= 2) {
        const prefix = this.pathList(args[0]);
        const child = this.childRouter(args[1] as TS.Expression);
        if (!prefix || !child) return;
        for (const p of prefix) this.ev.addMount(router, child, p);
        this.addToList(this.mountGuards, child, { parent: router, call, inline: [] });
        // Hono copies the sub-app's middleware into the parent under the prefix, so a middleware-only sub-app guards
        // the routes of the sub-apps mounted on the same path after it.
        if (this.frameworkOf(router) === 'hono') this.addToList(this.honoSubApps, router, { child, prefix, call });
      }
      return;
    }
    if (name === 'use') {
      let prefixes: PathValue[] = [{ text: '' }];
      let start = 0;
      const first = args[0];
      if (first) {
        const fv = this.ev.evaluate(first);
        const looksLikePath =
          fv?.kind === 'string' ||
          (fv?.kind === 'array' && fv.elements.every((el) => this.ev.evaluate(el)?.kind === 'string'));
        if (looksLikePath) {
          prefixes = this.pathList(first) ?? [];
          start = 1;
        } else if (fv === undefined && args.length >= 2) {
          const u = unwrapExpression(first);
          if (
            ts.isTemplateExpression(u) ||
            ts.isBinaryExpression(u) ||
            (ts.isPropertyAccessExpression(u) && !this.childRouter(u))
          ) {
            prefixes = [this.ev.evaluatePath(u)];
            start = 1;
          }
        }
      }
      const inline: TS.Expression[] = [];
      let mounted = false;
      const outerPrefixes = prefixes;
      // `Router.use('/v1', ...v1Routes)` with `v1Routes` an array of routers from another module: each one mounted.
      for (const arg of this.expandSpreads(args.slice(start), call)) {
        const a = unwrapExpression(arg);
        const items = ts.isArrayLiteralExpression(a) ? a.elements : [a];
        for (const written of items) {
          const { item, under } = this.koaWrapped(written);
          prefixes = under ? outerPrefixes.map((p) => joinPathValues(p, under)) : outerPrefixes;
          const child = this.childRouter(item);
          // Named among the routes left out, so a reader sees what the app serves besides its API.
          const leftOut = (machinery: 'docs UI' | 'static files' | 'dashboard') =>
            this.decls.push({
              router,
              methods: ['GET'],
              paths: prefixes.map((p) => joinPathValues(p, { text: '/*' })),
              call,
              handlers: [item],
              machinery,
            });
          if (this.servesDocs(item)) {
            // `app.use('/', swaggerUI.serve, swaggerUI.setup(doc))`: one docs page under the prefix, named once.
            if (!this.decls.some((d) => d.call === call)) leftOut('docs UI');
          } else if (this.servesFiles(item)) {
            leftOut('static files');
          } else if (this.madeByPackage(item, DASHBOARD_PACKAGE)) {
            leftOut('dashboard');
          } else if (start === 1 && !child && this.endpointMount(router, item, prefixes)) {
            // Hono runs `use` middleware on its exact path: a GraphQL or tRPC server there is that path's endpoint.
            // Express runs it on the path and below; a handler that never hands the request on answers it there.
            this.decls.push({ router, methods: ANY_METHODS, paths: prefixes, call, handlers: [...inline, item] });
          } else if (child) {
            mounted = true;
            for (const p of prefixes) this.ev.addMount(router, child, p);
            this.addToList(this.mountGuards, child, { parent: router, call, inline: [...inline] });
          } else if (start === 0) {
            this.addToList(this.guardUses, router, { expr: item, call, ...(under ? { scope: prefixes } : {}) });
          } else inline.push(item);
        }
      }
      prefixes = outerPrefixes;
      // `app.use('/admin', requireAdmin)` with no router after it guards every route of this router (and of the
      // routers mounted on it) whose path falls under the prefix, from here on.
      if (!mounted) for (const expr of inline) this.addToList(this.guardUses, router, { expr, call, scope: prefixes });
      return;
    }
    if (name === 'addHook') {
      const [hook, fn] = args;
      const hookName =
        hook && ts.isStringLiteralLike(unwrapExpression(hook)) ? (unwrapExpression(hook) as TS.StringLiteral).text : '';
      if (fn && GUARD_HOOKS.has(hookName)) this.addToList(this.guardUses, router, { expr: fn, call });
      return;
    }
    if (name === 'register') this.handleRegister(router, call);
    if (name === 'prefix' && args.length === 1 && this.frameworkOf(router) === 'koa')
      router.ownPrefix = this.ev.evaluatePath(args[0] as TS.Expression);
  }

  /**
   * The middleware a Koa wrapper holds, and the prefix `koa-mount` runs it under: `convert(mount('/docs', serve(dir)))`
   * is `serve(dir)` under `/docs`.
   */
  private koaWrapped(expr: TS.Expression): { item: TS.Expression; under?: PathValue } {
    let item = unwrapExpression(expr);
    let under: PathValue | undefined;
    for (let depth = 0; depth < 4 && ts.isCallExpression(item); depth++) {
      const made = this.packageCall(item);
      const kind = made && made.exported === '' ? KOA_WRAPPERS[made.name] : undefined;
      const [first, second] = item.arguments;
      if (kind === 'convert' && first && !second) item = unwrapExpression(first);
      else if (kind === 'mount' && first && second) {
        const prefix = this.ev.evaluatePath(first);
        under = under ? joinPathValues(under, prefix) : prefix;
        item = unwrapExpression(second);
      } else if (kind === 'mount' && first) item = unwrapExpression(first);
      else break;
    }
    return under ? { item, under } : { item };
  }

  /**
   * Handler lists spread into a route or `use()` call (`instance[m](route, ...handlers, last)`, `handlers` from a route
   * table's entry; `router.use('/v1', ...routers)`, the list a module's export): the list's elements, less those a `handlers.pop()` or `handlers.shift()` before the call took out. A
   * list not known stays the spread it is.
   */
  private expandSpreads(args: readonly TS.Expression[], call: TS.CallExpression): TS.Expression[] {
    return args.flatMap((arg) => {
      if (!ts.isSpreadElement(arg)) return [arg];
      const list = this.ev.asValue(this.ev.evaluate(arg.expression));
      if (list?.kind !== 'array' || list.elements.some((e) => ts.isSpreadElement(e) || e.pos < 0)) return [arg];
      const elements = list.elements.filter((e) => !ts.isOmittedExpression(e));
      const { pops, shifts } = takenOut(arg.expression, call);
      return elements.slice(shifts, Math.max(shifts, elements.length - pops));
    });
  }

  private addToList<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  }

  /** Guards registered on `router` that apply to something declared at `anchor`: Express, Koa and Hono apply
   * middleware in registration order; Fastify hooks apply to the whole plugin scope. */
  private usesBefore(router: RouterNode, anchor: TS.Node | undefined): ChainGuard[] {
    const fastify = this.frameworkOf(router) === 'fastify';
    // A chain (`router.all('/posts/*', auth).patch(…)`) starts every call at the same `router`: each call is placed
    // at its method name, where it is registered.
    const at = (n: TS.Node) =>
      ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)
        ? n.expression.name.getStart()
        : n.getStart();
    const before = (call: TS.CallExpression) =>
      anchor === undefined || call.getSourceFile() !== anchor.getSourceFile() || at(call) < at(anchor);
    const fromSubApps = (this.honoSubApps.get(router) ?? [])
      .filter((m) => m.call !== anchor && before(m.call))
      .flatMap((m) =>
        (this.guardUses.get(m.child) ?? []).map((u) => ({
          ...u,
          call: m.call,
          scope: m.prefix.flatMap((p) => (u.scope ?? [{ text: '' }]).map((s) => joinPathValues(p, s))),
        })),
      );
    return [...fromSubApps, ...(this.guardUses.get(router) ?? [])]
      .filter((u) => fastify || before(u.call))
      .map((u) => {
        const methods = u.methods ? { methods: u.methods } : {};
        if (u.scope === undefined) return { expr: u.expr, ...methods };
        const scope = u.scope;
        const under = this.prefixesOf(router, new Set()).flatMap((p) =>
          scope.map((s) => cleanPathText(joinPathValues(p, s).text)),
        );
        return { expr: u.expr, under, ...methods };
      });
  }

  /**
   * The handlers as Express runs them: an array given last (`router.get('/', BookController.bookList)` with
   * `exports.bookList = [auth, function (req, res) {…}]`, or written in place) is flattened, so its last function
   * handles the request and the ones before it are middleware on the way.
   */
  private flatHandlers(handlers: TS.Expression[]): TS.Expression[] {
    const last = handlers.at(-1);
    const held = last && this.ev.asValue(this.ev.evaluate(last));
    if (held?.kind !== 'array' || held.elements.length === 0) return handlers;
    const elements = held.elements.filter(
      (e): e is TS.Expression => !ts.isSpreadElement(e) && !ts.isOmittedExpression(e),
    );
    if (elements.length !== held.elements.length) return handlers;
    return [...handlers.slice(0, -1), ...elements];
  }

  /** Every chain of guards from a root app down to `router`, one per way it is mounted. */
  private guardChains(router: RouterNode, stack: Set<RouterNode>): ChainGuard[][] {
    const memo = this.chainMemo.get(router);
    if (memo) return memo;
    if (stack.has(router)) return [[]];
    stack.add(router);
    const parents = this.ev.mounts.filter((e) => e.child === router);
    const out: ChainGuard[][] = [];
    for (const edge of parents) {
      const mount = (this.mountGuards.get(router) ?? []).find((m) => m.parent === edge.parent);
      for (const chain of this.guardChains(edge.parent, stack)) {
        if (out.length >= MAX_GUARD_CHAINS) break;
        out.push([
          ...chain,
          ...this.usesBefore(edge.parent, mount?.call),
          ...(mount?.inline ?? []).map((expr) => ({ expr })),
        ]);
      }
    }
    stack.delete(router);
    const result = out.length > 0 ? out : [[]];
    this.chainMemo.set(router, result);
    return result;
  }

  private routeAuth(decl: RouteDecl, fullPath: string, method: string): OperationAuth {
    const handlers = this.flatHandlers(decl.handlers.filter((h) => !ts.isObjectLiteralExpression(unwrapExpression(h))));
    const hooks: TS.Expression[] = [];
    if (decl.options) {
      for (const hook of GUARD_HOOKS) {
        const e = this.propertyExpr(decl.options, hook);
        if (e) hooks.push(e);
      }
    }
    const handler = handlers.at(-1) ?? (decl.options ? this.propertyExpr(decl.options, 'handler') : undefined);
    const declFile = decl.call.getSourceFile().fileName;
    const applies = (g: ChainGuard) =>
      (g.under === undefined || g.under.some((p) => isUnder(fullPath, p))) &&
      (g.methods === undefined || g.methods.includes(method as HttpMethod));
    const autohooks = this.autohookScopes
      .filter((scope) => declFile.startsWith(`${scope.dir}/`))
      .flatMap((scope) => this.usesBefore(scope.router, undefined));
    const own = [
      ...[...autohooks, ...this.usesBefore(decl.router, decl.site ?? decl.call)].filter(applies).map((g) => g.expr),
      ...hooks,
      ...handlers.slice(0, -1),
    ];
    let auth: OperationAuth | undefined;
    for (const chain of this.guardChains(decl.router, new Set())) {
      const guards = chain.filter(applies).map((g) => g.expr);
      const candidate = this.auth.routeAuth([...guards, ...own], handler, fullPath, method);
      auth = auth ? weakerAuth(auth, candidate) : candidate;
    }
    return auth ?? this.auth.routeAuth(own, handler, fullPath, method);
  }

  /**
   * The object literal a @hono/zod-openapi route config is written as: `createRoute({ … })` (which returns its
   * argument), inline or through the variable or namespace export that holds it (`routes.list`).
   */
  private routeConfig(expr: TS.Expression, depth: number): TS.ObjectLiteralExpression | undefined {
    if (depth > 6) return undefined;
    const e = unwrapExpression(expr);
    if (ts.isObjectLiteralExpression(e)) return e;
    if (ts.isCallExpression(e)) {
      const callee = this.ev.asValue(this.ev.evaluate(e.expression));
      const made = callee?.kind === 'package' && callee.path.at(-1) === 'createRoute';
      return made && e.arguments[0] ? this.routeConfig(e.arguments[0], depth + 1) : undefined;
    }
    let binding: Binding | undefined;
    if (ts.isIdentifier(e)) binding = this.ev.bindingOf(e.text, e);
    else if (ts.isPropertyAccessExpression(e)) {
      const owner = this.ev.evaluate(e.expression);
      if (owner?.kind === 'module') binding = this.ev.exportBinding(owner.file, e.name.text);
    }
    const decl = binding?.access.length === 0 ? binding.decl : undefined;
    return decl && ts.isVariableDeclaration(decl) && decl.initializer
      ? this.routeConfig(decl.initializer, depth + 1)
      : undefined;
  }

  private propertyExpr(obj: TS.ObjectLiteralExpression, key: string): TS.Expression | undefined {
    for (const prop of obj.properties) {
      if (ts.isPropertyAssignment(prop) && prop.name.getText().replace(/['"]/g, '') === key) return prop.initializer;
      if (ts.isShorthandPropertyAssignment(prop) && prop.name.text === key) return prop.name;
    }
    return undefined;
  }

  private pluginFunction(value: StaticValue | undefined): TS.SignatureDeclaration | undefined {
    if (value?.kind === 'function') return value.node;
    if (value?.kind === 'module') return this.pluginFunction(this.ev.exportValue(value.file, 'default'));
    return undefined;
  }

  private handleRegister(router: RouterNode, call: TS.CallExpression): void {
    const [pluginArg, optsArg] = call.arguments;
    if (!pluginArg) return;
    const plugin = this.ev.evaluate(pluginArg);
    const opts = optsArg ? this.ev.evaluate(optsArg) : undefined;
    const prefixExpr = opts?.kind === 'object' ? this.propertyExpr(opts.node, 'prefix') : undefined;
    const prefix = prefixExpr ? this.ev.evaluatePath(prefixExpr) : { text: '' };
    if (plugin?.kind === 'package' && /(^|\/)(fastify-)?autoload$/.test(plugin.name)) {
      if (opts?.kind === 'object') this.handleAutoload(router, opts.node, call);
      return;
    }
    const fn = this.pluginFunction(plugin);
    const param = fn?.parameters[0];
    if (!param) return;
    this.ev.addMount(router, this.ev.paramRouter(param), prefix);
  }

  /** `@fastify/autoload`: every file under `dir` is a plugin; its folder path is its prefix. */
  private handleAutoload(router: RouterNode, opts: TS.ObjectLiteralExpression, call: TS.CallExpression): void {
    const dirExpr = this.propertyExpr(opts, 'dir');
    const dir = dirExpr && this.autoloadDir(dirExpr, call.getSourceFile().fileName);
    if (dir === undefined) return;
    const optionsExpr = this.propertyExpr(opts, 'options');
    const optionsValue = optionsExpr && this.ev.evaluate(optionsExpr);
    const prefixExpr = optionsValue?.kind === 'object' ? this.propertyExpr(optionsValue.node, 'prefix') : undefined;
    const basePrefix = prefixExpr ? this.ev.evaluatePath(prefixExpr) : { text: '' };
    const routeParamsExpr = this.propertyExpr(opts, 'routeParams');
    const routeParams = routeParamsExpr?.kind === ts.SyntaxKind.TrueKeyword;
    const dirNamePrefixExpr = this.propertyExpr(opts, 'dirNameRoutePrefix');
    const useDirNames = dirNamePrefixExpr?.kind !== ts.SyntaxKind.FalseKeyword;
    const autoHooks = this.propertyExpr(opts, 'autoHooks')?.kind === ts.SyntaxKind.TrueKeyword;
    const ignoreExpr = this.propertyExpr(opts, 'ignorePattern');
    const ignore = ignoreExpr && ts.isRegularExpressionLiteral(ignoreExpr) ? ignoreExpr.text : undefined;
    // A folder with an index file is loaded through it alone: its other files are the index's to register (its
    // sub-folders are still loaded).
    const indexed = new Set(
      this.project.files.filter((f) => AUTOLOAD_INDEX.test(f.slice(f.lastIndexOf('/') + 1))).map((f) => dirOf(f)),
    );
    for (const file of this.project.files) {
      if (dir !== '' && !file.startsWith(`${dir}/`)) continue;
      const rel = dir === '' ? file : file.slice(dir.length + 1);
      const segments = rel.split('/');
      const base = segments.pop() as string;
      if (indexed.has(dirOf(file)) && !AUTOLOAD_INDEX.test(base) && !/^[_.]?auto_?hooks\./i.test(base)) continue;
      if (/^autohooks\./.test(base)) {
        // `autoHooks: true`: the hooks this file adds apply to every plugin of its folder and below.
        const hookFn = autoHooks ? this.pluginFunction(this.ev.exportValue(file, 'default')) : undefined;
        const hookParam = hookFn?.parameters[0];
        if (hookParam)
          this.autohookScopes.push({
            dir: file.slice(0, file.lastIndexOf('/')),
            router: this.ev.paramRouter(hookParam),
          });
        continue;
      }
      if (base.startsWith('.')) continue;
      if (ignore && rel.includes(ignore.replace(/^\/|\/[a-z]*$/g, '').replace(/\\/g, ''))) continue;
      const fn = this.pluginFunction(this.ev.exportValue(file, 'default'));
      const param = fn?.parameters[0];
      if (!param) continue;
      let folder = useDirNames
        ? segments.map((s) => (routeParams && s.startsWith('_') ? `:${s.slice(1)}` : s)).join('/')
        : '';
      const autoPrefix = this.ev.exportValue(file, 'autoPrefix');
      if (autoPrefix?.kind === 'string') folder = joinPathValues({ text: folder }, autoPrefix.path).text;
      this.ev.addMount(
        router,
        this.ev.paramRouter(param),
        joinPathValues(basePrefix, { text: folder ? `/${folder}` : '' }),
      );
    }
  }

  /** Folder named by `path.join(__dirname, 'routes')`, `new URL('./routes', import.meta.url)` and the like. */
  private autoloadDir(expr: TS.Expression, fromFile: string): string | undefined {
    const parts: string[] = [];
    const collect = (e: TS.Expression): boolean => {
      const u = unwrapExpression(e);
      if (ts.isStringLiteralLike(u)) {
        parts.push(u.text);
        return true;
      }
      if (ts.isIdentifier(u) && u.text === '__dirname') return true;
      if (ts.isPropertyAccessExpression(u) && u.getText() === 'import.meta.dirname') return true;
      if (ts.isPropertyAccessExpression(u) && u.getText() === 'import.meta.url') return true;
      if (ts.isCallExpression(u) || ts.isNewExpression(u)) {
        for (const a of u.arguments ?? []) if (!collect(a)) return false;
        return true;
      }
      if (ts.isIdentifier(u)) {
        const v = this.ev.evaluate(u);
        if (v?.kind === 'string' && v.path.unresolved === undefined) {
          parts.push(v.path.text);
          return true;
        }
        // A `__dirname` substitute computed from import.meta.url.
        return /dirname/i.test(u.text);
      }
      return false;
    };
    if (!collect(expr)) return undefined;
    const dirOfFile = fromFile.includes('/') ? fromFile.slice(0, fromFile.lastIndexOf('/')) : '';
    return joinFsPaths([dirOfFile, ...parts], false);
  }

  private handleGenericCall(call: TS.CallExpression | TS.NewExpression): void {
    const args = call.arguments ?? [];
    const routerArgs: [number, RouterNode][] = [];
    args.forEach((arg, i) => {
      const a = unwrapExpression(arg);
      if (!ts.isIdentifier(a) && !ts.isPropertyAccessExpression(a)) return;
      const r = this.childRouter(a);
      if (r) routerArgs.push([i, r]);
    });
    if (routerArgs.length === 0) return;
    const callee = this.ev.evaluate(call.expression);
    let params: readonly TS.ParameterDeclaration[] | undefined;
    if (callee?.kind === 'function') params = callee.node.parameters;
    else if (callee?.kind === 'module') {
      const def = this.ev.exportValue(callee.file, 'default');
      if (def?.kind === 'function') params = def.node.parameters;
    } else if (callee?.kind === 'class') {
      params = callee.node.members.find(ts.isConstructorDeclaration)?.parameters;
    }
    if (!params) return;
    for (const [i, parent] of routerArgs) {
      const param = params[i];
      if (param && !param.dotDotDotToken && ts.isIdentifier(param.name))
        this.ev.addMount(parent, this.ev.paramRouter(param), { text: '' });
    }
    if (callee?.kind === 'function' && ts.isCallExpression(call)) this.helperRegistrations(callee.node, call);
  }

  /**
   * A project helper that registers the route its caller names (`register(router, 'get', '/x', h)` with
   * `function register(r, method, path, ...handlers) { r[method](path, ...handlers) }`): its route calls on a
   * parameter whose method or path is a parameter are read once per call, the parameters bound to the arguments.
   */
  private helperRegistrations(fn: TS.SignatureDeclaration, site: TS.CallExpression): void {
    const params = fn.parameters;
    const paramNames = new Set(params.flatMap((p) => (ts.isIdentifier(p.name) ? [p.name.text] : [])));
    const usesParam = (e: TS.Node | undefined): boolean =>
      e !== undefined && ts.isIdentifier(unwrapExpression(e as TS.Expression)) && paramNames.has(e.getText());
    const inner: TS.CallExpression[] = [];
    const visit = (node: TS.Node): void => {
      if (ts.isCallExpression(node)) {
        const callee = node.expression;
        const onParam =
          (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) &&
          usesParam(callee.expression);
        const byParam = ts.isElementAccessExpression(callee) ? usesParam(callee.argumentExpression) : false;
        const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
        if (onParam && (byParam || (name !== undefined && name in VERBS && usesParam(node.arguments[0]))))
          inner.push(node);
      }
      if (!ts.isFunctionLike(node) || node === fn) ts.forEachChild(node, visit);
    };
    visit(fn);
    if (inner.length === 0) return;
    const bound = new Map<TS.Node, TS.Expression>();
    params.forEach((p, i) => {
      const arg = site.arguments[i];
      if (arg !== undefined && !p.dotDotDotToken) bound.set(p, arg);
    });
    this.ev.withBindings(bound, () => {
      for (const call of inner) {
        const before = this.decls.length;
        this.handleRouteCall(call);
        for (const decl of this.decls.slice(before)) decl.site = site;
      }
    });
  }

  private frameworkOf(router: RouterNode, seen = new Set<RouterNode>()): RouterFramework {
    if (router.framework) return router.framework;
    if (router.hint) return router.hint;
    if (!seen.has(router)) {
      seen.add(router);
      for (const edge of this.ev.mounts) if (edge.child === router) return this.frameworkOf(edge.parent, seen);
    }
    const fw = frameworkFromPackages(this.project.modules.get(router.file));
    if (fw) return fw;
    for (const candidate of ['express', 'fastify', 'koa', 'hono'] as const)
      if (this.context.frameworks.has(candidate)) return candidate;
    return 'express';
  }

  private prefixesOf(router: RouterNode, stack: Set<RouterNode>): PathValue[] {
    const memo = this.prefixMemo.get(router);
    if (memo) return memo;
    if (stack.has(router)) return [];
    stack.add(router);
    const parents = this.ev.mounts.filter((e) => e.child === router);
    let out: PathValue[] = [];
    // An Express sub-router no mount was found for is listed at the root, flagged: where it is served is not known.
    if (parents.length === 0) out = [router.sub ? { text: '', unresolved: UNMOUNTED } : { text: '' }];
    for (const edge of parents) {
      for (const p of this.prefixesOf(edge.parent, stack)) out.push(joinPathValues(p, edge.prefix));
    }
    stack.delete(router);
    if (out.length === 0 && parents.length > 0) out = [{ text: '' }];
    if (router.ownPrefix) out = out.map((p) => joinPathValues(p, router.ownPrefix as PathValue));
    const seen = new Set<string>();
    out = out.filter((p) => {
      const key = `${p.unresolved ?? ''}\0${p.text}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    out = out.slice(0, MAX_PREFIXES);
    this.prefixMemo.set(router, out);
    return out;
  }

  private emit(): JsRoute[] {
    const routes: JsRoute[] = [];
    const seen = new Set<string>();
    // Express answers a request with the first route of a router that matches it: a second declaration of the same
    // method and path later in the same file is reached only through the first, whose guards decide.
    const firstOnRouter = new Map<RouterNode, Map<string, { file: string; start: number; auth: JsRoute['auth'] }>>();
    for (const decl of this.decls) {
      const framework = this.frameworkOf(decl.router);
      const at = decl.site ?? decl.call;
      const sf = (decl.written ?? at).getSourceFile();
      const callee = at.expression;
      const anchor = decl.written ?? (ts.isPropertyAccessExpression(callee) ? callee.name : at);
      const pos = sf.getLineAndCharacterOfPosition(anchor.getStart(sf));
      for (const prefix of this.prefixesOf(decl.router, new Set())) {
        for (const path of decl.paths.flatMap(withoutOptionalRest)) {
          // A catch-all route answers whatever no other route takes (an SPA, a 404 page, a redirector): not an API
          // operation, but it is named among the routes left out rather than dropped.
          const catchAll = path.unresolved === undefined && isBareCatchAll(path.text);
          const full = joinPathValues(prefix, path);
          const text = cleanPathText(full.text) || '/';
          for (const method of decl.methods) {
            const key = `${method} ${full.unresolved ?? ''} ${text} ${sf.fileName}:${pos.line}`;
            if (seen.has(key)) continue;
            seen.add(key);
            const machinery =
              decl.machinery === 'static files'
                ? staticFilesReason(text.replace(/\/\*$/, ''))
                : decl.machinery === 'preflight'
                  ? PREFLIGHT_REASON
                  : decl.machinery === 'dashboard'
                    ? "a package's dashboard served by the app"
                    : decl.machinery === 'not found'
                      ? `catch-all answering 404 under ${text.replace(/\/[^/]*$/, '') || '/'}`
                      : decl.machinery === 'docs UI' || decl.machinery === 'generated spec'
                        ? `${decl.machinery === 'docs UI' ? 'API docs UI' : 'generated spec'} served by the app`
                        : catchAll
                          ? catchAllReason(method, prefix.text)
                          : undefined;
            const onRouter = firstOnRouter.get(decl.router) ?? new Map();
            firstOnRouter.set(decl.router, onRouter);
            const routeKey = `${method} ${full.unresolved ?? ''} ${text}`;
            const first = machinery === undefined ? onRouter.get(routeKey) : undefined;
            const shadowed =
              first !== undefined &&
              framework === 'express' &&
              first.file === sf.fileName &&
              first.start < at.getStart(sf);
            const auth =
              this.authOn && machinery === undefined
                ? shadowed
                  ? first.auth
                  : this.routeAuth(decl, text, method)
                : undefined;
            if (machinery === undefined && first === undefined)
              onRouter.set(routeKey, { file: sf.fileName, start: at.getStart(sf), auth });
            routes.push({
              framework,
              method,
              path: text,
              ...(full.unresolved !== undefined ? { unresolvedPrefix: full.unresolved } : {}),
              file: sf.fileName,
              line: pos.line + 1,
              column: pos.character + 1,
              call: decl.call,
              handlers: decl.handlers,
              ...(decl.options ? { options: decl.options } : {}),
              ...(auth ? { auth } : {}),
              ...(machinery ? { machinery } : {}),
            });
          }
        }
      }
    }
    void lineOf;
    return routes;
  }
}

/**
 * How many elements `list.pop()` and `list.shift()` calls take out of a list before `call`, in the function that
 * holds it (`const lastHandler = handlers.pop()` before `…handlers` is spread).
 */
function takenOut(list: TS.Expression, call: TS.Node): { pops: number; shifts: number } {
  const out = { pops: 0, shifts: 0 };
  const name = unwrapExpression(list);
  if (!ts.isIdentifier(name)) return out;
  let body: TS.Node | undefined = call.parent;
  while (body && !ts.isFunctionLike(body) && !ts.isSourceFile(body)) body = body.parent;
  if (!body) return out;
  const visit = (node: TS.Node): void => {
    if (node.getStart() >= call.getStart()) return;
    if (
      ts.isCallExpression(node) &&
      node.arguments.length === 0 &&
      ts.isPropertyAccessExpression(node.expression) &&
      ts.isIdentifier(node.expression.expression) &&
      node.expression.expression.text === name.text
    ) {
      if (node.expression.name.text === 'pop') out.pops++;
      else if (node.expression.name.text === 'shift') out.shifts++;
    }
    if (!ts.isFunctionLike(node) || node === body) ts.forEachChild(node, visit);
  };
  visit(body);
  return out;
}
