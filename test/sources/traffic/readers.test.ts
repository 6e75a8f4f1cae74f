import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  type Exchange,
  type ExchangeShape,
  ndjsonToExchange,
  parseHarText,
  readExchanges,
  readTraffic,
  reduceExchange,
  TrafficParseError,
} from '../../../src/sources/traffic/index.js';

const fixtures = join(fileURLToPath(new URL('.', import.meta.url)), '../../fixtures/traffic');
const fixture = (name: string): string => join(fixtures, name);

async function all(
  input: Parameters<typeof readExchanges>[0],
  options?: Parameters<typeof readExchanges>[1],
): Promise<Exchange[]> {
  const out: Exchange[] = [];
  for await (const e of readExchanges(input, options)) out.push(e);
  return out;
}

function shapes(exchanges: Exchange[]): ExchangeShape[] {
  return exchanges.map((e) => reduceExchange(e)).filter((s): s is ExchangeShape => s !== null);
}

function route(s: ExchangeShape): string {
  return `${s.method} /${s.segments.map((g) => (g.kind === 'static' ? g.text : `{${g.kind}}`) + (g.ext ? `.${g.ext}` : '')).join('/')}`;
}

describe('HAR readers', () => {
  it('reads a Chrome DevTools export and keeps only the API calls', async () => {
    const exchanges = await all(fixture('chrome-devtools.har'));
    expect(exchanges).toHaveLength(8);
    const api = shapes(exchanges);
    // The page load, the script, the image and the CORS preflight are not API operations.
    expect(api.map(route)).toEqual([
      'GET /v1/patients',
      'GET /v1/patients/{int}',
      'POST /v1/patients',
      'DELETE /v1/patients/{int}/notes/{int}',
    ]);
    const list = api[0] as ExchangeShape;
    expect(list.origin).toBe('https://api.clinic.example');
    expect(Object.keys(list.query)).toEqual(['limit']);
    expect(list.requestHeaders).toEqual(['x-clinic-tenant']);
    expect(list.responseHeaders).toEqual(['x-ratelimit-remaining']);
    expect(list.auth).toEqual([{ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }]);
    expect(list.response?.mediaType).toBe('application/json');
    expect(Object.keys(list.response?.json?.properties ?? {})).toEqual(['data', 'next']);
    const created = api[2] as ExchangeShape;
    expect(created.status).toBe(201);
    expect(Object.keys(created.request?.json?.properties ?? {})).toEqual([
      'name',
      'ssn',
      'email',
      'phone',
      'birthDate',
    ]);
    expect(created.responseHeaders).toContain('location');
  });

  it('decodes Charles base64 bodies, including gzip kept as sent on the wire', async () => {
    const api = shapes(await all(fixture('charles.har')));
    expect(api.map(route)).toEqual([
      'GET /v1/appointments',
      'GET /v1/appointments/{uuid}',
      'GET /v1/appointments/{uuid}',
      'GET /v1/reports/{date}.pdf',
    ]);
    const list = api[0] as ExchangeShape;
    const items = list.response?.json?.properties?.appointments?.items;
    expect(Object.keys(items?.properties ?? {})).toEqual(['id', 'patientId', 'start', 'status', 'reason']);
    expect(items?.properties?.start?.formats).toEqual({ 'date-time': 2 });
    expect(list.auth).toEqual([{ type: 'apiKey', in: 'header', name: 'x-api-key' }]);
    const denied = api[2] as ExchangeShape;
    expect(denied.status).toBe(401);
    expect(denied.credentials).toBe(false);
    expect(denied.challenges).toEqual(['bearer']);
    expect(denied.response?.mediaType).toBe('application/problem+json');
    const pdf = api[3] as ExchangeShape;
    expect(pdf.response).toMatchObject({ mediaType: 'application/pdf' });
    expect(pdf.response?.json).toBeUndefined();
  });

  it('reads a gzip-compressed HAR file', async () => {
    const plain = await all(fixture('charles.har'));
    const gz = await all(fixture('charles.har.gz'));
    expect(gz.map((e) => e.url)).toEqual(plain.map((e) => e.url));
  });

  it('reads mitmproxy exports: form bodies, basic auth, FHIR paths, binary content', async () => {
    const api = shapes(await all(fixture('mitmproxy.har')));
    expect(api.map(route)).toEqual([
      'POST /oauth/token',
      'GET /fhir/Patient/{int}/_history/{int}',
      'GET /fhir/Patient/{int}/$everything',
      'GET /health',
    ]);
    const token = api[0] as ExchangeShape;
    expect(token.origin).toBe('http://localhost:3000');
    expect(token.auth).toEqual([{ type: 'http', scheme: 'basic' }]);
    expect(token.request?.mediaType).toBe('application/x-www-form-urlencoded');
    expect(Object.keys(token.request?.form?.properties ?? {})).toEqual(['grant_type', 'username', 'password']);
    expect(token.request?.form?.properties?.username?.kinds).toEqual({ email: 1 });
    const fhir = api[1] as ExchangeShape;
    expect(fhir.response?.mediaType).toBe('application/fhir+json');
    expect(fhir.response?.json?.properties?.identifier?.items?.properties?.value?.kinds).toEqual({ ssn: 1 });
  });

  it('tolerates Postman exports with missing fields', async () => {
    const exchanges = await all(fixture('postman.har'));
    expect(exchanges).toHaveLength(4);
    expect(exchanges[2]?.startedDateTime).toBeUndefined();
    expect(exchanges[3]?.response.status).toBe(0);
    const api = shapes(exchanges);
    expect(api.map(route)).toEqual([
      'PATCH /v1/patients/{int}',
      'GET /v1/patients/search',
      'GET /v1/patients/me',
      'GET /v1/patients/{int}/documents',
    ]);
    expect((api[0] as ExchangeShape).auth).toEqual([{ type: 'apiKey', in: 'cookie', name: 'clinic_session' }]);
    const search = api[1] as ExchangeShape;
    expect(search.auth).toEqual([{ type: 'apiKey', in: 'query', name: 'api_key' }]);
    expect(search.credentialInUrl).toBe(true);
    // The credential is auth, not a parameter; the email parameter is known by name and kind only.
    expect(Object.keys(search.query)).toEqual(['email']);
    expect(search.query.email?.kinds).toEqual({ email: 1 });
    // Without content type, a JSON-looking body is still read.
    expect(Object.keys((api[2] as ExchangeShape).response?.json?.properties ?? {})).toEqual(['id', 'role']);
  });

  it('streams: a HAR fed a few bytes at a time reads the same as the whole file', async () => {
    const bytes = readFileSync(fixture('chrome-devtools.har'));
    const pieces: Buffer[] = [];
    for (let i = 0, step = 1; i < bytes.length; i += step, step = (step % 7) + 1)
      pieces.push(bytes.subarray(i, i + step));
    const streamed = await all(Readable.from(pieces));
    const whole = await all(fixture('chrome-devtools.har'));
    expect(streamed).toEqual(whole);
  });

  it('finds entries whatever comes before them, and names the line of a broken entry', async () => {
    const text =
      '{"log":{"creator":{"name":"x \\"quoted\\" {"},"pages":[{"id":"p"}],"entries":[\n{"request":{"method":"GET","url":"/a"},"response":{"status":200}},\n{"request":{"method":"GET","url":"/b"},"response":{"status":200},}\n]}}';
    const problems: TrafficParseError[] = [];
    const exchanges = await all({ text }, { onInvalid: (e) => problems.push(e) });
    expect(exchanges.map((e) => e.url)).toEqual(['/a']);
    expect(problems.map((p) => p.line)).toEqual([3]);
    await expect(all({ text })).rejects.toThrow(/line 3/);
    expect(() => parseHarText('{"log": {"version": "1.2"}}')).toThrow(TrafficParseError);
  });
});

