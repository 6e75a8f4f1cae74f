import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type IngestLogEntry, type IngestServer, startIngestServer } from '../../src/ingest/index.js';
import { readTrafficFiles } from '../../src/sources/traffic/index.js';
import type { Store } from '../../src/store/index.js';
import { BACKENDS, type StoreFixture } from '../store/store-helpers.js';
import { encodeProtobuf } from './otlp-encode.js';

const SSN = '123-45-6789';
const EMAIL = 'jane.roe@example.com';

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const int = (key: string, value: number | string) => ({ key, value: { intValue: value } });

/** An export request as an instrumented service sends it: one service's spans, another service's, a client span. */
function exportRequest(intAsString = false): Record<string, unknown> {
  const n = (v: number) => (intAsString ? String(v) : v);
  return {
    resourceSpans: [
      {
        resource: { attributes: [str('service.name', 'clinic-api')] },
        scopeSpans: [
          {
            scope: { name: '@opentelemetry/instrumentation-http' },
            spans: [
              {
                name: 'GET',
                kind: 2,
                startTimeUnixNano: '1767261600000000000',
                attributes: [
                  str('http.request.method', 'GET'),
                  str('url.path', `/v1/patients/${SSN}`),
                  str('url.query', `email=${EMAIL}&ssn=${SSN}`),
                  str('url.full', `https://api.clinic.example/v1/patients/${SSN}?email=${EMAIL}`),
                  str('url.scheme', 'https'),
                  str('server.address', 'api.clinic.example'),
                  int('server.port', n(443)),
                  int('http.response.status_code', n(200)),
                  int('http.response.body.size', n(512)),
                  str('patient.email', EMAIL),
                  str('enduser.id', EMAIL),
                  str('app.note', `ssn ${SSN}`),
                ],
              },
              {
                name: 'POST',
                kind: 2,
                startTimeUnixNano: '1767261601000000000',
                attributes: [
                  str('http.method', 'POST'),
                  str('http.target', `/v1/patients/42/notes?token=s3cr3t-${SSN}`),
                  str('http.route', '/v1/patients/:patientId/notes'),
                  str('net.host.name', 'api.clinic.example'),
                  int('http.status_code', n(201)),
                  int('http.request_content_length', n(64)),
                ],
              },
              {
                name: 'GET upstream',
                kind: 3,
                attributes: [str('http.request.method', 'GET'), str('url.full', `https://lab.example/${SSN}`)],
              },
            ],
          },
        ],
      },
      {
        resource: { attributes: [str('service.name', 'billing')] },
        scopeSpans: [
          {
            spans: [
              {
                kind: 2,
                attributes: [
                  str('http.request.method', 'GET'),
                  str('http.route', '/invoices'),
                  int('http.response.status_code', n(200)),
                ],
              },
            ],
          },
        ],
      },
    ],
  };
}

