import type * as TS from 'typescript';
import {
  folderEntries,
  globCheckout,
  globListing,
  isReaddirMethod,
  joinFsPaths,
  readdirListing,
} from './glob-files.js';
import type { ModuleTable } from './js-project.js';
import type { ModuleInfo } from './module-graph.js';
import { isRequireCall, lineOf, memberName, propertyNameText, unwrapExpression } from './parse-js.js';
import {
  concatPaths,
  type MountEdge,
  type PathValue,
  type RouterFramework,
  type RouterNode,
  type StaticValue,
} from './static-value.js';
import { ts } from './typescript.js';

/** A declaration a name refers to, and the property path inside a destructuring pattern. */
export interface Binding {
  decl: TS.Node;
  access: string[];
}

const MAX_DEPTH = 40;

/**
 * Node kinds {@link Evaluator.scopeOf} may find names in, derived from the same kind tests it applies so the two
 * cannot drift apart (each test reads only `kind`). Derived on first use: deriving them loads the TypeScript compiler,
 * which importing this module must not do.
 */
let scopeKindSet: ReadonlySet<TS.SyntaxKind> | undefined;
function scopeKinds(): ReadonlySet<TS.SyntaxKind> {
  if (scopeKindSet !== undefined) return scopeKindSet;
  const kinds = new Set<TS.SyntaxKind>();
  for (let kind = 0; kind < ts.SyntaxKind.Count; kind++) {
    const stub = { kind } as TS.Node;
    if (
      ts.isSourceFile(stub) ||
      ts.isBlock(stub) ||
      ts.isModuleBlock(stub) ||
      ts.isCaseClause(stub) ||
      ts.isDefaultClause(stub) ||
      ts.isFunctionLike(stub) ||
      ts.isForOfStatement(stub) ||
      ts.isForInStatement(stub) ||
      ts.isForStatement(stub) ||
      ts.isCatchClause(stub)
    )
      kinds.add(kind);
  }
  scopeKindSet = kinds;
  return kinds;
}
const IN_PROGRESS = Symbol('in-progress');

/** A call that may call a given function; `calls`, when set, tells whether it does under the current bindings. */
interface SiteCandidate {
  call: TS.CallExpression | TS.NewExpression;
  calls?: () => boolean;
}

/** `undefined`, `null` or `void 0`: a field declared without a value yet. */
function isPlaceholder(e: TS.Expression): boolean {
  const x = unwrapExpression(e);
  return (
    x.kind === ts.SyntaxKind.NullKeyword || ts.isVoidExpression(x) || (ts.isIdentifier(x) && x.text === 'undefined')
  );
}

/**
 * The first value a method assigns to `this.<key>` (or `<className>.<key>` when given, for a static field), at any
 * depth of its body but outside nested functions, placeholders skipped.
 */
function assignedMember(
  method: TS.ConstructorDeclaration | TS.MethodDeclaration,
  key: string,
  className: string | undefined,
): TS.Expression | undefined {
  let found: TS.Expression | undefined;
  const visit = (node: TS.Node): void => {
    if (found || ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isClassLike(node)) return;
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      node.left.name.text === key &&
      (node.left.expression.kind === ts.SyntaxKind.ThisKeyword ||
        (className !== undefined &&
          ts.isIdentifier(node.left.expression) &&
          node.left.expression.text === className)) &&
      !isPlaceholder(node.right)
    ) {
      found = node.right;
      return;
    }
    ts.forEachChild(node, visit);
  };
  if (method.body) visit(method.body);
  return found;
}

function collectPatternNames(name: TS.BindingName, decl: TS.Node, access: string[], into: Map<string, Binding>): void {
  if (ts.isIdentifier(name)) {
    into.set(name.text, { decl, access });
    return;
  }
  name.elements.forEach((el, index) => {
    if (ts.isOmittedExpression(el)) return;
    // `{ context, ...options }`: the rest stands for the object itself, which still holds every key it is read for.
    if (el.dotDotDotToken) {
      if (ts.isObjectBindingPattern(name)) collectPatternNames(el.name, decl, access, into);
      return;
    }
    const key = ts.isObjectBindingPattern(name)
      ? propertyNameText(el.propertyName ?? (el.name as TS.PropertyName))
      : String(index);
    if (key !== undefined) collectPatternNames(el.name, decl, [...access, key], into);
  });
}

function addStatementNames(statements: readonly TS.Statement[], into: Map<string, Binding>): void {
  for (const s of statements) {
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) collectPatternNames(d.name, d, [], into);
    } else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isEnumDeclaration(s)) && s.name) {
      if (!into.has(s.name.text)) into.set(s.name.text, { decl: s, access: [] });
    }
  }
}

/** Framework and kind of the router a package export creates when called (or `new`-ed). */
function routerFactory(
  pkg: string,
  path: readonly string[],
): { framework: RouterFramework; koaRouter?: boolean; sub?: boolean } | undefined {
  const last = path[path.length - 1];
  const top = path.length === 0 || (path.length === 1 && last === 'default');
  switch (pkg) {
    case 'express':
      if (last === 'Router') return { framework: 'express', sub: true };
      return top || last === 'express' ? { framework: 'express' } : undefined;
    case 'express-promise-router':
    case 'express-async-router':
      return top ? { framework: 'express', sub: true } : undefined;
    case 'fastify':
      return top || last === 'fastify' || last === 'Fastify' ? { framework: 'fastify' } : undefined;
    case 'koa':
      return top || last === 'Koa' ? { framework: 'koa' } : undefined;
    case '@koa/router':
    case 'koa-router':
    case 'koa-tree-router':
      return top || last === 'Router' ? { framework: 'koa', koaRouter: true } : undefined;
    // koa-swagger-decorator's router is a koa-router subclass that also serves its swagger pages.
    case 'koa-swagger-decorator':
      return last === 'SwaggerRouter' ? { framework: 'koa', koaRouter: true } : undefined;
    case 'hono':
    case 'hono/tiny':
    case 'hono/quick':
      return last === 'Hono' ? { framework: 'hono' } : undefined;
    case '@hono/zod-openapi':
      return last === 'OpenAPIHono' ? { framework: 'hono' } : undefined;
    default:
      return undefined;
  }
}

/** Packages whose default export wraps a plugin function without changing it. */
const PLUGIN_WRAPPERS = new Set(['fastify-plugin']);

/**
 * Static evaluation of JS/TS expressions across the modules of a checkout: constants, string building, imports and
 * exports, router objects and the functions that receive them. Never runs code; gives up (undefined) on anything
 * dynamic.
 */
export class Evaluator {
  readonly routers = new Map<TS.Node, RouterNode>();
  readonly mounts: MountEdge[] = [];
  private readonly mountKeys = new Set<string>();
  private readonly memo = new Map<TS.Node, StaticValue | undefined | typeof IN_PROGRESS>();
  private readonly scopes = new WeakMap<TS.Node, Map<string, Binding> | null>();
  /** Loop variables bound to one element while a loop body is evaluated. */
  readonly bindings = new Map<TS.Node, TS.Expression>();

  /** Runs `read` with parameters bound to the given expressions (a call's arguments), restoring the bindings after. */
  withBindings<T>(bound: ReadonlyMap<TS.Node, TS.Expression> | undefined, read: () => T): T {
    if (bound === undefined || bound.size === 0) return read();
    const saved = new Map(this.bindings);
    for (const [k, v] of bound) this.bindings.set(k, v);
    try {
      return read();
    } finally {
      this.bindings.clear();
      for (const [k, v] of saved) this.bindings.set(k, v);
    }
  }
  private depth = 0;
  private nextId = 1;

  constructor(
    readonly modules: ModuleTable,
    private readonly env: Readonly<Record<string, string>>,
  ) {}

  /** Adds a mount edge once. */
  addMount(parent: RouterNode, child: RouterNode, prefix: PathValue): void {
    if (parent === child) return;
    const key = `${parent.id}>${child.id}>${prefix.unresolved ?? ''}|${prefix.text}`;
    if (this.mountKeys.has(key)) return;
    this.mountKeys.add(key);
    this.mounts.push({ parent, child, prefix });
  }

