import type { ApiSurface } from '../../src/model/index.js';
import { readOpenApi } from '../../src/sources/openapi/index.js';
import { memoryRepo } from '../../src/sources/repo/index.js';

// biome-ignore lint/suspicious/noExplicitAny: spec fixtures are free-form JSON edited in place by each case.
export type Json = any;

/** A small pet-clinic API in OpenAPI 3.0, the starting point every rule case edits. */
export function petSpec(): Json {
  return {
    openapi: '3.0.3',
    info: { title: 'Pets', version: '1.0.0' },
    servers: [{ url: 'https://api.example.com/v1' }],
    security: [{ apiKey: [] }],
    paths: {
      '/pets': {
        get: {
          operationId: 'listPets',
          parameters: [
            {
              name: 'limit',
              in: 'query',
              required: false,
              schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
            },
            { name: 'status', in: 'query', schema: { type: 'string', enum: ['available', 'sold'] } },
            { name: 'name', in: 'query', schema: { type: 'string', maxLength: 50, pattern: '^[a-z]+$' } },
            { name: 'X-Trace', in: 'header', schema: { type: 'string', format: 'uuid' } },
          ],
          responses: {
            '200': {
              description: 'A page of pets',
              headers: { 'X-Total': { schema: { type: 'integer' } } },
              content: {
                'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Pet' } } },
              },
            },
            '400': {
              description: 'Bad query',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
            },
          },
        },
        post: {
          operationId: 'createPet',
          security: [{ oauth: ['pets:write'] }],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/NewPet' } } },
          },
          responses: {
            '201': {
              description: 'Created',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } },
            },
          },
        },
      },
      '/pets/{petId}': {
        get: {
          operationId: 'getPet',
          parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'integer' } }],
          responses: {
            '200': {
              description: 'A pet',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } },
            },
            '404': { description: 'No such pet' },
          },
        },
        delete: {
          operationId: 'deletePet',
          parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'integer' } }],
          responses: { '204': { description: 'Deleted' } },
        },
      },
    },
    components: {
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
        oauth: {
          type: 'oauth2',
          flows: {
            clientCredentials: {
              tokenUrl: 'https://auth.example.com/token',
              scopes: { 'pets:write': 'write', 'pets:admin': 'admin' },
            },
          },
        },
      },
      schemas: {
        Pet: {
          type: 'object',
          required: ['id', 'name', 'status'],
          properties: {
            id: { type: 'integer', format: 'int64' },
            name: { type: 'string', maxLength: 50 },
            status: { type: 'string', enum: ['available', 'pending', 'sold'] },
            tag: { type: 'string' },
            weight: { type: 'number', minimum: 0 },
            owner: { $ref: '#/components/schemas/Owner' },
            kind: { oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }] },
          },
        },
        NewPet: {
          type: 'object',
          required: ['name'],
          properties: {
            name: { type: 'string', maxLength: 50, pattern: '^[A-Za-z ]+$' },
            status: { type: 'string', enum: ['available', 'pending'], default: 'available' },
            tag: { type: 'string', nullable: true },
            weight: { type: 'number', minimum: 0, maximum: 500 },
            birthDate: { type: 'string', format: 'date' },
            kind: { oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }] },
          },
        },
        Owner: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            pets: { type: 'array', items: { $ref: '#/components/schemas/Pet' } },
          },
        },
        Cat: { type: 'object', required: ['meows'], properties: { meows: { type: 'boolean' } } },
        Dog: { type: 'object', required: ['barks'], properties: { barks: { type: 'boolean' } } },
        Error: { type: 'object', required: ['message'], properties: { message: { type: 'string' } } },
      },
    },
  };
}

/** Reads a spec object (or text) the way a committed file is read. */
export async function readSpec(spec: Json | string, file = 'openapi.yaml'): Promise<ApiSurface> {
  const text = typeof spec === 'string' ? spec : JSON.stringify(spec, null, 2);
  const result = await readOpenApi(memoryRepo({ [file]: text }), file);
  if (!result.ok) throw new Error(result.error.message);
  return result.surface;
}
