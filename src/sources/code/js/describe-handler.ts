import type * as TS from 'typescript';
import type { Parameter, RequestBody, Response, Schema } from '../../../model/index.js';
import type { ExtractedRoute } from '../extractor.js';
import { STATUS_BY_NAME } from '../handler-names.js';
import type { JsRoute } from './analyze-routers.js';
import { bodyFieldReads } from './body-reads.js';
import type { Evaluator } from './evaluator.js';
import { relationsLoadedLazily } from './orm-loading.js';
import { lineOf, memberName, unwrapExpression } from './parse-js.js';
import { TypeSchemas } from './type-to-schema.js';
import { ts } from './typescript.js';

/** A status code written as a number, a numeric constant, or a named constant. */
export function statusOf(expr: TS.Expression | undefined, ev?: Evaluator): number | undefined {
  if (!expr) return undefined;
  const e = unwrapExpression(expr);
  if (ts.isNumericLiteral(e)) return Number(e.text);
  const name = ts.isPropertyAccessExpression(e) ? e.name.text : ts.isIdentifier(e) ? e.text : undefined;
  if (name && name.toUpperCase() in STATUS_BY_NAME) return STATUS_BY_NAME[name.toUpperCase()];
  const value = ev?.evaluate(e);
  if (value?.kind === 'string' && /^\d{3}$/.test(value.path.text)) return Number(value.path.text);
  return undefined;
}

function accessChain(expr: TS.Expression): string[] | undefined {
  const out: string[] = [];
  let e: TS.Expression = unwrapExpression(expr);
  for (;;) {
    if (ts.isIdentifier(e)) {
      out.unshift(e.text);
      return out;
    }
    const name = memberName(e);
    if (name === undefined || !(ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e))) return undefined;
    out.unshift(name);
    e = unwrapExpression(e.expression);
  }
}

/** The function that handles a route: inline, a named function, a controller method, or inside a wrapper call. */
export function handlerFunction(
  expr: TS.Expression | undefined,
  ev: Evaluator,
  depth = 0,
): TS.SignatureDeclaration | undefined {
  if (!expr || depth > 4) return undefined;
  const e = unwrapExpression(expr);
  if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return e;
  // `exports.bookList = [auth, function (req, res) {…}]` given as the handler: Express runs the array's last function
  // last, after the middleware before it.
  if (ts.isArrayLiteralExpression(e)) return handlerFunction(e.elements.at(-1), ev, depth + 1);
  if (ts.isCallExpression(e)) {
    // asyncHandler(fn), catchAsync(controller.create), wrap(...)
    for (let i = e.arguments.length - 1; i >= 0; i--) {
      const fn = handlerFunction(e.arguments[i], ev, depth + 1);
      if (fn) return fn;
    }
    return undefined;
  }
  if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    const v = ev.evaluate(e);
    if (v?.kind === 'function') return v.node;
    if (v?.kind === 'array') return handlerFunction(v.elements.at(-1), ev, depth + 1);
  }
  return undefined;
}

/** Array methods whose result has the type of the array they are called on. */
const SAME_TYPE_ARRAY_METHODS = new Set(['slice', 'filter', 'concat', 'sort', 'reverse', 'toSorted', 'toReversed']);

/**
 * The declared TypeScript type of a value a handler sends, read from where it comes from: an `as T`, a variable's
 * annotation or initializer, a project function's or method's declared return type (`Promise<T>` awaited), an array
 * method that keeps the array's type (`lists.slice(skip, top)`). `null` and `undefined` are dropped from a union: a
 * handler sends the value after its not-found branch has answered.
 */
