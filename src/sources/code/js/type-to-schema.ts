import type * as TS from 'typescript';
import type { Schema, SchemaType } from '../../../model/index.js';
import type { ModuleTable } from './js-project.js';
import type { LoadedRelations } from './orm-loading.js';
import { propertyNameText } from './parse-js.js';
import { type PrismaModels, prismaModelSchema } from './prisma-models.js';
import { ts } from './typescript.js';

type TypeDecl = TS.InterfaceDeclaration | TS.TypeAliasDeclaration | TS.ClassDeclaration | TS.EnumDeclaration;

const MAX_DEPTH = 12;

function isTypeDecl(node: TS.Node): node is TypeDecl {
  return (
    ts.isInterfaceDeclaration(node) ||
    ts.isTypeAliasDeclaration(node) ||
    ts.isClassDeclaration(node) ||
    ts.isEnumDeclaration(node)
  );
}

function typed(type: SchemaType): Schema {
  return { type: [type] };
}

/** Decorators of a class member, by name (`IsOptional`, `ApiProperty`, …). */
export function decoratorNames(node: TS.Node): string[] {
  const decorators = ts.canHaveDecorators(node) ? (ts.getDecorators(node) ?? []) : [];
  return decorators.map((d) => {
    const e = d.expression;
    const callee = ts.isCallExpression(e) ? e.expression : e;
    return ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
  });
}

/**
 * Turns TypeScript type annotations (interfaces, type aliases, DTO classes, enums) into normalised schemas. Named
 * declarations become `{ $ref: Name }` nodes with the schema stored in `schemas`.
 */
/** TypeORM relation decorators: the property is on the wire only when the query loads the relation or it is eager. */
const RELATION_DECORATORS = new Set(['ManyToOne', 'OneToMany', 'OneToOne', 'ManyToMany']);

/** The first object-literal argument of a member's decorator call named `name`, if any. */
function decoratorOptions(node: TS.Node, name: string): TS.ObjectLiteralExpression | undefined {
  const decorators = ts.canHaveDecorators(node) ? (ts.getDecorators(node) ?? []) : [];
  for (const d of decorators) {
    const e = d.expression;
    if (!ts.isCallExpression(e)) continue;
    const callee = ts.isIdentifier(e.expression) ? e.expression.text : undefined;
    if (callee !== name) continue;
    return e.arguments.find((a): a is TS.ObjectLiteralExpression => ts.isObjectLiteralExpression(a));
  }
  return undefined;
}

/** True when an options object literal sets `key: true` (`{ eager: true }`) or `key: false` when `value` is false. */
function optionIs(obj: TS.ObjectLiteralExpression | undefined, key: string, value: boolean): boolean {
  for (const p of obj?.properties ?? []) {
    if (!ts.isPropertyAssignment(p) || propertyNameText(p.name) !== key) continue;
    return p.initializer.kind === (value ? ts.SyntaxKind.TrueKeyword : ts.SyntaxKind.FalseKeyword);
  }
  return false;
}

/** No relation loaded: the state between handlers. */
export const NO_RELATIONS: LoadedRelations = new Set<string>();

/** Packages of the frameworks and their runtime, whose types are no app's body (`StreamableFile`, `Observable`). */
const FRAMEWORK_PACKAGES =
  /^(?:@nestjs\/|express$|express-serve-static-core$|fastify$|@fastify\/|koa$|@koa\/|hono$|@hono\/|rxjs|node:|stream$|http$|buffer$|class-validator$|class-transformer$|zod$|@sinclair\/typebox$|yup$|joi$|valibot$|type-fest$)/;

export class TypeSchemas {
  private depth = 0;
  /**
   * ORM relations the current handler's queries load (TypeORM `relations` / `leftJoinAndSelect`, Prisma `include`):
   * relation properties outside this set (and not `eager`) are not on the wire. Set per handler by the caller, and
   * asked only about a lazy relation property (a type without one never costs the search).
   */
  loadedRelations: LoadedRelations = NO_RELATIONS;
  /** The project's Prisma models: the types `@prisma/client` generates, which the checkout does not hold. */
  prisma: PrismaModels | undefined;

  constructor(
    private readonly modules: ModuleTable,
    readonly schemas: Record<string, Schema>,
  ) {}

