import { describe, expect, it } from 'vitest';
import { compareDrift } from '../../src/drift/index.js';
import type { ApiSurface, DocFix, Operation } from '../../src/model/index.js';
import { type Json, petSpec, readSpec } from './spec-builder.js';

const SEEN = { firstSeen: '2025-03-01T00:00:00Z', lastSeen: '2025-03-31T00:00:00Z' };

/** The pet spec read as another view: code (every operation declared in src/app.ts) or traffic. */
async function asView(spec: Json, source: 'implemented' | 'observed'): Promise<ApiSurface> {
  const s = await readSpec(spec, 'generated.yaml');
  s.source = source;
  s.entry = undefined;
  s.operations = s.operations.map(
    (op, i): Operation => ({
      ...op,
      evidence:
        source === 'implemented'
          ? [{ source: 'implemented', file: 'src/app.ts', line: 10 + i, framework: 'express' }]
          : [{ source: 'observed', count: 40, ...SEEN }],
      location: source === 'implemented' ? { file: 'src/app.ts', line: 10 + i } : undefined,
      ...(source === 'observed'
        ? {
            observed: {
              count: 40,
              statuses: { '200': 40 },
              withCredentials: 40,
              withoutCredentials: 0,
              successWithoutCredentials: 0,
              schemes: { apiKey: 40 },
            },
          }
        : {}),
    }),
  );
  return s;
}

async function drift(
  edit: (s: Json) => void,
  source: 'implemented' | 'observed' = 'implemented',
  editView?: (v: ApiSurface) => void,
) {
  const doc = await readSpec(petSpec());
  const other = petSpec();
  edit(other);
  const view = await asView(other, source);
  editView?.(view);
  return compareDrift(doc, view);
}

