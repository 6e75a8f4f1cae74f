/**
 * A structural JSON Schema of OpenAPI 3.0 documents: the required objects and their shapes (paths, operations,
 * parameters, request bodies, responses, components), enough to tell a valid doc from a broken patch without
 * fetching the official schema.
 */
const ref = { type: 'object', required: ['$ref'], properties: { $ref: { type: 'string' } } };
const schemaObject = { type: 'object' };
const mediaTypes = { type: 'object', additionalProperties: { type: 'object', properties: { schema: schemaObject } } };
const parameterFields = { name: { type: 'string' }, required: { type: 'boolean' }, schema: schemaObject };
const parameter = {
  oneOf: [
    ref,
    {
      type: 'object',
      required: ['name', 'in'],
      properties: { ...parameterFields, in: { enum: ['query', 'header', 'cookie'] } },
    },
    // Path parameters must say they are required.
    {
      type: 'object',
      required: ['name', 'in', 'required'],
      properties: { ...parameterFields, in: { const: 'path' }, required: { const: true } },
    },
  ],
};
const response = {
  oneOf: [
    ref,
    { type: 'object', required: ['description'], properties: { description: { type: 'string' }, content: mediaTypes } },
  ],
};
const operation = {
  type: 'object',
  required: ['responses'],
  properties: {
    tags: { type: 'array', items: { type: 'string' } },
    parameters: { type: 'array', items: parameter },
    requestBody: {
      oneOf: [
        ref,
        { type: 'object', required: ['content'], properties: { content: mediaTypes, required: { type: 'boolean' } } },
      ],
    },
    responses: {
      type: 'object',
      minProperties: 1,
      patternProperties: { '^([1-5](\\d\\d|XX)|default)$': response, '^x-': {} },
      additionalProperties: false,
    },
    deprecated: { type: 'boolean' },
    security: { type: 'array' },
  },
};
export const OPENAPI_30_STRUCTURE = {
  type: 'object',
  required: ['openapi', 'info', 'paths'],
  properties: {
    openapi: { type: 'string', pattern: '^3\\.0\\.\\d+' },
    info: { type: 'object', required: ['title', 'version'] },
    paths: {
      type: 'object',
      patternProperties: {
        '^/': {
          type: 'object',
          properties: {
            parameters: { type: 'array', items: parameter },
            get: operation,
            put: operation,
            post: operation,
            delete: operation,
            patch: operation,
            head: operation,
            options: operation,
            trace: operation,
          },
          patternProperties: { '^x-': {} },
          additionalProperties: { not: {} },
        },
      },
    },
    components: {
      type: 'object',
      properties: {
        schemas: { type: 'object', additionalProperties: schemaObject },
        parameters: { type: 'object', additionalProperties: parameter },
        responses: { type: 'object', additionalProperties: response },
      },
    },
  },
};
