import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ApiSurface, Operation, Schema } from '../../../src/model/index.js';
import {
  buildObservedSurface,
  createAccumulator,
  type Exchange,
  type ExchangeShape,
  mergeAccumulators,
  readExchanges,
  readTrafficAccumulators,
  reduceExchange,
  type ShapeAccumulator,
  ShapeCollector,
} from '../../../src/sources/traffic/index.js';
import { exchange } from './helpers.js';

const SECRET = 'inference-test';

function shapesOf(exchanges: Exchange[]): ExchangeShape[] {
  return exchanges.map((e) => reduceExchange(e, { secret: SECRET })).filter((s): s is ExchangeShape => s !== null);
}

function observe(exchanges: Exchange[]): ApiSurface {
  const collector = new ShapeCollector();
  for (const s of shapesOf(exchanges)) collector.add(s);
  return buildObservedSurface(collector.accumulators());
}

function responseSchema(op: Operation | undefined, status = '200'): Schema {
  return op?.responses.find((r) => r.status === status)?.content['application/json']?.schema as Schema;
}

const STATUSES = ['active', 'inactive', 'pending'];

function patients(n: number): Exchange[] {
  return Array.from({ length: n }, (_, i) =>
    exchange('GET', `/v1/patients/${i + 1}`, {
      time: new Date(Date.UTC(2024, 4, 1, 10, 0, i)).toISOString(),
      headers: { Authorization: 'Bearer opaque-token-value' },
      body: {
        id: i + 1,
        status: STATUSES[i % 3],
        email: `person${i}@example.org`,
        createdAt: new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString(),
        score: i % 2 ? 1.5 : 2,
        nickname: i % 4 === 0 ? null : `nick${i}`,
        middleName: i % 2 === 0 ? 'Q' : undefined,
        labels: { [`${1000 + i}`]: 'x' },
      },
    }),
  );
}

describe('schema inference', () => {
  const surface = observe(patients(40));
  const op = surface.operations[0] as Operation;
  const schema = responseSchema(op);

  it('marks always-present properties required and sometimes-absent ones optional', () => {
    expect(schema.required).toEqual(['id', 'status', 'email', 'createdAt', 'score', 'nickname', 'labels']);
    expect(schema.properties?.middleName?.observed).toMatchObject({ samples: 20, parentSamples: 40 });
  });

  it('infers nullable, widened numbers, formats and enums', () => {
    expect(schema.properties?.nickname?.type).toEqual(['null', 'string']);
    expect(schema.properties?.score?.type).toEqual(['number']);
    expect(schema.properties?.id?.type).toEqual(['integer']);
    expect(schema.properties?.createdAt?.format).toBe('date-time');
    expect(schema.properties?.email?.format).toBe('email');
    expect(schema.properties?.status?.enum).toEqual(['active', 'inactive', 'pending']);
    // Emails are personal: never an enum, and never kept as literals.
    expect(schema.properties?.email?.enum).toBeUndefined();
    expect(schema.properties?.email?.observed?.hits).toEqual({ email: 40 });
  });

  it('turns objects keyed by ids into maps', () => {
    expect(schema.properties?.labels?.properties).toBeUndefined();
    expect(schema.properties?.labels?.additionalProperties).toMatchObject({ type: ['string'] });
  });

  it('records evidence, security and auth statistics', () => {
    expect(op.evidence).toEqual([
      { source: 'observed', count: 40, firstSeen: '2024-05-01T10:00:00.000Z', lastSeen: '2024-05-01T10:00:39.000Z' },
    ]);
    expect(op.security).toEqual([{ bearerAuth: [] }]);
    expect(surface.securitySchemes).toEqual({ bearerAuth: { type: 'http', scheme: 'bearer' } });
    expect(op.observed).toMatchObject({
      count: 40,
      statuses: { '200': 40 },
      withCredentials: 40,
      successWithoutCredentials: 0,
    });
  });

  it('needs enough samples before claiming required, format or enum', () => {
    const few = responseSchema(observe(patients(3)).operations[0]);
    expect(few.required).toBeUndefined();
    expect(few.properties?.createdAt?.format).toBeUndefined();
    expect(few.properties?.status?.enum).toBeUndefined();
  });
});

