import type * as TS from 'typescript';
import { type AuthEvidence, HTTP_METHODS, type OperationAuth, weakerAuthState } from '../../../model/index.js';
import {
  AUTHISH_NAME,
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
import { anonymousPath } from './anonymous-path.js';
import type { Evaluator } from './evaluator.js';
import { lineOf, localInitializer, propertyNameText, unwrapExpression } from './parse-js.js';
import { ts } from './typescript.js';

/** Library guards and what they do by default; `optionalWhen` names the option that lets anonymous callers in. */
const LIBRARY_GUARDS: { pkg: RegExp; member?: RegExp; schemes: string[]; optionalWhen?: RegExp }[] = [
  { pkg: /^passport$/, member: /^authenticate$/, schemes: [] },
  { pkg: /^express-jwt$/, schemes: ['bearer'], optionalWhen: /credentialsRequired\s*:\s*false/ },
  { pkg: /^koa-jwt$/, schemes: ['bearer'], optionalWhen: /passthrough\s*:\s*true/ },
  { pkg: /^express-oauth2-jwt-bearer$/, schemes: ['bearer'], optionalWhen: /authRequired\s*:\s*false/ },
  { pkg: /^express-openid-connect$/, member: /^requiresAuth$/, schemes: ['oauth2'] },
  { pkg: /^express-basic-auth$/, schemes: ['basic'] },
  { pkg: /^hono\/(jwt|bearer-auth)$/, schemes: ['bearer'] },
  { pkg: /^hono\/basic-auth$/, schemes: ['basic'] },
  { pkg: /^@clerk\/|^@auth0\/|^@supabase\/|^connect-ensure-login$/, schemes: [] },
];

const MAX_FOLLOW = 3;

/** A @fastify/jwt check on the request itself. */
const JWT_VERIFY = /\b(?:req|request)\.jwtVerify\(/;

/** Passport strategy packages that sign a user in (a redirect flow or a login form), and ones that check a
 * credential sent with each request. */
const SIGN_IN_STRATEGY =
  /oauth|openid|oidc|saml|facebook|github|google|twitter|linkedin|microsoft|azure|discord|twitch|steam|tumblr|apple|auth0|okta|passport-cas|passport-local/i;
/** Passport and its framework ports, whose `authenticate` runs a strategy. */
const PASSPORT = /^(?:passport|koa-passport|@fastify\/passport)$/;
const CREDENTIAL_STRATEGY = /jwt|bearer|passport-http\b|headerapikey|api-?key|passport-custom|anonymous/i;

/** A passport strategy name that signs a user in (`local`, `google`) rather than checking a credential each request. */
export function signInStrategyName(name: string): boolean {
  return name.toLowerCase() === 'local' || (SIGN_IN_STRATEGY.test(name) && !CREDENTIAL_STRATEGY.test(name));
}

/**
 * Whether a passport-jwt strategy takes the token from the request body alone
 * (`jwtFromRequest: ExtractJwt.fromBodyField('refreshToken')`, or an extractor of the same file returning
 * `req.body.refreshToken`): the route exchanges a token its caller sends as input (a refresh) rather than checking one
 * the caller carries in a header or a cookie.
 */
export function readsTokenFromBodyOnly(strategy: TS.Node): boolean {
  let option: TS.Expression | undefined;
  const find = (node: TS.Node): void => {
    if (option) return;
    if (ts.isPropertyAssignment(node) && propertyNameText(node.name) === 'jwtFromRequest') option = node.initializer;
    else ts.forEachChild(node, find);
  };
  find(strategy);
  if (!option) return false;
  const sf = option.getSourceFile();
  const texts = [option.getText()];
  // `ExtractJwt.fromExtractors([extractRefreshToken])`: the extractor functions it names, as written in the file.
  const named = (n: TS.Node): void => {
    if (ts.isIdentifier(n))
      for (const st of sf.statements)
        if (ts.isFunctionDeclaration(st) && st.name?.text === n.text) texts.push(st.getText());
    ts.forEachChild(n, named);
  };
  named(option);
  const text = texts.join('\n');
  return /fromBodyField\s*\(|\.body\b/.test(text) && !/header|cookie|query|AuthHeader/i.test(text);
}

/** Paths a guard lets through before it checks anything: `if (request.url.startsWith('/api/auth/login')) return`. */
function exemptPrefixes(body: TS.Node): string[] {
  const out: string[] = [];
  const statements = ts.isBlock(body) ? body.statements : [];
  for (const statement of statements.slice(0, 4)) {
    if (!ts.isIfStatement(statement)) continue;
    const then = statement.thenStatement;
    const returns =
      ts.isReturnStatement(then) ||
      (ts.isBlock(then) && then.statements.length === 1 && ts.isReturnStatement(then.statements[0]!));
    if (!returns) continue;
    const visit = (node: TS.Node): void => {
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        /^(startsWith|includes)$/.test(node.expression.name.text) &&
        /\b(url|path|originalUrl|routerPath|routeOptions\.url)\b/.test(node.expression.expression.getText())
      ) {
        const arg = node.arguments[0];
        if (arg && ts.isStringLiteralLike(arg)) out.push(arg.text);
      }
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken) {
        const [a, b] = [node.left, node.right];
        if (ts.isStringLiteralLike(b) && /\b(url|path)\b/.test(a.getText())) out.push(b.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(statement.expression);
  }
  return out;
}

/** The methods a request method test names: `c.req.method !== 'GET'`, `['POST', 'PUT'].includes(req.method)`;
 * `negated` when the test holds for every other method. */
function methodTest(cond: TS.Expression): { methods: string[]; negated: boolean } | undefined {
  const e = unwrapExpression(cond);
  const isMethod = (x: TS.Expression) => /\.method$/.test(unwrapExpression(x).getText());
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
    const inner = methodTest(e.operand);
    return inner && { ...inner, negated: !inner.negated };
  }
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    const negated = op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
    if (!negated && op !== ts.SyntaxKind.EqualsEqualsEqualsToken && op !== ts.SyntaxKind.EqualsEqualsToken)
      return undefined;
    const [a, b] = [unwrapExpression(e.left), unwrapExpression(e.right)];
    if (isMethod(a) && ts.isStringLiteralLike(b)) return { methods: [b.text.toUpperCase()], negated };
    if (isMethod(b) && ts.isStringLiteralLike(a)) return { methods: [a.text.toUpperCase()], negated };
    return undefined;
  }
  if (
    ts.isCallExpression(e) &&
    ts.isPropertyAccessExpression(e.expression) &&
    e.expression.name.text === 'includes' &&
    e.arguments[0] &&
    isMethod(e.arguments[0])
  ) {
    const list = unwrapExpression(e.expression.expression);
    if (ts.isArrayLiteralExpression(list) && list.elements.every(ts.isStringLiteralLike))
      return { methods: list.elements.map((el) => (el as TS.StringLiteral).text.toUpperCase()), negated: false };
  }
  return undefined;
}

/** Methods a guard call inside `body` never runs for, because an `if` on the request method keeps it out. */
function methodsKeptOut(node: TS.Node, body: TS.Node): string[] {
  const out = new Set<string>();
  for (let child = node, parent = node.parent; parent && child !== body; child = parent, parent = parent.parent) {
    if (!ts.isIfStatement(parent) || child === parent.expression) continue;
    const test = methodTest(parent.expression);
    if (!test) continue;
    // In the else branch the guard runs where the test fails.
    const runsWhenNamed = test.negated === (child === parent.elseStatement);
    for (const m of HTTP_METHODS) if (test.methods.includes(m) !== runsWhenNamed) out.add(m);
  }
  return [...out];
}

/** A string or regular expression literal as the pattern express-unless tests a URL with; undefined otherwise. */
function unlessPattern(e: TS.Expression): RegExp | undefined {
  const u = unwrapExpression(e);
  if (ts.isStringLiteralLike(u)) return new RegExp(`^${u.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/?$`);
  if (u.kind === ts.SyntaxKind.RegularExpressionLiteral) {
    const m = /^\/(.*)\/([a-z]*)$/s.exec(u.getText());
    try {
      return m ? new RegExp(m[1] as string, (m[2] as string).replace(/[gy]/g, '')) : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * The paths an express-unless `unless({ path: [...] })` lets through: strings (the whole path), regular expressions,
 * `{ url, methods }` objects. Undefined when any of it cannot be read (a variable from elsewhere, a `custom` function),
 * since then no route can be said to be guarded.
 */
function unlessExemptions(options: TS.Expression | undefined): GuardVerdict['exemptPaths'] | undefined {
  const resolve = (e: TS.Expression): TS.Expression => {
    const u = unwrapExpression(e);
    return ts.isIdentifier(u) ? (localInitializer(u) ?? u) : u;
  };
  const opts = options && resolve(options);
  if (!opts || !ts.isObjectLiteralExpression(opts)) return undefined;
  const out: NonNullable<GuardVerdict['exemptPaths']> = [];
  for (const prop of opts.properties) {
    const key = prop.name?.getText().replace(/['"]/g, '');
    if (key === 'useOriginalUrl') continue;
    if (key !== 'path' || !ts.isPropertyAssignment(prop)) return undefined;
    const value = resolve(prop.initializer);
    for (const item of ts.isArrayLiteralExpression(value) ? value.elements : [value]) {
      const entry = resolve(item);
      if (ts.isObjectLiteralExpression(entry)) {
        const field = (name: string) =>
          entry.properties.find(
            (p): p is TS.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === name,
          )?.initializer;
        const url = field('url');
        const pattern = url && unlessPattern(url);
        const methodList = field('methods') ?? field('method');
        const methods =
          methodList === undefined
            ? undefined
            : (ts.isArrayLiteralExpression(methodList) ? [...methodList.elements] : [methodList]).map((m) =>
                ts.isStringLiteralLike(m) ? m.text.toUpperCase() : '',
              );
        if (!pattern || methods?.includes('')) return undefined;
        out.push(methods ? { pattern, methods } : { pattern });
        continue;
      }
      const pattern = unlessPattern(entry);
      if (!pattern) return undefined;
      out.push({ pattern });
    }
  }
  return out;
}

/** A passport strategy the project registers: its name, package, and whether it reads its token from the body alone. */
interface PassportStrategy {
  name: string | undefined;
  pkg: string;
  bodyToken: boolean;
}

/** The signed-in caller as Express, Koa, Hono and Fastify handlers read it (passport, express-jwt, koa-jwt, hono/jwt). */
const PRINCIPAL_READ =
  /\b(?:req|request)\.(?:user|auth|session\.user(?:Id)?)\b|\bctx\.state\.(?:user|auth)\b|\bc\.get\(\s*['"](?:user|jwtPayload|session)['"]\s*\)/;

/** Reads the guards on the way to a JS/TS route (middleware, hooks, handler prologue) into an {@link OperationAuth}. */
export class JsAuthAnalysis {
  private readonly memo = new Map<TS.Node, GuardVerdict | null>();

  constructor(private readonly ev: Evaluator) {}

  /** The auth of a route from its guard chain (outermost first) and its handler. */
  routeAuth(
    chain: readonly TS.Expression[],
    handler: TS.Expression | undefined,
    fullPath = '',
    method?: string,
  ): OperationAuth {
    const verdicts: GuardVerdict[] = [];
    for (const expr of chain) {
      const v = this.classify(expr, 0);
      if (!v || (v.exempt ?? []).some((prefix) => fullPath.startsWith(prefix))) continue;
      if (method !== undefined && v.exemptMethods?.includes(method)) continue;
      const letThrough = v.exemptPaths?.some(
        (x) =>
          x.pattern.test(fullPath) && (x.methods === undefined || (method !== undefined && x.methods.includes(method))),
      );
      if (letThrough) continue;
      verdicts.push(v);
    }
    if (handler && !verdicts.some((v) => v.state === 'required')) {
      const prologue = this.handlerPrologue(handler);
      if (prologue) verdicts.push(prologue);
    }
    const auth = combineGuards(verdicts);
    const principal = handler === undefined ? undefined : this.principalRead(handler);
    return principal === undefined ? auth : { ...auth, principal };
  }

  /** The body of the function a handler expression evaluates to, when it is in the checkout. */
  private handlerBody(handler: TS.Expression): TS.ConciseBody | undefined {
    const value = this.ev.asValue(this.ev.evaluate(handler));
    const fn = value?.kind === 'function' ? value.node : undefined;
    return fn && 'body' in fn ? fn.body : undefined;
  }

  /** Where the handler's own body reads the signed-in caller; `null` when it never does; undefined when unread. */
  private principalRead(handler: TS.Expression): AuthEvidence | null | undefined {
    const body = this.handlerBody(handler);
    if (!body) return undefined;
    const found = PRINCIPAL_READ.exec(body.getText());
    if (found === null) return null;
    const sf = body.getSourceFile();
    const line = sf.getLineAndCharacterOfPosition(body.getStart(sf) + found.index).line + 1;
    return { file: sf.fileName, line, what: found[0] };
  }

  /** What one middleware expression does about credentials; undefined when it is not an auth guard. */
  classify(expression: TS.Expression, depth: number): GuardVerdict | undefined {
    const expr = unwrapExpression(expression);
    if (this.memo.has(expr)) return this.memo.get(expr) ?? undefined;
    this.memo.set(expr, null);
    const verdict = this.compute(expr, depth);
    this.memo.set(expr, verdict ?? null);
    return verdict;
  }

  private evidence(expr: TS.Node, what = expr.getText()): AuthEvidence {
    return { file: expr.getSourceFile().fileName, line: lineOf(expr), what: what.replace(/\s+/g, ' ').slice(0, 120) };
  }

  /** A list of middleware guards as strongly as its strongest member, with the list as evidence. */
  private listVerdict(inner: GuardVerdict[], expr: TS.Node): GuardVerdict | undefined {
    if (inner.length === 0) return undefined;
    const combined = combineGuards(inner);
    return {
      state: combined.state,
      evidence: this.evidence(expr),
      ...(combined.schemes ? { schemes: combined.schemes } : {}),
    };
  }

  private compute(expr: TS.Expression, depth: number): GuardVerdict | undefined {
    // `export const validateLogin = [body('email').isEmail(), …]` used as `router.post('/login', validateLogin, h)`:
    // a list of middleware held by a name is judged by what it holds, never by the name.
    if ((ts.isIdentifier(expr) || ts.isPropertyAccessExpression(expr)) && depth < MAX_FOLLOW) {
      const held = this.ev.asValue(this.ev.evaluate(expr));
      if (held?.kind === 'array' && held.elements.length > 0 && held.elements.every((e) => e.pos >= 0)) {
        const inner = held.elements
          .filter((e) => !ts.isSpreadElement(e) && !ts.isOmittedExpression(e))
          .map((e) => this.classify(e, depth + 1))
          .filter((v): v is GuardVerdict => !!v);
        return this.listVerdict(inner, expr);
      }
    }
    if (ts.isArrayLiteralExpression(expr)) {
      const inner = expr.elements.map((e) => this.classify(e, depth)).filter((v): v is GuardVerdict => !!v);
      return this.listVerdict(inner, expr);
    }
    const callee = ts.isCallExpression(expr) ? unwrapExpression(expr.expression) : undefined;
    // `app.all('/api/*', require('./authenticator'))`: the middleware is the module's export, read where it is written.
    if (callee && ts.isIdentifier(callee) && callee.text === 'require' && depth < MAX_FOLLOW) {
      const value = this.ev.asValue(this.ev.evaluate(expr));
      if (value?.kind === 'function') return this.fromBody(value.node, expr, depth + 1);
      // `module.exports = authenticate` with `const authenticate = jwt({ secret })`: the guard the module builds.
      const exported = this.exportedWhole(expr);
      const built = exported && ts.isCallExpression(exported) ? exported : undefined;
      const inner = built && this.classify(built, depth + 1);
      return inner ? { ...inner, evidence: this.evidence(expr, `${expr.getText()} = ${built.getText()}`) } : undefined;
    }
    const named = callee ?? expr;
    const name = ts.isPropertyAccessExpression(named) ? named.getText() : ts.isIdentifier(named) ? named.text : '';
    // `const requireJwt = expressjwt({…})`: the guard is what the variable holds.
    if (ts.isIdentifier(expr) && depth < MAX_FOLLOW) {
      const init = localInitializer(expr);
      if (init && ts.isCallExpression(unwrapExpression(init))) {
        const inner = this.classify(init, depth + 1);
        if (inner) return { ...inner, evidence: this.evidence(expr, `${expr.text} = ${init.getText()}`) };
        // `const loginLimiter = rateLimit({…})`: the middleware of a package that says nothing about auth guards
        // nothing, whatever the variable holding it is called.
        if (this.nonAuthPackageCall(unwrapExpression(init) as TS.CallExpression)) return undefined;
      }
    }
    // `jwt({ secret }).unless({ path: [/^\/swagger-/] })` (express-unless, offered by koa-jwt and express-jwt): the
    // guard it is called on, except for the paths listed.
    if (ts.isCallExpression(expr) && callee && ts.isPropertyAccessExpression(callee) && callee.name.text === 'unless') {
      const guard = this.classify(callee.expression, depth);
      if (!guard) return undefined;
      const exemptPaths = unlessExemptions(expr.arguments[0]);
      if (exemptPaths === undefined)
        return {
          state: 'unknown',
          evidence: this.evidence(expr),
          reason: 'the paths `unless()` lets through could not be read',
        };
      return { ...guard, evidence: this.evidence(expr), exemptPaths };
    }
    // `fastify.auth([fastify.verifyJWT, fastify.verifyApiKey], { relation: 'and' })` (@fastify/auth): with `and`
    // every function runs, so one that requires credentials guards the route; with the default `or` the first that
    // passes lets the request in, so the weakest decides, and one that cannot be read leaves it unknown.
    if (
      ts.isCallExpression(expr) &&
      callee &&
      ts.isPropertyAccessExpression(callee) &&
      callee.name.text === 'auth' &&
      expr.arguments[0] &&
      ts.isArrayLiteralExpression(unwrapExpression(expr.arguments[0]))
    ) {
      const list = unwrapExpression(expr.arguments[0]) as TS.ArrayLiteralExpression;
      const verdicts = list.elements.map((el) => this.classify(el, depth + 1));
      const and = /relation\s*:\s*['"`]and['"`]/.test(expr.arguments[1]?.getText() ?? '');
      const known = verdicts.filter((v): v is GuardVerdict => v !== undefined);
      const evidence = this.evidence(expr);
      if (and && (known.some((v) => v.state === 'required') || known.length === verdicts.length) && known.length > 0)
        return { ...combineGuards(known), evidence };
      if (!and && known.length === verdicts.length && known.length > 0) {
        const weakest = known.reduce((a, b) => (weakerAuthState(a.state, b.state) === b.state ? b : a));
        return { ...weakest, evidence };
      }
      return { state: 'unknown', evidence, reason: 'a function of this `auth([...])` list could not be followed' };
    }
    // A library guard, by the package it is imported from.
    const lib = this.libraryGuard(named, expr);
    // `createMiddleware(async (c, next) => …)` (hono/factory), `asyncHandler(async (req, res, next) => …)`: a package
    // that wraps a function the project writes; the function decides.
    if (lib === null && ts.isCallExpression(expr) && depth < MAX_FOLLOW) {
      const wrapped = expr.arguments
        .map((a) => unwrapExpression(a))
        .find(
          (a): a is TS.ArrowFunction | TS.FunctionExpression => ts.isArrowFunction(a) || ts.isFunctionExpression(a),
        );
      if (wrapped) return this.fromBody(wrapped, expr, depth + 1);
      // `asyncHandler(auth.jwt)`: the same wrapper around a guard the project made elsewhere; that guard decides.
      for (const arg of expr.arguments) {
        if (this.ev.asValue(this.ev.evaluate(arg))?.kind !== 'function') continue;
        const inner = this.classify(arg, depth + 1);
        if (inner) return { ...inner, evidence: this.evidence(expr) };
      }
    }
    if (lib !== undefined) return lib ?? undefined;
    // `asyncHandler(auth.jwt)` with the project's own `function asyncHandler(fn) { return function (...args) {
    // … fn(...args) … } }`: a wrapper that calls the function it is given is that function, a guard or not.
    if (ts.isCallExpression(expr) && depth < MAX_FOLLOW) {
      const index = this.wrappedParameter(named);
      const arg = index === undefined ? undefined : expr.arguments[index];
      if (arg) {
        const inner = this.classify(arg, depth + 1);
        return inner ? { ...inner, evidence: this.evidence(expr) } : undefined;
      }
    }
    // A function of the project: what its body does decides.
    if (depth < MAX_FOLLOW) {
      // `app.use(jwt())` with `function jwt() { return expressJwt({…}).unless({…}) }`: the middleware is the guard
      // the factory returns.
      const made = ts.isCallExpression(expr) ? this.returnedGuard(named, depth) : undefined;
      if (made) return { ...made, evidence: this.evidence(expr) };
      const fn = this.functionOf(named, ts.isCallExpression(expr) ? expr : undefined);
      if (fn) {
        const args = this.factoryArgs(expr);
        const fnBody = 'body' in fn ? fn.body : undefined;
        // A sign-in through a project factory (see `fromBody`) is no guard, whatever its name says.
        if (fnBody && this.signsInThrough(fnBody, args)) return undefined;
        const fromBody = this.fromBody(fn, expr, depth, args);
        if (fromBody) return this.withRoles(fromBody, name, expr);
        // `locals.protected` (`res.locals.id = req.params.id; next()`), `auth.featureAccess([env.MAIL_ENABLED])`
        // (a 400 when a feature is off): a body read whole that neither rejects callers nor reads a credential
        // guards nothing, whatever its name or the module it comes from says.
        if (this.readWhole(fn)) return undefined;
      }
      // `auth.required` where `auth` is an object literal of guards.
      if (ts.isPropertyAccessExpression(named)) {
        const owner = this.ev.asValue(this.ev.evaluate(named.expression));
        if (owner?.kind === 'object') {
          const prop = owner.node.properties.find(
            (p) => ts.isPropertyAssignment(p) && p.name.getText().replace(/['"]/g, '') === named.name.text,
          ) as TS.PropertyAssignment | undefined;
          if (prop) {
            const inner = this.classify(prop.initializer, depth + 1);
            const byName = stateFromName(named.name.text);
            if (inner && byName === 'optional') return { ...inner, state: 'optional', evidence: this.evidence(expr) };
            if (inner) return { ...inner, evidence: this.evidence(expr) };
          }
        }
      }
    }
    // `body('reset_password_token').exists().isLength({ min: 36 })` (express-validator): a chain of calls that starts
    // at a package saying nothing about credentials checks input, whatever the field it names.
    const first = firstCall(expr);
    if (first !== undefined && first !== expr && this.nonAuthPackageCall(first)) return undefined;
    // Only the name is left to read.
    if (!name) return undefined;
    const byName = stateFromName(name);
    if (byName === undefined) return undefined;
    const verdict: GuardVerdict = {
      state: byName,
      evidence: this.evidence(expr),
      schemes: schemesFromText(expr.getText()),
    };
    if (byName === 'unknown') verdict.reason = `auth guard \`${name}\` could not be followed to its code`;
    return this.withRoles(verdict, name, expr);
  }

  /** What a required module exports whole (`module.exports = …`), followed through the variable that holds it. */
  private exportedWhole(required: TS.Expression): TS.Expression | undefined {
    const mod = this.ev.evaluate(required);
    const exported = mod?.kind === 'module' ? this.ev.modules.get(mod.file)?.exports.get('default') : undefined;
    if (!exported || !ts.isExpression(exported)) return undefined;
    const e = unwrapExpression(exported);
    return ts.isIdentifier(e) ? unwrapExpression(localInitializer(e) ?? e) : e;
  }

  /**
   * Whether a middleware body is all there is to it: it calls no function that could not be followed (a package's,
   * an unresolved name), beyond `next()`, the request and response objects' own methods, methods of values it
   * computed and functions of the project.
   */
  private readWhole(fn: TS.SignatureDeclaration): boolean {
    const body = 'body' in fn ? fn.body : undefined;
    if (!body) return false;
    const params = new Set(fn.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : '')));
    let whole = true;
    const visit = (node: TS.Node): void => {
      if (!whole) return;
      if (ts.isCallExpression(node)) {
        const callee = unwrapExpression(node.expression);
        // A method of a value computed in the body (`(await query.domain.get(…)).map(…)`, `path.replace(…).split(…)`),
        // of the request or response, or of the language (`parseInt`, `Math.abs`) is no guard anyone could have
        // written; nor is a package that says nothing about credentials (express-validator's `validationResult`).
        const root = namedRoot(callee);
        if (root !== undefined && !params.has(root) && !JS_GLOBALS.test(root)) {
          const value = this.ev.asValue(this.ev.evaluate(callee));
          const quiet =
            value?.kind === 'function' ||
            (value?.kind === 'package' && !AUTHISH_NAME.test(`${value.name} ${value.path.join(' ')}`));
          if (!quiet) whole = false;
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(body);
    return whole;
  }

  /** Whether a call makes middleware from a package whose name and export say nothing about credentials. */
  private nonAuthPackageCall(call: TS.CallExpression): boolean {
    const value = this.ev.asValue(this.ev.evaluate(unwrapExpression(call.expression)));
    return value?.kind === 'package' && !AUTHISH_NAME.test(`${value.name} ${value.path.join(' ')}`);
  }

  private withRoles(verdict: GuardVerdict, name: string, expr: TS.Expression): GuardVerdict {
    if (!ts.isCallExpression(expr)) return verdict;
    const args = expr.arguments.flatMap((a) => {
      const u = unwrapExpression(a);
      if (ts.isStringLiteralLike(u)) return [u.text];
      if (ts.isArrayLiteralExpression(u)) return u.elements.filter(ts.isStringLiteralLike).map((e) => e.text);
      return [];
    });
    const roles = rolesFromArgs(name, args);
    return roles.length > 0 ? { ...verdict, roles } : verdict;
  }

  /** A guard from a package: known guards by their package, others only when their name says they reject
   * (`passport.initialize()`, `session()`, `cors()` set things up; they guard nothing). `null`: a package, no guard. */
  private libraryGuard(named: TS.Expression, expr: TS.Expression): GuardVerdict | null | undefined {
    const value = this.ev.asValue(this.ev.evaluate(named));
    if (value?.kind !== 'package') return undefined;
    if (PASSPORT.test(value.name) && /^(authenticate|authorize)$/.test(value.path.join('.')) && this.signsIn(expr))
      return null;
    const known = this.knownLibraryGuard(value, expr);
    if (known) return known;
    const last = value.path.at(-1) ?? value.name;
    const byName = stateFromName(last);
    if (byName === 'required' || byName === 'optional')
      return { state: byName, evidence: this.evidence(expr), schemes: schemesFromText(expr.getText()) };
    return null;
  }

  /** Passport strategies the project registers (`passport.use([name,] new XStrategy(…))`): name → package, and
   * whether it takes its token from the body alone (see `readsTokenFromBodyOnly`). */
  private strategies: PassportStrategy[] | undefined;

  private passportStrategies(): PassportStrategy[] {
    if (this.strategies) return this.strategies;
    const out: PassportStrategy[] = [];
    for (const mod of this.ev.modules.matching((text) => text.includes('.use('))) {
      const visit = (node: TS.Node): void => {
        if (
          ts.isCallExpression(node) &&
          ts.isPropertyAccessExpression(node.expression) &&
          node.expression.name.text === 'use' &&
          node.arguments.length > 0
        ) {
          // `module.exports = function (passport) { passport.use(…) }`: the passport its one caller hands in.
          const held = this.ev.asValue(this.ev.evaluate(node.expression.expression));
          const receiver = held?.kind === 'param' ? this.ev.argumentOf(held) : held;
          if (receiver?.kind === 'package' && PASSPORT.test(receiver.name)) {
            const [first, second] = node.arguments;
            const named = second !== undefined && first !== undefined && ts.isStringLiteralLike(first);
            const made = this.strategyInstance((named ? second : first) as TS.Expression);
            const ctor = made && this.ev.asValue(this.ev.evaluate(unwrapExpression(made.expression)));
            if (made && ctor?.kind === 'package')
              out.push({
                name: named ? (first as TS.StringLiteral).text : undefined,
                pkg: ctor.name,
                bodyToken: readsTokenFromBodyOnly(made),
              });
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(mod.sourceFile);
    }
    this.strategies = out;
    return out;
  }

  /** A strategy instance: `new GitHubStrategy(…)`, a variable holding one, or a module exporting one
   * (`passport.use(require('./passport/github'))` with `module.exports = new GitHubStrategy(…)`). */
  private strategyInstance(expression: TS.Expression): TS.NewExpression | undefined {
    let e = unwrapExpression(expression);
    if (ts.isIdentifier(e)) e = unwrapExpression(localInitializer(e) ?? e);
    e = this.exportedWhole(e) ?? e;
    return ts.isNewExpression(e) ? e : undefined;
  }

  /**
   * `passport.authenticate('github')` / `passport.authorize('tumblr')` on a strategy that signs a user in (OAuth,
   * OpenID, SAML, a login form): the route starts or finishes a sign-in, exchanging a code or a password for a
   * session; it checks no credential a caller must already hold. Matched by the name the strategy is registered
   * under, or that its package carries (`passport-github2` for 'github'); an app whose strategies are all sign-in
   * ones signs in with any name it passes.
   */
  private signsIn(expr: TS.Expression): boolean {
    if (!ts.isCallExpression(expr)) return false;
    const first = expr.arguments[0] && unwrapExpression(expr.arguments[0]);
    return !!first && ts.isStringLiteralLike(first) && this.signsInWith(first.text);
  }

  /** Whether the passport strategy registered under `strategy` signs a user in (see `signsIn`). */
  private signsInWith(strategy: string): boolean {
    const name = strategy.toLowerCase();
    // passport-local's name: a login form, whatever else is registered.
    if (name === 'local') return true;
    const registered = this.passportStrategies();
    if (registered.length === 0) return false;
    const signIn = (r: PassportStrategy) =>
      (SIGN_IN_STRATEGY.test(r.pkg) && !CREDENTIAL_STRATEGY.test(r.pkg)) || r.bodyToken;
    const match =
      registered.find((r) => r.name?.toLowerCase() === name) ??
      registered.find((r) => r.name === undefined && r.pkg.toLowerCase().includes(name));
    return match ? signIn(match) : registered.every(signIn);
  }

  private knownLibraryGuard(value: { name: string; path: string[] }, expr: TS.Expression): GuardVerdict | undefined {
    const member = value.path.join('.');
    for (const guard of LIBRARY_GUARDS) {
      if (!guard.pkg.test(value.name)) continue;
      if (guard.member && !guard.member.test(member)) continue;
      const text = expr.getText();
      const optional = guard.optionalWhen?.test(text) ?? false;
      const schemes = guard.schemes.length > 0 ? guard.schemes : schemesFromText(text);
      return { state: optional ? 'optional' : 'required', evidence: this.evidence(expr), schemes };
    }
    return undefined;
  }

  /** What a project factory returns when that is a guard built by a call (`return expressJwt({…}).unless({…})`). */
  private returnedGuard(named: TS.Expression, depth: number): GuardVerdict | undefined {
    const value = this.ev.asValue(this.ev.evaluate(named));
    if (value?.kind !== 'function') return undefined;
    const body = 'body' in value.node ? value.node.body : undefined;
    if (!body) return undefined;
    const returned = ts.isBlock(body)
      ? body.statements.filter(ts.isReturnStatement).map((r) => r.expression)
      : [body as TS.Expression];
    if (returned.length !== 1) return undefined;
    const only = returned[0] && unwrapExpression(returned[0]);
    return only && ts.isCallExpression(only) ? this.classify(only, depth + 1) : undefined;
  }

  /**
   * The position of the parameter a project wrapper calls from the function it returns (`function asyncHandler(fn) {
   * return function asyncUtilWrap(...args) { const r = fn(...args); … } }`); undefined for anything else.
   */
  private wrappedParameter(named: TS.Expression): number | undefined {
    const value = this.ev.asValue(this.ev.evaluate(named));
    if (value?.kind !== 'function') return undefined;
    const fn = value.node;
    const params = fn.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ''));
    const body = 'body' in fn ? fn.body : undefined;
    if (!body || params.every((p) => p === '')) return undefined;
    const returned = ts.isBlock(body)
      ? body.statements.filter(ts.isReturnStatement).map((r) => r.expression && unwrapExpression(r.expression))
      : [unwrapExpression(body as TS.Expression)];
    const inner = returned.length === 1 ? returned[0] : undefined;
    if (!inner || !(ts.isArrowFunction(inner) || ts.isFunctionExpression(inner))) return undefined;
    let index: number | undefined;
    const visit = (node: TS.Node): void => {
      if (index !== undefined) return;
      if (ts.isCallExpression(node)) {
        const callee = unwrapExpression(node.expression);
        const at = ts.isIdentifier(callee) ? params.indexOf(callee.text) : -1;
        if (at >= 0) index = at;
      }
      if (!ts.isFunctionLike(node) || node === inner) ts.forEachChild(node, visit);
    };
    visit(inner);
    return index;
  }

  /** The function an expression names or a factory call returns. */
  private functionOf(named: TS.Expression, call: TS.CallExpression | undefined): TS.SignatureDeclaration | undefined {
    const value = this.ev.asValue(this.ev.evaluate(named));
    if (value?.kind !== 'function') return undefined;
    const fn = value.node;
    if (!call) return fn;
    // A factory: the middleware is the function it returns.
    const body = 'body' in fn ? fn.body : undefined;
    if (body && !ts.isBlock(body) && (ts.isArrowFunction(body) || ts.isFunctionExpression(body))) return body;
    let returned: TS.SignatureDeclaration | undefined;
    if (body && ts.isBlock(body)) {
      const visit = (node: TS.Node): void => {
        if (returned) return;
        if (ts.isReturnStatement(node) && node.expression) {
          const r = unwrapExpression(node.expression);
          if (ts.isArrowFunction(r) || ts.isFunctionExpression(r)) returned = r;
        }
        if (!ts.isFunctionLike(node) || node === fn) ts.forEachChild(node, visit);
      };
      ts.forEachChild(body, visit);
    }
    return returned ?? fn;
  }

  /**
   * The factory call a guard was made by (`const jwtLoose = authenticate('jwt', 'Unauthorized', false)`, used as
   * `jwtLoose` or `auth.jwtLoose` from another module), and the literals it gives that factory's parameters (passed,
   * or left to a literal default): `false`, `true`, `null` or a string. A rejection the factory's guard makes only
   * when such a parameter holds (`if (!user && isStrict) return res.status(401)…` with `isStrict` false, `type ===
   * 'oidc'` with `type` 'jwt') never happens for this guard.
   */
  private factoryArgs(expr: TS.Expression): FactoryArgs {
    const off = new Map<string, string | boolean | null>();
    let call: TS.Expression | undefined = ts.isCallExpression(expr) ? expr : undefined;
    if (!call) {
      let binding: { decl: TS.Node; access: string[] } | undefined;
      if (ts.isIdentifier(expr)) binding = this.ev.bindingOf(expr.text, expr);
      else if (ts.isPropertyAccessExpression(expr)) {
        const key = expr.name.text;
        const owner = this.ev.asValue(this.ev.evaluate(expr.expression));
        if (owner?.kind === 'module') binding = this.ev.exportBinding(owner.file, key);
        // `module.exports = { jwt, jwtLoose }` read as an object: the property names the variable.
        const prop =
          owner?.kind === 'object'
            ? owner.node.properties.find((p) => p.name && propertyNameText(p.name) === key)
            : undefined;
        const value = prop && ts.isPropertyAssignment(prop) ? unwrapExpression(prop.initializer) : undefined;
        // `{ jwtLoose: authenticate('jwt') }`: the factory call is the property's value.
        if (value && ts.isCallExpression(value)) call = value;
        const named =
          prop && ts.isShorthandPropertyAssignment(prop)
            ? prop.name
            : value && ts.isIdentifier(value)
              ? value
              : undefined;
        if (named) binding = this.ev.bindingOf(named.text, named);
      }
      if (binding && binding.access.length === 0 && ts.isVariableDeclaration(binding.decl))
        call = binding.decl.initializer && unwrapExpression(binding.decl.initializer);
    }
    if (!call || !ts.isCallExpression(call)) return off;
    const factory = this.ev.asValue(this.ev.evaluate(unwrapExpression(call.expression)));
    if (factory?.kind !== 'function') return off;
    factory.node.parameters.forEach((param, i) => {
      if (!ts.isIdentifier(param.name) || param.dotDotDotToken) return;
      const arg = call.arguments[i] ?? param.initializer;
      const literal = arg === undefined ? undefined : literalOf(unwrapExpression(arg));
      if (literal !== undefined) off.set(param.name.text, literal);
    });
    return off;
  }

  /**
   * A body's text without the branches an anonymous caller never reaches: those a term of whose condition is false
   * under the factory call's literals (`if (!user && isStrict)` with `isStrict` false), and those taken only for a
   * signed-in caller (`if (user && user.banned) throw new CustomError(…, 403)`, with `user` the passport callback's
   * user or `req.user`): a refusal there is no refusal of a caller without credentials.
   */
  private withoutBranchesNeverTaken(body: TS.Node, args: FactoryArgs): string {
    const text = body.getText();
    const start = body.getStart();
    const cuts: [number, number][] = [];
    const users = new Set<string>();
    const signedIn = (term: TS.Expression): boolean => {
      const u = unwrapExpression(term);
      return (ts.isIdentifier(u) && users.has(u.text)) || /^(?:req|request)\.user$/.test(u.getText());
    };
    const visit = (node: TS.Node): void => {
      if (ts.isCallExpression(node) && passportWithCallback(this.ev, node)) {
        const cb = node.arguments.map((a) => unwrapExpression(a)).find((a) => ts.isFunctionLike(a));
        const user = cb && ts.isFunctionLike(cb) ? cb.parameters[1]?.name : undefined;
        if (user && ts.isIdentifier(user)) users.add(user.text);
      }
      if (ts.isIfStatement(node) && terms(node.expression).some((t) => falseUnder(t, args) || signedIn(t))) {
        cuts.push([node.thenStatement.getStart() - start, node.thenStatement.getEnd() - start]);
        if (node.elseStatement) visit(node.elseStatement);
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(body);
    let out = text;
    for (const [from, to] of cuts.reverse()) out = `${out.slice(0, from)}{}${out.slice(to)}`;
    return out;
  }

  /**
   * Whether a body runs `passport.authenticate(type, …)` with a strategy that signs a caller in, its name given by the
   * factory call (`authenticate('local', …)` for `function authenticate(type, …)`).
   */
  private signsInThrough(body: TS.Node, args: FactoryArgs): boolean {
    let found = false;
    const visit = (node: TS.Node): void => {
      if (found) return;
      if (ts.isCallExpression(node) && node.arguments[0] && ts.isIdentifier(unwrapExpression(node.arguments[0]))) {
        const strategy = args.get((unwrapExpression(node.arguments[0]) as TS.Identifier).text);
        const value = this.ev.asValue(this.ev.evaluate(unwrapExpression(node.expression)));
        if (
          typeof strategy === 'string' &&
          value?.kind === 'package' &&
          PASSPORT.test(value.name) &&
          /^(authenticate|authorize)$/.test(value.path.join('.')) &&
          this.signsInWith(strategy)
        )
          found = true;
      }
      ts.forEachChild(node, visit);
    };
    visit(body);
    return found;
  }

  /** A middleware's body: rejecting without credentials is `required`; reading them and going on is `optional`. */
  private fromBody(
    fn: TS.SignatureDeclaration,
    at: TS.Expression,
    depth: number,
    off: FactoryArgs = new Map(),
  ): GuardVerdict | undefined {
    const body = 'body' in fn ? fn.body : undefined;
    if (!body) return undefined;
    // `authenticate('local', …)` or `authenticate('oidc', …)` through a project factory: the route signs a caller in
    // (a failed sign-in answers 401); it checks no credential the caller already holds.
    if (this.signsInThrough(body, off)) return undefined;
    const text = this.withoutBranchesNeverTaken(body, off);
    const schemes = schemesFromText(text);
    // Walked with the credential missing: turned away whatever the status (`res.json({ success: false })`), or let in.
    const anonymous = anonymousPath(fn, off);
    if (anonymous === 'refused') {
      const exempt = exemptPrefixes(body);
      return { state: 'required', evidence: this.evidence(at), schemes, ...(exempt.length > 0 ? { exempt } : {}) };
    }
    // Letting a caller in while reading only the principal an earlier guard left (`res.locals.user = req.user`) is no
    // guard at all; reading a credential itself and letting the caller in without one is an optional one.
    if (anonymous === 'passes' && readsCredentials(credentialReadingText(text, 'js')))
      return {
        state: 'optional',
        evidence: this.evidence(at),
        schemes,
        reason: 'reads credentials and calls next() for a request without one',
      };
    if (refusesForCredential(text)) {
      const exempt = exemptPrefixes(body);
      return { state: 'required', evidence: this.evidence(at), schemes, ...(exempt.length > 0 ? { exempt } : {}) };
    }
    if (turnsAwayAnonymous(body))
      return { state: 'required', evidence: this.evidence(at), schemes: schemes.length > 0 ? schemes : ['session'] };
    // Follow the calls it makes into the project's code (`verifyToken(req)` that throws 401).
    let followed: GuardVerdict | undefined;
    let passportCallback = false;
    const visit = (node: TS.Node): void => {
      if (followed?.state === 'required') return;
      if (ts.isCallExpression(node)) {
        const fnValue = this.ev.asValue(this.ev.evaluate(node.expression));
        const keptOut = methodsKeptOut(node, body);
        const gated = (v: GuardVerdict): GuardVerdict => (keptOut.length > 0 ? { ...v, exemptMethods: keptOut } : v);
        if (fnValue?.kind === 'function' && fnValue.node !== fn) {
          const inner = this.fromBody(fnValue.node, at, depth + 1);
          if (inner && (followed === undefined || inner.state === 'required')) followed = gated(inner);
        } else if (passportWithCallback(this.ev, node)) {
          // The callback ends the request without a user on a path the factory call keeps (`if (err || !user) {
          // res.send({ msg: 'unauthorized' }); return; }`): required, whatever status it answers with.
          const cb = node.arguments.map((a) => unwrapExpression(a)).find((a) => ts.isFunctionLike(a));
          if (cb && callbackStopsWithoutUser(cb as TS.SignatureDeclaration, off)) {
            const lib = this.libraryGuard(unwrapExpression(node.expression), node);
            if (lib) followed = gated({ ...lib, state: 'required', evidence: this.evidence(at) });
          } else passportCallback = true;
        } else {
          const lib = this.libraryGuard(unwrapExpression(node.expression), node);
          if (lib && (followed === undefined || lib.state === 'required'))
            followed = gated({ ...lib, evidence: this.evidence(at) });
        }
      }
      // Callbacks written inline (`new Promise((resolve) => passport.authenticate(…))`) run as part of the guard.
      if (!ts.isFunctionDeclaration(node) && !ts.isMethodDeclaration(node)) ts.forEachChild(node, visit);
    };
    // An arrow whose body is the call itself (`(service) => passport.authenticate(service, …)`) is visited whole.
    if (depth < MAX_FOLLOW) {
      if (ts.isBlock(body)) ts.forEachChild(body, visit);
      else visit(body);
    }
    if (followed) return followed;
    if (
      (passportCallback || readsCredentials(credentialReadingText(text, 'js'))) &&
      /next\s*\(|await\s+next|return\s+next/.test(text)
    )
      return {
        state: 'optional',
        evidence: this.evidence(at),
        schemes,
        reason: 'reads credentials and calls next() without rejecting',
      };
    return undefined;
  }

  /** `if (!req.user) return res.sendStatus(401)` at the start of a handler. */
  private handlerPrologue(handler: TS.Expression): GuardVerdict | undefined {
    const body = this.handlerBody(handler);
    if (!body || !ts.isBlock(body)) return undefined;
    for (const statement of body.statements.slice(0, 4)) {
      // `await request.jwtVerify()` first thing (@fastify/jwt): it throws a 401 without a valid token.
      if (
        (ts.isExpressionStatement(statement) || ts.isVariableStatement(statement)) &&
        JWT_VERIFY.test(statement.getText())
      )
        return {
          state: 'required',
          evidence: this.evidence(statement, `${statement.getText()} → 401 without a valid token`),
          schemes: ['bearer'],
        };
      // `throw new HTTPError({ status: 403, … })` before anything else: every caller is refused, anonymous ones too.
      if (ts.isThrowStatement(statement) && rejectsUnauthenticated(statement.getText()))
        return {
          state: 'required',
          evidence: this.evidence(statement, `${statement.getText()} → 401/403 for every caller`),
          schemes: [],
        };
      const inner = ts.isTryStatement(statement) ? statement.tryBlock.statements[0] : statement;
      if (!inner || !ts.isIfStatement(inner)) continue;
      const cond = inner.expression.getText();
      // The branch a caller without credentials takes: the `then` of `if (!req.user)`, the `else` of
      // `if (session && session.user)`.
      const anonymous =
        /!\s*[\w.]*(user|session|auth|token|principal)|(user|session|auth|token|principal)\w*\s*(===?|==)\s*(null|undefined)/i.test(
          cond,
        )
          ? inner.thenStatement
          : signedInTest(inner.expression)
            ? inner.elseStatement
            : undefined;
      if (anonymous && rejectsUnauthenticated(anonymous.getText()))
        return {
          state: 'required',
          evidence: this.evidence(inner, `if (${cond}) → 401/403 in the handler`),
          schemes: schemesFromText(cond),
        };
    }
    return this.sessionReadThrough(body);
  }

  /**
   * `const session = await connectSession({ req, res })` in a handler that goes on without one: a project helper given
   * the request reads a credential from its headers or cookies, so the handler reads the caller's credential when it
   * is sent and serves the request without it (optional), as a Next.js handler reading the session through a helper.
   */
  private sessionReadThrough(body: TS.Block): GuardVerdict | undefined {
    for (const statement of body.statements.slice(0, 6)) {
      const calls: TS.CallExpression[] = [];
      const collect = (node: TS.Node): void => {
        if (ts.isCallExpression(node)) calls.push(node);
        if (!ts.isFunctionLike(node)) ts.forEachChild(node, collect);
      };
      collect(ts.isTryStatement(statement) ? statement.tryBlock : statement);
      for (const call of calls) {
        if (!call.arguments.some((a) => /\breq(?:uest)?\b/.test(a.getText()))) continue;
        const fn = this.ev.asValue(this.ev.evaluate(unwrapExpression(call.expression)));
        const fnBody = fn?.kind === 'function' && 'body' in fn.node ? fn.node.body : undefined;
        const text = fnBody?.getText() ?? '';
        if (
          REQUEST_CREDENTIAL_READ.test(text) &&
          CREDENTIAL_CHECK.test(text) &&
          readsCredentials(credentialReadingText(text, 'js'))
        )
          return {
            state: 'optional',
            evidence: this.evidence(call),
            schemes: schemesFromText(text),
            reason: 'the handler reads the credential through a helper and goes on without it',
          };
      }
    }
    return undefined;
  }
}

/** A read of the request's headers or cookies (`req.headers['session']`, `request.cookies.token`, `req.get('x')`). */
const REQUEST_CREDENTIAL_READ = /\b(?:req|request)\.(?:headers\b|cookies\b|signedCookies\b|get\(|header\()/;

/** A credential verified or decoded (`verifySession(token)`, `jwt.verify(…)`), not only passed on (a `Cookie` header
 * forwarded to another service). */
const CREDENTIAL_CHECK = /\b(?:verify|decode)\w*\s*\(/i;

/**
 * A test that holds only for a signed-in caller, made of truthiness checks of the caller's session or user alone:
 * `session && session?.user`, `req.user`. A comparison (`user.role === 'admin'`) is not one, nor a token the request
 * sends to be exchanged (`if (token)` of `req.query.access_token` at a sign-in).
 */
function signedInTest(cond: TS.Expression): boolean {
  return terms(cond).every((t) => {
    const u = unwrapExpression(t);
    return (ts.isIdentifier(u) || ts.isPropertyAccessExpression(u)) && /(user|session|principal)/i.test(u.getText());
  });
}

/** The innermost call of a chain of calls and accesses (`body('x')` of `body('x').exists().isLength()`). */
function firstCall(e: TS.Expression): TS.CallExpression | undefined {
  let found: TS.CallExpression | undefined;
  let cur = unwrapExpression(e);
  while (ts.isPropertyAccessExpression(cur) || ts.isCallExpression(cur)) {
    if (ts.isCallExpression(cur)) found = cur;
    cur = unwrapExpression(cur.expression);
  }
  return found;
}

/** A test of whether the caller signed in: `req.isAuthenticated()`, `req.user`, `req.session.user`, `req.auth`. */
const SIGNED_IN_TEST = /^(?:req|request)\.(?:isAuthenticated\(\)|user|auth|session\.(?:user\w*|passport))$/;

/** Whether a statement calls `next()` (without an error) anywhere. */
function callsNext(node: TS.Node): boolean {
  return /\bnext\s*\(\s*\)/.test(node.getText());
}

/** Whether a statement answers the request itself: `res.redirect('/login')`, `res.status(…).send(…)`, a `throw`. */
function answers(node: TS.Node): boolean {
  return (
    ts.isThrowStatement(node) || /\bres\.(?:redirect|send|sendStatus|render|json|end|status)\s*\(/.test(node.getText())
  );
}

/**
 * The login-required middleware of session apps: `if (req.isAuthenticated()) return next();` then an answer without
 * `next()` (`res.redirect('/login')`), or `if (!req.user) { res.redirect('/login'); return; }` before `next()`. A
 * caller who has not signed in is turned away, whatever status (often a redirect) the answer has.
 */
function turnsAwayAnonymous(body: TS.Node): boolean {
  if (!ts.isBlock(body)) return false;
  const statements = [...body.statements];
  return statements.some((st, i) => {
    if (!ts.isIfStatement(st)) return false;
    const cond = unwrapExpression(st.expression);
    const negated = ts.isPrefixUnaryExpression(cond) && cond.operator === ts.SyntaxKind.ExclamationToken;
    const tested = negated ? unwrapExpression((cond as TS.PrefixUnaryExpression).operand) : cond;
    if (!SIGNED_IN_TEST.test(tested.getText().replace(/\s+/g, ''))) return false;
    const rest = statements.slice(i + 1);
    if (!negated)
      return (
        callsNext(st.thenStatement) &&
        st.elseStatement === undefined &&
        rest.length > 0 &&
        !rest.some(callsNext) &&
        rest.some(answers)
      );
    return !callsNext(st.thenStatement) && answers(st.thenStatement) && rest.some(callsNext);
  });
}

/** Names of the language's own objects and functions, which guard nothing. */
const JS_GLOBALS =
  /^(?:parseInt|parseFloat|isNaN|isFinite|Number|String|Boolean|Array|Object|JSON|Math|Date|Promise|RegExp|Error|Symbol|BigInt|URL|URLSearchParams|Buffer|console|setTimeout|setImmediate|encodeURIComponent|decodeURIComponent|structuredClone)$/;

/** The first name of a dotted name (`res` of `res.locals.set`); undefined for anything else (`f().map`, `(await x).y`). */
function namedRoot(e: TS.Expression): string | undefined {
  let cur = unwrapExpression(e);
  while (ts.isPropertyAccessExpression(cur)) cur = unwrapExpression(cur.expression);
  return ts.isIdentifier(cur) ? cur.text : undefined;
}

/**
 * `passport.authenticate('jwt', (err, user) => …)`: with a callback of its own passport rejects nothing; the callback
 * decides, and its text is part of the guard's body read already.
 */
function passportWithCallback(ev: Evaluator, call: TS.CallExpression): boolean {
  if (!call.arguments.some((a) => ts.isFunctionLike(unwrapExpression(a)))) return false;
  const value = ev.asValue(ev.evaluate(unwrapExpression(call.expression)));
  return value?.kind === 'package' && PASSPORT.test(value.name) && value.path.join('.') === 'authenticate';
}

/** Literals a factory call gives its parameters, by parameter name (see `factoryArgs`). */
type FactoryArgs = ReadonlyMap<string, string | boolean | null>;

/** A literal argument: a string, `true`, `false` or `null`; undefined for anything else. */
function literalOf(e: TS.Expression): string | boolean | null | undefined {
  if (ts.isStringLiteralLike(e)) return e.text;
  if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (e.kind === ts.SyntaxKind.NullKeyword) return null;
  return undefined;
}

/** The terms of a chain of `&&` (or of another operator). */
function terms(e: TS.Expression, op: TS.SyntaxKind = ts.SyntaxKind.AmpersandAmpersandToken): TS.Expression[] {
  const u = unwrapExpression(e);
  return ts.isBinaryExpression(u) && u.operatorToken.kind === op ? [...terms(u.left, op), ...terms(u.right, op)] : [u];
}

/**
 * Whether one term of a condition is false under the literals the factory call gave its parameters: `isStrict` with
 * `false`, `!redirect` with `'page'`, `type === 'oidc'` with `'jwt'`.
 */
function falseUnder(term: TS.Expression, args: FactoryArgs): boolean {
  const u = unwrapExpression(term);
  if (ts.isIdentifier(u) && args.has(u.text)) return !args.get(u.text);
  if (ts.isPrefixUnaryExpression(u) && u.operator === ts.SyntaxKind.ExclamationToken) {
    const inner = unwrapExpression(u.operand);
    return ts.isIdentifier(inner) && args.has(inner.text) && !!args.get(inner.text);
  }
  if (ts.isBinaryExpression(u)) {
    const op = u.operatorToken.kind;
    const eq = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
    const ne = op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
    if (!eq && !ne) return false;
    const [a, b] = [unwrapExpression(u.left), unwrapExpression(u.right)];
    const [name, other] = ts.isIdentifier(a) && args.has(a.text) ? [a, b] : [b, a];
    if (!ts.isIdentifier(name) || !args.has(name.text)) return false;
    const literal = literalOf(other);
    if (literal === undefined) return false;
    return eq ? args.get(name.text) !== literal : args.get(name.text) === literal;
  }
  return false;
}

/**
 * Whether a passport callback `(err, user) => …` ends the request when no user came back: a branch taken on `!user`
 * (alone or with `||`) that never calls `next()` without an argument. A branch also conditioned on a parameter the
 * factory call switched off (`!user && isStrict` with `isStrict` false) is never taken.
 */
function callbackStopsWithoutUser(cb: TS.SignatureDeclaration, off: FactoryArgs): boolean {
  const userParam = cb.parameters[1]?.name;
  if (!userParam || !ts.isIdentifier(userParam)) return false;
  const user = userParam.text;
  const noUser = (e: TS.Expression): boolean =>
    terms(e, ts.SyntaxKind.BarBarToken).some((t) => {
      const u = unwrapExpression(t);
      return (
        ts.isPrefixUnaryExpression(u) && u.operator === ts.SyntaxKind.ExclamationToken && u.operand.getText() === user
      );
    });
  let stops = false;
  const visit = (node: TS.Node): void => {
    if (stops) return;
    if (ts.isIfStatement(node)) {
      const conj = terms(node.expression, ts.SyntaxKind.AmpersandAmpersandToken);
      const switchedOff = conj.some((c) => falseUnder(c, off));
      if (!switchedOff && conj.some(noUser) && !/\bnext\s*\(\s*\)/.test(node.thenStatement.getText())) {
        stops = true;
        return;
      }
    }
    if (!ts.isFunctionLike(node) || node === cb) ts.forEachChild(node, visit);
  };
  visit(cb);
  return stops;
}
