import type { AuthEvidence, OperationAuth } from '../../../model/index.js';
import {
  combineGuards,
  type GuardVerdict,
  refusesForCredential,
  rejectsUnauthenticated,
  rolesFromArgs,
  SIGN_IN_HANDLER,
  schemesFromText,
  stateFromName,
} from '../auth/auth-signals.js';
import { dottedName, type Expr, renderExpr } from '../tree-sitter/expr.js';
import { libraryUserDependency } from './fastapi-users.js';
import { judgePrologue } from './handler-prologue.js';
import type { PyAlternative, PyClass, PyDecorator, PyFunction, PyModule } from './python-module.js';
import type { PythonProject } from './python-project.js';

type Call = Extract<Expr, { k: 'call' }>;

/** FastAPI's security classes: they reject a request without the credential unless built with `auto_error=False`. */
const FASTAPI_SECURITY =
  /^(OAuth2PasswordBearer|OAuth2AuthorizationCodeBearer|OAuth2|OpenIdConnect|HTTPBearer|HTTPBasic|HTTPDigest|APIKeyHeader|APIKeyQuery|APIKeyCookie)$/;
/** Flask extensions' guards and the option that makes them optional. */
const FLASK_GUARDS =
  /^(login_required|jwt_required|fresh_jwt_required|roles_required|roles_accepted|auth_required|permission_required|token_required|http_auth_required|admin_required|verify_jwt_in_request)$/;

const MAX_FOLLOW = 4;

function schemeOfSecurityClass(ctor: string): string[] {
  if (/OAuth2|OpenIdConnect/.test(ctor)) return ['oauth2'];
  if (/Bearer/.test(ctor)) return ['bearer'];
  if (/Basic|Digest/.test(ctor)) return ['basic'];
  if (/APIKey/.test(ctor)) return ['apiKey'];
  return [];
}

function isFalse(e: Expr | undefined): boolean {
  return e !== undefined && ((e.k === 'bool' && !e.v) || (e.k === 'name' && e.id === 'False'));
}

function isTrue(e: Expr | undefined): boolean {
  return e !== undefined && ((e.k === 'bool' && e.v) || (e.k === 'name' && e.id === 'True'));
}

function calleeName(call: Call): string {
  return call.fn.k === 'attr' ? call.fn.name : call.fn.k === 'name' ? call.fn.id : '';
}

/**
 * Auth of Python routes: FastAPI dependencies (`Depends`/`Security` on the handler, its decorator, its router and app,
 * `Annotated` aliases) followed to a security class or a `raise HTTPException(401/403)`; Flask decorators
 * (`login_required`, `jwt_required(optional=True)`, project decorators that `abort(401)`) and `before_request` hooks.
 */
export class PythonAuth {
  private readonly memo = new Map<string, GuardVerdict | null>();

  constructor(
    private readonly project: PythonProject,
    /** A line of a source file, as written (1-based), when the caller can give it. */
    private readonly lineOf: (file: string, line: number) => string | undefined = () => undefined,
  ) {}

  /**
   * Whether a raise answers the absence of one of the function's parameters: the `if` just above it tests that
   * parameter for `None` or emptiness (`if header is None:` then `raise HTTPException(status_code=400, …)`).
   */
  private raisesWhenAbsent(mod: PyModule, fn: PyFunction, raiseLine: number): boolean {
    let above: string | undefined;
    for (let line = raiseLine - 1; line > fn.line && above === undefined; line--) {
      const text = this.lineOf(mod.path, line)?.trim();
      if (text !== undefined && text !== '' && !text.startsWith('#')) above = text;
    }
    const tested = /^if\s+(?:not\s+(\w+)|(\w+)\s+is\s+None|(\w+)\s*==\s*None)\s*:$/.exec(above ?? '');
    const name = tested?.[1] ?? tested?.[2] ?? tested?.[3];
    return name !== undefined && fn.params.some((p) => p.name === name);
  }

  private evidence(mod: PyModule, line: number, what: string): AuthEvidence {
    return { file: mod.path, line, what: what.slice(0, 120) };
  }

