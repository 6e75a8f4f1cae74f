import type * as TS from 'typescript';
import { credentialReadingText, readsCredentials } from '../auth/auth-signals.js';
import { unwrapExpression } from './parse-js.js';
import { ts } from './typescript.js';

/**
 * What an Express middleware `(req, res, next)` does with a request that carries no credential, read by walking its
 * statements with every credential read (`req.headers.authorization`, `req.cookies.token`, `req.user`) and every
 * local bound from one absent:
 * - `refused`: every way through answers the request itself or throws, without `next()` (whatever the status: a 200
 *   with `{ success: false }` turns the caller away as surely as a 401);
 * - `passes`: a way through reaches `next()` (the guard lets anonymous callers in: at most optional);
 * - `undefined`: not decided (a condition on something else, a callback given the credential, a loop).
 */
export type AnonymousPath = 'refused' | 'passes';

/**
 * A statement's outcome on the way through: decided, `throws` (a verification of the missing credential fails), or
 * fall through to the next statement (`answered` once it answered).
 */
type Step = AnonymousPath | 'unknown' | 'throws' | { answered: boolean };

interface Walk {
  req: string;
  res: string | undefined;
  next: string;
  /** Locals bound from a credential read: absent for a caller without one. */
  absent: Set<string>;
  /** Literals a factory gave the middleware's closure (`requireAuth({ strict: false })`), by name. */
  literals: ReadonlyMap<string, string | boolean | null>;
  /** Inside a `try` block, whose `catch` answers for what throws. */
  inTry: boolean;
}

/** Whether code reads a credential from the request (`req.headers['x-access-token']`, `req.user`). */
function readsCredentialOf(e: TS.Node, w: Walk): boolean {
  const text = e.getText();
  if (!new RegExp(`\\b${w.req}\\b`).test(text)) return false;
  if (
    new RegExp(
      `\\b${w.req}\\s*\\.\\s*(?:user|auth|isAuthenticated\\s*\\(\\s*\\)|session\\s*\\.\\s*(?:user\\w*|passport))\\b`,
    ).test(text)
  )
    return true;
  return readsCredentials(credentialReadingText(text, 'js'));
}

/** `true`/`false` when the condition is decided for a caller without a credential; `undefined` otherwise. */
function truthOf(e: TS.Expression, w: Walk): boolean | undefined {
  const u = unwrapExpression(e);
  if (ts.isPrefixUnaryExpression(u) && u.operator === ts.SyntaxKind.ExclamationToken) {
    const inner = truthOf(u.operand, w);
    return inner === undefined ? undefined : !inner;
  }
  if (ts.isIdentifier(u)) {
    if (w.absent.has(u.text)) return false;
    const literal = w.literals.get(u.text);
    return w.literals.has(u.text) ? Boolean(literal) : undefined;
  }
  if (ts.isBinaryExpression(u)) {
    const op = u.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) {
      const [a, b] = [truthOf(u.left, w), truthOf(u.right, w)];
      if (op === ts.SyntaxKind.AmpersandAmpersandToken)
        return a === false || b === false ? false : a === true && b === true ? true : undefined;
      return a === true || b === true ? true : a === false && b === false ? false : undefined;
    }
    const equal = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
    const unequal = op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
    if (!equal && !unequal) return undefined;
    // `token === undefined`, `token == null`, `typeof token === 'undefined'`: the missing value compared with nothing.
    const nothing = (x: TS.Expression) => {
      const v = unwrapExpression(x);
      return (
        v.kind === ts.SyntaxKind.NullKeyword ||
        (ts.isIdentifier(v) && v.text === 'undefined') ||
        (ts.isStringLiteralLike(v) && (v.text === '' || v.text === 'undefined'))
      );
    };
    const missing = (x: TS.Expression) => {
      const v = unwrapExpression(x);
      const operand = ts.isTypeOfExpression(v) ? unwrapExpression(v.expression) : v;
      return (ts.isIdentifier(operand) && w.absent.has(operand.text)) || readsCredentialOf(operand, w);
    };
    const compared = (missing(u.left) && nothing(u.right)) || (missing(u.right) && nothing(u.left));
    return compared ? equal : undefined;
  }
  return readsCredentialOf(u, w) ? false : undefined;
}