describe('parameters, bodies, statuses and auth', () => {
  it('learns query parameters by name, with type and required-ness', () => {
    const surface = observe(
      Array.from({ length: 6 }, (_, i) =>
        exchange('GET', `/v1/appointments?date=2024-05-0${i + 1}&limit=${10 + i}${i % 2 ? '&tag=a&tag=b' : ''}`, {
          body: [],
        }),
      ),
    );
    const params = surface.operations[0]?.parameters ?? [];
    expect(params.map((p) => [p.name, p.in, p.required])).toEqual([
      ['date', 'query', true],
      ['limit', 'query', true],
      ['tag', 'query', false],
    ]);
    expect(params[0]?.schema).toMatchObject({ type: ['string'], format: 'date' });
    expect(params[1]?.schema).toMatchObject({ type: ['integer'] });
    expect(params[2]?.schema).toMatchObject({ type: ['array'], items: { type: ['string'] } });
  });

  it('learns request bodies from accepted requests only, and responses per status', () => {
    const surface = observe([
      exchange('POST', '/v1/patients', {
        status: 201,
        requestBody: { name: 'A', email: 'a@example.org' },
        body: { id: 1 },
      }),
      exchange('POST', '/v1/patients', { status: 422, requestBody: { bogus: true }, body: { error: 'invalid' } }),
    ]);
    const op = surface.operations[0] as Operation;
    expect(Object.keys(op.requestBody?.content['application/json']?.schema?.properties ?? {})).toEqual([
      'name',
      'email',
    ]);
    expect(op.responses.map((r) => r.status)).toEqual(['201', '422']);
    expect(Object.keys(responseSchema(op, '422').properties ?? {})).toEqual(['error']);
  });

  it('counts 2xx answers without credentials and records every observed scheme', () => {
    const surface = observe([
      exchange('GET', '/v1/records/1', { headers: { Authorization: 'Basic dXNlcjpwYXNz' }, body: {} }),
      exchange('GET', '/v1/records/2', { headers: { 'X-API-Key': 'k_123456' }, body: {} }),
      exchange('GET', '/v1/records/3', { body: {} }),
      exchange('GET', '/v1/records/4', {
        status: 401,
        body: {},
        responseHeaders: { 'WWW-Authenticate': 'Basic realm="r"' },
      }),
    ]);
    const op = surface.operations[0] as Operation;
    expect(op.observed).toMatchObject({ withCredentials: 2, withoutCredentials: 2, successWithoutCredentials: 1 });
    expect(op.security).toEqual([{}, { headerApiKey: [] }, { basicAuth: [] }]);
    expect(surface.securitySchemes).toEqual({
      basicAuth: { type: 'http', scheme: 'basic' },
      headerApiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
    });
  });

  it('takes security from what the server accepted, not from rejected attempts', () => {
    const surface = observe([
      exchange('GET', '/v1/claims', { headers: { Authorization: 'Bearer t' }, body: [] }),
      exchange('GET', '/v1/claims', { headers: { Authorization: 'Basic dXNlcjpwYXNz' }, status: 401, body: {} }),
      exchange('GET', '/v1/claims', { status: 401, body: {} }),
    ]);
    expect(surface.operations[0]?.security).toEqual([{ bearerAuth: [] }]);
    expect(Object.keys(surface.securitySchemes)).toEqual(['bearerAuth']);
    expect(surface.operations[0]?.observed?.schemes).toEqual({ bearerAuth: 1, basicAuth: 1 });
  });

  it('names observed schemes after the documented ones', () => {
    const collector = new ShapeCollector();
    for (const s of shapesOf([exchange('GET', '/a', { headers: { 'X-API-Key': 'k' } })])) collector.add(s);
    const documented: ApiSurface = {
      source: 'documented',
      basePath: '',
      servers: [],
      operations: [],
      schemas: {},
      files: [],
      diagnostics: [],
      securitySchemes: { ApiKeyAuth: { type: 'apiKey', in: 'header', name: 'X-API-Key' } },
    };
    const surface = buildObservedSurface(collector.accumulators(), { documented });
    expect(surface.operations[0]?.security).toEqual([{ ApiKeyAuth: [] }]);
  });
});

