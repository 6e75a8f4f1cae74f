import type { Parser } from 'web-tree-sitter';
import { type OperationAuth, type Schema, weakerAuth } from '../../../model/index.js';
import type { RepoFiles } from '../../repo/index.js';
import { type CodeDocs, readFlasggerYaml } from '../code-docs.js';
import { analysisOf, type ExtractContext, type ExtractedRoute, type Unparsed } from '../extractor.js';
import { staticFilesReason } from '../machinery.js';
import type { Expr } from '../tree-sitter/expr.js';
import { loadParser } from '../tree-sitter/load-parser.js';
import { templatePath } from '../tree-sitter/template-path.js';
import { libraryRouteVerdict } from './fastapi-users.js';
import { flaskDocsMounts } from './flask-docs-mounts.js';
import { PythonAuth } from './python-auth.js';
import { describeHandler } from './python-handler.js';
import { type PyModule, pythonModuleName, readPythonModuleWith } from './python-module.js';
import { readPythonModuleOutline } from './python-module-outline.js';
import { PythonProject } from './python-project.js';
import {
  buildPythonRoutes,
  type PyRouteInfo,
  type PythonFramework,
  type PythonRouteGuards,
  type SourceSite,
} from './python-routes.js';
import { routeTemplates } from './route-factories.js';

/** Routes of every Python framework of a checkout, read in one pass so FastAPI and Flask share the parse. */
export interface PythonAnalysis {
  routes: Map<PythonFramework, ExtractedRoute[]>;
  unparsed: Unparsed[];
  schemas: Record<string, Schema>;
}

/** Drops the indentation every non-blank line shares (docstrings are indented with their function). */
function dedent(text: string): string {
  const lines = text.split(/\r?\n/);
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join('\n');
}

/**
 * flasgger docs of a Flask route: the YAML after `---` in the handler's docstring, or a `@swag_from('x.yml')`
 * file beside the module. Documentation only.
 */
async function flasggerDocs(info: PyRouteInfo, method: string, context: ExtractContext): Promise<CodeDocs | undefined> {
  const fn = info.handler?.fn ?? info.viewClass?.cls.functions?.get(method.toLowerCase());
  const mod = info.handler?.mod ?? info.viewClass?.mod;
  if (!fn || !mod) return undefined;
  const dir = mod.path.includes('/') ? mod.path.slice(0, mod.path.lastIndexOf('/') + 1) : '';
  // Statuses (`default` when none can be read: the docs exist, unread, and that is said) and security of flasgger YAML.
  type Read = Pick<CodeDocs, 'statuses' | 'security' | 'unread'>;
  const fromYaml = (text: string, file: string): Read => {
    const read = readFlasggerYaml(text);
    if (read !== undefined && 'problem' in read)
      return {
        statuses: ['default'],
        unread: { reason: 'unparsable', file, detail: `flasgger YAML does not parse: ${read.problem}` },
      };
    return {
      statuses: read && read.statuses.length > 0 ? read.statuses : ['default'],
      ...(read?.security ? { security: read.security } : {}),
    };
  };
  // A YAML file beside the module.
  const fromFile = async (name: string | undefined): Promise<Read> => {
    const specFile = name !== undefined ? `${dir}${name}` : undefined;
    const text = specFile !== undefined && context.repoFiles.has(specFile) ? await context.read(specFile) : undefined;
    // As flasgger reads a `swag_from` file: a summary and description may come first, the YAML after a `---` line.
    if (specFile !== undefined && text !== undefined) return fromYaml(afterSeparator(text), specFile);
    return {
      statuses: ['default'],
      unread: {
        reason: 'not-found',
        file: mod.path,
        detail:
          name === undefined
            ? 'the flasgger file the docs name is not a string literal: not read'
            : `flasgger file ${name} is not in the checkout beside ${mod.path}: not read`,
      },
    };
  };
  const doc = fn.docstring;
  const at = doc?.text.indexOf('---') ?? -1;
  if (doc && at >= 0)
    return {
      how: 'flasgger docstring',
      file: mod.path,
      line: doc.line,
      ...fromYaml(dedent(doc.text.slice(at + 3)), mod.path),
    };
  const fileKey = doc ? /^\s*file:\s*(\S+)\s*$/.exec(doc.text) : null;
  if (doc && fileKey) return { how: 'flasgger file', file: mod.path, line: doc.line, ...(await fromFile(fileKey[1])) };
  for (const d of fn.decorators) {
    const e = d.expr;
    const name = e.k === 'call' ? (e.fn.k === 'name' ? e.fn.id : e.fn.k === 'attr' ? e.fn.name : '') : '';
    if (name !== 'swag_from' || e.k !== 'call') continue;
    const arg = e.args[0];
    return {
      how: 'flasgger swag_from',
      file: mod.path,
      line: d.line,
      ...(await fromFile(arg?.k === 'str' ? arg.v : undefined)),
    };
  }
  return undefined;
}