  /** The router a node creates, made once. */
  routerAt(node: TS.Node, framework: RouterFramework | undefined, kind: RouterNode['kind']): RouterNode {
    let router = this.routers.get(node);
    if (!router) {
      router = { id: this.nextId++, framework, file: node.getSourceFile().fileName, line: lineOf(node), kind };
      this.routers.set(node, router);
    }
    return router;
  }

  /** Routers made inside a loop body or a helper, one per binding of its loop variable or parameters. */
  private readonly iterationRouters = new Map<string, RouterNode>();
  private readonly nodeIds = new WeakMap<TS.Node, number>();

  private nodeId(node: TS.Node): number {
    let id = this.nodeIds.get(node);
    if (id === undefined) {
      id = this.nextNodeId++;
      this.nodeIds.set(node, id);
    }
    return id;
  }
  private nextNodeId = 1;

  /** Every router made so far. */
  allRouters(): RouterNode[] {
    return [...this.routers.values(), ...this.iterationRouters.values()];
  }

  /**
   * The bindings a router made at `node` depends on: those of the loop variables and parameters whose loop or
   * function holds `node` (`matches.forEach((mod) => { const r = new Router({ prefix: require(mod).baseUrl }) })`
   * makes one router per module). Undefined when none applies.
   */
  private iterationKey(node: TS.Node): string | undefined {
    if (this.bindings.size === 0) return undefined;
    const parts: string[] = [];
    for (const [decl, value] of this.bindings) {
      const owner = ts.isVariableDeclarationList(decl.parent) ? decl.parent.parent : decl.parent;
      if (owner && owner.getSourceFile() === node.getSourceFile() && owner.pos <= node.pos && node.end <= owner.end)
        parts.push(`${this.nodeId(decl)}=${this.nodeId(value)}`);
    }
    return parts.length > 0 ? parts.join(',') : undefined;
  }

  /** The router a node creates under the current bindings: one per iteration inside a loop, else {@link routerAt}. */
  private routerMadeAt(node: TS.Node, framework: RouterFramework | undefined): RouterNode {
    const iteration = this.iterationKey(node);
    if (iteration === undefined) return this.routerAt(node, framework, 'created');
    const key = `${this.nodeId(node)}|${iteration}`;
    let router = this.iterationRouters.get(key);
    if (!router) {
      router = {
        id: this.nextId++,
        framework,
        file: node.getSourceFile().fileName,
        line: lineOf(node),
        kind: 'created',
      };
      this.iterationRouters.set(key, router);
    }
    return router;
  }

  /** The router a function parameter stands for. */
  paramRouter(decl: TS.ParameterDeclaration): RouterNode {
    const existing = this.routers.get(decl);
    if (existing) return existing;
    const router = this.routerAt(decl, undefined, 'param');
    router.param = decl;
    const hint = decl.type ? decl.type.getText() : '';
    if (/Fastify/.test(hint)) router.hint = 'fastify';
    else if (/Hono/.test(hint)) router.hint = 'hono';
    else if (/Koa|KoaRouter|Router<.*Context|DefaultState/.test(hint)) router.hint = 'koa';
    else if (/Express|Application|IRouter|Router/.test(hint)) router.hint = 'express';
    return router;
  }

  /** The existing router of a parameter, without creating one. */
  existingParamRouter(decl: TS.ParameterDeclaration): RouterNode | undefined {
    return this.routers.get(decl);
  }

  private scopeOf(node: TS.Node): Map<string, Binding> | null {
    // Lookups walk every ancestor of an identifier, and most ancestors (calls, expressions, statements) open no
    // scope: answer those from the node kind, without a cache probe or an entry.
    if (!scopeKinds().has(node.kind)) return null;
    const cached = this.scopes.get(node);
    if (cached !== undefined) return cached;
    let names: Map<string, Binding> | null = null;
    if (
      ts.isSourceFile(node) ||
      ts.isBlock(node) ||
      ts.isModuleBlock(node) ||
      ts.isCaseClause(node) ||
      ts.isDefaultClause(node)
    ) {
      names = new Map();
      addStatementNames(node.statements, names);
    } else if (ts.isFunctionLike(node)) {
      names = new Map();
      for (const p of node.parameters) collectPatternNames(p.name, p, [], names);
      if ((ts.isFunctionExpression(node) || ts.isClassExpression(node)) && node.name)
        names.set(node.name.text, { decl: node, access: [] });
    } else if (ts.isForOfStatement(node) || ts.isForInStatement(node) || ts.isForStatement(node)) {
      const init = node.initializer;
      if (init && ts.isVariableDeclarationList(init)) {
        names = new Map();
        for (const d of init.declarations) collectPatternNames(d.name, d, [], names);
      }
    } else if (ts.isCatchClause(node) && node.variableDeclaration) {
      names = new Map();
      collectPatternNames(node.variableDeclaration.name, node.variableDeclaration, [], names);
    }
    this.scopes.set(node, names);
    return names;
  }

  /** Finds what an identifier refers to, walking scopes outwards to the module's imports. */
  private lookup(name: string, from: TS.Node): Binding | { import: true; module: ModuleInfo } | undefined {
    for (let node: TS.Node | undefined = from; node; node = node.parent) {
      const hit = this.scopeOf(node)?.get(name);
      if (hit) return hit;
      if (ts.isSourceFile(node)) {
        const mod = this.modules.get(node.fileName);
        if (mod?.imports.has(name)) return { import: true, module: mod };
      }
    }
    return undefined;
  }

  /**
   * The variable declaration a name is bound by, with the property path inside its destructuring pattern
   * (`const { handlers: { GET } } = NextAuth(…)` gives `handlers.GET`), imports and re-exports of the checkout followed.
   */
  bindingOf(name: string, from: TS.Node, depth = 0): Binding | undefined {
    const found = this.lookup(name, from);
    if (!found || depth > 10) return undefined;
    if (!('import' in found)) return found;
    const imported = found.module.imports.get(name);
    if (!imported?.resolved || imported.imported === '*') return undefined;
    return this.exportBinding(imported.resolved, imported.imported, depth + 1);
  }

  /** {@link bindingOf} for a module's export. */
  exportBinding(file: string, name: string, depth = 0): Binding | undefined {
    const mod = this.modules.get(file);
    if (!mod || depth > 10) return undefined;
    const node = mod.exports.get(name);
    if (node && ts.isIdentifier(node)) return this.bindingOf(node.text, node, depth + 1);
    if (node && ts.isVariableDeclaration(node)) return { decl: node, access: [] };
    if (node && ts.isBindingElement(node)) {
      const access: string[] = [];
      let at: TS.Node = node;
      while (ts.isBindingElement(at)) {
        const key = propertyNameText(at.propertyName ?? (at.name as TS.PropertyName));
        if (key === undefined || !ts.isObjectBindingPattern(at.parent)) return undefined;
        access.unshift(key);
        at = at.parent.parent;
      }
      return ts.isVariableDeclaration(at) ? { decl: at, access } : undefined;
    }
    if (node) return undefined;
    const re = mod.reexports.find((r) => r.as === name && r.from && r.imported !== '*');
    if (re?.from) return this.exportBinding(re.from, re.imported, depth + 1);
    // `export * from './default.guard'`: the name may come from any module re-exported whole.
    if (name === 'default' || !this.modules.mayExport(file, name)) return undefined;
    for (const star of mod.reexports) {
      if (star.as !== '*' || !star.from) continue;
      const found = this.exportBinding(star.from, name, depth + 1);
      if (found) return found;
    }
    return undefined;
  }

  /** Value of an identifier at a place in the code. */
  evaluateName(name: string, from: TS.Node): StaticValue | undefined {
    const found = this.lookup(name, from);
    if (!found) return undefined;
    if ('import' in found) {
      const binding = found.module.imports.get(name)!;
      if (binding.resolved) {
        return binding.imported === '*'
          ? { kind: 'module', file: binding.resolved }
          : this.exportValue(binding.resolved, binding.imported);
      }
      return {
        kind: 'package',
        name: binding.specifier,
        path: binding.imported === '*' || binding.imported === 'default' ? [] : [binding.imported],
      };
    }
    let value = this.declarationValue(found.decl);
    // `({ config }) => … config.VERSION`: a destructured parameter reads the object its function's one call site
    // passes (`loader({ config })`); with several sites, or none, which object is meant cannot be told.
    if (value?.kind === 'param' && found.access.length > 0 && ts.isObjectBindingPattern(value.decl.name)) {
      const arg = this.soleCallArgument(value.decl);
      const given = arg && this.evaluate(arg);
      if (given) value = given;
    }
    for (const key of found.access) value = value && this.member(value, key, from);
    return value;
  }