describe('accumulators', () => {
  it('merge to the same result as accumulating in one place, through JSON', () => {
    const shapes = shapesOf(patients(30));
    const one = createAccumulator(shapes[0] as ExchangeShape);
    const collector = new ShapeCollector();
    for (const s of shapes) collector.add(s);
    const [whole] = collector.accumulators() as [ShapeAccumulator];

    const left = new ShapeCollector();
    const right = new ShapeCollector();
    for (const [i, s] of shapes.entries()) (i < 17 ? left : right).add(s);
    const roundTrip = (a: ShapeAccumulator): ShapeAccumulator => JSON.parse(JSON.stringify(a)) as ShapeAccumulator;
    const merged = mergeAccumulators(
      roundTrip(left.accumulators()[0] as ShapeAccumulator),
      roundTrip(right.accumulators()[0] as ShapeAccumulator),
    );
    expect(JSON.parse(JSON.stringify(merged))).toEqual(JSON.parse(JSON.stringify(whole)));
    expect(one.count).toBe(1);
    expect(buildObservedSurface([merged]).operations).toEqual(buildObservedSurface([whole]).operations);
  });
});

describe('reading files', () => {
  it('reduces bodies straight into accumulators with the same result as merging exchange shapes', async () => {
    const fixtures = join(fileURLToPath(new URL('.', import.meta.url)), '../../fixtures/traffic');
    const files = ['chrome-devtools.har', 'charles.har', 'mitmproxy.har', 'postman.har', 'capture.ndjson'].map((f) =>
      join(fixtures, f),
    );
    const now = '2024-06-01T00:00:00.000Z';
    const direct = await readTrafficAccumulators(files, { secret: SECRET, now });
    const collector = new ShapeCollector();
    for (const file of files) {
      for await (const e of readExchanges(file)) {
        const shape = reduceExchange(e, { secret: SECRET, now });
        if (shape !== null) collector.add(shape);
      }
    }
    expect(JSON.parse(JSON.stringify(direct))).toEqual(JSON.parse(JSON.stringify(collector.accumulators())));
  });
});

describe('hostile input', () => {
  it('never lets traffic-supplied names reach Object.prototype', () => {
    const collector = new ShapeCollector();
    const nasty: Exchange = {
      method: 'POST',
      url: '/v1/things?__proto__=1&constructor=2&toString=3',
      request: {
        headers: [
          { name: '__proto__', value: 'x' },
          { name: 'constructor', value: 'y' },
          { name: 'content-type', value: '__proto__/json' },
        ],
        body: {
          text: '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}',
          mimeType: 'application/json',
        },
      },
      response: {
        status: 200,
        headers: [{ name: 'content-type', value: 'application/json' }],
        body: { text: '{"valueOf": 1}' },
      },
    };
    for (let i = 0; i < 3; i++) collector.add(reduceExchange(nasty) as ExchangeShape);
    // A stored accumulator parsed from JSON may carry own `__proto__` keys.
    const stored = JSON.parse(
      JSON.stringify(collector.accumulators()[0]).replace('"query":{', '"query":{"__proto__":{"count":1,"types":{}},'),
    ) as ShapeAccumulator;
    const merged = mergeAccumulators(stored, stored);
    const surface = buildObservedSurface([merged]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).count).toBeUndefined();
    const op = surface.operations[0] as Operation;
    expect(op.parameters.map((p) => `${p.in}:${p.name}`)).toEqual([
      'query:constructor',
      'query:toString',
      'header:constructor',
    ]);
    expect(op.evidence[0]).toMatchObject({ count: 6 });
  });

  it('leaves out undocumented paths that only ever answered 404', () => {
    const surface = observe([
      exchange('GET', '/wp-admin/setup-config.php', { status: 404 }),
      exchange('GET', '/.env', { status: 404 }),
      exchange('GET', '/v1/patients/1', { body: {} }),
    ]);
    expect(surface.operations.map((o) => o.path)).toEqual(['/v1/patients/{patientId}']);
    expect(surface.diagnostics).toEqual([expect.objectContaining({ code: 'not-found-only' })]);
  });
});
