import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type IngestLogEntry,
  type IngestServer,
  SHAPES_MEDIA_TYPE,
  startIngestServer,
} from '../../src/ingest/index.js';
import { reduceExchange } from '../../src/sources/traffic/index.js';
import type { Store } from '../../src/store/index.js';
import { BACKENDS, type StoreFixture } from '../store/store-helpers.js';
import { exchangeLine, harDocument, leakedSecrets, ndjsonBatch } from './traffic-helpers.js';

const NDJSON = 'application/x-ndjson';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** One request on a fresh connection; the body may be a stream of chunks (no Content-Length). */
function send(
  url: string,
  options: { headers?: Record<string, string>; body?: string | Buffer; chunks?: Buffer[]; method?: string },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: options.method ?? 'POST', headers: options.headers ?? {}, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : {} }),
        );
      },
    );
    req.on('error', reject);
    if (options.chunks) {
      // Written one by one, so the server sees a stream it must stop reading.
      let i = 0;
      const next = (): void => {
        while (i < options.chunks!.length) {
          const ok = req.write(options.chunks![i++]);
          if (!ok) {
            req.once('drain', next);
            return;
          }
        }
        req.end();
      };
      req.on('error', () => undefined);
      next();
    } else {
      req.end(options.body);
    }
  });
}