export function valueType(expr: TS.Expression | undefined, ev: Evaluator, depth = 0): TS.TypeNode | undefined {
  if (!expr || depth > 6) return undefined;
  const raw = ts.isParenthesizedExpression(expr) ? expr.expression : expr;
  if (ts.isAsExpression(raw)) return withoutNullish(raw.type);
  const e = unwrapExpression(raw);
  let type: TS.TypeNode | undefined;
  if (ts.isIdentifier(e)) {
    const binding = ev.bindingOf(e.text, e);
    const decl = binding?.access.length === 0 ? binding.decl : undefined;
    if (decl && ts.isVariableDeclaration(decl))
      type = decl.type ?? (decl.initializer ? valueType(decl.initializer, ev, depth + 1) : undefined);
  } else if (ts.isCallExpression(e)) {
    const callee = unwrapExpression(e.expression);
    if (ts.isPropertyAccessExpression(callee) && SAME_TYPE_ARRAY_METHODS.has(callee.name.text)) {
      const owner = valueType(callee.expression, ev, depth + 1);
      if (owner && (ts.isArrayTypeNode(owner) || /^(?:Readonly)?Array\b/.test(owner.getText()))) return owner;
    }
    const fn = ev.evaluate(callee);
    if (fn?.kind === 'function' && fn.node.type) type = fn.node.type;
  }
  if (!type) return undefined;
  // A declared `Promise<T>` is `T` once awaited, and an async function's result is always awaited before it is sent.
  if (ts.isTypeReferenceNode(type) && type.typeName.getText() === 'Promise' && type.typeArguments?.[0])
    type = type.typeArguments[0];
  return withoutNullish(type);
}

function withoutNullish(type: TS.TypeNode): TS.TypeNode {
  if (!ts.isUnionTypeNode(type)) return type;
  const kept = type.types.filter(
    (t) =>
      t.kind !== ts.SyntaxKind.UndefinedKeyword &&
      !(ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword),
  );
  return kept.length === 1 ? (kept[0] as TS.TypeNode) : type;
}

/** `res.status(201).json` → `['res', 'json']`: the chain of a call made on what a response setter returns. */
function chainedOnResponse(callee: TS.Expression): string[] | undefined {
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  let recv = unwrapExpression(callee.expression);
  while (
    ts.isCallExpression(recv) &&
    ts.isPropertyAccessExpression(recv.expression) &&
    /^(?:status|code|set|header|type|location|cookie)$/.test(recv.expression.name.text)
  )
    recv = unwrapExpression(recv.expression.expression);
  const owner = recv === unwrapExpression(callee.expression) ? undefined : accessChain(recv);
  return owner && [...owner, callee.name.text];
}

/**
 * A request body known only from its TypeScript type (`Request<P, R, TodoList>`, `req.body as T`, Fastify's `Body`
 * without a `schema`, `c.req.json<T>()`): types are erased before the code runs, so nothing checks that a field is
 * there and a request without it is accepted. The shape stays, no field is required.
 */
/** Whether a schema, or one under it, lists a required field. */
function requiresAny(schema: Schema, schemas: Record<string, Schema>, depth: number): boolean {
  if (depth > 8) return false;
  const own = schema.$ref !== undefined ? schemas[schema.$ref] : schema;
  if (!own) return false;
  if ((own.required?.length ?? 0) > 0) return true;
  const under = [...Object.values(own.properties ?? {}), ...(own.items ? [own.items] : [])];
  return under.some((s) => requiresAny(s, schemas, depth + 1));
}

export function uncheckedBody(
  schema: Schema | undefined,
  schemas: Record<string, Schema>,
  depth = 0,
): Schema | undefined {
  if (!schema || depth > 8) return schema;
  // A named type is shared with the responses that send it: this body gets its own copy, when it requires anything.
  const named = schema.$ref !== undefined ? schemas[schema.$ref] : undefined;
  if (named && !requiresAny(named, schemas, depth)) return schema;
  const { required: _required, properties, items, $ref: _ref, ...rest } = named ?? schema;
  return {
    ...rest,
    ...(properties
      ? {
          properties: Object.fromEntries(
            Object.entries(properties).map(([k, v]) => [k, uncheckedBody(v, schemas, depth + 1) ?? v]),
          ),
        }
      : {}),
    ...(items ? { items: uncheckedBody(items, schemas, depth + 1) ?? items } : {}),
  };
}

interface Roles {
  req?: string;
  res?: string;
}

function rolesFor(framework: string, fn: TS.SignatureDeclaration): Roles {
  const names = fn.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : undefined));
  if (framework === 'koa' || framework === 'hono') return { ...(names[0] ? { req: names[0], res: names[0] } : {}) };
  return { ...(names[0] ? { req: names[0] } : {}), ...(names[1] ? { res: names[1] } : {}) };
}

function typeArg(type: TS.TypeNode | undefined, index: number): TS.TypeNode | undefined {
  return type && ts.isTypeReferenceNode(type) ? type.typeArguments?.[index] : undefined;
}

