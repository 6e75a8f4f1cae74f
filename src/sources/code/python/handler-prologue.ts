import { CREDENTIAL_HEADER, schemesFromText } from '../auth/auth-signals.js';
import { dottedName, type Expr, renderExpr } from '../tree-sitter/expr.js';
import type { PyStep, PyTest } from './python-module.js';

/**
 * What a request without credentials meets in the first statements of a Flask handler that checks credentials
 * itself: `auth = request.authorization; if not (auth and check(auth.username, auth.password)): return
 * Response(status=401, …)`. The statements are walked as such a request would run them, every credential read
 * (the `Authorization` header, `request.authorization`, a credential cookie, the session's user, `g.user`,
 * flask-login's `current_user.is_authenticated`) being absent.
 */
export interface PrologueOutcome {
  /** `required`: every way through turns the request away; `optional`: a request credential is tested, and not. */
  state: 'required' | 'optional';
  line: number;
  what: string;
  schemes: string[];
  /** The settings that switch the check off as committed (`SITE_USER` unset in the env template). */
  switchedOff?: string[];
}

/** How a walk reads what it cannot read alone: a status a raised project exception declares, a project helper. */
export interface PrologueContext {
  /** The status a raised project exception class declares (`code = 401`), as text; empty when none. */
  exceptionStatus(raised: Expr): string;
  /** The prologue of the project function a call reaches (a helper answering 401, a guard called first thing). */
  helper(call: Expr): { steps: readonly PyStep[]; returns?: Expr; params?: readonly string[] } | undefined;
  /** Whether a configuration read (`os.getenv("X")`) is truthy as the committed settings leave it; undefined if unknown. */
  config?(e: Expr): { name: string; truthy: boolean } | undefined;
}

/** Session and `g` keys that hold the signed-in user. */
const USER_KEY = /user|login|logged|auth|account|identity|uid|token|member|admin/i;
/** Project checks that, given no credential, answer false (`check_auth(None, None)`, `verify_token(None)`). */
const VERIFYING_CALL =
  /^(?:check|verify|validate|valid|is_valid|is_authori[sz]ed|is_authenticated|authenticate|authori[sz]e|compare_digest)/i;
/**
 * Statuses that turn a caller away on the way a missing credential takes: 401/403, 404 (a route kept hidden), and any
 * other 4xx (`return {'error': 'missing token'}, 400`): a request without the credential never gets through.
 */
const refusingStatus = (status: number) => status >= 400 && status < 500;
/** Project helpers that build a response from the status they are given. */
const STATUS_HELPER = /status|respon|error|abort|deny|reject|fail/i;
const REFUSING_NAME =
  /^(?:Unauthori[sz]ed|Forbidden|NotFound)$|HTTP_40[134]|HTTPStatus\.(?:UNAUTHORIZED|FORBIDDEN|NOT_FOUND)|status\.HTTP_40[134]/;

/** `setting`: the configuration read a literal came from (`user = os.getenv("SITE_USER", "")`). */
type Value = { k: 'absent'; read: string } | { k: 'lit'; truthy: boolean; setting?: string } | { k: 'unknown' };

interface Walk {
  env: Map<string, Value>;
  /** A credential test decided the way taken so far. */
  decided: boolean;
  /** What was read as a credential (for schemes and the optional verdict). */
  reads: Set<string>;
  /** How many credential reads the walk has met, to tell whether a test read one. */
  touches: { n: number; firstTest?: number };
  depth: number;
  /** Statuses set on a response held in a variable (`response.status_code = 401`). */
  statuses: Map<string, number>;
  ctx: PrologueContext;
  /** Configuration reads the test being decided has met, by name (through a variable bound to one too). */
  configReads: Set<string>;
  /** Settings under which a refusal, left aside because the committed configuration does not take it, would run. */
  switchedOff: Set<string>;
}

type Outcome = { k: 'refuse'; line: number; what: string } | { k: 'answer' } | { k: 'through' } | { k: 'undecided' };

