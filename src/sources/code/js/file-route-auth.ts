import type * as TS from 'typescript';
import type { AuthEvidence, OperationAuth } from '../../../model/index.js';
import {
  AUTHISH_NAME,
  combineGuards,
  type GuardVerdict,
  readsCredentials,
  rejectsUnauthenticated,
  schemesFromText,
} from '../auth/auth-signals.js';
import type { Binding, Evaluator } from './evaluator.js';
import type { JsAuthAnalysis } from './js-auth.js';
import type { ModuleInfo } from './module-graph.js';
import {
  exportedExpression,
  lineOf,
  localInitializer,
  propertyNameText,
  textWithoutQuotedDigits,
  unwrapExpression,
} from './parse-js.js';
import { ts } from './typescript.js';

/** Auth.js (NextAuth) packages: `NextAuth(config)` makes the instance whose members are read below. */
const AUTH_JS = /^(?:next-auth|@auth\/[\w-]+)$/;

/** Package functions that read the signed-in session and reject nobody. */
const SESSION_READERS: { pkg: RegExp; member: RegExp }[] = [
  { pkg: /^next-auth(?:\/next|\/react)?$/, member: /^(?:getServerSession|unstable_getServerSession|getSession)$/ },
  { pkg: /^next-auth\/jwt$/, member: /^getToken$/ },
  { pkg: /^@clerk\/nextjs(?:\/server)?$/, member: /^(?:auth|currentUser|getAuth)$/ },
  { pkg: /^iron-session$/, member: /^getIronSession$/ },
];

/** Names of values that hold the caller's credential or session (`session`, `token`, `req.auth`, `isLoggedIn`). */
const CREDENTIAL_NAME = /auth|token|session|user|logged|signed|principal/i;
/** Expressions that hold the request path in middleware and callbacks (`pathname`, `req.nextUrl.pathname`). */
const PATH_NAME = /\bpathname\b|\bnextUrl\b|\burl\b|\bpath\b/;
const MAX_FOLLOW = 3;
/** Handler factories that run an OAuth or passkey sign-in (nuxt-auth-utils `defineOAuth<Provider>EventHandler`). */
const SIGN_IN_HANDLER = /^define(?:OAuth\w*|WebAuthn\w*)EventHandler$/;

/** What a branch of a guard does with the request: lets it on, stops it, or answers it itself. */
type Outcome = 'pass' | 'reject' | 'answer';

/** A Next.js middleware (or Next 16 proxy) file: the paths it runs on and what it does on each. */
export interface NextMiddleware {
  /** Paths `config.matcher` lets the middleware run on; undefined: every path. */
  matchers?: RegExp[];
  /** The middleware's verdict for a concrete request path, undefined when it guards nothing there. */
  verdictFor(path: string): GuardVerdict | undefined;
}

/** A route template as a request path (`/users/{id}` → `/users/x`), for matchers and path tests. */
export function samplePath(template: string): string {
  return template.replace(/\{[^}]+\}/g, 'x');
}

/**
 * A Next.js `config.matcher` entry as a regular expression: path-to-regexp parameters (`:path*`, `:id`), and
 * regular-expression groups (`/((?!api|_next/static).*)`) kept as written.
 */
export function matcherPattern(source: string): RegExp | undefined {
  const pattern = source
    .replace(/\/:\w+\*/g, '(?:/.*)?')
    .replace(/\/:\w+\+/g, '/.+')
    .replace(/\/:\w+\?/g, '(?:/[^/]+)?')
    .replace(/:\w+/g, '[^/]+');
  try {
    return new RegExp(`^${pattern}/?$`);
  } catch {
    return undefined;
  }
}

/** Auth of Next.js route handlers: the middleware in front of them, Auth.js wrappers, and the handler's own checks. */
export class FileRouteAuth {
  private readonly sessionReads = new Map<TS.Node, boolean>();
  constructor(
    private readonly ev: Evaluator,
    private readonly guards: JsAuthAnalysis,
  ) {}

  private evidence(node: TS.Node, what = node.getText()): AuthEvidence {
    return { file: node.getSourceFile().fileName, line: lineOf(node), what: what.replace(/\s+/g, ' ').slice(0, 120) };
  }

  /**
   * Where an expression comes from an Auth.js instance (`export const { auth, handlers } = NextAuth(config)`): the
   * `NextAuth(…)` call and the member path (`['auth']`, `['handlers', 'GET']`, `[]` for the instance itself).
   */
  authJsMember(expression: TS.Expression, depth = 0): { call: TS.CallExpression; access: string[] } | undefined {
    if (depth > MAX_FOLLOW + 2) return undefined;
    const e = unwrapExpression(expression);
    if (ts.isCallExpression(e)) {
      const callee = this.ev.asValue(this.ev.evaluate(unwrapExpression(e.expression)));
      return callee?.kind === 'package' && AUTH_JS.test(callee.name) && callee.path.every((p) => p === 'default')
        ? { call: e, access: [] }
        : undefined;
    }
    if (ts.isPropertyAccessExpression(e)) {
      const owner = this.authJsMember(e.expression, depth + 1);
      return owner && { call: owner.call, access: [...owner.access, e.name.text] };
    }
    if (ts.isIdentifier(e)) return this.fromBinding(this.ev.bindingOf(e.text, e), depth);
    return undefined;
  }

  private fromBinding(
    binding: Binding | undefined,
    depth: number,
  ): { call: TS.CallExpression; access: string[] } | undefined {
    if (!binding || !ts.isVariableDeclaration(binding.decl) || !binding.decl.initializer) return undefined;
    const owner = this.authJsMember(binding.decl.initializer, depth + 1);
    return owner && { call: owner.call, access: [...owner.access, ...binding.access] };
  }

