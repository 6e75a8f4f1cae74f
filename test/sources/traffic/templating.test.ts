import { describe, expect, it } from 'vitest';
import { type ApiSurface, emptySurface, type Operation } from '../../../src/model/index.js';
import {
  buildObservedSurface,
  type Exchange,
  type ExchangeShape,
  reduceExchange,
  ShapeCollector,
} from '../../../src/sources/traffic/index.js';
import { exchange } from './helpers.js';

function observe(exchanges: Exchange[], documented?: ApiSurface): ApiSurface {
  const collector = new ShapeCollector();
  for (const e of exchanges) {
    const shape = reduceExchange(e, documented ? { documented, secret: 'test' } : { secret: 'test' });
    if (shape !== null) collector.add(shape);
  }
  return buildObservedSurface(collector.accumulators(), documented ? { documented } : {});
}

function routes(surface: ApiSurface): string[] {
  return surface.operations.map((o) => `${o.method} ${o.path}`);
}

function documentedSurface(basePath: string, ops: [string, string][]): ApiSurface {
  const surface = emptySurface('documented');
  surface.basePath = basePath;
  surface.operations = ops.map(
    ([method, path]): Operation => ({
      method: method as Operation['method'],
      path,
      parameters: [],
      responses: [],
      evidence: [],
    }),
  );
  return surface;
}

