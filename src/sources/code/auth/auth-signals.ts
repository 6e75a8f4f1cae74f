import type { AuthEvidence, AuthState, OperationAuth } from '../../../model/index.js';

/**
 * What one guard on the way to a handler says about auth. `undefined` from a classifier means "not an auth guard"
 * (a body parser, a validator, a rate limiter): it neither protects nor blinds the analysis.
 */
export interface GuardVerdict {
  state: AuthState;
  evidence: AuthEvidence;
  /** The status the guard answers when it refuses a request (a passport guard's 401, a `false` canActivate's 403). */
  rejects?: number;
  schemes?: string[];
  roles?: string[];
  scopes?: string[];
  reason?: string;
  /** Path prefixes the guard lets through unchecked. */
  exempt?: string[];
  /** HTTP methods the guard lets through unchecked (`if (c.req.method !== 'GET') return auth(c, next)`). */
  exemptMethods?: string[];
  /** Paths the guard lets through, tested on the route's path (`.unless({ path: [/^\/public/, '/login'] })`);
   * `methods` limits one to those methods. */
  exemptPaths?: { pattern: RegExp; methods?: string[] }[];
  /** The metadata key a guard acts on and lets every route without it through (a NestJS `RolesGuard` that returns
   * `true` when no `@Roles(...)` is set): the guard counts only on routes that carry it. */
  whenMetadata?: string;
}

/**
 * Names that say a guard rejects callers without credentials (`requireAuth`, `ensureLoggedIn`, `isAuthenticated`).
 * `user` counts only as the whole object of the check or with an auth word after it (`requireUser`,
 * `checkUserSession`): `CheckUserMail`, `IsUserExists` test the user a body names, and `ValidateUser` validates one (a
 * sign-in's credential check), so none of them is a guard by its name.
 */
const REQUIRED_NAME =
  /^(?:require|ensure|must|verify|check|validate|is|has)_?(?:auth|authenticated|authorized|login|loggedin|logged_in|token|jwt|session|signedin|signed_in|admin|role|roles|permission|permissions|scope|scopes|api_?key)|^(?:require|ensure|must|verify|check|is|has)_?user(?:_?(?:logged_?in|signed_?in|authenticated|authorized|auth|session|token|login|access|permissions?|roles?))?$|^(?:authenticate|authenticated|authorize|authorized|protect|protected|auth_?required|login_?required|jwt_?required|token_?required|jwt_?auth|auth_?guard|jwt_?guard|auth_?middleware|authenticate_?jwt|authenticate_?token|passport_?auth|current_?active_?user|current_?user|get_?current_?user|get_?current_?active_?user)$|(?:auth|jwt|token|session|login)_?(?:required|guard|check|verify|middleware|handler|filter)$|^requires?_/i;

/** Names that say a guard lets callers without credentials through (`optionalAuth`, `auth.optional`). */
const OPTIONAL_NAME = /optional|maybe|soft|try_?auth|if_?present|allow_?anonymous|anonymous|passthrough/i;

/** Names of things that concern credentials at all (an unknown guard with such a name blinds the analysis). */
export const AUTHISH_NAME =
  /auth|jwt|token|session|login|logged|passport|guard|protect|credential|bearer|api_?key|permission|role|acl|user/i;

/**
 * A handler that signs a caller in (`Login`, `issue_token`, `POST /auth/login`) checks the credential it exchanges for
 * a session or token: that is its input, not a guard (the truths' convention), whatever it answers without one.
 * `login`/`signin` count as words only (`handleLogin`, `user_login`, `LOGIN`), so `catalogInfo` or `designIndex`,
 * which hold the letters across a word boundary, are not sign-ins.
 */
export const SIGN_IN_HANDLER =
  /(?:^|[^A-Za-z])(?:[Ll]og|LOG|[Ss]ign|SIGN)_?(?:[Ii]n|IN)(?![a-z])|(?<=[a-z0-9])(?:Log|Sign)_?[Ii]n(?![a-z])|[Aa]uthenticate|AUTHENTICATE|(?:^|_)(?:[Tt]oken|TOKEN)|[Oo][Aa]uth|OAUTH/;

/** A handler that opens an account (`Register`, `sign_up`): it takes the new credential in its body, like a sign-in. */
export const SIGN_UP_HANDLER = /^(?:register|sign_?up)/i;

