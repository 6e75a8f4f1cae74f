import type { OperationAuth, RequestBody, Response, Schema } from '../../../model/index.js';
import {
  exchangedCredential,
  REFRESH_HANDLER,
  rejectsUnauthenticated,
  SIGN_IN_HANDLER,
  SIGN_UP_HANDLER,
  stateFromName,
} from '../auth/auth-signals.js';
import { analysisOf, type ExtractContext, type ExtractedRoute, type Unparsed } from '../extractor.js';
import { endsWithCatchAll, PREFLIGHT_REASON, rootCatchAllReason, staticFilesReason } from '../machinery.js';
import { templatePath } from '../tree-sitter/template-path.js';
import { functionText, GIN_JWT, GoAuth } from './go-auth.js';
import { configList, readCasbinPolicies, readGoConfigFiles } from './go-config-files.js';
import { GoHandlerReader } from './go-handler.js';
import { judgeGoPrologue } from './go-handler-prologue.js';
import { type GoFile, type GoFunc, readGoFile } from './go-module.js';
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
  // Middlewares that act on path prefixes may read them from the repository's config files.
  const configs = [...texts.values()].some((lines) => lines.some((l) => /PathPrefix/.test(l)))
    ? await readGoConfigFiles(context)
    : [];
  // A guard asking a Casbin enforcer about a literal subject (`Enforce("anonymous", …)`) is decided by the policy file.
  const policies = [...texts.values()].some((lines) => lines.some((l) => /\.Enforce\(/.test(l)))
    ? await readCasbinPolicies(context)
    : [];
  const reader = new GoRouteReader(parsed);
  reader.run();
  const routes = new Map<GoFramework, ExtractedRoute[]>([
    ['gin', []],
    ['chi', []],
    ['nethttp', []],
  ]);
  const schemas: Record<string, Schema> = {};
  const handlers = new GoHandlerReader(reader, schemas);
  // A middleware's statuses do not depend on the framework, which only keys the handler reader's cache.
  const auth = new GoAuth(
    reader,
    texts,
    (ref) => {
      const body = reader.middlewareBody(ref);
      return body === undefined
        ? []
        : (handlers.describe(body, 'gin', 'middleware').responses ?? []).map((r) => r.status);
    },
    (via, text) => configList(configs, via, text),
    policies,
  );
  const switches = analysisOf(context);
  const ginJwt = reader.importsPackage(GIN_JWT);
  for (const r of reader.graph.resolve()) {
    const fallback =
      r.info.machinery === 'static files'
        ? // chi's `/public*` serves the folder under `/public` as `/public/*` would.
          staticFilesReason(endsWithCatchAll(r.path) ? r.path.replace(/\/[^/]*\/?$/, '') : r.path.replace(/\*$/, ''))
        : r.info.machinery === 'preflight'
          ? PREFLIGHT_REASON
          : r.info.machinery === 'catch-all'
            ? CATCH_ALL_REASON
            : r.info.machinery === 'profiling'
              ? PROFILING_REASON
              : r.info.machinery === 'metrics'
                ? METRICS_REASON
                : r.info.machinery === 'spec'
                  ? SPEC_REASON
                  : rootCatchAllReason(r.method, r.path);
    const described =
      r.info.handler === undefined || !switches.wire
        ? {}
        : handlers.describe(r.info.handler, r.info.framework, 'handler', undefined, r.method);
    const details = switches.wire
      ? withMiddlewareDetails(
          described,
          reader.middlewareChains(r.node, r.info.seq ?? Number.POSITIVE_INFINITY, r.info.middleware ?? []),
          (ref) => {
            const body = reader.middlewareBody(ref);
            // A middleware that lets this path through untouched, or whose path lists are not read, answers nothing
            // said here; one its factory swaps for another under an option (`if !config.Enable { return Empty() }`)
            // answers only where the deployment turns it on.
            if (body === undefined || auth.covers(ref, r.path) !== true || switchedByOption(ref)) return {};
            // `Validate[form.BookForm]`, or a factory given its type arguments and then its own
            // (`Validate[form.BookForm](logger, v)`): the type parameters stand for the route's arguments.
            const names = ref.resolved.k === 'func' ? ref.resolved.fn.typeParams : undefined;
            const generic = ref.expr.k === 'call' && ref.expr.kw['#composite'] === undefined ? ref.expr.fn : ref.expr;
            const typeArgs =
              generic.k === 'sub' && names !== undefined ? { names, args: generic.args, file: ref.file } : undefined;
            return handlers.describe(body, r.info.framework, 'route-middleware', typeArgs, r.method);
          },
        )
      : {};
    routes.get(r.info.framework)?.push({
      method: r.method,
      path: templatePath(r.path, r.info.framework === 'gin' ? 'colon' : 'braces'),
      // chi and ServeMux patterns have no `:name` parameters: a colon stays in the path as written.
      ...(r.info.framework === 'gin' ? {} : { pathIsTemplate: true as const }),
      file: r.info.file,
      line: r.info.line,
      framework: r.info.framework,
      ...(r.unresolvedPrefix !== undefined ? { unresolvedPrefix: r.unresolvedPrefix } : {}),
      ...(fallback !== undefined ? { machinery: fallback } : {}),
      ...details,
      ...(switches.auth
        ? {
            auth: exchangedCredential(
              ginJwtRefresh(
                checkedByHandler(
                  guardedByHandler(
                    refusedByHandler(
                      auth.routeAuth(r.node, r.info.seq ?? Number.POSITIVE_INFINITY, r.info.middleware ?? [], {
                        path: r.path,
                        method: r.method,
                      }),
                      described.responses,
                    ),
                    r.info.handler,
                    r.path,
                    r.info.handler === undefined ? [] : handlers.prologueCalls(r.info.handler),
                    texts,
                  ),
                  r.info.handler,
                  r.path,
                  texts,
                ),
                ginJwt ? r.info.handlerText : undefined,
                r.info,
              ),
              [r.info.handler?.name ?? '', r.path.split('/').pop() ?? ''],
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
function withMiddlewareDetails<
  T extends { responses?: Response[]; requestBody?: RequestBody; notCompared?: ExtractedRoute['notCompared'] },
>(
  details: T,
  chains: readonly (readonly GoGuardRef[])[],
  describeMiddleware: (ref: GoGuardRef) => Pick<ExtractedRoute, 'responses' | 'requestBody' | 'notCompared'>,
): T {
  const responses = [...(details.responses ?? [])];
  let requestBody = details.requestBody;
  // A body a middleware decodes or writes whose type is another module's is not compared either, and is said.
  const notCompared = [...(details.notCompared ?? [])];
  for (const ref of chains.flat()) {
    if (ref.conditional === true) continue;
    const middleware = describeMiddleware(ref);
    requestBody ??= middleware.requestBody;
    for (const res of middleware.responses ?? [])
      if (res.status !== BODY_LIMIT && !responses.some((x) => x.status === res.status))
        responses.push({ ...res, confidence: 'likely' });
    for (const n of middleware.notCompared ?? [])
      if (!notCompared.some((x) => x.type === n.type && x.body === n.body)) notCompared.push(n);
  }
  if (
    responses.length === (details.responses?.length ?? 0) &&
    requestBody === details.requestBody &&
    notCompared.length === (details.notCompared?.length ?? 0)
  )
    return details;
  return {
    ...details,
    responses,
    ...(requestBody !== undefined ? { requestBody } : {}),
    ...(notCompared.length > 0 ? { notCompared } : {}),
  };
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

/**
 * A handler that starts by calling a guard of the project (`if err := middleware.RequireLoggedInUser(deps, c); err !=
 * nil { return }`, or `err := h.validateSession(r); checkError(err)` in the method it hands the request to) refuses
 * callers the guard refuses: required. A guard is a project function whose name says it requires a signed-in caller
 * (`RequireLoggedInUser`, `validateSession`) and that answers 401/403 itself or returns an error for its caller to
 * stop on. Routes already required by their middleware keep their evidence.
 */
function guardedByHandler(
  auth: OperationAuth,
  handler: GoFunc | undefined,
  path: string,
  calls: readonly { callee: GoFunc; line: number }[],
  texts: ReadonlyMap<string, readonly string[]>,
): OperationAuth {
  if (auth.state === 'required' || exchangesCredential(handler, path, texts)) return auth;
  const guard = calls.find(
    ({ callee }) =>
      stateFromName(callee.name) === 'required' &&
      (callee.results.includes('error') || rejectsUnauthenticated(functionText(texts.get(callee.file) ?? [], callee))),
  );
  if (guard === undefined) return auth.state === 'none' ? readsSignedInCaller(auth, handler, calls, texts) : auth;
  const { reason: _notGuarded, ...rest } = auth;
  return {
    ...rest,
    state: 'required',
    evidence: [
      ...auth.evidence,
      { file: guard.callee.file, line: guard.callee.line, what: `${guard.callee.name}(…) called by the handler` },
    ],
  };
}

/** A credential a handler reads from the request's headers or cookies (not its body). */
const HEADER_CREDENTIAL_READ = /\.(?:Header\.Get|GetHeader|Cookie)\(|\.BasicAuth\(\)/;

/**
 * A handler that exchanges the credential it is sent (docs/auth.md's convention: such a route is `none`): one that
 * signs a caller in or opens an account, by its name or its path's last segment (`Login`, `SignUp`, `/register`), and
 * one that trades a refresh token it reads from its body (`RefreshToken`, `/auth/refresh`). The checks such a handler
 * calls on what it was sent (`services.VerifyToken(body.RefreshToken)`, `services.CheckUserMail(body.Email)`) test
 * its input; they guard nothing. A refresh handler reading a header or cookie checks a credential the caller holds.
 */
function exchangesCredential(
  handler: GoFunc | undefined,
  path: string,
  texts: ReadonlyMap<string, readonly string[]>,
): boolean {
  if (handler === undefined) return false;
  const names = [handler.name, path.split('/').pop() ?? ''];
  if (names.some((n) => SIGN_IN_HANDLER.test(n) || SIGN_UP_HANDLER.test(n))) return true;
  return (
    names.some((n) => REFRESH_HANDLER.test(n)) &&
    !HEADER_CREDENTIAL_READ.test(functionText(texts.get(handler.file) ?? [], handler))
  );
}

/**
 * A handler that checks a credential of the request in its own first statements (`if r.Header.Get("Authorization")
 * == "" { http.Error(w, …, http.StatusUnauthorized); return }`, `BasicAuth`'s `ok`, a session cookie's error): required
 * when a request without it is refused, optional when only a credential sent and wrong is (read by
 * {@link judgeGoPrologue}). A route its middleware already requires keeps its evidence.
 */
function checkedByHandler(
  auth: OperationAuth,
  handler: GoFunc | undefined,
  path: string,
  texts: ReadonlyMap<string, readonly string[]>,
): OperationAuth {
  if (auth.state === 'required' || auth.state === 'unknown' || handler === undefined) return auth;
  if (exchangesCredential(handler, path, texts)) return auth;
  const out = judgeGoPrologue(functionText(texts.get(handler.file) ?? [], handler), handler.line);
  if (out === undefined || (out.state === 'optional' && auth.state === 'optional')) return auth;
  const { reason: _before, ...rest } = auth;
  const evidence = [
    ...auth.evidence,
    { file: handler.file, line: out.line, what: `${handler.name}: ${out.what}`.slice(0, 120) },
  ];
  return out.state === 'required'
    ? { ...rest, state: 'required', evidence }
    : {
        ...rest,
        state: 'optional',
        evidence,
        reason: 'the handler tests a credential sent and lets a request without one through',
      };
}

/**
 * gin-jwt's own handlers (`authMiddleware.RefreshHandler`): `RefreshHandler` parses the token of the request (header,
 * query or cookie, per `TokenLookup`) and answers 401 without one, so it requires it. `LoginHandler` exchanges the
 * credential sent in the body and `LogoutHandler` only clears the cookie: both stay as their middleware leaves them.
 */
function ginJwtRefresh(
  auth: OperationAuth,
  handlerText: string | undefined,
  at: { file: string; line: number },
): OperationAuth {
  if (auth.state === 'required' || handlerText === undefined || !/\.RefreshHandler$/.test(handlerText)) return auth;
  const { reason: _notGuarded, ...rest } = auth;
  return {
    ...rest,
    state: 'required',
    schemes: ['bearer'],
    evidence: [
      ...auth.evidence,
      { file: at.file, line: at.line, what: `${handlerText}: gin-jwt answers 401 without a token to refresh` },
    ],
  };
}

/** A test of whether the caller is signed in, on the request's context object (`c.UserIsLogged()`). */
const SIGNED_IN_TEST = /\.(?:UserIsLogged|IsLoggedIn|IsLogged|IsAuthenticated|IsSignedIn)\(\)/;

/**
 * A handler with no guard that tests whether the caller is signed in, itself or in a helper it starts with
 * (`if bookmark.Public != 1 && !c.UserIsLogged() { redirect to login }`): required when that function also answers
 * 401/403, otherwise optional (it serves anonymous callers too, a public bookmark here).
 */
function readsSignedInCaller(
  auth: OperationAuth,
  handler: GoFunc | undefined,
  calls: readonly { callee: GoFunc; line: number }[],
  texts: ReadonlyMap<string, readonly string[]>,
): OperationAuth {
  for (const fn of [...(handler ? [handler] : []), ...calls.map((c) => c.callee)]) {
    const text = functionText(texts.get(fn.file) ?? [], fn);
    const test = SIGNED_IN_TEST.exec(text);
    if (test === null) continue;
    const evidence = { file: fn.file, line: fn.line, what: `${fn.name}: ${test[0].slice(1)}` };
    return rejectsUnauthenticated(text)
      ? { ...auth, state: 'required', evidence: [...auth.evidence, evidence] }
      : {
          ...auth,
          state: 'optional',
          evidence: [...auth.evidence, evidence],
          reason: 'the handler tests whether the caller is signed in and serves anonymous callers too',
        };
  }
  return auth;
}

/**
 * A middleware's 413 (`http.MaxBytesReader` past the body size its options set) answers past a limit the deployment
 * chooses, not one of the API: it is no drift of a route's documentation.
 */
const BODY_LIMIT = '413';

/**
 * A middleware factory that returns another middleware under a branch (`if !config.Enable { return Empty() }`): what
 * it answers depends on an option the deployment sets, like a middleware installed under a configuration switch.
 */
function switchedByOption(ref: GoGuardRef): boolean {
  if (ref.resolved.k !== 'func') return false;
  return ref.resolved.fn.body.some((st) => st.k === 'return' && st.branch === true && st.values.length > 0);
}

/** Why pprof's handlers are left out: they profile the process, they are no operation of the API. */
const PROFILING_REASON = 'profiling handlers (pprof)';

/** Why a route that serves the OpenAPI document the generated code embeds is left out: it is the spec, not the API. */
const SPEC_REASON = 'the OpenAPI document the generated code embeds';

/** Why a metrics endpoint is left out: it is scraped by Prometheus, not called as an operation of the API. */
const METRICS_REASON = 'Prometheus metrics';

/** Why a `ServeMux` pattern `"/"` is left out: it answers every path no other pattern matches. */
const CATCH_ALL_REASON = 'catch-all fallback for every other path (a web UI or a not-found page)';

/** The Go analysis of this run, computed once and shared by the Gin and chi extractors. */
export function analyseGo(files: readonly string[], context: ExtractContext): Promise<GoAnalysis> {
  return context.memo(`go:analysis:${files.length}`, () => analyse(files, context));
}
