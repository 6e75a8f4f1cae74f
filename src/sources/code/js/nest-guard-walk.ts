import type * as TS from 'typescript';
import { CREDENTIAL_HEADER } from '../auth/auth-signals.js';
import { unwrapExpression } from './parse-js.js';
import { ts } from './typescript.js';

/**
 * What a NestJS guard's `canActivate` does with a caller who sends no credential, walked statement by statement:
 * every credential it reads from the request (`request.user`, a cookie, a header) is absent, and a test on what the
 * guard loaded itself (`const share = await this.prisma.share.findUnique(…)`: the resource's state) may go either
 * way. `through` when some way returns `true` (a share without an owner, a file of a share without a password: the
 * guard reads the credential when sent and lets an anonymous caller through on the resource's state), `refused`
 * when every way throws or returns something else, `unknown` when a test or statement cannot be read so (a route's
 * metadata, the request's path or method, a call the walk cannot follow), which leaves the guard to the other rules.
 */
export type GuardPassage = 'through' | 'refused' | 'unknown';

/** What the walk knows of a value: an absent credential, a literal truth, the guard's own loaded state, or nothing. */
type Known = 'absent' | 'data' | 'unknown' | boolean;

/** Project checks that, handed no credential, answer false (`verifyShareToken(id, undefined)`). */
const VERIFYING_CALL = /^(?:verify|validate|check|isValid|compare|authenticate)/i;
/** Request properties that carry the caller's credential. */
const CREDENTIAL_PROPERTY = /^(?:user|cookies|signedCookies|headers|session|auth|authInfo|token|apiKey)$/i;

interface Scope {
  /** Names holding the request (`const request = context.switchToHttp().getRequest()`). */
  requests: Set<string>;
  /** Names holding an absent credential (`const user = request.user`). */
  absent: Set<string>;
  /** Names holding state the guard loaded (`const share = await this.prisma.share.findUnique(…)`). */
  data: Set<string>;
  /** Whether the walk read a credential. */
  read: { any: boolean };
}

/**
 * `superThrows`: whether `super.canActivate(context)` throws for an anonymous caller (a passport guard does; a project
 * guard catching passport's failure does not), for the call written as a statement whose result is dropped.
 */
export function anonymousPassage(method: TS.ClassElement, superThrows: () => boolean): GuardPassage {
  if (!ts.isMethodDeclaration(method) || !method.body) return 'unknown';
  const param = method.parameters[0];
  if (!param || !ts.isIdentifier(param.name)) return 'unknown';
  const scope: Scope = { requests: new Set(), absent: new Set(), data: new Set(), read: { any: false } };
  const context = param.name.text;
  const outcomes = new Set<GuardPassage>();
  walk([...method.body.statements], scope, context, superThrows, outcomes, undefined);
  if (!scope.read.any || outcomes.has('unknown')) return 'unknown';
  return outcomes.has('through') ? 'through' : 'refused';
}

/** The outcome of a `throw` inside a `try`: the catch clause's own way, or a refusal without one. */
type OnThrow = ((outcomes: Set<GuardPassage>) => void) | undefined;

