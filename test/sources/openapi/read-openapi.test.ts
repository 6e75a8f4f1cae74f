import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { localRepo } from '../../../src/checkout/index.js';
import { operationKey, resolveSchema } from '../../../src/model/index.js';
import { readOpenApi } from '../../../src/sources/openapi/index.js';
import { apiOnly, CORPUS, FIXTURES, readFixture } from './helpers.js';

describe('readOpenApi: multi-file specs', () => {
  it('reads path items, parameters, responses and schemas that live in other files', async () => {
    const surface = await readFixture('multi/openapi.yaml');
    expect(surface.operations.map((op) => operationKey(op.method, op.path, surface.basePath)).sort()).toEqual([
      'DELETE /api/v2/patients/{}',
      'GET /api/v2/health',
      'GET /api/v2/patients',
      'GET /api/v2/patients/{}',
      'GET /api/v2/patients/{}/encounters',
      'POST /api/v2/patients',
    ]);
    expect(surface.basePath).toBe('/api/v2');
    expect(surface.files.sort()).toEqual([
      'multi/openapi.yaml',
      'multi/paths/encounters.yaml',
      'multi/paths/patient-by-id.yaml',
      'multi/paths/patients.yaml',
      'multi/schemas/encounter.yaml',
      'multi/schemas/patient.yaml',
      'multi/schemas/responses.yaml',
    ]);
    expect(surface.diagnostics).toEqual([]);

    const list = surface.operations.find((op) => op.operationId === 'listPatients');
    // A parameter referenced back into the entry file's components.
    expect(list?.parameters.map((p) => [p.in, p.name, p.required])).toEqual([
      ['query', 'limit', false],
      ['query', 'familyName', false],
    ]);
    expect(list?.parameters[0]?.schema).toMatchObject({ type: ['integer'], minimum: 1, maximum: 100, default: 20 });
    // A response living in another file, whose schema refers back to the entry file.
    const problem = list?.responses.find((r) => r.status === 'default');
    const errorSchema = resolveSchema(surface, problem?.content['application/problem+json']?.schema ?? {});
    expect(errorSchema.required).toEqual(['code', 'message']);
    // Path-level parameters apply to every operation of the item.
    const remove = surface.operations.find((op) => op.operationId === 'deletePatient');
    expect(remove?.parameters.map((p) => p.name)).toEqual(['patientId']);
    // Security: global default, and an explicit opt-out.
    expect(list?.security).toEqual([{ bearerAuth: [] }]);
    expect(surface.operations.find((op) => op.path === '/health')?.security).toEqual([]);
  });

  it('follows #/ fragments inside referenced files and x-pii marks', async () => {
    const surface = await readFixture('multi/openapi.yaml');
    const get = surface.operations.find((op) => op.operationId === 'getPatient');
    const patient = resolveSchema(surface, get?.responses[0]?.content['application/json']?.schema ?? {});
    const name = resolveSchema(surface, patient.properties?.name ?? {});
    expect(name.properties?.given).toMatchObject({ type: ['array'], items: { type: ['string'] } });
    expect(patient.properties?.email?.pii).toEqual({ category: 'email', hipaa: 'F' });
  });

  it('keeps a self-referencing file schema as a cycle', async () => {
    const surface = await readFixture('multi/openapi.yaml');
    const get = surface.operations.find((op) => op.operationId === 'getPatient');
    const ref = get?.responses[0]?.content['application/json']?.schema?.$ref as string;
    expect(ref).toBe('patient');
    expect(surface.schemas[ref]?.properties?.primaryContact).toEqual(expect.objectContaining({ $ref: 'patient' }));
  });
});

describe('readOpenApi: line map', () => {
  it('points operations, parameters and schema properties at their file and line', async () => {
    const surface = await readFixture('multi/openapi.yaml');
    const list = surface.operations.find((op) => op.operationId === 'listPatients');
    expect(list?.location).toMatchObject({ file: 'multi/paths/patients.yaml', line: 1 });
    expect(list?.parameters[1]?.location).toMatchObject({ file: 'multi/paths/patients.yaml', line: 6 });
    const health = surface.operations.find((op) => op.path === '/health');
    expect(health?.location).toEqual({ file: 'multi/openapi.yaml', line: 18, pointer: '/paths/~1health/get' });
    expect(health?.evidence).toEqual([
      { source: 'documented', file: 'multi/openapi.yaml', line: 18, pointer: '/paths/~1health/get' },
    ]);
    const patient = surface.schemas.patient;
    expect(patient?.properties?.birthDate?.location).toEqual({ file: 'multi/schemas/patient.yaml', line: 12 });
    expect(patient?.properties?.email?.location).toEqual({ file: 'multi/schemas/patient.yaml', line: 15 });
  });
});

describe('readOpenApi: circular schemas', () => {
  it('keeps recursive schemas finite, as named references', async () => {
    const surface = await readFixture('circular.yaml');
    const team = surface.schemas.CareTeam;
    expect(team?.properties?.parent).toMatchObject({ $ref: 'CareTeam' });
    expect(team?.properties?.subTeams?.items).toMatchObject({ $ref: 'CareTeam' });
    expect(surface.schemas.Member?.properties?.team).toMatchObject({ $ref: 'CareTeam' });
    // The surface is plain data: it serialises without a cycle.
    expect(() => JSON.stringify(surface)).not.toThrow();
  });
});

