import { describe, expect, it } from 'vitest';
import { type AnalysisResult, analyze } from '../../src/analyze/index.js';
import { defaultConfig } from '../../src/config/index.js';
import { alignToDocs, emptySurface, type Operation } from '../../src/model/index.js';
import { memoryRepo } from '../../src/sources/repo/index.js';

// A service mounted under /api, recorded in a HAR, beside a spec that declares the mount in one of three ways.
const PATHS = `
paths:
  /patients:
    get:
      responses:
        '200': {description: ok}
  /patients/{patientId}:
    get:
      parameters: [{name: patientId, in: path, required: true, type: string, schema: {type: string}}]
      responses:
        '200': {description: ok}
  /patients/{patientId}/notes:
    post:
      parameters: [{name: patientId, in: path, required: true, type: string, schema: {type: string}}]
      responses:
        '201': {description: created}
`;

const SPEC_SERVER = `openapi: 3.0.3
info: {title: Clinic, version: '1'}
servers:
  - url: https://clinic.example.com/api
${PATHS}`;

const SPEC_V2 = `swagger: '2.0'
info: {title: Clinic, version: '1'}
host: clinic.example.com
basePath: /api
schemes: [https]
${PATHS}`;

const SPEC_VARIABLE = `openapi: 3.0.3
info: {title: Clinic, version: '1'}
servers:
  - url: https://clinic.example.com{basePath}
    variables:
      basePath:
        default: /api
${PATHS}`;

function entry(method: string, url: string, status: number): unknown {
  return {
    startedDateTime: '2026-03-01T10:00:00.000Z',
    request: { method, url, httpVersion: 'HTTP/1.1', headers: [], queryString: [] },
    response: {
      status,
      headers: [{ name: 'Content-Type', value: 'application/json' }],
      content: { mimeType: 'application/json', text: status >= 500 ? '{"error":"boom"}' : '{"id":"x"}' },
    },
  };
}

function har(origin: string): string {
  return JSON.stringify({
    log: {
      version: '1.2',
      entries: [
        entry('GET', `${origin}/patients`, 200),
        entry('GET', `${origin}/patients/7f3c1e2a-9d4b-4c6e-8a1f-2b3c4d5e6f70`, 200),
        // A 5xx on a documented template, on a value that looks like a word: it still lands on the operation.
        entry('GET', `${origin}/patients/jones-smith`, 500),
        entry('POST', `${origin}/patients/12/notes`, 201),
      ],
    },
  });
}

async function scan(spec: string, capture: string): Promise<AnalysisResult> {
  const config = defaultConfig();
  config.code.enabled = false;
  return analyze({ repo: memoryRepo({ 'openapi.yaml': spec, 'traffic/capture.har': capture }), config });
}

function rows(result: AnalysisResult): Record<string, string[]> {
  return Object.fromEntries(result.inventory.operations.map((op) => [`${op.method} ${op.path}`, op.sources]));
}