function isRequest(e: Expr): boolean {
  const d = dottedName(e);
  return d === 'request' || d === 'flask.request';
}

function stringArg(call: Extract<Expr, { k: 'call' }>): string | undefined {
  const first = call.args[0];
  return first?.k === 'str' ? first.v : undefined;
}

/** The credential an expression reads, as text, or undefined. */
function credentialRead(e: Expr, env: ReadonlyMap<string, Value>): string | undefined {
  const text = renderExpr(e, true);
  switch (e.k) {
    case 'name': {
      const v = env.get(e.id);
      return v?.k === 'absent' ? v.read : undefined;
    }
    case 'attr': {
      if (isRequest(e.obj) && e.name === 'authorization') return text;
      const d = dottedName(e);
      if (d !== undefined && /^(?:flask\.)?g\.(?:\w*user\w*|auth\w*|identity)$/i.test(d)) return text;
      // `auth.username`, `auth_header.split`: a part of a missing credential is missing too.
      return credentialRead(e.obj, env);
    }
    case 'sub': {
      const d = dottedName(e.value);
      const key = e.args[0]?.k === 'str' ? e.args[0].v : undefined;
      if (
        key !== undefined &&
        /^(?:flask\.)?request\.(?:headers|cookies)$/.test(d ?? '') &&
        CREDENTIAL_HEADER.test(key)
      )
        return text;
      if (key !== undefined && /^(?:flask\.)?session$/.test(d ?? '') && USER_KEY.test(key)) return text;
      return credentialRead(e.value, env);
    }
    case 'call': {
      const fn = e.fn;
      if (fn.k === 'attr') {
        const owner = dottedName(fn.obj);
        const key = stringArg(e);
        if (fn.name === 'get' && key !== undefined) {
          if (/^(?:flask\.)?request\.(?:headers|cookies)$/.test(owner ?? '') && CREDENTIAL_HEADER.test(key))
            return text;
          if (/^(?:flask\.)?(?:session|g)$/.test(owner ?? '') && USER_KEY.test(key)) return text;
        }
        // `auth_header.split(" ")[1]`, `token.strip()`: a method of a missing credential gives nothing.
        return credentialRead(fn.obj, env);
      }
      if (fn.k === 'name' && fn.id === 'getattr' && dottedName(e.args[0] ?? { k: 'none' }) === 'g') {
        const key = e.args[1]?.k === 'str' ? e.args[1].v : '';
        if (USER_KEY.test(key)) return text;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** The value of an expression for a request without credentials. */
function anonymousValue(e: Expr, w: Walk): Value {
  // flask-login's anonymous user: `is_authenticated` false, `is_anonymous` true (a method in old flask-login).
  const target = e.k === 'call' && e.args.length === 0 ? e.fn : e;
  const d = dottedName(target);
  if (d !== undefined && /(?:^|\.)current_user\.(is_authenticated|is_active|is_anonymous)$/.test(d)) {
    w.reads.add('current_user (session)');
    w.touches.n++;
    return { k: 'lit', truthy: d.endsWith('is_anonymous') };
  }
  const configured = w.ctx.config?.(e);
  if (configured !== undefined) {
    w.configReads.add(configured.name);
    return { k: 'lit', truthy: configured.truthy, setting: configured.name };
  }
  const read = credentialRead(e, w.env);
  if (read !== undefined) {
    w.reads.add(read);
    w.touches.n++;
    return { k: 'absent', read };
  }
  if (e.k === 'name') {
    const bound = w.env.get(e.id);
    if (bound?.k === 'lit' && bound.setting !== undefined) w.configReads.add(bound.setting);
    if (bound !== undefined) return bound;
  }
  if (e.k === 'str') return { k: 'lit', truthy: e.v !== '' };
  if (e.k === 'none') return { k: 'lit', truthy: false };
  if (e.k === 'bool') return { k: 'lit', truthy: e.v };
  if (e.k === 'num') return { k: 'lit', truthy: e.v !== 0 };
  if (e.k === 'name' && (e.id === 'None' || e.id === 'False')) return { k: 'lit', truthy: false };
  return { k: 'unknown' };
}

function falsy(v: Value): boolean | undefined {
  return v.k === 'absent' ? true : v.k === 'lit' ? !v.truthy : undefined;
}

/** Whether a test holds for a request without credentials; undefined when that cannot be told. */
function holds(t: PyTest, w: Walk, ctx?: PrologueContext): boolean | undefined {
  switch (t.k) {
    case 'not': {
      const v = holds(t.e, w, ctx);
      return v === undefined ? undefined : !v;
    }
    case 'and': {
      const vs = t.items.map((i) => holds(i, w, ctx));
      return vs.includes(false) ? false : vs.every((v) => v === true) ? true : undefined;
    }
    case 'or': {
      const vs = t.items.map((i) => holds(i, w, ctx));
      return vs.includes(true) ? true : vs.every((v) => v === false) ? false : undefined;
    }
    case 'expr': {
      const v = anonymousValue(t.e, w);
      if (v.k !== 'unknown') return !falsy(v);
      const answered = t.e.k === 'call' && ctx !== undefined ? checkAnswer(t.e, w, ctx) : undefined;
      if (answered !== undefined) return answered;
      // `check_auth(auth.username, auth.password)`: a project check handed a missing credential finds none.
      if (t.e.k === 'call') {
        const name = renderExpr(t.e.fn).split('.').pop() ?? '';
        const given = [...t.e.args, ...Object.values(t.e.kw)].some((a) => anonymousValue(a, w).k === 'absent');
        if (given && VERIFYING_CALL.test(name)) return false;
      }
      return undefined;
    }
    case 'cmp':
      return compares(t, w);
  }
}

/**
 * What a project check answers a request without credentials when it reads one itself and returns a test of it
 * (`def check_basic_auth(user, passwd): auth = request.authorization; return auth and auth.username == user`), or is
 * handed the missing credential (`check_auth(auth)` with `def check_auth(auth): …; return auth and auth.username ==
 * username`), one call deep; undefined when its first statements are not assignments, tests and returns of a
 * value, or read no credential. A check that answers yes before testing the credential when its settings are unset
 * (`if not username or not password: return True`) records those settings as switching the check off.
 */
function checkAnswer(call: Expr, w: Walk, ctx: PrologueContext): boolean | undefined {
  if (w.depth > 0 || call.k !== 'call') return undefined;
  const helper = ctx.helper(call);
  if (helper === undefined) return undefined;
  const inner: Walk = { ...w, env: new Map(), decided: false, depth: w.depth + 1, statuses: new Map() };
  // The arguments as the caller holds them (`auth`, absent): the check's parameters of the same place.
  (helper.params ?? []).forEach((name, i) => {
    const given = call.args[i] ?? call.kw[name];
    const v = given === undefined ? undefined : anonymousValue(given, w);
    if (v !== undefined && v.k !== 'unknown') inner.env.set(name, v);
  });
  const before = w.touches.n;
  const switchedBefore = w.switchedOff.size;
  const out = answerOf(helper.steps, inner, ctx);
  if (out.k !== 'answer') return undefined;
  return w.touches.n > before || w.switchedOff.size > switchedBefore ? out.v : undefined;
}

type Answer = { k: 'answer'; v: boolean } | { k: 'through' } | { k: 'unknown' };

/** What a check's statements return for a request without credentials (`through`: none of them returned). */
function answerOf(steps: readonly PyStep[], w: Walk, ctx: PrologueContext): Answer {
  for (const [i, step] of steps.entries()) {
    if (step.k === 'other') continue;
    if (step.k === 'assign') {
      const v = anonymousValue(step.e, w);
      if (v.k === 'unknown') w.env.delete(step.name);
      else w.env.set(step.name, v);
      continue;
    }
    if (step.k === 'exit') {
      if (step.how !== 'return') return { k: 'unknown' };
      const held = step.test !== undefined ? holds(step.test, w, ctx) : undefined;
      if (held !== undefined) return { k: 'answer', v: held };
      const v = anonymousValue(step.e, w);
      return v.k === 'unknown' ? { k: 'unknown' } : { k: 'answer', v: !falsy(v) };
    }
    if (step.k !== 'if') return { k: 'unknown' };
    w.configReads = new Set();
    const v = holds(step.test, w, ctx);
    if (v === undefined) return { k: 'unknown' };
    const settings = [...w.configReads];
    const rest = steps.slice(i + 1);
    const taken = answerOf([...(v ? step.whenTrue : step.whenFalse), ...rest], { ...w, env: new Map(w.env) }, ctx);
    // `if not username or not password: return True` with both unset: a configured deployment goes on to the test
    // of the credential, which a request without one fails.
    if (settings.length > 0 && taken.k === 'answer' && taken.v) {
      const aside = answerOf([...(v ? step.whenFalse : step.whenTrue), ...rest], { ...w, env: new Map(w.env) }, ctx);
      if (aside.k === 'answer' && !aside.v) for (const n of settings) w.switchedOff.add(n);
    }
    return taken;
  }
  return { k: 'through' };
}

function compares(t: Extract<PyTest, { k: 'cmp' }>, w: Walk): boolean | undefined {
  const { op } = t;
  if (op === 'in' || op === 'not in') {
    // `'Authorization' in request.headers`, `'user_id' not in session`.
    const key = t.left.k === 'str' ? t.left.v : undefined;
    const container = dottedName(t.right) ?? '';
    let present: boolean | undefined;
    if (
      key !== undefined &&
      /^(?:flask\.)?request\.(?:headers|cookies)$/.test(container) &&
      CREDENTIAL_HEADER.test(key)
    )
      present = false;
    else if (key !== undefined && /^(?:flask\.)?(?:session|g)$/.test(container) && USER_KEY.test(key)) present = false;
    else if (anonymousValue(t.left, w).k === 'absent') present = false; // `token in VALID_TOKENS`
    if (present === undefined) return undefined;
    w.reads.add(`${renderExpr(t.left)} ${op} ${container}`);
    w.touches.n++;
    return op === 'in' ? present : !present;
  }
  const left = anonymousValue(t.left, w);
  const right = anonymousValue(t.right, w);
  const [cred, other] = left.k === 'absent' ? [left, right] : right.k === 'absent' ? [right, left] : [];
  if (cred === undefined || other === undefined) return undefined;
  // A missing credential is `None` (or the empty default of a `get`): equal to `None`/`''`, unequal to an expected
  // value (`f"Bearer {API_KEY}"`, a configured secret).
  const equal = other.k === 'lit' ? !other.truthy : false;
  if (op === '==' || op === 'is') return equal;
  if (op === '!=' || op === 'is not') return !equal;
  return undefined;
}

/** The status a returned, raised or aborted expression answers with, when it refuses the caller. */
function refusal(how: 'return' | 'raise' | 'abort', e: Expr, ctx: PrologueContext, depth: number): string | undefined {
  const text = renderExpr(e, true);
  const refusingNum = (x: Expr | undefined) =>
    x !== undefined && ((x.k === 'num' && refusingStatus(x.v)) || (x.k !== 'num' && REFUSING_NAME.test(renderExpr(x))));
  if (how === 'abort') {
    const first = e.k === 'call' ? e.args[0] : undefined;
    if (refusingNum(first)) return text;
    return first !== undefined && refusal('return', first, ctx, depth) !== undefined ? text : undefined;
  }
  if (how === 'raise') {
    const cls = e.k === 'call' ? e.fn : e;
    const name = renderExpr(cls).split('.').pop() ?? '';
    if (REFUSING_NAME.test(name) || /^(?:Unauthori[sz]ed|Forbidden|NotFound)\w*$/.test(name)) return text;
    const declared = ctx.exceptionStatus(e);
    if (/\b40[134]\b|HTTP_40[134]|UNAUTHORIZED|FORBIDDEN|NOT_FOUND/.test(declared)) return text;
    if (e.k === 'call' && /HTTPException$/.test(name) && refusingNum(e.kw.status_code ?? e.args[0])) return text;
    return undefined;
  }
  // `return body, 401`, `return make_response(jsonify(…)), 401`, `Response(…, 401, {…})`, `Response(status=401)`.
  if (e.k === 'list') return e.items.slice(1).some(refusingNum) ? text : undefined;
  if (e.k !== 'call') return undefined;
  const callee = renderExpr(e.fn);
  const name = callee.split('.').pop() ?? '';
  if (/^(?:make_response|Response|jsonify|JSONResponse|HTMLResponse|PlainTextResponse)$/.test(name)) {
    if (refusingNum(e.kw.status) || refusingNum(e.kw.status_code)) return text;
    if (e.args.slice(1).some(refusingNum)) return text;
    if (name === 'make_response' && e.args[0] !== undefined && refusal('return', e.args[0], ctx, depth)) return text;
    return undefined;
  }
  // flask-login's `login_manager.unauthorized()`: its handler answers 401 or sends the caller to the login view.
  if (name === 'unauthorized' && /login_manager/.test(callee)) return text;
  // A redirect to the sign-in page turns an anonymous caller away as a 401 would.
  if (name === 'redirect' && /login|sign_?in|auth/i.test(text)) return text;
  // A project helper that builds the refusal (`return authenticate()` with `def authenticate(): return Response(…,
  // 401, {'WWW-Authenticate': …})`), one call deep.
  if (depth === 0) {
    const helper = ctx.helper(e);
    // A project helper named for the response it builds, handed the refusing status (`return status_code(401)`,
    // `return error_response(403, "…")`).
    if (helper !== undefined && STATUS_HELPER.test(name) && e.args.some(refusingNum)) return text;
    const exits = helper === undefined ? [] : exitsOf(helper.steps);
    const returned = helper?.returns;
    if (returned !== undefined && refusal('return', returned, ctx, depth + 1)) return text;
    if (exits.some((x) => refusal(x.how, x.e, ctx, depth + 1) !== undefined)) return text;
  }
  return undefined;
}

/** A response returned after its status was set to a refusing one (`response.status_code = 401; return response`). */
function statusSet(step: Extract<PyStep, { k: 'exit' }>, w: Walk): string | undefined {
  if (step.how !== 'return' || step.e.k !== 'name') return undefined;
  const status = w.statuses.get(step.e.id);
  return status !== undefined && refusingStatus(status) ? `${step.e.id}.status_code = ${status}` : undefined;
}

/** Exits written at the top level of a helper's body (`return Response(…, 401)`). */
function exitsOf(steps: readonly PyStep[]): Extract<PyStep, { k: 'exit' }>[] {
  return steps.filter((s): s is Extract<PyStep, { k: 'exit' }> => s.k === 'exit');
}

function walkSteps(steps: readonly PyStep[], w: Walk, ctx: PrologueContext): Outcome {
  for (const step of steps) {
    switch (step.k) {
      case 'assign': {
        const target = /^(\w+)\.status_code$/.exec(step.name)?.[1];
        if (target !== undefined) {
          if (step.e.k === 'num') w.statuses.set(target, step.e.v);
          else w.statuses.delete(target);
          break;
        }
        w.statuses.delete(step.name);
        const v = anonymousValue(step.e, w);
        if (v.k === 'unknown') w.env.delete(step.name);
        else w.env.set(step.name, v);
        const guard = step.e.k === 'call' ? guardCall(step.e, step.line, w, ctx) : undefined;
        if (guard) return guard;
        break;
      }
      case 'call': {
        const guard = guardCall(step.e, step.line, w, ctx);
        if (guard) return guard;
        break;
      }
      case 'exit': {
        const refused = w.decided ? (refusal(step.how, step.e, ctx, 0) ?? statusSet(step, w)) : undefined;
        if (refused !== undefined) return { k: 'refuse', line: step.line, what: refused };
        return { k: 'answer' };
      }
      case 'if': {
        const before = w.touches.n;
        w.configReads = new Set();
        const v = holds(step.test, w, ctx);
        if (w.touches.n > before) {
          w.decided = true;
          w.touches.firstTest ??= step.line;
        }
        if (v === undefined) {
          // Either way may be taken: the request is turned away only if both ways turn it away.
          const a = walkSteps(step.whenTrue, { ...w, env: new Map(w.env), statuses: new Map(w.statuses) }, ctx);
          const b = walkSteps(step.whenFalse, { ...w, env: new Map(w.env), statuses: new Map(w.statuses) }, ctx);
          if (a.k === 'refuse' && b.k === 'refuse') return a;
          if (a.k === 'through' && b.k === 'through') break;
          return { k: 'undecided' };
        }
        // A check the committed configuration switches off (`if os.getenv("USER") and …: return 401` with `USER`
        // unset): the way not taken is the one a configured deployment takes.
        const settings = [...w.configReads];
        if (settings.length > 0) {
          const aside = walkSteps(v ? step.whenFalse : step.whenTrue, { ...w, env: new Map(w.env) }, ctx);
          if (aside.k === 'refuse') for (const n of settings) w.switchedOff.add(n);
        }
        const taken = walkSteps(v ? step.whenTrue : step.whenFalse, w, ctx);
        if (taken.k !== 'through') return taken;
        break;
      }
      case 'other':
        break;
    }
  }
  return { k: 'through' };
}

/** A project function called first thing (`check_token()`, `token = get_token_auth_header()`) that turns the caller away. */
function guardCall(call: Expr, line: number, w: Walk, ctx: PrologueContext): Outcome | undefined {
  if (w.depth > 0) return undefined;
  const helper = ctx.helper(call);
  if (helper === undefined) return undefined;
  const inner: Walk = { ...w, env: new Map(), decided: false, depth: w.depth + 1, statuses: new Map() };
  const out = walkSteps(helper.steps, inner, ctx);
  if (out.k !== 'refuse') return undefined;
  return { k: 'refuse', line, what: `${renderExpr(call)} → ${out.what}` };
}

/** The verdict of a handler's own prologue for a request without credentials, or undefined when it reads none. */
export function judgePrologue(steps: readonly PyStep[], ctx: PrologueContext): PrologueOutcome | undefined {
  const w: Walk = {
    env: new Map(),
    decided: false,
    reads: new Set(),
    touches: { n: 0 },
    depth: 0,
    statuses: new Map(),
    ctx,
    configReads: new Set(),
    switchedOff: new Set(),
  };
  const out = walkSteps(steps, w, ctx);
  const read = [...w.reads].join(' ');
  const schemes = schemesFromText(read);
  if (/request\.authorization/.test(read) && schemes.length === 0) schemes.push('basic');
  if (out.k === 'refuse') return { state: 'required', line: out.line, what: out.what, schemes };
  // A credential sent with the request is tested, and a request without one goes on: optional. A session test
  // (`current_user.is_authenticated` choosing a page) reads no credential of the request itself.
  const requestBorne = [...w.reads].some((r) => /request\.(?:authorization|headers|cookies)|in request\./.test(r));
  // A check that refuses only under settings the committed configuration leaves unset reads the credential when
  // configured and lets everyone through as committed: optional.
  const off = [...w.switchedOff];
  if ((out.k === 'through' || out.k === 'answer') && off.length > 0 && requestBorne)
    return {
      state: 'optional',
      line: w.touches.firstTest ?? 0,
      what: `refuses without ${[...w.reads][0]} only when ${off.join(', ')} is set, which the committed settings leave unset`,
      schemes,
      switchedOff: off,
    };
  if ((out.k === 'through' || out.k === 'answer') && w.decided && requestBorne)
    return {
      state: 'optional',
      line: w.touches.firstTest ?? 0,
      what: `reads ${[...w.reads][0]} and lets a request without it through`,
      schemes,
    };
  return undefined;
}
