import type * as TS from 'typescript';
import { propertyNameText } from './parse-js.js';
import type { TypeSchemas } from './type-to-schema.js';
import { ts } from './typescript.js';

/** Relation names a handler's queries load, as {@link TypeSchemas} asks about them. */
export type LoadedRelations = Pick<ReadonlySet<string>, 'has'>;

/**
 * The relations {@link relationsLoadedBy} finds for a handler, found on the first question: most handlers send no
 * entity with a lazy relation, and finding them parses every service the handler calls, two calls deep.
 */
export function relationsLoadedLazily(fn: TS.Node, types: TypeSchemas): LoadedRelations {
  let found: ReadonlySet<string> | undefined;
  return {
    has(name) {
      found ??= relationsLoadedBy(fn, types);
      return found.has(name);
    },
  };
}

/**
 * The ORM relations a handler's queries load, read from its body and from the service methods it calls
 * (`this.articles.findOne(...)` → `ArticlesService.findOne`), two calls deep:
 * - TypeORM: `relations: ['author', 'author.profile']`, `relations: { author: true }`,
 *   `.leftJoinAndSelect('article.author', 'author')`, `.innerJoinAndSelect(...)`;
 * - Prisma: `include: { author: true }`, nested `select: { author: { select: … } }`.
 * A relation loaded this way sends its related row; one no query loads (and not `eager`) sends nothing.
 */
export function relationsLoadedBy(fn: TS.Node, types: TypeSchemas, depth = 0): Set<string> {
  const out = new Set<string>();
  const addPath = (path: string) => {
    for (const part of path.split('.')) if (part !== '') out.add(part);
  };
  const addObjectKeys = (obj: TS.ObjectLiteralExpression) => {
    for (const p of obj.properties) {
      if (!ts.isPropertyAssignment(p)) continue;
      const key = propertyNameText(p.name);
      if (key === undefined) continue;
      if (p.initializer.kind === ts.SyntaxKind.TrueKeyword) out.add(key);
      else if (ts.isObjectLiteralExpression(p.initializer)) {
        out.add(key);
        addObjectKeys(p.initializer);
      }
    }
  };
  const visit = (node: TS.Node) => {
    if (ts.isPropertyAssignment(node)) {
      const key = propertyNameText(node.name);
      if (key === 'relations' || key === 'include') {
        const init = node.initializer;
        if (ts.isArrayLiteralExpression(init)) {
          for (const el of init.elements) if (ts.isStringLiteralLike(el)) addPath(el.text);
        } else if (ts.isObjectLiteralExpression(init)) addObjectKeys(init);
      } else if (key === 'select' && ts.isObjectLiteralExpression(node.initializer)) {
        // Prisma `select: { author: { select: … } }` loads the relation; scalar `true` entries are columns.
        for (const p of node.initializer.properties)
          if (ts.isPropertyAssignment(p) && ts.isObjectLiteralExpression(p.initializer)) {
            const k = propertyNameText(p.name);
            if (k !== undefined) out.add(k);
          }
      }
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      const first = node.arguments[0];
      if (/^(left|inner)JoinAndSelect$/.test(method) && first !== undefined && ts.isStringLiteralLike(first)) {
        const path = first.text.split('.');
        addPath(path[path.length - 1] ?? '');
      } else if (depth < 2) {
        for (const r of calledServiceRelations(node.expression, types, depth)) out.add(r);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(fn);
  return out;
}

/** Relations loaded by `this.<field>.<method>(...)` where `<field>` is a constructor-injected service of a class. */
function calledServiceRelations(callee: TS.PropertyAccessExpression, types: TypeSchemas, depth: number): Set<string> {
  const method = calledServiceMethod(callee, types);
  return method === undefined ? new Set() : relationsLoadedBy(method, types, depth + 1);
}

/** ORM lookups of one row that resolve to `null` when nothing matches (not their `…OrThrow`/`…OrFail` forms). */
const NULLABLE_LOOKUP = /^(findUnique|findFirst|findOne|findOneBy|findById)$/;

/**
 * Whether a handler without a thrown guard may answer an empty 200 (Nest sends no body for `null`, `undefined` or a
 * `void` result): `never` when a returned value is a service method declared `Promise<void>`; `maybe` when it is an ORM
 * lookup of one row (`prisma.post.findUnique(…)`, `repository.findOneBy(…)`), in the handler or in the service method
 * it returns, which resolves to `null` when nothing matches. Undefined otherwise.
 */
export function emptyAnswer(fn: TS.FunctionLikeDeclaration, types: TypeSchemas): 'never' | 'maybe' | undefined {
  let out: 'never' | 'maybe' | undefined;
  const returned = (body: TS.Node, depth: number): void => {
    const visit = (node: TS.Node): void => {
      if (ts.isFunctionLike(node) && node !== body) return;
      if (ts.isReturnStatement(node) && node.expression !== undefined) judge(node.expression, depth);
      ts.forEachChild(node, visit);
    };
    visit(body);
  };
  const judge = (expression: TS.Expression, depth: number): void => {
    let e = expression;
    while (ts.isAwaitExpression(e) || ts.isParenthesizedExpression(e)) e = e.expression;
    if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression)) return;
    if (NULLABLE_LOOKUP.test(e.expression.name.text)) {
      out = 'maybe';
      return;
    }
    const method = depth === 0 ? calledServiceMethod(e.expression, types) : undefined;
    if (method === undefined) return;
    const declared = method.type?.getText().replace(/\s/g, '');
    if (declared === 'void' || declared === 'Promise<void>') out ??= 'never';
    else if (method.body !== undefined) returned(method, depth + 1);
  };
  if (fn.body !== undefined) returned(fn, 0);
  return out;
}

/** The method `this.<field>.<method>(...)` calls, `<field>` a constructor-injected (or declared) service of the class. */
export function calledServiceMethod(
  callee: TS.PropertyAccessExpression,
  types: TypeSchemas,
): TS.MethodDeclaration | undefined {
  const owner = callee.expression;
  if (!ts.isPropertyAccessExpression(owner) || owner.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  const field = owner.name.text;
  let cls: TS.Node | undefined = callee;
  while (cls !== undefined && !ts.isClassDeclaration(cls)) cls = cls.parent;
  if (cls === undefined || !ts.isClassDeclaration(cls)) return undefined;
  let typeName: string | undefined;
  for (const m of cls.members) {
    if (ts.isConstructorDeclaration(m)) {
      for (const p of m.parameters)
        if (ts.isIdentifier(p.name) && p.name.text === field && p.type && ts.isTypeReferenceNode(p.type))
          typeName = ts.isIdentifier(p.type.typeName) ? p.type.typeName.text : p.type.typeName.right.text;
    } else if (ts.isPropertyDeclaration(m) && propertyNameText(m.name) === field && m.type) {
      if (ts.isTypeReferenceNode(m.type))
        typeName = ts.isIdentifier(m.type.typeName) ? m.type.typeName.text : m.type.typeName.right.text;
    }
  }
  if (typeName === undefined) return undefined;
  const decl = types.findType(typeName, cls);
  if (decl === undefined || !ts.isClassDeclaration(decl)) return undefined;
  return decl.members.find(
    (m): m is TS.MethodDeclaration =>
      ts.isMethodDeclaration(m) && propertyNameText(m.name) === callee.name.text && m.body !== undefined,
  );
}