  /** Dependencies a FastAPI handler declares in its signature (`user: CurrentUser`, `u = Depends(get_user)`). */
  handlerDependencies(mod: PyModule, fn: PyFunction): { mod: PyModule; expr: Expr; optional: boolean }[] {
    const out: { mod: PyModule; expr: Expr; optional: boolean }[] = [];
    for (const param of fn.params) {
      if (param.rest) continue;
      const optional = param.default?.k === 'none';
      const dependency = param.default === undefined ? undefined : this.dependencyDefault(mod, param.default);
      if (dependency !== undefined) out.push({ ...dependency, optional });
      const ann = param.annotation;
      if (ann)
        for (const dep of this.annotatedDependencies(mod, ann, 0))
          out.push({ ...dep, optional: optional || dep.optional });
    }
    return out;
  }

  /** `Annotated[User, Depends(f)]`, directly or through an alias, possibly inside `Optional[...]`. */
  private annotatedDependencies(
    mod: PyModule,
    ann: Expr,
    depth: number,
  ): { mod: PyModule; expr: Expr; optional: boolean }[] {
    if (depth > 4) return [];
    if (ann.k === 'sub') {
      const head = dottedName(ann.value)?.split('.').pop();
      if (head === 'Annotated') {
        return ann.args
          .slice(1)
          .filter((a): a is Call => a.k === 'call' && /^(Depends|Security)$/.test(calleeName(a)))
          .map((expr) => ({ mod, expr, optional: false }));
      }
      if (head === 'Optional')
        return ann.args
          .flatMap((a) => this.annotatedDependencies(mod, a, depth + 1))
          .map((d) => ({ ...d, optional: true }));
      return [];
    }
    if (ann.k === 'union') {
      const optional = ann.items.some((i) => i.k === 'none' || (i.k === 'name' && i.id === 'None'));
      return ann.items
        .flatMap((i) => this.annotatedDependencies(mod, i, depth + 1))
        .map((d) => ({ ...d, optional: d.optional || optional }));
    }
    if (ann.k === 'name') {
      const alias = this.project.assignedExpr(mod, ann.id);
      if (alias) return this.annotatedDependencies(alias.mod, alias.expr, depth + 1);
    }
    return [];
  }

  /**
   * A parameter default that declares a dependency: `Depends(x)` as written, a name bound to one at module level
   * (`user=user_auth` with `user_auth = Depends(check_auth)`), or a choice between one and `None` made by a settings
   * flag (`Depends(check_auth) if settings.require_auth else None`), which {@link classifyDependency} decides.
   */
  private dependencyDefault(mod: PyModule, e: Expr, depth = 0): { mod: PyModule; expr: Expr } | undefined {
    if (depth > 4) return undefined;
    if (e.k === 'call') return /^(Depends|Security)$/.test(calleeName(e)) ? { mod, expr: e } : undefined;
    if (e.k === 'cond') {
      const branches = [e.ifTrue, e.ifFalse];
      const declares = branches.some((b) => this.dependencyDefault(mod, b, depth + 1) !== undefined);
      const others = branches.every((b) => b.k === 'none' || this.dependencyDefault(mod, b, depth + 1) !== undefined);
      return declares && others ? { mod, expr: e } : undefined;
    }
    if (e.k === 'name') {
      const assigned = this.project.assignedExpr(mod, e.id);
      return assigned === undefined ? undefined : this.dependencyDefault(assigned.mod, assigned.expr, depth + 1);
    }
    if (e.k === 'attr') {
      const owner = this.project.evaluate(mod, e.obj);
      const assigned = owner.k === 'module' ? this.project.assignedExpr(owner.mod, e.name) : undefined;
      return assigned === undefined ? undefined : this.dependencyDefault(assigned.mod, assigned.expr, depth + 1);
    }
    return undefined;
  }

