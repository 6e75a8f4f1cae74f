import type { OperationAuth, RequestBody, Response, Schema } from '../../../model/index.js';
import { analysisOf, type ExtractContext, type ExtractedRoute, type Unparsed } from '../extractor.js';
import { endsWithCatchAll, PREFLIGHT_REASON, rootCatchAllReason, staticFilesReason } from '../machinery.js';
import { templatePath } from '../tree-sitter/template-path.js';
import { GoAuth } from './go-auth.js';
import { GoHandlerReader } from './go-handler.js';
import { type GoFile, readGoFile } from './go-module.js';
import { type GoFramework, type GoGuardRef, GoRouteReader } from './go-routes.js';

/** Routes of every Go router of a checkout, read in one pass so Gin and chi share the parse. */
export interface GoAnalysis {
  routes: Map<GoFramework, ExtractedRoute[]>;
  unparsed: Unparsed[];
  /** Named schemas of the structs handlers bind and write. */
  schemas: Record<string, Schema>;
}

async function analyse(files: readonly string[], context: ExtractContext): Promise<GoAnalysis> {
  const parsed: GoFile[] = [];
  const unparsed: Unparsed[] = [];
  const texts = new Map<string, string[]>();
  for (const file of files) {
    const text = await context.read(file);
    if (text === undefined) continue;
    texts.set(file, text.split('\n'));
    try {
      const goFile = await readGoFile(file, text);
      if (goFile.problem !== undefined)
        unparsed.push({ file, line: goFile.problem.line, reason: goFile.problem.reason });
      parsed.push(goFile);
    } catch (error) {
      unparsed.push({ file, line: 1, reason: `not parsed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  const reader = new GoRouteReader(parsed);
  reader.run();
  const routes = new Map<GoFramework, ExtractedRoute[]>([
    ['gin', []],
    ['chi', []],
    ['nethttp', []],
  ]);
  const schemas: Record<string, Schema> = {};
  const handlers = new GoHandlerReader(reader, schemas);
  const auth = new GoAuth(reader, texts);
  const switches = analysisOf(context);
  for (const r of reader.graph.resolve()) {
    const fallback =
      r.info.machinery === 'static files'
        ? staticFilesReason(endsWithCatchAll(r.path) ? r.path.replace(/\/[^/]*\/?$/, '') : r.path)
        : r.info.machinery === 'preflight'
          ? PREFLIGHT_REASON
          : rootCatchAllReason(r.method, r.path);
    const described =
      r.info.handler === undefined || !switches.wire ? {} : handlers.describe(r.info.handler, r.info.framework);
    const details = switches.wire
      ? withMiddlewareDetails(
          described,
          reader.middlewareChains(r.node, r.info.seq ?? Number.POSITIVE_INFINITY, r.info.middleware ?? []),
          (ref) => {
            const body = reader.middlewareBody(ref);
            if (body === undefined) return {};
            // `Validate[form.BookForm]`, or a factory given its type arguments and then its own
            // (`Validate[form.BookForm](logger, v)`): the type parameters stand for the route's arguments.
            const names = ref.resolved.k === 'func' ? ref.resolved.fn.typeParams : undefined;
            const generic = ref.expr.k === 'call' && ref.expr.kw['#composite'] === undefined ? ref.expr.fn : ref.expr;
            const typeArgs =
              generic.k === 'sub' && names !== undefined ? { names, args: generic.args, file: ref.file } : undefined;
            return handlers.describe(body, r.info.framework, 'middleware', typeArgs);
          },
        )
      : {};
    routes.get(r.info.framework)?.push({
      method: r.method,
      path: templatePath(r.path, r.info.framework === 'gin' ? 'colon' : 'braces'),
      file: r.info.file,
      line: r.info.line,
      framework: r.info.framework,
      ...(r.unresolvedPrefix !== undefined ? { unresolvedPrefix: r.unresolvedPrefix } : {}),
      ...(fallback !== undefined ? { machinery: fallback } : {}),
      ...details,
      ...(switches.auth
        ? {
            auth: refusedByHandler(
              auth.routeAuth(r.node, r.info.seq ?? Number.POSITIVE_INFINITY, r.info.middleware ?? []),
              described.responses,
            ),
          }
        : {}),
    });
  }
  return { routes, unparsed, schemas };
}

/**
 * A route's responses with those its middleware writes when it stops a request (a rate limiter's 429, an API-key
 * check's 401), where the handler does not write that status itself. They come through a middleware, so they are
 * `likely`. Statuses from every way the route is reached are kept. A middleware installed only under a configuration
 * switch (`if conf.RedirectToHTTPS { r.Use(redirect) }`) adds none: whether it answers depends on how the service is
 * deployed, not on the code, so its statuses are no drift of the code. A middleware that decodes the body
 * (`r.With(Validate[form.BookForm]).Post(…)`, the handler reading the form from the context) gives the route its
 * request body when the handler reads none.
 */
function withMiddlewareDetails<T extends { responses?: Response[]; requestBody?: RequestBody }>(
  details: T,
  chains: readonly (readonly GoGuardRef[])[],
  describeMiddleware: (ref: GoGuardRef) => { responses?: readonly Response[]; requestBody?: RequestBody },
): T {
  const responses = [...(details.responses ?? [])];
  let requestBody = details.requestBody;
  for (const ref of chains.flat()) {
    if (ref.conditional === true) continue;
    const middleware = describeMiddleware(ref);
    requestBody ??= middleware.requestBody;
    for (const res of middleware.responses ?? [])
      if (!responses.some((x) => x.status === res.status)) responses.push({ ...res, confidence: 'likely' });
  }
  if (responses.length === (details.responses?.length ?? 0) && requestBody === details.requestBody) return details;
  return { ...details, responses, ...(requestBody !== undefined ? { requestBody } : {}) };
}

/**
 * A route behind an optional credential (`Group("/user").Use(auth.Optional)`) whose handler itself answers 401
 * (`status := http.StatusUnauthorized; …; ctx.AbortWithError(status, …)` when no user was identified) refuses
 * anonymous callers: the middleware only identifies the caller, the handler decides. It is required, with the
 * handler's 401 as evidence. A 401 written by a middleware does not count here: it already took part in the state.
 */
function refusedByHandler(auth: OperationAuth, responses: readonly Response[] | undefined): OperationAuth {
  if (auth.state !== 'optional') return auth;
  const refusal = responses?.find((r) => r.status === '401');
  if (refusal === undefined) return auth;
  const { reason: _optionalWhy, ...rest } = auth;
  return {
    ...rest,
    state: 'required',
    evidence: [
      ...auth.evidence,
      {
        file: refusal.location?.file ?? '',
        line: refusal.location?.line ?? 0,
        what: 'the handler answers 401 itself behind an optional credential',
      },
    ],
  };
}

/** The Go analysis of this run, computed once and shared by the Gin and chi extractors. */
export function analyseGo(files: readonly string[], context: ExtractContext): Promise<GoAnalysis> {
  return context.memo(`go:analysis:${files.length}`, () => analyse(files, context));
}
