import type { RepoFiles } from '../../repo/index.js';
import {
  analysisOf,
  type ExtractContext,
  type ExtractedRoute,
  type ExtractResult,
  type ManifestInfo,
  type RouteExtractor,
} from '../extractor.js';
import { RouterAnalysis } from './analyze-routers.js';
import { describeHandler } from './describe-handler.js';
import { loadJsProject } from './js-project.js';
import { JS_EXTENSIONS } from './parse-js.js';
import type { RouterFramework } from './static-value.js';

interface SharedRouterResult {
  byFramework: Map<RouterFramework, ExtractedRoute[]>;
  result: ExtractResult;
}

/** Analyses the router frameworks once per run; each framework's extractor takes its share. */
async function analyzeShared(files: readonly string[], context: ExtractContext): Promise<SharedRouterResult> {
  return context.memo('js:routers', async () => {
    const project = await loadJsProject(files, context);
    const analysis = new RouterAnalysis(project, context);
    const byFramework = new Map<RouterFramework, ExtractedRoute[]>();
    const schemas = {};
    const { wire } = analysisOf(context);
    for (const route of analysis.run()) {
      const evidence = wire && route.machinery === undefined ? describeHandler(route, analysis.ev, schemas) : {};
      const extracted: ExtractedRoute = {
        method: route.method,
        path: route.path,
        file: route.file,
        line: route.line,
        column: route.column,
        framework: route.framework,
        ...(route.unresolvedPrefix !== undefined ? { unresolvedPrefix: route.unresolvedPrefix } : {}),
        ...evidence,
        ...(route.auth ? { auth: route.auth } : {}),
        ...(route.machinery !== undefined ? { machinery: route.machinery } : {}),
      };
      const list = byFramework.get(route.framework) ?? [];
      list.push(extracted);
      byFramework.set(route.framework, list);
    }
    return { byFramework, result: { operations: [], unparsed: project.unparsed, schemas } };
  });
}

function routerExtractor(id: RouterFramework, packages: readonly string[]): RouteExtractor {
  return {
    id,
    language: 'javascript',
    extensions: JS_EXTENSIONS,
    detect: (manifest: ManifestInfo) => packages.some((p) => manifest.npm.has(p)),
    async extract(files: readonly string[], _repo: RepoFiles, context: ExtractContext): Promise<ExtractResult> {
      const shared = await analyzeShared(files, context);
      return { ...shared.result, operations: shared.byFramework.get(id) ?? [] };
    },
  };
}

/** Express: `app`/`router` verbs, `route()` chains, `use(prefix, router)` mounts across modules. */
// A NestJS app's own server (`app.getHttpAdapter().get('/', …)`) is Express or Fastify by its platform package.
export const expressExtractor = routerExtractor('express', [
  'express',
  'express-promise-router',
  '@nestjs/platform-express',
]);
/** Fastify: shorthands, `route({ method, url })`, `register(plugin, { prefix })`, `@fastify/autoload`. */
export const fastifyExtractor = routerExtractor('fastify', ['fastify', '@nestjs/platform-fastify']);
/** Koa: `@koa/router` / `koa-router` with `prefix`, nested `router.use('/x', nested.routes())`. */
export const koaExtractor = routerExtractor('koa', ['@koa/router', 'koa-router', 'koa']);
/** Hono: verbs, `on()`, `basePath()`, `route('/x', sub)`. */
export const honoExtractor = routerExtractor('hono', ['hono', '@hono/zod-openapi']);