  /**
   * A dependency (or a list of them) that a settings flag picks at import time (`[Depends(check_auth)] if
   * settings.require_auth else []`): the verdict of the branch the committed configuration takes, a `none` one naming
   * the flag when that branch holds no guard; when the configuration does not decide and the branches differ,
   * `unknown` with the reason.
   */
  private chosenDependency(
    mod: PyModule,
    e: Extract<Expr, { k: 'cond' }>,
    line: number,
    depth: number,
  ): GuardVerdict | undefined {
    const test = this.project.config.truth(mod, e.test);
    const flag = renderExpr(e.test);
    if (!('unknown' in test)) {
      const branch = test.holds ? e.ifTrue : e.ifFalse;
      const as = `${flag} is ${test.holds ? 'true' : 'false'} as committed${test.from.length ? ` (${test.from.join(', ')})` : ''}`;
      return (
        this.branchVerdict(mod, branch, line, depth) ?? {
          state: 'none',
          evidence: this.evidence(mod, line, `no guard: ${as}`),
          reason: `the guard is switched off: ${as}`,
        }
      );
    }
    const whenTrue = this.branchVerdict(mod, e.ifTrue, line, depth);
    const whenFalse = this.branchVerdict(mod, e.ifFalse, line, depth);
    if ((whenTrue?.state ?? 'none') === (whenFalse?.state ?? 'none')) return whenTrue ?? whenFalse;
    return {
      state: 'unknown',
      evidence: this.evidence(mod, line, `guard chosen by ${flag}`),
      reason: `the guard depends on ${flag}, which the committed configuration does not decide: ${test.unknown}`,
    };
  }

  /** The verdict of one branch of a choice: a dependency, a list of them (the strictest counts), or none. */
  private branchVerdict(mod: PyModule, branch: Expr, line: number, depth: number): GuardVerdict | undefined {
    if (branch.k === 'none') return undefined;
    const items = branch.k === 'list' ? branch.items : [branch];
    const verdicts = items.flatMap((item) => this.classifyDependency(mod, item, line, depth + 1) ?? []);
    const rank = { required: 3, unknown: 2, optional: 1, none: 0 } as const;
    return verdicts.sort((a, b) => rank[b.state] - rank[a.state])[0];
  }

  /** `dependencies=[Depends(a), Security(b)]` of a decorator, router or app. */
  dependencyList(mod: PyModule, list: Expr | undefined): { mod: PyModule; expr: Expr; optional: boolean }[] {
    if (list === undefined) return [];
    // `dependencies=auth_dependencies`, a list (or a flag's choice of one) bound at module level.
    if (list.k === 'name') {
      const assigned = this.project.assignedExpr(mod, list.id);
      if (assigned !== undefined && (assigned.expr.k === 'list' || assigned.expr.k === 'cond'))
        return this.dependencyList(assigned.mod, assigned.expr);
    }
    const items = list.k === 'list' ? list.items : [list];
    return items.map((expr) => ({ mod, expr, optional: false }));
  }

  /** What one `Depends(x)`/`Security(x)` does to a request without credentials; undefined when it is not auth. */
  classifyDependency(mod: PyModule, expr: Expr, line: number, depth = 0): GuardVerdict | undefined {
    if (expr.k === 'cond') return depth > MAX_FOLLOW + 2 ? undefined : this.chosenDependency(mod, expr, line, depth);
    const target =
      expr.k === 'call' && /^(Depends|Security)$/.test(calleeName(expr)) ? (expr.args[0] ?? expr.kw.dependency) : expr;
    if (target === undefined) return undefined;
    const scopes =
      expr.k === 'call' && expr.kw.scopes?.k === 'list'
        ? expr.kw.scopes.items.filter((i): i is { k: 'str'; v: string } => i.k === 'str').map((i) => i.v)
        : [];
    // With arguments: `authorizer(required=False)` is another dependency than `authorizer()`.
    const key = `${mod.path}:${renderExpr(target, true)}`;
    if (this.memo.has(key)) return this.memo.get(key) ?? undefined;
    this.memo.set(key, null);
    const verdict = this.computeDependency(mod, target, line, depth);
    const out = verdict && scopes.length > 0 ? { ...verdict, scopes } : verdict;
    this.memo.set(key, out ?? null);
    return out;
  }

