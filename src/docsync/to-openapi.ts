import type { Operation, Parameter, PiiTag, RequestBody, Response, Schema } from '../model/index.js';
import { COPIED_SCHEMA_KEYWORDS, V2_INLINE_SCHEMA_KEYWORDS } from '../sources/openapi/index.js';

const V2_INLINE = new Set(V2_INLINE_SCHEMA_KEYWORDS);

/** The OpenAPI family a document is written in; it decides how nullability, bodies and named schemas are spelled. */
export type SpecFamily = '2.0' | '3.0' | '3.1';

/** Plain JSON value of an OpenAPI object, ready to be rendered in the doc's own style. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** The family of a `swagger`/`openapi` version string. */
export function specFamily(version: string | undefined): SpecFamily {
  if (version === undefined) return '3.0';
  if (version.startsWith('2')) return '2.0';
  if (version.startsWith('3.0')) return '3.0';
  return '3.1';
}

/** How a named schema is written where it is referenced. */
export type RefWriter = (key: string) => string;

/** Options for turning normalised schemas back into OpenAPI. */
export interface SchemaWriteOptions {
  family: SpecFamily;
  /** `$ref` string for a named schema key; undefined inlines named schemas (the doc inlines). */
  refOf: RefWriter | undefined;
  /** Named schemas the fix carries, for inlining. */
  schemas: Record<string, Schema>;
}

/** The `x-pii` extension as docs carry it: category and HIPAA identifier only (confidence is the classifier's). */
export function toPiiExtension(pii: PiiTag): JsonObject {
  const out: JsonObject = { category: pii.category };
  if (pii.hipaa !== undefined) out.hipaa = pii.hipaa;
  return out;
}

/**
 * Writes a normalised {@link Schema} in the syntax of the doc's version: 3.0 `nullable: true`, 3.1 type arrays,
 * 2.0 `x-nullable`. `location` and `observed` are dropped: they describe where a view saw the schema, not the API.
 */
export function toOpenApiSchema(
  schema: Schema,
  options: SchemaWriteOptions,
  inlining: ReadonlySet<string> = new Set(),
): JsonObject {
  if (schema.$ref !== undefined) {
    const key = schema.$ref;
    if (options.refOf !== undefined) return { $ref: options.refOf(key) };
    const target = options.schemas[key];
    // A recursive schema cannot be inlined: leave an open object rather than loop.
    if (target === undefined || inlining.has(key)) return { type: 'object' };
    return toOpenApiSchema(target, options, new Set([...inlining, key]));
  }
  const out: JsonObject = {};
  const types = (schema.type ?? []).filter((t) => t !== 'null');
  const nullable = schema.type?.includes('null') === true;
  if (options.family === '3.1') {
    if (schema.type !== undefined) {
      const all = nullable ? [...types, 'null'] : types;
      out.type = all.length === 1 ? (all[0] as string) : all;
    }
  } else {
    if (types.length === 1) out.type = types[0] as string;
    else if (types.length > 1) {
      // 2.0/3.0 have no type arrays: a union becomes anyOf of single types.
      out.anyOf = types.map((t) => ({ type: t }));
    }
    if (nullable && types.length > 0) out[options.family === '2.0' ? 'x-nullable' : 'nullable'] = true;
  }
  for (const key of COPIED_SCHEMA_KEYWORDS) {
    const value = schema[key];
    if (value !== undefined) out[key] = value as Json;
  }
  if (schema.exclusiveMinimum !== undefined) {
    if (options.family === '3.1') out.exclusiveMinimum = schema.exclusiveMinimum;
    else {
      out.minimum = schema.exclusiveMinimum;
      out.exclusiveMinimum = true;
    }
  }
  if (schema.exclusiveMaximum !== undefined) {
    if (options.family === '3.1') out.exclusiveMaximum = schema.exclusiveMaximum;
    else {
      out.maximum = schema.exclusiveMaximum;
      out.exclusiveMaximum = true;
    }
  }
  if (schema.enum !== undefined)
    out.enum = (nullable && options.family === '3.1' ? [...schema.enum, null] : schema.enum) as Json[];
  if (schema.examples !== undefined && schema.examples.length > 0) {
    if (options.family === '3.1') out.examples = schema.examples as Json[];
    else out.example = schema.examples[0] as Json;
  }
  if (schema.required !== undefined && schema.required.length > 0) out.required = [...schema.required];
  if (schema.properties !== undefined) {
    const props: JsonObject = {};
    for (const [name, child] of Object.entries(schema.properties))
      props[name] = toOpenApiSchema(child, options, inlining);
    out.properties = props;
  }
  if (schema.items !== undefined) out.items = toOpenApiSchema(schema.items, options, inlining);
  if (schema.additionalProperties !== undefined) {
    out.additionalProperties =
      typeof schema.additionalProperties === 'boolean'
        ? schema.additionalProperties
        : toOpenApiSchema(schema.additionalProperties, options, inlining);
  }
  for (const combinator of ['oneOf', 'anyOf', 'allOf'] as const) {
    const members = schema[combinator];
    if (members === undefined) continue;
    const written = members
      .filter((m) => !(options.family !== '3.1' && isNullOnly(m)))
      .map((m) => toOpenApiSchema(m, options, inlining));
    const hadNull = written.length < members.length;
    // 3.0 cannot say `anyOf: [X, {type: null}]`: X with `nullable: true` says it (through allOf for a $ref).
    if (hadNull && written.length === 1) {
      const only = written[0] as JsonObject;
      const flag = options.family === '2.0' ? 'x-nullable' : 'nullable';
      if (only.$ref !== undefined) Object.assign(out, { allOf: [only], [flag]: true });
      else Object.assign(out, only, { [flag]: true });
      continue;
    }
    out[combinator] = written;
  }
  if (schema.not !== undefined) out.not = toOpenApiSchema(schema.not, options, inlining);
  if (schema.discriminator !== undefined) {
    out.discriminator =
      options.family === '2.0'
        ? schema.discriminator.propertyName
        : (JSON.parse(JSON.stringify(schema.discriminator)) as Json);
  }
  if (schema.pii !== undefined) out['x-pii'] = toPiiExtension(schema.pii);
  for (const [key, value] of Object.entries(schema.extensions ?? {})) {
    if (key.startsWith('x-') && key !== 'x-unresolved-ref') out[key] = value as Json;
  }
  return out;
}

