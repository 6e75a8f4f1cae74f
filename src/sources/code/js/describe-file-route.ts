import type * as TS from 'typescript';
import type { Parameter, Schema } from '../../../model/index.js';
import type { ExtractedRoute } from '../extractor.js';
import { fieldsReadOf } from './body-reads.js';
import {
  declaredBodySchema,
  handlerFunction,
  literalBodySchema,
  statusOf,
  uncheckedBody,
  valueType,
  wireEvidence,
} from './describe-handler.js';
import type { Evaluator } from './evaluator.js';
import { exportedExpression, lineOf, propertyNameText, unwrapExpression } from './parse-js.js';
import { TypeSchemas } from './type-to-schema.js';
import { ts } from './typescript.js';
import { zodSchema } from './zod-schema.js';

/**
 * The wire model of file-based routes' handlers: what a SvelteKit `+server` handler (`export async function GET({
 * url, request })`) or a Nitro/h3 event handler (`export default defineEventHandler(async (event) => …)`) reads and
 * answers, in the same terms as the router frameworks' (`describeHandler`).
 *
 * SvelteKit: query parameters are `url.searchParams.get('x')` (`has`, `getAll`; `event.url`, a destructured `url`, or
 * `new URL(request.url)`); the request body is `await request.json()`, its fields the ones the code reads of it (or
 * its declared type); statuses are `error(404, …)` and `redirect(303, …)` (which throw), `json(x, { status })`,
 * `text(…)`, `new Response(…, { status })` and `Response.json(…)`, 200 when no status is given; the body sent is the
 * object literal or the declared type given to `json`/`Response.json`/`JSON.stringify`.
 *
 * Nitro/h3: `getQuery(event)` and `readBody(event)` (auto-imported or from `h3`) give the query parameters and the
 * body fields read of them; `createError({ statusCode })` and `setResponseStatus(event, code)` the statuses; the value
 * the handler returns is its 200 body.
 */