  private computeDependency(mod: PyModule, target: Expr, line: number, depth: number): GuardVerdict | undefined {
    const text = renderExpr(target);
    const evidence = this.evidence(mod, line, `Depends(${text})`);
    const defined = target.k === 'name' ? this.definedByConfiguration(mod, target.id, evidence, depth) : undefined;
    if (defined !== undefined) return defined;
    const value = this.project.evaluate(mod, target);
    const user = libraryUserDependency(this.project, value);
    if (user !== undefined)
      return {
        state: user.optional ? 'optional' : 'required',
        evidence,
        ...(user.optional ? { reason: 'optional=True' } : { rejects: 401 }),
        ...(user.superuser ? { roles: ['superuser'] } : {}),
      };
    // `RWAPIKeyHeader(name=…, auto_error=False)`: a project subclass of a security class rejects as its base does;
    // so does an instance made once and named (`token_listener = JWTBearer()`, then `Depends(token_listener)`).
    const made = target.k === 'call' ? target : value.k === 'instance' ? value.made?.call : undefined;
    if (value.k === 'instance' && made !== undefined) {
      const base = this.securityBaseOf(value.mod, value.cls);
      if (base !== undefined) {
        const optional = isFalse(made.kw.auto_error);
        return { state: optional ? 'optional' : 'required', evidence, schemes: schemeOfSecurityClass(base) };
      }
      // `Depends(PermissionsDependency(["admin"]))`: an instance of a project class is called per request.
      const call = value.cls.functions?.get('__call__');
      if (call && depth < MAX_FOLLOW) {
        const v = this.fromFunction(value.mod, call, evidence, depth);
        if (v) return v;
      }
    }
    if (value.k === 'object') {
      const ctor = calleeName(value.call);
      if (FASTAPI_SECURITY.test(ctor)) {
        const optional = isFalse(value.call.kw.auto_error);
        return { state: optional ? 'optional' : 'required', evidence, schemes: schemeOfSecurityClass(ctor) };
      }
      // A callable class instance (`RoleChecker(["admin"])`): its `__call__` decides.
      const cls = this.project.evaluate(value.mod, value.call.fn);
      if (cls.k === 'class') {
        const call = cls.cls.functions?.get('__call__');
        if (call) return this.fromFunction(cls.mod, call, evidence, depth);
      }
    }
    if (value.k === 'func' && depth < MAX_FOLLOW) {
      const v = this.fromFunction(value.mod, value.fn, evidence, depth);
      if (v) return v;
    }
    // `Depends(AuthenticationRequired)`: a class is built per request, so its `__init__` is the dependency.
    if (value.k === 'class' && depth < MAX_FOLLOW) {
      const init = value.cls.functions?.get('__init__');
      if (init) {
        const v = this.fromFunction(value.mod, init, evidence, depth);
        if (v) return v;
      }
    }
    const byName = stateFromName(text.split('.').pop() ?? text);
    if (byName === undefined || byName === 'unknown') return undefined;
    return { state: byName, evidence, schemes: schemesFromText(text) };
  }

