import type * as TS from 'typescript';
import type { Evaluator } from './evaluator.js';
import { propertyNameText } from './parse-js.js';
import { ts } from './typescript.js';

/** Which fields of a value the code reads: a test per field name. */
export type FieldReads = (field: string) => boolean;

const NONE: FieldReads = () => false;
const ALL: FieldReads = () => true;
const MAX_DEPTH = 4;

function union(a: FieldReads, b: FieldReads): FieldReads {
  if (a === NONE) return b;
  if (b === NONE) return a;
  return (f) => a(f) || b(f);
}

/**
 * The fields of a request body the handler reads, when its body is known only from a TypeScript type: a field the
 * code never reads is not one it accepts, whatever the type declares. Followed: `req.body.x`, destructuring, a local
 * holding the body, the body spread into an object literal (keys written after the spread replace the body's), and
 * the body or that literal handed to a project function or method (`repository.create(req.body)`), whose parameter is
 * followed the same way, a few calls deep. Anything else done with it (given to a package, stored, returned) may read
 * every field. Undefined when the body is never named.
 */
export function bodyFieldReads(fn: TS.SignatureDeclaration, reqName: string, ev: Evaluator): FieldReads | undefined {
  const body = (fn as TS.FunctionLikeDeclaration).body;
  if (!body) return undefined;
  let reads: FieldReads = NONE;
  let named = false;
  const visit = (node: TS.Node): void => {
    if (
      ts.isPropertyAccessExpression(node) &&
      node.name.text === 'body' &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === reqName
    ) {
      named = true;
      reads = union(reads, usesOf(node, ev, 0));
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return named ? reads : undefined;
}

/** What is read of the value at `node`, by what is done with it where it stands. */
function usesOf(node: TS.Expression, ev: Evaluator, depth: number): FieldReads {
  if (depth > MAX_DEPTH) return ALL;
  const parent = node.parent;
  if (
    ts.isParenthesizedExpression(parent) ||
    ts.isAsExpression(parent) ||
    ts.isNonNullExpression(parent) ||
    ts.isAwaitExpression(parent) ||
    ts.isSatisfiesExpression(parent)
  )
    return usesOf(parent, ev, depth);
  if (ts.isPropertyAccessExpression(parent) && parent.expression === node) {
    const name = parent.name.text;
    return (f) => f === name;
  }
  if (ts.isElementAccessExpression(parent) && parent.expression === node) {
    const key = parent.argumentExpression;
    if (ts.isStringLiteralLike(key)) return (f) => f === key.text;
    return ALL;
  }
  if (ts.isVariableDeclaration(parent) && parent.initializer === node) return bindingReads(parent.name, ev, depth);
  if (ts.isSpreadAssignment(parent) && ts.isObjectLiteralExpression(parent.parent)) {
    const literal = parent.parent;
    const at = literal.properties.indexOf(parent);
    const replaced = new Set<string>();
    for (const p of literal.properties.slice(at + 1)) {
      const key = ts.isSpreadAssignment(p) ? undefined : propertyNameText(p.name);
      if (key !== undefined) replaced.add(key);
    }
    const inner = usesOf(literal, ev, depth + 1);
    return (f) => !replaced.has(f) && inner(f);
  }
  if (ts.isCallExpression(parent) && parent.arguments.includes(node)) {
    const index = parent.arguments.indexOf(node);
    const callee = ev.evaluate(parent.expression);
    if (callee?.kind !== 'function') return ALL;
    const param = callee.node.parameters[index];
    if (!param || param.dotDotDotToken) return ALL;
    return bindingReads(param.name, ev, depth + 1);
  }
  return ALL;
}

/** What is read of a value bound to a name or destructured (`const { a, b } = body`, `create(todo)`). */
function bindingReads(name: TS.BindingName, ev: Evaluator, depth: number): FieldReads {
  if (ts.isObjectBindingPattern(name)) {
    if (name.elements.some((el) => el.dotDotDotToken)) return ALL;
    const keys = new Set(name.elements.map((el) => propertyNameText(el.propertyName ?? el.name)));
    return (f) => keys.has(f);
  }
  if (!ts.isIdentifier(name)) return ALL;
  const scope = scopeOf(name);
  if (!scope) return ALL;
  let reads: FieldReads = NONE;
  const visit = (node: TS.Node): void => {
    if (ts.isIdentifier(node) && node !== name && node.text === name.text && isReference(node)) {
      const binding = ev.bindingOf(node.text, node);
      if (binding?.decl === name.parent) reads = union(reads, usesOf(node, ev, depth));
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return reads;
}

/** The function body or block a declared name is visible in. */
function scopeOf(name: TS.Identifier): TS.Node | undefined {
  for (let n: TS.Node | undefined = name.parent; n; n = n.parent) {
    if (ts.isFunctionLike(n)) return (n as TS.FunctionLikeDeclaration).body;
    if (ts.isBlock(n) || ts.isSourceFile(n)) return n;
  }
  return undefined;
}

/** An identifier used as a value, not a property name or a declaration's name. */
function isReference(id: TS.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p)) && p.name === id)
    return false;
  if ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isBindingElement(p)) && p.name === id) return false;
  return true;
}
