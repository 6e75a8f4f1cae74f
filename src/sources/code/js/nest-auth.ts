import type * as TS from 'typescript';
import type { AuthEvidence, OperationAuth } from '../../../model/index.js';
import {
  combineGuards,
  credentialReadingText,
  type GuardVerdict,
  PUBLIC_MARKER,
  readsCredentials,
  rejectsUnauthenticated,
  rolesFromArgs,
  schemesFromText,
  stateFromName,
} from '../auth/auth-signals.js';
import type { Evaluator } from './evaluator.js';
import { readsTokenFromBodyOnly, signInStrategyName } from './js-auth.js';
import { appWideRegistrations, type NestDecorator } from './nest-decorators.js';
import { anonymousPassage } from './nest-guard-walk.js';
import { nestHandlerVerdict, type ServiceMethod } from './nest-handler-auth.js';
import { lineOf, unwrapExpression } from './parse-js.js';
import { ts } from './typescript.js';

function evidenceAt(node: TS.Node, what = node.getText()): AuthEvidence {
  return { file: node.getSourceFile().fileName, line: lineOf(node), what: what.replace(/\s+/g, ' ').slice(0, 120) };
}

/**
 * NestJS guards: global ones (`app.useGlobalGuards`, `APP_GUARD` providers), `@UseGuards` on the controller and the
 * handler, and public markers (`@Public()`, `@SetMetadata('isPublic', true)`) that a global guard honours.
 */
export class NestAuth {
  private readonly globals: { expr: TS.Expression; at: TS.Node }[] = [];
  private readonly memo = new Map<TS.Node, GuardVerdict | null>();

  constructor(private readonly ev: Evaluator) {}

  /** Collects global guards from a bootstrap or module file. */
  readGlobals(sourceFile: TS.SourceFile): void {
    this.globals.push(...appWideRegistrations(sourceFile, 'useGlobalGuards', 'APP_GUARD'));
  }

  /**
   * The auth of one handler method of a controller, from the decorators on the class and the method with the
   * project's custom ones expanded (`NestDecorators.expand`), so guards a custom decorator applies count as written.
   */
  routeAuth(
    classDecorators: readonly NestDecorator[],
    methodDecorators: readonly NestDecorator[],
    handler?: { member: TS.ClassElement; serviceMethod: ServiceMethod },
  ): OperationAuth {
    // The handler's own check of a credential it reads from `@Req()` counts as a guard written on it.
    const own = handler ? nestHandlerVerdict(handler.member, handler.serviceMethod) : undefined;
    return this.guardsOf(classDecorators, methodDecorators, own).auth;
  }

  /**
   * The statuses the guards acting on a handler answer when they refuse a request: 401 from a passport guard, 403 from
   * a `canActivate` that returns `false` (Nest's ForbiddenException), or the status of the exception it throws.
   */
  routeRejections(classDecorators: readonly NestDecorator[], methodDecorators: readonly NestDecorator[]): number[] {
    const { acting } = this.guardsOf(classDecorators, methodDecorators);
    return [...new Set(acting.flatMap((v) => (v.state === 'required' && v.rejects ? [v.rejects] : [])))];
  }

