import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RecordingProxy, startRecordingProxy } from '../../src/record/index.js';
import { type Exchange, type ExchangeShape, reduceExchange } from '../../src/sources/traffic/index.js';
import { leakedSecrets, SECRETS } from '../ingest/traffic-helpers.js';
import { fetchRaw, startUpstream, UPSTREAM_DATE, type Upstream } from './upstream.js';

describe('recording proxy', () => {
  let upstream: Upstream;
  let proxy: RecordingProxy;
  let shapes: ExchangeShape[];
  let exchanges: number;
  let logs: string[];

  beforeEach(async () => {
    upstream = await startUpstream();
    shapes = [];
    exchanges = 0;
    logs = [];
    proxy = await startRecordingProxy({
      target: upstream.url,
      port: 0,
      captureLimit: 64 * 1024,
      onExchange: (exchange: Exchange) => {
        exchanges += 1;
        const shape = reduceExchange(exchange);
        if (shape !== null) shapes.push(JSON.parse(JSON.stringify(shape)));
      },
      log: (message) => logs.push(message),
    });
  });
  afterEach(async () => {
    await proxy.close(1_000);
    await upstream.close();
  });

  /** Waits until the proxy has handed `n` exchanges over (capture runs after the response is sent). */
  const captured = async (n: number): Promise<void> => {
    for (let i = 0; i < 200 && exchanges < n; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  };

  it('returns byte-for-byte what the service returns, headers included', async () => {
    for (const path of ['/v1/patients/1001', '/v1/gzipped', '/v1/stream', '/v1/nothing-here']) {
      const direct = await fetchRaw(upstream.url + path);
      const proxied = await fetchRaw(proxy.url + path);
      expect(proxied.status).toBe(direct.status);
      expect(proxied.body.equals(direct.body)).toBe(true);
      for (const name of [
        'content-type',
        'content-encoding',
        'set-cookie',
        'x-request-cost',
        'content-length',
        'date',
      ]) {
        expect(proxied.headers[name], `${path} ${name}`).toEqual(direct.headers[name]);
      }
      expect(proxied.headers.date, `${path} date`).toBe(UPSTREAM_DATE);
    }
  });

  it('streams a large upload through unchanged and keeps its shape out of memory', async () => {
    const payload = randomBytes(24 * 1024 * 1024);
    const reply = await fetchRaw(`${proxy.url}/v1/uploads`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: payload,
    });
    expect(reply.status).toBe(201);
    expect(JSON.parse(reply.body.toString())).toEqual({
      size: payload.length,
      sha256: createHash('sha256').update(payload).digest('hex'),
    });
    await captured(1);
    expect(proxy.stats.uncapturedBodies).toBe(1);
    expect(proxy.stats.bytesIn).toBe(payload.length);
  });

  it('keeps client connections alive across requests', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const sockets = new Set<unknown>();
    for (let i = 0; i < 10; i++) {
      await new Promise<void>((resolve, reject) => {
        const req = http.get(`${proxy.url}/v1/patients/${1000 + i}`, { agent }, (res) => {
          sockets.add(res.socket);
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', reject);
      });
    }
    agent.destroy();
    expect(sockets.size).toBe(1);
    expect(upstream.connections).toBeLessThanOrEqual(2);
  });

  it('tunnels an Upgrade (websocket) connection as raw bytes', async () => {
    const echoed = await new Promise<{ status: number; header: string | undefined; data: string }>(
      (resolve, reject) => {
        const req = http.request(`${proxy.url}/v1/live`, {
          headers: { Connection: 'Upgrade', Upgrade: 'echo' },
          agent: false,
        });
        req.on('upgrade', (res, socket) => {
          socket.write('ping-1');
          socket.once('data', (chunk: Buffer) => {
            resolve({
              status: res.statusCode ?? 0,
              header: res.headers['x-echo'] as string | undefined,
              data: chunk.toString(),
            });
            socket.destroy();
          });
        });
        req.on('error', reject);
        req.end();
      },
    );
    expect(echoed).toEqual({ status: 101, header: 'yes', data: 'ping-1' });
    expect(proxy.stats.upgrades).toBe(1);
  });

  it('captures shapes of what went through, without values', async () => {
    await fetchRaw(`${proxy.url}/v1/patients/1001?email=${encodeURIComponent(SECRETS.emails[0])}`, {
      headers: { authorization: `Bearer ${SECRETS.tokens[0]}` },
    });
    await fetchRaw(`${proxy.url}/v1/patients/1002`);
    await fetchRaw(`${proxy.url}/v1/gzipped`);
    await fetchRaw(`${proxy.url}/v1/clinics/3/patients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fullName: 'Maria Gonzalez', ssn: SECRETS.ssns[0], phone: SECRETS.phones[0] }),
    });
    await captured(4);
    expect(shapes).toHaveLength(4);
    const get = shapes[0]!;
    expect(get).toMatchObject({ method: 'GET', status: 200, credentials: true });
    expect(get.segments.map((s) => s.kind)).toEqual(['static', 'static', 'int']);
    expect(Object.keys(get.response?.json?.properties ?? {})).toEqual(
      expect.arrayContaining(['ssn', 'email', 'phone', 'name']),
    );
    expect(shapes[2]?.response?.json?.properties?.items).toBeDefined();
    expect(shapes[3]?.request?.json?.properties?.ssn?.kinds?.ssn).toBe(1);
    expect(leakedSecrets(JSON.stringify(shapes))).toEqual([]);
    expect(leakedSecrets(logs.join('\n'))).toEqual([]);
  });

  it('answers 502 when the service is down, and keeps running', async () => {
    await upstream.close();
    const reply = await fetchRaw(`${proxy.url}/v1/patients/1`);
    expect(reply.status).toBe(502);
    expect(proxy.stats.upstreamErrors).toBe(1);
  });

  it('finishes in-flight exchanges on close and reports what it did', async () => {
    const slow = fetchRaw(`${proxy.url}/v1/stream`);
    await new Promise((resolve) => setTimeout(resolve, 3));
    const stats = await proxy.close(2_000);
    const reply = await slow;
    expect(reply.status).toBe(200);
    expect(reply.body.toString().trim().split('\n')).toHaveLength(5);
    expect(stats.requests).toBe(1);
  });
});
