import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { patient } from '../ingest/traffic-helpers.js';

/** A small API to proxy: JSON, gzip, streamed, uploads, a websocket-ish echo over Upgrade. */
export interface Upstream {
  url: string;
  /** TCP connections the upstream accepted. */
  connections: number;
  close(): Promise<void>;
}

/** The Date header every response of the test service carries. */
export const UPSTREAM_DATE = 'Tue, 15 Nov 1994 08:12:31 GMT';

export async function startUpstream(): Promise<Upstream> {
  const sockets = new Set<Socket>();
  const state = { connections: 0 };
  const server = http.createServer((req, res) => {
    // A fixed Date, so a test can tell the proxy passed the service's own header through (a clock's Date would
    // differ between a direct and a proxied request whenever they straddle a second).
    res.sendDate = false;
    res.setHeader('Date', UPSTREAM_DATE);
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'GET' && url.pathname.startsWith('/v1/patients/')) {
      const id = Number(url.pathname.split('/')[3]);
      const body = JSON.stringify(patient(id));
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'X-Request-Cost': '3',
        'Set-Cookie': 'sid=abc; HttpOnly',
      });
      res.end(body);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/v1/gzipped') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      res.end(gzipSync(JSON.stringify({ items: [patient(1), patient(2)] })));
      return;
    }
    if (req.method === 'GET' && url.pathname === '/v1/stream') {
      res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
      let i = 0;
      const tick = (): void => {
        if (i === 5) {
          res.end();
          return;
        }
        res.write(`${JSON.stringify({ n: i++ })}\n`);
        setTimeout(tick, 2);
      };
      tick();
      return;
    }
    if (req.method === 'POST' && url.pathname === '/v1/uploads') {
      const hash = createHash('sha256');
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        hash.update(chunk);
      });
      req.on('end', () => {
        res.writeHead(201, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ size, sha256: hash.digest('hex') }));
      });
      return;
    }
    if (req.method === 'POST' && url.pathname.endsWith('/patients')) {
      let text = '';
      req.on('data', (chunk) => {
        text += chunk;
      });
      req.on('end', () => {
        res.writeHead(201, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ id: 77, ...JSON.parse(text) }));
      });
      return;
    }
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end('{"error":"not found"}');
  });
  server.on('connection', (socket) => {
    state.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req, socket, head) => {
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\nX-Echo: yes\r\n\r\n');
    if (head.length > 0) socket.write(head);
    socket.on('data', (chunk) => socket.write(chunk));
    socket.on('error', () => undefined);
    void req;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A full response: status, raw headers minus connection-level ones, body bytes. */
export interface Fetched {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export function fetchRaw(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer | string; agent?: http.Agent } = {},
): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers ?? {}, agent: options.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
