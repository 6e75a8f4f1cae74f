// The OpenAPI schema keywords that the model carries verbatim. Reading a doc (normalize-schema, build-surface) and
// writing one back (docsync) must agree on them, or a fix would drop or invent constraints: one list for both.

/** Keywords copied as they are between an OpenAPI schema object and a model {@link Schema}. */
export const COPIED_SCHEMA_KEYWORDS = [
  'format',
  'minimum',
  'maximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'minContains',
  'maxContains',
  'readOnly',
  'writeOnly',
  'deprecated',
  'title',
  'description',
  'default',
  'const',
] as const;

/** Schema keywords Swagger 2.0 writes directly on a non-body parameter (or header) instead of under `schema`. */
export const V2_INLINE_SCHEMA_KEYWORDS: readonly string[] = [
  'type',
  'format',
  'items',
  'enum',
  'default',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'multipleOf',
  'x-nullable',
];

/**
 * JSON Schema 2020-12 assertions the model keeps as written in {@link Schema.assertions}: the comparers see them added,
 * removed or changed without interpreting them.
 */
export const ASSERTION_SCHEMA_KEYWORDS: ReadonlySet<string> = new Set([
  'contains',
  'if',
  'then',
  'else',
  'dependentRequired',
  'dependentSchemas',
  'unevaluatedItems',
  'unevaluatedProperties',
  'prefixItems',
  'propertyNames',
  'patternProperties',
  'contentEncoding',
  'contentMediaType',
  'contentSchema',
]);
