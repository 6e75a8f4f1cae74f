// Spec pairs, one per oasdiff check id, that say what each check is about (written for Specwatch, in the compact
// style of spec-builder.ts). The ids and their levels are oasdiff's (checker/rules.go); the specs are our own.
import type { ChangeOptions } from '../../src/drift/index.js';
import type { Json } from './spec-builder.js';

/** A small 3.1 shelter API every pair edits: one list call with a query parameter, one create call with a body. */
export function shelterSpec(): Json {
  return {
    openapi: '3.1.0',
    info: { title: 'Shelter', version: '1.0.0' },
    servers: [{ url: 'https://api.shelter.example/v1' }],
    paths: {
      '/animals': {
        get: {
          operationId: 'listAnimals',
          parameters: [{ name: 'species', in: 'query', schema: { type: 'string' } }],
          responses: {
            '200': {
              description: 'Animals',
              headers: { 'X-Rate-Limit': { required: true, schema: { type: 'integer' } } },
              content: { 'application/json': { schema: { type: 'object' } } },
            },
          },
        },
        post: {
          operationId: 'addAnimal',
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
          responses: { '201': { description: 'Added' } },
        },
      },
      '/animals/{animalId}': {
        delete: {
          operationId: 'removeAnimal',
          parameters: [{ name: 'animalId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '204': { description: 'Removed' } },
        },
      },
    },
    components: {
      schemas: {
        Dog: { type: 'object', properties: { barks: { type: 'boolean' } } },
        Cat: { type: 'object', properties: { meows: { type: 'boolean' } } },
        Rabbit: { type: 'object', properties: { hops: { type: 'boolean' } } },
      },
    },
  };
}

export const listCall = (s: Json) => s.paths['/animals'].get;
export const createCall = (s: Json) => s.paths['/animals'].post;
export const removeCall = (s: Json) => s.paths['/animals/{animalId}'].delete;
const requestSchema = (s: Json) => createCall(s).requestBody.content['application/json'];
const responseSchema = (s: Json) => listCall(s).responses['200'].content['application/json'];

/** Where a generic pair puts the changed schema node. */
type Place =
  | 'request-body'
  | 'request-property'
  | 'response-body'
  | 'response-property'
  | 'request-parameter'
  | 'request-parameter-property';

const wrap = (node: Json, required = false): Json => ({
  type: 'object',
  properties: { field: node },
  ...(required ? { required: ['field'] } : {}),
});

function place(s: Json, where: Place, node: Json): void {
  switch (where) {
    case 'request-body':
      requestSchema(s).schema = node;
      return;
    case 'request-property':
      requestSchema(s).schema = wrap(node);
      return;
    case 'response-body':
      responseSchema(s).schema = node;
      return;
    case 'response-property':
      responseSchema(s).schema = wrap(node, true);
      return;
    case 'request-parameter':
      listCall(s).parameters = [{ name: 'q', in: 'query', schema: node }];
      return;
    case 'request-parameter-property':
      listCall(s).parameters = [{ name: 'q', in: 'query', schema: wrap(node) }];
  }
}

const str = { type: 'string' };
const arr = (extra: Json = {}): Json => ({ type: 'array', items: { type: 'string' }, ...extra });
const obj = (extra: Json = {}): Json => ({ type: 'object', properties: { a: str, b: str }, ...extra });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** The changed node, before and after, per check suffix (what follows `request-body-`, `response-property-`, …). */
const NODES: Record<string, [Json, Json]> = {
  'max-decreased': [
    { type: 'number', maximum: 10 },
    { type: 'number', maximum: 5 },
  ],
  'max-increased': [
    { type: 'number', maximum: 5 },
    { type: 'number', maximum: 10 },
  ],
  'min-increased': [
    { type: 'number', minimum: 1 },
    { type: 'number', minimum: 5 },
  ],
  'min-decreased': [
    { type: 'number', minimum: 5 },
    { type: 'number', minimum: 1 },
  ],
  'exclusive-max-decreased': [
    { type: 'number', exclusiveMaximum: 10 },
    { type: 'number', exclusiveMaximum: 5 },
  ],
  'exclusive-max-increased': [
    { type: 'number', exclusiveMaximum: 5 },
    { type: 'number', exclusiveMaximum: 10 },
  ],
  'exclusive-min-increased': [
    { type: 'number', exclusiveMinimum: 1 },
    { type: 'number', exclusiveMinimum: 5 },
  ],
  'exclusive-min-decreased': [
    { type: 'number', exclusiveMinimum: 5 },
    { type: 'number', exclusiveMinimum: 1 },
  ],
  'max-length-decreased': [
    { ...str, maxLength: 10 },
    { ...str, maxLength: 5 },
  ],
  'max-length-increased': [
    { ...str, maxLength: 5 },
    { ...str, maxLength: 10 },
  ],
  'max-length-unset': [{ ...str, maxLength: 5 }, str],
  'min-length-increased': [
    { ...str, minLength: 1 },
    { ...str, minLength: 3 },
  ],
  'min-length-decreased': [
    { ...str, minLength: 3 },
    { ...str, minLength: 1 },
  ],
  'max-items-decreased': [arr({ maxItems: 10 }), arr({ maxItems: 5 })],
  'min-items-increased': [arr({ minItems: 1 }), arr({ minItems: 2 })],
  'min-items-decreased': [arr({ minItems: 2 }), arr({ minItems: 1 })],
  'min-items-unset': [arr({ minItems: 2 }), arr()],
  'max-contains-decreased': [arr({ contains: str, maxContains: 5 }), arr({ contains: str, maxContains: 3 })],
  'max-contains-increased': [arr({ contains: str, maxContains: 3 }), arr({ contains: str, maxContains: 5 })],
  'min-contains-increased': [arr({ contains: str, minContains: 1 }), arr({ contains: str, minContains: 2 })],
  'min-contains-decreased': [arr({ contains: str, minContains: 2 }), arr({ contains: str, minContains: 1 })],
  'max-set': [{ type: 'number' }, { type: 'number', maximum: 10 }],
  'min-set': [{ type: 'number' }, { type: 'number', minimum: 1 }],
  'exclusive-max-set': [{ type: 'number' }, { type: 'number', exclusiveMaximum: 10 }],
  'exclusive-min-set': [{ type: 'number' }, { type: 'number', exclusiveMinimum: 1 }],
  'max-length-set': [str, { ...str, maxLength: 10 }],
  'min-items-set': [arr(), arr({ minItems: 1 })],
  'became-not-nullable': [{ type: ['string', 'null'] }, str],
  'became-nullable': [str, { type: ['string', 'null'] }],
  'enum-value-removed': [
    { ...str, enum: ['dog', 'cat'] },
    { ...str, enum: ['dog'] },
  ],
  'enum-value-added': [
    { ...str, enum: ['dog'] },
    { ...str, enum: ['dog', 'cat'] },
  ],
  'became-enum': [str, { ...str, enum: ['dog'] }],
  'const-added': [str, { ...str, const: 'dog' }],
  'const-changed': [
    { ...str, const: 'dog' },
    { ...str, const: 'cat' },
  ],
  'const-removed': [{ ...str, const: 'dog' }, str],
  'x-extensible-enum-value-removed': [
    { ...str, 'x-extensible-enum': ['dog', 'cat'] },
    { ...str, 'x-extensible-enum': ['dog'] },
  ],
  'list-of-types-narrowed': [{ type: ['string', 'integer'] }, str],
  'list-of-types-widened': [str, { type: ['string', 'integer'] }],
  'type-changed': [str, { type: 'integer' }],
  'type-generalized': [{ type: 'integer' }, { type: 'number' }],
  'type-specialized': [{ type: 'number' }, { type: 'integer' }],
  'one-of-removed': [{ oneOf: [str, { type: 'integer' }] }, { oneOf: [str] }],
  'one-of-added': [{ oneOf: [str, { type: 'integer' }] }, { oneOf: [str, { type: 'integer' }, { type: 'boolean' }] }],
  'any-of-removed': [{ anyOf: [str, { type: 'integer' }] }, { anyOf: [str] }],
  'all-of-added': [{ allOf: [ref('Dog'), ref('Cat')] }, { allOf: [ref('Dog'), ref('Cat'), ref('Rabbit')] }],
  'all-of-removed': [{ allOf: [ref('Dog'), ref('Cat'), ref('Rabbit')] }, { allOf: [ref('Dog'), ref('Cat')] }],
  'wrapped-in-one-of': [obj(), { oneOf: [obj(), { type: 'object', properties: { c: str } }] }],
  'pattern-added': [str, { ...str, pattern: '^[a-z]+$' }],
  'pattern-changed': [
    { ...str, pattern: '^[a-z]+$' },
    { ...str, pattern: '^[0-9]+$' },
  ],
  'pattern-property-added': [obj(), obj({ patternProperties: { '^x-': str } })],
  'pattern-property-removed': [obj({ patternProperties: { '^x-': str } }), obj()],
  'contains-added': [arr(), arr({ contains: { const: 'dog' } })],
  'contains-removed': [arr({ contains: { const: 'dog' } }), arr()],
  'if-added': [obj(), obj({ if: { properties: { a: { const: 'x' } } } })],
  'if-removed': [obj({ if: { properties: { a: { const: 'x' } } } }), obj()],
  // JSON Schema's `then` keyword, built by key so the object is not mistaken for a promise.
  'then-added': [obj(), obj(Object.fromEntries([['then', { required: ['b'] }]]))],
  'then-removed': [obj(Object.fromEntries([['then', { required: ['b'] }]])), obj()],
  'else-added': [obj(), obj({ else: { required: ['a'] } })],
  'else-removed': [obj({ else: { required: ['a'] } }), obj()],
  'dependent-required-added': [obj(), obj({ dependentRequired: { a: ['b'] } })],
  'dependent-required-changed': [obj({ dependentRequired: { a: ['b'] } }), obj({ dependentRequired: { b: ['a'] } })],
  'dependent-required-removed': [obj({ dependentRequired: { a: ['b'] } }), obj()],
  'dependent-schema-added': [obj(), obj({ dependentSchemas: { a: { required: ['b'] } } })],
  'dependent-schema-removed': [obj({ dependentSchemas: { a: { required: ['b'] } } }), obj()],
  'unevaluated-items-added': [arr(), arr({ unevaluatedItems: false })],
  'unevaluated-items-removed': [arr({ unevaluatedItems: false }), arr()],
  'unevaluated-properties-added': [obj(), obj({ unevaluatedProperties: false })],
  'unevaluated-properties-removed': [obj({ unevaluatedProperties: false }), obj()],
  'prefix-items-removed': [
    { type: 'array', prefixItems: [str], items: { type: 'integer' } },
    { type: 'array', items: { type: 'integer' } },
  ],
  'prefix-items-added': [
    { type: 'array', items: { type: 'integer' } },
    { type: 'array', prefixItems: [str], items: { type: 'integer' } },
  ],
  'property-names-added': [obj(), obj({ propertyNames: { pattern: '^[a-z]+$' } })],
  'property-names-removed': [obj({ propertyNames: { pattern: '^[a-z]+$' } }), obj()],
  'content-encoding-changed': [
    { ...str, contentEncoding: 'base64' },
    { ...str, contentEncoding: 'base32' },
  ],
  'content-media-type-changed': [
    { ...str, contentMediaType: 'image/png' },
    { ...str, contentMediaType: 'image/jpeg' },
  ],
  'content-schema-added': [
    { ...str, contentMediaType: 'application/json' },
    { ...str, contentMediaType: 'application/json', contentSchema: { type: 'object', required: ['a'] } },
  ],
  'content-schema-removed': [
    { ...str, contentMediaType: 'application/json', contentSchema: { type: 'object', required: ['a'] } },
    { ...str, contentMediaType: 'application/json' },
  ],
  'default-value-added': [str, { ...str, default: 'dog' }],
  'default-value-changed': [
    { ...str, default: 'dog' },
    { ...str, default: 'cat' },
  ],
  'default-value-removed': [{ ...str, default: 'dog' }, str],
};

/** Parameters travel as text: a type that becomes `string` is a generalisation there, so the pair changes to boolean. */
const PARAMETER_NODES: Record<string, [Json, Json]> = {
  'type-changed': [{ type: 'integer' }, { type: 'boolean' }],
};

/** A pair: edits of the base and head shelter spec, and the options the comparison runs with. */
export interface OasdiffPair {
  base?: (s: Json) => void;
  head: (s: Json) => void;
  options?: ChangeOptions;
  /** The reverse pair gives the same verdict (a change, not a loosening one way and a tightening the other). */
  symmetric?: boolean;
}

/** The day lifecycle pairs are judged on, fixed so the pairs do not age. */
export const TODAY = new Date('2026-06-01T00:00:00Z');
const GRACE: ChangeOptions = { today: TODAY, minSunsetDays: 90 };
const deprecate = (o: Json, sunset?: string) => {
  o.deprecated = true;
  if (sunset !== undefined) o['x-sunset'] = sunset;
};
const sunsetParam = (s: Json) => listCall(s).parameters[0];
const fieldOf = (s: Json, where: 'request' | 'response') =>
  (where === 'request' ? requestSchema(s) : responseSchema(s)).schema.properties.field;
const withField = (where: 'request' | 'response') => (s: Json) =>
  place(s, where === 'request' ? 'request-property' : 'response-property', { type: 'string' });

/** Pairs for the checks that are not one schema node changing in place. */
const SPECIAL: Record<string, OasdiffPair> = {
  'api-path-removed-without-deprecation': { head: (s) => delete s.paths['/animals/{animalId}'] },
  'api-removed-without-deprecation': { head: (s) => delete s.paths['/animals'].post },
  'api-path-removed-before-sunset': {
    base: (s) => deprecate(removeCall(s), '2027-01-01'),
    head: (s) => delete s.paths['/animals/{animalId}'],
    options: { today: TODAY },
  },
  'api-removed-before-sunset': {
    base: (s) => deprecate(createCall(s), '2027-01-01'),
    head: (s) => delete s.paths['/animals'].post,
    options: { today: TODAY },
  },
  'api-path-sunset-parse': {
    base: (s) => deprecate(removeCall(s), '2027-01-01'),
    head: (s) => deprecate(removeCall(s), 'next spring'),
    symmetric: true,
  },
  'api-deprecated-sunset-parse': { head: (s) => deprecate(removeCall(s), '31/12/2027') },
  'api-deprecated-sunset-missing': { head: (s) => deprecate(removeCall(s)), options: GRACE },
  'api-sunset-date-too-small': { head: (s) => deprecate(removeCall(s), '2026-06-15'), options: GRACE },
  'api-sunset-date-changed-too-small': {
    base: (s) => deprecate(removeCall(s), '2027-06-01'),
    head: (s) => deprecate(removeCall(s), '2027-01-01'),
  },
  'sunset-deleted': { base: (s) => deprecate(removeCall(s), '2027-06-01'), head: (s) => deprecate(removeCall(s)) },
  'api-invalid-stability-level': { head: (s) => (removeCall(s)['x-stability-level'] = 'experimental') },
  'api-stability-decreased': {
    base: (s) => (removeCall(s)['x-stability-level'] = 'stable'),
    head: (s) => (removeCall(s)['x-stability-level'] = 'beta'),
  },
  'request-parameter-removed-before-sunset': {
    base: (s) => deprecate(sunsetParam(s), '2027-01-01'),
    head: (s) => (listCall(s).parameters = []),
    options: { today: TODAY },
  },
  'request-parameter-sunset-deleted': {
    base: (s) => deprecate(sunsetParam(s), '2027-01-01'),
    head: (s) => deprecate(sunsetParam(s)),
  },
  'request-parameter-sunset-parse': { head: (s) => deprecate(sunsetParam(s), 'soon') },
  'request-parameter-sunset-date-changed-too-small': {
    base: (s) => deprecate(sunsetParam(s), '2027-06-01'),
    head: (s) => deprecate(sunsetParam(s), '2027-01-01'),
  },
  'request-parameter-deprecated-sunset-missing': { head: (s) => deprecate(sunsetParam(s)), options: GRACE },
  'request-parameter-sunset-date-too-small': {
    head: (s) => deprecate(sunsetParam(s), '2026-06-10'),
    options: GRACE,
  },
  'request-parameter-became-required': { head: (s) => (sunsetParam(s).required = true) },
  'request-parameter-removed': { head: (s) => (listCall(s).parameters = []) },
  'new-required-request-parameter': {
    head: (s) => listCall(s).parameters.push({ name: 'shelter', in: 'query', required: true, schema: str }),
  },
  'new-request-path-parameter': {
    head: (s) => removeCall(s).parameters.push({ name: 'shelterId', in: 'path', required: true, schema: str }),
  },
  'new-required-request-default-parameter-to-existing-path': {
    head: (s) => (s.paths['/animals'].parameters = [{ name: 'X-Shelter', in: 'header', required: true, schema: str }]),
  },
  'new-required-request-header-property': {
    base: (s) => listCall(s).parameters.push({ name: 'X-Ctx', in: 'header', schema: obj() }),
    head: (s) =>
      listCall(s).parameters.push({
        name: 'X-Ctx',
        in: 'header',
        schema: { type: 'object', properties: { a: str, b: str, c: str }, required: ['c'] },
      }),
  },
  'request-header-property-became-required': {
    base: (s) => listCall(s).parameters.push({ name: 'X-Ctx', in: 'header', schema: obj() }),
    head: (s) => listCall(s).parameters.push({ name: 'X-Ctx', in: 'header', schema: obj({ required: ['a'] }) }),
  },
  'request-header-property-became-enum': {
    base: (s) => listCall(s).parameters.push({ name: 'X-Ctx', in: 'header', schema: obj() }),
    head: (s) =>
      listCall(s).parameters.push({
        name: 'X-Ctx',
        in: 'header',
        schema: { type: 'object', properties: { a: { ...str, enum: ['x'] }, b: str } },
      }),
  },
  'new-required-request-property': {
    base: (s) => place(s, 'request-body', obj()),
    head: (s) => place(s, 'request-body', obj({ required: ['c'], properties: { a: str, b: str, c: str } })),
  },
  'new-required-request-property-with-default': {
    base: (s) => place(s, 'request-body', obj()),
    head: (s) =>
      place(s, 'request-body', {
        type: 'object',
        properties: { a: str, b: str, c: { ...str, default: 'x' } },
        required: ['c'],
      }),
  },
  'request-property-became-required': {
    base: (s) => place(s, 'request-body', obj()),
    head: (s) => place(s, 'request-body', obj({ required: ['a'] })),
  },
  'request-property-became-required-with-default': {
    base: (s) => place(s, 'request-body', obj()),
    head: (s) =>
      place(s, 'request-body', {
        type: 'object',
        properties: { a: { ...str, default: 'x' }, b: str },
        required: ['a'],
      }),
  },
  'request-property-removed': {
    base: (s) => place(s, 'request-body', obj()),
    head: (s) => place(s, 'request-body', { type: 'object', properties: { a: str } }),
  },
  'response-required-property-removed': {
    base: (s) => place(s, 'response-body', obj({ required: ['a', 'b'] })),
    head: (s) => place(s, 'response-body', { type: 'object', properties: { a: str }, required: ['a'] }),
  },
  'response-required-property-became-not-write-only': {
    base: (s) =>
      place(s, 'response-body', obj({ properties: { a: str, b: { ...str, writeOnly: true } }, required: ['a', 'b'] })),
    head: (s) => place(s, 'response-body', obj({ required: ['a', 'b'] })),
  },
  'response-optional-property-removed': {
    base: (s) => place(s, 'response-body', obj()),
    head: (s) => place(s, 'response-body', { type: 'object', properties: { a: str } }),
  },
  'response-property-became-optional': {
    base: (s) => place(s, 'response-body', obj({ required: ['a'] })),
    head: (s) => place(s, 'response-body', obj()),
  },
  'request-body-added-required': {
    head: (s) => (removeCall(s).requestBody = { required: true, content: { 'application/json': { schema: obj() } } }),
  },
  'request-body-became-required': {
    base: (s) => (createCall(s).requestBody.required = false),
    head: () => {},
  },
  'request-body-removed': { head: (s) => delete createCall(s).requestBody },
  'request-body-media-type-removed': {
    base: (s) => (createCall(s).requestBody.content['application/xml'] = { schema: obj() }),
    head: () => {},
  },
  'request-body-media-type-schema-added': {
    base: (s) => (createCall(s).requestBody.content = { 'application/json': {} }),
    head: (s) => (createCall(s).requestBody.content = { 'application/json': { schema: obj({ required: ['a'] }) } }),
  },
  'response-body-media-type-schema-removed': {
    base: (s) => place(s, 'response-body', obj({ required: ['a'] })),
    head: (s) => (listCall(s).responses['200'].content = { 'application/json': {} }),
  },
  'response-media-type-removed': {
    base: (s) => (listCall(s).responses['200'].content['application/xml'] = { schema: obj() }),
    head: () => {},
  },
  'response-media-type-name-generalized': {
    head: (s) => (listCall(s).responses['200'].content = { 'application/*': { schema: { type: 'object' } } }),
  },
  'response-success-status-removed': {
    base: (s) => (createCall(s).responses['200'] = { description: 'Already there' }),
    head: () => {},
  },
  'required-response-header-removed': { head: (s) => (listCall(s).responses['200'].headers = {}) },
  'optional-response-header-removed': {
    base: (s) => (listCall(s).responses['200'].headers['X-Page'] = { schema: str }),
    head: () => {},
  },
  'response-header-became-optional': {
    head: (s) => (listCall(s).responses['200'].headers['X-Rate-Limit'].required = false),
  },
  'response-header-became-nullable': {
    head: (s) => (listCall(s).responses['200'].headers['X-Rate-Limit'].schema = { type: ['integer', 'null'] }),
  },
  'response-header-type-changed': {
    head: (s) => (listCall(s).responses['200'].headers['X-Rate-Limit'].schema = { type: 'boolean' }),
    symmetric: true,
  },
  'response-header-type-generalized': {
    head: (s) => (listCall(s).responses['200'].headers['X-Rate-Limit'].schema = { type: 'number' }),
  },
  'webhook-removed': {
    base: (s) =>
      (s.webhooks = {
        animalAdopted: {
          post: {
            requestBody: { content: { 'application/json': { schema: obj() } } },
            responses: { '200': { description: 'ok' } },
          },
        },
      }),
    head: () => {},
  },
  'request-property-deprecated-sunset-missing': {
    base: withField('request'),
    head: (s) => {
      withField('request')(s);
      deprecate(fieldOf(s, 'request'));
    },
    options: GRACE,
  },
  'response-property-deprecated-sunset-missing': {
    base: withField('response'),
    head: (s) => {
      withField('response')(s);
      deprecate(fieldOf(s, 'response'));
    },
    options: GRACE,
  },
  'request-property-deprecated-sunset-invalid': {
    base: withField('request'),
    head: (s) => {
      withField('request')(s);
      deprecate(fieldOf(s, 'request'), 'later');
    },
  },
  'response-property-deprecated-sunset-invalid': {
    base: withField('response'),
    head: (s) => {
      withField('response')(s);
      deprecate(fieldOf(s, 'response'), 'later');
    },
  },
  'request-property-sunset-date-too-small': {
    base: withField('request'),
    head: (s) => {
      withField('request')(s);
      deprecate(fieldOf(s, 'request'), '2026-06-20');
    },
    options: GRACE,
  },
  'response-property-sunset-date-too-small': {
    base: withField('response'),
    head: (s) => {
      withField('response')(s);
      deprecate(fieldOf(s, 'response'), '2026-06-20');
    },
    options: GRACE,
  },
  'request-property-stability-decreased': {
    base: (s) => place(s, 'request-property', { ...str, 'x-stability-level': 'stable' }),
    head: (s) => place(s, 'request-property', { ...str, 'x-stability-level': 'alpha' }),
  },
  'response-property-stability-decreased': {
    base: (s) => place(s, 'response-property', { ...str, 'x-stability-level': 'beta' }),
    head: (s) => place(s, 'response-property', { ...str, 'x-stability-level': 'draft' }),
  },
};

const PLACES: Place[] = [
  'request-parameter-property',
  'request-parameter',
  'request-property',
  'request-body',
  'response-property',
  'response-body',
];

/** The pair for an oasdiff check id, or undefined when we wrote none. */
export function pairFor(id: string): OasdiffPair | undefined {
  const special = SPECIAL[id];
  if (special) return special;
  for (const where of PLACES) {
    if (!id.startsWith(`${where}-`)) continue;
    const suffix = id.slice(where.length + 1);
    const nodes = (where.startsWith('request-parameter') ? PARAMETER_NODES[suffix] : undefined) ?? NODES[suffix];
    if (!nodes) return undefined;
    const [before, after] = nodes;
    return {
      base: (s) => place(s, where, structuredClone(before)),
      head: (s) => place(s, where, structuredClone(after)),
      symmetric: /-changed$|^default-value-(added|removed)$/.test(suffix),
    };
  }
  return undefined;
}