  private declarationValue(decl: TS.Node): StaticValue | undefined {
    if (ts.isVariableDeclaration(decl)) {
      const bound = this.bindings.get(decl);
      if (bound) return this.evaluate(bound);
      return decl.initializer ? this.evaluate(decl.initializer) : undefined;
    }
    if (ts.isParameter(decl)) {
      const bound = this.bindings.get(decl);
      if (bound) return this.evaluate(bound);
      return this.globCallbackValue(decl) ?? this.thenCallbackValue(decl) ?? { kind: 'param', decl };
    }
    if (ts.isFunctionDeclaration(decl) || ts.isFunctionExpression(decl)) return { kind: 'function', node: decl };
    if (ts.isClassDeclaration(decl) || ts.isClassExpression(decl)) return { kind: 'class', node: decl };
    if (ts.isEnumDeclaration(decl)) return { kind: 'enum', node: decl };
    return undefined;
  }

  /** Names a module exports, `export * from` followed; `default` left out (a star re-export never carries it). */
  exportNames(file: string, seen = new Set<string>()): string[] {
    const mod = this.modules.get(file);
    if (!mod || seen.has(file) || seen.size > 20) return [];
    seen.add(file);
    const names = new Set([...mod.exports.keys()].filter((n) => n !== 'default'));
    for (const re of mod.reexports) {
      if (re.as !== '*') names.add(re.as);
      else if (re.from) for (const n of this.exportNames(re.from, seen)) names.add(n);
    }
    return [...names];
  }

  /** Value of a module's export (following re-exports). */
  exportValue(file: string, name: string, seen = new Set<string>()): StaticValue | undefined {
    const key = `${file}#${name}`;
    if (seen.has(key) || seen.size > 20) return undefined;
    seen.add(key);
    if (!this.modules.mayExport(file, name)) return undefined;
    const mod = this.modules.get(file);
    if (!mod) return undefined;
    const node = mod.exports.get(name);
    if (node) return this.exportNodeValue(node);
    for (const re of mod.reexports) {
      if (!re.from) continue;
      if (re.as === name)
        return re.imported === '*' ? { kind: 'module', file: re.from } : this.exportValue(re.from, re.imported, seen);
      if (re.as === '*' && name !== 'default') {
        const v = this.exportValue(re.from, name, seen);
        if (v) return v;
      }
    }
    // `module.exports = require('./routes')`: an index that hands on another module whole re-exports its names.
    const whole = name !== 'default' ? mod.exports.get('default') : undefined;
    if (whole && isRequireCall(whole)) {
      const target = this.evaluate(whole as TS.Expression);
      if (target?.kind === 'module') return this.exportValue(target.file, name, seen);
    }
    return undefined;
  }

  private exportNodeValue(node: TS.Node): StaticValue | undefined {
    if (ts.isIdentifier(node)) return this.evaluateName(node.text, node.getSourceFile());
    if (ts.isPropertyAssignment(node)) return this.evaluate(node.initializer);
    if (ts.isShorthandPropertyAssignment(node)) return this.evaluateName(node.name.text, node);
    if (ts.isMethodDeclaration(node)) return { kind: 'function', node };
    if (ts.isExpression(node)) return this.evaluate(node);
    return this.declarationValue(node);
  }

  /** Property `key` of a value. */
  member(value: StaticValue, key: string, at: TS.Node): StaticValue | undefined {
    switch (value.kind) {
      case 'module':
        return this.exportValue(value.file, key);
      case 'package':
        return { kind: 'package', name: value.name, path: [...value.path, key] };
      case 'object':
        return this.objectProperty(value.node, key);
      case 'array': {
        const el = value.elements[Number(key)];
        return el ? this.evaluate(el) : undefined;
      }
      case 'class':
      case 'instance':
        return this.classMember(value.node, key, value.kind === 'class');
      case 'enum': {
        const m = value.node.members.find((mem) => propertyNameText(mem.name) === key);
        if (!m) return undefined;
        return m.initializer ? this.evaluate(m.initializer) : { kind: 'string', path: { text: key } };
      }
      case 'param': {
        // `passport.authenticate` inside `module.exports = function (app, passport) {…}`, called once as
        // `require('./routes')(app, passport)`: the member of the package its one call site passes. Only a package:
        // routers and objects handed to a function are followed by the router analysis itself.
        const given = this.argumentOf(value);
        return given?.kind === 'package' ? this.member(given, key, at) : undefined;
      }
      default:
        void at;
        return undefined;
    }
  }

  /** What a parameter receives from its function's one call site in the checkout; undefined for anything else. */
  argumentOf(value: StaticValue | undefined): StaticValue | undefined {
    if (value?.kind !== 'param' || !ts.isIdentifier(value.decl.name) || value.decl.dotDotDotToken) return undefined;
    const arg = this.soleCallArgument(value.decl);
    const given = arg && this.evaluate(arg);
    return given?.kind === 'param' ? undefined : given;
  }

  private objectProperty(node: TS.ObjectLiteralExpression, key: string): StaticValue | undefined {
    for (let i = node.properties.length - 1; i >= 0; i--) {
      const prop = node.properties[i] as TS.ObjectLiteralElementLike;
      if (ts.isSpreadAssignment(prop)) {
        const spread = this.evaluate(prop.expression);
        const v = spread && this.member(spread, key, prop);
        if (v) return v;
        continue;
      }
      if (propertyNameText(prop.name) !== key) continue;
      if (ts.isPropertyAssignment(prop)) return this.evaluate(prop.initializer);
      if (ts.isShorthandPropertyAssignment(prop)) return this.evaluateName(prop.name.text, prop);
      if (ts.isMethodDeclaration(prop)) return { kind: 'function', node: prop };
      return undefined;
    }
    return undefined;
  }

  private classMember(cls: TS.ClassLikeDeclaration, key: string, isStatic: boolean): StaticValue | undefined {
    for (const m of cls.members) {
      if (propertyNameText(m.name) !== key) continue;
      const staticMember = (ts.getCombinedModifierFlags(m as TS.Declaration) & ts.ModifierFlags.Static) !== 0;
      if (staticMember !== isStatic) continue;
      // `app = undefined;` or `static instance = null;` only declares the field: its value is assigned in a method.
      if (ts.isPropertyDeclaration(m) && m.initializer && !isPlaceholder(m.initializer))
        return this.evaluate(m.initializer);
      if (ts.isMethodDeclaration(m)) return { kind: 'function', node: m };
      if (ts.isGetAccessorDeclaration(m)) return this.returnValue(m);
    }
    // `this.router = Router()` in the constructor or an init method; a singleton's `Server.instance = new Server()`
    // (or `this.instance = …`) in a static method. Constructor parameter properties stay unknown.
    for (const m of cls.members) {
      if (!ts.isConstructorDeclaration(m) && !ts.isMethodDeclaration(m)) continue;
      if (ts.isMethodDeclaration(m) && ((ts.getCombinedModifierFlags(m) & ts.ModifierFlags.Static) !== 0) !== isStatic)
        continue;
      const assigned = assignedMember(m, key, isStatic ? cls.name?.text : undefined);
      if (assigned) return this.evaluate(assigned);
    }
    return undefined;
  }

