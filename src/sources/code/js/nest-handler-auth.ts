import type * as TS from 'typescript';
import type { AuthEvidence } from '../../../model/index.js';
import { CREDENTIAL_HEADER, type GuardVerdict, rejectsUnauthenticated, schemesFromText } from '../auth/auth-signals.js';
import { lineOf, unwrapExpression } from './parse-js.js';
import { ts } from './typescript.js';

/** The project method `this.<service>.<method>(…)` calls, when the controller's injected service can be read. */
export type ServiceMethod = (callee: TS.PropertyAccessExpression) => TS.MethodDeclaration | undefined;

/** Nest's exceptions that refuse a caller without credentials. */
const REFUSAL = /\bnew\s+(?:UnauthorizedException|ForbiddenException)\b/;
/** A credential verified or decoded (`this.jwtService.decode(token)`, `verifyAsync`), not only stored or passed on. */
const CREDENTIAL_CHECK = /\b(?:verify|decode)\w*\s*\(/i;

/**
 * What a NestJS handler does itself with a credential of the request it takes with `@Req()`, in its first
 * statements: `if (!request.cookies.refresh_token) throw new UnauthorizedException()` refuses a caller without it
 * (required); handing it to an injected service that decodes or verifies it (`this.authService.signOut(
 * request.cookies.access_token)`) and going on reads it when sent (optional), unless that service method refuses with
 * 401/403 itself. Undefined when the handler takes no request or reads no credential of it.
 */
export function nestHandlerVerdict(member: TS.ClassElement, serviceMethod: ServiceMethod): GuardVerdict | undefined {
  if (!ts.isMethodDeclaration(member) || !member.body) return undefined;
  const requests = new Set<string>();
  for (const p of member.parameters) {
    const decorated = ts
      .getDecorators(p)
      ?.some((d) => /^(?:Req|Request)$/.test(unwrapExpression(d.expression).getText().replace(/\(.*$/s, '')));
    if (decorated && ts.isIdentifier(p.name)) requests.add(p.name.text);
  }
  if (requests.size === 0) return undefined;
  const evidenceAt = (node: TS.Node, what: string): AuthEvidence => ({
    file: node.getSourceFile().fileName,
    line: lineOf(node),
    what: what.replace(/\s+/g, ' ').slice(0, 120),
  });
  let optional: GuardVerdict | undefined;
  for (const statement of member.body.statements.slice(0, 6)) {
    if (ts.isIfStatement(statement)) {
      const cond = unwrapExpression(statement.expression);
      const missing =
        ts.isPrefixUnaryExpression(cond) && cond.operator === ts.SyntaxKind.ExclamationToken
          ? credentialRead(cond.operand, requests)
          : undefined;
      if (missing && REFUSAL.test(statement.thenStatement.getText()))
        return {
          state: 'required',
          evidence: evidenceAt(statement, `if (${cond.getText()}) → 401/403 in the handler`),
          schemes: schemesFromText(missing),
        };
    }
    if (optional) continue;
    const visit = (node: TS.Node): void => {
      if (optional || ts.isFunctionLike(node)) return;
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
        // The credential itself, or the whole request for the service to read it from
        // (`this.authService.getIdOfCurrentUser(request)` reading `request.cookies.access_token`).
        const whole = node.arguments.some((a) => {
          const x = unwrapExpression(a);
          return ts.isIdentifier(x) && requests.has(x.text);
        });
        let handed = node.arguments.map((a) => credentialRead(a, requests)).find((r) => r !== undefined);
        const method = handed || whole ? serviceMethod(node.expression) : undefined;
        const text = method?.body?.getText() ?? '';
        if (!handed && whole && method) handed = readsRequestCredential(method);
        if (handed && CREDENTIAL_CHECK.test(text) && !rejectsUnauthenticated(text))
          optional = {
            state: 'optional',
            evidence: evidenceAt(node, node.getText()),
            schemes: schemesFromText(handed),
            reason: 'the handler hands the credential to a service that decodes it, and goes on without it',
          };
      }
      ts.forEachChild(node, visit);
    };
    visit(statement);
  }
  return optional;
}

/** The credential a service method reads from the request it is handed as its first parameter, as text. */
function readsRequestCredential(method: TS.MethodDeclaration): string | undefined {
  const first = method.parameters[0];
  if (!first || !ts.isIdentifier(first.name) || !method.body) return undefined;
  const requests = new Set([first.name.text]);
  let found: string | undefined;
  const visit = (node: TS.Node): void => {
    if (found) return;
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node))
      found = credentialRead(node, requests);
    ts.forEachChild(node, visit);
  };
  visit(method.body);
  return found;
}

/** `request.cookies.refresh_token`, `req.headers.authorization`, `req.headers['x-api-key']`: the read, as text. */
function credentialRead(e: TS.Expression, requests: ReadonlySet<string>): string | undefined {
  const x = unwrapExpression(e);
  if (!ts.isPropertyAccessExpression(x) && !ts.isElementAccessExpression(x)) return undefined;
  const store = unwrapExpression(x.expression);
  if (!ts.isPropertyAccessExpression(store) || !/^(?:cookies|signedCookies|headers)$/.test(store.name.text))
    return undefined;
  const owner = unwrapExpression(store.expression);
  if (!ts.isIdentifier(owner) || !requests.has(owner.text)) return undefined;
  const key = ts.isPropertyAccessExpression(x)
    ? x.name.text
    : ts.isStringLiteralLike(x.argumentExpression)
      ? x.argumentExpression.text
      : '';
  return CREDENTIAL_HEADER.test(key) ? `${store.name.text} ${key}` : undefined;
}
