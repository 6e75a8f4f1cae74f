import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createIngestSink } from '../../src/record/index.js';
import type { ExchangeShape } from '../../src/sources/traffic/index.js';

/** An ingestion endpoint whose answer to each request is decided by the test, in order; it records the bodies. */
async function endpoint(
  answers: ((req: IncomingMessage, res: ServerResponse) => void)[],
): Promise<{ url: string; bodies: string[]; server: Server }> {
  const bodies: string[] = [];
  let n = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const answer = answers[Math.min(n++, answers.length - 1)]!;
      if (res.writableEnded) return;
      bodies.push(body);
      answer(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/specwatch/ingest`, bodies, server };
}

const ok = (_req: IncomingMessage, res: ServerResponse) => res.writeHead(202).end();
const reset = (req: IncomingMessage) => req.socket.destroy();
const stall = () => undefined;
const unavailable = (_req: IncomingMessage, res: ServerResponse) => res.writeHead(503).end();
const shapes = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ method: 'GET', path: `/pets/${i}` }) as unknown as ExchangeShape);

describe('the ingest sink of specwatch record', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  });

  it('retries a batch after a network error and a 503 instead of dropping it', async () => {
    const target = await endpoint([reset, unavailable, ok]);
    server = target.server;
    const sink = createIngestSink({ url: target.url, token: 'swt_x', batchSize: 3, backoffMs: 10 });
    for (const s of shapes(3)) sink.write(s);
    const summary = await sink.close();
    expect(summary).toMatchObject({ written: 3, dropped: 0 });
    expect(target.bodies.at(-1)?.trim().split('\n')).toHaveLength(3);
  });

  it('gives up on a server that never answers after its timeout and retries, and says so', async () => {
    const target = await endpoint([stall]);
    server = target.server;
    const logs: string[] = [];
    const sink = createIngestSink({
      url: target.url,
      token: 'swt_x',
      batchSize: 2,
      timeoutMs: 100,
      retries: 2,
      backoffMs: 10,
      log: (m) => logs.push(m),
    });
    for (const s of shapes(2)) sink.write(s);
    expect(await sink.close()).toMatchObject({ written: 0, dropped: 2 });
    expect(target.bodies).toHaveLength(3);
    expect(logs).toEqual([
      'ingestion did not take a batch of 2 shapes (status unreachable or timed out, after 2 retries)',
    ]);
  });

  it('drops a refused batch at once (a 401 is not retried)', async () => {
    const target = await endpoint([(_req, res) => res.writeHead(401).end()]);
    server = target.server;
    const sink = createIngestSink({ url: target.url, token: 'swt_x', batchSize: 1, backoffMs: 10 });
    sink.write(shapes(1)[0]!);
    expect(await sink.close()).toMatchObject({ written: 0, dropped: 1 });
    expect(target.bodies).toHaveLength(1);
  });
});