describe('one mount model: docs, code and traffic line up on the docs paths', () => {
  const cases = [
    ['a 3.x server with a path', SPEC_SERVER],
    ['a 2.0 host + basePath', SPEC_V2],
    ['a server variable {basePath}', SPEC_VARIABLE],
  ] as const;
  for (const [name, spec] of cases) {
    it(`${name}: every exercised operation is documented + observed, the 5xx included, no observed-only row`, async () => {
      const result = await scan(spec, har('https://clinic.example.com/api'));
      expect(rows(result)).toEqual({
        'GET /api/patients': ['documented', 'observed'],
        'GET /api/patients/{patientId}': ['documented', 'observed'],
        'POST /api/patients/{patientId}/notes': ['documented', 'observed'],
      });
      const get = result.inventory.operations.find((op) => op.path === '/api/patients/{patientId}');
      expect(get?.statuses).toEqual(['200', '500']);
      expect(result.findings.filter((f) => f.rule === 'undocumented-operation')).toEqual([]);
      expect(result.findings.filter((f) => f.rule === 'unobserved-operation')).toEqual([]);
      expect(result.diagnostics.some((d) => d.code === 'mount-guessed')).toBe(false);
    });
  }

  it('a backend serving the docs paths without the base path lines up, and the scan says the mount was guessed', async () => {
    const result = await scan(SPEC_SERVER, har('http://localhost:8080'));
    expect(rows(result)).toEqual({
      'GET /api/patients': ['documented', 'observed'],
      'GET /api/patients/{patientId}': ['documented', 'observed'],
      'POST /api/patients/{patientId}/notes': ['documented', 'observed'],
    });
    const guessed = result.diagnostics.find((d) => d.code === 'mount-guessed');
    expect(guessed?.message).toContain('without the documented base path /api');
  });

  it('several servers with different base paths match by host: staging and prod traffic land on the same operations', async () => {
    const spec = `openapi: 3.1.0
info: {title: Clinic, version: '1'}
servers:
  - url: https://clinic.example.com/api
  - url: https://staging.clinic.example.com/staging-api
${PATHS}`;
    const capture = JSON.stringify({
      log: {
        version: '1.2',
        entries: [
          entry('GET', 'https://clinic.example.com/api/patients', 200),
          entry('GET', 'https://staging.clinic.example.com/staging-api/patients/abc', 503),
          entry('POST', 'https://staging.clinic.example.com/staging-api/patients/9/notes', 201),
          // The prod host does not serve the staging mount: this is not a documented operation.
          entry('GET', 'https://clinic.example.com/staging-api/patients', 200),
        ],
      },
    });
    const result = await scan(spec, capture);
    const table = rows(result);
    expect(table['GET /api/patients']).toEqual(['documented', 'observed']);
    expect(table['GET /api/patients/{patientId}']).toEqual(['documented', 'observed']);
    expect(table['POST /api/patients/{patientId}/notes']).toEqual(['documented', 'observed']);
    expect(table['GET /staging-api/patients']).toEqual(['observed']);
  });

  it('code.basePath stays an override, and a code view under an undeclared prefix is matched by a guess', () => {
    const docs = emptySurface('documented');
    docs.entry = 'openapi.yaml';
    const op = (method: Operation['method'], path: string): Operation => ({
      method,
      path,
      parameters: [],
      responses: [],
      evidence: [],
    });
    docs.operations = [op('GET', '/patients'), op('GET', '/patients/{id}')];
    const code = emptySurface('implemented');
    code.operations = [op('GET', '/internal/patients'), op('GET', '/internal/patients/{pid}')];
    const guessed = alignToDocs(code, [docs]);
    expect(guessed.surface.operations.map((o) => o.path)).toEqual(['/patients', '/patients/{pid}']);
    expect(guessed.guess).toMatchObject({ kind: 'prefixed', prefix: '/internal', matched: 2, declaredMatched: 0 });

    const overridden = {
      ...code,
      basePath: '/svc',
      mount: { servers: [{ basePath: '/svc' }], origin: 'override' as const },
    };
    overridden.operations = [op('GET', '/patients')];
    const docsUnderSvc = {
      ...docs,
      basePath: '/svc',
      mount: { servers: [{ basePath: '/svc' }], origin: 'declared' as const },
    };
    const aligned = alignToDocs(overridden, [docsUnderSvc]);
    expect(aligned.guess).toBeUndefined();
    expect(aligned.surface.operations.map((o) => o.path)).toEqual(['/svc/patients']);
  });

  describe('a deployment prefix only part of the code shares (routes outside it: probes, docs UI)', () => {
    const op = (method: Operation['method'], path: string): Operation => ({
      method,
      path,
      parameters: [],
      responses: [],
      evidence: [],
    });
    const docsUnder = (base: string, ops: Operation[]) => {
      const docs = emptySurface('documented');
      docs.entry = 'openapi.yaml';
      docs.basePath = base;
      docs.mount = { servers: [{ basePath: base }], origin: 'declared' };
      docs.operations = ops;
      return docs;
    };
    const code = (paths: [Operation['method'], string][]) => {
      const surface = emptySurface('implemented');
      surface.operations = paths.map(([m, p]) => op(m, p));
      return surface;
    };
    const itemDocs = docsUnder('/v1', [op('GET', '/items'), op('POST', '/items'), op('GET', '/items/{id}')]);

    it('lines the views up by the prefix that explains them, named by the docs paths', () => {
      const aligned = alignToDocs(
        code([
          ['GET', '/health'],
          ['GET', '/ecommerce/v1/items'],
          ['POST', '/ecommerce/v1/items'],
          ['GET', '/ecommerce/v1/items/{itemId}'],
        ]),
        [itemDocs],
      );
      expect(aligned.guess).toEqual({ kind: 'prefixed', prefix: '/ecommerce/v1', matched: 3, declaredMatched: 0 });
      expect(aligned.surface.operations.map((o) => o.path)).toEqual([
        '/health',
        '/v1/items',
        '/v1/items',
        '/v1/items/{itemId}',
      ]);
    });

    it('lines up the other way too: the docs carry the gateway prefix the code leaves out', () => {
      const gatewayDocs = docsUnder('/ecommerce/v1', [op('GET', '/items'), op('POST', '/items')]);
      const aligned = alignToDocs(
        code([
          ['GET', '/health'],
          ['GET', '/v1/items'],
          ['POST', '/v1/items'],
        ]),
        [gatewayDocs],
      );
      expect(aligned.guess).toMatchObject({ kind: 'prefixed', prefix: '/v1', matched: 2, declaredMatched: 0 });
      expect(aligned.surface.operations.map((o) => o.path)).toEqual([
        '/health',
        '/ecommerce/v1/items',
        '/ecommerce/v1/items',
      ]);
    });

    it('is not taken for a single operation', () => {
      const docs = docsUnder('/v1', [op('GET', '/items')]);
      const view = code([
        ['GET', '/health'],
        ['GET', '/ecommerce/v1/items'],
        ['GET', '/ecommerce/v1/orders'],
      ]);
      expect(alignToDocs(view, [docs]).guess).toBeUndefined();
    });

    it('is not taken when it explains only a minority of what could line up', () => {
      const docs = docsUnder('/v1', [
        op('GET', '/items'),
        op('POST', '/items'),
        op('GET', '/orders'),
        op('GET', '/users'),
        op('GET', '/carts'),
        op('GET', '/payments'),
      ]);
      const view = code([
        ['GET', '/gw/items'],
        ['POST', '/gw/items'],
        ['GET', '/orders-v2'],
        ['GET', '/accounts'],
        ['GET', '/baskets'],
        ['GET', '/charges'],
      ]);
      expect(alignToDocs(view, [docs]).guess).toBeUndefined();
    });

    it('is not taken when two prefixes explain the same operations', () => {
      const view = code([
        ['GET', '/health'],
        ['GET', '/blue/items'],
        ['POST', '/blue/items'],
        ['GET', '/green/items'],
        ['POST', '/green/items'],
      ]);
      expect(alignToDocs(view, [itemDocs]).guess).toBeUndefined();
    });

    it('is not taken when operations already line up with the declared server', () => {
      const view = code([
        ['GET', '/v1/items'],
        ['GET', '/internal/v1/items'],
        ['POST', '/internal/v1/items'],
        ['GET', '/internal/v1/items/{id}'],
      ]);
      const aligned = alignToDocs(view, [itemDocs]);
      expect(aligned.guess).toBeUndefined();
      expect(aligned.surface.operations.map((o) => o.path)[0]).toBe('/v1/items');
    });
  });
});