  /**
   * A dependency defined differently under module-level `if`s (`if settings.auth.enabled: def authenticated(request):
   * … raise HTTPException(401)` / `else: def authenticated() -> bool: return True`): `none` naming the tests when the
   * definition the committed configuration picks guards nothing while another would; `unknown` with the reason when
   * the configuration does not decide and the definitions differ. Undefined otherwise: the picked definition is then
   * judged as any dependency is.
   */
  private definedByConfiguration(
    mod: PyModule,
    name: string,
    evidence: AuthEvidence,
    depth: number,
  ): GuardVerdict | undefined {
    const defs = this.project.definitionsOf(mod, name);
    if (defs === undefined || depth >= MAX_FOLLOW) return undefined;
    const { alternatives, picked, undecided, from } = defs.chosen;
    // A definition is a function written there, or one assigned there (`authenticated = _check`).
    const verdictOf = (alt: PyAlternative) => {
      const v = alt.value;
      const value = v.k === 'func' ? { mod: defs.mod, fn: v.fn } : undefined;
      const assigned = v.k === 'assign' ? this.project.evaluate(defs.mod, v.e) : undefined;
      const fn = value ?? (assigned?.k === 'func' ? { mod: assigned.mod, fn: assigned.fn } : undefined);
      return fn === undefined ? undefined : this.fromFunction(fn.mod, fn.fn, evidence, depth + 1);
    };
    const tests = (alt: PyAlternative) =>
      alt.when
        .map((g) => {
          const text = renderExpr(g.test);
          if (g.holds) return text;
          return g.test.k === 'logic' || g.test.k === 'cmp' ? `not (${text})` : `not ${text}`;
        })
        .join(' and ');
    if (undecided !== undefined) {
      const states = new Set(alternatives.map((alt) => verdictOf(alt)?.state ?? 'none'));
      if (states.size <= 1) return undefined;
      return {
        state: 'unknown',
        evidence,
        reason: `${name} is defined under ${alternatives.map(tests).join(' / ')}, which the committed configuration does not decide (${undecided})`,
      };
    }
    if (picked === undefined || verdictOf(picked) !== undefined) return undefined;
    if (!alternatives.some((alt) => alt !== picked && verdictOf(alt) !== undefined)) return undefined;
    const as = `${tests(picked)} as committed${from?.length ? ` (${from.join(', ')})` : ''}`;
    return {
      state: 'none',
      evidence: { ...evidence, what: `${evidence.what}: no guard under ${as}`.slice(0, 120) },
      reason: `the guard is switched off: ${name} is defined without one under ${as}`,
    };
  }

  /** The FastAPI security class a project class derives from (`class RWAPIKeyHeader(APIKeyHeader)`), if any. */
  private securityBaseOf(mod: PyModule, cls: PyClass): string | undefined {
    const lastName = (dotted: string) => dotted.split('.').pop() ?? '';
    const base = this.project.externalBase(mod, cls, (dotted) => FASTAPI_SECURITY.test(lastName(dotted)));
    return base === undefined ? undefined : lastName(base);
  }

  /** A dependency function: raising 401/403 makes it required; otherwise its own dependencies decide. */
  private fromFunction(mod: PyModule, fn: PyFunction, evidence: AuthEvidence, depth: number): GuardVerdict | undefined {
    const raises = (fn.raises ?? [])
      .map((r) => `${renderExpr(r.e, true)} ${this.exceptionStatus(mod, r.e)}`)
      .join('\n');
    const inner: GuardVerdict[] = [];
    for (const dep of this.handlerDependencies(mod, fn)) {
      const v = this.classifyDependency(dep.mod, dep.expr, fn.line, depth + 1);
      if (v) inner.push(dep.optional && v.state === 'required' ? { ...v, state: 'optional' } : v);
    }
    const fromDeps = inner.length > 0 ? combineGuards(inner) : undefined;
    if (rejectsUnauthenticated(raises)) {
      // A check that rejects only when a credential it was given optionally is bad still lets anonymous callers in.
      // One that calls nothing but the exception it raises checks only that the credential is there
      // (`if not token: raise AuthenticationRequiredException()`): required.
      const raised = new Set((fn.raises ?? []).map((r) => (r.e.k === 'call' ? renderExpr(r.e.fn) : renderExpr(r.e))));
      const checks = (fn.callees ?? []).some((c) => !raised.has(renderExpr(c)));
      // One that also raises, with any status, when the optional credential is absent (`if header is None: raise
      // HTTPException(status_code=400)`) lets no anonymous caller in.
      const refusesAbsent = (fn.raises ?? []).some((r) => this.raisesWhenAbsent(mod, fn, r.line));
      if (fromDeps?.state === 'optional' && checks && !refusesAbsent)
        return { state: 'optional', evidence, ...(fromDeps.schemes ? { schemes: fromDeps.schemes } : {}) };
      return { state: 'required', evidence, schemes: fromDeps?.schemes ?? schemesFromText(raises) };
    }
    if (fromDeps && fromDeps.state !== 'none')
      return { state: fromDeps.state, evidence, ...(fromDeps.schemes ? { schemes: fromDeps.schemes } : {}) };
    // Follow the helpers it calls (`check_token(token)` that raises 401).
    if (depth < MAX_FOLLOW) {
      for (const callee of fn.callees ?? []) {
        // `try: return get_current_user(…) except HTTPException: return None` makes the user optional, not required.
        if (fn.caught?.includes(renderExpr(callee))) continue;
        const value = this.project.evaluate(mod, callee);
        if (value.k !== 'func' || value.fn === fn) continue;
        const v = this.fromFunction(value.mod, value.fn, evidence, depth + 1);
        if (v?.state === 'required') return v;
      }
    }
    return undefined;
  }

