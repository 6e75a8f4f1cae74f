import type * as TS from 'typescript';
import type { Evaluator } from './evaluator.js';
import { isReaddirMethod } from './glob-files.js';
import { propertyNameText, unwrapExpression } from './parse-js.js';
import type { StaticValue } from './static-value.js';
import { ts } from './typescript.js';

/**
 * Route modules loaded from a folder: a loop over `fs.readdir…(dir)` requires each file by a name it builds
 * (`require(path.join(dir, f))`) and mounts what the module gives, `app.use(route.path, route.router)`. The module
 * value reaches the mount through a name the evaluator cannot follow (a promise chain's `.then((route) => …)`, a
 * factory called with the app), so while the loop variable is bound to one file name, the name read in the mount is
 * bound to that file's module: its export, or what the export returns when it is a function (`(app) => ({ path,
 * router })`). Rewrites of a property before the mount (`if (!route.skip_domain) route.path = `/:domain/v${…}``) are
 * applied when their condition reads only properties of the module's object; a condition that reads anything else
 * (`route.path[0] !== '/'`, a slash normalisation) leaves the value as the module wrote it.
 *
 * Returns the bindings to read the mount with, or undefined when the call is not such a mount.
 */
export function folderModuleBinding(ev: Evaluator, call: TS.CallExpression): Map<TS.Node, TS.Expression> | undefined {
  const loop = readdirLoop(call);
  if (!loop) return undefined;
  const entry = ev.bindings.get(loop.variable);
  if (!entry) return undefined;
  const holder = moduleHolder(ev, call);
  if (!holder) return undefined;
  const loaded = dynamicRequire(loop.body);
  if (!loaded) return undefined;
  // `require(`${dir}/${fname}`)` in `function loadRoutes(app, dir)`: the folder is what the one caller passes.
  const callerArgs = new Map<TS.Node, TS.Expression>();
  const visit = (n: TS.Node): void => {
    if (ts.isIdentifier(n)) {
      const v = ev.evaluate(n);
      const arg = v?.kind === 'param' ? ev.soleCallArgument(v.decl) : undefined;
      if (v?.kind === 'param' && arg) callerArgs.set(v.decl, arg);
    }
    ts.forEachChild(n, visit);
  };
  visit(loaded.arguments[0] as TS.Expression);
  const mod = ev.withBindings(callerArgs, () => ev.evaluate(loaded));
  if (mod?.kind !== 'module') return undefined;
  let value: StaticValue | undefined = ev.asValue(mod);
  if (value?.kind === 'function') value = ev.returnValue(value.node);
  if (value?.kind !== 'object') return undefined;
  const bound = new Map<TS.Node, TS.Expression>([[holder.decl, value.node]]);
  applyRewrites(call, holder, value.node, bound);
  return bound;
}

interface Holder {
  name: string;
  decl: TS.Node;
}

/** The name whose properties a mount reads (`route` of `app.use(route.path, route.router)`), when its value is unknown. */
function moduleHolder(ev: Evaluator, call: TS.CallExpression): Holder | undefined {
  for (const arg of call.arguments.slice(0, 2)) {
    let e = unwrapExpression(arg);
    if (ts.isBinaryExpression(e)) e = unwrapExpression(e.left);
    if (!ts.isPropertyAccessExpression(e)) continue;
    const base = unwrapExpression(e.expression);
    if (!ts.isIdentifier(base)) continue;
    const binding = ev.bindingOf(base.text, base);
    if (!binding || binding.access.length > 0) continue;
    if (!ts.isParameter(binding.decl) && !ts.isVariableDeclaration(binding.decl)) continue;
    // A name already known as something else (a router, an object of this file) is not the loaded module.
    const known = ev.evaluate(base);
    if (known !== undefined && known.kind !== 'param' && known.kind !== 'module' && known.kind !== 'function') continue;
    return { name: base.text, decl: binding.decl };
  }
  return undefined;
}

/** The loop over a folder listing that holds the call: its variable and body. */
function readdirLoop(call: TS.Node): { variable: TS.Node; body: TS.Node } | undefined {
  for (let n: TS.Node | undefined = call.parent; n && !ts.isSourceFile(n); n = n.parent) {
    if ((ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && n.parameters[0] && ts.isCallExpression(n.parent)) {
      const outer: TS.CallExpression = n.parent;
      if (outer.arguments[0] !== n || !ts.isPropertyAccessExpression(outer.expression)) continue;
      if (!/^(?:forEach|map|flatMap|each|mapSeries)$/.test(outer.expression.name.text)) continue;
      if (listsFolder(outer.expression.expression)) return { variable: n.parameters[0], body: n.body };
    } else if (ts.isForOfStatement(n) && ts.isVariableDeclarationList(n.initializer)) {
      const decl = n.initializer.declarations[0];
      if (decl && listsFolder(n.expression)) return { variable: decl, body: n.statement };
    }
  }
  return undefined;
}

/** Whether an expression is a `readdir` call, or a name a `readdir` call initialised in its function. */
function listsFolder(expression: TS.Expression): boolean {
  const e = unwrapExpression(expression);
  if (ts.isCallExpression(e)) {
    const callee = unwrapExpression(e.expression);
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
    return isReaddirMethod(name);
  }
  if (!ts.isIdentifier(e)) return false;
  for (let n: TS.Node | undefined = e.parent; n && !ts.isSourceFile(n); n = n.parent) {
    // `readdir(dir).then((files) => files.map(…))`: the listing the promise resolves to.
    const then = thenReceiver(n, e.text);
    if (then) return listsFolder(then);
    if (!ts.isBlock(n)) continue;
    for (const st of n.statements) {
      if (!ts.isVariableStatement(st)) continue;
      for (const d of st.declarationList.declarations)
        if (ts.isIdentifier(d.name) && d.name.text === e.text && d.initializer) return listsFolder(d.initializer);
    }
  }
  return false;
}

/** The promise a `.then(cb)` is called on, when `n` is that callback and `name` its first parameter. */
function thenReceiver(n: TS.Node, name: string): TS.Expression | undefined {
  if (!(ts.isArrowFunction(n) || ts.isFunctionExpression(n))) return undefined;
  const param = n.parameters[0];
  if (!param || !ts.isIdentifier(param.name) || param.name.text !== name) return undefined;
  const call = n.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== n) return undefined;
  const callee = unwrapExpression(call.expression);
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 'then' ? callee.expression : undefined;
}

