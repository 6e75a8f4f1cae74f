import type * as TS from 'typescript';
import type { Schema } from '../../../model/index.js';
import type { Evaluator } from './evaluator.js';
import { propertyNameText, unwrapExpression } from './parse-js.js';
import { ts } from './typescript.js';

/**
 * The JSON shape a zod schema written in the project accepts (`z.object({ name: z.string().trim(), tags:
 * z.array(z.string()).optional() })`), read from its source without running it: `z.object`, `string`, `number`
 * (`.int()` an integer), `boolean`, `array`, `literal`, `enum`, `record`, `unknown`/`any`, `union`,
 * `discriminatedUnion`, `intersection`/`.and`, `.extend`/`.merge`, `.optional()`/`.default()` (the field may be left
 * out), `.nullable()`/`.nullish()`; refinements (`.trim()`, `.min(1)`, `.email()`, `.readonly()`, …) keep the shape.
 * A schema bound to a name is followed to its declaration, in this module or one it imports. Undefined when the
 * expression is not a zod schema the reader knows.
 */
export function zodSchema(expr: TS.Expression | undefined, ev: Evaluator): Schema | undefined {
  return expr === undefined ? undefined : read(expr, ev, 0)?.schema;
}

interface Read {
  schema: Schema;
  /** The field holding it may be left out of its object. */
  optional: boolean;
}

const MAX_DEPTH = 24;

/** Methods that refine or describe a value without changing its JSON shape. */
const KEEPS_SHAPE =
  /^(?:trim|min|max|length|email|url|uuid|cuid2?|ulid|regex|startsWith|endsWith|toLowerCase|toUpperCase|positive|negative|nonnegative|nonpositive|finite|safe|multipleOf|nonempty|readonly|refine|superRefine|describe|openapi|meta|brand|catch|datetime|date|time|ip|emoji|nanoid|base64|includes|strict|passthrough|strip|pipe)$/;

/** Whether an expression is zod's namespace (`import { z } from 'zod'`, `import z from 'zod'`). */
function isZod(e: TS.Expression, ev: Evaluator): boolean {
  if (!ts.isIdentifier(e)) return false;
  const value = ev.asValue(ev.evaluate(e));
  return value?.kind === 'package' && /^zod(?:\/|$)/.test(value.name);
}

function read(expr: TS.Expression, ev: Evaluator, depth: number): Read | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const e = unwrapExpression(expr);
  if (ts.isIdentifier(e)) {
    const binding = ev.bindingOf(e.text, e);
    if (!binding || binding.access.length > 0 || !ts.isVariableDeclaration(binding.decl) || !binding.decl.initializer)
      return undefined;
    return read(binding.decl.initializer, ev, depth + 1);
  }
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression)) return undefined;
  const method = e.expression.name.text;
  const receiver = unwrapExpression(e.expression.expression);
  const [arg0, arg1] = e.arguments;
  // `z.string()`, `z.coerce.number()`: a constructor of the zod namespace.
  const onZod =
    isZod(receiver, ev) ||
    (ts.isPropertyAccessExpression(receiver) && receiver.name.text === 'coerce' && isZod(receiver.expression, ev));
  if (onZod) return construct(method, arg0, arg1, ev, depth);
  const inner = read(receiver, ev, depth + 1);
  if (!inner) return undefined;
  switch (method) {
    case 'optional':
    case 'default':
    case 'nullish':
      return {
        schema: method === 'nullish' ? withNull(inner.schema) : inner.schema,
        optional: true,
      };
    case 'nullable':
      return { schema: withNull(inner.schema), optional: inner.optional };
    case 'int':
      return { schema: { ...inner.schema, type: ['integer'] }, optional: inner.optional };
    case 'array':
      return { schema: { type: ['array'], items: inner.schema }, optional: false };
    case 'extend':
    case 'merge':
    case 'and': {
      const more = method === 'extend' ? objectOf(arg0, ev, depth) : arg0 && read(arg0, ev, depth + 1)?.schema;
      return more ? { schema: joined(inner.schema, more), optional: inner.optional } : undefined;
    }
    case 'partial':
      return { schema: { ...inner.schema, required: [] }, optional: inner.optional };
    default:
      return KEEPS_SHAPE.test(method) ? inner : undefined;
  }
}