/**
 * A handler that trades a refresh token for a new access token (`RefreshToken`, `POST /auth/refresh`): when it takes
 * that token from its body it exchanges a credential it is sent, like a sign-in; read from a header it is a guard.
 */
export const REFRESH_HANDLER = /^refresh/i;

/**
 * A route behind a guard that only reads a credential when one is sent, whose handler signs a caller in or opens an
 * account (by its name or its path's last segment: `Login`, `/auth/register`), exchanges the credential of its body:
 * `none`, as the truths count every sign-in, whatever the optional guard in front of it reads.
 */
export function exchangedCredential(auth: OperationAuth, names: readonly string[]): OperationAuth {
  if (auth.state !== 'optional') return auth;
  const name = names.find((n) => SIGN_IN_HANDLER.test(n) || SIGN_UP_HANDLER.test(n));
  if (name === undefined) return auth;
  const { reason: _optional, schemes: _read, ...rest } = auth;
  return { ...rest, state: 'none', reason: `\`${name}\` exchanges the credential it is sent: a sign-in or sign-up` };
}

/** Request header names that carry a credential (`Authorization`, `X-API-Key`, `X-Device-Key`; not `Idempotency-Key`). */
export const CREDENTIAL_HEADER =
  /authori[sz]ation|token|api[-_]?key|(?<!idempotency)[-_]key$|secret|session|cookie|bearer|credential/i;

/** Names that mark a route as deliberately public in frameworks with global guards (`@Public()`, `@AllowAnonymous`). */
export const PUBLIC_MARKER = /^(?:public|skip_?auth|allow_?anonymous|no_?auth|is_?public|anonymous|permit_?all)$/i;

/** Reads a guard's name for its meaning; undefined when the name says nothing about auth. */
export function stateFromName(name: string): AuthState | undefined {
  const plain = name.replace(/[^A-Za-z0-9_]/g, '_');
  const last = plain.split('_').filter(Boolean);
  if (OPTIONAL_NAME.test(plain) && AUTHISH_NAME.test(plain)) return 'optional';
  if (REQUIRED_NAME.test(plain) || REQUIRED_NAME.test(last.at(-1) ?? '')) return 'required';
  if (AUTHISH_NAME.test(plain)) return 'unknown';
  return undefined;
}

/** Scheme kinds a guard's text mentions. */
export function schemesFromText(text: string): string[] {
  const out = new Set<string>();
  if (/jwt|bearer|access_?token|jsonwebtoken/i.test(text)) out.add('bearer');
  if (/api[_-]?key|x-api-key/i.test(text)) out.add('apiKey');
  if (/basic[_-]?auth|\bbasic\b/i.test(text)) out.add('basic');
  if (/session|cookie|is_?authenticated\(\)|login_?required|logged_?in/i.test(text)) out.add('session');
  if (/oauth2?|openid|oidc/i.test(text)) out.add('oauth2');
  return [...out].sort();
}

