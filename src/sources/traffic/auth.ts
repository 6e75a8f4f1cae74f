import type { NameValue } from './exchange.js';
import type { AuthObservation } from './exchange-shape.js';

/** HTTP authentication schemes of the IANA registry (lower case), plus common vendor ones. */
const HTTP_SCHEMES = new Set([
  'basic',
  'bearer',
  'digest',
  'dpop',
  'gnap',
  'hoba',
  'mutual',
  'negotiate',
  'ntlm',
  'oauth',
  'privatetoken',
  'scram-sha-1',
  'scram-sha-256',
  'vapid',
  'aws4-hmac-sha256',
  'token',
  'apikey',
  'hmac',
]);

const AUTH_COOKIE =
  /sess|^sid$|[-_.]sid$|jwt|auth|token|^connect\.sid$|jsessionid|phpsessid|asp\.net_sessionid|remember/i;
const AUTH_QUERY =
  /^(api[-_]?key|apikey|access[-_]?token|auth[-_]?token|token|key|client[-_]?secret|sig|signature|x-amz-signature|jwt|session[-_]?id)$/i;
const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]{1,64}$/;
const API_KEY_HEADER = /api[-_]?key|auth[-_]?token|access[-_]?token|(^|-)token$|^x-auth|(^|-)secret$|^x-session/;

const NONE = 0;
const AUTHORIZATION = 1;
const COOKIE = 2;
const API_KEY = 3;
// Header name → its role for auth. Names are structure, cached; the cache is bounded.
const roles = new Map<string, number>();

function headerRole(rawName: string): number {
  let role = roles.get(rawName);
  if (role === undefined) {
    const name = rawName.toLowerCase();
    if (name === 'authorization') role = AUTHORIZATION;
    else if (name === 'cookie') role = COOKIE;
    else if (name !== 'proxy-authorization' && API_KEY_HEADER.test(name) && HEADER_NAME.test(name)) role = API_KEY;
    else role = NONE;
    if (roles.size >= 2000) roles.clear();
    // Only token-like names are remembered: anything else may be a value pasted as a name.
    if (HEADER_NAME.test(name)) roles.set(rawName, role);
  }
  return role;
}

/** Result of looking at a request for credentials. */
export interface AuthResult {
  schemes: AuthObservation[];
  credentials: boolean;
  credentialInUrl: boolean;
}

// JWT headers (`{"alg":…,"kid":…}`) repeat across tokens of one issuer and hold no personal data: cache the verdict.
const jwtHeaders = new Map<string, boolean>();

function isJwtToken(token: string): boolean {
  const first = token.indexOf('.');
  if (first < 4 || !token.startsWith('eyJ')) return false;
  const second = token.indexOf('.', first + 1);
  if (second < 0 || token.indexOf('.', second + 1) >= 0) return false;
  const head = token.slice(0, first);
  let verdict = jwtHeaders.get(head);
  if (verdict === undefined) {
    try {
      const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as unknown;
      verdict = typeof header === 'object' && header !== null && 'alg' in header;
    } catch {
      verdict = false;
    }
    if (jwtHeaders.size >= 256) jwtHeaders.clear();
    jwtHeaders.set(head, verdict);
  }
  return verdict;
}

/**
 * Finds the security schemes a request used: the `Authorization` scheme (bearer/JWT, basic, digest, …, or an API
 * key when it has no scheme), API-key headers, auth cookies and credential query parameters. Reads values only to
 * tell the scheme; returns names and kinds.
 */
export function detectAuth(headers: readonly NameValue[], queryNames: readonly string[]): AuthResult {
  const schemes: AuthObservation[] = [];
  let credentials = false;
  let credentialInUrl = false;
  for (const h of headers) {
    const role = headerRole(h.name);
    if (role === NONE) continue;
    const value = h.value.trim();
    if (value.length === 0) continue;
    if (role === AUTHORIZATION) {
      credentials = true;
      const space = value.indexOf(' ');
      const scheme = space > 0 ? value.slice(0, space).toLowerCase() : '';
      if (scheme !== '' && HTTP_SCHEMES.has(scheme)) {
        const obs: AuthObservation = { type: 'http', scheme };
        if (scheme === 'bearer' && isJwtToken(value.slice(space + 1).trim())) obs.bearerFormat = 'JWT';
        schemes.push(obs);
      } else {
        schemes.push({ type: 'apiKey', in: 'header', name: 'Authorization' });
      }
    } else if (role === COOKIE) {
      for (const part of value.split(';')) {
        const eq = part.indexOf('=');
        const cookie = (eq >= 0 ? part.slice(0, eq) : part).trim();
        const cookieValue = eq >= 0 ? part.slice(eq + 1).trim() : '';
        if (cookie.length > 0 && cookie.length <= 64 && cookieValue.length > 0 && AUTH_COOKIE.test(cookie)) {
          credentials = true;
          schemes.push({ type: 'apiKey', in: 'cookie', name: cookie });
        }
      }
    } else {
      credentials = true;
      schemes.push({ type: 'apiKey', in: 'header', name: h.name.toLowerCase() });
    }
  }
  for (const q of queryNames) {
    if (AUTH_QUERY.test(q)) {
      credentials = true;
      credentialInUrl = true;
      schemes.push({ type: 'apiKey', in: 'query', name: q });
    }
  }
  return { schemes: dedupe(schemes), credentials, credentialInUrl };
}

function dedupe(schemes: AuthObservation[]): AuthObservation[] {
  if (schemes.length < 2) return schemes;
  const seen = new Set<string>();
  return schemes.filter((s) => {
    const id = authSchemeId(s);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** Stable id of a scheme: `http:bearer`, `apiKey:header:x-api-key`. */
export function authSchemeId(scheme: AuthObservation): string {
  return scheme.type === 'http' ? `http:${scheme.scheme}` : `apiKey:${scheme.in}:${scheme.name}`;
}

/** Scheme tokens of `WWW-Authenticate` values (`Bearer realm="x", Basic` → bearer, basic). */
export function challengeSchemes(value: string): string[] {
  const out = new Set<string>();
  for (const m of value.matchAll(
    /(?:^|,)\s*([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)(?=\s+[A-Za-z0-9_-]+=|\s*,|\s*$|\s+[A-Za-z0-9._~+/-]+=*\s*(?:,|$))/g,
  )) {
    const s = (m[1] as string).toLowerCase();
    if (HTTP_SCHEMES.has(s)) out.add(s);
  }
  return [...out];
}