/**
 * A member of Fastify's route generic `{ Body: X; Querystring: Y; Params: Z; Reply: R }`, given on the request's type
 * (`request: FastifyRequest<{ Body: X }>`) or on the route call (`app.post<{ Body: X }>('/x', h)`, the form Fastify's
 * TypeScript guide teaches), written inline or as a project interface or type alias (`app.post<CreateRoute>`).
 */
function fastifyTypeMember(
  generics: readonly (TS.TypeNode | undefined)[],
  key: string,
  types: TypeSchemas,
): TS.TypeNode | undefined {
  for (const generic of generics) {
    let members: readonly TS.TypeElement[] | undefined;
    if (generic && ts.isTypeLiteralNode(generic)) members = generic.members;
    else if (generic && ts.isTypeReferenceNode(generic) && ts.isIdentifier(generic.typeName)) {
      const decl = types.findType(generic.typeName.text, generic);
      if (decl && ts.isInterfaceDeclaration(decl)) members = decl.members;
      else if (decl && ts.isTypeAliasDeclaration(decl) && ts.isTypeLiteralNode(decl.type)) members = decl.type.members;
    }
    const member = members?.find((m) => ts.isPropertySignature(m) && m.name.getText() === key);
    if (member) return (member as TS.PropertySignature).type;
  }
  return undefined;
}

