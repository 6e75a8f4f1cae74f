import type * as TS from 'typescript';
import type { Evaluator } from './evaluator.js';
import { propertyNameText } from './parse-js.js';
import { ts } from './typescript.js';

/** Which fields of a value the code reads: a test per field name. */
export type FieldReads = (field: string) => boolean;

/** Fields read of a value: the ones named, or every field but some (a value handed on whole, spread before keys). */
type Reads = { all: false; names: ReadonlySet<string> } | { all: true; except: ReadonlySet<string> };

const NONE: Reads = { all: false, names: new Set() };
const ALL: Reads = { all: true, except: new Set() };
const MAX_DEPTH = 4;

function union(a: Reads, b: Reads): Reads {
  if (a.all && b.all) return { all: true, except: new Set([...a.except].filter((f) => b.except.has(f))) };
  if (a.all || b.all) {
    const [every, some] = a.all ? [a, b as Reads & { all: false }] : [b as Reads & { all: true }, a];
    return { all: true, except: new Set([...every.except].filter((f) => !some.names.has(f))) };
  }
  return { all: false, names: new Set([...a.names, ...b.names]) };
}

function without(r: Reads, keys: ReadonlySet<string>): Reads {
  return r.all
    ? { all: true, except: new Set([...r.except, ...keys]) }
    : { all: false, names: new Set([...r.names].filter((f) => !keys.has(f))) };
}

function only(name: string): Reads {
  return { all: false, names: new Set([name]) };
}

/**
 * The names of the fields the code reads of the value an expression gives (`const { title, done } = await
 * request.json()`, `body.title`), followed as {@link bodyFieldReads} follows a body; undefined when the value may have
 * any field read (handed whole to a package, returned, stored).
 */
export function fieldsReadOf(node: TS.Expression, ev: Evaluator): string[] | undefined {
  const reads = usesOf(node, ev, 0);
  return reads.all ? undefined : [...reads.names];
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
  let reads: Reads = NONE;
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
  const found = reads;
  return named ? (f) => (found.all ? !found.except.has(f) : found.names.has(f)) : undefined;
}

/** What is read of the value at `node`, by what is done with it where it stands. */
function usesOf(node: TS.Expression, ev: Evaluator, depth: number): Reads {
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
    return only(parent.name.text);
  }
  if (ts.isElementAccessExpression(parent) && parent.expression === node) {
    const key = parent.argumentExpression;
    if (ts.isStringLiteralLike(key)) return only(key.text);
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
    return without(usesOf(literal, ev, depth + 1), replaced);
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
function bindingReads(name: TS.BindingName, ev: Evaluator, depth: number): Reads {
  if (ts.isObjectBindingPattern(name)) {
    if (name.elements.some((el) => el.dotDotDotToken)) return ALL;
    const keys = name.elements.flatMap((el) => propertyNameText(el.propertyName ?? el.name) ?? []);
    return { all: false, names: new Set(keys) };
  }
  if (!ts.isIdentifier(name)) return ALL;
  const scope = scopeOf(name);
  if (!scope) return ALL;
  let reads: Reads = NONE;
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
