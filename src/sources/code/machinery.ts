import type { OperationAuth } from '../../model/index.js';
import { type ExtractedRoute, routeTemplate } from './extractor.js';

/** A declared route the implemented view leaves out, and why (listed in `specwatch routes` output). */
export interface LeftOutRoute {
  method: string;
  path: string;
  file: string;
  line: number;
  framework: string;
  reason: string;
  /**
   * The auth of a hidden route: hidden from the app's docs, it still serves requests, so whether it checks a
   * credential is still shown (an unguarded hidden route is worth a look).
   */
  auth?: OperationAuth;
}

/**
 * Framework machinery: routes an app declares that serve its documentation or UI, not its API. Each entry is a
 * path ending (static segments, optionally followed by one catch-all parameter such as Gin's `/swagger/*any`).
 * Documented in docs/routes.md; keep the two together.
 */
export const MACHINERY_PATHS: readonly { ending: string; what: string }[] = [
  { ending: '/swagger', what: 'Swagger UI' },
  { ending: '/swagger-ui', what: 'Swagger UI' },
  { ending: '/swagger-ui.html', what: 'Swagger UI' },
  { ending: '/swagger.json', what: 'generated spec' },
  { ending: '/swagger.yaml', what: 'generated spec' },
  { ending: '/openapi.json', what: 'generated spec' },
  { ending: '/openapi.yaml', what: 'generated spec' },
  { ending: '/v3/api-docs', what: 'springdoc spec' },
  { ending: '/api-docs', what: 'API docs UI' },
  { ending: '/apidocs', what: 'flasgger UI' },
  { ending: '/docs', what: 'API docs UI' },
  { ending: '/docs/oauth2-redirect', what: 'Swagger UI OAuth redirect' },
  { ending: '/redoc', what: 'ReDoc' },
  { ending: '/documentation', what: 'API docs UI' },
];

const CATCH_ALL = /\/\{[^}/]+\}$/;

/** Why a route is machinery, or undefined for an API route. */
export function machineryReason(path: string): string | undefined {
  const lower = path.toLowerCase().replace(/\/$/, '');
  for (const candidate of [lower, lower.replace(CATCH_ALL, '')]) {
    const hit = MACHINERY_PATHS.find((m) => candidate === m.ending || candidate.endsWith(m.ending));
    if (hit) return `machinery: ${hit.what} (${hit.ending})`;
  }
  return undefined;
}

/**
 * Why a route written as a bare catch-all at the root (chi `/*`, Gin/httprouter `/*any`, `/{rest...}`) is machinery:
 * it answers every GET no other route takes, which apps use for static files or a single-page app, not for an API
 * operation. Read on the path as written, before templating turns `/*` into an ordinary-looking `/{path}`.
 */
export function rootCatchAllReason(method: string, writtenPath: string): string | undefined {
  if (method !== 'GET') return undefined;
  return /^\/(\*\w*|\{\w+\.\.\.\})$/.test(writtenPath)
    ? 'catch-all fallback for every other GET (static files or SPA)'
    : undefined;
}

/**
 * Why a route that serves a folder's files is machinery: `app.use('/static', express.static(…))`, Gin
 * `router.Static('/assets', …)` or a handler that is `http.FileServer(…)`, FastAPI `app.mount('/static',
 * StaticFiles(…))`, a Spring resource handler. Listed as `GET <prefix>/*`. `under` is the mount's path as declared.
 */
export function staticFilesReason(under: string): string {
  const at = under.replace(/\/+$/, '');
  return `static files${at === '' ? '' : ` under ${at}`}`;
}

/**
 * Why an `OPTIONS` route is machinery: a CORS preflight answer (`app.options('/api/*', cors())`, Gin
 * `g.OPTIONS("/*any")`), written for the browser, not an operation of the API. Read for `OPTIONS` routes whose path
 * ends in a catch-all or whose handler is the `cors` middleware.
 */
export const PREFLIGHT_REASON = 'CORS preflight answer';

/** Whether a path as written ends in a catch-all segment: `*`, `*rest`, `(.*)`, `:path*`, `{*rest}`, `{rest...}`, `**`. */
export function endsWithCatchAll(writtenPath: string): boolean {
  const last = writtenPath.replace(/\/+$/, '').split('/').pop() ?? '';
  return /^(\*\*?\w*|\(\.\*\)|:\w+\*|\{\*\w*\}|\{\w+\.\.\.\})$/.test(last);
}

/** Splits extracted routes into the API the view keeps and the machinery it leaves out (with the reason). */
export function separateMachinery(routes: readonly ExtractedRoute[]): {
  api: ExtractedRoute[];
  leftOut: LeftOutRoute[];
} {
  const api: ExtractedRoute[] = [];
  const leftOut: LeftOutRoute[] = [];
  for (const r of routes) {
    const path = routeTemplate(r);
    const reason = r.hidden
      ? `hidden: ${r.hidden}`
      : r.machinery !== undefined
        ? `machinery: ${r.machinery}`
        : machineryReason(path);
    if (reason === undefined) api.push(r);
    else
      leftOut.push({
        method: r.method,
        path,
        file: r.file,
        line: r.line,
        framework: r.framework,
        reason,
        ...(r.hidden && r.auth ? { auth: r.auth } : {}),
      });
  }
  return { api, leftOut };
}