  /** The `callbacks.authorized` function of an Auth.js config (the object, a variable, or spread into it). */
  private authorizedCallback(call: TS.CallExpression): TS.SignatureDeclaration | undefined {
    const find = (expr: TS.Expression | undefined, depth: number): TS.SignatureDeclaration | undefined => {
      if (!expr || depth > 4) return undefined;
      const value = this.ev.asValue(this.ev.evaluate(expr));
      const obj = value?.kind === 'object' ? value.node : undefined;
      if (!obj) return undefined;
      for (const prop of [...obj.properties].reverse()) {
        if (ts.isSpreadAssignment(prop)) {
          const inner = find(prop.expression, depth + 1);
          if (inner) return inner;
          continue;
        }
        if (propertyNameText(prop.name) !== 'callbacks') continue;
        const callbacks = ts.isPropertyAssignment(prop)
          ? this.ev.asValue(this.ev.evaluate(prop.initializer))
          : undefined;
        if (callbacks?.kind !== 'object') return undefined;
        for (const cb of callbacks.node.properties) {
          if (propertyNameText(cb.name) !== 'authorized') continue;
          if (ts.isMethodDeclaration(cb)) return cb;
          if (ts.isPropertyAssignment(cb)) {
            const fn = unwrapExpression(cb.initializer);
            if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) return fn;
          }
        }
        return undefined;
      }
      return undefined;
    };
    return find(call.arguments[0], 0);
  }

  /** Whether a function, or a project function it calls, reads the session through a known reader or Auth.js `auth()`. */
  readsSession(fn: TS.Node, depth = 0): boolean {
    // Project functions are followed once each: many handlers call the same helpers.
    const known = this.sessionReads.get(fn);
    if (known !== undefined) return known;
    this.sessionReads.set(fn, false);
    let found = false;
    const visit = (node: TS.Node): void => {
      if (found) return;
      if (ts.isCallExpression(node)) {
        const callee = unwrapExpression(node.expression);
        const member = this.authJsMember(callee);
        if (member?.access.length === 1 && member.access[0] === 'auth') found = true;
        const value = this.ev.asValue(this.ev.evaluate(callee));
        if (
          value?.kind === 'package' &&
          SESSION_READERS.some((r) => r.pkg.test(value.name) && r.member.test(value.path.at(-1) ?? ''))
        )
          found = true;
        if (!found && this.readsCredentialStore(node)) found = true;
        if (!found && value?.kind === 'function' && depth < MAX_FOLLOW && value.node !== fn)
          found = this.readsSession(value.node, depth + 1);
      }
      ts.forEachChild(node, visit);
    };
    visit(fn);
    this.sessionReads.set(fn, found);
    return found;
  }

  /**
   * `(await cookies()).get('session')`, `headers().get('authorization')` (next/headers): the request's cookie or header
   * named for a credential, read by the app's own session code (a JWT it signed, a session id). Writing one
   * (`cookies().set('session', …)` at sign-in) reads nothing.
   */
  private readsCredentialStore(call: TS.CallExpression): boolean {
    const callee = unwrapExpression(call.expression);
    const key = call.arguments[0] && unwrapExpression(call.arguments[0]);
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'get' || !key || !ts.isStringLiteralLike(key))
      return false;
    if (!CREDENTIAL_NAME.test(key.text)) return false;
    const store = unwrapExpression(callee.expression);
    if (!ts.isCallExpression(store)) return false;
    const made = this.ev.asValue(this.ev.evaluate(unwrapExpression(store.expression)));
    return (
      made?.kind === 'package' && made.name === 'next/headers' && /^(?:cookies|headers)$/.test(made.path.at(-1) ?? '')
    );
  }

  /** Whether a function signs the caller in through Auth.js (`signIn('guest')`): a sign-in endpoint, guarding nothing. */
  private signsIn(fn: TS.Node): boolean {
    let found = false;
    const visit = (node: TS.Node): void => {
      if (found) return;
      if (ts.isCallExpression(node)) {
        const member = this.authJsMember(node.expression);
        if (member?.access.length === 1 && member.access[0] === 'signIn') found = true;
      }
      ts.forEachChild(node, visit);
    };
    visit(fn);
    return found;
  }

  /** The middleware a Next.js app runs (`middleware.ts`, or `proxy.ts` since Next.js 16), when it has one. */
  middleware(mod: ModuleInfo): NextMiddleware {
    const matchers = this.matchers(mod);
    // A middleware whose shape is not read may guard any route it runs on: those routes stay `unknown` unless their
    // handler requires auth itself.
    const unread: GuardVerdict = {
      state: 'unknown',
      evidence: { file: mod.file, line: 1, what: mod.file },
      reason: `the middleware \`${mod.file}\` could not be read`,
    };
    const judge = this.middlewareJudge(mod) ?? (() => unread);
    return { ...(matchers ? { matchers } : {}), verdictFor: judge };
  }

  private matchers(mod: ModuleInfo): RegExp[] | undefined {
    const config = mod.exports.get('config');
    const init = config && ts.isVariableDeclaration(config) ? config.initializer : undefined;
    const value = init ? this.ev.asValue(this.ev.evaluate(init)) : undefined;
    if (value?.kind !== 'object') return undefined;
    const matcher = value.node.properties.find((p) => propertyNameText(p.name) === 'matcher');
    if (!matcher || !ts.isPropertyAssignment(matcher)) return undefined;
    const m = unwrapExpression(matcher.initializer);
    const items = ts.isArrayLiteralExpression(m) ? [...m.elements] : [m];
    const out: RegExp[] = [];
    for (const item of items) {
      const u = unwrapExpression(item);
      let source: string | undefined;
      if (ts.isStringLiteralLike(u)) source = u.text;
      else if (ts.isObjectLiteralExpression(u)) {
        const s = u.properties.find((p) => propertyNameText(p.name) === 'source');
        const init2 = s && ts.isPropertyAssignment(s) ? unwrapExpression(s.initializer) : undefined;
        if (init2 && ts.isStringLiteralLike(init2)) source = init2.text;
      }
      const pattern = source === undefined ? undefined : matcherPattern(source);
      // A matcher that cannot be read could cover any path: the middleware is taken to run everywhere.
      if (!pattern) return undefined;
      out.push(pattern);
    }
    return out;
  }

  /** What the middleware does for a request path. */
  private middlewareJudge(mod: ModuleInfo): ((path: string) => GuardVerdict | undefined) | undefined {
    for (const name of ['middleware', 'proxy', 'default']) {
      const node = mod.exports.get(name);
      if (node) return this.judgeMiddlewareNode(node);
      const re = mod.reexports.find((r) => r.as === name);
      if (!re) continue;
      // `export { default } from 'next-auth/middleware'`: withAuth with its default callback, a signed-in token.
      if (!re.from && re.specifier === 'next-auth/middleware') {
        const at = re.node ?? mod.sourceFile;
        return () => ({ state: 'required', evidence: this.evidence(at, `next-auth/middleware`), schemes: ['session'] });
      }
      if (re.from) {
        const member = this.fromBinding(this.ev.exportBinding(re.from, re.imported), 0);
        if (member) return this.authJsMiddleware(member, re.node ?? mod.sourceFile);
      }
      return undefined;
    }
    return undefined;
  }

  private judgeMiddlewareNode(node: TS.Node): ((path: string) => GuardVerdict | undefined) | undefined {
    if (ts.isFunctionDeclaration(node)) return this.judgeFunction(node);
    if (ts.isBindingElement(node) && ts.isIdentifier(node.name)) {
      const member = this.authJsMember(node.name);
      return member ? this.authJsMiddleware(member, node) : undefined;
    }
    const expr = ts.isVariableDeclaration(node) ? node.initializer : ts.isExpression(node) ? node : undefined;
    if (!expr) return undefined;
    const e = unwrapExpression(expr);
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return this.judgeFunction(e);
    const member = this.authJsMember(e);
    if (member?.access.join('.') === 'auth') return this.authJsMiddleware(member, e);
    if (ts.isCallExpression(e)) {
      const inner = e.arguments
        .map((a) => unwrapExpression(a))
        .find((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a));
      const callee = this.authJsMember(e.expression);
      // `export default auth((req) => { … })`: the function decides, with `req.auth` the session.
      if (callee?.access.join('.') === 'auth' && inner) return this.judgeFunction(inner as TS.ArrowFunction);
      const value = this.ev.asValue(this.ev.evaluate(unwrapExpression(e.expression)));
      // `withAuth(fn, { callbacks: { authorized } })` from next-auth/middleware: without a callback, a token is required.
      if (value?.kind === 'package' && value.name === 'next-auth/middleware') {
        const options = e.arguments.find((a) => ts.isObjectLiteralExpression(unwrapExpression(a)));
        const authorized = options && this.authorizedCallback({ arguments: [options] } as unknown as TS.CallExpression);
        if (authorized) return this.judgeFunction(authorized, true);
        return () => ({ state: 'required', evidence: this.evidence(e), schemes: ['session'] });
      }
    }
    const fromIdentifier = ts.isIdentifier(e) ? this.ev.asValue(this.ev.evaluate(e)) : undefined;
    if (fromIdentifier?.kind === 'function') return this.judgeFunction(fromIdentifier.node);
    // A package's middleware that says nothing about auth (`createMiddleware(routing)` from next-intl) guards nothing.
    const made = ts.isCallExpression(e) ? this.ev.asValue(this.ev.evaluate(unwrapExpression(e.expression))) : undefined;
    if (made?.kind === 'package' && !AUTHISH_NAME.test(`${made.name} ${made.path.join(' ')}`)) return () => undefined;
    return undefined;
  }

  /** Auth.js `auth` run as middleware: its `authorized` callback decides; without one it lets every request through. */
  private authJsMiddleware(
    member: { call: TS.CallExpression; access: string[] },
    at: TS.Node,
  ): ((path: string) => GuardVerdict | undefined) | undefined {
    if (member.access.join('.') !== 'auth') return undefined;
    const authorized = this.authorizedCallback(member.call);
    if (!authorized) return () => undefined;
    const judge = this.judgeFunction(authorized, true);
    return (path) => {
      const v = judge(path);
      return v && { ...v, evidence: this.evidence(at, `${at.getText()} → authorized callback`) };
    };
  }

  /**
   * A guard function judged per path: path tests are evaluated against the path, and a branch taken without
   * credentials that rejects (401/403, a redirect, `false` from an `authorized` callback) makes it `required`.
   */
  private judgeFunction(
    fn: TS.SignatureDeclaration,
    booleanResult = false,
  ): (path: string) => GuardVerdict | undefined {
    const body = 'body' in fn ? fn.body : undefined;
    return (path) => {
      if (!body) return undefined;
      const statements = ts.isBlock(body)
        ? [...body.statements]
        : [ts.factory.createReturnStatement(body as TS.Expression)];
      const state = this.judgeStatements(statements, path, booleanResult);
      if (state !== 'required') return undefined;
      return {
        state: 'required',
        evidence: this.evidence(fn, `${firstLine(fn)} → rejects a request without credentials`),
        schemes: schemesFromText(body.getText()),
      };
    };
  }

  /**
   * Whether a hook module the framework runs before every route (SvelteKit's `hooks.server` `handle`, a Nitro
   * `server/middleware` default export, Astro's `onRequest`) may refuse a request: its handler functions (through
   * `sequence(a, b)`, `defineEventHandler(fn)`, `defineMiddleware(fn)`) and the project functions they hand the event
   * to, two calls deep, answer or throw a 401/403 or redirect somewhere. `false`: it refuses nobody (it only puts the
   * session on `locals`), so each route's own handler decides. `undefined`: a part could not be followed.
   */
  hookRefuses(mod: ModuleInfo): boolean | undefined {
    let unread = false;
    let refuses = false;
    const seen = new Set<TS.Node>();
    const judge = (expr: TS.Expression | undefined, depth: number): void => {
      if (!expr || refuses || depth > 3) return;
      const e = unwrapExpression(expr);
      if (ts.isCallExpression(e)) {
        // `sequence(a, b)`, `defineEventHandler(fn)`: each function handed over runs; a package's own handle made
        // from its options (`SvelteKitAuth({ … })`) reads the session and refuses nobody.
        for (const a of e.arguments) {
          const arg = unwrapExpression(a);
          if (ts.isObjectLiteralExpression(arg) || ts.isStringLiteralLike(arg)) continue;
          judge(arg, depth + 1);
        }
        return;
      }
      const value =
        ts.isArrowFunction(e) || ts.isFunctionExpression(e) ? undefined : this.ev.asValue(this.ev.evaluate(e));
      const fn =
        ts.isArrowFunction(e) || ts.isFunctionExpression(e) ? e : value?.kind === 'function' ? value.node : undefined;
      if (!fn) {
        // `const { handle: authHandle } = SvelteKitAuth({ … })`: what the name is bound to made it.
        const binding = ts.isIdentifier(e) ? this.ev.bindingOf(e.text, e) : undefined;
        if (binding && ts.isVariableDeclaration(binding.decl) && binding.decl.initializer)
          judge(binding.decl.initializer, depth + 1);
        else if (value?.kind !== 'package') unread = true;
        return;
      }
      if (seen.has(fn)) return;
      seen.add(fn);
      const body = 'body' in fn ? fn.body : undefined;
      if (!body) return;
      const text = textWithoutQuotedDigits(body);
      if (rejectsUnauthenticated(text) || /\bredirect\(/.test(text)) {
        refuses = true;
        return;
      }
      // The project functions the hook hands the event (or a part of it) to run on every request too.
      const visit = (node: TS.Node): void => {
        if (refuses) return;
        if (ts.isCallExpression(node) && node.arguments.some((a) => this.isParameterValue(a))) {
          const callee = this.ev.asValue(this.ev.evaluate(unwrapExpression(node.expression)));
          if (callee?.kind === 'function') judge(node.expression, depth + 1);
        }
        ts.forEachChild(node, visit);
      };
      visit(body);
    };
    for (const name of ['handle', 'default', 'onRequest']) {
      const node = mod.exports.get(name);
      if (!node) continue;
      if (ts.isFunctionDeclaration(node)) judge(node.name ?? undefined, 0);
      else judge(exportedExpression(node), 0);
    }
    return refuses ? true : unread ? undefined : false;
  }

  /** Whether the statements stop a request without credentials on `path` (`required`), let it on (`none`), or fall through. */
  judgeStatements(
    statements: readonly TS.Statement[],
    path: string,
    booleanResult = false,
    withoutCredentials = false,
  ): 'required' | 'none' | undefined {
    for (const [i, s] of statements.entries()) {
      if (ts.isReturnStatement(s)) {
        // A redirect or an error answer stops a caller only where it is the answer to missing credentials; an
        // `authorized` callback's `false` or a 401/403 stops one anywhere.
        const o = this.outcome(s.expression, booleanResult);
        const stopsCaller =
          o === 'reject' &&
          (withoutCredentials ||
            booleanResult ||
            (s.expression !== undefined && rejectsUnauthenticated(textWithoutQuotedDigits(s.expression))));
        return stopsCaller ? 'required' : 'none';
      }
      if (ts.isTryStatement(s)) {
        const r = this.judgeStatements(s.tryBlock.statements, path, booleanResult, withoutCredentials);
        if (r !== undefined) return r;
        continue;
      }
      if (ts.isExpressionStatement(s) || ts.isThrowStatement(s)) {
        if ((withoutCredentials && this.stops(s)) || this.callsGuard(s)) return 'required';
        continue;
      }
      if (ts.isVariableStatement(s)) {
        if (this.callsGuard(s) || this.returnsHelperRefusal(s, statements[i + 1])) return 'required';
        continue;
      }
      if (!ts.isIfStatement(s)) continue;
      const branch = (b: TS.Statement, absent: boolean) =>
        this.judgeStatements(ts.isBlock(b) ? b.statements : [b], path, booleanResult, absent);
      const onPath = this.pathTest(s.expression, path, 0);
      if (onPath !== undefined) {
        const taken = onPath ? s.thenStatement : s.elseStatement;
        const r = taken ? branch(taken, withoutCredentials) : undefined;
        if (r !== undefined) return r;
        continue;
      }
      if (this.testsHelperVerdict(s.expression) && this.refuses(s.thenStatement)) return 'required';
      const credential = this.credentialTest(s.expression, 0);
      if (credential === 'absent') {
        const r = branch(s.thenStatement, true);
        if (r === 'required') return r;
        const firstReturn = this.firstOutcome(s.thenStatement, booleanResult);
        if (firstReturn === 'pass') return 'none';
      } else if (credential === 'present' && s.elseStatement) {
        const r = branch(s.elseStatement, true);
        if (r !== undefined) return r;
      }
    }
    return undefined;
  }

  /**
   * A statement that calls a guard of the project, or one the framework imports for it by name
   * (`const { user } = await requireUserSession(event)`, nuxt-auth-utils): it throws a 401 without a session. A
   * package's function is left to the session readers above: reading a session rejects nobody.
   */
  private callsGuard(s: TS.Statement): boolean {
    const exprs = ts.isVariableStatement(s)
      ? s.declarationList.declarations.map((d) => d.initializer)
      : ts.isExpressionStatement(s)
        ? [s.expression]
        : [];
    for (const expr of exprs) {
      if (!expr) continue;
      let e = unwrapExpression(expr);
      if (ts.isAwaitExpression(e)) e = unwrapExpression(e.expression);
      if (!ts.isCallExpression(e)) continue;
      if (this.ev.asValue(this.ev.evaluate(unwrapExpression(e.expression)))?.kind === 'package') continue;
      // It must be given the request (`requireUserSession(event)`): a helper checking a token taken from the body
      // (`getGoogleUserFromJWT(token)`) is a credential exchange, not a guard on the caller.
      if (!e.arguments.some((a) => this.isHandlerParameter(a))) continue;
      if (this.guards.classify(e, 0)?.state === 'required') return true;
    }
    return false;
  }

  /**
   * `const auth = await authenticate(request); if (auth !== null) return auth;`: a project helper handed the request
   * that reads a credential of it and returns a 401/403 answer (`if (token !== process.env.API_TOKEN) return json(…,
   * { status: 401 })`), which the handler returns whenever the helper gives one.
   */
  private returnsHelperRefusal(s: TS.VariableStatement, next: TS.Statement | undefined): boolean {
    const decls = s.declarationList.declarations;
    const decl = decls[0];
    if (decls.length !== 1 || !decl || !ts.isIdentifier(decl.name) || !decl.initializer) return false;
    if (!next || !ts.isIfStatement(next)) return false;
    const name = decl.name.text;
    const isName = (x: TS.Expression) => {
      const u = unwrapExpression(x);
      return ts.isIdentifier(u) && u.text === name;
    };
    const nullish = (x: TS.Expression) => {
      const u = unwrapExpression(x);
      return u.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(u) && u.text === 'undefined');
    };
    const cond = unwrapExpression(next.expression);
    const given =
      isName(cond) ||
      (ts.isBinaryExpression(cond) &&
        (cond.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
          cond.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsToken) &&
        ((isName(cond.left) && nullish(cond.right)) || (isName(cond.right) && nullish(cond.left))));
    const then: readonly TS.Statement[] = ts.isBlock(next.thenStatement)
      ? next.thenStatement.statements
      : [next.thenStatement];
    const returned = then[0];
    if (!given || !returned || !ts.isReturnStatement(returned) || !returned.expression || !isName(returned.expression))
      return false;
    let e = unwrapExpression(decl.initializer);
    if (ts.isAwaitExpression(e)) e = unwrapExpression(e.expression);
    if (!ts.isCallExpression(e) || !e.arguments.some((a) => this.isParameterValue(a))) return false;
    const helper = this.ev.asValue(this.ev.evaluate(unwrapExpression(e.expression)));
    if (helper?.kind !== 'function') return false;
    const body = 'body' in helper.node ? helper.node.body : undefined;
    if (!body || !readsCredentials(body.getText())) return false;
    return returnsRefusal(helper.node);
  }

  /**
   * Whether a condition tests what a credential check of the project says about the request: the check called in it
   * (`!isAuthorized(event.request)`) or its result held in a local (`const tokenError = await checkToken(request)`,
   * then `tokenError !== null`). The check is a project function handed the request (or a part of it) whose code reads
   * a credential (the `Authorization` header, a token, a session).
   */
  private testsHelperVerdict(cond: TS.Expression): boolean {
    let found = false;
    const checks = (call: TS.CallExpression): boolean => {
      if (!call.arguments.some((a) => this.isParameterValue(a))) return false;
      const helper = this.ev.asValue(this.ev.evaluate(unwrapExpression(call.expression)));
      const body = helper?.kind === 'function' && 'body' in helper.node ? helper.node.body : undefined;
      return body !== undefined && readsCredentials(body.getText());
    };
    const visit = (node: TS.Node): void => {
      if (found || ts.isFunctionLike(node)) return;
      if (ts.isCallExpression(node) && checks(node)) found = true;
      else if (ts.isIdentifier(node)) {
        const binding = this.ev.bindingOf(node.text, node);
        const init =
          binding?.access.length === 0 && ts.isVariableDeclaration(binding.decl) && binding.decl.initializer
            ? unwrapExpression(binding.decl.initializer)
            : undefined;
        if (init && ts.isCallExpression(init) && checks(init)) found = true;
      }
      ts.forEachChild(node, visit);
    };
    visit(cond);
    return found;
  }

  /**
   * Whether a branch refuses the request first thing: it returns or throws a 401/403 answer (`json(…, { status: 401
   * })`, `error(401, …)`), or returns what a project helper gives that is one (`return unauthorized()`).
   */
  private refuses(branch: TS.Statement): boolean {
    const list: readonly TS.Statement[] = ts.isBlock(branch) ? branch.statements : [branch];
    const first = list[0];
    if (!first) return false;
    if (ts.isExpressionStatement(first) || ts.isThrowStatement(first)) return this.stops(first);
    if (!ts.isReturnStatement(first) || !first.expression) return false;
    if (rejectsUnauthenticated(textWithoutQuotedDigits(first.expression))) return true;
    const e = unwrapExpression(first.expression);
    if (!ts.isCallExpression(e)) return false;
    const helper = this.ev.asValue(this.ev.evaluate(unwrapExpression(e.expression)));
    return helper?.kind === 'function' && returnsRefusal(helper.node);
  }

  /** Whether an argument is a parameter of the function it is in, or a part of one (`{ request }` destructured). */
  private isParameterValue(arg: TS.Expression): boolean {
    let e = unwrapExpression(arg);
    while (ts.isPropertyAccessExpression(e)) e = unwrapExpression(e.expression);
    if (!ts.isIdentifier(e)) return false;
    const binding = this.ev.bindingOf(e.text, e);
    return binding !== undefined && ts.isParameter(binding.decl);
  }

  /** Whether an argument is a parameter of the function it is in (`event`, `req`) or a member of one (`event.request`). */
  private isHandlerParameter(arg: TS.Expression): boolean {
    let e = unwrapExpression(arg);
    while (ts.isPropertyAccessExpression(e)) e = unwrapExpression(e.expression);
    if (!ts.isIdentifier(e)) return false;
    const binding = this.ev.bindingOf(e.text, e);
    return binding !== undefined && ts.isParameter(binding.decl) && binding.access.length === 0;
  }

  private firstOutcome(statement: TS.Statement, booleanResult: boolean): Outcome | undefined {
    const list: readonly TS.Statement[] = ts.isBlock(statement) ? statement.statements : [statement];
    for (const x of list) if (ts.isReturnStatement(x)) return this.outcome(x.expression, booleanResult);
    return undefined;
  }

  /** `redirect('/login')` (next/navigation throws), `throw new UnauthorizedError()`: the request stops here. */
  private stops(s: TS.ExpressionStatement | TS.ThrowStatement): boolean {
    const text = textWithoutQuotedDigits(s);
    if (!ts.isExpressionStatement(s)) return rejectsUnauthenticated(text);
    const e = unwrapExpression(s.expression);
    const call = ts.isAwaitExpression(e) ? unwrapExpression(e.expression) : e;
    // `error(401, …)` (SvelteKit), `redirect('/login')`, `unauthorized()` (next/navigation) all throw.
    return (
      ts.isCallExpression(call) &&
      ((ts.isIdentifier(call.expression) &&
        /^(?:redirect|permanentRedirect|unauthorized|forbidden)$/.test(call.expression.text)) ||
        rejectsUnauthenticated(text))
    );
  }

  private outcome(expr: TS.Expression | undefined, booleanResult: boolean): Outcome {
    if (!expr) return 'pass';
    const e = unwrapExpression(expr);
    if (e.kind === ts.SyntaxKind.TrueKeyword) return 'pass';
    if (e.kind === ts.SyntaxKind.FalseKeyword) return booleanResult ? 'reject' : 'answer';
    if (booleanResult && this.credentialTest(e, 0) === 'present') return 'reject';
    const text = textWithoutQuotedDigits(e);
    if (/\.next\(\s*\)|\.rewrite\(/.test(text)) return 'pass';
    if (rejectsUnauthenticated(text) || /\bredirect\(/i.test(text)) return 'reject';
    return 'answer';
  }

  /** Whether a condition tests the request path, and its value for `path`; undefined when it tests something else. */
  private pathTest(cond: TS.Expression, path: string, depth: number): boolean | undefined {
    const e = unwrapExpression(cond);
    if (depth > 4) return undefined;
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
      const inner = this.pathTest(e.operand, path, depth + 1);
      return inner === undefined ? undefined : !inner;
    }
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) {
        const a = this.pathTest(e.left, path, depth + 1);
        const b = this.pathTest(e.right, path, depth + 1);
        if (a === undefined || b === undefined) return undefined;
        return op === ts.SyntaxKind.AmpersandAmpersandToken ? a && b : a || b;
      }
      const eq = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
      const ne = op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
      if (eq || ne) {
        const [a, b] = [unwrapExpression(e.left), unwrapExpression(e.right)];
        const lit = ts.isStringLiteralLike(b) ? b : ts.isStringLiteralLike(a) ? a : undefined;
        const other = lit === b ? a : b;
        if (lit && PATH_NAME.test(other.getText())) return (path === lit.text) === eq;
      }
      return undefined;
    }
    if (ts.isIdentifier(e)) {
      const init = localInitializer(e);
      return init ? this.pathTest(init, path, depth + 1) : undefined;
    }
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
      const method = e.expression.name.text;
      const target = unwrapExpression(e.expression.expression);
      const arg = e.arguments[0] && unwrapExpression(e.arguments[0]);
      if (!arg) return undefined;
      if (
        (method === 'startsWith' || method === 'endsWith' || method === 'includes') &&
        PATH_NAME.test(target.getText())
      ) {
        if (!ts.isStringLiteralLike(arg)) return undefined;
        return method === 'startsWith'
          ? path.startsWith(arg.text)
          : method === 'endsWith'
            ? path.endsWith(arg.text)
            : path.includes(arg.text);
      }
      if (method === 'includes' && ts.isArrayLiteralExpression(target) && PATH_NAME.test(arg.getText())) {
        if (!target.elements.every(ts.isStringLiteralLike)) return undefined;
        return target.elements.some((el) => (el as TS.StringLiteral).text === path);
      }
      if (method === 'test' && PATH_NAME.test(arg.getText())) {
        const re = target.kind === ts.SyntaxKind.RegularExpressionLiteral ? regexOf(target.getText()) : undefined;
        return re?.test(path);
      }
    }
    return undefined;
  }

  /** Whether a condition holds when the caller has credentials (`present`: `req.auth`, `!!token`) or lacks them (`absent`). */
  private credentialTest(cond: TS.Expression, depth: number): 'present' | 'absent' | undefined {
    const e = unwrapExpression(cond);
    if (depth > 4) return undefined;
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
      const inner = this.credentialTest(e.operand, depth + 1);
      return inner === 'present' ? 'absent' : inner === 'absent' ? 'present' : undefined;
    }
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      // `!session?.user || params.userId !== session.user.id`: one side true without credentials makes an `||` true
      // then, whatever the other tests; one side false without them makes an `&&` false.
      if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.AmpersandAmpersandToken) {
        const sides = [this.credentialTest(e.left, depth + 1), this.credentialTest(e.right, depth + 1)];
        const decisive = op === ts.SyntaxKind.BarBarToken ? 'absent' : 'present';
        if (sides.includes(decisive)) return decisive;
        return sides[0] !== undefined && sides[0] === sides[1] ? sides[0] : undefined;
      }
      const nullish = (x: TS.Expression) =>
        x.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(x) && x.text === 'undefined');
      const [a, b] = [unwrapExpression(e.left), unwrapExpression(e.right)];
      const side = nullish(b) ? a : nullish(a) ? b : undefined;
      if (side && this.credentialTest(side, depth + 1) === 'present') {
        if (op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken) return 'absent';
        if (op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken)
          return 'present';
      }
      return undefined;
    }
    if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'Boolean' && e.arguments[0])
      return this.credentialTest(e.arguments[0], depth + 1);
    if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
      if (PATH_NAME.test(e.getText())) return undefined;
      return this.holdsCredential(e, 0) ? 'present' : undefined;
    }
    return undefined;
  }

  /**
   * Whether a value is the caller's session or credential, by where it comes from: a session reader
   * (`const session = await getServerSession(…)`, `const token = await getToken(…)`, a project helper calling one),
   * what the framework's hook left (`event.locals.user`, `const { user } = locals`), Auth.js's `req.auth`, a parameter
   * of a guard callback named for it (`authorized({ auth })`), or a local computed from one (`isLoggedIn = !!auth?.user`).
   * A `user` loaded from the database is none of these.
   */
  private holdsCredential(expression: TS.Expression, depth: number): boolean {
    const e = unwrapExpression(expression);
    if (depth > 6) return false;
    if (ts.isPrefixUnaryExpression(e) || ts.isAwaitExpression(e) || ts.isNonNullExpression(e))
      return this.holdsCredential(
        e.kind === ts.SyntaxKind.PrefixUnaryExpression
          ? (e as TS.PrefixUnaryExpression).operand
          : (e as TS.AwaitExpression).expression,
        depth + 1,
      );
    if (ts.isCallExpression(e)) {
      if (ts.isIdentifier(e.expression) && e.expression.text === 'Boolean' && e.arguments[0])
        return this.holdsCredential(e.arguments[0], depth + 1);
      // A function the framework's hook left on `locals`, called (`await locals.user()`, Auth.js's
      // `event.locals.auth()`, `locals.safeGetSession()`): it gives the caller's session, as a value left there does.
      const callee = unwrapExpression(e.expression);
      if (ts.isPropertyAccessExpression(callee) && /\blocals\b/.test(callee.expression.getText())) return true;
      return this.readsSession(e);
    }
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
      if (/\blocals\b/.test(e.getText())) return true;
      const root = unwrapExpression(e.expression);
      if (ts.isPropertyAccessExpression(e) && e.name.text === 'auth' && ts.isIdentifier(root)) {
        const b = this.ev.bindingOf(root.text, root);
        if (b && ts.isParameter(b.decl)) return true;
      }
      return this.holdsCredential(e.expression, depth + 1);
    }
    if (!ts.isIdentifier(e)) return false;
    const binding = this.ev.bindingOf(e.text, e);
    if (!binding) return false;
    if (ts.isParameter(binding.decl))
      return (
        binding.access.length > 0 &&
        CREDENTIAL_NAME.test(binding.access.join('.')) &&
        !/user/i.test(binding.access[0] ?? '')
      );
    if (!ts.isVariableDeclaration(binding.decl) || !binding.decl.initializer) return false;
    const init = binding.decl.initializer;
    if (binding.access.length > 0 && /\blocals\b/.test(init.getText())) return true;
    return this.holdsCredential(init, depth + 1);
  }

  /**
   * The auth of one exported route handler (App Router `export const GET = …`, Pages Router `export default …`), with
   * the middleware's verdict for its path.
   */
  routeAuth(exportNode: TS.Node, routePath: string, middleware: NextMiddleware | undefined): OperationAuth {
    const path = samplePath(routePath);
    const verdicts: GuardVerdict[] = [];
    if (middleware && (!middleware.matchers || middleware.matchers.some((m) => m.test(path)))) {
      const v = middleware.verdictFor(path);
      if (v) verdicts.push(v);
    }
    verdicts.push(...this.handlerVerdicts(exportNode, path, 0));
    return combineGuards(verdicts);
  }

  private handlerVerdicts(node: TS.Node, path: string, depth: number): GuardVerdict[] {
    if (depth > MAX_FOLLOW + 2) return [this.unread(node)];
    if (
      ts.isFunctionDeclaration(node) ||
      ts.isArrowFunction(node) ||
      ts.isFunctionExpression(node) ||
      ts.isMethodDeclaration(node)
    )
      return this.bodyVerdicts(node, path);
    if (ts.isExportSpecifier(node)) {
      const mod = this.ev.modules.get(node.getSourceFile().fileName);
      const re = mod?.reexports.find((r) => r.node === node);
      if (re?.from) {
        const member = this.fromBinding(this.ev.exportBinding(re.from, re.imported), 0);
        if (member) return this.memberVerdicts(member, node);
        const value = this.ev.asValue(this.ev.exportValue(re.from, re.imported));
        return value?.kind === 'function' ? this.handlerVerdicts(value.node, path, depth + 1) : [this.unread(node)];
      }
      return [this.unread(node)];
    }
    if (ts.isBindingElement(node) && ts.isIdentifier(node.name)) {
      const member = this.authJsMember(node.name);
      return member ? this.memberVerdicts(member, node) : [this.unread(node)];
    }
    const expr = exportedExpression(node);
    if (!expr) return [this.unread(node)];
    const e = unwrapExpression(expr);
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return this.bodyVerdicts(e, path);
    const member = this.authJsMember(e);
    if (member) return this.memberVerdicts(member, e);
    if (ts.isCallExpression(e)) {
      // A wrapper around the handler (`auth((req) => …)`, `withAuthentication(handler)`): the wrapper is a guard of its
      // own, and the function it wraps is the handler.
      const inner = [...e.arguments].reverse().find((a) => {
        const u = unwrapExpression(a);
        if (ts.isArrowFunction(u) || ts.isFunctionExpression(u) || ts.isCallExpression(u)) return true;
        return ts.isIdentifier(u) && this.ev.asValue(this.ev.evaluate(u))?.kind === 'function';
      });
      const callee = this.authJsMember(e.expression);
      // nuxt-auth-utils' `defineOAuthGitHubEventHandler({ onSuccess })` and the like: an OAuth sign-in endpoint.
      if (ts.isIdentifier(e.expression) && SIGN_IN_HANDLER.test(e.expression.text)) return [];
      const wrapper: GuardVerdict[] = [];
      if (callee?.access.join('.') === 'auth')
        wrapper.push({
          state: 'optional',
          evidence: this.evidence(e.expression, 'auth(…) reads the session'),
          schemes: ['session'],
        });
      else {
        const v = this.guards.classify(e, 0);
        if (v) wrapper.push(v);
      }
      if (!inner) return wrapper.length > 0 ? wrapper : [this.unread(e)];
      return [...wrapper, ...this.handlerVerdicts(unwrapExpression(inner), path, depth + 1)];
    }
    if (ts.isIdentifier(e)) {
      const value = this.ev.asValue(this.ev.evaluate(e));
      if (value?.kind === 'function') return this.handlerVerdicts(value.node, path, depth + 1);
      const init = localInitializer(e);
      if (init) return this.handlerVerdicts(init, path, depth + 1);
    }
    return [this.unread(e)];
  }

  /** Auth.js's own route handlers (`handlers.GET`, `NextAuth(authOptions)` as a Pages API route) sign callers in. */
  private memberVerdicts(member: { access: string[] }, at: TS.Node): GuardVerdict[] {
    if (member.access.length === 0 || member.access[0] === 'handlers') return [];
    return [this.unread(at)];
  }

  private bodyVerdicts(fn: TS.SignatureDeclaration, path: string): GuardVerdict[] {
    const body = 'body' in fn ? fn.body : undefined;
    if (!body) return [];
    const statements = ts.isBlock(body) ? body.statements : [];
    if (this.judgeStatements(statements, path) === 'required')
      return [
        {
          state: 'required',
          evidence: this.evidence(fn, `${firstLine(fn)} → answers 401/403 without a session`),
          schemes: schemesFromText(body.getText()),
        },
      ];
    if (this.signsIn(body)) return [];
    if (this.readsSession(body))
      return [
        { state: 'optional', evidence: this.evidence(fn, `${firstLine(fn)} reads the session`), schemes: ['session'] },
      ];
    return [];
  }

  private unread(node: TS.Node): GuardVerdict {
    return {
      state: 'unknown',
      evidence: this.evidence(node),
      reason: `the handler \`${node.getText().replace(/\s+/g, ' ').slice(0, 60)}\` could not be followed to its code`,
    };
  }
}

/** Whether a function returns a 401/403 answer somewhere (`return json(…, { status: 401 })`), an arrow's body included. */
function returnsRefusal(fn: TS.SignatureDeclaration): boolean {
  const body = 'body' in fn ? fn.body : undefined;
  if (body && !ts.isBlock(body)) return rejectsUnauthenticated(textWithoutQuotedDigits(body));
  let refusal = false;
  const visit = (node: TS.Node): void => {
    if (refusal || ts.isFunctionLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression)
      refusal = rejectsUnauthenticated(textWithoutQuotedDigits(node.expression));
    ts.forEachChild(node, visit);
  };
  if (body) ts.forEachChild(body, visit);
  return refusal;
}

function firstLine(node: TS.Node): string {
  return node.getText().split('\n')[0]?.slice(0, 80) ?? '';
}

function regexOf(literal: string): RegExp | undefined {
  const m = /^\/(.*)\/([a-z]*)$/s.exec(literal);
  try {
    return m ? new RegExp(m[1] as string, (m[2] as string).replace(/[gy]/g, '')) : undefined;
  } catch {
    return undefined;
  }
}