  private guardsOf(
    classDecorators: readonly NestDecorator[],
    methodDecorators: readonly NestDecorator[],
    own?: GuardVerdict,
  ): { auth: OperationAuth; acting: GuardVerdict[] } {
    const verdicts: GuardVerdict[] = [];
    for (const g of this.globals) {
      const v = this.classifyGuard(g.expr, g.at);
      if (v) verdicts.push(v);
    }
    // A guard gated on metadata (`if (!roles) return true`) acts only where a decorator sets it (`@Roles('admin')`).
    const written = [...classDecorators, ...methodDecorators].map((d) => d.name.toLowerCase());
    const applies = (v: GuardVerdict) => v.whenMetadata === undefined || written.includes(v.whenMetadata);
    const globalRequired = verdicts.some((v) => v.state === 'required' && applies(v));
    // The marker nearest the handler decides (`getAllAndOverride([handler, class])`): a method's
    // `@SkipLoggedInCheck(false)` puts back the guard its controller's `@SkipLoggedInCheck()` lifted.
    const decisive = [...methodDecorators, ...classDecorators].find((d) => this.publicMarker(d) !== undefined);
    const marker = decisive && this.publicMarker(decisive) ? decisive : undefined;
    const local: GuardVerdict[] = [];
    for (const d of [...classDecorators, ...methodDecorators]) {
      if (d.name !== 'UseGuards') continue;
      for (const arg of d.args) {
        const v = this.classifyGuard(arg, d.node);
        if (v) local.push(v);
      }
    }
    const roles = [...classDecorators, ...methodDecorators]
      .filter((d) => /^(Roles|Role|Permissions|Scopes|RequirePermissions)$/.test(d.name))
      .flatMap((d) =>
        rolesFromArgs(
          d.name,
          d.args.map((a) =>
            unwrapExpression(a)
              .getText()
              .replace(/^['"`]|['"`]$/g, ''),
          ),
        ),
      );
    // A public marker lifts the global guards it is written for; guards on the controller or handler still apply.
    const acting = [...local.filter(applies), ...(own ? [own] : [])];
    if (marker && globalRequired)
      return { auth: combineGuards(acting, acting.length === 0 ? evidenceAt(marker.node) : undefined), acting };
    const all = [...verdicts.filter(applies), ...acting];
    const auth = combineGuards(all);
    if (roles.length > 0) auth.roles = [...new Set([...(auth.roles ?? []), ...roles])].sort();
    return { auth, acting: all };
  }

  /**
   * Whether a decorator marks a route public (`true`), says it is not (`false`: `SetMetadata(SKIP_KEY, false)`), or is
   * no such marker (undefined).
   */
  private publicMarker(d: NestDecorator): boolean | undefined {
    if (PUBLIC_MARKER.test(d.name)) return true;
    if (d.name !== 'SetMetadata') return undefined;
    const [key, value] = d.args;
    if (!key) return undefined;
    // The key as written (`IS_PUBLIC_KEY`), the string a constant holds (`PUBLIC_ROUTE_KEY = 'Public'`), or what the
    // constant is built from (`SKIP_LOGGED_IN_CHECK = Symbol('metadata:skip logged in check')`).
    const held = this.ev.asValue(this.ev.evaluate(key));
    const bound = ts.isIdentifier(key) ? this.ev.bindingOf(key.text, key) : undefined;
    const init = bound && ts.isVariableDeclaration(bound.decl) ? (bound.decl.initializer?.getText() ?? '') : '';
    const keyText = `${key.getText()} ${held?.kind === 'string' ? held.path.text : ''} ${init}`;
    if (!/public|anonymous|skip[\W_]*(?:auth|logged[\W_]*in|login|session|jwt|guard)/i.test(keyText)) return undefined;
    return this.flagValue(value, d) !== false;
  }

  /** A marker's value, through the custom decorator's parameter it comes from (`(skip = true) => SetMetadata(K, skip)`). */
  private flagValue(value: TS.Expression | undefined, d: NestDecorator): boolean | undefined {
    const v = value && unwrapExpression(value);
    if (!v) return undefined;
    if (v.kind === ts.SyntaxKind.FalseKeyword) return false;
    if (v.kind === ts.SyntaxKind.TrueKeyword) return true;
    if (!ts.isIdentifier(v)) return undefined;
    const binding = this.ev.bindingOf(v.text, v);
    if (!binding || !ts.isParameter(binding.decl)) return undefined;
    const given = d.bindings?.get(binding.decl) ?? binding.decl.initializer;
    return given === undefined || given === v ? undefined : this.flagValue(given, d);
  }

  /** `AuthGuard('jwt')`, `JwtAuthGuard`, `new RolesGuard(reflector)`: what the guard does to a caller without credentials. */
  private classifyGuard(expression: TS.Expression, at: TS.Node): GuardVerdict | undefined {
    const expr = unwrapExpression(expression);
    if (this.memo.has(expr)) {
      // A guard inside a custom decorator is one node for every handler using it: the evidence is each one's place.
      const known = this.memo.get(expr);
      return known ? { ...known, evidence: evidenceAt(at, expr.getText()) } : undefined;
    }
    this.memo.set(expr, null);
    const v = this.computeGuard(expr, at);
    this.memo.set(expr, v ?? null);
    return v;
  }

  /** Whether a guard class extends a library guard known not to authenticate, directly or through project classes. */
  private extendsNonAuthGuard(cls: TS.ClassLikeDeclaration, depth: number): boolean {
    if (depth > 4) return false;
    for (const base of this.basesOf(cls)) {
      if (base?.kind === 'package' && NON_AUTH_LIBRARY_GUARDS[base.name]?.includes(base.path.at(-1) ?? '')) return true;
      if (base?.kind === 'class' && !base.node.members.some((m) => m.name?.getText() === 'canActivate'))
        if (this.extendsNonAuthGuard(base.node, depth + 1)) return true;
    }
    return false;
  }

  /** What each class a guard class `extends` evaluates to (undefined where it cannot be followed). */
  private basesOf(cls: TS.ClassLikeDeclaration) {
    return (cls.heritageClauses ?? [])
      .filter((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)
      .flatMap((clause) => clause.types.map((t) => this.ev.asValue(this.ev.evaluate(t.expression))));
  }

  /**
   * Whether `super.canActivate(context)` of a guard class throws for a caller without credentials: passport's
   * `AuthGuard(…)` does (401); a project guard that catches passport's failure (`try { return await
   * super.canActivate(context) } catch { return this.config.get(…) }`) does not. Anything else is taken to throw.
   */
  private superThrows(cls: TS.ClassLikeDeclaration, depth: number): boolean {
    if (depth > 4) return true;
    const [base] = this.basesOf(cls);
    if (base?.kind !== 'class') return true;
    const activate = base.node.members.find((m) => m.name?.getText() === 'canActivate');
    if (!activate) return this.superThrows(base.node, depth + 1);
    const tried = ts.isMethodDeclaration(activate)
      ? activate.body?.statements.find((st): st is TS.TryStatement => ts.isTryStatement(st))
      : undefined;
    const caught = tried?.catchClause?.block.getText() ?? '';
    return !(tried && /super\.canActivate/.test(tried.tryBlock.getText()) && !/\bthrow\b/.test(caught));
  }

  /**
   * `AuthGuard('local')`, `extends AuthGuard(STRATEGY_LOCAL)`: a guard whose strategies all exchange a credential the
   * request itself sends for a session or tokens (a login form, an OAuth redirect, a refresh token read from the
   * body) checks nothing a caller must already hold: it guards nothing (as on the Express side). The strategy name is
   * read through constants, and the project's `PassportStrategy(Strategy, name)` class registered under it tells
   * what it reads; a strategy taking its token from a header or a cookie still guards.
   */
  private exchangesCredential(call: TS.CallExpression): boolean {
    const arg = call.arguments[0] && unwrapExpression(call.arguments[0]);
    if (!arg) return false;
    const items = ts.isArrayLiteralExpression(arg) ? [...arg.elements] : [arg];
    const names = items.map((e) => {
      const v = this.ev.evaluate(e);
      return v?.kind === 'string' && v.path.unresolved === undefined ? v.path.text : undefined;
    });
    if (names.length === 0 || names.some((n) => n === undefined)) return false;
    return (names as string[]).every((name) => {
      const strategy = this.strategies().find((st) => st.name === name);
      if (strategy) return signInStrategyName(strategy.pkg) || strategy.bodyToken;
      return signInStrategyName(name);
    });
  }

  private strategyList: { name: string; pkg: string; bodyToken: boolean }[] | undefined;

  /** The project's passport strategies: `class X extends PassportStrategy(Strategy, 'name')`, by the name they are
   * registered under (the strategy package's own name, such as `jwt` or `local`, when none is given). */
  private strategies(): { name: string; pkg: string; bodyToken: boolean }[] {
    if (this.strategyList) return this.strategyList;
    const out: { name: string; pkg: string; bodyToken: boolean }[] = [];
    for (const mod of this.ev.modules.matching((text) => text.includes('PassportStrategy'))) {
      const visit = (node: TS.Node): void => {
        if (ts.isClassLike(node))
          for (const t of node.heritageClauses?.flatMap((h) => h.types) ?? []) {
            const made = unwrapExpression(t.expression);
            if (!ts.isCallExpression(made) || !/PassportStrategy$/.test(made.expression.getText())) continue;
            const [strategy, named] = made.arguments;
            const pkg = strategy && this.ev.asValue(this.ev.evaluate(strategy));
            if (pkg?.kind !== 'package') continue;
            const given = named && this.ev.evaluate(named);
            const name =
              given?.kind === 'string' && given.path.unresolved === undefined
                ? given.path.text
                : (/^passport-(\w+)/.exec(pkg.name)?.[1] ?? pkg.name);
            out.push({ name, pkg: pkg.name, bodyToken: readsTokenFromBodyOnly(node) });
          }
        ts.forEachChild(node, visit);
      };
      visit(mod.sourceFile);
    }
    this.strategyList = out;
    return out;
  }

  private computeGuard(expr: TS.Expression, at: TS.Node): GuardVerdict | undefined {
    const target = ts.isNewExpression(expr) || ts.isCallExpression(expr) ? unwrapExpression(expr.expression) : expr;
    const text = expr.getText();
    const evidence = evidenceAt(at, text);
    // `AuthGuard('jwt')` from @nestjs/passport rejects without a valid credential.
    if (/^AuthGuard$/.test(target.getText())) {
      if (ts.isCallExpression(expr) && this.exchangesCredential(expr)) return undefined;
      return { state: 'required', evidence, schemes: schemesFromText(text), rejects: 401 };
    }
    // `export const DefaultGuard = AuthGuard(['jwt', 'basic'])`, used as `@UseGuards(DefaultGuard)`.
    const made = ts.isIdentifier(target) ? this.ev.bindingOf(target.text, target) : undefined;
    const initializer =
      made?.access.length === 0 && ts.isVariableDeclaration(made.decl) ? made.decl.initializer : undefined;
    if (
      initializer &&
      ts.isCallExpression(initializer) &&
      unwrapExpression(initializer.expression).getText() === 'AuthGuard'
    ) {
      if (this.exchangesCredential(initializer)) return undefined;
      return { state: 'required', evidence, schemes: schemesFromText(initializer.getText()), rejects: 401 };
    }
    const value = this.ev.asValue(this.ev.evaluate(target));
    if (value?.kind === 'package') {
      const exported = value.path.at(-1) ?? target.getText();
      if (NON_AUTH_LIBRARY_GUARDS[value.name]?.includes(exported)) return undefined;
      const byName = stateFromName(exported);
      if (byName !== undefined && byName !== 'unknown') return { state: byName, evidence };
      return {
        state: 'unknown',
        evidence,
        reason: `guard \`${target.getText()}\` from \`${value.name}\` is not one Specwatch knows`,
      };
    }
    if (value?.kind === 'class') {
      const cls = value.node;
      const heritage = cls.heritageClauses?.map((h) => h.getText()).join(' ') ?? '';
      const members = cls.members.map((m) => m.getText()).join('\n');
      const name = cls.name?.text ?? target.getText();
      const byName = stateFromName(name);
      if (byName === 'optional') return { state: 'optional', evidence, schemes: schemesFromText(heritage + members) };
      const handleRequest = cls.members.find((m) => m.name?.getText() === 'handleRequest');
      if (/AuthGuard\s*\(/.test(heritage)) {
        const base = cls.heritageClauses
          ?.flatMap((h) => h.types.map((t) => unwrapExpression(t.expression)))
          .find((e): e is TS.CallExpression => ts.isCallExpression(e) && /AuthGuard$/.test(e.expression.getText()));
        if (base && this.exchangesCredential(base)) return undefined;
        // A passport guard that overrides handleRequest to return the user or null lets anonymous callers through;
        // one that throws when there is no user (`if (err || !user) throw …`) still rejects them.
        if (handleRequest && !throwsWithoutUser(handleRequest))
          return {
            state: 'optional',
            evidence,
            schemes: schemesFromText(heritage),
            reason: 'handleRequest returns without throwing when there is no user',
          };
        // `if (!request.headers.authorization) return true; return super.canActivate(context)`, or a failed
        // `super.canActivate` caught and answered `true`: passport runs only for callers that send a credential.
        const passportActivate = cls.members.find((m) => m.name?.getText() === 'canActivate');
        if (passportActivate && passesWithoutCredential(passportActivate))
          return {
            state: 'optional',
            evidence,
            schemes: schemesFromText(heritage),
            reason: 'canActivate lets a request without a credential through before passport',
          };
        return { state: 'required', evidence, schemes: schemesFromText(heritage), rejects: 401 };
      }
      const canActivate = cls.members.find((m) => m.name?.getText() === 'canActivate');
      // `class ThrottlerBehindProxyGuard extends ThrottlerGuard { getTracker(…) }`: a rate limiter keyed differently.
      if (!canActivate && this.extendsNonAuthGuard(cls, 0)) return undefined;
      if (canActivate) {
        const body = canActivate.getText();
        // `this.session.isLoggedIn()`, `this.authService.isAuthenticated()`: a request-scoped service asked about the
        // caller reads the credential where this guard cannot see it.
        const asked = asksAboutCaller(canActivate);
        // A gate on the app's own state (a setup wizard already finished, a feature switched off) or a rate limit
        // refuses every caller alike: a canActivate that reads no credential of the request is no auth.
        if (!readsCaller(canActivate, this.extendsNonAuthGuard(cls, 0))) {
          if (!asked) return undefined;
          const status = /throw\b/.test(body)
            ? (thrownStatus(body) ??
              (/\b401\b|UNAUTHORIZED/.test(body) ? 401 : /\b403\b|FORBIDDEN/.test(body) ? 403 : undefined))
            : undefined;
          if (status !== undefined)
            return { state: 'required', evidence, schemes: schemesFromText(body), rejects: status };
          return {
            state: 'unknown',
            evidence,
            reason: `guard \`${name}\` asks \`${asked}\` about the caller without reading the request`,
          };
        }
        // `return request.query.state === request.cookies[`oauth_${provider}_state`]`: the nonce a sign-in flow set
        // in a cookie, compared with the one the provider sends back, is no credential of the caller.
        if (checksFlowNonceOnly(canActivate)) return undefined;
        // `if (!share.creatorId) return true; if (!user) return false`: a guard that lets an anonymous caller through
        // on the state of what it loads (a share without an owner, a file of a share without a password).
        if (anonymousPassage(canActivate, () => this.superThrows(cls, 0)) === 'through')
          return {
            state: 'optional',
            evidence,
            schemes: schemesFromText(body),
            reason: 'canActivate lets a caller without credentials through on the state of what it loads',
          };
        if (
          rejectsUnauthenticated(body) ||
          /return\s+false\b/.test(body) ||
          /throw\b/.test(body) ||
          returnsCredential(canActivate)
        ) {
          const key = metadataGate(body);
          return {
            state: 'required',
            evidence,
            schemes: schemesFromText(body),
            rejects: thrownStatus(body) ?? 403,
            ...(key ? { whenMetadata: key } : {}),
          };
        }
        // A canActivate that can only answer `true` (a logger, a tracer) lets every request through, whatever its name.
        if (!/\breturn\b(?!\s+true\b)/.test(body)) return undefined;
        return byName ? { state: byName, evidence } : undefined;
      }
      if (byName)
        return {
          state: byName === 'unknown' ? 'unknown' : byName,
          evidence,
          ...(byName === 'unknown' ? { reason: `guard \`${name}\` has no canActivate to read` } : {}),
        };
      return undefined;
    }
    const byName = stateFromName(target.getText().split('.').pop() ?? '');
    if (byName === undefined)
      return { state: 'unknown', evidence, reason: `guard \`${target.getText()}\` could not be followed` };
    return {
      state: byName,
      evidence,
      ...(byName === 'unknown' ? { reason: `guard \`${target.getText()}\` could not be followed` } : {}),
    };
  }
}

/**
 * Guards of well-known packages that never read a credential: rate limiters answering 429 to any caller over a limit.
 * Any other package's guard is unknown with its name, never guessed.
 */
const NON_AUTH_LIBRARY_GUARDS: Record<string, readonly string[]> = {
  '@nestjs/throttler': ['ThrottlerGuard'],
  'nestjs-rate-limiter': ['RateLimiterGuard'],
};

/**
 * What of a request says who the caller is: a guard reading one of these reads a credential (`request.query.secret`
 * of a webhook, `request.body.signature` count as much as `request.user`).
 */
const CALLER_PROPERTIES =
  /^(?:user|session|cookies|signedCookies|headers|header|get|isAuthenticated|auth|authInfo|handshake|token|principal|identity|account|apiKey|key|secret|signature|password|hmac)$/i;

/** Names of an injected service or its method that ask about the caller (`this.session.isLoggedIn()`). */
const CALLER_SERVICE =
  /auth|session|login|logged|signed|user|account|token|jwt|credential|permission|role|acl|identity|principal|current/i;

/**
 * Whether a `canActivate` reads who the caller is from its ExecutionContext: a credential-looking read anywhere, a
 * property of the request that carries the caller (`request.user`, `request.headers`), or the context or request
 * handed whole to another function (a service or a GraphQL/WebSocket adapter may read anything from it). Only a
 * guard that touches the handler's metadata or the request's address, method or path reads nothing of the caller.
 * `superIsNonAuth`: `super.canActivate(context)` is a rate limiter's, which reads no credential either.
 */
function readsCaller(method: TS.ClassElement, superIsNonAuth: boolean): boolean {
  if (!ts.isMethodDeclaration(method) || !method.body) return true;
  const param = method.parameters[0];
  if (!param) return false;
  if (!ts.isIdentifier(param.name)) return true;
  // A credential read anywhere but in the name of an injected service's method (`this.request.headers.authorization`,
  // `this.jwt.verify(token)` still count; `this.session.isLoggedIn()` is a question asked of a service, read apart).
  if (readsCredentials(method.body.getText().replace(/\bthis\.[\w$.]+(?=\s*\()/g, ''))) return true;
  // The context and every name made from it (`const request = context.switchToHttp().getRequest()`).
  const tainted = new Set([param.name.text, 'arguments']);
  const mentions = (node: TS.Node): boolean => {
    let hit = false;
    const visit = (n: TS.Node): void => {
      if (hit) return;
      // `context.getHandler()`, `context.getClass()`: the route's metadata, not the request.
      if (
        ts.isCallExpression(n) &&
        ts.isPropertyAccessExpression(n.expression) &&
        /^(?:getHandler|getClass|getType)$/.test(n.expression.name.text)
      )
        return;
      if (ts.isIdentifier(n) && tainted.has(n.text)) hit = true;
      else ts.forEachChild(n, visit);
    };
    visit(node);
    return hit;
  };
  let reads = false;
  const visit = (node: TS.Node): void => {
    if (reads) return;
    // `const provider = request.params.provider`: a plain value of the request (a path parameter) is no credential,
    // and handing it to a function hands over nothing of the caller.
    if (
      ts.isVariableDeclaration(node) &&
      node.initializer &&
      ts.isIdentifier(node.name) &&
      plainRequestValue(unwrapExpression(node.initializer), mentions)
    ) {
      ts.forEachChild(node, visit);
      return;
    }
    if (ts.isVariableDeclaration(node) && node.initializer && mentions(node.initializer)) {
      // `const request = …getRequest()`; `const [req] = context.getArgs()`; `const { user } = …getRequest()` reads.
      const names = node.name
        .getText()
        .split(/[^\w$]+/)
        .filter(Boolean);
      for (const n of names) tainted.add(n);
      if (!ts.isIdentifier(node.name) && names.some((n) => CALLER_PROPERTIES.test(n))) reads = true;
    }
    if (ts.isPropertyAccessExpression(node) && CALLER_PROPERTIES.test(node.name.text) && mentions(node.expression))
      reads = true;
    if (ts.isElementAccessExpression(node) && mentions(node.expression)) reads = true;
    if (ts.isCallExpression(node) && node.arguments.some((a) => ts.isIdentifier(unwrapExpression(a)) && mentions(a))) {
      const callee = node.expression.getText();
      if (!(superIsNonAuth && callee === 'super.canActivate')) reads = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(method.body);
  return reads;
}

/**
 * A `canActivate` whose only reads of the request's cookies and headers are of a sign-in flow's nonce (a cookie named
 * for its `state`, `nonce` or `csrf` value), and that reads no user, session or authorization of the caller.
 */
function checksFlowNonceOnly(method: TS.ClassElement): boolean {
  if (!ts.isMethodDeclaration(method) || !method.body) return false;
  const text = method.body.getText();
  if (/\.(?:user|session|authorization)\b|authorization|bearer|jwt|isAuthenticated/i.test(text)) return false;
  const reads = [...text.matchAll(/\.(?:cookies|signedCookies|headers)\s*(?:\[\s*([^\]]+)\]|\.(\w+))/g)];
  return reads.length > 0 && reads.every((m) => /state|nonce|csrf|xsrf/i.test(m[1] ?? m[2] ?? ''));
}

/**
 * A property read off the request through properties that carry no credential (`request.params.provider`,
 * `req.query.page`): a chain of plain property names from a name `mentions` holds, none of them a caller property.
 */
function plainRequestValue(e: TS.Expression, mentions: (node: TS.Node) => boolean): boolean {
  if (!ts.isPropertyAccessExpression(e)) return false;
  let x: TS.Expression = e;
  while (ts.isPropertyAccessExpression(x)) {
    if (CALLER_PROPERTIES.test(x.name.text)) return false;
    x = unwrapExpression(x.expression);
  }
  return ts.isIdentifier(x) && mentions(x);
}

/** The first call on an injected service that asks about the caller (`this.authService.isAuthenticated()`). */
function asksAboutCaller(method: TS.ClassElement): string | undefined {
  let asked: string | undefined;
  const visit = (node: TS.Node): void => {
    if (asked) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const callee = node.expression.getText();
      if (/^this\.[\w$.]+$/.test(callee) && CALLER_SERVICE.test(callee.slice(5))) asked = `${callee}()`;
    }
    ts.forEachChild(node, visit);
  };
  visit(method);
  return asked;
}

/**
 * A `canActivate` that returns whether the caller is signed in (`return request.isAuthenticated()`, passport
 * sessions; `return !!request.session.userId`): Nest answers 403 when it is false, so the guard rejects anonymous
 * callers without a `throw` or a `return false` of its own.
 */
function returnsCredential(method: TS.ClassElement): boolean {
  let found = false;
  const visit = (node: TS.Node): void => {
    if (found) return;
    if (ts.isReturnStatement(node) && node.expression) {
      const text = node.expression.getText();
      if (/\.isAuthenticated\(\s*\)/.test(text) || readsCredentials(credentialReadingText(text, 'js'))) found = true;
      if (/\b(?:req|request)\.(?:user|session)\b/.test(text)) found = true;
    }
    // Callbacks inside (`.then((ok) => …)`) return to their caller, not to Nest.
    if (!ts.isFunctionLike(node) || node === method) ts.forEachChild(node, visit);
  };
  visit(method);
  return found;
}

/**
 * The metadata key a `canActivate` acts on when it lets routes without it through:
 * `const roles = this.reflector.get('roles', …); if (!roles) return true;` gives `roles`, matched against the names
 * of the decorators written on a route (`@Roles(...)`). A constant key (`ROLES_KEY`) is read by its name.
 */
function metadataGate(body: string): string | undefined {
  const read = /(?:const|let)\s+(\w+)\s*=\s*this\.\w+\.get\w*\s*(?:<[^(]*>)?\s*\(\s*(['"`]?)(\w+)\2/.exec(body);
  // `const { roles = [] } = this.reflector.getAllAndOverride<…>(REQUIRED_ROLES_KEY, …) ?? {}`, then
  // `if (required.length === 0 …) { return true; }` on what was read before anything refuses.
  const destructured =
    /(?:const|let)\s+\{[^}]*\}\s*=\s*this\.\w+\.get\w*\s*(?:<[\s\S]*?>\s*)?\(\s*(['"`]?)(\w+)\1/.exec(body);
  if (!read && destructured) {
    const after = body.slice(destructured.index);
    const gate = /if\s*\([^)]*\.length\s*===\s*0[^)]*\)\s*\{?\s*return\s+true\b/.exec(after);
    const refusal = /return\s+false\b|throw\b/.exec(after);
    if (gate === null || (refusal !== null && refusal.index < gate.index)) return undefined;
    return keyName(destructured[2] as string);
  }
  if (!read) return undefined;
  const [, variable, , key] = read as unknown as [string, string, string, string];
  const gate = new RegExp(`if\\s*\\(\\s*!\\s*${variable}\\b[^)]*\\)\\s*\\{?\\s*return\\s+true\\b`);
  if (!gate.test(body)) return undefined;
  return keyName(key);
}

/** A metadata key as the decorator that sets it is named: `REQUIRED_ROLES_KEY` → `requiredroles`. */
function keyName(key: string): string {
  return key
    .replace(/_?key$/i, '')
    .replace(/_/g, '')
    .toLowerCase();
}

/** Nest's exceptions a guard throws, by the status it answers. */
const GUARD_EXCEPTIONS: Record<string, number> = { UnauthorizedException: 401, ForbiddenException: 403 };

/** The status of the first Nest exception a guard body throws (`throw new UnauthorizedException()`). */
function thrownStatus(body: string): number | undefined {
  const thrown = /throw\s+new\s+(\w+)/.exec(body);
  return thrown ? GUARD_EXCEPTIONS[thrown[1] as string] : undefined;
}

/**
 * Whether an overridden passport `handleRequest(err, user, info)` throws when passport found no user: a `throw` not
 * under a condition, or under one that reads the user or the info argument. A throw that only rethrows `err` (a
 * strategy failure, not a missing token: passport gives `user === false` and no error then) does not count.
 */
function throwsWithoutUser(method: TS.ClassElement): boolean {
  if (!ts.isMethodDeclaration(method) || !method.body) return /throw\b/.test(method.getText());
  const watched = method.parameters.slice(1).flatMap((p) => (ts.isIdentifier(p.name) ? [p.name.text] : []));
  const mentions = (expr: TS.Expression) => watched.some((n) => new RegExp(`\\b${n}\\b`).test(expr.getText()));
  let throws = false;
  const visit = (node: TS.Node): void => {
    if (throws || (ts.isFunctionLike(node) && node !== method)) return;
    if (ts.isThrowStatement(node)) {
      const conditions: TS.Expression[] = [];
      for (let n: TS.Node = node; n !== method.body; n = n.parent)
        if (ts.isIfStatement(n.parent)) conditions.push(n.parent.expression);
      if (conditions.length === 0 || conditions.some(mentions)) throws = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(method.body);
  return throws;
}

/**
 * A passport guard's `canActivate` that answers `true` without passport when the request carries no credential
 * (`if (!request.headers.authorization) return true`), or when passport fails (`catch { return true }`). A `return
 * true` under a metadata check (`if (isPublic) return true`) is a public marker, read elsewhere.
 */
function passesWithoutCredential(method: TS.ClassElement): boolean {
  if (!ts.isMethodDeclaration(method) || !method.body || !/super\.canActivate/.test(method.body.getText()))
    return false;
  // Names holding a credential read (`const authHeader = req.headers['authorization']`).
  const held = new Set<string>();
  const collect = (node: TS.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      if (readsCredentials(node.initializer.getText())) held.add(node.name.text);
    }
    ts.forEachChild(node, collect);
  };
  collect(method.body);
  // The condition tests that the credential is absent: `!token`, `token === undefined`.
  const absent = (condition: string) =>
    /^!/.test(condition.trim()) || /[!=]==?\s*(?:undefined|null|''|"")/.test(condition);
  const credential = (condition: string) =>
    readsCredentials(condition) || [...held].some((n) => new RegExp(`\\b${n}\\b`).test(condition));
  let passes = false;
  const visit = (node: TS.Node): void => {
    if (passes || (ts.isFunctionLike(node) && node !== method)) return;
    if (ts.isReturnStatement(node) && node.expression?.kind === ts.SyntaxKind.TrueKeyword) {
      for (let n: TS.Node = node; n !== method.body; n = n.parent) {
        if (ts.isCatchClause(n.parent)) passes = true;
        if (ts.isIfStatement(n.parent) && n === n.parent.thenStatement) {
          const condition = n.parent.expression.getText();
          if (credential(condition) && absent(condition) && !/reflector|metadata|public/i.test(condition))
            passes = true;
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(method.body);
  return passes;
}