describe('compareDrift', () => {
  it('finds nothing when the code serves exactly the documented API', async () => {
    expect(await drift(() => {})).toEqual([]);
    expect(await drift(() => {}, 'observed')).toEqual([]);
  });

  it('undocumented-operation, with the code line and an add-operation fix', async () => {
    const found = await drift((s) => (s.paths['/pets/{petId}'].put = { responses: { '200': { description: 'ok' } } }));
    const f = found.find((x) => x.rule === 'undocumented-operation');
    expect(f?.operation).toBe('PUT /v1/pets/{petId}');
    expect(f?.evidence[0]).toMatchObject({ source: 'implemented', file: 'src/app.ts' });
    expect(f?.location?.file).toBe('src/app.ts');
    expect(f?.fix).toMatchObject({ kind: 'add-operation', spec: 'openapi.yaml', method: 'PUT', path: '/pets/{petId}' });
  });

  it('unimplemented-operation, with the doc line and a deprecate fix', async () => {
    const found = await drift((s) => delete s.paths['/pets/{petId}'].delete);
    const f = found.find((x) => x.rule === 'unimplemented-operation');
    expect(f?.operation).toBe('DELETE /v1/pets/{petId}');
    expect(f?.location?.file).toBe('openapi.yaml');
    expect(f?.fix).toEqual({
      kind: 'deprecate-operation',
      spec: 'openapi.yaml',
      method: 'DELETE',
      path: '/pets/{petId}',
    } satisfies DocFix);
  });

  it('unobserved-operation (info) with the capture window', async () => {
    const found = await drift((s) => delete s.paths['/pets/{petId}'].delete, 'observed');
    const f = found.find((x) => x.rule === 'unobserved-operation');
    expect(f?.severity).toBe('info');
    expect(f?.evidence.some((e) => e.source === 'observed')).toBe(true);
  });

  it('undocumented-parameter with an add-parameter fix', async () => {
    const found = await drift((s) =>
      s.paths['/pets'].get.parameters.push({ name: 'shelter', in: 'query', schema: { type: 'string' } }),
    );
    const f = found.find((x) => x.rule === 'undocumented-parameter');
    expect(f?.message).toContain('`shelter`');
    expect((f?.fix as DocFix | undefined)?.kind).toBe('add-parameter');
  });

  it('names the standard and proxy headers it does not compare, and leaves them out of an added operation', async () => {
    const headers = [
      { name: 'User-Agent', in: 'header', schema: { type: 'string' } },
      { name: 'X-Forwarded-For', in: 'header', schema: { type: 'string' } },
      { name: 'X-Tenant', in: 'header', schema: { type: 'string' } },
    ];
    const doc = await readSpec(petSpec());
    const other = petSpec();
    other.paths['/pets'].get.parameters.push(...headers);
    other.paths['/pets/{petId}'].put = { parameters: headers, responses: { '200': { description: 'ok' } } };
    const diagnostics: { level: 'error' | 'warning' | 'info'; code: string; message: string }[] = [];
    const found = compareDrift(doc, await asView(other, 'implemented'), { diagnostics });
    // Only the header a client chooses to send is drift on the documented operation.
    expect(found.filter((f) => f.rule === 'undocumented-parameter').map((f) => f.subject)).toEqual(['header.X-Tenant']);
    // The operation the docs lack is added with what its client sends, not with what every client or proxy sends.
    const added = found.find((f) => f.rule === 'undocumented-operation')?.fix as DocFix & { kind: 'add-operation' };
    expect(added.operation.parameters.map((p) => p.name)).toEqual(['X-Tenant']);
    // Neither kind is dropped quietly: each run names what it left out, per operation.
    const messages = Object.fromEntries(diagnostics.map((d) => [d.code, d.message]));
    expect(messages['standard-headers-not-compared']).toContain('GET /v1/pets reads User-Agent');
    expect(messages['standard-headers-not-compared']).toContain('PUT /v1/pets/{petId} reads User-Agent');
    expect(messages['proxy-headers-not-compared']).toContain('PUT /v1/pets/{petId} reads X-Forwarded-For');
  });

  it('undocumented-status, but never for statuses a view could not see', async () => {
    const found = await drift((s) => (s.paths['/pets/{petId}'].get.responses['409'] = { description: 'conflict' }));
    expect(found.map((f) => f.rule)).toEqual(['undocumented-status']);
    const silent = await drift(
      () => {},
      'implemented',
      (v) => {
        for (const op of v.operations) op.responses = [];
      },
    );
    expect(silent).toEqual([]);
    // 499 is written once the client has closed the connection (a cancelled context): nobody receives it.
    const gone = await drift((s) => (s.paths['/pets/{petId}'].get.responses['499'] = { description: 'client gone' }));
    expect(gone).toEqual([]);
  });

  it('undocumented-request-field and undocumented-response-field with add-field fixes', async () => {
    const found = await drift((s) => {
      s.components.schemas.NewPet.properties.microchip = { type: 'string' };
      s.components.schemas.Pet.properties.ssn = { type: 'string' };
    });
    const req = found.find((f) => f.rule === 'undocumented-request-field');
    expect(req?.fix).toMatchObject({
      kind: 'add-field',
      in: 'request',
      field: 'microchip',
      mediaType: 'application/json',
    });
    const res = found.filter((f) => f.rule === 'undocumented-response-field');
    expect(res.map((f) => f.operation).sort()).toEqual(['GET /v1/pets', 'GET /v1/pets/{petId}', 'POST /v1/pets']);
    expect(res.find((f) => f.operation === 'GET /v1/pets')?.fix).toMatchObject({ field: '[].ssn', status: '200' });
  });

  it('field-type-mismatch, lenient on integer vs number from code', async () => {
    const found = await drift((s) => (s.components.schemas.Pet.properties.id = { type: 'string' }));
    expect(found.filter((f) => f.rule === 'field-type-mismatch').length).toBe(3);
    expect(await drift((s) => (s.components.schemas.Pet.properties.id = { type: 'number' }))).toEqual([]);
  });

  it('field-required-mismatch: the code requires a field the doc calls optional', async () => {
    const found = await drift((s) => s.components.schemas.NewPet.required.push('tag'));
    expect(found.map((f) => f.rule)).toEqual(['field-required-mismatch']);
  });

  it('auth-drift: documented secured, observed answering 2xx without credentials', async () => {
    const found = await drift(
      () => {},
      'observed',
      (v) => {
        const op = v.operations.find((o) => o.method === 'GET' && o.path.endsWith('{petId}')) as Operation;
        op.observed = {
          count: 40,
          statuses: { '200': 40 },
          withCredentials: 33,
          withoutCredentials: 7,
          successWithoutCredentials: 7,
          schemes: { apiKey: 33 },
        };
      },
    );
    const f = found.find((x) => x.rule === 'auth-drift');
    expect(f?.operation).toBe('GET /v1/pets/{petId}');
    expect(f?.evidence).toContainEqual({ source: 'observed', count: 7, ...SEEN });
  });

  it('undocumented-auth-scheme: traffic authenticates with a scheme the doc lacks', async () => {
    const found = await drift(
      () => {},
      'observed',
      (v) => {
        v.securitySchemes.basicAuth = { type: 'http', scheme: 'basic' };
        const op = v.operations[0] as Operation;
        op.security = [{ basicAuth: [] }];
        op.observed = {
          count: 40,
          statuses: { '200': 40 },
          withCredentials: 40,
          withoutCredentials: 0,
          successWithoutCredentials: 0,
          schemes: { basicAuth: 40 },
        };
      },
    );
    expect(found.map((f) => f.rule)).toEqual(['undocumented-auth-scheme']);
  });

  it('matches code routes under an unresolved prefix by suffix, and ignores HEAD/OPTIONS', async () => {
    const found = await drift(
      () => {},
      'implemented',
      (v) => {
        v.basePath = '';
        for (const op of v.operations) if (op.path === '/pets/{petId}') op.unresolvedPrefix = 'process.env.PREFIX';
        for (const op of v.operations) if (op.path === '/pets') op.path = '/v1/pets';
        v.operations.push({
          method: 'OPTIONS',
          path: '/v1/pets',
          parameters: [],
          responses: [],
          evidence: [{ source: 'implemented', file: 'src/app.ts', line: 3, framework: 'express' }],
        });
      },
    );
    expect(found).toEqual([]);
  });

  it('lines up code that serves the doc paths without the doc base path', async () => {
    const found = await drift(
      () => {},
      'implemented',
      (v) => {
        v.basePath = '';
      },
    );
    expect(found).toEqual([]);
  });
});
