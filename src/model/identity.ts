import type { HttpMethod, Operation } from './operation.js';

/** Joins path pieces with single slashes; the result starts with `/` and has no trailing slash (unless root). */
export function joinPaths(...parts: (string | undefined)[]): string {
  const joined = parts
    .filter((p): p is string => typeof p === 'string' && p.length > 0)
    .join('/')
    .replace(/\/{2,}/g, '/');
  let out = joined.startsWith('/') ? joined : `/${joined}`;
  if (out.length > 1 && out.endsWith('/')) out = out.slice(0, -1);
  return out;
}

/** A character some framework's parameter syntax starts with: `{`, `<`, `:`, `*`, `[`. */
const TEMPLATE_SYNTAX = /[{<:*[]/;

/**
 * Rewrites a framework's path syntax into an OpenAPI template with `{name}` parameters — called by the code readers
 * where a route is read, never on an OpenAPI path (where `:` is a literal: Google's `/v1/documents:analyzeEntities`):
 * Express/Koa `:id` and `:id(\\d+)`, Flask `<int:id>`, FastAPI/Starlette `{id:path}`, Spring `{id:\\d+}`,
 * chi `{id:[0-9]+}`, Gin `*rest`, Next.js `[id]` and `[...slug]`.
 */
export function toTemplatePath(path: string): string {
  // Every rewrite below needs one of these characters; most paths (and most segments) have none. Called several
  // times per route by the surface builders and identity keys, so the plain case skips the six regexes.
  if (!TEMPLATE_SYNTAX.test(path)) return path;
  const segments = path.split('/').map((segment) => {
    if (segment.length === 0 || !TEMPLATE_SYNTAX.test(segment)) return segment;
    // {name:regex} / {name:path} / {*name} / {name...}
    let s = segment.replace(/\{\*?([A-Za-z_$][\w$-]*)(?::[^}]*|\.\.\.)?\}/g, (_m, name: string) => `{${name}}`);
    // Flask/Werkzeug <converter:name> or <name>.
    s = s.replace(/<(?:[A-Za-z_]\w*(?:\([^)]*\))?:)?([A-Za-z_]\w*)>/g, (_m, name: string) => `{${name}}`);
    // Express/Koa :name with optional regex and modifiers (`:rest*?`: zero or more); may share a segment with static text ("file.:ext").
    s = s.replace(/:([A-Za-z_$][\w$]*)(\([^)]*\))?(?:[*+]\??|\?)?/g, (_m, name: string) => `{${name}}`);
    // Gin/httprouter catch-all *name at segment start.
    s = s.replace(/^\*([A-Za-z_]\w*)$/, (_m, name: string) => `{${name}}`);
    // Next.js dynamic segments.
    s = s.replace(/^\[\[?\.\.\.([A-Za-z_]\w*)\]?\]$/, (_m, name: string) => `{${name}}`);
    s = s.replace(/^\[([A-Za-z_]\w*)\]$/, (_m, name: string) => `{${name}}`);
    return s;
  });
  return segments.join('/');
}

/**
 * The template with parameter names erased: `/patients/{id}` and `/patients/{pid}` both give `/patients/{}`. Paths
 * are OpenAPI templates in every surface (framework syntaxes are converted where code is read), so only `{…}` marks
 * a parameter: `/v1/documents:analyzeEntities` and `/v1/documents:classifyText` stay two.
 */
export function erasePathParams(path: string): string {
  return joinPaths(path).replace(/\{[^}]*\}/g, '{}');
}

/** Operation identity across views: METHOD + base path + template with parameter names erased. */
export function operationKey(method: HttpMethod | string, path: string, basePath = ''): string {
  return `${method.toUpperCase()} ${erasePathParams(joinPaths(basePath, path))}`;
}

/** `METHOD /full/path/{name}` as shown to users, base path applied. */
export function operationLabel(op: Pick<Operation, 'method' | 'path'>, basePath = ''): string {
  return `${op.method} ${joinPaths(basePath, op.path)}`;
}

/** Names of the `{name}` parameters of a template, in order. */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
}

/**
 * Compares two erased templates for routing precedence: static segments win over templated ones, so
 * `/users/me` is tried before `/users/{}`. Negative when `a` is more specific.
 */
export function compareSpecificity(a: string, b: string): number {
  const as = a.split('/');
  const bs = b.split('/');
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    const at = (as[i] as string).includes('{');
    const bt = (bs[i] as string).includes('{');
    if (at !== bt) return at ? 1 : -1;
  }
  return bs.length - as.length;
}
