import type * as TS from 'typescript';
import type { Evaluator } from './evaluator.js';
import type { ModuleInfo } from './module-graph.js';
import { unwrapExpression } from './parse-js.js';
import { ts } from './typescript.js';

/** A decorator as the Nest extractor reads it. */
export interface NestDecorator {
  name: string;
  args: readonly TS.Expression[];
  node: TS.Decorator;
  /** For a decorator a custom one applies: its call inside the custom decorator (`node` is the custom one's place). */
  call?: TS.CallExpression;
  /**
   * For a decorator a custom one applies: the custom decorator's parameters bound to what it was given, so an
   * argument built from them (`Controller(\`${portal}/${path}\`)`) is evaluated with the caller's values.
   */
  bindings?: ReadonlyMap<TS.ParameterDeclaration, TS.Expression>;
  /** Set on a custom decorator that applies others: what it applies follows it in the expanded list. */
  composite?: true;
}

/** The decorators written on a class, method or parameter, by the name they are called with. */
export function decoratorsOf(node: TS.Node): NestDecorator[] {
  const decorators = ts.canHaveDecorators(node) ? (ts.getDecorators(node) ?? []) : [];
  return decorators.flatMap((d) => {
    const e = d.expression;
    const callee = ts.isCallExpression(e) ? e.expression : e;
    const name = ts.isIdentifier(callee)
      ? callee.text
      : ts.isPropertyAccessExpression(callee)
        ? callee.name.text
        : undefined;
    return name ? [{ name, args: ts.isCallExpression(e) ? e.arguments : [], node: d }] : [];
  });
}

const MAX_DEPTH = 4;

/**
 * Custom decorators of the project, replaced by the Nest decorators they apply: `applyDecorators(Controller(path),
 * ApiTags(path))` (`@ApiController('users')`), a list spread into it, or one decorator returned as is
 * (`() => SetMetadata(KEY, true)`, `(name) => NestController(name)`). A decorator is known by what it resolves to, not
 * by how it is spelled: `@nestjs/common`'s `Controller` imported as `C` is `Controller`, and a project function named
 * `Controller` is followed into. The custom decorator's parameters are replaced by the arguments it was given (or
 * their defaults); the decorator as written stays the place routes and evidence point at.
 */
export class NestDecorators {
  constructor(private readonly ev: Evaluator) {}

  /** Each decorator, followed (after it) by what it applies when it is the project's own. */
  expand(decorators: readonly NestDecorator[], depth = 0): NestDecorator[] {
    return decorators.flatMap((d) => {
      const resolved = this.resolve(d, depth);
      if (resolved === undefined) return [d];
      if (resolved.kind === 'nest') return [resolved.name === d.name ? d : { ...d, name: resolved.name }];
      return [{ ...d, composite: true as const }, ...this.expand(resolved.applied, depth + 1)];
    });
  }

  /** The decorators a custom decorator applies, or the Nest name it stands for. */
  private resolve(
    d: NestDecorator,
    depth: number,
  ): { kind: 'nest'; name: string } | { kind: 'custom'; applied: NestDecorator[] } | undefined {
    const e = d.call ?? d.node.expression;
    const callee = ts.isCallExpression(e) ? e.expression : e;
    const value = this.ev.withBindings(d.bindings, () => this.ev.asValue(this.ev.evaluate(callee)));
    if (value?.kind === 'package')
      return value.name.startsWith('@nestjs/') && value.path.length > 0
        ? { kind: 'nest', name: value.path[value.path.length - 1] as string }
        : undefined;
    if (value?.kind !== 'function' || depth >= MAX_DEPTH) return undefined;
    const fn = value.node;
    if (!('body' in fn) || fn.body === undefined) return undefined;
    const given = ts.isCallExpression(e) ? e.arguments : [];
    // An argument given to a custom decorator inside another may itself name the outer one's parameters.
    const bindings = new Map<TS.ParameterDeclaration, TS.Expression>(d.bindings ?? []);
    fn.parameters.forEach((p, i) => {
      const arg = p.dotDotDotToken ? undefined : (given[i] ?? p.initializer);
      if (arg !== undefined) bindings.set(p, arg);
    });
    const params = fn.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ''));
    const substitute = (a: TS.Expression): TS.Expression => {
      const i = ts.isIdentifier(a) ? params.indexOf(a.text) : -1;
      return i >= 0 ? (given[i] ?? fn.parameters[i]?.initializer ?? a) : a;
    };
    const returned = ts.isBlock(fn.body) ? returnsOf(fn.body) : [fn.body as TS.Expression];
    const applied = returned.flatMap((r) => this.appliedBy(unwrapExpression(r), bindings, fn.body as TS.Node));
    if (applied.length === 0) return undefined;
    return {
      kind: 'custom',
      applied: applied.map((call) => ({
        name: call.expression.getText().split('.').pop() ?? '',
        args: call.arguments.map(substitute),
        node: d.node,
        call,
        bindings,
      })),
    };
  }

  /** The decorator calls a returned expression applies: `applyDecorators(...)`'s arguments, or the call itself. */
  private appliedBy(
    returned: TS.Expression,
    bindings: ReadonlyMap<TS.ParameterDeclaration, TS.Expression>,
    scope: TS.Node,
  ): TS.CallExpression[] {
    if (!ts.isCallExpression(returned)) return [];
    if (returned.expression.getText().split('.').pop() !== 'applyDecorators') return [returned];
    return returned.arguments.flatMap((a) => {
      const inner = unwrapExpression(a);
      if (ts.isCallExpression(inner)) return [inner];
      // `const decorators = [Get(path), ApiOperation(…)]; return applyDecorators(...decorators)`.
      if (ts.isSpreadElement(inner) && scope.getSourceFile() === inner.getSourceFile()) {
        const list = this.ev.withBindings(bindings, () => this.ev.evaluate(inner.expression));
        if (list?.kind === 'array')
          return list.elements
            .map((x) => unwrapExpression(x))
            .filter((x): x is TS.CallExpression => ts.isCallExpression(x));
      }
      return [];
    });
  }
}