/** The first `require(…)` / `import(…)` of a name built at run time inside the loop body. */
function dynamicRequire(body: TS.Node): TS.CallExpression | undefined {
  let found: TS.CallExpression | undefined;
  const visit = (n: TS.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n)) {
      const callee = n.expression;
      const loads =
        (ts.isIdentifier(callee) && callee.text === 'require') || callee.kind === ts.SyntaxKind.ImportKeyword;
      const arg = n.arguments[0];
      if (loads && arg && !ts.isStringLiteralLike(unwrapExpression(arg))) {
        found = n;
        return;
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(body);
  return found;
}

/**
 * Binds the mount's reads of a rewritten property (`route.path`) to the last rewrite before the mount whose
 * conditions hold for the module's object; each rewrite reads the value the one before it gave.
 */
function applyRewrites(
  call: TS.CallExpression,
  holder: Holder,
  object: TS.ObjectLiteralExpression,
  bound: Map<TS.Node, TS.Expression>,
): void {
  const fn = enclosingFunction(call);
  if (!fn) return;
  const reads = (root: TS.Node, key: string): TS.PropertyAccessExpression[] => {
    const out: TS.PropertyAccessExpression[] = [];
    const visit = (n: TS.Node): void => {
      if (isHolderRead(n, holder.name, key)) out.push(n);
      ts.forEachChild(n, visit);
    };
    visit(root);
    return out;
  };
  const current = new Map<string, TS.Expression>();
  const visit = (n: TS.Node): void => {
    if (n.pos >= call.pos) return;
    if (
      ts.isBinaryExpression(n) &&
      n.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(n.left) &&
      isHolderRead(n.left, holder.name, n.left.name.text) &&
      conditionsHold(n, fn, holder.name, object) === true
    ) {
      const key = n.left.name.text;
      const before = current.get(key);
      if (before) for (const read of reads(n.right, key)) bound.set(read, before);
      current.set(key, n.right);
    }
    if (!ts.isFunctionLike(n) || n === fn) ts.forEachChild(n, visit);
  };
  visit(fn);
  for (const [key, value] of current) for (const read of reads(call, key)) bound.set(read, value);
}

function isHolderRead(n: TS.Node, name: string, key: string): n is TS.PropertyAccessExpression {
  return (
    ts.isPropertyAccessExpression(n) &&
    n.name.text === key &&
    ts.isIdentifier(unwrapExpression(n.expression)) &&
    (unwrapExpression(n.expression) as TS.Identifier).text === name
  );
}

function enclosingFunction(n: TS.Node): TS.SignatureDeclaration | undefined {
  for (let p: TS.Node | undefined = n.parent; p; p = p.parent) if (ts.isFunctionLike(p)) return p;
  return undefined;
}

/** Whether every `if` between a statement and its function holds: true, false, or undefined when not decidable. */
function conditionsHold(
  n: TS.Node,
  fn: TS.Node,
  name: string,
  object: TS.ObjectLiteralExpression,
): boolean | undefined {
  let child = n;
  for (let p: TS.Node | undefined = n.parent; p && p !== fn; child = p, p = p.parent) {
    if (!ts.isIfStatement(p) || child === p.expression) continue;
    const holds = truth(p.expression, name, object);
    if (holds === undefined) return undefined;
    if (holds !== (child === p.thenStatement)) return false;
  }
  return true;
}

/** The truth of a condition that reads only properties of the module's object (`!route.skip_domain`). */
function truth(expr: TS.Expression, name: string, object: TS.ObjectLiteralExpression): boolean | undefined {
  const e = unwrapExpression(expr);
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
    const inner = truth(e.operand, name, object);
    return inner === undefined ? undefined : !inner;
  }
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    if (op !== ts.SyntaxKind.AmpersandAmpersandToken && op !== ts.SyntaxKind.BarBarToken) return undefined;
    const l = truth(e.left, name, object);
    const r = truth(e.right, name, object);
    if (op === ts.SyntaxKind.AmpersandAmpersandToken)
      return l === false || r === false ? false : l === true && r === true ? true : undefined;
    return l === true || r === true ? true : l === false && r === false ? false : undefined;
  }
  if (!ts.isPropertyAccessExpression(e) || !isHolderRead(e, name, e.name.text)) return undefined;
  const key = e.name.text;
  const prop = object.properties.find((p) => !ts.isSpreadAssignment(p) && propertyNameText(p.name) === key);
  if (object.properties.some(ts.isSpreadAssignment)) return undefined;
  if (!prop) return false;
  if (!ts.isPropertyAssignment(prop)) return undefined;
  const v = unwrapExpression(prop.initializer);
  if (v.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (v.kind === ts.SyntaxKind.FalseKeyword || v.kind === ts.SyntaxKind.NullKeyword) return false;
  if (ts.isStringLiteralLike(v)) return v.text !== '';
  if (ts.isNumericLiteral(v)) return Number(v.text) !== 0;
  if (ts.isObjectLiteralExpression(v) || ts.isArrayLiteralExpression(v)) return true;
  return undefined;
}