  /**
   * The status a raised project exception class declares (`class AuthenticationRequiredException(CustomException):
   * code = status.HTTP_401_UNAUTHORIZED`), its own or a base's, as text; empty when none is found.
   */
  private exceptionStatus(mod: PyModule, raised: Expr, depth = 0): string {
    const value = this.project.evaluate(mod, raised.k === 'call' ? raised.fn : raised);
    if (value.k !== 'class') return '';
    const own = value.cls.fields.find((f) => /^(?:code|status_?code|status)$/.test(f.name) && f.default);
    if (own?.default) return renderExpr(own.default);
    if (depth >= MAX_FOLLOW) return '';
    for (const base of value.cls.bases) {
      const found = this.exceptionStatus(value.mod, base, depth + 1);
      if (found) return found;
    }
    return '';
  }

  /** FastAPI: the auth of a route from the dependencies of its app, routers, decorator and signature. */
  fastapiRouteAuth(
    chain: readonly { mod: PyModule; expr: Expr; optional: boolean; line: number }[],
    handler: { mod: PyModule; fn: PyFunction } | undefined,
    /** Guards the route carries itself (a library router's own dependencies). */
    own: readonly GuardVerdict[] = [],
  ): OperationAuth {
    const verdicts: GuardVerdict[] = [...own];
    const all = [...chain];
    if (handler)
      for (const dep of this.handlerDependencies(handler.mod, handler.fn)) all.push({ ...dep, line: handler.fn.line });
    for (const dep of all) {
      const v = this.classifyDependency(dep.mod, dep.expr, dep.line);
      if (v)
        verdicts.push(
          dep.optional && v.state === 'required'
            ? { ...v, state: 'optional', reason: 'the dependency defaults to None' }
            : v,
        );
    }
    const prologue = handler === undefined ? undefined : this.handlerPrologue(handler.mod, handler.fn);
    if (prologue) verdicts.push(prologue);
    return combineGuards(verdicts);
  }

  /**
   * A handler that reads a credential from a cookie or a header itself and raises 401/403 (`refresh_token =
   * request.cookies.get(…)`; `if not refresh_token: raise UnauthorizedException(…)`). Credentials sent in the body
   * (a login form) are not this: those endpoints exchange a credential and stay `none`.
   */
  private handlerPrologue(mod: PyModule, fn: PyFunction): GuardVerdict | undefined {
    const reads = (fn.callees ?? [])
      .map((c) => renderExpr(c))
      .find((c) => /^(request|req)\.(cookies|headers)\.get$/.test(c));
    if (reads === undefined) return undefined;
    const raise = (fn.raises ?? []).find((r) => rejectsUnauthenticated(renderExpr(r.e, true)));
    if (raise === undefined) return undefined;
    return {
      state: 'required',
      evidence: this.evidence(mod, raise.line, renderExpr(raise.e, true)),
      schemes: schemesFromText(reads),
    };
  }