/** `Reply: { 200: User; 404: ApiError }`: Fastify's reply type keyed by status, or one type for the success answer. */
function replyByStatus(reply: TS.TypeNode): [number, TS.TypeNode | undefined][] | undefined {
  if (!ts.isTypeLiteralNode(reply) || reply.members.length === 0) return undefined;
  const byStatus: [number, TS.TypeNode | undefined][] = [];
  for (const m of reply.members) {
    const code = ts.isPropertySignature(m) ? Number(m.name.getText().replace(/['"]/g, '')) : Number.NaN;
    if (!Number.isInteger(code) || code < 100 || code > 599) return undefined;
    byStatus.push([code, (m as TS.PropertySignature).type]);
  }
  return byStatus;
}

/** Converts a JSON Schema written as an object literal (Fastify `schema`) into a normalised schema. */
export function literalJsonSchema(expr: TS.Expression | undefined, ev: Evaluator, depth = 0): Schema | undefined {
  if (!expr || depth > 12) return undefined;
  const v = ev.evaluate(expr);
  if (v?.kind !== 'object') return undefined;
  const out: Schema = {};
  for (const prop of v.node.properties) {
    if (!ts.isPropertyAssignment(prop) && !ts.isShorthandPropertyAssignment(prop)) continue;
    const key = prop.name.getText().replace(/['"]/g, '');
    const init = ts.isPropertyAssignment(prop) ? prop.initializer : prop.name;
    const value = ev.evaluate(init);
    if (key === 'type') {
      const types =
        value?.kind === 'string'
          ? [value.path.text]
          : value?.kind === 'array'
            ? value.elements.map((e) => (ev.evaluate(e) as { path?: { text: string } } | undefined)?.path?.text ?? '')
            : [];
      out.type = types
        .filter((t): t is NonNullable<Schema['type']>[number] =>
          ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'].includes(t),
        )
        .sort();
    } else if (key === 'format' && value?.kind === 'string') out.format = value.path.text;
    else if (key === 'properties' && value?.kind === 'object') {
      out.properties = {};
      for (const p of value.node.properties) {
        if (!ts.isPropertyAssignment(p)) continue;
        const s = literalJsonSchema(p.initializer, ev, depth + 1);
        if (s) out.properties[p.name.getText().replace(/['"]/g, '')] = s;
      }
    } else if (key === 'items') {
      const s = literalJsonSchema(init, ev, depth + 1);
      if (s) out.items = s;
    } else if (key === 'required' && value?.kind === 'array') {
      out.required = value.elements
        .map((e) => ev.evaluate(e))
        .flatMap((x) => (x?.kind === 'string' ? [x.path.text] : []));
    } else if (key === 'enum' && value?.kind === 'array') {
      out.enum = value.elements.map((e) => ev.evaluate(e)).flatMap((x) => (x?.kind === 'string' ? [x.path.text] : []));
    }
  }
  return out;
}

/**
 * The statuses a project helper answers with when a handler hands it the response object
 * (`sendError(res, 404, 'missing')` → `res.status(status).json(…)`; `created(res, data)` → `success(res, data, 201)`):
 * a status written as the helper's parameter is the argument the call passes (or the parameter's default), one
 * written as a value is that value, and a helper that sends a body without setting any status answers 200. Followed
 * through helpers that hand the response on, three calls deep.
 */
function helperStatuses(
  fn: TS.SignatureDeclaration,
  resIndex: number,
  args: readonly (TS.Expression | undefined)[],
  ev: Evaluator,
  depth = 0,
): number[] {
  const body = (fn as TS.FunctionLikeDeclaration).body;
  const resParam = fn.parameters[resIndex];
  if (!body || depth > 2 || !resParam || !ts.isIdentifier(resParam.name)) return [];
  const res = resParam.name.text;
  const params = fn.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : undefined));
  // A parameter stands for what the call passed there, or its default when the call passed nothing.
  const given = (expr: TS.Expression | undefined): TS.Expression | undefined => {
    const e = expr === undefined ? undefined : unwrapExpression(expr);
    if (e === undefined || !ts.isIdentifier(e)) return expr;
    const i = params.indexOf(e.text);
    if (i < 0) return expr;
    return args[i] ?? fn.parameters[i]?.initializer;
  };
  const out: number[] = [];
  let setsStatus = false;
  let sendsBody = false;
  const visit = (node: TS.Node): void => {
    if (ts.isCallExpression(node)) {
      const chain = ts.isPropertyAccessExpression(node.expression)
        ? (accessChain(node.expression) ?? chainedOnResponse(node.expression))
        : undefined;
      const method = chain?.[chain.length - 1];
      if (chain?.length === 2 && chain[0] === res) {
        if (method === 'status' || method === 'sendStatus') {
          setsStatus = true;
          const code = statusOf(given(node.arguments[0]), ev);
          if (code !== undefined) out.push(code);
        }
        if (method === 'json' || method === 'send') sendsBody = true;
      }
      const at = node.arguments.findIndex(
        (a) => ts.isIdentifier(unwrapExpression(a)) && unwrapExpression(a).getText() === res,
      );
      const callee = at < 0 ? undefined : ev.evaluate(unwrapExpression(node.expression));
      if (callee?.kind === 'function') {
        const inner = helperStatuses(callee.node, at, node.arguments.map(given), ev, depth + 1);
        if (inner.length > 0) setsStatus = true;
        out.push(...inner);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  if (sendsBody && !setsStatus) out.push(200);
  return out;
}

/**
 * The shape of an object literal a handler sends (`res.json({ pet })`, `res.status(404).json({ message: 'not found' })`):
 * its keys, each with the type its value has where the value says it (a literal, a nested literal, a declared type),
 * else of no known shape (`null` written as a value is a null). Keys whose value is written as a literal are always
 * there; the others may hold `undefined`, which JSON leaves out. A spread or computed key makes the keys unknown: no shape.
 */
export function literalBodySchema(
  expr: TS.Expression | undefined,
  types: TypeSchemas,
  ev: Evaluator,
  depth = 0,
): Schema | undefined {
  if (!expr || depth > 6) return undefined;
  const e = unwrapExpression(expr);
  if (ts.isStringLiteralLike(e) || ts.isTemplateExpression(e)) return { type: ['string'] };
  if (ts.isNumericLiteral(e)) return { type: ['number'] };
  if (e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword) return { type: ['boolean'] };
  // A `null` written as the value is sent as JSON `null`: the field is there, and holds nothing.
  if (e.kind === ts.SyntaxKind.NullKeyword) return { type: ['null'] };
  if (ts.isArrayLiteralExpression(e)) {
    const first = e.elements[0];
    const items =
      first === undefined || ts.isSpreadElement(first) ? undefined : literalBodySchema(first, types, ev, depth + 1);
    return { type: ['array'], items: items ?? {} };
  }
  if (!ts.isObjectLiteralExpression(e)) return undefined;
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const prop of e.properties) {
    if (ts.isShorthandPropertyAssignment(prop)) {
      properties[prop.name.text] = types.fromTypeNode(valueType(prop.name, ev)) ?? {};
      continue;
    }
    if (!ts.isPropertyAssignment(prop)) return undefined;
    const key = ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name) ? prop.name.text : undefined;
    if (key === undefined) return undefined;
    const literal = literalBodySchema(prop.initializer, types, ev, depth + 1);
    properties[key] = literal ?? types.fromTypeNode(valueType(prop.initializer, ev)) ?? {};
    if (literal !== undefined) required.push(key);
  }
  return { type: ['object'], properties, ...(required.length > 0 ? { required } : {}) };
}

/**
 * The status argument of the last `res.status(…)` written in an earlier statement of the block a send is in
 * (`res.status(400).type('application/json');` then `res.send({ error })`), when there is one.
 */
function statusSetBefore(send: TS.Node, res: string): TS.Expression | undefined {
  let stmt: TS.Node = send;
  while (stmt.parent && !ts.isBlock(stmt.parent) && !ts.isSourceFile(stmt.parent)) stmt = stmt.parent;
  const block = stmt.parent;
  if (!block || !ts.isBlock(block)) return undefined;
  let found: TS.Expression | undefined;
  for (const s of block.statements) {
    if (s === stmt) break;
    const visit = (n: TS.Node): void => {
      if (
        ts.isCallExpression(n) &&
        ts.isPropertyAccessExpression(n.expression) &&
        n.expression.name.text === 'status' &&
        ts.isIdentifier(unwrapExpression(n.expression.expression)) &&
        unwrapExpression(n.expression.expression).getText() === res
      )
        found = n.arguments[0];
      ts.forEachChild(n, visit);
    };
    visit(s);
  }
  return found;
}

/**
 * The schema of a body's declared type. One imported from an installed package (`Request<{}, {}, CreateOrder>` with
 * `CreateOrder` from `@acme/contracts`) cannot be read: it is not compared, and that is said in `notCompared`.
 */
export function declaredBodySchema(
  types: TypeSchemas,
  notCompared: NonNullable<ExtractedRoute['notCompared']>,
  node: TS.TypeNode | undefined,
  body: 'request' | 'response',
): Schema | undefined {
  const schema = types.fromTypeNode(node);
  const outside = schema === undefined ? types.outsideType(node) : undefined;
  if (node !== undefined && outside !== undefined && !notCompared.some((n) => n.type === outside && n.body === body))
    notCompared.push({ type: outside, body, file: node.getSourceFile().fileName, line: lineOf(node) });
  return schema;
}

/** What a handler makes evident: query parameters read, statuses set, declared body types. */
export function describeHandler(
  route: JsRoute,
  ev: Evaluator,
  schemas: Record<string, Schema>,
): Pick<ExtractedRoute, 'parameters' | 'requestBody' | 'responses' | 'notCompared'> {
  const types = new TypeSchemas(ev.modules, schemas);
  const notCompared: NonNullable<ExtractedRoute['notCompared']> = [];
  const declaredBody = (node: TS.TypeNode | undefined, body: 'request' | 'response'): Schema | undefined =>
    declaredBodySchema(types, notCompared, node, body);
  const fn = handlerFunction(route.handlers[route.handlers.length - 1], ev);
  // The entity's relations are on the wire only when the handler's queries (or its services') load them.
  if (fn) types.loadedRelations = relationsLoadedLazily(fn, types);
  const query = new Map<string, Parameter>();
  const headers = new Map<string, Parameter>();
  const statuses = new Map<string, Schema | undefined>();
  let requestSchema: Schema | undefined;
  let responseSchema: Schema | undefined;
  let sendsBody = false;
  let bodyUnchecked = false;
  /** Statuses known only through a helper the handler calls: `likely`. */
  const helperCodes = new Set<string>();
  const takeUnchecked = (schema: Schema | undefined) => {
    if (requestSchema !== undefined || schema === undefined) return;
    requestSchema = schema;
    bodyUnchecked = true;
  };

  const addQuery = (name: string, schema?: Schema) => {
    if (!query.has(name))
      query.set(name, { name, in: 'query', required: false, schema: schema ?? { type: ['string'] } });
  };
  /** Fastify's `Reply: { 404: ApiError }`: the declared body of each status, should the handler send it. */
  const replyTypes = new Map<string, TS.TypeNode | undefined>();
  const addStatus = (code: number | undefined, schema?: Schema) => {
    if (code === undefined) return;
    const key = String(code);
    if (!statuses.has(key) || (schema && !statuses.get(key))) statuses.set(key, schema);
  };

  // Fastify `schema` option: the route's declared contract.
  const schemaOpt = route.options ? optionProperty(route.options, 'schema') : undefined;
  const schemaValue = schemaOpt ? ev.evaluate(schemaOpt) : undefined;
  if (schemaValue?.kind === 'object') {
    const body = optionProperty(schemaValue.node, 'body');
    if (body) requestSchema = literalJsonSchema(body, ev);
    const qs = optionProperty(schemaValue.node, 'querystring') ?? optionProperty(schemaValue.node, 'query');
    const qsSchema = literalJsonSchema(qs, ev);
    for (const [name, s] of Object.entries(qsSchema?.properties ?? {})) addQuery(name, s);
    const response = optionProperty(schemaValue.node, 'response');
    const responseValue = response ? ev.evaluate(response) : undefined;
    if (responseValue?.kind === 'object') {
      for (const p of responseValue.node.properties) {
        if (!ts.isPropertyAssignment(p)) continue;
        const code = Number(p.name.getText().replace(/['"]/g, ''));
        if (Number.isInteger(code)) addStatus(code, literalJsonSchema(p.initializer, ev));
      }
    }
  }

  if (fn) {
    const roles = rolesFor(route.framework, fn);
    const reqParam = fn.parameters[0];
    const resParam = fn.parameters[1];
    if (route.framework === 'express') {
      takeUnchecked(declaredBody(typeArg(reqParam?.type, 2), 'request'));
      responseSchema =
        declaredBody(typeArg(reqParam?.type, 1), 'response') ?? declaredBody(typeArg(resParam?.type, 0), 'response');
    } else if (route.framework === 'fastify') {
      const generics = [typeArg(reqParam?.type, 0) ?? reqParam?.type, route.call.typeArguments?.[0]];
      takeUnchecked(declaredBody(fastifyTypeMember(generics, 'Body', types), 'request'));
      const qs = types.fromTypeNode(fastifyTypeMember(generics, 'Querystring', types));
      for (const [name, s] of Object.entries(qs?.properties ?? {})) addQuery(name, s);
      const reply = fastifyTypeMember(generics, 'Reply', types);
      const byStatus = reply ? replyByStatus(reply) : undefined;
      // A reply type keyed by status types the bodies of the statuses the handler sends; it sends none by itself.
      for (const [code, type] of byStatus ?? []) replyTypes.set(String(code), type);
      const success = byStatus?.find(([code]) => code >= 200 && code < 300);
      responseSchema = declaredBody(byStatus ? success?.[1] : reply, 'response');
    }
    const reqRoots = new Set([roles.req, `${roles.req}.request`, `${roles.req}.req`]);
    const visit = (node: TS.Node): void => {
      if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
        const chain = accessChain(node);
        if (chain && chain.length >= 3 && reqRoots.has(chain.slice(0, -2).join('.'))) {
          const where = chain[chain.length - 2];
          if (where === 'query') addQuery(chain[chain.length - 1] as string);
        }
      }
      if (ts.isVariableDeclaration(node) && node.initializer && ts.isObjectBindingPattern(node.name)) {
        const chain = accessChain(node.initializer);
        if (chain && reqRoots.has(chain.slice(0, -1).join('.')) && chain[chain.length - 1] === 'query') {
          for (const el of node.name.elements) {
            const key = el.propertyName ?? el.name;
            if (ts.isIdentifier(key)) addQuery(key.text);
          }
        }
        if (chain && reqRoots.has(chain.slice(0, -1).join('.')) && chain[chain.length - 1] === 'headers') {
          for (const el of node.name.elements) {
            const key = el.propertyName ?? el.name;
            if (ts.isIdentifier(key))
              headers.set(key.text, { name: key.text, in: 'header', required: false, schema: { type: ['string'] } });
          }
        }
      }
      if (ts.isAsExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
        const chain = accessChain(node.expression);
        if (chain && reqRoots.has(chain.slice(0, -1).join('.')) && chain[chain.length - 1] === 'body') {
          takeUnchecked(declaredBody(node.type, 'request'));
        }
      }
      if (
        ts.isCallExpression(node) &&
        (ts.isPropertyAccessExpression(node.expression) || ts.isElementAccessExpression(node.expression))
      ) {
        // `res.status(201).json(x)`: the response the status call returns is the receiver.
        const chain = accessChain(node.expression) ?? chainedOnResponse(node.expression);
        const method = chain?.[chain.length - 1];
        const target = chain?.slice(0, -1).join('.');
        const arg0 = node.arguments[0];
        if (target === roles.res || (roles.res && target?.startsWith(`${roles.res}.`))) {
          if (method === 'status' || method === 'code' || method === 'sendStatus') addStatus(statusOf(arg0, ev));
          if (
            method === 'json' ||
            method === 'send' ||
            method === 'jsonp' ||
            method === 'text' ||
            method === 'html' ||
            method === 'body'
          ) {
            sendsBody = true;
            const explicit = statusOf(node.arguments[1], ev);
            const declared = declaredBody(valueType(arg0, ev), 'response');
            const literal =
              declared === undefined && arg0 !== undefined && ts.isObjectLiteralExpression(unwrapExpression(arg0))
                ? literalBodySchema(arg0, types, ev)
                : undefined;
            // `res.status(400).type('application/json'); res.send({ error })`: a literal sent after a status set
            // by an earlier statement of its block is that status's body, not the success one.
            const earlier = literal === undefined || !roles.res ? undefined : statusSetBefore(node, roles.res);
            if (earlier !== undefined) {
              const code = statusOf(earlier, ev);
              if (code !== undefined) addStatus(code, literal);
            }
            const bodyType = declared ?? (earlier === undefined ? literal : undefined);
            // res.status(201).json(x): the status call is the receiver.
            const recv = unwrapExpression((node.expression as TS.PropertyAccessExpression).expression);
            const receiverStatus =
              ts.isCallExpression(recv) &&
              ts.isPropertyAccessExpression(recv.expression) &&
              (recv.expression.name.text === 'status' || recv.expression.name.text === 'code')
                ? recv.arguments[0]
                : undefined;
            if (explicit !== undefined) addStatus(explicit, bodyType);
            // `res.status(404).json({ error })`: the literal is that status's body, not the success one.
            else if (bodyType && !(bodyType === literal && receiverStatus !== undefined)) responseSchema ??= bodyType;
            if (receiverStatus !== undefined) addStatus(statusOf(receiverStatus, ev), bodyType);
          }
          if (method === 'throw') addStatus(statusOf(arg0, ev));
          if (method === 'query' && target === `${roles.req}.req` && arg0 && ts.isStringLiteralLike(arg0))
            addQuery(arg0.text);
        }
        if (target === `${roles.req}.req` && method === 'query' && arg0 && ts.isStringLiteralLike(arg0))
          addQuery(arg0.text);
        if (target === `${roles.req}.req` && method === 'json' && node.typeArguments?.[0])
          takeUnchecked(declaredBody(node.typeArguments[0], 'request'));
      }
      // `sendError(res, 404, 'missing')`: a project helper given the response answers for the handler.
      if (ts.isCallExpression(node) && roles.res !== undefined && route.framework === 'express') {
        const at = node.arguments.findIndex((a) => {
          const u = unwrapExpression(a);
          return ts.isIdentifier(u) && u.text === roles.res;
        });
        const callee = at < 0 ? undefined : ev.evaluate(unwrapExpression(node.expression));
        if (callee?.kind === 'function' && callee.node !== fn)
          for (const code of helperStatuses(callee.node, at, node.arguments, ev)) {
            if (!statuses.has(String(code))) helperCodes.add(String(code));
            addStatus(code);
          }
      }
      if (ts.isReturnStatement(node) && node.expression && route.framework === 'fastify') sendsBody = true;
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const chain = accessChain(node.left);
        if (chain && chain.length === 2 && chain[0] === roles.res) {
          if (chain[1] === 'status') addStatus(statusOf(node.right, ev));
          if (chain[1] === 'body') {
            sendsBody = true;
            if (ts.isAsExpression(node.right)) responseSchema ??= declaredBody(node.right.type, 'response');
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    const body = (fn as TS.FunctionLikeDeclaration).body;
    if (body) visit(body);
    // A handler that answers 400 or 422 checks its input somehow (a project validator given `req.body`): the type's
    // required fields stand. Otherwise nothing checks the body, and its fields are the ones the code reads: a field
    // its type declares and nothing reads is ignored.
    if (bodyUnchecked && (statuses.has('400') || statuses.has('422'))) bodyUnchecked = false;
    if (bodyUnchecked) requestSchema = uncheckedBody(requestSchema, schemas);
    const reads = bodyUnchecked && roles.req ? bodyFieldReads(fn, roles.req, ev) : undefined;
    const shape = requestSchema?.$ref !== undefined ? schemas[requestSchema.$ref] : requestSchema;
    if (reads && shape?.properties) {
      const all = Object.entries(shape.properties);
      const kept = all.filter(([name]) => reads(name));
      if (kept.length < all.length) {
        const { $ref: _ref, ...own } = shape;
        requestSchema = { ...own, properties: Object.fromEntries(kept) };
      }
    }
    if (route.framework === 'fastify' && body && !ts.isBlock(body)) sendsBody = true;
  }

  for (const [code, schema] of statuses)
    if (schema === undefined && replyTypes.has(code) && !code.startsWith('2'))
      statuses.set(code, declaredBody(replyTypes.get(code), 'response'));
  return wireEvidence({
    query,
    headers,
    statuses,
    responseSchema,
    sendsBody,
    requestSchema,
    bodyUnchecked,
    helperCodes,
    notCompared,
    location: { file: route.file, line: route.line },
  });
}

/** What a handler was seen to read and send, gathered by a framework's reader, before it becomes a route's wire. */
export interface HandlerWire {
  query: ReadonlyMap<string, Parameter>;
  headers: ReadonlyMap<string, Parameter>;
  /** Each status the handler answers, with the body schema sent under it when known. */
  statuses: Map<string, Schema | undefined>;
  /** The body sent on success, when the status it goes with is not written beside it. */
  responseSchema: Schema | undefined;
  /** Whether the handler sends a body at all (then a success status is answered even when none is written). */
  sendsBody: boolean;
  requestSchema: Schema | undefined;
  /** Whether the request body is known only from what the code reads or a TypeScript type, checked by nothing. */
  bodyUnchecked: boolean;
  /** Statuses known only through a helper the handler calls: `likely`. */
  helperCodes: ReadonlySet<string>;
  notCompared: NonNullable<ExtractedRoute['notCompared']>;
  location: { file: string; line: number };
}

/**
 * A route's parameters, body and responses from what its handler was seen to do: the success status (200 unless one
 * is written) carries the body sent without a status of its own.
 */
export function wireEvidence(
  wire: HandlerWire,
): Pick<ExtractedRoute, 'parameters' | 'requestBody' | 'responses' | 'notCompared'> {
  const { statuses, responseSchema, requestSchema } = wire;
  const successDeclared = [...statuses.keys()].some((s) => s.startsWith('2') || s.startsWith('3'));
  if ((wire.sendsBody || responseSchema) && !successDeclared) statuses.set('200', responseSchema);
  else if (responseSchema) {
    const first = [...statuses.keys()].find((s) => s.startsWith('2'));
    if (first && !statuses.get(first)) statuses.set(first, responseSchema);
  }
  const responses: Response[] = [...statuses.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, schema]) => ({
      status,
      headers: {},
      content: (schema ? { 'application/json': { schema } } : {}) as Response['content'],
      location: wire.location,
      ...(wire.helperCodes.has(status) ? { confidence: 'likely' as const } : {}),
    }));
  const requestBody: RequestBody | undefined = requestSchema
    ? {
        required: true,
        content: { 'application/json': { schema: requestSchema } },
        ...(wire.bodyUnchecked ? { unchecked: true } : {}),
      }
    : undefined;
  const parameters = [...wire.query.values(), ...wire.headers.values()];
  return {
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    ...(responses.length > 0 ? { responses } : {}),
    ...(wire.notCompared.length > 0 ? { notCompared: wire.notCompared } : {}),
  };
}

function optionProperty(obj: TS.ObjectLiteralExpression, key: string): TS.Expression | undefined {
  for (const prop of obj.properties) {
    if (ts.isPropertyAssignment(prop) && prop.name.getText().replace(/['"]/g, '') === key) return prop.initializer;
    if (ts.isShorthandPropertyAssignment(prop) && prop.name.text === key) return prop.name;
  }
  return undefined;
}