  /** The value a function returns (first return statement with a known value). */
  returnValue(fn: TS.SignatureDeclaration): StaticValue | undefined {
    const body = (fn as TS.FunctionLikeDeclaration).body;
    if (!body) return undefined;
    if (!ts.isBlock(body)) return this.evaluate(body);
    let result: StaticValue | undefined;
    const visit = (node: TS.Node): void => {
      if (result) return;
      if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
      if (ts.isReturnStatement(node) && node.expression) {
        result = this.evaluate(node.expression);
        return;
      }
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(body, visit);
    return result;
  }

  /** Evaluates an expression to what is statically known of it. */
  evaluate(expression: TS.Expression): StaticValue | undefined {
    const expr = unwrapExpression(expression);
    const useMemo = this.bindings.size === 0;
    if (useMemo) {
      const hit = this.memo.get(expr);
      if (hit === IN_PROGRESS) return undefined;
      if (hit !== undefined || this.memo.has(expr)) return hit;
    }
    if (this.depth > MAX_DEPTH) return undefined;
    // An expression the analysis knows a later value of (`route.path` after `route.path = …` rewrote it).
    const rebound = useMemo ? undefined : this.bindings.get(expr);
    if (rebound !== undefined && rebound !== expr) return this.evaluate(rebound);
    if (useMemo) this.memo.set(expr, IN_PROGRESS);
    this.depth++;
    let value: StaticValue | undefined;
    try {
      value = this.compute(expr);
    } finally {
      this.depth--;
    }
    if (useMemo) this.memo.set(expr, value);
    return value;
  }

  private compute(expr: TS.Expression): StaticValue | undefined {
    if (ts.isStringLiteralLike(expr)) return { kind: 'string', path: { text: expr.text } };
    if (ts.isNumericLiteral(expr)) return { kind: 'string', path: { text: expr.text } };
    if (ts.isTemplateExpression(expr)) {
      let path: PathValue = { text: expr.head.text };
      for (const span of expr.templateSpans) {
        path = concatPaths(path, this.evaluatePath(span.expression));
        path = concatPaths(path, { text: span.literal.text });
      }
      return { kind: 'string', path };
    }
    if (ts.isIdentifier(expr)) {
      if (expr.text === 'undefined') return undefined;
      const value = this.evaluateName(expr.text, expr);
      if (value !== undefined || (expr.text !== '__dirname' && expr.text !== '__filename')) return value;
      // Node's own `__dirname`: the checkout root stands for `/`, so a path built from it names a checkout file.
      if (this.lookup(expr.text, expr) !== undefined) return undefined;
      const file = expr.getSourceFile().fileName;
      return { kind: 'string', path: { text: `/${expr.text === '__filename' ? file : dirOf(file)}` } };
    }
    if (expr.kind === ts.SyntaxKind.ThisKeyword) {
      for (let n: TS.Node | undefined = expr.parent; n; n = n.parent) {
        if (ts.isClassLike(n)) return { kind: 'instance', node: n };
        if (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n)) return undefined;
      }
      return undefined;
    }
    if (ts.isObjectLiteralExpression(expr)) return { kind: 'object', node: expr };
    if (ts.isArrayLiteralExpression(expr)) return { kind: 'array', elements: expr.elements };
    if (ts.isArrowFunction(expr) || ts.isFunctionExpression(expr)) return { kind: 'function', node: expr };
    if (ts.isClassExpression(expr)) return { kind: 'class', node: expr };
    if (ts.isBinaryExpression(expr)) return this.computeBinary(expr);
    if (ts.isConditionalExpression(expr)) return this.computeConditional(expr);
    if (ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr)) return this.computeMember(expr);
    if (ts.isCallExpression(expr)) return this.computeCall(expr);
    if (ts.isNewExpression(expr)) return this.computeNew(expr);
    return undefined;
  }

  /**
   * `cond ? a : b`: the branch the condition picks when it can be decided (constants, env files, `NODE_ENV` unset);
   * otherwise, for two different strings, an unresolved path naming the expression, so that a route prefix chosen at
   * run time is reported as not resolved instead of guessed. Other values (a router, a handler) keep the branch that
   * is known, `b` first, as a route table usually holds the same kind of value in both.
   */
  private computeConditional(expr: TS.ConditionalExpression): StaticValue | undefined {
    const decided = this.decideCondition(expr.condition);
    if (decided !== undefined) return this.evaluate(decided ? expr.whenTrue : expr.whenFalse);
    const whenFalse = this.evaluate(expr.whenFalse);
    const whenTrue = this.evaluate(expr.whenTrue);
    if (whenFalse?.kind === 'string' && whenTrue?.kind === 'string') {
      const same =
        whenFalse.path.unresolved === undefined &&
        whenTrue.path.unresolved === undefined &&
        whenFalse.path.text === whenTrue.path.text;
      if (same) return whenFalse;
      const text = expr.getText();
      return { kind: 'string', path: { text: '', unresolved: text.length > 80 ? `${text.slice(0, 77)}...` : text } };
    }
    return whenFalse ?? whenTrue;
  }

  /** Whether a condition holds, when its parts are statically known strings (an unset env variable is falsy). */
  private decideCondition(expression: TS.Expression): boolean | undefined {
    const cond = unwrapExpression(expression);
    if (cond.kind === ts.SyntaxKind.TrueKeyword) return true;
    if (cond.kind === ts.SyntaxKind.FalseKeyword) return false;
    if (ts.isPrefixUnaryExpression(cond) && cond.operator === ts.SyntaxKind.ExclamationToken) {
      const inner = this.decideCondition(cond.operand);
      return inner === undefined ? undefined : !inner;
    }
    if (ts.isBinaryExpression(cond)) {
      const op = cond.operatorToken.kind;
      const equal = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
      const unequal = op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
      if (equal || unequal) {
        const left = this.knownText(cond.left);
        const right = this.knownText(cond.right);
        if (left === undefined || right === undefined) return undefined;
        return (left === right) === equal;
      }
      if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) {
        const left = this.decideCondition(cond.left);
        const right = this.decideCondition(cond.right);
        if (op === ts.SyntaxKind.AmpersandAmpersandToken)
          return left === false || right === false ? false : left && right ? true : undefined;
        return left === true || right === true ? true : left === false && right === false ? false : undefined;
      }
      return undefined;
    }
    const text = this.knownText(cond);
    return text === undefined ? undefined : text !== '' && text !== null;
  }

  /**
   * A condition operand as known text: a resolved string, an env variable's value from the env files (`null` when no
   * env file sets it), `undefined`/`null` as `null`; `undefined` when unknown.
   */
  private knownText(expression: TS.Expression): string | null | undefined {
    const e = unwrapExpression(expression);
    if (e.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(e) && e.text === 'undefined')) return null;
    const env = this.envValue(e);
    if (env) return env.value ?? null;
    const value = this.evaluate(e);
    return value?.kind === 'string' && value.path.unresolved === undefined ? value.path.text : undefined;
  }

  private envValue(expr: TS.Expression): { name: string; value: string | undefined } | undefined {
    if (!ts.isPropertyAccessExpression(expr) && !ts.isElementAccessExpression(expr)) return undefined;
    const name = memberName(expr);
    if (!name) return undefined;
    const obj = unwrapExpression(expr.expression);
    const objText = obj.getText();
    if (objText === 'process.env' || objText === 'import.meta.env' || objText === 'Bun.env' || objText === 'Deno.env') {
      return { name, value: this.env[name] };
    }
    return undefined;
  }

  private computeBinary(expr: TS.BinaryExpression): StaticValue | undefined {
    const op = expr.operatorToken.kind;
    if (op === ts.SyntaxKind.PlusToken) {
      const left = this.evaluatePath(expr.left);
      const right = this.evaluatePath(expr.right);
      return { kind: 'string', path: concatPaths(left, right) };
    }
    if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) {
      const env = this.envValue(unwrapExpression(expr.left));
      if (env)
        return env.value !== undefined && env.value !== ''
          ? { kind: 'string', path: { text: env.value } }
          : this.evaluate(expr.right);
      const left = this.evaluate(expr.left);
      if (left && !(left.kind === 'string' && left.path.unresolved !== undefined)) return left;
      return this.evaluate(expr.right) ?? left;
    }
    if (op === ts.SyntaxKind.CommaToken) return this.evaluate(expr.right);
    return undefined;
  }

  private computeMember(expr: TS.PropertyAccessExpression | TS.ElementAccessExpression): StaticValue | undefined {
    const env = this.envValue(expr);
    if (env)
      return {
        kind: 'string',
        path: env.value !== undefined ? { text: env.value } : { text: '', unresolved: expr.getText() },
      };
    let key = memberName(expr);
    if (key === undefined && ts.isElementAccessExpression(expr)) {
      const k = this.evaluate(expr.argumentExpression);
      if (k?.kind === 'string' && k.path.unresolved === undefined) key = k.path.text;
    }
    if (key === undefined) return undefined;
    const obj = this.evaluate(expr.expression);
    return obj ? this.member(obj, key, expr) : undefined;
  }

  private createRouter(
    node: TS.CallExpression | TS.NewExpression,
    pkg: string,
    path: string[],
  ): StaticValue | undefined {
    const factory = routerFactory(pkg, path);
    if (!factory) return undefined;
    const router = this.routerMadeAt(node, factory.framework);
    if (factory.sub) router.sub = true;
    if (factory.koaRouter && !router.ownPrefix) {
      const opts = node.arguments?.[0];
      const optsValue = opts && this.evaluate(opts);
      const prefix = optsValue?.kind === 'object' ? this.objectProperty(optsValue.node, 'prefix') : undefined;
      if (prefix?.kind === 'string') router.ownPrefix = prefix.path;
    }
    return { kind: 'router', router };
  }

  private computeNew(expr: TS.NewExpression): StaticValue | undefined {
    const callee = this.evaluate(expr.expression);
    if (callee?.kind === 'package') return this.createRouter(expr, callee.name, callee.path);
    if (callee?.kind === 'class') return { kind: 'instance', node: callee.node };
    return undefined;
  }

  private computeCall(expr: TS.CallExpression): StaticValue | undefined {
    const callee = unwrapExpression(expr.expression);
    const arg0 = expr.arguments[0];
    if ((ts.isIdentifier(callee) && callee.text === 'require') || callee.kind === ts.SyntaxKind.ImportKeyword) {
      if (!arg0) return undefined;
      const mod = this.modules.get(expr.getSourceFile().fileName);
      if (ts.isStringLiteralLike(arg0)) {
        const target = mod && this.resolveSpecifier(mod, arg0.text);
        return target ? { kind: 'module', file: target } : { kind: 'package', name: arg0.text, path: [] };
      }
      // `require(`${mod}/router`)` with `mod` a folder a glob listed: a checkout file, or nothing known.
      const spec = this.evaluate(arg0);
      if (spec?.kind !== 'string' || spec.path.unresolved !== undefined) return undefined;
      // At the checkout root `__dirname` is `/`, so `${__dirname}/routes` reads `//routes`.
      const text = spec.path.text.replace(/\/{2,}/g, '/');
      const target = text.startsWith('/')
        ? this.resolver?.('', `.${text}`)
        : text.startsWith('.') && mod
          ? this.resolveSpecifier(mod, text)
          : undefined;
      return target ? { kind: 'module', file: target } : undefined;
    }
    if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      const recv = this.asValue(this.evaluate(callee.expression));
      if (recv?.kind === 'router') return this.routerMethodResult(expr, recv.router, method);
      if (method === 'getHttpAdapter' && expr.arguments.length === 0) {
        const adapter = this.nestHttpAdapter(expr, callee.expression);
        if (adapter) return adapter;
      }
      if ((method === 'get' || method === 'getOrThrow') && arg0 && ts.isStringLiteralLike(arg0)) {
        const configured = this.configValue(arg0.text);
        if (configured) return configured;
      }
      if (recv?.kind === 'routeChain') return recv;
      const derived = recv && (this.builtinMethod(recv, method) ?? this.stringEdit(recv, method, expr.arguments));
      if (derived) return derived;
      if (recv?.kind === 'module' && method === 'default') return undefined;
      // `passport.authenticate.bind(passport)`: a function bound to its receiver, with no argument fixed, is that
      // function.
      if (method === 'bind' && expr.arguments.length <= 1 && (recv?.kind === 'package' || recv?.kind === 'function'))
        return recv;
      if (method === 'then' || method === 'bind') return undefined;
      // bluebird's `promisifyAll(require('fs'))` hides the package: a `readdirAsync` on a name `fs` lists the folder.
      if (recv === undefined && arg0 && isReaddirMethod(method) && /^(?:fs|fsp|fse)$/.test(callee.expression.getText()))
        return this.readdirValue(arg0);
    }
    const fn = this.evaluate(callee);
    if (!fn) return undefined;
    if (fn.kind === 'package') {
      if (PLUGIN_WRAPPERS.has(fn.name) && arg0) return this.evaluate(arg0);
      if (readdirListing(fn.name, fn.path)) return arg0 ? this.readdirValue(arg0) : undefined;
      if ((fn.name === 'path' || fn.name === 'node:path') && fn.path.length === 1) {
        if (fn.path[0] === 'join' || fn.path[0] === 'resolve') return this.joinedPath(expr, fn.path[0] === 'resolve');
        if (fn.path[0] === 'basename' && arg0) {
          // `path.basename(file, '.js')`: the route name a file-named mount uses.
          const [base, ext] = expr.arguments.map((a) => this.evaluate(a));
          if (base?.kind !== 'string' || base.path.unresolved !== undefined) return undefined;
          let name = base.path.text.split('/').pop() ?? '';
          if (ext?.kind === 'string' && ext.path.unresolved === undefined && name.endsWith(ext.path.text))
            name = name.slice(0, name.length - ext.path.text.length);
          return { kind: 'string', path: { text: name } };
        }
      }
      // `glob.sync(pattern)`, `await fg(pattern)`: the list; glob's callback form gives it to the callback instead.
      if (globListing(fn.name, fn.path) && !expr.arguments.some((a) => ts.isFunctionLike(unwrapExpression(a))))
        return this.globValue(expr, fn.name, fn.path);
      return this.createRouter(expr, fn.name, fn.path);
    }
    if (fn.kind === 'module') {
      // `require('./routes')(app)` style: the module's default export called.
      const def = this.exportValue(fn.file, 'default');
      return def?.kind === 'function' ? this.returnValue(def.node) : undefined;
    }
    if (fn.kind === 'function') return this.freshPerCall(expr, fn.node, this.returnValue(fn.node));
    return undefined;
  }

  /**
   * NestJS's `app.getHttpAdapter()` (and its `getInstance()`): the Express or Fastify server under the Nest app. Routes
   * declared on it are the server's own, outside Nest's router, so `setGlobalPrefix` never applies to them and the
   * Nest guards never run for them. One router per app name, so every call on the same app is one server.
   */
  private nestHttpAdapter(call: TS.CallExpression, app: TS.Expression): StaticValue | undefined {
    const mod = this.modules.get(call.getSourceFile().fileName);
    if (!mod || (!mod.packages.has('@nestjs/core') && !mod.packages.has('@nestjs/common'))) return undefined;
    const a = unwrapExpression(app);
    const owner = ts.isIdentifier(a) ? this.bindingOf(a.text, a)?.decl : undefined;
    const framework = mod.packages.has('@nestjs/platform-fastify') ? 'fastify' : 'express';
    return { kind: 'router', router: this.routerAt(owner ?? call, framework, 'created') };
  }

  /**
   * A project factory that only returns a new router (`function createRouter() { return new OpenAPIHono(…) }`) makes
   * a new router at each call: the app and each sub-router built by it are different routers, so one mounted on
   * the other gets the prefix; so does one whose last statement returns the router it makes, whatever the statements
   * before it prepare. A function that does more with the router (adds middleware, keeps it in a variable) still
   * gives that one router to every caller.
   */
  private freshPerCall(
    call: TS.CallExpression,
    fn: TS.SignatureDeclaration,
    value: StaticValue | undefined,
  ): StaticValue | undefined {
    if (value?.kind !== 'router' || value.router.kind !== 'created') return value;
    const body = (fn as TS.FunctionLikeDeclaration).body;
    let returned: TS.Expression | undefined;
    if (body && ts.isBlock(body)) {
      // Statements before the return may build its options (`const options = { mergeParams: true }`): the router
      // is still made by the return itself, so nothing before it can have held it.
      const last = body.statements.at(-1);
      const returns = body.statements.filter(ts.isReturnStatement).length;
      returned = last && ts.isReturnStatement(last) && returns === 1 ? last.expression : undefined;
    } else if (body) returned = body;
    const made = returned && unwrapExpression(returned);
    if (!made || this.routers.get(made) !== value.router) return value;
    const router = this.routerAt(call, value.router.framework, 'created');
    if (value.router.ownPrefix && !router.ownPrefix) router.ownPrefix = value.router.ownPrefix;
    return { kind: 'router', router };
  }

  /** `registerAs('ns', () => ({…}))` factories of the checkout, by namespace (@nestjs/config). */
  private configFactories: Map<string, TS.Expression> | undefined;

  /**
   * A `ConfigService.get('ns.key')` read: the value the `registerAs('ns', factory)` object gives `key`, with its
   * `process.env.X || 'default'` resolved like any other expression. Undefined when no factory declares it.
   */
  private configValue(dotted: string): StaticValue | undefined {
    if (!this.configFactories) {
      const found = new Map<string, TS.Expression>();
      const visit = (node: TS.Node): void => {
        if (ts.isCallExpression(node) && node.arguments.length >= 2) {
          const callee = unwrapExpression(node.expression);
          const name = ts.isIdentifier(callee)
            ? callee.text
            : ts.isPropertyAccessExpression(callee)
              ? callee.name.text
              : '';
          const ns = node.arguments[0] as TS.Expression;
          if (name === 'registerAs' && ts.isStringLiteralLike(ns))
            found.set(ns.text, node.arguments[1] as TS.Expression);
        }
        ts.forEachChild(node, visit);
      };
      for (const mod of this.modules.matching((text) => text.includes('@nestjs/config')))
        if (mod.packages.has('@nestjs/config')) visit(mod.sourceFile);
      this.configFactories = found;
    }
    const [ns, ...keys] = dotted.split('.');
    const factory = ns === undefined ? undefined : this.configFactories.get(ns);
    const fn = factory ? this.evaluate(factory) : undefined;
    let value = fn?.kind === 'function' ? this.returnValue(fn.node) : undefined;
    for (const key of keys) value = value ? this.member(value, key, factory as TS.Node) : undefined;
    return value;
  }

  private routerMethodResult(expr: TS.CallExpression, router: RouterNode, method: string): StaticValue | undefined {
    if (method === 'route' && expr.arguments.length === 1 && router.framework !== 'hono') {
      return { kind: 'routeChain', router, path: this.evaluatePath(expr.arguments[0] as TS.Expression) };
    }
    if (method === 'basePath' && expr.arguments.length >= 1) {
      const derived = this.routerAt(expr, router.framework ?? 'hono', 'derived');
      this.addMount(router, derived, this.evaluatePath(expr.arguments[0] as TS.Expression));
      return { kind: 'router', router: derived };
    }
    if (method === 'prefix' && router.framework === 'koa' && expr.arguments.length === 1) {
      router.ownPrefix = this.evaluatePath(expr.arguments[0] as TS.Expression);
    }
    return { kind: 'router', router };
  }

  /**
   * What a string's case and trim methods, and an array's `pop()`/`shift()` (the element it takes out), give:
   * `instance[method.toLowerCase()](…)` and `const last = handlers.pop()` over a route table's entry.
   */
  private builtinMethod(recv: StaticValue, method: string): StaticValue | undefined {
    if (recv.kind === 'string' && recv.path.unresolved === undefined) {
      const text = recv.path.text;
      const out =
        method === 'toLowerCase' || method === 'toLocaleLowerCase'
          ? text.toLowerCase()
          : method === 'toUpperCase' || method === 'toLocaleUpperCase'
            ? text.toUpperCase()
            : method === 'trim'
              ? text.trim()
              : undefined;
      return out === undefined ? undefined : { kind: 'string', path: { text: out } };
    }
    if (recv.kind === 'array' && (method === 'pop' || method === 'shift')) {
      const el = method === 'pop' ? recv.elements.at(-1) : recv.elements[0];
      return el && !ts.isSpreadElement(el) ? this.evaluate(el) : undefined;
    }
    return undefined;
  }

  /**
   * A file name cut to a route name (`file.replace('.js', '')`, `file.replace(/\.js$/, '')`, `file.split('.')[0]`,
   * `file.slice(0, -3)`), so a router mounted by its file's name under a readdir loop gets that prefix. Patterns other
   * than a string or a plain regular expression literal give nothing.
   */
  private stringEdit(recv: StaticValue, method: string, args: TS.NodeArray<TS.Expression>): StaticValue | undefined {
    if (recv.kind !== 'string' || recv.path.unresolved !== undefined) return undefined;
    const text = recv.path.text;
    const literal = (e: TS.Expression | undefined) => {
      const v = e && this.evaluate(e);
      return v?.kind === 'string' && v.path.unresolved === undefined ? v.path.text : undefined;
    };
    const str = (out: string): StaticValue => ({ kind: 'string', path: { text: out } });
    const [a0, a1] = args;
    if (method === 'replace' && a0) {
      const by = literal(a1);
      if (by === undefined) return undefined;
      const pattern = unwrapExpression(a0);
      if (ts.isRegularExpressionLiteral(pattern)) {
        const m = /^\/(.*)\/([gimsuy]*)$/s.exec(pattern.text);
        if (!m || /[()|]/.test(m[1] as string)) return undefined;
        try {
          return str(text.replace(new RegExp(m[1] as string, m[2]), by));
        } catch {
          return undefined;
        }
      }
      const from = literal(a0);
      return from === undefined ? undefined : str(text.replace(from, by));
    }
    if (method === 'split' && a0) {
      const sep = literal(a0);
      return sep === undefined
        ? undefined
        : { kind: 'array', elements: text.split(sep).map((part) => ts.factory.createStringLiteral(part)) };
    }
    if ((method === 'slice' || method === 'substring') && a0) {
      const n = (e: TS.Expression | undefined) => {
        const u = e && unwrapExpression(e);
        if (!u) return undefined;
        if (ts.isNumericLiteral(u)) return Number(u.text);
        if (ts.isPrefixUnaryExpression(u) && u.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(u.operand))
          return -Number(u.operand.text);
        return Number.NaN;
      };
      const start = n(a0);
      const end = n(a1);
      if (start === undefined || Number.isNaN(start) || (end !== undefined && Number.isNaN(end))) return undefined;
      return str(method === 'slice' ? text.slice(start, end) : text.substring(start, end));
    }
    return undefined;
  }

  /**
   * The string literal a value is written as, followed through names, loop bindings, destructuring and object
   * properties (`route` of `const { route } = config`, `config` an entry of a route table): where the value is
   * written. Undefined when it is not one literal of the checkout.
   */
  literalOrigin(expression: TS.Expression, access: readonly string[] = [], depth = 0): TS.Expression | undefined {
    if (depth > 16) return undefined;
    const e = unwrapExpression(expression);
    if (access.length === 0 && ts.isStringLiteralLike(e)) return e.pos >= 0 ? e : undefined;
    if (ts.isIdentifier(e)) {
      const found = this.lookup(e.text, e);
      if (!found || 'import' in found) return undefined;
      const base =
        this.bindings.get(found.decl) ?? (ts.isVariableDeclaration(found.decl) ? found.decl.initializer : undefined);
      return base && this.literalOrigin(base, [...found.access, ...access], depth + 1);
    }
    if (ts.isPropertyAccessExpression(e)) return this.literalOrigin(e.expression, [e.name.text, ...access], depth + 1);
    if (!ts.isObjectLiteralExpression(e) || access.length === 0) return undefined;
    const [key, ...rest] = access;
    for (const prop of e.properties) {
      if (ts.isPropertyAssignment(prop) && propertyNameText(prop.name) === key)
        return this.literalOrigin(prop.initializer, rest, depth + 1);
      if (ts.isShorthandPropertyAssignment(prop) && prop.name.text === key)
        return this.literalOrigin(prop.name, rest, depth + 1);
    }
    return undefined;
  }

  /** Set by the analysis: the checkout's files, which a glob call lists from. */
  repoFiles: Iterable<string> = [];
  private readonly globMemo = new Map<string, StaticValue | undefined>();

  /**
   * The paths a glob call lists (`glob(pattern, { ignore }, cb)`, `glob.sync(…)`, `await fg(…)`), read from the
   * checkout's files and never the disk: `/`-rooted strings, as `__dirname` gives. A pattern not known in full, a
   * `cwd` option, or a listing too long gives nothing.
   */
  private globValue(call: TS.CallExpression, pkg: string, path: readonly string[]): StaticValue | undefined {
    const listing = globListing(pkg, path);
    const [patternArg, optsArg] = call.arguments;
    if (!listing || !patternArg) return undefined;
    const strings = (e: TS.Expression | undefined): string[] | undefined => {
      const v = e && this.evaluate(e);
      if (v?.kind === 'string') return v.path.unresolved === undefined ? [v.path.text] : undefined;
      if (v?.kind !== 'array') return undefined;
      const out: string[] = [];
      for (const el of v.elements) {
        const one = ts.isSpreadElement(el) ? undefined : strings(el);
        if (!one) return undefined;
        out.push(...one);
      }
      return out;
    };
    const patterns = strings(patternArg);
    if (!patterns) return undefined;
    const opts = optsArg && !ts.isFunctionLike(unwrapExpression(optsArg)) ? this.evaluate(optsArg) : undefined;
    const flag = (key: string) => {
      const v = opts?.kind === 'object' ? propertyInitializer(opts.node, key) : undefined;
      return v === undefined ? undefined : v.kind === ts.SyntaxKind.TrueKeyword;
    };
    if (opts?.kind === 'object' && propertyInitializer(opts.node, 'cwd')) return undefined;
    const ignoreExpr = opts?.kind === 'object' ? propertyInitializer(opts.node, 'ignore') : undefined;
    const ignoreList = ignoreExpr ? strings(ignoreExpr) : [];
    if (!ignoreList) return undefined;
    const onlyDirectories = flag('onlyDirectories') === true;
    const query = {
      patterns: patterns.map((p) => (p.startsWith('/') ? p : `/${p.replace(/^\.\//, '')}`).replace(/\/{2,}/g, '/')),
      ignore: ignoreList,
      files: !onlyDirectories,
      folders: onlyDirectories || (listing.folders ? flag('nodir') !== true : flag('onlyFiles') === false),
    };
    const key = JSON.stringify(query);
    if (!this.globMemo.has(key)) {
      const found = globCheckout(query, this.repoFiles);
      this.globMemo.set(key, found && { kind: 'array', elements: found.map((f) => ts.factory.createStringLiteral(f)) });
    }
    return this.globMemo.get(key);
  }

  /**
   * The names `fs.readdir…(dir)` gives, read from the checkout's files: `dir` a `/`-rooted folder (`${__dirname}/routes`)
   * or one relative to the checkout root. A folder given as a parameter is the argument of the function's one caller.
   */
  private readdirValue(dirArg: TS.Expression): StaticValue | undefined {
    let dir = this.evaluate(dirArg);
    if (dir?.kind === 'param') {
      const arg = this.soleCallArgument(dir.decl);
      dir = arg && this.evaluate(arg);
    }
    if (dir?.kind !== 'string' || dir.path.unresolved !== undefined) return undefined;
    const names = folderEntries(joinFsPaths(['/', dir.path.text], true), this.repoFiles);
    return names && { kind: 'array', elements: names.map((n) => ts.factory.createStringLiteral(n)) };
  }

  /** `path.join(…)` / `path.resolve(…)` of parts all known. */
  private joinedPath(call: TS.CallExpression, resolve: boolean): StaticValue | undefined {
    const parts: string[] = [];
    for (const a of call.arguments) {
      const v = ts.isSpreadElement(a) ? undefined : this.evaluate(a);
      if (v?.kind !== 'string' || v.path.unresolved !== undefined) return undefined;
      parts.push(v.path.text);
    }
    return parts.length > 0 ? { kind: 'string', path: { text: joinFsPaths(parts, resolve) } } : undefined;
  }

  /**
   * The argument a parameter receives when its function has one call site in the checkout: a function declaration
   * called by name in its file, a method called as `this.name(…)` in its class, a constructor called as `new Name(…)`
   * in the files that spell the class name. Calls inside the function itself (recursion) are not sites. Undefined
   * with no site or several: which one is meant cannot be told.
   */
  soleCallArgument(decl: TS.ParameterDeclaration): TS.Expression | undefined {
    // Each read of a destructured parameter asks again, and finding the sites can scan every importing module.
    if (this.bindings.size > 0) return this.findSoleCallArgument(decl);
    if (this.soleArguments.has(decl)) return this.soleArguments.get(decl);
    const arg = this.findSoleCallArgument(decl);
    this.soleArguments.set(decl, arg);
    return arg;
  }

  private readonly soleArguments = new Map<TS.ParameterDeclaration, TS.Expression | undefined>();

  private findSoleCallArgument(decl: TS.ParameterDeclaration): TS.Expression | undefined {
    const fn = decl.parent;
    const index = fn.parameters.indexOf(decl);
    if (index < 0 || decl.dotDotDotToken) return undefined;
    let candidates = this.siteCandidates.get(fn);
    if (candidates === undefined) {
      candidates = this.findSiteCandidates(fn);
      this.siteCandidates.set(fn, candidates);
    }
    // The checks run in the order a walk of the checkout meets the calls, and stop at the second site.
    const sites: (TS.CallExpression | TS.NewExpression)[] = [];
    for (const candidate of candidates) {
      if (sites.length > 1) break;
      if (candidate.calls === undefined || candidate.calls()) sites.push(candidate.call);
    }
    if (sites.length !== 1) return undefined;
    const arg = sites[0]?.arguments?.[index];
    return arg && !ts.isSpreadElement(arg) ? arg : undefined;
  }

  /**
   * The calls that may be call sites of a function, by the function, found once: under loop bindings
   * {@link soleCallArgument} is asked again for each element and each call in the loop, and walking the modules
   * that spell the function's name each time cost most of a run without the prefilter.
   */
  private readonly siteCandidates = new Map<TS.SignatureDeclaration, SiteCandidate[]>();

  /**
   * The calls and `new` expressions of a module, in the order a walk of its syntax tree meets them, found once:
   * looking for the call sites of a function walks every module that spells its name, and a checkout has thousands
   * of such functions. A class's are those of its file within its span.
   */
  private callsIn(root: TS.SourceFile | TS.ClassLikeDeclaration): readonly (TS.CallExpression | TS.NewExpression)[] {
    const file = root.getSourceFile();
    let calls = this.callsByFile.get(file);
    if (calls === undefined) {
      const found: (TS.CallExpression | TS.NewExpression)[] = [];
      const visit = (n: TS.Node): void => {
        if (ts.isCallExpression(n) || ts.isNewExpression(n)) found.push(n);
        ts.forEachChild(n, visit);
      };
      visit(file);
      calls = found;
      this.callsByFile.set(file, calls);
    }
    return root === file ? calls : calls.filter((n) => n.pos >= root.pos && n.end <= root.end);
  }

  private readonly callsByFile = new WeakMap<TS.SourceFile, (TS.CallExpression | TS.NewExpression)[]>();

  /**
   * The calls and `new` expressions outside `fn` that may call it, in the order a walk of the checkout meets them:
   * those the syntax settles (a call by name in its own file, `this.name(…)` in its class, a name imported from its
   * module) and those whose callee must be evaluated, which may depend on loop bindings (`calls`).
   */
  private findSiteCandidates(fn: TS.SignatureDeclaration): SiteCandidate[] {
    const out: SiteCandidate[] = [];
    const fnFile = fn.getSourceFile();
    const collect = (
      root: TS.SourceFile | TS.ClassLikeDeclaration,
      test: (n: TS.CallExpression | TS.NewExpression) => SiteCandidate['calls'] | boolean,
    ): void => {
      const sameFile = root.getSourceFile() === fnFile;
      for (const n of this.callsIn(root)) {
        if (sameFile && n.pos >= fn.pos && n.end <= fn.end) continue;
        const calls = test(n);
        if (calls === true) out.push({ call: n });
        else if (calls !== false) out.push({ call: n, calls });
      }
    };
    if (ts.isFunctionDeclaration(fn) && fn.name) {
      const name = fn.name.text;
      const file = fn.getSourceFile();
      collect(file, (n) => ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === name);
      // An exported function is called where it is imported (`loadRoutes(app, dir)` in the loader that imports it).
      const exported = (ts.getCombinedModifierFlags(fn) & ts.ModifierFlags.Export) !== 0;
      if (exported)
        for (const mod of this.modules.matching((text) => text.includes(name))) {
          if (mod.sourceFile === file) continue;
          collect(mod.sourceFile, (n) => {
            if (!ts.isCallExpression(n) || !spelledLast(mod.sourceFile, n.expression, name)) return false;
            return () => {
              const callee = this.evaluate(n.expression);
              return callee?.kind === 'function' && callee.node === fn;
            };
          });
        }
    } else if (this.exportedAs(fn).length > 0) {
      // `export default ({ app, config }) => {…}` or `export const expressLoader = ({ app }) => {…}`: a loader
      // module called where it is imported (`import expressLoader from './express'; expressLoader({ app })`).
      const exportedAs = this.exportedAs(fn);
      const file = fn.getSourceFile().fileName;
      const base = file.slice(file.lastIndexOf('/') + 1).replace(/\.[cm]?[jt]sx?$/, '');
      const stem = base === 'index' ? dirOf(file).slice(dirOf(file).lastIndexOf('/') + 1) : base;
      for (const mod of this.modules.matching((text) => text.includes(stem))) {
        if (mod.sourceFile.fileName === file) continue;
        const names = new Set<string>();
        for (const [local, b] of mod.imports)
          if (b.resolved === file && exportedAs.includes(b.imported)) names.add(local);
        // `const expressLoader = require('./express'); expressLoader({ app })` and
        // `await require('./loaders').default({ expressApp: app })`: called on the module it requires.
        const callsFn = (callee: TS.Expression) => (): boolean => {
          let called = this.evaluate(callee);
          if (called?.kind === 'module') called = this.exportValue(called.file, 'default');
          return called?.kind === 'function' && called.node === fn;
        };
        // Only a module that spells `require` (or escapes a name) can bind a name to a `require` call.
        const mayRequire = mod.sourceFile.text.includes('require') || mod.sourceFile.text.includes('\\u');
        collect(mod.sourceFile, (n) => {
          if (!ts.isCallExpression(n)) return false;
          const callee = unwrapExpression(n.expression);
          if (ts.isIdentifier(callee))
            return names.has(callee.text) || (mayRequire && this.requiredName(callee) && callsFn(callee));
          // `require('./config/routes')(app, passport)`: called on the module where it is required.
          if (isRequireCall(callee)) return callsFn(callee);
          return ts.isPropertyAccessExpression(callee) && callee.getText().includes(stem) && callsFn(callee);
        });
      }
    } else if (ts.isMethodDeclaration(fn) && ts.isClassLike(fn.parent)) {
      const name = propertyNameText(fn.name);
      collect(
        fn.parent,
        (n) =>
          ts.isCallExpression(n) &&
          ts.isPropertyAccessExpression(n.expression) &&
          n.expression.expression.kind === ts.SyntaxKind.ThisKeyword &&
          n.expression.name.text === name,
      );
    } else if (ts.isConstructorDeclaration(fn) && fn.parent.name) {
      const cls = fn.parent;
      const name = fn.parent.name.text;
      for (const mod of this.modules.matching((text) => text.includes(name)))
        collect(mod.sourceFile, (n) => {
          if (!ts.isNewExpression(n) || !spelledLast(mod.sourceFile, n.expression, name)) return false;
          return () => {
            const made = this.evaluate(n.expression);
            return made?.kind === 'class' && made.node === cls;
          };
        });
    }
    return out;
  }

  /** A name declared by `const x = require('…')`, in the scope where it is used. */
  private requiredName(id: TS.Identifier): boolean {
    const found = this.lookup(id.text, id);
    if (!found || 'import' in found || found.access.length > 0 || !ts.isVariableDeclaration(found.decl)) return false;
    const init = found.decl.initializer;
    return init !== undefined && isRequireCall(unwrapExpression(init));
  }

  /** The names a module exports a function under, written in place or through the name it is declared as. */
  private exportedAs(fn: TS.SignatureDeclaration): string[] {
    const exports = this.modules.get(fn.getSourceFile().fileName)?.exports;
    if (!exports) return [];
    const initializes = (decl: TS.Node | undefined): boolean =>
      decl !== undefined &&
      ts.isVariableDeclaration(decl) &&
      decl.initializer !== undefined &&
      unwrapExpression(decl.initializer) === fn;
    const names: string[] = [];
    for (const [name, node] of exports) {
      if (node === fn || initializes(node)) names.push(name);
      else if (ts.isIdentifier(node)) {
        const found = this.lookup(node.text, node);
        if (found && !('import' in found) && found.access.length === 0 && initializes(found.decl)) names.push(name);
      }
    }
    return names;
  }

  /**
   * The constructor parameter property `this.name` reads (`constructor(private readonly controllers: Controller[])`),
   * undefined for anything else.
   */
  parameterProperty(expression: TS.Expression): TS.ParameterDeclaration | undefined {
    const e = unwrapExpression(expression);
    if (!ts.isPropertyAccessExpression(e) || e.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
    let cls: TS.Node | undefined = e.parent;
    while (cls && !ts.isClassLike(cls)) cls = cls.parent;
    const ctor = cls && ts.isClassLike(cls) ? cls.members.find(ts.isConstructorDeclaration) : undefined;
    return ctor?.parameters.find(
      (p) => ts.isParameterPropertyDeclaration(p, ctor) && ts.isIdentifier(p.name) && p.name.text === e.name.text,
    );
  }

  /** The second parameter of a glob call's callback (`glob(pattern, (err, files) => …)`): the paths listed. */
  private globCallbackValue(decl: TS.ParameterDeclaration): StaticValue | undefined {
    const fn = decl.parent;
    if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || fn.parameters.indexOf(decl) !== 1) return undefined;
    const call = fn.parent;
    if (!ts.isCallExpression(call) || call.arguments.at(-1) !== fn || call.arguments.length < 2) return undefined;
    const callee = this.evaluate(call.expression);
    return callee?.kind === 'package' ? this.globValue(call, callee.name, callee.path) : undefined;
  }

  /**
   * `fs.promises.readdir(dir).then((files) => …)`: the callback's parameter is what the promise resolves to, as an
   * `await` of it would be. Only a listing (an array) is passed on; any other promise's value stays unknown.
   */
  private thenCallbackValue(decl: TS.ParameterDeclaration): StaticValue | undefined {
    const fn = decl.parent;
    if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || fn.parameters[0] !== decl) return undefined;
    const call = fn.parent;
    if (!ts.isCallExpression(call) || call.arguments[0] !== fn) return undefined;
    const callee = unwrapExpression(call.expression);
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'then') return undefined;
    const value = this.evaluate(callee.expression);
    return value?.kind === 'array' ? value : undefined;
  }

  /** A module used as a value stands for its default export (`module.exports`). */
  asValue(value: StaticValue | undefined): StaticValue | undefined {
    if (value?.kind !== 'module') return value;
    return this.exportValue(value.file, 'default') ?? value;
  }

  /** Resolves an import specifier from a module (relative files only; packages give undefined). */
  resolveSpecifier(mod: ModuleInfo, specifier: string): string | undefined {
    for (const binding of mod.imports.values())
      if (binding.specifier === specifier && binding.resolved) return binding.resolved;
    return this.resolver?.(mod.file, specifier);
  }

  /** Set by the analysis: resolves specifiers of `require()`/`import()` calls. */
  resolver?: (fromFile: string, specifier: string) => string | undefined;

  /** A string-valued expression as a path; anything unknown becomes an unresolved part with its source text. */
  evaluatePath(expression: TS.Expression): PathValue {
    const value = this.evaluate(expression);
    if (value?.kind === 'string') return value.path;
    if (value?.kind === 'param') {
      const init = value.decl.initializer;
      if (init) {
        const d = this.evaluate(init);
        if (d?.kind === 'string') return d.path;
      }
    }
    const text = unwrapExpression(expression).getText();
    return { text: '', unresolved: text.length > 80 ? `${text.slice(0, 77)}...` : text };
  }
}

/** The folder of a checkout file (`''` at the root). */
/**
 * Whether a node's text ends with `name` (`loadRoutes`, `loaders.loadRoutes`), without making the text: most calls
 * of a module are not, and copying each callee's text to find that cost more than the rest of the search.
 */
function spelledLast(file: TS.SourceFile, node: TS.Node, name: string): boolean {
  const at = node.end - name.length;
  return file.text.startsWith(name, at) && node.getStart(file) <= at;
}

function dirOf(file: string): string {
  return file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
}

/** The expression an object literal writes for a key, as written (`nodir: true`). */
function propertyInitializer(obj: TS.ObjectLiteralExpression, key: string): TS.Expression | undefined {
  for (const prop of obj.properties)
    if (ts.isPropertyAssignment(prop) && propertyNameText(prop.name) === key) return prop.initializer;
  return undefined;
}
