import { type AuthEvidence, type OperationAuth, weakerAuth } from '../../../model/index.js';
import {
  combineGuards,
  credentialReadingText,
  type GuardVerdict,
  readsCredentials,
  refusesForCredential,
  rejectsUnauthenticated,
  rolesFromArgs,
  schemesFromText,
  stateFromName,
} from '../auth/auth-signals.js';
import { renderExpr } from '../tree-sitter/expr.js';
import type { ConfigList } from './go-config-files.js';
import { type GoGuardReading, goReturnedWithoutCredential, judgeGoGuard } from './go-handler-prologue.js';
import type { GoFunc } from './go-module.js';
import type { GoFieldStep, GoGuardRef, GoListValue, GoRouteReader } from './go-routes.js';

/**
 * The paths a middleware acts on, read from its own first statement: `if !AllowedPathPrefixes(c,
 * config.AllowedPathPrefixes...) || SkippedPathPrefixes(c, config.SkippedPathPrefixes...) { c.Next(); return }`.
 * `undefined` lists are not written (every path is allowed, none skipped).
 */
/** A `p, subject, object, action` line of a Casbin policy file kept in the repository. */
export interface CasbinPolicy {
  subject: string;
  object: string;
  action: string;
  file: string;
  line: number;
}

/** Casbin's `keyMatch2`: `:name` matches one segment, `*` anything. */
function keyMatch2(path: string, pattern: string): boolean {
  const source = pattern
    .split(/(\*|:[A-Za-z_]\w*)/)
    .map((part) => (part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`).test(path);
}

interface PathScope {
  allowed?: ConfigList;
  skipped?: ConfigList;
  evidence: AuthEvidence;
}

/** Packages whose middleware rejects requests without a credential. */
const GUARD_PACKAGES = /(^|\/)(jwt|jwtauth|jwtmiddleware|echojwt|gin-jwt|casbin|keyauth|basicauth|oauth2|oidc)/i;

/** appleboy/gin-jwt, whose `GinJWTMiddleware` values are made by `jwt.New(…)` and so never resolve to code here. */
export const GIN_JWT = /^github\.com\/appleboy\/gin-jwt(\/v\d+)?$/;

/**
 * Statuses registered for error codes (`register(ErrInvalidAuthHeader, 401, "…")` in a code package, the
 * marmotedu/errors style): a middleware that answers with `errors.WithCode(code.ErrInvalidAuthHeader, …)` answers
 * that status, though no 401 is written in its text. Where the register calls are generated from the constants' doc
 * comments at build time and not committed, the comment (`// ErrInvalidAuthHeader - 401: Invalid header.`) is the
 * registry's source, so it says the status.
 */
function registeredStatuses(texts: ReadonlyMap<string, readonly string[]>): Map<string, string> {
  const out = new Map<string, string>();
  for (const lines of texts.values())
    for (const line of lines) {
      const m =
        /\b\w*[Rr]egister\w*\(\s*(?:\w+\.)?(Err\w+)\s*,\s*(?:(\d{3})\b|http\.Status(\w+))/.exec(line) ??
        /^\s*\/\/\s*(Err\w+)\s+-\s+(\d{3}):/.exec(line);
      if (m === null) continue;
      const status = m[2] ?? (m[3] === 'Unauthorized' ? '401' : m[3] === 'Forbidden' ? '403' : undefined);
      if (status !== undefined) out.set(m[1] as string, status);
    }
  return out;
}

/** The text of a function from its first line to its closing brace. */
export function functionText(lines: readonly string[], fn: GoFunc): string {
  let depth = 0;
  let opened = false;
  const out: string[] = [];
  for (let i = fn.line - 1; i < lines.length && out.length < 400; i++) {
    const line = lines[i] ?? '';
    out.push(line);
    for (const ch of line) {
      if (ch === '{') {
        depth++;
        opened = true;
      } else if (ch === '}') depth--;
    }
    if (opened && depth <= 0) break;
  }
  return out.join('\n');
}

/**
 * A credential read from the request (`c.GetHeader("Authorization")`, `c.Cookie("session")`, `sessions.Default(c)`),
 * not a credential word elsewhere: an access logger that masks `token=` in its log line reads none.
 */
function readsRequestCredential(text: string): boolean {
  return text
    .split('\n')
    .some(
      (line) =>
        /\b(?:GetHeader|Get|Cookie|Query|DefaultQuery|FormValue|PostForm|BasicAuth|Param|MustGet|Default)\(/.test(
          line,
        ) && readsCredentials(credentialReadingText(line, 'go')),
    );
}

/**
 * The texts of the methods a method calls on its own receiver (`a.evaluateOr401(ctx, a.handleClient())`), followed
 * a few levels deep: a guard method often checks and rejects through helpers of its type, in the same file.
 */
function receiverHelpers(lines: readonly string[], fn: GoFunc, body: string): string[] {
  const head = /^func\s*\(\s*(\w+)\s+\*?(\w+)/.exec(body);
  if (!head) return [];
  const [, recv, type] = head;
  const out: string[] = [];
  const seen = new Set<string>([fn.name]);
  let frontier = [body];
  for (let depth = 0; depth < 3 && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const text of frontier) {
      for (const m of text.matchAll(new RegExp(`\\b${recv}\\.(\\w+)\\(`, 'g'))) {
        const name = m[1] as string;
        if (seen.has(name)) continue;
        seen.add(name);
        const decl = new RegExp(`^func\\s*\\(\\s*\\w+\\s+\\*?${type}\\s*\\)\\s*${name}\\s*\\(`);
        const line = lines.findIndex((l) => decl.test(l));
        if (line < 0) continue;
        const helper = functionText(lines, { ...fn, name, line: line + 1 });
        out.push(helper);
        next.push(helper);
      }
    }
    frontier = next;
  }
  return out;
}

/**
 * Auth of Gin and chi routes: `Use` on the engine and groups in registration order, group and `With` middleware,
 * and middleware in the route call, each followed to its code (`c.AbortWithStatus(http.StatusUnauthorized)`).
 */
export class GoAuth {
  private readonly memo = new Map<string, GuardVerdict | null>();
  private readonly scopes = new Map<GoGuardRef, PathScope | null>();
  private registered: Map<string, string> | undefined;

  constructor(
    private readonly reader: GoRouteReader,
    private readonly texts: ReadonlyMap<string, readonly string[]>,
    /**
     * The statuses a middleware answers when it stops a request, as the handler reader follows them through project
     * helpers: `handleAbort(ctx, domain.ErrEmptyAuthorizationHeader)` answers the 401 a map from errors to statuses
     * gives that error, where no 401 is written in the middleware's own text.
     */
    private readonly stopStatuses: (ref: GoGuardRef) => readonly string[] = () => [],
    /** A list read through configuration struct fields, looked up in the repository's config files. */
    private readonly configList: (via: readonly GoFieldStep[], text: string) => ConfigList = (_via, text) => ({
      unresolved: `\`${text}\` is read from configuration`,
    }),
    /** The Casbin policy lines the repository keeps. */
    private readonly policies: readonly CasbinPolicy[] = [],
  ) {}

  /**
   * `path` and `method` are the route's, as written, for middlewares that act on some path prefixes only or let
   * anonymous callers through where a policy allows them.
   */
  routeAuth(
    node: number,
    seq: number,
    inline: readonly GoGuardRef[],
    route?: { path: string; method: string },
  ): OperationAuth {
    let out: OperationAuth | undefined;
    for (const refs of this.reader.middlewareChains(node, seq, inline)) {
      const verdicts = refs
        .map((r) => {
          const v = this.classify(r);
          if (v === undefined || route === undefined) return v;
          const scoped = this.scoped(r, v, route.path);
          return scoped === undefined ? undefined : this.anonymousAllowed(r, scoped, route);
        })
        .filter((v): v is GuardVerdict => v !== undefined);
      const auth = combineGuards(verdicts);
      out = out === undefined ? auth : weakerAuth(out, auth);
    }
    return out ?? { state: 'none', evidence: [] };
  }

  /**
   * A guard's verdict on one path: a middleware that lets every path outside its allowed prefixes, or under its
   * skipped ones, through untouched guards none of them; when a list it tests cannot be read, whether it guards the
   * path is unknown, said with the reason.
   */
  private scoped(ref: GoGuardRef, verdict: GuardVerdict, path: string): GuardVerdict | undefined {
    if (verdict.state === 'none') return verdict;
    const scope = this.scopeOf(ref);
    if (scope === undefined) return verdict;
    for (const list of [scope.allowed, scope.skipped])
      if (list !== undefined && 'unresolved' in list)
        return {
          state: 'unknown',
          evidence: scope.evidence,
          schemes: verdict.schemes,
          reason: `guards only some path prefixes: ${list.unresolved}`,
        };
    const under = (prefixes: readonly string[]) => prefixes.some((p) => path.startsWith(p));
    if (scope.allowed !== undefined && 'strings' in scope.allowed && scope.allowed.strings.length > 0)
      if (!under(scope.allowed.strings)) return undefined;
    if (scope.skipped !== undefined && 'strings' in scope.skipped && under(scope.skipped.strings)) return undefined;
    return verdict;
  }

  /**
   * A guard that refuses an unauthenticated caller only when a function of its options says so (`else if
   * !errors.IsUnauthorized(err) || config.Auth(c) { ResError(c, err); return }`), that function asking a Casbin
   * enforcer whether a literal subject may go there (`e.Enforce("anonymous", c.Request.URL.Path, c.Request.Method)`
   * and refusing when not): on a route the repository's policy grants that subject, anonymous callers pass and a
   * signed-in caller is still read, so the route is optional.
   */
  private anonymousAllowed(
    ref: GoGuardRef,
    verdict: GuardVerdict,
    route: { path: string; method: string },
  ): GuardVerdict {
    if (verdict.state !== 'required' || this.policies.length === 0 || ref.resolved.k !== 'func') return verdict;
    const factory = ref.resolved.fn;
    const body = functionText(this.texts.get(factory.file) ?? [], factory);
    for (const [field, fns] of Object.entries(ref.config?.funcs ?? {})) {
      if (!factory.params.some((p) => new RegExp(`\\|\\|\\s*${p.name}\\.${field}\\(`).test(body))) continue;
      const first = fns[0];
      const text = first === undefined ? '' : functionText(this.texts.get(first.file) ?? [], first);
      const subject = /\.Enforce\(\s*"([^"]+)"\s*,\s*\w+\.Request\.URL\.Path\s*,\s*\w+\.Request\.Method\s*,?\s*\)/.exec(
        text,
      )?.[1];
      if (subject === undefined || !/return\s+!\s*\w+/.test(text)) continue;
      const grant = this.policies.find(
        (p) =>
          p.subject === subject &&
          (p.action === '*' || p.action.toUpperCase() === route.method) &&
          keyMatch2(route.path, p.object),
      );
      if (grant === undefined) return verdict;
      return {
        ...verdict,
        state: 'optional',
        evidence: { file: grant.file, line: grant.line, what: `p, ${grant.subject}, ${grant.object}, ${grant.action}` },
        reason: `the Casbin policy lets \`${subject}\` through, so the guard lets anonymous callers on`,
      };
    }
    return verdict;
  }

  /**
   * Whether a middleware acts on a route's path, as its own prefix test reads (`if !AllowedPathPrefixes(c, …) ||
   * SkippedPathPrefixes(c, …) { c.Next(); return }`): false for a path it lets through untouched, undefined when a list
   * it tests cannot be read (whether it acts there is not known), true otherwise.
   */
  covers(ref: GoGuardRef, path: string): boolean | undefined {
    const scope = this.scopeOf(ref);
    if (scope === undefined) return true;
    for (const list of [scope.allowed, scope.skipped]) if (list !== undefined && 'unresolved' in list) return undefined;
    const under = (list: ConfigList | undefined) =>
      list !== undefined && 'strings' in list && list.strings.some((p) => path.startsWith(p));
    const allowed = scope.allowed;
    if (allowed !== undefined && 'strings' in allowed && allowed.strings.length > 0 && !under(allowed)) return false;
    return !under(scope.skipped);
  }

  private scopeOf(ref: GoGuardRef): PathScope | undefined {
    const cached = this.scopes.get(ref);
    if (cached !== undefined) return cached ?? undefined;
    const scope = this.readScope(ref);
    this.scopes.set(ref, scope ?? null);
    return scope;
  }

  private readScope(ref: GoGuardRef): PathScope | undefined {
    const body = this.reader.middlewareBody(ref);
    if (body === undefined || ref.resolved.k !== 'func') return undefined;
    const factory = ref.resolved.fn;
    const text = functionText(this.texts.get(body.file) ?? [], body);
    // The first `if` whose branch lets the request on untouched.
    const skip = /\bif\s+([^{]*)\{\s*\w+\.Next\(\)\s*;?\s*return\b/.exec(text);
    if (skip === null) return undefined;
    const scope: PathScope = {
      evidence: { file: body.file, line: body.line, what: 'lets requests outside its path prefixes through' },
    };
    const params = new Set(factory.params.map((p) => p.name));
    for (const m of (skip[1] as string).matchAll(/(!?)\s*(?:\w+\.)?(\w+)\(\s*\w+\s*,\s*(\w+)\.(\w+)\s*\.\.\.\s*\)/g)) {
      const [, negated, helper, holder, field] = m as unknown as [string, string, string, string, string];
      if (!/prefix/i.test(helper) || !params.has(holder)) continue;
      const list = this.listOf(ref.config?.lists[field]);
      if (negated === '!') scope.allowed = list;
      else scope.skipped = list;
    }
    return scope.allowed === undefined && scope.skipped === undefined ? undefined : scope;
  }

  /** A list of the options literal as read; a list the literal does not set is Go's empty slice. */
  private listOf(value: GoListValue | undefined): ConfigList {
    if (value === undefined) return { strings: [], file: '' };
    if ('strings' in value) return { strings: value.strings, file: '' };
    if ('via' in value) return this.configList(value.via, value.text);
    return { unresolved: `\`${value.text}\` not resolved` };
  }

  private classify(ref: GoGuardRef): GuardVerdict | undefined {
    const text = renderExpr(ref.expr);
    // A wrapper's `Use(fn)` names every guard at one line: the function it stands for tells them apart.
    const key = `${ref.file}:${ref.line}:${text}:${ref.resolved.k === 'func' ? ref.resolved.fn.id : ''}:${ref.wraps?.fn.id ?? ''}`;
    if (this.memo.has(key)) return this.memo.get(key) ?? undefined;
    const v = this.compute(ref, text);
    this.memo.set(key, v ?? null);
    return v;
  }

  /** Whether a middleware's text answers with an error code registered as 401 or 403. */
  private answersRegisteredRefusal(body: string): boolean {
    this.registered ??= registeredStatuses(this.texts);
    if (this.registered.size === 0) return false;
    for (const m of body.matchAll(/\b(Err\w+)\b/g)) {
      const status = this.registered.get(m[1] as string);
      if (status === '401' || status === '403') return true;
    }
    return false;
  }

  /**
   * An adapter of the project that runs the guard it is handed and stops the request on its error (`ctx, err :=
   * fn(w, r); if err != nil { handleError(err, w, r); return }`): judged by that guard, itself or with the project
   * functions it calls (`return nil, unauthorizedError("…")` reading the `Authorization` header).
   */
  private wrappedVerdict(ref: GoGuardRef, adapterBody: string, text: string): GuardVerdict | undefined {
    const wraps = ref.wraps;
    const adapter = ref.resolved.k === 'func' ? ref.resolved.fn : undefined;
    if (wraps === undefined || adapter === undefined || !this.runsParameter(adapter, wraps.param, adapterBody, 0))
      return undefined;
    const inner: GoGuardRef = { file: ref.file, line: ref.line, expr: ref.expr, resolved: wraps.value };
    const read = judgeGoGuard(
      functionText(this.texts.get(wraps.fn.file) ?? [], wraps.fn),
      wraps.fn.line,
      this.guardReading(wraps.fn, 0),
    );
    if (read !== undefined)
      return {
        state: read.state,
        evidence: { file: wraps.fn.file, line: read.line, what: `${text.slice(0, 60)}: ${read.what}`.slice(0, 120) },
        schemes: schemesFromText(functionText(this.texts.get(wraps.fn.file) ?? [], wraps.fn)),
        ...(read.state === 'optional' ? { reason: read.what } : {}),
      };
    const own = this.compute(inner, text);
    if (own !== undefined) return own;
    const reach = [wraps.fn, ...this.reader.reachedByGuard(wraps.value)]
      .map((f) => functionText(this.texts.get(f.file) ?? [], f))
      .join('\n');
    if (readsCredentials(credentialReadingText(reach, 'go')) && rejectsUnauthenticated(reach))
      return {
        state: 'required',
        evidence: { file: ref.file, line: ref.line, what: text.slice(0, 120) },
        schemes: schemesFromText(reach),
      };
    return undefined;
  }

  /**
   * How the project functions a guard calls are read for a request without credentials (`token, err :=
   * extractBearerToken(r)`): a package function, one of another package (`auth.Token(r)`), or a method of the guard's
   * own receiver, two calls deep.
   */
  private guardReading(fn: GoFunc, depth: number): GoGuardReading {
    return {
      returns: (call) => {
        if (depth >= 2) return undefined;
        const m = /^(?:(\w+)\.)?(\w+)\(/.exec(call);
        const file = this.reader.fileAt(fn.file);
        if (m === null || file === undefined) return undefined;
        const [, qualifier, name] = m as unknown as [string, string | undefined, string];
        const callee =
          qualifier !== undefined && qualifier === fn.receiverName && fn.receiverType !== undefined
            ? this.reader.methodDecl(file.dir, fn.receiverType, name)
            : this.reader.funcDecl(file, qualifier, name);
        if (callee === undefined || callee.id === fn.id) return undefined;
        const text = functionText(this.texts.get(callee.file) ?? [], callee);
        return goReturnedWithoutCredential(text, this.guardReading(callee, depth + 1));
      },
    };
  }

  /**
   * Whether a function runs the function its parameter (or receiver) holds: calls it (`ctx, err := fn(w, r)`), or
   * hands it on as the receiver of a method of its func type that does (`return fn.handler`, whose handler calls
   * `m.serve(next, w, r)`, which runs `ctx, err := m(w, r)`).
   */
  private runsParameter(fn: GoFunc, name: string, body: string, depth: number): boolean {
    if (new RegExp(`\\b${name}\\(`).test(body)) return true;
    const type = fn.receiverName === name ? fn.receiverType : fn.params.find((p) => p.name === name)?.type;
    const dir = this.reader.fileAt(fn.file)?.dir;
    if (depth >= 3 || type === undefined || dir === undefined || !/^\w+$/.test(type)) return false;
    for (const m of new Set([...body.matchAll(new RegExp(`\\b${name}\\.(\\w+)\\b`, 'g'))].map((x) => x[1] as string))) {
      const method = this.reader.methodDecl(dir, type, m);
      if (method?.receiverName === undefined || method.id === fn.id) continue;
      const text = functionText(this.texts.get(method.file) ?? [], method);
      if (this.runsParameter(method, method.receiverName, text, depth + 1)) return true;
    }
    return false;
  }

  private compute(ref: GoGuardRef, text: string): GuardVerdict | undefined {
    const evidence: AuthEvidence = { file: ref.file, line: ref.line, what: text.slice(0, 120) };
    const args = ref.expr.k === 'call' ? ref.expr.args.map((a) => renderExpr(a)) : [];
    const name = (ref.expr.k === 'call' ? renderExpr(ref.expr.fn) : text).split('.').pop() ?? text;
    const roles = rolesFromArgs(
      name,
      args.map((a) => a.replace(/^"|"$/g, '')),
    );
    const withRoles = (v: GuardVerdict): GuardVerdict => (roles.length > 0 ? { ...v, roles } : v);
    if (ref.resolved.k === 'pkg' && GUARD_PACKAGES.test(ref.resolved.path))
      return withRoles({ state: 'required', evidence, schemes: schemesFromText(ref.resolved.path) });
    if (/^gin\.BasicAuth/.test(text)) return { state: 'required', evidence, schemes: ['basic'] };
    // go-chi/jwtauth: the verifier reads a token from the header or cookie and lets every request on; the
    // authenticator answers 401 when none was verified.
    if (/^jwtauth\.(?:Verifier|Verify)\b/.test(text))
      return {
        state: 'optional',
        evidence,
        schemes: ['bearer'],
        reason: 'jwtauth verifier: reads a token, rejects nothing',
      };
    if (/^jwtauth\.Authenticator\b/.test(text)) return { state: 'required', evidence, schemes: ['bearer'] };
    // gin-jwt's `authMiddleware.MiddlewareFunc()` answers 401 without a valid token; the value comes from `jwt.New`.
    if (ref.resolved.k !== 'func' && /\.MiddlewareFunc\(…?\)$/.test(text) && this.reader.importsPackage(GIN_JWT))
      return withRoles({ state: 'required', evidence, schemes: ['bearer'] });
    if (ref.resolved.k === 'func') {
      const fn = ref.resolved.fn;
      const body = functionText(this.texts.get(fn.file) ?? [], fn);
      if (
        refusesForCredential(body) ||
        (readsRequestCredential(body) &&
          (this.stopStatuses(ref).some((s) => s === '401' || s === '403') || this.answersRegisteredRefusal(body)))
      ) {
        // `AuthMiddleware(false)`: a flag that turns the 401 off lets anonymous callers through.
        const flag = fn.params.find((p) => p.type === 'bool');
        const index = flag ? fn.params.indexOf(flag) : -1;
        if (flag && args[index] === 'false' && new RegExp(`if\\s+!?\\s*${flag.name}\\b`).test(body))
          return withRoles({
            state: 'optional',
            evidence,
            schemes: schemesFromText(body),
            reason: `${flag.name}=false`,
          });
        return withRoles({ state: 'required', evidence, schemes: schemesFromText(body) });
      }
      // A middleware that calls a project helper to do the check (`routerAuthorizationCheck.Check(c, ctx)`).
      for (const called of this.reader.calledFunctions(ref.resolved)) {
        const calledBody = functionText(this.texts.get(called.file) ?? [], called);
        if (readsCredentials(credentialReadingText(calledBody, 'go')) && rejectsUnauthenticated(calledBody))
          return withRoles({ state: 'required', evidence, schemes: schemesFromText(calledBody) });
      }
      // Guard methods that check and reject through helpers on their receiver (`a.evaluateOr401(ctx, …)`); one
      // named optional (`a.Optional`) reads the same credentials but lets anonymous callers on.
      const helpers = receiverHelpers(this.texts.get(fn.file) ?? [], fn, body);
      if (helpers.length > 0) {
        const reach = [body, ...helpers].join('\n');
        if (readsCredentials(credentialReadingText(reach, 'go'))) {
          if (stateFromName(name) === 'optional' || /optional/i.test(name))
            return {
              state: 'optional',
              evidence,
              schemes: schemesFromText(reach),
              reason: 'reads credentials and lets anonymous callers on',
            };
          if (rejectsUnauthenticated(reach))
            return withRoles({ state: 'required', evidence, schemes: schemesFromText(reach) });
        }
      }
      // A factory's handler that calls a function its options literal gives it (`userID, err :=
      // config.ParseUserID(c)`, with `ParseUserID: s.loginService.ParseUserID`), whose code reads the token and
      // answers 401 without it.
      for (const [field, fns] of Object.entries(ref.config?.funcs ?? {})) {
        if (!fn.params.some((p) => new RegExp(`\\b${p.name}\\.${field}\\(`).test(body))) continue;
        const reach = fns.map((f) => functionText(this.texts.get(f.file) ?? [], f)).join('\n');
        if (readsCredentials(credentialReadingText(reach, 'go')) && rejectsUnauthenticated(reach))
          return withRoles({ state: 'required', evidence, schemes: schemesFromText(reach) });
      }
      const wrapped = ref.wraps === undefined ? undefined : this.wrappedVerdict(ref, body, text);
      if (wrapped !== undefined) return wrapped;
      if (readsRequestCredential(body) && /\.Next\(\)|next\.ServeHTTP/.test(body))
        return {
          state: 'optional',
          evidence,
          schemes: schemesFromText(body),
          reason: 'reads credentials and calls Next() without rejecting',
        };
      return undefined;
    }
    const byName = stateFromName(name);
    if (byName === undefined) return undefined;
    return withRoles({
      state: byName,
      evidence,
      schemes: schemesFromText(text),
      ...(byName === 'unknown' ? { reason: `middleware \`${name}\` could not be followed to its code` } : {}),
    });
  }
}
