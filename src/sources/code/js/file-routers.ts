import type * as TS from 'typescript';
import { HTTP_METHODS, type HttpMethod, joinPaths } from '../../../model/index.js';
import type { RepoFiles } from '../../repo/index.js';
import {
  analysisOf,
  type ExtractContext,
  type ExtractedRoute,
  type ExtractResult,
  type ManifestInfo,
  type RouteExtractor,
} from '../extractor.js';
import { ANY_METHODS } from '../handler-names.js';
import { describeFileRoute } from './describe-file-route.js';
import { Evaluator } from './evaluator.js';
import { FileRouteAuth } from './file-route-auth.js';
import { JsAuthAnalysis } from './js-auth.js';
import { loadJsProject } from './js-project.js';
import type { ModuleInfo } from './module-graph.js';
import { JS_EXTENSIONS, lineOf, parseJs } from './parse-js.js';
import { ts } from './typescript.js';

/**
 * File-system routers: the route is the file's place under a routes folder, the method its name or its exports.
 * Nitro/h3/Nuxt (`server/api/todos/[id].delete.ts`), SvelteKit (`src/routes/x/+server.ts`), Astro endpoints
 * (`src/pages/api/x.ts`) and Remix/React Router resource routes (`app/routes/api.users.$id.ts`).
 */

const SOURCE_EXT = /\.(?:[cm]?[jt]sx?)$/;
const METHOD_SUFFIX = /\.(get|post|put|patch|delete|head|options|connect|trace)$/i;

/** A folder a router reads, with the URL prefix its files are served under. */
interface RouteRoot {
  dir: string;
  prefix: string;
}

/** Config values a file-system router needs, read from its config file without running it. */
type ConfigValues = Map<string, string>;

/**
 * String-valued properties of a config file (`nuxt.config.ts`, `svelte.config.js`, `astro.config.mjs`,
 * `next.config.js`), by dotted key (`app.baseURL`, `kit.paths.base`). Only literals count: anything computed is
 * left out, and the router then uses the framework default.
 */
export function readConfigStrings(file: string, text: string): ConfigValues {
  const out: ConfigValues = new Map();
  const { sourceFile } = parseJs(file, text);
  const walkObject = (obj: TS.ObjectLiteralExpression, prefix: string): void => {
    for (const p of obj.properties) {
      if (!ts.isPropertyAssignment(p)) continue;
      const name = ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name) ? p.name.text : undefined;
      if (name === undefined) continue;
      const key = prefix ? `${prefix}.${name}` : name;
      const init = p.initializer;
      if (ts.isStringLiteralLike(init)) {
        if (!out.has(key)) out.set(key, init.text);
      } else if (ts.isObjectLiteralExpression(init)) walkObject(init, key);
    }
  };
  const visit = (node: TS.Node): void => {
    // The top-level config object: `export default defineX({...})`, `module.exports = {...}`, `const config = {...}`.
    if (ts.isObjectLiteralExpression(node)) {
      walkObject(node, '');
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return out;
}

async function configOf(context: ExtractContext, dir: string, names: readonly string[]): Promise<ConfigValues> {
  for (const name of names) {
    for (const ext of ['ts', 'mts', 'js', 'mjs', 'cjs']) {
      const file = dir ? `${dir}/${name}.${ext}` : `${name}.${ext}`;
      if (!context.repoFiles.has(file)) continue;
      const text = await context.read(file);
      if (text !== undefined) return readConfigStrings(file, text);
    }
  }
  return new Map();
}

/** Folders holding a manifest that lists one of `packages`: each is an app root the router reads. */
async function appRoots(context: ExtractContext, packages: readonly string[]): Promise<string[]> {
  const roots: string[] = [];
  for (const file of context.repoFiles) {
    if (!/(^|\/)package\.json$/.test(file) || /(^|\/)node_modules\//.test(file)) continue;
    const text = await context.read(file);
    if (text === undefined) continue;
    try {
      const json = JSON.parse(text) as Record<string, Record<string, string> | undefined>;
      const deps = { ...json.dependencies, ...json.devDependencies, ...json.peerDependencies };
      if (packages.some((p) => p in deps)) roots.push(file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '');
    } catch {
      // A manifest that does not parse names no framework.
    }
  }
  return roots;
}

function under(dir: string, sub: string): string {
  return [dir, sub].filter((s) => s !== '').join('/');
}

/** Bracket segments to templates: `[id]` → `{id}`, `[...slug]` → `{slug}`, `[param=matcher]` → `{param}`. */
function bracketSegment(seg: string): string {
  return seg.replace(/\[\[?(?:\.\.\.)?([^\]=]*)(?:=[^\]]*)?\]\]?/g, (_m, name: string) => `{${name || 'path'}}`);
}