/** The framework's functions a call may be: `@sveltejs/kit`'s, or h3's (which Nitro auto-imports). */
const KIT_PACKAGES = /^(?:@sveltejs\/kit|h3|nitropack|nitropack\/runtime|#imports)$/;

type FileFramework = 'sveltekit' | 'nitro';

export function describeFileRoute(
  exportNode: TS.Node,
  framework: FileFramework,
  ev: Evaluator,
  schemas: Record<string, Schema>,
  location: { file: string; line: number },
): Pick<ExtractedRoute, 'parameters' | 'requestBody' | 'responses' | 'notCompared'> {
  const fn = exportedFunction(exportNode, ev);
  const types = new TypeSchemas(ev.modules, schemas);
  const notCompared: NonNullable<ExtractedRoute['notCompared']> = [];
  const query = new Map<string, Parameter>();
  const statuses = new Map<string, Schema | undefined>();
  const helperCodes = new Set<string>();
  let responseSchema: Schema | undefined;
  let requestSchema: Schema | undefined;
  /** Whether a validator checks the body (its required fields stand), rather than its shape being only what is read. */
  let bodyChecked = false;
  let sendsBody = false;
  const addQuery = (name: string) => {
    if (!query.has(name)) query.set(name, { name, in: 'query', required: false, schema: { type: ['string'] } });
  };
  const addStatus = (code: number | undefined, schema?: Schema) => {
    if (code === undefined) return;
    const key = String(code);
    if (!statuses.has(key) || (schema && !statuses.get(key))) statuses.set(key, schema);
  };
  /** A body sent with the status its init object gives (`{ status: 404 }`), or as the success body without one. */
  const send = (code: number | undefined, schema: Schema | undefined) => {
    sendsBody = true;
    if (code !== undefined) addStatus(code, schema);
    else responseSchema ??= schema;
  };
  const sentSchema = (expr: TS.Expression | undefined): Schema | undefined => {
    if (!expr) return undefined;
    const declared = declaredBodySchema(types, notCompared, valueType(expr, ev), 'response');
    if (declared) return declared;
    const e = unwrapExpression(expr);
    return ts.isObjectLiteralExpression(e) || ts.isArrayLiteralExpression(e)
      ? literalBodySchema(e, types, ev)
      : undefined;
  };
  const requestBody = (call: TS.CallExpression, typeArg: TS.TypeNode | undefined) => {
    if (requestSchema !== undefined) return;
    // `schema.safeParse(await request.json())`: the body is what the zod schema accepts, checked (400 otherwise).
    const validated = zodSchema(validatorOf(call, ev), ev);
    if (validated) {
      requestSchema = validated;
      bodyChecked = true;
      return;
    }
    // `const body: NewTodo = await request.json()`, `(await request.json()) as NewTodo`, `readBody<NewTodo>(event)`.
    const declaredType = typeArg ?? annotatedType(call);
    const declared = declaredBodySchema(types, notCompared, declaredType, 'request');
    const read = fieldsReadOf(call, ev);
    if (declared) {
      const own = uncheckedBody(declared, schemas) ?? declared;
      const shape = own.$ref !== undefined ? schemas[own.$ref] : own;
      requestSchema =
        read && shape?.properties
          ? {
              ...shape,
              properties: Object.fromEntries(Object.entries(shape.properties).filter(([k]) => read.includes(k))),
            }
          : own;
    } else if (read && read.length > 0)
      // Nothing declares the fields: the ones read are what the handler accepts, of a type the code does not say.
      requestSchema = { type: ['object'], properties: Object.fromEntries(read.map((k) => [k, {}])) };
    else if (read === undefined) unreadBody(call.getText(), call);
  };
  /** A request body read in a way whose fields are not known: not compared, and said so. */
  const unreadBody = (what: string, at: TS.Node) => {
    const type = what.replace(/\s+/g, ' ').slice(0, 60);
    if (!notCompared.some((n) => n.type === type))
      notCompared.push({ type, body: 'request', file: at.getSourceFile().fileName, line: lineOf(at), unread: true });
  };

  if (fn) {
    const param = fn.parameters[0];
    /** The path of properties from the handler's event to a value (`url.searchParams` → `['url', 'searchParams']`). */
    const fromEvent = (expr: TS.Expression, depth = 0): string[] | undefined => {
      if (!param || depth > 6) return undefined;
      const names: string[] = [];
      let e = unwrapExpression(expr);
      while (ts.isPropertyAccessExpression(e)) {
        names.unshift(e.name.text);
        e = unwrapExpression(e.expression);
      }
      if (ts.isNewExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'URL' && e.arguments?.[0]) {
        // `new URL(request.url)`: the request's URL, as the event's `url` is.
        const inner = fromEvent(e.arguments[0], depth + 1);
        return inner?.join('.') === 'request.url' ? ['url', ...names] : undefined;
      }
      if (!ts.isIdentifier(e)) return undefined;
      const binding = ev.bindingOf(e.text, e);
      if (!binding) return undefined;
      if (binding.decl === param) return [...binding.access, ...names];
      if (ts.isVariableDeclaration(binding.decl) && binding.decl.initializer) {
        const base = fromEvent(binding.decl.initializer, depth + 1);
        return base && [...base, ...binding.access, ...names];
      }
      return undefined;
    };
    const isEvent = (expr: TS.Expression | undefined) => expr !== undefined && fromEvent(expr)?.length === 0;
    const kitCall = (call: TS.CallExpression): string | undefined => {
      const callee = unwrapExpression(call.expression);
      const value = ev.asValue(ev.evaluate(callee));
      if (value?.kind === 'package' && KIT_PACKAGES.test(value.name)) return value.path.join('.');
      // Nitro auto-imports h3's functions: an unbound name is one of them.
      if (framework === 'nitro' && ts.isIdentifier(callee) && !ev.bindingOf(callee.text, callee)) return callee.text;
      return undefined;
    };

    /** Whether the handler returns what a call gives: `return helper(…)`, or a local holding it, returned. */
    const returnedByHandler = (call: TS.CallExpression): boolean => {
      let n: TS.Node = call;
      while (ts.isAwaitExpression(n.parent) || ts.isParenthesizedExpression(n.parent)) n = n.parent;
      if (ts.isReturnStatement(n.parent)) return true;
      const decl = n.parent;
      if (!ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name)) return false;
      let returned = false;
      const visitReturns = (x: TS.Node): void => {
        if (returned || (ts.isFunctionLike(x) && x !== fn)) return;
        const e = ts.isReturnStatement(x) && x.expression ? unwrapExpression(x.expression) : undefined;
        if (e && ts.isIdentifier(e) && ev.bindingOf(e.text, e)?.decl === decl) returned = true;
        ts.forEachChild(x, visitReturns);
      };
      visitReturns(fn);
      return returned;
    };
    /** The statuses a project helper throws, and those it returns when its answer is returned, two calls deep. */
    const helperAnswers = (helper: TS.SignatureDeclaration, returned: boolean, depth: number): number[] => {
      const out: number[] = [];
      const body = 'body' in helper ? (helper as TS.FunctionLikeDeclaration).body : undefined;
      if (!body || depth > 1) return out;
      const inReturn = (x: TS.Node): boolean => {
        for (let p = x.parent; p && p !== body; p = p.parent) if (ts.isReturnStatement(p)) return true;
        return !ts.isBlock(body);
      };
      const visitHelper = (x: TS.Node): void => {
        if (ts.isFunctionLike(x) && x !== helper) return;
        if (ts.isCallExpression(x)) {
          const kitName = kitCall(x);
          if (kitName === 'error' || kitName === 'redirect') out.push(...[statusOf(x.arguments[0], ev) ?? []].flat());
          else if (returned && kitName === 'json' && inReturn(x))
            out.push(...[initStatus(x.arguments[1], ev) ?? []].flat());
        }
        if (
          returned &&
          ts.isNewExpression(x) &&
          ts.isIdentifier(x.expression) &&
          x.expression.text === 'Response' &&
          inReturn(x)
        )
          out.push(...[initStatus(x.arguments?.[1], ev) ?? []].flat());
        ts.forEachChild(x, visitHelper);
      };
      visitHelper(body);
      return out;
    };

    const visit = (node: TS.Node): void => {
      if (ts.isCallExpression(node)) {
        const callee = unwrapExpression(node.expression);
        const [arg0, arg1] = node.arguments;
        const kit = kitCall(node);
        if (ts.isPropertyAccessExpression(callee)) {
          const method = callee.name.text;
          const owner = fromEvent(callee.expression)?.join('.');
          if (
            owner === 'url.searchParams' &&
            /^(?:get|getAll|has)$/.test(method) &&
            arg0 &&
            ts.isStringLiteralLike(arg0)
          )
            addQuery(arg0.text);
          if (owner === 'request' && method === 'json') requestBody(node, node.typeArguments?.[0]);
          if (owner === 'request' && /^(?:formData|text|arrayBuffer|blob)$/.test(method))
            unreadBody(`request.${method}()`, node);
          if (ts.isIdentifier(callee.expression) && callee.expression.text === 'Response' && method === 'json')
            send(initStatus(arg1, ev), sentSchema(arg0));
        }
        // `await parseBody(request, schema)`: a project helper reading the body and validating it with the schema it
        // is handed.
        const requestAt = node.arguments.findIndex((a) => fromEvent(a)?.join('.') === 'request');
        const helper = requestAt < 0 ? undefined : ev.asValue(ev.evaluate(callee));
        if (helper?.kind === 'function' && requestSchema === undefined) {
          const validated = zodSchema(helperValidator(helper.node, requestAt, node.arguments, ev), ev);
          if (validated) {
            requestSchema = validated;
            bodyChecked = true;
          } else if (readsBody(helper.node, requestAt)) unreadBody(`${callee.getText()}(…)`, node);
        }
        // A project helper handed the event or a part of it (`authenticate(request)`) answers for the handler: what
        // it throws (`error(401)`) always, what it returns (`json(…, { status: 401 })`) when the handler returns that.
        const project = node.arguments.some((a) => fromEvent(a) !== undefined)
          ? ev.asValue(ev.evaluate(callee))
          : undefined;
        if (project?.kind === 'function' && project.node !== fn)
          for (const code of helperAnswers(project.node, returnedByHandler(node), 0)) {
            if (!statuses.has(String(code))) helperCodes.add(String(code));
            addStatus(code);
          }
        if (kit === 'error' || kit === 'redirect') addStatus(statusOf(arg0, ev));
        else if (kit === 'json') send(initStatus(arg1, ev), sentSchema(arg0));
        else if (kit === 'text') send(initStatus(arg1, ev), undefined);
        else if (kit === 'getQuery' && isEvent(arg0)) for (const name of fieldsReadOf(node, ev) ?? []) addQuery(name);
        else if (kit === 'readBody' && isEvent(arg0)) requestBody(node, node.typeArguments?.[0]);
        else if (kit === 'setResponseStatus' && isEvent(arg0)) addStatus(statusOf(arg1, ev));
        else if (kit === 'createError') addStatus(initStatus(arg0, ev, /^(?:statusCode|status)$/));
      }
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Response') {
        const [body, init] = node.arguments ?? [];
        const json = body && unwrapExpression(body);
        const stringified =
          json && ts.isCallExpression(json) && json.expression.getText() === 'JSON.stringify'
            ? json.arguments[0]
            : undefined;
        const code = initStatus(init, ev);
        if (body === undefined || body.kind === ts.SyntaxKind.NullKeyword) addStatus(code ?? 200);
        else send(code, sentSchema(stringified));
      }
      // Nitro: what the handler itself returns is the response body (a nested function's return is not).
      if (
        framework === 'nitro' &&
        ts.isReturnStatement(node) &&
        node.expression &&
        enclosingFunction(node) === fn &&
        !isCall(node.expression, 'createError', ev)
      )
        send(undefined, sentSchema(node.expression));
      ts.forEachChild(node, visit);
    };
    const body = (fn as TS.FunctionLikeDeclaration).body;
    if (body) {
      visit(body);
      // An arrow function's expression body (`() => ({ ok: true })`) is what it returns.
      if (framework === 'nitro' && !ts.isBlock(body)) send(undefined, sentSchema(body));
    }
  }
  return wireEvidence({
    query,
    headers: new Map(),
    statuses,
    responseSchema,
    sendsBody,
    requestSchema,
    bodyUnchecked: requestSchema !== undefined && !bodyChecked,
    helperCodes,
    notCompared,
    location,
  });
}