function walk(
  statements: readonly TS.Statement[],
  scope: Scope,
  context: string,
  superThrows: () => boolean,
  outcomes: Set<GuardPassage>,
  onThrow: OnThrow,
): void {
  const refuse = () => (onThrow ? onThrow(outcomes) : outcomes.add('refused'));
  for (const [i, s] of statements.entries()) {
    const rest = statements.slice(i + 1);
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        if (!ts.isIdentifier(d.name) || !d.initializer) continue;
        bind(d.name.text, d.initializer, scope, context);
      }
      continue;
    }
    if (ts.isExpressionStatement(s)) {
      const e = unwrapExpression(s.expression);
      // `await super.canActivate(context)` run only to set `request.user`: a failure refuses only if it throws.
      if (isSuperActivate(e)) {
        if (superThrows()) return void refuse();
        continue;
      }
      if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken) continue;
      if (ts.isCallExpression(e) && /^this\./.test(e.expression.getText())) continue;
      return void outcomes.add('unknown');
    }
    if (ts.isIfStatement(s)) {
      const v = value(s.expression, scope);
      if (v === 'unknown') return void outcomes.add('unknown');
      const thenWay = [s.thenStatement, ...rest];
      const elseWay = s.elseStatement ? [s.elseStatement, ...rest] : rest;
      if (v === 'data') {
        walk(thenWay, forked(scope), context, superThrows, outcomes, onThrow);
        walk(elseWay, forked(scope), context, superThrows, outcomes, onThrow);
        return;
      }
      const holds = v === true;
      walk(holds ? thenWay : elseWay, scope, context, superThrows, outcomes, onThrow);
      return;
    }
    if (ts.isBlock(s)) {
      walk([...s.statements, ...rest], scope, context, superThrows, outcomes, onThrow);
      return;
    }
    if (ts.isThrowStatement(s)) return void refuse();
    if (ts.isReturnStatement(s)) {
      const e = s.expression && unwrapExpression(s.expression);
      if (!e) return void outcomes.add('refused');
      if (isSuperActivate(e)) return void outcomes.add(superThrows() ? 'refused' : 'unknown');
      const v = value(e, scope);
      outcomes.add(v === true ? 'through' : v === 'data' || v === 'unknown' ? 'unknown' : 'refused');
      return;
    }
    if (ts.isTryStatement(s)) {
      // A throw inside the `try` continues in the `catch`; what follows the statement runs after either.
      const handler = s.catchClause?.block;
      const caught: OnThrow = handler
        ? (out) => walk([...handler.statements, ...rest], forked(scope), context, superThrows, out, onThrow)
        : onThrow;
      walk([...s.tryBlock.statements, ...rest], scope, context, superThrows, outcomes, caught);
      return;
    }
    if (ts.isEmptyStatement(s)) continue;
    return void outcomes.add('unknown');
  }
  // Falling off the end returns undefined: Nest refuses.
  outcomes.add('refused');
}

function forked(scope: Scope): Scope {
  return {
    requests: new Set(scope.requests),
    absent: new Set(scope.absent),
    data: new Set(scope.data),
    read: scope.read,
  };
}

function isSuperActivate(e: TS.Expression): boolean {
  const x = unwrapExpression(e);
  return ts.isCallExpression(x) && x.expression.getText() === 'super.canActivate';
}