/** The expressions a function body returns, nested functions left out. */
function returnsOf(body: TS.Block): TS.Expression[] {
  const out: TS.Expression[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isReturnStatement(node) && node.expression) out.push(node.expression);
    if (!ts.isFunctionLike(node)) ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return out;
}

/**
 * Names of the project's functions that apply `@nestjs/common`'s `Controller` (under any local name), directly or
 * through another such function: the custom decorators a controller class may be declared with. Read from the text
 * of the modules given, so the files that use them can be found before they are parsed.
 */
export function controllerWrapperNames(modules: readonly ModuleInfo[]): string[] {
  const found = new Set<string>();
  for (let round = 0; round < 3; round++) {
    const before = found.size;
    for (const mod of modules) {
      const callees = new Set(found);
      for (const [local, binding] of mod.imports)
        if (binding.specifier.startsWith('@nestjs/') && binding.imported === 'Controller') callees.add(local);
      if (callees.size === 0) continue;
      for (const [name, body] of topLevelFunctions(mod.sourceFile))
        if (name !== 'Controller' && callsAny(body, callees)) found.add(name);
    }
    if (found.size === before) break;
  }
  return [...found];
}

function topLevelFunctions(sf: TS.SourceFile): [string, TS.Node][] {
  const out: [string, TS.Node][] = [];
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st) && st.name && st.body) out.push([st.name.text, st.body]);
    if (ts.isVariableStatement(st))
      for (const d of st.declarationList.declarations) {
        const init = d.initializer && unwrapExpression(d.initializer);
        if (ts.isIdentifier(d.name) && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)))
          out.push([d.name.text, init.body]);
      }
  }
  return out;
}

function callsAny(node: TS.Node, names: ReadonlySet<string>): boolean {
  if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && names.has(node.expression.text)) return true;
  return ts.forEachChild(node, (child) => callsAny(child, names) || undefined) ?? false;
}

/**
 * What a bootstrap or module file registers app-wide of one kind: the arguments of `app.<method>(…)`
 * (`useGlobalGuards`, `useGlobalFilters`) and the class of each `{ provide: <token>, useClass | useExisting }`
 * provider (`APP_GUARD`, `APP_FILTER`), each with the node that registers it.
 */
export function appWideRegistrations(
  sourceFile: TS.SourceFile,
  method: string,
  token: string,
): { expr: TS.Expression; at: TS.Node }[] {
  const out: { expr: TS.Expression; at: TS.Node }[] = [];
  const visit = (node: TS.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === method
    )
      for (const arg of node.arguments) out.push({ expr: arg, at: node });
    if (ts.isObjectLiteralExpression(node)) {
      const prop = (name: RegExp) =>
        node.properties.find(
          (p): p is TS.PropertyAssignment => ts.isPropertyAssignment(p) && name.test(p.name.getText()),
        );
      const use = prop(/^(useClass|useExisting)$/);
      // `provide: APP_GUARD` or the string that constant holds (`provide: 'APP_GUARD'`): Nest resolves both alike.
      const provided = prop(/^provide$/)?.initializer;
      const named = provided && (ts.isStringLiteralLike(provided) ? provided.text : provided.getText());
      if (named === token && use) out.push({ expr: use.initializer, at: node });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return out;
}