describe.each(BACKENDS)('POST /specwatch/ingest on $name', ({ available, make }) => {
  let fixture: StoreFixture;
  let store: Store;
  let server: IngestServer;
  let endpoint: string;
  let logs: IngestLogEntry[];
  let token: string;
  let otherToken: string;

  beforeEach(async (context) => {
    if (!available) context.skip();
    fixture = await make();
    store = fixture.store;
    logs = [];
    server = await startIngestServer({
      store,
      port: 0,
      maxBodyBytes: 64 * 1024,
      rateLimit: { burst: 5, perSecond: 0.001 },
      log: (entry) => logs.push(entry),
    });
    endpoint = `${server.url}/specwatch/ingest`;
    token = (await store.createToken('acme/clinic', 'ci')).token;
    otherToken = (await store.createToken('acme/billing', 'ci')).token;
  });
  afterEach(async () => {
    if (!available) return;
    await server.close();
    await fixture.dispose();
  });

  const auth = (t: string, type = NDJSON): Record<string, string> => ({
    authorization: `Bearer ${t}`,
    'content-type': type,
  });
  const stored = async (repo = 'acme/clinic'): Promise<number> => (await store.listObservations(repo)).length;

  it('stores the shapes of an NDJSON batch under the token’s repo', async () => {
    const reply = await send(endpoint, { headers: auth(token), body: ndjsonBatch(9) });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ repo: 'acme/clinic', exchanges: 9, operations: 2 });
    const observations = await store.listObservations('acme/clinic');
    expect(observations.map((o) => [o.key, o.count])).toEqual([
      ['GET /v1/patients/{}', 6],
      ['POST /v1/users/{}/patients', 3],
    ]);
    expect(await stored('acme/billing')).toBe(0);
  });

  it('merges later batches into the same operations', async () => {
    await send(endpoint, { headers: auth(token), body: ndjsonBatch(3) });
    await send(endpoint, { headers: auth(token), body: ndjsonBatch(3) });
    const observations = await store.listObservations('acme/clinic');
    expect(observations.map((o) => o.count)).toEqual([4, 2]);
  });

  it('accepts a HAR document, gzip-compressed batches and shape batches from the recording proxy', async () => {
    expect((await send(endpoint, { headers: auth(token, 'application/har+json'), body: harDocument(3) })).status).toBe(
      200,
    );
    const gz = await send(endpoint, {
      headers: { ...auth(token), 'content-encoding': 'gzip' },
      body: gzipSync(ndjsonBatch(3)),
    });
    expect(gz.status).toBe(200);
    const shapes = [0, 1, 3].map((i) => JSON.stringify(reduceExchange(toExchange(i)))).join('\n');
    const shaped = await send(endpoint, { headers: auth(token, SHAPES_MEDIA_TYPE), body: shapes });
    expect(shaped.status).toBe(200);
    expect(shaped.body).toMatchObject({ exchanges: 3 });
    const get = (await store.listObservations('acme/clinic')).find((o) => o.key.startsWith('GET'));
    expect(get?.count).toBe(2 + 2 + 3);
  });

  describe('refuses, and stores nothing', () => {
    afterEach(async () => {
      if (!available) return;
      expect(await stored()).toBe(0);
      expect(await stored('acme/billing')).toBe(0);
    });

    it('401 without a token', async () => {
      const reply = await send(endpoint, { headers: { 'content-type': NDJSON }, body: ndjsonBatch(3) });
      expect(reply.status).toBe(401);
      expect(reply.headers['www-authenticate']).toMatch(/^Bearer/);
      const basic = await send(endpoint, {
        headers: { ...auth(token), authorization: 'Basic dXNlcjpwYXNz' },
        body: ndjsonBatch(3),
      });
      expect(basic.status).toBe(401);
    });

    it('401 with a wrong, malformed or revoked token', async () => {
      const wrong = `${token.slice(0, -4)}AAAA`;
      expect((await send(endpoint, { headers: auth(wrong), body: ndjsonBatch(3) })).status).toBe(401);
      expect((await send(endpoint, { headers: auth('swt_garbage'), body: ndjsonBatch(3) })).status).toBe(401);
      await store.revokeToken('acme/clinic', 'ci');
      expect((await send(endpoint, { headers: auth(token), body: ndjsonBatch(3) })).status).toBe(401);
    });

    it("403 when a token names another repo: a token for acme/billing can't write to acme/clinic", async () => {
      const reply = await send(`${endpoint}?repo=acme/clinic`, { headers: auth(otherToken), body: ndjsonBatch(3) });
      expect(reply.status).toBe(403);
      expect(reply.body.error).toMatch(/its own repository/);
    });

    it('413 over the size limit, declared or streamed, without reading the rest', async () => {
      const declared = await send(endpoint, { headers: auth(token), body: Buffer.alloc(65 * 1024, 0x20) });
      expect(declared.status).toBe(413);
      const line = Buffer.from(`${JSON.stringify(exchangeLine(1))}\n`);
      const streamed = await send(endpoint, { headers: auth(token), chunks: Array.from({ length: 200 }, () => line) });
      expect(streamed.status).toBe(413);
      const bomb = await send(endpoint, {
        headers: { ...auth(token), 'content-encoding': 'gzip' },
        body: gzipSync(Buffer.alloc(4 * 1024 * 1024, 0x20)),
      });
      expect(bomb.status).toBe(413);
    });

    it('400 naming the malformed line, for the whole batch', async () => {
      const lines = ndjsonBatch(4).trimEnd().split('\n');
      lines.splice(2, 0, '{"method":"GET","url":"/patients/1", oops}');
      const reply = await send(endpoint, { headers: auth(token), body: lines.join('\n') });
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ line: 3 });
      expect(String(reply.body.error)).toMatch(/line 3/);
      const notExchange = await send(endpoint, { headers: auth(token), body: `${lines[0]}\n{"hello":"world"}\n` });
      expect(notExchange).toMatchObject({ status: 400, body: { line: 2 } });
      const badShape = await send(endpoint, {
        headers: auth(token, SHAPES_MEDIA_TYPE),
        body: '{"shape":1,"method":"GET","segments":[{"kind":"static","text":{"x":1}}],"query":{},"requestHeaders":[],"responseHeaders":[],"auth":[],"credentials":false,"status":200,"time":"2024-01-01T00:00:00Z"}\n',
      });
      expect(badShape).toMatchObject({ status: 400, body: { line: 1 } });
      const badHar = await send(endpoint, {
        headers: auth(token, 'application/har+json'),
        body: '{"log":{"entries":[{"request":',
      });
      expect(badHar.status).toBe(400);
    });

    it('415 for other content types', async () => {
      const reply = await send(endpoint, { headers: auth(token, 'text/plain'), body: ndjsonBatch(1) });
      expect(reply.status).toBe(415);
    });

    it('429 once a token floods past its burst, with Retry-After; other tokens are unaffected', async () => {
      await store.revokeToken('acme/clinic', 'ci');
      const flooder = (await store.createToken('acme/clinic', 'flood')).token;
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++)
        statuses.push((await send(endpoint, { headers: auth(flooder, 'text/plain'), body: 'x' })).status);
      expect(statuses.slice(0, 5)).toEqual([415, 415, 415, 415, 415]);
      expect(statuses.slice(5)).toEqual([429, 429, 429]);
      const limited = await send(endpoint, { headers: auth(flooder), body: ndjsonBatch(3) });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect((await send(endpoint, { headers: auth(otherToken, 'text/plain'), body: 'x' })).status).toBe(415);
    });
  });

  it('answers 405 to other methods and leaves other paths to the next handler', async () => {
    expect((await send(endpoint, { method: 'GET' })).status).toBe(405);
    expect((await send(`${server.url}/elsewhere`, { method: 'GET' })).status).toBe(404);
  });

  it('logs outcomes without tokens or values', async () => {
    await send(endpoint, { headers: auth(token), body: ndjsonBatch(6) });
    await send(endpoint, { headers: auth(`${token}x`), body: ndjsonBatch(2) });
    const text = JSON.stringify(logs);
    expect(logs.map((l) => l.status)).toEqual([200, 401]);
    expect(text).not.toContain(token.slice(4));
    expect(leakedSecrets(text)).toEqual([]);
  });
});

/** The NDJSON exchange `exchangeLine(i)` as the reader would produce it. */
function toExchange(i: number) {
  const line = exchangeLine(i) as {
    time: string;
    method: string;
    url: string;
    status: number;
    request: { headers: Record<string, string> };
    response: { headers: Record<string, string>; body: unknown };
  };
  return {
    method: line.method,
    url: line.url,
    startedDateTime: line.time,
    request: { headers: Object.entries(line.request.headers).map(([name, value]) => ({ name, value })) },
    response: {
      status: line.status,
      headers: Object.entries(line.response.headers).map(([name, value]) => ({ name, value })),
      body: { mimeType: 'application/json', value: line.response.body },
    },
  };
}