describe.each(BACKENDS)('POST /v1/traces (OTLP/HTTP) on $name', ({ available, make }) => {
  let fixture: StoreFixture;
  let store: Store;
  let server: IngestServer;
  let endpoint: string;
  let logs: IngestLogEntry[];
  let token: string;

  beforeEach(async (context) => {
    if (!available) context.skip();
    fixture = await make();
    store = fixture.store;
    logs = [];
    server = await startIngestServer({
      store,
      port: 0,
      maxBodyBytes: 64 * 1024,
      rateLimit: { burst: 20, perSecond: 0.001 },
      serviceNames: (repo) => (repo === 'acme/clinic' ? ['clinic-api'] : undefined),
      log: (entry) => logs.push(entry),
    });
    endpoint = `${server.url}/v1/traces`;
    token = (await store.createToken('acme/clinic', 'otel')).token;
  });
  afterEach(async () => {
    if (!available) return;
    await server.close();
    await fixture.dispose();
  });

  const post = async (body: Buffer | string, headers: Record<string, string>) => {
    const res = await fetch(endpoint, { method: 'POST', body, headers });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type'), text };
  };
  const proto = { authorization: '', 'content-type': 'application/x-protobuf' };
  const withToken = (h: Record<string, string>, t = token) => ({ ...h, authorization: `Bearer ${t}` });

  it('stores the HTTP server spans of the configured service, protobuf and JSON, gzip or not', async () => {
    const reply = await post(encodeProtobuf(exportRequest()), withToken(proto));
    expect(reply).toMatchObject({ status: 200, type: 'application/x-protobuf', text: '' });
    const json = await post(JSON.stringify(exportRequest(true)), withToken({ 'content-type': 'application/json' }));
    expect(json.status).toBe(200);
    expect(JSON.parse(json.text)).toEqual({ repo: 'acme/clinic', exchanges: 4, operations: 2, skipped: 2 });
    const gz = await post(
      gzipSync(encodeProtobuf(exportRequest())),
      withToken({ ...proto, 'content-encoding': 'gzip' }),
    );
    expect(gz.status).toBe(200);
    const rows = await store.listObservations('acme/clinic');
    expect(rows.map((r) => [r.key, r.count])).toEqual([
      ['GET /v1/patients/{}', 3],
      ['POST /v1/patients/{}/notes', 3],
    ]);
    const get = rows[0]?.accumulator as {
      responses: Record<string, unknown>;
      spans: number;
      maxSizes: unknown;
      origins: unknown;
    };
    expect(Object.keys(get.responses)).toEqual(['200']);
    expect(get).toMatchObject({ spans: 3, maxSizes: { response: 512 }, origins: { 'https://api.clinic.example': 3 } });
  });

  it('refuses a wrong token (401), an oversized body (413) and a malformed protobuf (400, with a reason); stores nothing', async () => {
    expect((await post(encodeProtobuf(exportRequest()), withToken(proto, 'swt_wrong'))).status).toBe(401);
    expect((await post(encodeProtobuf(exportRequest()), proto)).status).toBe(401);
    const big = Buffer.alloc(100 * 1024, 0x0a);
    expect((await post(big, withToken(proto))).status).toBe(413);
    const bad = await post(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]), withToken(proto));
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error).toMatch(/^not an OTLP ExportTraceServiceRequest: /);
    const notJson = await post('{"resourceSpans": [', withToken({ 'content-type': 'application/json' }));
    expect(notJson.status).toBe(400);
    expect((await post('x', withToken({ 'content-type': 'text/plain' }))).status).toBe(415);
    expect(await store.listObservations('acme/clinic')).toEqual([]);
    expect(logs.map((l) => l.status)).toEqual([401, 401, 413, 400, 400, 415]);
  });

  it('keeps no query, path value, enduser.* or custom attribute in the store or the log', async () => {
    await post(encodeProtobuf(exportRequest()), withToken(proto));
    await post(JSON.stringify(exportRequest(true)), withToken({ 'content-type': 'application/json' }));
    const dump = await fixture.dumpText();
    for (const text of [dump, JSON.stringify(logs)]) {
      for (const secret of [
        SSN,
        SSN.replaceAll('-', ''),
        EMAIL,
        's3cr3t',
        'patient.email',
        'enduser',
        'app.note',
        'lab.example',
      ])
        expect(text).not.toContain(secret);
    }
    expect(dump).not.toContain('/invoices');
  });
});

describe('OTLP JSON capture files (the Collector file exporter, one export request per line)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sw-otlp-file-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('are read wherever captures are, detected by content, spans of other services left out and said', async () => {
    const file = join(dir, 'traces.json');
    writeFileSync(file, `${JSON.stringify(exportRequest(true))}\n${JSON.stringify(exportRequest())}\n`);
    const surface = await readTrafficFiles([file], { serviceNames: ['clinic-api'] });
    expect(surface.operations.map((op) => [op.method, op.path, op.observed?.statuses, op.observed?.spans])).toEqual([
      ['GET', '/v1/patients/{patientId}', { '200': 2 }, 2],
      ['POST', '/v1/patients/{patientId}/notes', { '201': 2 }, 2],
    ]);
    expect(surface.diagnostics.find((d) => d.code === 'spans-left-out')?.message).toMatch(
      /^4 OpenTelemetry span\(s\) left out: not HTTP server spans, or not of service clinic-api/,
    );
    expect(JSON.stringify(surface)).not.toContain(SSN);
    expect(JSON.stringify(surface)).not.toContain(EMAIL);
  });
});