/** Expands optional segments (`[[lang]]`) into the paths with and without them. */
function expandOptional(segments: readonly string[]): string[][] {
  let out: string[][] = [[]];
  for (const seg of segments) {
    const optional = /^\[\[(?!\.\.\.)[^\]]+\]\]$/.test(seg);
    const next: string[][] = [];
    for (const prefix of out) {
      next.push([...prefix, seg]);
      if (optional) next.push(prefix);
    }
    out = next;
  }
  return out;
}

function isMethod(name: string): name is HttpMethod {
  return (HTTP_METHODS as readonly string[]).includes(name);
}

/** Upper-case method exports (`export const GET`, `export function POST`) with their lines and handlers. */
function methodExports(mod: ModuleInfo, extra: Record<string, HttpMethod[]> = {}): [HttpMethod, number, TS.Node][] {
  const out: [HttpMethod, number, TS.Node][] = [];
  for (const [name, node] of mod.exports) {
    if (isMethod(name)) out.push([name, lineOf(node), node]);
    else for (const m of extra[name] ?? []) out.push([m, lineOf(node), node]);
  }
  return out;
}

/**
 * The wire model reads router frameworks' handlers (`req`/`res`) and SvelteKit's and Nitro's file-based ones, not the
 * exported handlers of the other file-based routers (Next.js, Astro, Remix).
 */
export const FILE_ROUTE_HANDLERS_NOT_READ = 'handlers of file-based routes are not read for what they receive and send';

interface FileRoute {
  path: string;
  /** Each method with the line of its declaration and the export that handles it. */
  methods: [HttpMethod, number, TS.Node | undefined][];
}

interface FileRouterSpec {
  id: string;
  packages: readonly string[];
  /** Folders read and their URL prefixes, per app root. */
  roots(context: ExtractContext, appRoot: string): Promise<RouteRoot[]>;
  /** The route a file declares, relative to its root folder; undefined for files that are not routes. */
  route(relative: string, mod: ModuleInfo): FileRoute[] | undefined;
  /**
   * Files the framework runs before every route (SvelteKit's `hooks.server`, Nitro's `server/middleware`, Astro's
   * `middleware`). Their checks are not read: a route one that may refuse requests guards is `unknown` unless its
   * handler requires auth; one that refuses nobody leaves the handler to decide.
   */
  hooks?: RegExp;
  /** The reader of the handlers' wire (what they read and answer); without one, that is said as not read. */
  wire?: 'sveltekit' | 'nitro';
}