describe('path templating', () => {
  it('gives one operation for 1,000 distinct patient URLs, named after the collection', () => {
    const urls = Array.from({ length: 1000 }, (_, i) =>
      exchange('GET', `https://api.example.com/patients/${1000 + i * 7}`, { body: { id: i } }),
    );
    const surface = observe(urls);
    expect(routes(surface)).toEqual(['GET /patients/{patientId}']);
    const op = surface.operations[0] as Operation;
    expect(op.evidence).toEqual([
      { source: 'observed', count: 1000, firstSeen: '2024-05-01T10:00:00.000Z', lastSeen: '2024-05-01T10:00:00.000Z' },
    ]);
    const param = op.parameters[0];
    expect(param).toMatchObject({ name: 'patientId', in: 'path', required: true, schema: { type: ['integer'] } });
    // The sketch says how many distinct ids were seen, without holding any of them.
    expect(param?.schema.observed?.distinct).toBeGreaterThan(800);
    expect(param?.schema.observed?.distinct).toBeLessThan(1200);
  });

  it('keeps /users/me beside /users/{userId}, and search beside ids', () => {
    const surface = observe([
      exchange('GET', '/users/me', { body: { id: 1 } }),
      exchange('GET', '/users/42', { body: { id: 42 } }),
      exchange('GET', '/users/43', { body: { id: 43 } }),
      exchange('GET', '/users/search?q=ann', { body: [] }),
      exchange('GET', '/users/6f1c2a9e-3b4d-4e5f-8a9b-0c1d2e3f4a5b/settings', { body: {} }),
    ]);
    expect(routes(surface)).toEqual([
      'GET /users/me',
      'GET /users/search',
      'GET /users/{userId}',
      'GET /users/{userId}/settings',
    ]);
  });

  it('never makes api, versions or dated versions parameters', () => {
    const surface = observe([
      exchange('GET', '/api/v1/orders/17'),
      exchange('GET', '/api/v2.1/orders/18'),
      exchange('GET', '/2023-10-16/charges/ch_3OqZ2bLkdIwHu7ix0Yv4'),
      exchange('GET', '/v1beta/models'),
    ]);
    expect(routes(surface)).toEqual([
      'GET /2023-10-16/charges/{chargeId}',
      'GET /api/v1/orders/{orderId}',
      'GET /api/v2.1/orders/{orderId}',
      'GET /v1beta/models',
    ]);
  });

  it('templates FHIR REST paths with {id} and {vid}, keeping resource types and operations', () => {
    const surface = observe([
      exchange('GET', '/fhir/r4/Patient/example'),
      exchange('GET', '/fhir/r4/Patient/pat-0001'),
      exchange('GET', '/fhir/r4/Patient/1042/_history/3'),
      exchange('GET', '/fhir/r4/Patient/1042/$everything'),
      exchange('POST', '/fhir/r4/Patient/_search'),
      exchange('GET', '/fhir/r4/metadata'),
      exchange('GET', '/fhir/r4/Observation/f0c5a8e2-7b6d-4c3a-9e1f-2d3c4b5a6f70'),
    ]);
    expect(routes(surface)).toContain('GET /fhir/r4/Patient/{id}/_history/{vid}');
    expect(routes(surface)).toContain('GET /fhir/r4/Patient/{id}/$everything');
    expect(routes(surface)).toContain('POST /fhir/r4/Patient/_search');
    expect(routes(surface)).toContain('GET /fhir/r4/metadata');
    expect(routes(surface)).toContain('GET /fhir/r4/Observation/{id}');
    expect(routes(surface)).toContain('GET /fhir/r4/Patient/{id}');
  });

  it('treats dates as {date} parameters, and splits known file extensions', () => {
    const surface = observe([
      exchange('GET', '/reports/2024-01-31'),
      exchange('GET', '/reports/2024-02-29'),
      exchange('GET', '/patients/1042.json'),
      exchange('GET', '/patients/1043.json'),
      exchange('GET', '/exports/INV-2024-0001.csv'),
    ]);
    expect(routes(surface)).toEqual([
      'GET /exports/{exportId}.csv',
      'GET /patients/{patientId}.json',
      'GET /reports/{date}',
    ]);
    expect(surface.operations[2]?.parameters[0]?.schema).toMatchObject({ type: ['string'], format: 'date' });
  });

  it('keeps a lone slug, collapses similar slugs, and leaves unrelated words alone', () => {
    const article = (slug: string): Exchange =>
      exchange('GET', `/articles/${slug}`, { body: { title: 't', body: 'b', author: 'a' } });
    expect(routes(observe([article('how-to-import-fhir')]))).toEqual(['GET /articles/how-to-import-fhir']);
    expect(
      routes(observe([article('how-to-import-fhir'), article('getting-started'), article('release-notes-2024')])),
    ).toEqual(['GET /articles/{articleId}']);
    // Different responses: these are distinct resources, not values of one parameter.
    const admin = observe([
      exchange('GET', '/admin/users', { body: { users: [] } }),
      exchange('GET', '/admin/settings', { body: { theme: 'dark' } }),
      exchange('GET', '/admin/audit', { body: { events: [] } }),
    ]);
    expect(routes(admin)).toEqual(['GET /admin/audit', 'GET /admin/settings', 'GET /admin/users']);
    // Same-looking leaves without any response evidence are not collapsed either.
    expect(
      routes(
        observe([exchange('POST', '/auth/login'), exchange('POST', '/auth/logout'), exchange('POST', '/auth/refresh')]),
      ),
    ).toHaveLength(3);
  });

  it('collapses many distinct words under one parent on cardinality alone', () => {
    const names = Array.from(
      { length: 25 },
      (_, i) => `handle${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + ((i * 7) % 26))}`,
    );
    const surface = observe(
      names.map((n, i) => exchange('GET', `/profiles/${n}`, { body: i % 2 ? { a: 1 } : { b: 2 } })),
    );
    expect(routes(surface)).toEqual(['GET /profiles/{profileId}']);
    expect(surface.operations[0]?.evidence[0]).toMatchObject({ count: 25 });
  });

  it('puts ids, emails and tokens in the path into parameters, flagging personal data', () => {
    const surface = observe([
      exchange('GET', '/lookup/maria.garcia%40clinic-mail.org'),
      exchange('GET', '/lookup/wei.chen@clinic-mail.org'),
      exchange('GET', '/objects/507f1f77bcf86cd799439011'),
      exchange('GET', '/blobs/9b74c9897bac770ffc029102a200c5de'),
      exchange('GET', '/events/01HV8Z3K4Q5R6S7T8V9W0XYZAB'),
    ]);
    expect(routes(surface)).toEqual([
      'GET /blobs/{blobId}',
      'GET /events/{eventId}',
      'GET /lookup/{lookupId}',
      'GET /objects/{objectId}',
    ]);
    const lookup = surface.operations[2] as Operation;
    expect(lookup.observed?.piiInPath).toBe(2);
    expect(lookup.parameters[0]?.schema).toMatchObject({ format: 'email', observed: { hits: { email: 2 } } });
  });

  it('matches the committed spec first: its templates and names win, static before templated', () => {
    const documented = documentedSurface('/api', [
      ['GET', '/users/{uid}'],
      ['GET', '/users/me'],
      ['GET', '/articles/{slug}'],
    ]);
    const surface = observe(
      [
        exchange('GET', '/api/users/42'),
        exchange('GET', '/api/users/me'),
        exchange('GET', '/api/users/ann'),
        exchange('GET', '/api/articles/how-to-import-fhir'),
        exchange('GET', '/api/articles/release-notes'),
        exchange('DELETE', '/api/users/42'),
        exchange('GET', '/api/orders/7'),
      ],
      documented,
    );
    expect(routes(surface)).toEqual([
      'GET /api/articles/{slug}',
      'GET /api/orders/{orderId}',
      'GET /api/users/me',
      'GET /api/users/{uid}',
      'DELETE /api/users/{uid}',
    ]);
    expect(
      surface.operations.find((o) => o.path === '/api/users/{uid}' && o.method === 'GET')?.evidence[0],
    ).toMatchObject({ count: 2 });
  });

  it('leaves no text of a documented parameter in the shape', () => {
    const documented = documentedSurface('', [['GET', '/articles/{slug}']]);
    const shape = reduceExchange(exchange('GET', '/articles/maria-garcia-diagnosis'), { documented }) as ExchangeShape;
    expect(shape.template).toBe('/articles/{slug}');
    expect(JSON.stringify(shape)).not.toContain('maria');
  });
});