/** Records what a `const x = …` holds for the walk. */
function bind(name: string, init: TS.Expression, scope: Scope, context: string): void {
  const e = unwrapExpression(init);
  scope.absent.delete(name);
  scope.data.delete(name);
  if (/\.getRequest\s*\(/.test(e.getText()) && new RegExp(`^${context}\\b`).test(e.getText())) {
    scope.requests.add(name);
    return;
  }
  const v = value(e, scope);
  if (v === 'absent') scope.absent.add(name);
  else if (v === 'data' || loadsState(init)) scope.data.add(name);
}

/**
 * An awaited call on an injected service (`await this.prisma.share.findUnique(…)`): state the guard loads from its
 * store. A route's metadata (`this.reflector.get(…)`, read synchronously) is no such state.
 */
function loadsState(init: TS.Expression): boolean {
  let e = init;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  if (!ts.isAwaitExpression(e)) return false;
  const x = unwrapExpression(e);
  const callee = ts.isCallExpression(x) ? x.expression.getText() : '';
  return /^this\.[\w$.]+$/.test(callee) && !/reflector|metadata/i.test(callee);
}

/** Whether an expression reads a credential from the request (`request.user`, `request.cookies[`share_${id}`]`). */
function credentialOf(e: TS.Expression, scope: Scope): boolean {
  const x = unwrapExpression(e);
  if (ts.isPropertyAccessExpression(x) || ts.isElementAccessExpression(x)) {
    const owner = unwrapExpression(x.expression);
    if (ts.isIdentifier(owner) && scope.requests.has(owner.text)) {
      const key = ts.isPropertyAccessExpression(x)
        ? x.name.text
        : ts.isStringLiteralLike(x.argumentExpression)
          ? x.argumentExpression.text
          : '';
      return CREDENTIAL_PROPERTY.test(key) || CREDENTIAL_HEADER.test(key);
    }
    // `request.cookies[name]`, `request.headers.authorization`: a part of a credential store.
    return credentialOf(owner, scope);
  }
  return false;
}

/** The value of a test for an anonymous caller. */
function value(e: TS.Expression, scope: Scope): Known {
  const x = unwrapExpression(e);
  if (x.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (x.kind === ts.SyntaxKind.FalseKeyword || x.kind === ts.SyntaxKind.NullKeyword) return false;
  if (ts.isIdentifier(x)) {
    if (x.text === 'undefined') return false;
    if (scope.absent.has(x.text)) {
      scope.read.any = true;
      return 'absent';
    }
    return scope.data.has(x.text) ? 'data' : 'unknown';
  }
  if (credentialOf(x, scope)) {
    scope.read.any = true;
    return 'absent';
  }
  if (ts.isPrefixUnaryExpression(x) && x.operator === ts.SyntaxKind.ExclamationToken) {
    const v = value(x.operand, scope);
    return v === 'absent' ? true : typeof v === 'boolean' ? !v : v;
  }
  if (ts.isAwaitExpression(x)) return value(x.expression, scope);
  if (ts.isPropertyAccessExpression(x) || ts.isElementAccessExpression(x)) {
    // `user?.isAdmin` of an absent user is undefined; a property of loaded state is that state's.
    const v = value(x.expression, scope);
    return v === 'absent' ? 'absent' : v === 'data' ? 'data' : 'unknown';
  }
  if (ts.isBinaryExpression(x)) {
    const op = x.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) {
      const and = op === ts.SyntaxKind.AmpersandAmpersandToken;
      const truth = (k: Known) => (k === 'absent' ? false : k);
      const a = truth(value(x.left, scope));
      const b = truth(value(x.right, scope));
      if (and ? a === false || b === false : a === true || b === true) return !and;
      if (a === 'unknown' || b === 'unknown') return 'unknown';
      if (a === 'data' || b === 'data') return 'data';
      return and ? a === true && b === true : a === true || b === true;
    }
    const equality = [
      ts.SyntaxKind.EqualsEqualsToken,
      ts.SyntaxKind.EqualsEqualsEqualsToken,
      ts.SyntaxKind.ExclamationEqualsToken,
      ts.SyntaxKind.ExclamationEqualsEqualsToken,
    ];
    if (equality.includes(op)) {
      const a = value(x.left, scope);
      const b = value(x.right, scope);
      const negated = op === ts.SyntaxKind.ExclamationEqualsToken || op === ts.SyntaxKind.ExclamationEqualsEqualsToken;
      // A missing credential equals null/undefined and nothing the guard expects.
      if (a === 'absent' || b === 'absent') {
        const other = a === 'absent' ? b : a;
        const equal = other === false;
        return negated ? !equal : equal;
      }
      if (a === 'unknown' || b === 'unknown') return 'unknown';
      return 'data';
    }
    const a = value(x.left, scope);
    const b = value(x.right, scope);
    if (a === 'unknown' || b === 'unknown') return mentionsData(x, scope) ? 'data' : 'unknown';
    return 'data';
  }
  if (ts.isCallExpression(x)) {
    // A project check handed the missing credential finds none (`this.shareService.verifyShareToken(id, token)`).
    const name = x.expression.getText().split('.').pop() ?? '';
    const handed = x.arguments.some((a) => value(a, scope) === 'absent');
    if (handed && VERIFYING_CALL.test(name)) return false;
    if (handed) return 'unknown';
    return mentionsData(x, scope) ? 'data' : 'unknown';
  }
  return mentionsData(x, scope) ? 'data' : 'unknown';
}

/** Whether an expression is computed from state the guard loaded and from no credential (`moment().isAfter(share.expiration)`). */
function mentionsData(e: TS.Node, scope: Scope): boolean {
  let data = false;
  let other = false;
  const visit = (n: TS.Node): void => {
    if (ts.isIdentifier(n)) {
      if (scope.data.has(n.text)) data = true;
      if (scope.absent.has(n.text) || scope.requests.has(n.text)) other = true;
    }
    // `share.expiration`: the object is read, the property name is no variable.
    if (ts.isPropertyAccessExpression(n)) visit(n.expression);
    else ts.forEachChild(n, visit);
  };
  visit(e);
  return data && !other;
}