/** True when code text rejects a request with 401/403 (status codes, exception names, framework helpers). */
export function rejectsUnauthenticated(text: string): boolean {
  return (
    /\b(?:401|403)\b/.test(text) ||
    /HTTP_40[13]|StatusUnauthorized|StatusForbidden|UNAUTHORIZED|FORBIDDEN/.test(text) ||
    /Unauthori[sz]ed(?:Exception|Error)?|Forbidden(?:Exception|Error)?|AuthenticationError|AuthenticationException|AccessDenied/.test(
      text,
    ) ||
    /\.(?:unauthorized|forbidden)\(|\.jwtVerify\(|jwt\.verify\(|verifyIdToken\(|abort\(\s*40[13]|AbortWithStatus\(\s*http\.Status(?:Unauthorized|Forbidden)/.test(
      text,
    )
  );
}

/** A refusal that says the caller is not authenticated: a 401, an authentication error, a failed token check. */
const REFUSES_UNAUTHENTICATED =
  /\b401\b|HTTP_401|StatusUnauthorized|UNAUTHORIZED|Unauthori[sz]ed|AuthenticationE(?:rror|xception)|WWW-Authenticate|jwtVerify\(|jwt\.verify\(|verifyIdToken\(/;

/**
 * Words for the caller's identity beyond a credential itself: the principal an earlier guard left (`req.user`,
 * `c.Get("user")`, `GetUserFromContext`), its roles, permissions and scopes, a policy enforcer asked about it, a
 * client certificate. Not `UserAgent`: a user-agent filter says nothing about who calls.
 */
const CALLER_WORD =
  /user(?!-?agent)|principal|claims?\b|identity|\brole|permission|scope|authori[sz]|authenticat|logged|signed_?in|account|credential|password|passport|casbin|enforce|admin|owner|member|peer_?certificate|client_?cert/i;

/**
 * Whether a guard refuses a request because of who sends it: it answers 401/403 ({@link rejectsUnauthenticated})
 * and either its refusal says the caller is not authenticated (a 401) or its text reads a credential or the caller's
 * identity. A middleware that answers 403 for where a request was sent or how (a Host-header allowlist, an Origin
 * check, a client-IP list) reads nothing of the caller's: it guards something else and makes no route `required`.
 */
export function refusesForCredential(text: string): boolean {
  if (!rejectsUnauthenticated(text)) return false;
  const read = text.replace(/^.*Access-Control-.*$/gim, '');
  return REFUSES_UNAUTHENTICATED.test(read) || readsCredentials(read) || CALLER_WORD.test(read);
}

/**
 * A middleware's text without what mentions credentials but reads none: CORS answers that list `Authorization` among
 * the allowed headers, and, in JS, the principal an earlier guard left (`res.locals.user = req.user`), session
 * fields that are not the signed-in user (`req.session.returnTo`), values handed to the views (`res.locals.x`) and
 * fields of the request body (`req.body.reset_password_token`: the operation's input, which the handler checks).
 */
export function credentialReadingText(text: string, language: 'js' | 'go'): string {
  let out = text.replace(/^.*Access-Control-.*$/gim, '');
  if (language === 'js')
    out = out
      .replace(/\b(?:req|request|ctx\.request)\.body\.\w+/g, '')
      .replace(/\bres\.locals\.\w+/g, '')
      .replace(/\b(?:req|request|ctx\.state|res\.locals)\.user\b/g, '')
      .replace(/\b(?:req|request|ctx)\.session\.(?!user|auth|token|account|login|passport)\w+/gi, '');
  return out;
}

/** True when code text reads a credential (header, token, session), whether or not it rejects. */
export function readsCredentials(text: string): boolean {
  // `request.user` as a word: a logger's `c.Request.UserAgent()` reads no credential.
  return /authorization|bearer|jwt|token|session|cookie|api[_-]?key|x-api-key|req\.user\b|request\.user\b|current_user|getUser/i.test(
    text,
  );
}

/**
 * The auth of a route from the guards met on the way to it, in order. One guard that requires credentials protects
 * the route; otherwise an unknown guard leaves it unknown, an optional one makes it optional, and nothing makes it
 * `none`. A route-level "public" marker (`publicOverride`) lifts a global guard.
 */
export function combineGuards(verdicts: readonly GuardVerdict[], publicOverride?: AuthEvidence): OperationAuth {
  const evidence = verdicts.map((v) => v.evidence);
  if (publicOverride) return { state: 'none', evidence: [...evidence, publicOverride] };
  let state: AuthState = 'none';
  for (const v of verdicts) {
    if (v.state === 'required') {
      state = 'required';
      break;
    }
    if (v.state === 'unknown') state = 'unknown';
    else if (v.state === 'optional' && state === 'none') state = 'optional';
  }
  const auth: OperationAuth = { state, evidence };
  const relevant = verdicts.filter((v) => v.state === state || state === 'required');
  const schemes = [...new Set(relevant.flatMap((v) => v.schemes ?? []))].sort();
  const roles = [...new Set(verdicts.flatMap((v) => v.roles ?? []))].sort();
  const scopes = [...new Set(verdicts.flatMap((v) => v.scopes ?? []))].sort();
  if (schemes.length > 0) auth.schemes = schemes;
  if (roles.length > 0) auth.roles = roles;
  if (scopes.length > 0) auth.scopes = scopes;
  const reasons = verdicts.filter((v) => v.state === state && v.reason).map((v) => v.reason as string);
  // Two guards switched off by one flag (a router's and a parameter's) give one reason.
  if (reasons.length > 0) auth.reason = [...new Set(reasons)].join('; ');
  return auth;
}

/** Role names from guard arguments (`hasRole('admin')`, `Roles('ADMIN')`, `authorize(['admin'])`). */
export function rolesFromArgs(calleeName: string, args: readonly string[]): string[] {
  if (!/role|authori[sz]e|admin|permission|scope|secured|allowed/i.test(calleeName)) return [];
  return args.filter((a) => /^[A-Za-z][\w:.-]{0,40}$/.test(a));
}
