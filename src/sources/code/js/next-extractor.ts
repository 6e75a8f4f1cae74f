import type * as TS from 'typescript';
import { HTTP_METHODS, type HttpMethod, joinPaths } from '../../../model/index.js';
import type { RepoFiles } from '../../repo/index.js';
import {
  analysisOf,
  type ExtractContext,
  type ExtractedRoute,
  type ExtractResult,
  type RouteExtractor,
} from '../extractor.js';
import { ANY_METHODS } from '../handler-names.js';
import { Evaluator } from './evaluator.js';
import { FileRouteAuth, type NextMiddleware } from './file-route-auth.js';
import { FILE_ROUTE_HANDLERS_NOT_READ, nextBasePath } from './file-routers.js';
import { JsAuthAnalysis } from './js-auth.js';
import { loadJsProject } from './js-project.js';
import type { ModuleInfo } from './module-graph.js';
import { JS_EXTENSIONS, lineOf, unwrapExpression } from './parse-js.js';
import { ts } from './typescript.js';

const NEXT_CONFIG = /^next\.config\.(js|mjs|cjs|ts|mts)$/;

/** Folder is a Next.js project root: it has a next.config or a package.json. */
function isProjectRoot(dir: string, files: ReadonlySet<string>): boolean {
  const prefix = dir ? `${dir}/` : '';
  if (files.has(`${prefix}package.json`)) return true;
  for (const ext of ['js', 'mjs', 'cjs', 'ts', 'mts']) if (files.has(`${prefix}next.config.${ext}`)) return true;
  void NEXT_CONFIG;
  return false;
}

/** Turns route folder segments into a URL path: `[id]` → `{id}`, route groups and parallel slots dropped. */
function segmentsToPath(segments: readonly string[]): string | undefined {
  const out: string[] = [];
  for (const seg of segments) {
    if (seg.startsWith('(') && seg.endsWith(')')) continue;
    if (seg.startsWith('@')) continue;
    if (seg.startsWith('_')) return undefined;
    let m = /^\[\[?\.\.\.(.+?)\]\]?$/.exec(seg);
    if (m) {
      out.push(`{${m[1]}}`);
      continue;
    }
    m = /^\[(.+)\]$/.exec(seg);
    out.push(m ? `{${m[1]}}` : seg);
  }
  return `/${out.join('/')}`;
}

/** Where a file sits in a Next.js router: `pages` (API routes) or `app` (route handlers). */
function routeLocation(
  file: string,
  files: ReadonlySet<string>,
): { kind: 'pages' | 'app'; segments: string[]; rootDir: string } | undefined {
  const parts = file.split('/');
  const name = parts.pop() as string;
  const stem = name.replace(/\.[cm]?[jt]sx?$/, '');
  for (let i = 0; i < parts.length; i++) {
    const seg = parts[i];
    const rootDir = parts.slice(0, parts[i - 1] === 'src' ? i - 1 : i).join('/');
    if (seg === 'pages' && parts[i + 1] === 'api' && isProjectRoot(rootDir, files)) {
      if (stem.startsWith('_')) return undefined;
      const segs = parts.slice(i + 1);
      if (stem !== 'index') segs.push(stem);
      return { kind: 'pages', segments: segs, rootDir };
    }
    if (seg === 'app' && stem === 'route' && isProjectRoot(rootDir, files))
      return { kind: 'app', segments: parts.slice(i + 1), rootDir };
  }
  return undefined;
}

function isMethod(name: string): name is HttpMethod {
  return (HTTP_METHODS as readonly string[]).includes(name);
}

/** Methods an App Router `route.ts` exports (`export { GET, POST } from './auth'` too), with the node of each export. */
function exportedMethods(mod: ModuleInfo): [HttpMethod, TS.Node][] {
  const out: [HttpMethod, TS.Node][] = [];
  for (const [name, node] of mod.exports) if (isMethod(name)) out.push([name, node]);
  for (const re of mod.reexports) if (isMethod(re.as) && re.node) out.push([re.as, re.node]);
  return out;
}