  /** Flask: the auth of a route from its decorators and the `before_request` hooks of its blueprint and app. */
  flaskRouteAuth(
    mod: PyModule,
    fn: PyFunction | undefined,
    hooks: readonly { mod: PyModule; fn: PyFunction }[],
    /** Decorators a project decorator factory applies under its route registration: guards of the route too. */
    factoryDecorators?: { mod: PyModule; decorators: readonly PyDecorator[] },
  ): OperationAuth {
    const verdicts: GuardVerdict[] = [];
    for (const hook of hooks) {
      const v = this.fromFlaskFunction(
        hook.mod,
        hook.fn,
        this.evidence(hook.mod, hook.fn.line, `before_request ${hook.fn.name}`),
        0,
      );
      if (v) verdicts.push(v);
      // `@bp.before_request` over `@auth.login_required` (flask-httpauth): the guard wraps the hook, so it runs
      // before every route of the blueprint even though the hook's body checks nothing itself.
      else verdicts.push(...this.flaskDecoratorVerdicts(hook.mod, hook.fn.decorators));
    }
    if (fn !== undefined) verdicts.push(...this.flaskDecoratorVerdicts(mod, fn.decorators));
    const prologue = fn === undefined ? undefined : this.flaskHandlerPrologue(mod, fn);
    if (prologue) verdicts.push(prologue);
    if (factoryDecorators !== undefined)
      verdicts.push(...this.flaskDecoratorVerdicts(factoryDecorators.mod, factoryDecorators.decorators));
    return combineGuards(verdicts);
  }

  /**
   * A Flask view that checks credentials in its own first statements: `auth = request.authorization; if not auth:
   * return Response(status=401)`, a Bearer header compared with a secret, `if not current_user.is_authenticated:
   * abort(401)`, a session user, each answered 401/403 (or 404, hiding the route) — through a project helper one call
   * deep too (`return authenticate()`, `check_token()` called first thing).
   */
  private flaskHandlerPrologue(mod: PyModule, fn: PyFunction): GuardVerdict | undefined {
    // A sign-in view checks the credential it exchanges (`def login(): auth = request.authorization …`): no guard.
    if (SIGN_IN_HANDLER.test(fn.name)) return undefined;
    return this.prologueVerdict(mod, fn);
  }

  /** The verdict of a Flask function's own first statements for a request without credentials. */
  private prologueVerdict(mod: PyModule, fn: PyFunction, evidenceAs?: AuthEvidence): GuardVerdict | undefined {
    return this.prologueOutcome(mod, fn, evidenceAs)?.verdict;
  }

  private prologueOutcome(
    mod: PyModule,
    fn: PyFunction,
    evidenceAs?: AuthEvidence,
  ): { verdict: GuardVerdict; switchedOff: boolean } | undefined {
    const steps = fn.prologue;
    if (steps === undefined) return undefined;
    const out = judgePrologue(steps, {
      exceptionStatus: (raised) => this.exceptionStatus(mod, raised),
      helper: (call) => {
        if (call.k !== 'call') return undefined;
        const value = this.project.evaluate(mod, call.fn);
        if (value.k !== 'func' || value.fn === fn) return undefined;
        return {
          steps: value.fn.prologue ?? [],
          params: value.fn.params.map((p) => p.name),
          ...(value.fn.returnValue ? { returns: value.fn.returnValue } : {}),
        };
      },
      config: (e) => this.project.configRead(mod, e),
    });
    if (out === undefined) return undefined;
    const evidence = evidenceAs ?? this.evidence(mod, out.line || fn.line, `${fn.name}: ${out.what}`);
    const verdict: GuardVerdict =
      out.state === 'required'
        ? { state: 'required', evidence, schemes: out.schemes }
        : { state: 'optional', evidence, schemes: out.schemes, reason: out.what };
    return { verdict, switchedOff: out.switchedOff !== undefined };
  }