function isNullOnly(schema: Schema): boolean {
  return schema.type?.length === 1 && schema.type[0] === 'null' && schema.properties === undefined;
}

/** A parameter object (non-body). */
export function toOpenApiParameter(param: Parameter, options: SchemaWriteOptions): JsonObject {
  const out: JsonObject = { name: param.name, in: param.in };
  if (param.description !== undefined) out.description = param.description;
  if (param.required || param.in === 'path') out.required = true;
  if (param.deprecated === true) out.deprecated = true;
  if (options.family === '2.0') {
    // 2.0 parameters carry schema keywords inline and cannot reference a named schema.
    const schema = toOpenApiSchema(param.schema, { ...options, refOf: undefined });
    for (const [key, value] of Object.entries(schema)) if (V2_INLINE.has(key) || key.startsWith('x-')) out[key] = value;
    if (out.type === undefined) out.type = 'string';
    return out;
  }
  if (param.style !== undefined) out.style = param.style;
  if (param.explode !== undefined) out.explode = param.explode;
  out.schema = toOpenApiSchema(param.schema, options);
  return out;
}

/** A 3.x request body. */
export function toOpenApiRequestBody(body: RequestBody, options: SchemaWriteOptions): JsonObject {
  const out: JsonObject = {};
  if (body.description !== undefined) out.description = body.description;
  if (body.required) out.required = true;
  const content: JsonObject = {};
  for (const [mediaType, media] of Object.entries(body.content)) {
    content[mediaType] = media.schema !== undefined ? { schema: toOpenApiSchema(media.schema, options) } : {};
  }
  out.content = content;
  return out;
}

/** A 2.0 `in: body` parameter standing for a request body (the first media type's schema). */
export function toSwaggerBodyParameter(body: RequestBody, options: SchemaWriteOptions): JsonObject {
  const out: JsonObject = { name: 'body', in: 'body' };
  if (body.description !== undefined) out.description = body.description;
  if (body.required) out.required = true;
  const first = Object.values(body.content).find((m) => m.schema !== undefined);
  out.schema = first?.schema !== undefined ? toOpenApiSchema(first.schema, options) : { type: 'object' };
  return out;
}

const REASONS: Record<string, string> = {
  '200': 'OK',
  '201': 'Created',
  '202': 'Accepted',
  '204': 'No Content',
  '301': 'Moved Permanently',
  '302': 'Found',
  '304': 'Not Modified',
  '400': 'Bad Request',
  '401': 'Unauthorized',
  '403': 'Forbidden',
  '404': 'Not Found',
  '405': 'Method Not Allowed',
  '409': 'Conflict',
  '410': 'Gone',
  '412': 'Precondition Failed',
  '415': 'Unsupported Media Type',
  '422': 'Unprocessable Entity',
  '429': 'Too Many Requests',
  '500': 'Internal Server Error',
  '502': 'Bad Gateway',
  '503': 'Service Unavailable',
  default: 'Unexpected error',
};