/** Methods a Pages API handler compares `req.method` against (`if`, `switch`), or next-connect verbs. */
function handledMethods(mod: ModuleInfo): [HttpMethod, number][] {
  const found = new Map<HttpMethod, number>();
  const usesNextConnect = mod.packages.has('next-connect');
  const isReqMethod = (e: TS.Expression): boolean => {
    const u = unwrapExpression(e);
    return ts.isPropertyAccessExpression(u) && u.name.text === 'method';
  };
  const note = (e: TS.Expression | undefined, at: TS.Node) => {
    const u = e && unwrapExpression(e);
    if (u && ts.isStringLiteralLike(u) && isMethod(u.text.toUpperCase())) {
      const m = u.text.toUpperCase() as HttpMethod;
      if (!found.has(m)) found.set(m, lineOf(at));
    }
  };
  const visit = (node: TS.Node): void => {
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      if (
        op === ts.SyntaxKind.EqualsEqualsEqualsToken ||
        op === ts.SyntaxKind.EqualsEqualsToken ||
        op === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
        op === ts.SyntaxKind.ExclamationEqualsToken
      ) {
        if (isReqMethod(node.left)) note(node.right, node);
        else if (isReqMethod(node.right)) note(node.left, node);
      }
    } else if (ts.isSwitchStatement(node) && isReqMethod(node.expression)) {
      for (const clause of node.caseBlock.clauses) if (ts.isCaseClause(clause)) note(clause.expression, clause);
    } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const name = node.expression.name.text;
      if (
        usesNextConnect &&
        isMethod(name.toUpperCase()) &&
        node.arguments.some((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a) || ts.isIdentifier(a))
      ) {
        const m = name.toUpperCase() as HttpMethod;
        if (!found.has(m)) found.set(m, lineOf(node));
      }
      // ['GET', 'POST'].includes(req.method)
      if (name === 'includes' && node.arguments[0] && isReqMethod(node.arguments[0])) {
        const arr = unwrapExpression(node.expression.expression);
        if (ts.isArrayLiteralExpression(arr)) for (const el of arr.elements) note(el, node);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(mod.sourceFile);
  return [...found.entries()];
}

/** Next.js: `pages/api/**` API routes and App Router `app/**\/route.ts` handlers. */
export const nextExtractor: RouteExtractor = {
  id: 'nextjs',
  language: 'javascript',
  extensions: JS_EXTENSIONS,
  detect: (manifest) => manifest.npm.has('next'),
  async extract(files: readonly string[], _repo: RepoFiles, context: ExtractContext): Promise<ExtractResult> {
    const project = await loadJsProject(files, context);
    const operations: ExtractedRoute[] = [];
    const authOn = analysisOf(context).auth;
    const ev = new Evaluator(project.modules, context.env);
    ev.resolver = (from, spec) => project.resolver.resolve(from, spec);
    const auth_ = authOn ? new FileRouteAuth(ev, new JsAuthAnalysis(ev)) : undefined;
    // The middleware (`middleware.ts`, `proxy.ts` since Next.js 16) of each app root, beside `app/` or in `src/`.
    const middlewares = new Map<string, NextMiddleware | undefined>();
    const middlewareOf = async (rootDir: string): Promise<NextMiddleware | undefined> => {
      if (middlewares.has(rootDir)) return middlewares.get(rootDir);
      let found: NextMiddleware | undefined;
      for (const dir of [rootDir, rootDir ? `${rootDir}/src` : 'src'])
        for (const name of ['middleware', 'proxy'])
          for (const ext of ['ts', 'js', 'mts', 'mjs']) {
            const file = dir ? `${dir}/${name}.${ext}` : `${name}.${ext}`;
            const mod = !found && context.repoFiles.has(file) ? project.modules.get(file) : undefined;
            if (mod && auth_) found = auth_.middleware(mod);
          }
      middlewares.set(rootDir, found);
      return found;
    };
    for (const file of files) {
      const where = routeLocation(file, context.repoFiles);
      if (!where) continue;
      const mod = project.modules.get(file);
      if (!mod) continue;
      const routePath = segmentsToPath(where.segments);
      if (routePath === undefined) continue;
      // `basePath` in next.config prefixes every route the app serves.
      const basePath = await context.memo(`next:basePath:${where.rootDir}`, () => nextBasePath(context, where.rootDir));
      const path = basePath ? joinPaths(basePath, routePath) : routePath;
      const def = mod.exports.get('default');
      let methods: [HttpMethod, TS.Node | undefined, number][] =
        where.kind === 'app'
          ? exportedMethods(mod).map(([m, node]) => [m, node, lineOf(node)])
          : handledMethods(mod).map(([m, line]) => [m, def, line]);
      if (where.kind === 'pages' && methods.length === 0) {
        if (!def) continue;
        // A catch-all (`[...x]`, `[[...x]]`) that never looks at req.method hands every method to whatever it
        // wraps (`NextAuth(…)`, a tRPC or proxy handler): it answers them all. A plain file is read as its GET.
        const catchAll = /^\[\[?\.\.\./.test(where.segments[where.segments.length - 1] ?? '');
        methods = (catchAll ? ANY_METHODS : (['GET'] as HttpMethod[])).map((m) => [m, def, lineOf(def)]);
      }
      const middleware = authOn ? await middlewareOf(where.rootDir) : undefined;
      for (const [method, node, line] of methods) {
        const auth = auth_ && node ? auth_.routeAuth(node, path, middleware) : undefined;
        operations.push({ method, path, file, line, framework: 'nextjs', ...(auth ? { auth } : {}) });
      }
    }
    return { operations, unparsed: project.unparsed, handlersNotRead: FILE_ROUTE_HANDLERS_NOT_READ };
  },
};