  /** Finds the declaration a type name refers to from a place in the code (same file, then imports). */
  findType(name: string, from: TS.Node): TypeDecl | undefined {
    return this.findInFile(name, from.getSourceFile().fileName, new Set());
  }

  private findInFile(name: string, file: string, seen: Set<string>): TypeDecl | undefined {
    if (seen.has(`${file}#${name}`) || seen.size > 20) return undefined;
    seen.add(`${file}#${name}`);
    if (!this.modules.mentions(file, name)) return undefined;
    const mod = this.modules.get(file);
    if (!mod) return undefined;
    for (const s of mod.sourceFile.statements) {
      if (isTypeDecl(s) && s.name?.text === name) return s;
      if (ts.isModuleDeclaration(s) && s.body && ts.isModuleBlock(s.body)) {
        for (const inner of s.body.statements) if (isTypeDecl(inner) && inner.name?.text === name) return inner;
      }
    }
    const imp = mod.imports.get(name);
    if (imp?.resolved) return this.findExported(imp.imported, imp.resolved, seen);
    return undefined;
  }

  private findExported(name: string, file: string, seen: Set<string>): TypeDecl | undefined {
    const direct = this.findInFile(name, file, seen);
    if (direct) return direct;
    if (!this.modules.mayExport(file, name)) return undefined;
    const mod = this.modules.get(file);
    for (const re of mod?.reexports ?? []) {
      if (!re.from) continue;
      if (re.as === name && re.imported !== '*') {
        const hit = this.findExported(re.imported, re.from, seen);
        if (hit) return hit;
      } else if (re.as === '*') {
        const hit = this.findExported(name, re.from, seen);
        if (hit) return hit;
      }
    }
    return undefined;
  }