describe('NDJSON reader', () => {
  it('reads the exchange format with object or array headers and value, text or base64 bodies', async () => {
    const exchanges = await all(fixture('capture.ndjson'));
    expect(exchanges).toHaveLength(4);
    const api = shapes(exchanges);
    expect(api.map(route)).toEqual(['GET /v1/patients/{int}', 'PUT /v1/patients/{int}', 'GET /v1/patients/{int}']);
    expect(api[0]?.origin).toBeUndefined();
    expect(api[0]?.time).toBe('2024-05-06T09:00:00.000Z');
    expect(Object.keys(api[1]?.request?.json?.properties ?? {})).toEqual(['email']);
    expect(api[1]?.response?.json?.properties?.ssn?.kinds).toEqual({ ssn: 1 });
    expect(api[2]?.credentials).toBe(false);
  });

  it('names the line of a malformed record and never echoes its content', async () => {
    const text = '{"method":"GET","url":"/a","status":200}\n\n{"method":"GET","url":"/b","status":200\n{"url":"/c"}\n';
    const problems: string[] = [];
    const exchanges = await all({ text }, { onInvalid: (e) => problems.push(`${e.line}: ${e.message}`) });
    expect(exchanges.map((e) => e.url)).toEqual(['/a']);
    expect(problems).toEqual([
      '3: line 3 is not valid JSON',
      '4: line 4 is not an exchange (method and url are required)',
    ]);
  });

  it('reads lines that span many chunks, with or without a final newline', async () => {
    const big = {
      method: 'POST',
      url: '/v1/uploads',
      status: 201,
      request: { body: { items: Array.from({ length: 4000 }, (_, i) => ({ n: i, note: 'x'.repeat(40) })) } },
    };
    const text = `${JSON.stringify(big)}\r\n${JSON.stringify({ method: 'GET', url: '/v1/uploads', status: 200 })}`;
    const bytes = Buffer.from(text);
    const pieces: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 1000) pieces.push(bytes.subarray(i, i + 1000));
    const exchanges = await all(Readable.from(pieces), { format: 'ndjson' });
    expect(exchanges.map((e) => `${e.method} ${e.url}`)).toEqual(['POST /v1/uploads', 'GET /v1/uploads']);
    const shape = reduceExchange(exchanges[0] as Exchange) as ExchangeShape;
    expect(shape.request?.json?.properties?.items?.itemCount).toEqual([4000, 4000]);
    expect(shape.request?.json?.properties?.items?.truncated).toBe(true);
  });

  it('accepts HAR entries and already-reduced shapes as lines', async () => {
    const shape = reduceExchange({
      method: 'GET',
      url: '/x/1',
      request: { headers: [] },
      response: { status: 200, headers: [] },
    });
    const text = `${JSON.stringify({ request: { method: 'GET', url: '/y' }, response: { status: 204 } })}\n${JSON.stringify(shape)}\n`;
    const records = [];
    for await (const r of readTraffic({ text })) records.push(r);
    expect(records.map((r) => ('exchange' in r ? r.exchange.url : 'shape'))).toEqual(['/y', 'shape']);
    expect(ndjsonToExchange({ nothing: true })).toBeUndefined();
  });

  it('sniffs the format of a stream without a file name', async () => {
    const ndjson = await all(Readable.from([readFileSync(fixture('capture.ndjson'))]));
    expect(ndjson).toHaveLength(4);
    const har = await all(Readable.from([readFileSync(fixture('postman.har'))]));
    expect(har).toHaveLength(4);
  });
});