/** A response object; `description` is required by every version, so a reason phrase stands in when none is known. */
export function toOpenApiResponse(response: Response, options: SchemaWriteOptions): JsonObject {
  const out: JsonObject = {
    description: response.description ?? REASONS[response.status] ?? `${response.status} response`,
  };
  const headers = Object.entries(response.headers);
  if (headers.length > 0) {
    const written: JsonObject = {};
    for (const [name, header] of headers) {
      if (options.family === '2.0') {
        const schema = toOpenApiSchema(header.schema, { ...options, refOf: undefined });
        const h: JsonObject = {};
        for (const [key, value] of Object.entries(schema)) if (V2_INLINE.has(key)) h[key] = value;
        if (h.type === undefined) h.type = 'string';
        written[name] = h;
      } else {
        const h: JsonObject = { schema: toOpenApiSchema(header.schema, options) };
        if (header.required) h.required = true;
        written[name] = h;
      }
    }
    out.headers = written;
  }
  const media = Object.entries(response.content);
  if (options.family === '2.0') {
    const first = media.find(([, m]) => m.schema !== undefined);
    if (first?.[1].schema !== undefined) out.schema = toOpenApiSchema(first[1].schema, options);
  } else if (media.length > 0) {
    const content: JsonObject = {};
    for (const [mediaType, m] of media)
      content[mediaType] = m.schema !== undefined ? { schema: toOpenApiSchema(m.schema, options) } : {};
    out.content = content;
  }
  return out;
}

/** Options for writing a whole operation. */
export interface OperationWriteOptions extends SchemaWriteOptions {
  /** The document's default security; the operation's is written only where it differs. */
  globalSecurity: unknown;
  /** 2.0: the document's default `consumes`/`produces`, to write per-operation values only when they differ. */
  consumes?: string[];
  produces?: string[];
  /** Path-level parameters already on the path item (`in:name`), not repeated on the operation. */
  sharedParameters?: ReadonlySet<string>;
}

/** An operation object, keys in the order people write them. */
export function toOpenApiOperation(op: Operation, options: OperationWriteOptions): JsonObject {
  const out: JsonObject = {};
  if (op.tags !== undefined && op.tags.length > 0) out.tags = [...op.tags];
  if (op.summary !== undefined) out.summary = op.summary;
  if (op.description !== undefined) out.description = op.description;
  if (op.operationId !== undefined) out.operationId = op.operationId;
  const params: Json[] = op.parameters
    .filter((p) => !options.sharedParameters?.has(`${p.in}:${p.name}`))
    .map((p) => toOpenApiParameter(p, options));
  if (options.family === '2.0') {
    if (op.requestBody !== undefined) {
      const mediaTypes = Object.keys(op.requestBody.content);
      const form = mediaTypes.find((m) => m === 'multipart/form-data' || m === 'application/x-www-form-urlencoded');
      if (form !== undefined) params.push(...formParameters(op.requestBody, form, options));
      else params.push(toSwaggerBodyParameter(op.requestBody, options));
      const consumes = form !== undefined ? [form] : mediaTypes;
      if (consumes.length > 0 && !sameList(consumes, options.consumes ?? ['application/json'])) out.consumes = consumes;
    }
    const produced = [...new Set(op.responses.flatMap((r) => Object.keys(r.content)))];
    if (produced.length > 0 && !sameList(produced, options.produces ?? ['application/json'])) out.produces = produced;
  }
  if (params.length > 0) out.parameters = params;
  if (options.family !== '2.0' && op.requestBody !== undefined)
    out.requestBody = toOpenApiRequestBody(op.requestBody, options);
  const responses: JsonObject = {};
  for (const response of sortStatuses(op.responses)) responses[response.status] = toOpenApiResponse(response, options);
  if (op.responses.length === 0) responses.default = { description: REASONS.default as string };
  out.responses = responses;
  if (op.deprecated === true) out.deprecated = true;
  if (op.security !== undefined && JSON.stringify(op.security) !== JSON.stringify(options.globalSecurity ?? [])) {
    out.security = op.security as Json;
  }
  return out;
}

function formParameters(body: RequestBody, mediaType: string, options: SchemaWriteOptions): JsonObject[] {
  const schema = body.content[mediaType]?.schema;
  const props = schema?.properties ?? {};
  return Object.entries(props).map(([name, prop]) => {
    const param: Parameter = { name, in: 'query', required: schema?.required?.includes(name) === true, schema: prop };
    const out = toOpenApiParameter(param, options);
    out.in = 'formData';
    if (prop.format === 'binary') {
      out.type = 'file';
      delete out.format;
    }
    return out;
  });
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** Statuses in the order docs list them: numeric, ranges after their codes, `default` last. */
export function sortStatuses<T extends { status: string }>(responses: T[]): T[] {
  return [...responses].sort((a, b) => compareStatus(a.status, b.status));
}

/** Orders two status keys (`200` < `2XX` < `404` < `default`). */
export function compareStatus(a: string, b: string): number {
  const rank = (s: string): number => (s === 'default' ? 1000 : Number.parseInt(s.replace(/X/gi, '9'), 10) || 999);
  return rank(a) - rank(b);
}