function construct(
  method: string,
  arg0: TS.Expression | undefined,
  arg1: TS.Expression | undefined,
  ev: Evaluator,
  depth: number,
): Read | undefined {
  const plain = (schema: Schema): Read => ({ schema, optional: false });
  switch (method) {
    case 'string':
      return plain({ type: ['string'] });
    case 'number':
      return plain({ type: ['number'] });
    case 'bigint':
      return plain({ type: ['integer'] });
    case 'boolean':
      return plain({ type: ['boolean'] });
    case 'date':
      return plain({ type: ['string'], format: 'date-time' });
    case 'null':
      return plain({ type: ['null'] });
    case 'unknown':
    case 'any':
      // Any value, `undefined` included: the field may be left out.
      return { schema: {}, optional: true };
    case 'literal': {
      const v = arg0 && unwrapExpression(arg0);
      if (v && ts.isStringLiteralLike(v)) return plain({ type: ['string'], enum: [v.text] });
      if (v && ts.isNumericLiteral(v)) return plain({ type: ['number'] });
      if (v && (v.kind === ts.SyntaxKind.TrueKeyword || v.kind === ts.SyntaxKind.FalseKeyword))
        return plain({ type: ['boolean'] });
      return plain({});
    }
    case 'enum': {
      const list = arg0 && ev.asValue(ev.evaluate(arg0));
      const values =
        list?.kind === 'array'
          ? list.elements.flatMap((x) => {
              const u = unwrapExpression(x);
              return ts.isStringLiteralLike(u) ? [u.text] : [];
            })
          : [];
      return plain({ type: ['string'], ...(values.length > 0 ? { enum: values } : {}) });
    }
    case 'array': {
      const items = arg0 ? read(arg0, ev, depth + 1)?.schema : undefined;
      return plain({ type: ['array'], items: items ?? {} });
    }
    case 'record':
      return plain({ type: ['object'] });
    case 'object': {
      const obj = objectOf(arg0, ev, depth);
      return obj ? plain(obj) : undefined;
    }
    case 'union':
    case 'discriminatedUnion': {
      const options = method === 'union' ? arg0 : arg1;
      const list = options && ev.asValue(ev.evaluate(options));
      const members = list?.kind === 'array' ? list.elements.map((x) => read(x, ev, depth + 1)?.schema) : [undefined];
      if (members.some((m) => m === undefined)) return plain({});
      return plain({ anyOf: members as Schema[] });
    }
    case 'intersection': {
      const a = arg0 && read(arg0, ev, depth + 1)?.schema;
      const b = arg1 && read(arg1, ev, depth + 1)?.schema;
      return a && b ? plain(joined(a, b)) : undefined;
    }
    default:
      return undefined;
  }
}

/** `{ name: z.string(), tags: z.array(z.string()).optional() }`: the object's fields, required unless optional. */
function objectOf(shape: TS.Expression | undefined, ev: Evaluator, depth: number): Schema | undefined {
  const value = shape && ev.asValue(ev.evaluate(shape));
  if (value?.kind !== 'object') return undefined;
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const p of value.node.properties) {
    const name = ts.isSpreadAssignment(p) ? undefined : propertyNameText(p.name);
    const init = ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
    if (name === undefined || init === undefined) return undefined;
    const field = read(init, ev, depth + 1);
    properties[name] = field?.schema ?? {};
    if (field !== undefined && !field.optional) required.push(name);
  }
  return { type: ['object'], properties, ...(required.length > 0 ? { required } : {}) };
}

/** Both objects' fields, as an intersection or `.extend` accepts them. */
function joined(a: Schema, b: Schema): Schema {
  return {
    type: ['object'],
    properties: { ...a.properties, ...b.properties },
    required: [...new Set([...(a.required ?? []), ...(b.required ?? [])])],
  };
}

function withNull(schema: Schema): Schema {
  return schema.type ? { ...schema, type: [...new Set([...schema.type, 'null' as const])] } : schema;
}