/** Whether an expression calls `next` with no argument (`next()`, `return next()`), outside nested functions. */
function callsNextDirectly(e: TS.Node, w: Walk): 'pass' | 'error' | undefined {
  const u = ts.isExpressionStatement(e) || ts.isReturnStatement(e) ? e.expression : e;
  if (!u) return undefined;
  const call = unwrapExpression(u as TS.Expression);
  if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression) || call.expression.text !== w.next)
    return undefined;
  return call.arguments.length === 0 ? 'pass' : 'error';
}

/** Whether a statement answers the request: a call on the response (`res.status(200).json(…)`, `res.redirect(…)`). */
function answersRequest(node: TS.Node, w: Walk): boolean {
  if (w.res === undefined) return false;
  const e = ts.isExpressionStatement(node) || ts.isReturnStatement(node) ? node.expression : undefined;
  if (!e) return false;
  let call = unwrapExpression(e);
  while (ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression)) {
    const target = unwrapExpression(call.expression.expression);
    if (ts.isIdentifier(target) && target.text === w.res) return true;
    call = target;
  }
  return false;
}

/** Whether a node holds a function that mentions `next` (a callback handed the decision: `jwt.verify(t, cb)`). */
function handsOnNext(node: TS.Node, w: Walk): boolean {
  let found = false;
  const visit = (n: TS.Node): void => {
    if (found) return;
    if (ts.isFunctionLike(n) && new RegExp(`\\b${w.next}\\b`).test(n.getText())) found = true;
    else ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

/**
 * The calls a statement makes that are given the missing credential or the request (outside nested functions): they
 * may refuse by throwing; `verifies` when one is a verification (`jwt.verify(token, secret)`), which fails for nothing.
 */
function callsGivenCredential(node: TS.Node, w: Walk): 'verifies' | 'calls' | undefined {
  let found: 'verifies' | 'calls' | undefined;
  const given = (a: TS.Expression) => {
    const v = unwrapExpression(a);
    return (ts.isIdentifier(v) && (v.text === w.req || w.absent.has(v.text))) || readsCredentialOf(v, w);
  };
  const visit = (n: TS.Node): void => {
    if (found === 'verifies' || ts.isFunctionLike(n)) return;
    if (ts.isCallExpression(n) && n.arguments.some(given)) {
      const callee = n.expression.getText();
      if (w.res === undefined || !new RegExp(`^${w.res}\\b`).test(callee))
        found = /verify/i.test(callee.slice(callee.lastIndexOf('.') + 1)) ? 'verifies' : 'calls';
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

function walkStatements(statements: readonly TS.Statement[], w: Walk, answered: boolean): Step {
  let state: Step = { answered };
  for (const st of statements) {
    if (typeof state !== 'object') return state;
    state = walkStatement(st, w, state.answered);
  }
  return state;
}

function walkStatement(st: TS.Statement, w: Walk, answered: boolean): Step {
  if (ts.isBlock(st)) return walkStatements(st.statements, w, answered);
  if (ts.isVariableStatement(st)) {
    const calls = callsGivenCredential(st, w);
    if (calls === 'verifies') return 'throws';
    if (calls === 'calls' && !w.inTry) return 'unknown';
    for (const d of st.declarationList.declarations) {
      if (!d.initializer) continue;
      const names: string[] = ts.isIdentifier(d.name)
        ? [d.name.text]
        : ts.isObjectBindingPattern(d.name)
          ? d.name.elements.flatMap((el) => (ts.isIdentifier(el.name) ? [el.name.text] : []))
          : [];
      // `const token = req.headers.authorization || req.body.token`, `header && header.split(' ')[1]`,
      // `const { authorization } = req.headers`: nothing for a caller without a credential.
      const absent =
        absentValue(d.initializer, w) || (ts.isObjectBindingPattern(d.name) && readsCredentialOf(d.initializer, w));
      for (const n of names) {
        if (absent) w.absent.add(n);
        else w.absent.delete(n);
      }
      if (handsOnNext(d.initializer, w)) return 'unknown';
    }
    return { answered };
  }
  if (ts.isIfStatement(st)) {
    const truth = truthOf(st.expression, w);
    if (truth === true) return walkStatement(st.thenStatement, w, answered);
    if (truth === false) return st.elseStatement ? walkStatement(st.elseStatement, w, answered) : { answered };
    const a = walkStatement(st.thenStatement, w, answered);
    const b = st.elseStatement ? walkStatement(st.elseStatement, w, answered) : { answered };
    if (typeof a === 'string' && a === b) return a;
    if (typeof a === 'object' && typeof b === 'object' && a.answered === b.answered) return a;
    // One branch decides and the other falls through: the rest decides for both only when it agrees.
    return 'unknown';
  }
  if (ts.isThrowStatement(st)) return 'refused';
  const next = callsNextDirectly(st, w);
  if (next === 'pass') return 'passes';
  if (next === 'error') return 'refused';
  if (ts.isReturnStatement(st)) {
    if (answersRequest(st, w) || answered) return 'refused';
    return 'unknown';
  }
  if (ts.isExpressionStatement(st)) {
    if (handsOnNext(st, w)) return 'unknown';
    const calls = callsGivenCredential(st, w);
    if (calls === 'verifies') return 'throws';
    if (calls === 'calls' && !w.inTry) return 'unknown';
    if (answersRequest(st, w)) return { answered: true };
    return { answered };
  }
  if (ts.isTryStatement(st)) {
    // What throws in the block is answered by the catch block; what does not, by the rest of the block.
    const tried = walkStatement(st.tryBlock, { ...w, inTry: true }, answered);
    const caught = st.catchClause ? walkStatement(st.catchClause.block, w, answered) : 'unknown';
    if (tried === 'throws') return caught;
    if (typeof tried === 'string' && tried === caught) return tried;
    if (typeof tried === 'object' && typeof caught === 'object') return { answered: tried.answered || caught.answered };
    return 'unknown';
  }
  if (ts.isEmptyStatement(st)) return { answered };
  return 'unknown';
}

/**
 * Whether a value is missing for a caller without a credential: a credential read, a local bound from one, one of
 * several places a credential is looked for (`req.body.token || req.query.token`), or what `&&` makes of one.
 */
function absentValue(e: TS.Expression, w: Walk): boolean {
  const v = unwrapExpression(e);
  if (ts.isBinaryExpression(v)) {
    const op = v.operatorToken.kind;
    if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken)
      return absentValue(v.left, w) && (absentValue(v.right, w) || isFalsyLiteral(v.right));
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return absentValue(v.left, w);
    return false;
  }
  if (ts.isIdentifier(v)) return w.absent.has(v.text);
  if (readsCredentialOf(v, w)) return true;
  // A body or query field is the operation's input, unless it is named as a credential: one looked for beside a header.
  const text = v.getText();
  return new RegExp(`^${w.req}\\s*[.?]`).test(text) && readsCredentials(text);
}

function isFalsyLiteral(e: TS.Expression): boolean {
  const v = unwrapExpression(e);
  return (
    v.kind === ts.SyntaxKind.FalseKeyword ||
    v.kind === ts.SyntaxKind.NullKeyword ||
    (ts.isStringLiteralLike(v) && v.text === '') ||
    (ts.isIdentifier(v) && v.text === 'undefined')
  );
}

/**
 * The way an Express middleware `(req, res, next)` treats a caller without a credential (see {@link AnonymousPath}),
 * when its body reads one; `undefined` when it reads none or the walk cannot decide.
 */
export function anonymousPath(
  fn: TS.SignatureDeclaration,
  literals: ReadonlyMap<string, string | boolean | null> = new Map(),
): AnonymousPath | undefined {
  const body = 'body' in fn ? fn.body : undefined;
  const [req, res, next] = fn.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : undefined));
  if (!body || !ts.isBlock(body) || req === undefined || next === undefined || fn.parameters.length !== 3)
    return undefined;
  const w: Walk = { req, res, next, absent: new Set(), literals, inTry: false };
  if (!readsCredentialOf(body, w)) return undefined;
  const step = walkStatements(body.statements, w, false);
  if (step === 'refused' || step === 'passes') return step;
  if (typeof step === 'string') return undefined;
  // Falling off the end: having answered, the request is turned away; otherwise it hangs, which decides nothing.
  return step.answered ? 'refused' : undefined;
}