  /** Verdicts of a Flask function's decorators other than its route/hook registration. */
  private flaskDecoratorVerdicts(mod: PyModule, decorators: readonly PyDecorator[]): GuardVerdict[] {
    const verdicts: GuardVerdict[] = [];
    for (const d of decorators) {
      const e = d.expr;
      const call = e.k === 'call' ? e : undefined;
      const head = call ? call.fn : e;
      const name = dottedName(head)?.split('.').pop() ?? '';
      if (name === 'route' || name === 'before_request' || /^(get|post|put|patch|delete)$/.test(name)) continue;
      const evidence = this.evidence(mod, d.line, `@${renderExpr(e)}`);
      const value = this.project.evaluate(mod, head);
      // A project decorator named like an extension's guard (`def auth_required(f)`) that the committed settings
      // switch off is read as written, not by its name.
      const off = value.k === 'func' ? this.switchedOffVerdict(value.mod, value.fn, evidence) : undefined;
      if (off) {
        verdicts.push(off);
        continue;
      }
      if (FLASK_GUARDS.test(name)) {
        const optional = isTrue(call?.kw.optional);
        const args = (call?.args ?? []).filter((a): a is { k: 'str'; v: string } => a.k === 'str').map((a) => a.v);
        const roles = rolesFromArgs(name, args);
        verdicts.push({
          state: optional ? 'optional' : 'required',
          evidence,
          schemes: schemesFromText(name),
          ...(roles.length ? { roles } : {}),
        });
        continue;
      }
      if (value.k === 'func') {
        const v = this.fromFlaskFunction(value.mod, value.fn, evidence, 0);
        if (v) {
          verdicts.push(v);
          continue;
        }
      }
      const byName = stateFromName(name);
      if (byName !== undefined)
        verdicts.push({
          state: byName,
          evidence,
          schemes: schemesFromText(name),
          ...(byName === 'unknown' ? { reason: `decorator \`${name}\` could not be followed` } : {}),
        });
    }
    return verdicts;
  }

  /** The verdict of a project guard whose refusal the committed settings switch off, walked body by body. */
  private switchedOffVerdict(mod: PyModule, fn: PyFunction, evidence: AuthEvidence): GuardVerdict | undefined {
    for (const body of [fn, ...(fn.nested ?? [])]) {
      const own = this.prologueOutcome(mod, body, evidence);
      if (own?.switchedOff) return own.verdict;
    }
    return undefined;
  }

  /** A project decorator or hook: `abort(401)`, `raise Unauthorized`, or a wrapped Flask guard. */
  private fromFlaskFunction(
    mod: PyModule,
    fn: PyFunction,
    evidence: AuthEvidence,
    depth: number,
  ): GuardVerdict | undefined {
    const effects = (fn.effects ?? []).map((e) => renderExpr(e.e, true)).join('\n');
    const raises = (fn.raises ?? []).map((r) => renderExpr(r.e, true)).join('\n');
    const callees = (fn.callees ?? []).map((c) => renderExpr(c, true)).join('\n');
    const text = `${effects}\n${raises}\n${callees}`;
    // A refusal the committed settings switch off is in the text too; the walk that reads those settings decides.
    const off = this.switchedOffVerdict(mod, fn, evidence);
    if (off) return off;
    if (refusesForCredential(text) || /verify_jwt_in_request\((?!.*optional\s*=\s*[Tt]rue)/.test(text))
      return { state: 'required', evidence, schemes: schemesFromText(text) };
    // Its own first statements, or its wrapper's (`def wrapped_view(**kwargs): if g.user is None: return
    // redirect(url_for("auth.login"))`), walked without credentials as a view's are.
    for (const body of [fn, ...(fn.nested ?? [])]) {
      const own = this.prologueVerdict(mod, body, evidence);
      if (own?.state === 'required') return own;
    }
    // `verify_jwt_in_request(optional=True)` (flask-jwt-extended): reads a token when one is sent, lets the rest in.
    let optional: GuardVerdict | undefined = /verify_jwt_in_request\(.*optional\s*=\s*[Tt]rue/.test(text)
      ? { state: 'optional', evidence, schemes: ['bearer'], reason: 'verify_jwt_in_request(optional=True)' }
      : undefined;
    if (depth < MAX_FOLLOW) {
      for (const callee of fn.callees ?? []) {
        const value = this.project.evaluate(mod, callee);
        if (value.k !== 'func' || value.fn === fn) continue;
        const v = this.fromFlaskFunction(value.mod, value.fn, evidence, depth + 1);
        if (v?.state === 'required') return v;
        optional ??= v?.state === 'optional' ? v : undefined;
      }
    }
    return optional;
  }
}