/**
 * The function an exported route handler is: a function declaration, a const's function, the one a wrapper gets
 * (`defineEventHandler(…)`), or the function a re-export names (`export { GET } from './handlers'`).
 */
function exportedFunction(node: TS.Node, ev: Evaluator): TS.SignatureDeclaration | undefined {
  if (ts.isFunctionDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return node;
  if (ts.isExportSpecifier(node)) {
    const re = ev.modules.get(node.getSourceFile().fileName)?.reexports.find((r) => r.node === node);
    const value = re?.from ? ev.asValue(ev.exportValue(re.from, re.imported)) : undefined;
    return value?.kind === 'function' ? value.node : undefined;
  }
  return handlerFunction(exportedExpression(node), ev);
}

/** The status an init object gives (`{ status: 404 }`, h3's `{ statusCode: 404 }`), written there or in a const. */
function initStatus(init: TS.Expression | undefined, ev: Evaluator, key: RegExp = /^status$/): number | undefined {
  if (!init) return undefined;
  const value = ev.asValue(ev.evaluate(unwrapExpression(init)));
  if (value?.kind !== 'object') return undefined;
  for (const p of value.node.properties) {
    const name = propertyNameText(p.name);
    if (name === undefined || !key.test(name)) continue;
    if (ts.isPropertyAssignment(p)) return statusOf(p.initializer, ev);
    if (ts.isShorthandPropertyAssignment(p)) return statusOf(p.name, ev);
  }
  return undefined;
}

const PARSE = /^(?:parse|safeParse|parseAsync|safeParseAsync)$/;

/**
 * The schema a body read is validated with: `schema.safeParse(await request.json())`, or the local it is held in
 * handed to `schema.parse(body)` in the same function. Undefined when nothing validates it there.
 */
function validatorOf(read: TS.CallExpression, ev: Evaluator): TS.Expression | undefined {
  let n: TS.Node = read;
  while (ts.isAwaitExpression(n.parent) || ts.isParenthesizedExpression(n.parent)) n = n.parent;
  const parent = n.parent;
  const parseOf = (call: TS.Node) =>
    ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression) && PARSE.test(call.expression.name.text)
      ? call.expression.expression
      : undefined;
  if (ts.isCallExpression(parent) && parent.arguments[0] === n) return parseOf(parent);
  if (!ts.isVariableDeclaration(parent) || parent.initializer !== n || !ts.isIdentifier(parent.name)) return undefined;
  const scope = enclosingFunction(parent);
  const body = scope && 'body' in scope ? (scope as TS.FunctionLikeDeclaration).body : undefined;
  let found: TS.Expression | undefined;
  const visit = (node: TS.Node): void => {
    if (found) return;
    const arg = ts.isCallExpression(node) ? node.arguments[0] : undefined;
    const u = arg && unwrapExpression(arg);
    if (u && ts.isIdentifier(u) && ev.bindingOf(u.text, u)?.decl === parent) found = parseOf(node);
    ts.forEachChild(node, visit);
  };
  if (body) visit(body);
  return found;
}