/**
 * Text of a file that can declare, mount or guard a route (a route decorator, a mount or imperative route call, a
 * hook, an exception handler) or document one with flasgger. Other files are parsed only when a lookup reaches them.
 */
const ROUTE_IDIOM =
  /@[\w.]+\.(?:get|post|put|delete|patch|options|head|trace|route|api_route)\s*\(|\.(?:include_router|register_blueprint|add_namespace|init_app|mount|add_url_rule|add_api_route|add_resource)\s*\(|before_request|exception_handler|flasgger|DispatcherMiddleware|@[\w.]+\(\s*[\w.]+\.(?:get|post|put|delete|patch|route|api_route)\s*,/;

/**
 * A returned framework decorator (`return app.route(rule)`, `return super().get(path, **kwargs)`): what a project's
 * route decorator factory or forwarding router method writes. A dictionary read (`return LABELS.get(key)`) reads the
 * same, so a file showing only this idiom is a route file only when one of the functions it defines is applied as a
 * decorator (`@route(`, `@router.public_get(`) in a file that shows no route idiom: the callers of a factory are
 * found by name from the route files (see {@link factoryCallers}), and a caller that is a route file already is read
 * as one, the factory reached from it by a lookup.
 */
const RETURNED_REGISTRATION = /return\s+(?:[\w.]+|super\(\))\.(?:get|post|put|delete|patch|route|api_route)\s*\(/;
const DECORATOR_CALL = /@(?:[\w.]+\.)?(\w+)\s*\(/g;
const DEFINED_FUNCTION = /\bdef\s+(\w+)/g;

/** The files a route graph starts from: those showing a route idiom (see {@link ROUTE_IDIOM}). */
function routeFilesOf(texts: ReadonlyMap<string, string>): string[] {
  const routeFiles = new Set<string>();
  const returning: string[] = [];
  for (const [file, text] of texts) {
    if (ROUTE_IDIOM.test(text)) routeFiles.add(file);
    else if (RETURNED_REGISTRATION.test(text)) returning.push(file);
  }
  if (returning.length > 0) {
    // Decorators applied in files outside the route files: a factory applied only in route files adds no file.
    const applied = new Set<string>();
    for (const [file, text] of texts)
      if (!routeFiles.has(file)) for (const m of text.matchAll(DECORATOR_CALL)) applied.add(m[1] as string);
    for (const file of returning)
      if ([...(texts.get(file) as string).matchAll(DEFINED_FUNCTION)].some((m) => applied.has(m[1] as string)))
        routeFiles.add(file);
  }
  // In the order of the run, as the route graph reads them.
  return [...texts.keys()].filter((file) => routeFiles.has(file));
}

/**
 * Files that call one of the project's route decorator factories (`@route(bp, "/x")`) or a router method of its own
 * that forwards to the framework's (`@router.public_get("/x")`): found by name once the factories are known, since
 * nothing in such a file names the framework.
 */
function factoryCallers(project: PythonProject, texts: ReadonlyMap<string, string>): string[] {
  const names = new Set<string>();
  for (const mod of project.routeModules) {
    for (const fn of mod.functions.values()) if (routeTemplates(fn).length > 0) names.add(fn.name);
    // Methods of a project router class that forward to the framework's (`@router.public_get("/x")`).
    for (const cls of mod.classes.values())
      for (const fn of cls.functions?.values() ?? []) if (routeTemplates(fn).length > 0) names.add(fn.name);
  }
  if (names.size === 0) return [];
  const call = new RegExp(`@(?:[\\w.]+\\.)?(?:${[...names].join('|')})\\s*\\(`);
  return [...texts].filter(([, text]) => call.test(text)).map(([file]) => file);
}

async function analyse(files: readonly string[], context: ExtractContext): Promise<PythonAnalysis> {
  const unparsed: Unparsed[] = [];
  const texts = new Map<string, string>();
  for (const file of files) {
    const text = await context.read(file);
    if (text !== undefined) texts.set(file, text);
  }
  let parser: Parser;
  try {
    parser = await loadParser('python');
  } catch (error) {
    const reason = `not parsed: ${error instanceof Error ? error.message : String(error)}`;
    for (const file of texts.keys()) unparsed.push({ file, line: 1, reason });
    return { routes: new Map(), unparsed, schemas: {} };
  }
  const load = (file: string, whole: boolean): PyModule | undefined => {
    const text = texts.get(file);
    if (text === undefined) return undefined;
    let mod: PyModule;
    try {
      mod = whole
        ? readPythonModuleWith(parser, file, text)
        : readPythonModuleOutline(parser, file, text, (problem) =>
            unparsed.push({ file, line: problem.line, reason: problem.reason }),
          );
    } catch (error) {
      unparsed.push({ file, line: 1, reason: `not parsed: ${error instanceof Error ? error.message : String(error)}` });
      return undefined;
    }
    if (mod.problem !== undefined) unparsed.push({ file, line: mod.problem.line, reason: mod.problem.reason });
    return mod;
  };
  const switches = analysisOf(context);
  const all = [...texts.keys()];
  const routeFiles = switches.prefilter ? routeFilesOf(texts) : all;
  const project = new PythonProject(all, context.env, load, routeFiles, context.settings);
  if (switches.prefilter) project.addRouteFiles(factoryCallers(project, texts));
  const modules = project.routeModules;
  const guards: PythonRouteGuards = {
    nodeDependencies: new Map(),
    mountDependencies: new Map(),
    beforeRequest: new Map(),
  };
  const prefixSites = new Map<string, SourceSite>();
  const graph = buildPythonRoutes(project, guards, prefixSites);
  const auth = new PythonAuth(project, (file, line) => texts.get(file)?.split('\n')[line - 1]);
  const authOf = (r: (typeof resolved)[number]): OperationAuth | undefined => {
    if (!switches.auth) return undefined;
    let out: OperationAuth | undefined;
    // Only the chains that serve the route at its path: a router included at a public and at a guarded prefix.
    for (const { nodes: chain, mounts } of r.chains) {
      let candidate: OperationAuth;
      if (r.info.framework === 'flask') {
        const hooks = chain.flatMap((n) => guards.beforeRequest.get(n) ?? []);
        // A class-based view (MethodView, a flask-restx Resource) is handled by its method for the route's verb.
        const handler =
          r.info.handler ??
          (r.info.viewClass
            ? {
                mod: r.info.viewClass.mod,
                fn: r.info.viewClass.cls.functions?.get(r.method.toLowerCase()),
              }
            : undefined);
        candidate = auth.flaskRouteAuth(
          handler?.mod ?? (hooks[0]?.mod as PyModule),
          handler?.fn,
          hooks,
          r.info.factoryDecorators,
        );
      } else {
        const deps: { mod: PyModule; expr: Expr; optional: boolean; line: number }[] = [];
        chain.forEach((n, i) => {
          const own = guards.nodeDependencies.get(n);
          const at = i > 0 ? mounts[i - 1] : undefined;
          const mount = at !== undefined ? guards.mountDependencies.get(at) : undefined;
          for (const d of [mount, own])
            if (d) for (const dep of auth.dependencyList(d.mod, d.expr)) deps.push({ ...dep, line: d.line });
        });
        for (const d of r.info.dependencies ?? [])
          for (const dep of auth.dependencyList(d.mod, d.expr)) deps.push({ ...dep, line: r.info.line });
        const library = r.info.library ? libraryRouteVerdict(r.info.library, r.info) : undefined;
        candidate = auth.fastapiRouteAuth(deps, r.info.handler, library ? [library] : []);
      }
      out = out ? weakerAuth(out, candidate) : candidate;
    }
    return out ?? { state: 'none', evidence: [] };
  };
  const resolved = graph.resolve();
  const routes = new Map<PythonFramework, ExtractedRoute[]>([
    ['fastapi', []],
    ['flask', []],
  ]);
  const schemas: Record<string, Schema> = {};
  const flasgger = modules.some((m) => [...m.imports.values()].some((i) => i.module.split('.')[0] === 'flasgger'));
  for (const r of resolved) {
    const details = switches.wire ? describeHandler(project, r.info, r.path, schemas, r.method) : {};
    const docs = flasgger ? await flasggerDocs(r.info, r.method, context) : undefined;
    const route: ExtractedRoute = {
      method: r.method,
      path: templatePath(r.path, r.info.framework === 'flask' ? 'flask' : 'braces'),
      file: r.info.file,
      line: r.info.line,
      framework: r.info.framework,
      ...(r.unresolvedPrefix !== undefined ? { unresolvedPrefix: r.unresolvedPrefix } : {}),
      ...(r.unresolvedPrefix !== undefined && prefixSites.has(r.unresolvedPrefix)
        ? { prefixAt: prefixSites.get(r.unresolvedPrefix) }
        : {}),
      ...((r.info.hidden ?? r.hidden) !== undefined ? { hidden: r.info.hidden ?? r.hidden } : {}),
      ...(r.info.staticFiles ? { machinery: staticFilesReason(r.path.replace(/\/\{path:path\}$/, '')) } : {}),
      ...details,
      ...(docs ? { documentedInCode: docs } : {}),
    };
    const auth = r.info.staticFiles ? undefined : authOf(r);
    if (auth) route.auth = auth;
    routes.get(r.info.framework)?.push(route);
  }
  // Docs packages' own routes (flasgger's UI and spec, flask-swagger-ui's blueprint): left out, at their mount.
  if ((routes.get('flask')?.length ?? 0) > 0) {
    const resolve = (file: string, expr: string): string | undefined => {
      const literal = /^[rRuU]?(["'])(.*)\1$/.exec(expr);
      if (literal) return literal[2];
      const mod = /^[A-Za-z_]\w*$/.test(expr) ? project.findModule(pythonModuleName(file).dotted) : undefined;
      const path = mod === undefined ? undefined : project.evaluatePath(mod, { k: 'name', id: expr });
      return path === undefined || path.unresolved !== undefined ? undefined : path.known;
    };
    for (const m of flaskDocsMounts(texts, resolve))
      routes.get('flask')?.push({
        method: 'GET',
        path: templatePath(m.path, 'flask'),
        file: m.file,
        line: m.line,
        framework: 'flask',
        machinery: m.what,
      });
  }
  return { routes, unparsed, schemas };
}

/** The Python analysis of this run, computed once and shared by the FastAPI and Flask extractors. */
export function analysePython(
  files: readonly string[],
  _repo: RepoFiles,
  context: ExtractContext,
): Promise<PythonAnalysis> {
  return context.memo(`python:analysis:${files.length}`, () => analyse(files, context));
}

/** The text after the first `---` line (flasgger's split of a docs file into its description and its YAML), else all. */
function afterSeparator(text: string): string {
  const m = /^---[ \t]*$/m.exec(text);
  return m === null ? text : text.slice(m.index + m[0].length);
}