function fileRouter(spec: FileRouterSpec): RouteExtractor {
  return {
    id: spec.id,
    language: 'javascript',
    extensions: JS_EXTENSIONS,
    detect: (manifest: ManifestInfo) => spec.packages.some((p) => manifest.npm.has(p)),
    async extract(files: readonly string[], _repo: RepoFiles, context: ExtractContext): Promise<ExtractResult> {
      const roots: RouteRoot[] = [];
      const apps = await appRoots(context, spec.packages);
      for (const app of apps) roots.push(...(await spec.roots(context, app)));
      const routeFiles = files.filter((f) => roots.some((r) => f.startsWith(`${r.dir}/`)));
      // The app's own modules outside the route folders too (`$lib/server/auth.js`): a handler's first call into
      // one can be its guard.
      const routed = new Set(routeFiles);
      const ownFiles = files.filter(
        (f) =>
          !routed.has(f) &&
          !/(^|\/)node_modules\//.test(f) &&
          apps.some((app) => app === '' || f.startsWith(`${app}/`)),
      );
      const project = await loadJsProject([...routeFiles, ...ownFiles], context);
      const operations: ExtractedRoute[] = [];
      const ev = new Evaluator(project.modules, context.env);
      ev.resolver = (from, spec) => project.resolver.resolve(from, spec);
      const auth = analysisOf(context).auth ? new FileRouteAuth(ev, new JsAuthAnalysis(ev)) : undefined;
      const wire = analysisOf(context).wire ? spec.wire : undefined;
      const schemas = {};
      // A hook that may refuse requests leaves a route without a check of its own unknown; one that refuses nobody
      // (it only puts the session on `locals`) leaves each route to its handler.
      const hook =
        auth &&
        spec.hooks &&
        [...context.repoFiles].find((f) => {
          if (!spec.hooks?.test(f) || /(^|\/)node_modules\//.test(f)) return false;
          const mod = project.modules.get(f);
          return mod === undefined || auth.hookRefuses(mod) !== false;
        });
      for (const file of routeFiles) {
        // The deepest root wins: `server/api` before `server/routes`' parent.
        const root = roots
          .filter((r) => file.startsWith(`${r.dir}/`))
          .sort((a, b) => b.dir.length - a.dir.length)[0] as RouteRoot;
        const mod = project.modules.get(file);
        if (!mod) continue;
        for (const r of spec.route(file.slice(root.dir.length + 1), mod) ?? []) {
          const path = joinPaths(root.prefix, r.path);
          for (const [method, line, handler] of r.methods) {
            let routeAuth = auth && handler ? auth.routeAuth(handler, path, undefined) : undefined;
            if (routeAuth && hook && routeAuth.state !== 'required') {
              const { reason: _reason, ...rest } = routeAuth;
              routeAuth = {
                ...rest,
                state: 'unknown',
                reason: `\`${hook}\` runs before every route and may refuse requests; its checks are not read`,
              };
            }
            operations.push({
              method,
              path,
              file,
              line,
              framework: spec.id,
              ...(wire && handler ? describeFileRoute(handler, wire, ev, schemas, { file, line }) : {}),
              ...(routeAuth ? { auth: routeAuth } : {}),
            });
          }
        }
      }
      return {
        operations,
        unparsed: project.unparsed,
        schemas,
        ...(spec.wire ? {} : { handlersNotRead: FILE_ROUTE_HANDLERS_NOT_READ }),
      };
    },
  };
}

/**
 * Nitro / h3 / Nuxt server routes: `server/api/**` under `/api`, `server/routes/**` at the root; `.get`/`.post`…
 * suffixes pick the method, a file without one answers every method; `index` names its folder; `(group)` folders
 * are left out of the path. Nuxt's `serverDir`/`srcDir` and `app.baseURL`, Nitro's `srcDir`, `apiBaseURL` and
 * `baseURL` are applied.
 */
export const nitroExtractor = fileRouter({
  id: 'nitro',
  packages: ['nuxt', 'nitropack', 'nitro', 'nuxt3'],
  wire: 'nitro',
  hooks: /(^|\/)server\/middleware\/[^/]+\.[cm]?[jt]s$/,
  async roots(context, app) {
    const isNuxt = ['ts', 'mts', 'js', 'mjs'].some((ext) => context.repoFiles.has(under(app, `nuxt.config.${ext}`)));
    const nuxt = await configOf(context, app, ['nuxt.config']);
    const nitro = await configOf(context, app, ['nitro.config']);
    const baseURL = nuxt.get('app.baseURL') ?? nitro.get('baseURL') ?? '';
    const apiBase = nuxt.get('nitro.apiBaseURL') ?? nitro.get('apiBaseURL') ?? '/api';
    const clean = (dir: string) => dir.replace(/^\.\//, '').replace(/\/$/, '');
    // Nuxt serves `<serverDir>/api` and `<serverDir>/routes`; Nitro alone reads them under its `srcDir`, and
    // projects often keep Nitro's files in `server/` without saying so.
    const bases = isNuxt
      ? [under(app, clean(nuxt.get('serverDir') ?? 'server'))]
      : nitro.has('srcDir')
        ? [under(app, clean(nitro.get('srcDir') as string))]
        : [app, under(app, 'server')];
    return bases.flatMap((base) => [
      { dir: under(base, 'api'), prefix: joinPaths(baseURL, apiBase) },
      { dir: under(base, 'routes'), prefix: joinPaths(baseURL) },
    ]);
  },
  route(relative, mod) {
    const handler = mod.exports.get('default');
    if (handler === undefined) return undefined;
    const line = lineOf(handler);
    const parts = relative.replace(SOURCE_EXT, '').split('/');
    let last = parts.pop() as string;
    const suffix = METHOD_SUFFIX.exec(last);
    if (suffix) last = last.slice(0, -suffix[0].length);
    const segments = [...parts, last]
      .filter((s) => !(s.startsWith('(') && s.endsWith(')')))
      .filter((s, i, all) => !(s === 'index' && i === all.length - 1))
      .map((s) => (s === '[...]' ? '{path}' : bracketSegment(s)));
    const methods: [HttpMethod, number, TS.Node][] = suffix
      ? [[(suffix[1] as string).toUpperCase() as HttpMethod, line, handler]]
      : ANY_METHODS.map((m) => [m, line, handler]);
    return [{ path: `/${segments.join('/')}`, methods }];
  },
});

/**
 * SvelteKit endpoints: `+server.(js|ts)` under `src/routes` (or `kit.files.routes`), one route per exported
 * method (`fallback` answers the rest); `(group)` folders dropped, `[[optional]]` expanded, `[...rest]` and
 * `[param=matcher]` templated; `kit.paths.base` prefixed.
 */
export const sveltekitExtractor = fileRouter({
  id: 'sveltekit',
  packages: ['@sveltejs/kit'],
  wire: 'sveltekit',
  hooks: /(^|\/)src\/hooks\.server\.[cm]?[jt]s$/,
  async roots(context, app) {
    const config = await configOf(context, app, ['svelte.config']);
    const dir = (config.get('kit.files.routes') ?? 'src/routes').replace(/^\.\//, '');
    return [{ dir: under(app, dir), prefix: joinPaths(config.get('kit.paths.base')) }];
  },
  route(relative, mod) {
    const parts = relative.split('/');
    if (!/^\+server\.[cm]?[jt]s$/.test(parts.pop() as string)) return undefined;
    const methods = methodExports(mod, { fallback: ANY_METHODS });
    const segments = parts.filter((s) => !(s.startsWith('(') && s.endsWith(')')));
    return expandOptional(segments).map((segs) => ({ path: `/${segs.map(bracketSegment).join('/')}`, methods }));
  },
});

/**
 * Astro endpoints: `.js`/`.ts` files under `src/pages` (or `srcDir`), one route per exported method (`ALL`
 * answers every method; Astro 1's lower-case `get`/`post`/`del`/`all` too). The file name is the route
 * (`data.json.ts` → `/data.json`); `_`-prefixed files are not routes; `base` is prefixed.
 */
export const astroExtractor = fileRouter({
  id: 'astro',
  packages: ['astro'],
  hooks: /(^|\/)src\/middleware(?:\/index)?\.[cm]?[jt]s$/,
  async roots(context, app) {
    const config = await configOf(context, app, ['astro.config']);
    const src = (config.get('srcDir') ?? './src').replace(/^\.\//, '').replace(/\/$/, '');
    return [{ dir: under(app, `${src}/pages`), prefix: joinPaths(config.get('base')) }];
  },
  route(relative, mod) {
    const parts = relative.replace(SOURCE_EXT, '').split('/');
    if (parts.some((p) => p.startsWith('_'))) return undefined;
    if (parts[parts.length - 1] === 'index') parts.pop();
    const methods = methodExports(mod, {
      ALL: ANY_METHODS,
      all: ANY_METHODS,
      get: ['GET'],
      post: ['POST'],
      put: ['PUT'],
      patch: ['PATCH'],
      del: ['DELETE'],
    });
    if (methods.length === 0) return undefined;
    return [{ path: `/${parts.map(bracketSegment).join('/')}`, methods }];
  },
});

/** A Remix flat-routes file or folder name to path segments: `api.users.$id` → `api/users/{id}`. */
function remixSegments(name: string): string[] | undefined {
  // `[.]` escapes a dot: split only on dots outside brackets.
  const raw = name.split(/\.(?![^[]*\])/);
  const out: string[] = [];
  for (const part of raw) {
    let seg = part;
    if (seg === '_index' || seg === 'route') continue;
    // Pathless layouts (`_auth`) add no segment; a trailing `_` only opts out of the parent layout.
    if (seg.startsWith('_')) continue;
    if (seg.endsWith('_')) seg = seg.slice(0, -1);
    const optional = /^\((.*)\)$/.exec(seg);
    if (optional) seg = optional[1] as string;
    if (seg === '$') seg = '{path}';
    else if (seg.startsWith('$')) seg = `{${seg.slice(1)}}`;
    seg = seg.replace(/\[([^\]]*)\]/g, '$1');
    out.push(seg);
  }
  return out;
}

/**
 * Remix / React Router resource routes: modules under `app/routes` that export a `loader` (GET) and/or an
 * `action` (POST, PUT, PATCH, DELETE) and no default component. Flat-route names (`api.users.$id.ts`,
 * `api.users.$id/route.ts`), `_index`, pathless `_layout` segments, `$` splats and `(optional)` segments are read.
 * Page routes (a default export) serve HTML and are not API operations.
 */
export const remixExtractor = fileRouter({
  id: 'remix',
  packages: [
    '@remix-run/node',
    '@remix-run/react',
    '@remix-run/cloudflare',
    '@react-router/fs-routes',
    '@react-router/node',
  ],
  async roots(_context, app) {
    return [{ dir: under(app, 'app/routes'), prefix: '' }];
  },
  route(relative, mod) {
    if (mod.exports.has('default')) return undefined;
    const parts = relative.replace(SOURCE_EXT, '').split('/');
    // `app/routes/api.users/route.ts`: the folder names the route.
    const name =
      parts.length > 1 && parts[parts.length - 1] === 'route' ? parts.slice(0, -1).join('.') : parts.join('.');
    const segments = remixSegments(name);
    if (segments === undefined) return undefined;
    const methods: [HttpMethod, number, TS.Node][] = [];
    const loader = mod.exports.get('loader');
    const action = mod.exports.get('action');
    if (loader) methods.push(['GET', lineOf(loader), loader]);
    if (action) for (const m of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) methods.push([m, lineOf(action), action]);
    if (methods.length === 0) return undefined;
    return [{ path: `/${segments.join('/')}`, methods }];
  },
});

/** Next.js `basePath` from `next.config.*` in a folder, when written as a literal. */
export async function nextBasePath(context: ExtractContext, dir: string): Promise<string | undefined> {
  return (await configOf(context, dir, ['next.config'])).get('basePath');
}
