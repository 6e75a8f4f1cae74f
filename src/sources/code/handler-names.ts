import type { HttpMethod } from '../../model/index.js';

/**
 * Status constant names in the IANA spelling that Spring's `HttpStatus`, Python's `http.HTTPStatus` and the JS
 * `http-status-codes` / `http-status` packages share, for handlers that name a status instead of writing it.
 */
export const STATUS_BY_NAME: Readonly<Record<string, number>> = {
  OK: 200,
  CREATED: 201,
  ACCEPTED: 202,
  NO_CONTENT: 204,
  MOVED_PERMANENTLY: 301,
  FOUND: 302,
  SEE_OTHER: 303,
  NOT_MODIFIED: 304,
  TEMPORARY_REDIRECT: 307,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  GONE: 410,
  PRECONDITION_FAILED: 412,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE_ENTITY: 422,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
  NOT_IMPLEMENTED: 501,
  SERVICE_UNAVAILABLE: 503,
};

/**
 * What a registration without a method answers (Spring `@RequestMapping`, Gin `Any`, chi `Handle`); CONNECT and
 * TRACE left out as no API documents them.
 */
export const ANY_METHODS: HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/**
 * The first of `Name`, `Name2`, `Name3`, … not yet in `taken`. Names are only ever added, so every candidate before
 * the one last handed out for `name` is still taken: the search resumes there (`lastSuffix`) instead of probing from
 * 2 again (a project with a thousand `Item` models probed half a million names).
 */
export function freeSchemaKey(
  name: string,
  taken: Readonly<Record<string, unknown>>,
  lastSuffix: Map<string, number>,
): string {
  let n = lastSuffix.get(name) ?? 0;
  let key: string;
  do {
    n = n === 0 ? 1 : n + 1;
    key = n === 1 ? name : `${name}${n}`;
  } while (key in taken);
  lastSuffix.set(name, n);
  return key;
}