describe('readOpenApi: the same API as 2.0, 3.0 and 3.1', () => {
  it('yields equal surfaces', async () => {
    const v2 = await readFixture('versions/pharmacy-2.0.yaml');
    const v30 = await readFixture('versions/pharmacy-3.0.yaml');
    const v31 = await readFixture('versions/pharmacy-3.1.json');
    expect(v2.specVersion).toBe('2.0');
    expect(v31.specVersion).toBe('3.1.0');
    expect(apiOnly(v30)).toEqual(apiOnly(v2));
    expect(apiOnly(v31)).toEqual(apiOnly(v30));
  });

  it('normalises nullable, allOf, body and formData parameters', async () => {
    const v2 = await readFixture('versions/pharmacy-2.0.yaml');
    expect(v2.schemas.Prescription?.properties?.filledAt?.type).toEqual(['null', 'string']);
    expect(v2.schemas.Prescription?.required).toEqual(['dosage', 'id', 'medication']);
    const create = v2.operations.find((op) => op.operationId === 'createPrescription');
    expect(create?.requestBody).toMatchObject({
      required: true,
      content: { 'application/json': { schema: { $ref: 'NewPrescription' } } },
    });
    const upload = v2.operations.find((op) => op.operationId === 'uploadLabel');
    expect(Object.keys(upload?.requestBody?.content ?? {})).toEqual(['multipart/form-data']);
    expect(upload?.requestBody?.content['multipart/form-data']?.schema?.properties?.file).toMatchObject({
      type: ['string'],
      format: 'binary',
    });
    expect(v2.basePath).toBe('/v1');
    expect(v2.securitySchemes.apiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
  });
});

if (!existsSync(CORPUS)) console.warn(`SKIPPED: readOpenApi on Stripe's spec — ${CORPUS} is missing`);
describe.skipIf(!existsSync(CORPUS))(
  existsSync(CORPUS) ? 'readOpenApi: Stripe' : 'readOpenApi: Stripe (SKIPPED: ../shared/corpus/stripe is missing)',
  () => {
    it('reads all 468 operations of the 2023-09-13 spec with their lines', async () => {
      const result = await readOpenApi(localRepo(CORPUS), 'stripe-api.2023-09-13.yaml');
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.surface.operations).toHaveLength(468);
      expect(Object.keys(result.surface.schemas).length).toBeGreaterThanOrEqual(819);
      const retrieve = result.surface.operations.find((op) => op.operationId === 'GetCustomersCustomer');
      expect(retrieve?.location?.line).toBeGreaterThan(1);
      expect(result.surface.diagnostics).toEqual([]);
    });
  },
);

describe('readOpenApi: fixtures folder sanity', () => {
  it('reads from the fixtures root', () => {
    expect(existsSync(FIXTURES)).toBe(true);
  });
});

describe('readOpenApi: x-pii marks', () => {
  it('reads x-pii on 2.0 inline parameters and beside a $ref', async () => {
    const { memoryRepo } = await import('../../../src/sources/repo/index.js');
    const repo = memoryRepo({
      'swagger.yaml': [
        'swagger: "2.0"',
        'info: {title: Members, version: "1"}',
        'paths:',
        '  /members:',
        '    get:',
        '      parameters:',
        '        - {name: email, in: query, type: string, x-pii: {category: email, hipaa: F}}',
        '      responses:',
        '        "200":',
        '          description: ok',
        '          schema:',
        '            type: object',
        '            properties:',
        '              owner:',
        '                $ref: "#/definitions/Person"',
        '                x-pii: {category: name, hipaa: A}',
        'definitions:',
        '  Person: {type: object, properties: {given: {type: string}}}',
        '',
      ].join('\n'),
    });
    const result = await readOpenApi(repo, 'swagger.yaml');
    if (!result.ok) throw new Error(result.error.message);
    const op = result.surface.operations[0];
    expect(op?.parameters[0]?.schema.pii).toEqual({ category: 'email', hipaa: 'F' });
    const body = op?.responses[0]?.content['application/json']?.schema;
    expect(body?.properties?.owner).toMatchObject({ $ref: 'Person', pii: { category: 'name', hipaa: 'A' } });
  });
});

describe('readOpenApi: a server URL written without a scheme', () => {
  it('reads `localhost:8080/v1` and `api.example.com/v2` as a host and a base path, `api/v3` as a relative path', async () => {
    const { memoryRepo } = await import('../../../src/sources/repo/index.js');
    const spec = (url: string) =>
      [
        'openapi: 3.1.0',
        'info: {title: Books, version: "1"}',
        `servers: [{url: "${url}"}]`,
        'paths:',
        '  /books:',
        '    get: {responses: {"200": {description: ok}}}',
        '',
      ].join('\n');
    const repo = memoryRepo({
      'local.yaml': spec('localhost:8080/v1'),
      'named.yaml': spec('api.example.com/v2'),
      'relative.yaml': spec('api/v3'),
    });
    const read = async (file: string) => {
      const result = await readOpenApi(repo, file);
      if (!result.ok) throw new Error(result.error.message);
      return result.surface;
    };
    const local = await read('local.yaml');
    expect(local.basePath).toBe('/v1');
    expect(local.mount?.servers).toEqual([{ host: 'localhost:8080', basePath: '/v1' }]);
    expect(local.operations.map((op) => operationKey(op.method, op.path, local.basePath))).toEqual(['GET /v1/books']);
    expect((await read('named.yaml')).mount?.servers).toEqual([{ host: 'api.example.com', basePath: '/v2' }]);
    expect((await read('relative.yaml')).basePath).toBe('/api/v3');
  });
});