  /**
   * `package.Name` when a type annotation names (through `Promise<…>`, `Array<…>`, `T[]`) a type imported from an
   * installed package rather than a file of the checkout (`import { CreateOrderDto } from '@acme/contracts'`): its
   * fields cannot be read. The frameworks' and their runtime's own packages are not named: their types are not
   * bodies the app declares.
   */
  outsideType(node: TS.TypeNode | undefined): string | undefined {
    let t = node;
    for (let i = 0; i < 4 && t !== undefined; i++) {
      if (ts.isArrayTypeNode(t)) t = t.elementType;
      else if (ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName) && /^(?:Promise|Array)$/.test(t.typeName.text))
        t = t.typeArguments?.[0];
      else break;
    }
    if (t === undefined || !ts.isTypeReferenceNode(t)) return undefined;
    const head = ts.isIdentifier(t.typeName) ? t.typeName : t.typeName.left;
    if (!ts.isIdentifier(head)) return undefined;
    const imp = this.modules.get(t.getSourceFile().fileName)?.imports.get(head.text);
    if (imp === undefined || imp.resolved !== undefined || /^[./]/.test(imp.specifier)) return undefined;
    if (FRAMEWORK_PACKAGES.test(imp.specifier)) return undefined;
    const name = ts.isIdentifier(t.typeName)
      ? imp.imported
      : `${imp.imported === '*' ? head.text : imp.imported}.${t.typeName.right.text}`;
    return `${imp.specifier}.${name}`;
  }

  /** Schema of a type annotation; undefined when nothing useful is known (`any`, generics). */
  fromTypeNode(node: TS.TypeNode | undefined): Schema | undefined {
    if (!node || this.depth > MAX_DEPTH) return undefined;
    this.depth++;
    try {
      return this.convert(node);
    } finally {
      this.depth--;
    }
  }

  private convert(node: TS.TypeNode): Schema | undefined {
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return typed('string');
      case ts.SyntaxKind.NumberKeyword:
      case ts.SyntaxKind.BigIntKeyword:
        return typed('number');
      case ts.SyntaxKind.BooleanKeyword:
        return typed('boolean');
      case ts.SyntaxKind.NullKeyword:
        return typed('null');
      case ts.SyntaxKind.ObjectKeyword:
        return typed('object');
      case ts.SyntaxKind.AnyKeyword:
      case ts.SyntaxKind.UnknownKeyword:
      case ts.SyntaxKind.UndefinedKeyword:
      case ts.SyntaxKind.VoidKeyword:
      case ts.SyntaxKind.NeverKeyword:
        return undefined;
    }
    if (ts.isParenthesizedTypeNode(node)) return this.fromTypeNode(node.type);
    if (ts.isLiteralTypeNode(node)) {
      const lit = node.literal;
      if (ts.isStringLiteral(lit)) return { type: ['string'], enum: [lit.text] };
      if (ts.isNumericLiteral(lit)) return { type: ['number'], enum: [Number(lit.text)] };
      if (lit.kind === ts.SyntaxKind.TrueKeyword || lit.kind === ts.SyntaxKind.FalseKeyword) return typed('boolean');
      if (lit.kind === ts.SyntaxKind.NullKeyword) return typed('null');
      return undefined;
    }
    if (ts.isArrayTypeNode(node)) return { type: ['array'], ...this.itemsOf(node.elementType) };
    if (ts.isTupleTypeNode(node)) return typed('array');
    if (ts.isTypeLiteralNode(node)) return this.objectFromMembers(node.members);
    if (ts.isUnionTypeNode(node)) return this.union(node.types);
    if (ts.isIntersectionTypeNode(node))
      return this.merge(node.types.map((t) => this.resolveInline(this.fromTypeNode(t))));
    if (ts.isTypeReferenceNode(node)) return this.reference(node);
    if (ts.isIndexedAccessTypeNode(node) || ts.isTypeQueryNode(node) || ts.isMappedTypeNode(node)) return undefined;
    return undefined;
  }

  private itemsOf(node: TS.TypeNode): { items?: Schema } {
    const items = this.fromTypeNode(node);
    return items ? { items } : {};
  }

  private union(types: readonly TS.TypeNode[]): Schema | undefined {
    const members = types.filter((t) => t.kind !== ts.SyntaxKind.UndefinedKeyword);
    const nullable = members.some(
      (t) =>
        t.kind === ts.SyntaxKind.NullKeyword ||
        (ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword),
    );
    const rest = members.filter(
      (t) =>
        !(
          t.kind === ts.SyntaxKind.NullKeyword ||
          (ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword)
        ),
    );
    const schemas = rest.map((t) => this.fromTypeNode(t));
    if (schemas.some((s) => s === undefined)) return undefined;
    const defined = schemas as Schema[];
    let out: Schema | undefined;
    if (defined.length === 1) out = { ...(defined[0] as Schema) };
    else if (
      defined.length > 1 &&
      defined.every((s) => s.enum && s.type?.length === 1 && s.type[0] === defined[0]?.type?.[0])
    ) {
      out = { type: [...(defined[0]?.type ?? [])], enum: defined.flatMap((s) => s.enum ?? []) };
    } else if (defined.length > 1 && defined.every((s) => s.type?.[0] === 'boolean')) out = typed('boolean');
    else if (defined.length > 1) out = { anyOf: defined };
    if (!out) return nullable ? typed('null') : undefined;
    return nullable ? orNull(out) : out;
  }

  private resolveInline(schema: Schema | undefined): Schema | undefined {
    if (schema?.$ref) return this.schemas[schema.$ref];
    return schema;
  }

  private merge(parts: (Schema | undefined)[]): Schema | undefined {
    const known = parts.filter((p): p is Schema => p !== undefined);
    if (known.length === 0) return undefined;
    const properties: Record<string, Schema> = {};
    const required = new Set<string>();
    for (const p of known) {
      Object.assign(properties, p.properties ?? {});
      for (const r of p.required ?? []) required.add(r);
    }
    return { type: ['object'], properties, ...(required.size > 0 ? { required: [...required].sort() } : {}) };
  }

  private objectFromMembers(members: readonly (TS.TypeElement | TS.ClassElement)[]): Schema {
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    for (const m of members) {
      if (!ts.isPropertySignature(m) && !ts.isPropertyDeclaration(m)) {
        if (ts.isIndexSignatureDeclaration(m)) continue;
        continue;
      }
      if (ts.isPropertyDeclaration(m)) {
        const flags = ts.getCombinedModifierFlags(m);
        if (flags & (ts.ModifierFlags.Static | ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
      }
      const name = propertyNameText(m.name);
      if (name === undefined) continue;
      const decorators = decoratorNames(m);
      // class-transformer `@Exclude()` and TypeORM `@Column({ select: false })` never reach the response.
      if (decorators.includes('Exclude')) continue;
      if (optionIs(decoratorOptions(m, 'Column'), 'select', false)) continue;
      const relation = decorators.find((d) => RELATION_DECORATORS.has(d));
      const eager = relation !== undefined && optionIs(decoratorOptions(m, relation), 'eager', true);
      if (relation !== undefined && !eager && !this.loadedRelations.has(name)) continue;
      let schema =
        (isDateColumn(m) ? DATE_TIME : undefined) ??
        this.copiedDateColumn(members, name) ??
        this.fromTypeNode(m.type) ??
        this.fromDecorators(decorators) ??
        {};
      // A relation's columns are sent because a query loads it: inferred through the ORM.
      if (relation !== undefined) schema = { ...schema, confidence: 'likely' };
      properties[name] = schema;
      const optional =
        m.questionToken !== undefined ||
        decorators.includes('IsOptional') ||
        decorators.includes('ApiPropertyOptional');
      const undefinedUnion =
        m.type && ts.isUnionTypeNode(m.type) && m.type.types.some((t) => t.kind === ts.SyntaxKind.UndefinedKeyword);
      if (!optional && !undefinedUnion) required.push(name);
    }
    return { type: ['object'], properties, ...(required.length > 0 ? { required } : {}) };
  }

  /**
   * A property the class's constructor copies from a date column of an entity it is given (`this.createdDate =
   * server.createdDate` with `server: DiscordServer`): TypeORM reads the column as a `Date`, whatever the property's
   * declared type, and JSON sends it as a string.
   */
  private copiedDateColumn(members: readonly (TS.TypeElement | TS.ClassElement)[], name: string): Schema | undefined {
    const ctor = members.find((m): m is TS.ConstructorDeclaration => ts.isConstructorDeclaration(m));
    for (const stmt of ctor?.body?.statements ?? []) {
      if (!ts.isExpressionStatement(stmt) || !ts.isBinaryExpression(stmt.expression)) continue;
      const { left, right, operatorToken } = stmt.expression;
      if (operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(left)) continue;
      if (left.expression.kind !== ts.SyntaxKind.ThisKeyword || left.name.text !== name) continue;
      if (!ts.isPropertyAccessExpression(right) || !ts.isIdentifier(right.expression)) return undefined;
      const param = ctor?.parameters.find(
        (p) => ts.isIdentifier(p.name) && p.name.text === (right.expression as TS.Identifier).text,
      );
      if (!param?.type || !ts.isTypeReferenceNode(param.type) || !ts.isIdentifier(param.type.typeName))
        return undefined;
      const source = this.findType(param.type.typeName.text, param);
      if (source === undefined || !ts.isClassDeclaration(source)) return undefined;
      const copied = source.members.find(
        (x) => ts.isPropertyDeclaration(x) && propertyNameText(x.name) === right.name.text,
      );
      return copied !== undefined && ts.isPropertyDeclaration(copied) && isDateColumn(copied) ? DATE_TIME : undefined;
    }
    return undefined;
  }

  private fromDecorators(names: string[]): Schema | undefined {
    if (names.some((n) => n === 'IsString' || n === 'IsEmail' || n === 'IsUUID' || n === 'IsDateString'))
      return typed('string');
    if (names.some((n) => n === 'IsInt')) return typed('integer');
    if (names.some((n) => n === 'IsNumber')) return typed('number');
    if (names.some((n) => n === 'IsBoolean')) return typed('boolean');
    if (names.some((n) => n === 'IsArray')) return typed('array');
    return undefined;
  }

  private reference(node: TS.TypeReferenceNode): Schema | undefined {
    const name = ts.isIdentifier(node.typeName) ? node.typeName.text : node.typeName.right.text;
    const args = node.typeArguments ?? [];
    switch (name) {
      case 'Array':
      case 'ReadonlyArray':
      case 'Set':
        return { type: ['array'], ...(args[0] ? this.itemsOf(args[0]) : {}) };
      case 'Promise':
      case 'Readonly':
      case 'Observable':
        return this.fromTypeNode(args[0]);
      case 'Partial': {
        const inner = this.resolveInline(this.fromTypeNode(args[0]));
        if (!inner) return undefined;
        const { required: _r, ...rest } = inner;
        return rest;
      }
      case 'Required': {
        const inner = this.resolveInline(this.fromTypeNode(args[0]));
        return inner ? { ...inner, required: Object.keys(inner.properties ?? {}) } : undefined;
      }
      case 'Pick':
      case 'Omit': {
        const inner = this.resolveInline(this.fromTypeNode(args[0]));
        const keyNode = args[1];
        if (!inner || !keyNode) return undefined;
        const keys = new Set<string>();
        const addKey = (t: TS.TypeNode) => {
          if (ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal)) keys.add(t.literal.text);
        };
        if (ts.isUnionTypeNode(keyNode)) keyNode.types.forEach(addKey);
        else addKey(keyNode);
        const keep = (k: string) => (name === 'Pick' ? keys.has(k) : !keys.has(k));
        const properties = Object.fromEntries(Object.entries(inner.properties ?? {}).filter(([k]) => keep(k)));
        const required = (inner.required ?? []).filter(keep);
        return { type: ['object'], properties, ...(required.length > 0 ? { required } : {}) };
      }
      case 'Record':
        return { type: ['object'], ...(args[1] ? { additionalProperties: this.fromTypeNode(args[1]) ?? true } : {}) };
      case 'Date':
        return { ...DATE_TIME };
      case 'String':
        return typed('string');
      case 'Number':
        return typed('number');
      case 'Boolean':
        return typed('boolean');
      case 'Buffer':
      case 'Blob':
        return { type: ['string'], format: 'binary' };
    }
    const decl = this.findType(name, node);
    if (decl) return this.named(decl);
    return this.prismaModel(name, node);
  }

  /** `Post` (or `Post as PostModel`) imported from `@prisma/client`: the model's shape with the relations loaded. */
  private prismaModel(name: string, from: TS.Node): Schema | undefined {
    if (this.prisma === undefined) return undefined;
    const binding = this.modules.get(from.getSourceFile().fileName)?.imports.get(name);
    if (binding === undefined || !/(^|\/)(@prisma|\.prisma)\/client$/.test(binding.specifier)) return undefined;
    const model = binding.imported;
    const relations = (this.prisma.models.get(model) ?? []).filter(
      (f) => this.prisma?.models.has(f.type) && this.loadedRelations.has(f.name),
    );
    const key =
      relations.length > 0
        ? `${model}_with_${relations
            .map((f) => f.name)
            .sort()
            .join('_')}`
        : model;
    if (key in this.schemas) return { $ref: key };
    const schema = prismaModelSchema(this.prisma, model, this.loadedRelations);
    if (schema === undefined) return undefined;
    this.schemas[key] = schema;
    return { $ref: key };
  }

  /** The lazy relation properties of an entity class that {@link loadedRelations} names, sorted. */
  private loadedOf(decl: TS.ClassDeclaration): string[] {
    const out: string[] = [];
    for (const m of decl.members) {
      if (!ts.isPropertyDeclaration(m)) continue;
      const name = propertyNameText(m.name);
      const relation = decoratorNames(m).find((d) => RELATION_DECORATORS.has(d));
      if (name === undefined || relation === undefined) continue;
      // Asked last: the first question about a handler's relations reads the services it calls.
      if (!optionIs(decoratorOptions(m, relation), 'eager', true) && this.loadedRelations.has(name)) out.push(name);
    }
    return out.sort();
  }

  /**
   * What a function without a declared return type returns, when every `return` builds the same class: `return new
   * AlertDto(result)` gives that class, `return items.map(item => new AlertDto(item))` an array of it.
   */
  fromReturns(fn: TS.FunctionLikeDeclaration): Schema | undefined {
    const built = (expression: TS.Expression): Schema | undefined => {
      let e = expression;
      while (ts.isAwaitExpression(e) || ts.isParenthesizedExpression(e)) e = e.expression;
      if (ts.isNewExpression(e) && ts.isIdentifier(e.expression)) {
        const decl = this.findType(e.expression.text, e);
        return decl !== undefined && ts.isClassDeclaration(decl) ? this.named(decl) : undefined;
      }
      const mapper = ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) ? e.arguments[0] : undefined;
      if (mapper !== undefined && (e as TS.CallExpression).expression.getText().endsWith('.map')) {
        if (!ts.isArrowFunction(mapper) || !ts.isExpression(mapper.body)) return undefined;
        const item = built(mapper.body);
        return item === undefined ? undefined : { type: ['array'], items: item };
      }
      return undefined;
    };
    const found: (Schema | undefined)[] = [];
    const visit = (node: TS.Node): void => {
      if (ts.isFunctionLike(node) && node !== fn) return;
      if (ts.isReturnStatement(node)) found.push(node.expression === undefined ? undefined : built(node.expression));
      ts.forEachChild(node, visit);
    };
    if (fn.body !== undefined) visit(fn.body);
    const [first] = found;
    if (first === undefined || found.some((f) => JSON.stringify(f) !== JSON.stringify(first))) return undefined;
    return first;
  }

  /** `{ $ref }` to the schema of a named declaration, converting it once. */
  named(decl: TypeDecl): Schema | undefined {
    const base = decl.name?.text;
    if (!base) return undefined;
    // An entity whose relations this handler loads is another shape on the wire than the bare entity.
    const loaded = ts.isClassDeclaration(decl) ? this.loadedOf(decl) : [];
    const name = loaded.length > 0 ? `${base}_with_${loaded.join('_')}` : base;
    if (name in this.schemas) return { $ref: name };
    if (ts.isTypeAliasDeclaration(decl) && decl.typeParameters === undefined) {
      // Placeholder first so recursive types terminate.
      this.schemas[name] = {};
      const schema = this.fromTypeNode(decl.type);
      if (!schema) {
        delete this.schemas[name];
        return undefined;
      }
      this.schemas[name] = schema;
      return { $ref: name };
    }
    if (ts.isEnumDeclaration(decl)) {
      const values = decl.members.map((m, i) =>
        m.initializer && ts.isStringLiteral(m.initializer)
          ? m.initializer.text
          : m.initializer && ts.isNumericLiteral(m.initializer)
            ? Number(m.initializer.text)
            : i,
      );
      this.schemas[name] = { type: [values.every((v) => typeof v === 'string') ? 'string' : 'number'], enum: values };
      return { $ref: name };
    }
    if (ts.isInterfaceDeclaration(decl) || ts.isClassDeclaration(decl)) {
      this.schemas[name] = {};
      const parts: (Schema | undefined)[] = [];
      for (const clause of decl.heritageClauses ?? []) {
        for (const t of clause.types) {
          if (!ts.isIdentifier(t.expression)) continue;
          const base = this.findType(t.expression.text, decl);
          if (base) parts.push(this.resolveInline(this.named(base)));
          else if (ts.isCallExpression(t.expression)) parts.push(undefined);
        }
      }
      parts.push(this.objectFromMembers(decl.members as readonly (TS.TypeElement | TS.ClassElement)[]));
      this.schemas[name] = this.merge(parts) ?? typed('object');
      return { $ref: name };
    }
    return undefined;
  }
}

/** A schema that also allows `null`. */
export function orNull(schema: Schema): Schema {
  if (schema.$ref || schema.anyOf) return { anyOf: [...(schema.anyOf ?? [schema]), { type: ['null'] }] };
  return { ...schema, type: [...new Set([...(schema.type ?? []), 'null' as const])].sort() };
}

const DATE_TIME: Schema = { type: ['string'], format: 'date-time' };

/** TypeORM columns read as a `Date`: the created/updated/deleted date columns, `@Column({ type: 'timestamp' })`. */
function isDateColumn(m: TS.PropertyDeclaration | TS.PropertySignature): boolean {
  const decorators = decoratorNames(m);
  if (decorators.some((d) => /^(Create|Update|Delete)DateColumn$/.test(d))) return true;
  const type = decoratorOptions(m, 'Column')?.properties.find(
    (p): p is TS.PropertyAssignment => ts.isPropertyAssignment(p) && propertyNameText(p.name) === 'type',
  );
  return (
    type !== undefined &&
    ts.isStringLiteralLike(type.initializer) &&
    /^(timestamp|timestamptz|timestamp with time zone|timestamp without time zone|datetime|date)$/.test(
      type.initializer.text,
    )
  );
}