/**
 * The schema a project helper handed the request validates its body with (`parseBody(request, postSchema)` where
 * `parseBody = async (req, schema) => schema.safeParseAsync(await req.json())`): the helper's own schema, or the
 * argument the call gives for the parameter it names.
 */
function helperValidator(
  helper: TS.SignatureDeclaration,
  requestAt: number,
  args: readonly TS.Expression[],
  ev: Evaluator,
): TS.Expression | undefined {
  const param = helper.parameters[requestAt];
  const body = 'body' in helper ? (helper as TS.FunctionLikeDeclaration).body : undefined;
  if (!param || !ts.isIdentifier(param.name) || !body) return undefined;
  const reqName = param.name.text;
  let schema: TS.Expression | undefined;
  const visit = (node: TS.Node): void => {
    if (schema) return;
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'json' &&
      ts.isIdentifier(node.expression.expression) &&
      node.expression.expression.text === reqName
    )
      schema = validatorOf(node, ev);
    ts.forEachChild(node, visit);
  };
  visit(body);
  const named = schema && unwrapExpression(schema);
  if (named && ts.isIdentifier(named)) {
    const at = helper.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === named.text);
    if (at >= 0) return args[at];
  }
  return schema;
}

/** Whether a helper reads the body of the request it is handed at `at` (`req.json()`, `req.formData()`). */
function readsBody(helper: TS.SignatureDeclaration, at: number): boolean {
  const param = helper.parameters[at];
  const body = 'body' in helper ? (helper as TS.FunctionLikeDeclaration).body : undefined;
  if (!param || !ts.isIdentifier(param.name) || !body) return false;
  const name = param.name.text;
  let found = false;
  const visit = (node: TS.Node): void => {
    if (found) return;
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      /^(?:json|formData|text)$/.test(node.expression.name.text) &&
      ts.isIdentifier(node.expression.expression) &&
      node.expression.expression.text === name
    )
      found = true;
    ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
}

/** The type a body read is given where it lands: `const b: T = await request.json()` or `(await request.json()) as T`. */
function annotatedType(call: TS.CallExpression): TS.TypeNode | undefined {
  let n: TS.Node = call;
  while (ts.isAwaitExpression(n.parent) || ts.isParenthesizedExpression(n.parent)) n = n.parent;
  if (ts.isAsExpression(n.parent) || ts.isSatisfiesExpression(n.parent)) return n.parent.type;
  if (ts.isVariableDeclaration(n.parent) && n.parent.initializer === n) return n.parent.type;
  return undefined;
}

function enclosingFunction(node: TS.Node): TS.Node | undefined {
  for (let n = node.parent; n; n = n.parent) if (ts.isFunctionLike(n)) return n;
  return undefined;
}

function isCall(expr: TS.Expression, name: string, ev: Evaluator): boolean {
  const e = unwrapExpression(expr);
  if (!ts.isCallExpression(e)) return false;
  const callee = unwrapExpression(e.expression);
  if (ts.isIdentifier(callee) && callee.text === name) return true;
  const value = ev.asValue(ev.evaluate(callee));
  return value?.kind === 'package' && value.path.join('.') === name;
}
