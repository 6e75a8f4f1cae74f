import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import net, { type Socket } from 'node:net';
import tls from 'node:tls';
import type { Exchange } from '../sources/traffic/index.js';
import { BodyTap } from './body-tap.js';
import { decodeBody } from './decode-body.js';
import { endToEndHeaders, pairsOf } from './hop-by-hop.js';

/** Options of {@link startRecordingProxy}. */
export interface RecordingProxyOptions {
  /** Upstream origin, `http://127.0.0.1:3000` (https works too). */
  target: string;
  /** Port to listen on; 0 picks a free one. */
  port: number;
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** Bytes of each body kept for shape inference (default 1 MiB); larger bodies are forwarded but not inferred. */
  captureLimit?: number;
  /**
   * Receives each completed exchange, after the response has been sent. The exchange holds values: the callback
   * must reduce it to a shape and drop it (it is never kept by the proxy).
   */
  onExchange: (exchange: Exchange) => void;
  /** Value-free diagnostics (never a header value, URL or body). */
  log?: (message: string) => void;
}

/** What the proxy did, for the shutdown summary. */
export interface RecordingStats {
  requests: number;
  captured: number;
  /** Bodies larger than the capture limit (forwarded whole, shape not inferred). */
  uncapturedBodies: number;
  upgrades: number;
  upstreamErrors: number;
  bytesIn: number;
  bytesOut: number;
}

/** A running proxy. */
export interface RecordingProxy {
  /** `http://host:port` it listens on. */
  url: string;
  port: number;
  stats: RecordingStats;
  /** Stops accepting, lets in-flight exchanges finish (up to `graceMs`, default 5 s), then closes sockets. */
  close(graceMs?: number): Promise<RecordingStats>;
}

const DEFAULT_CAPTURE_LIMIT = 1024 * 1024;

function headerOf(raw: string[], name: string): string | undefined {
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === name) return raw[i + 1];
  return undefined;
}

/** The body as the traffic reducer wants it: decoded bytes with their media type, or nothing. */
function capturedBody(tap: BodyTap, rawHeaders: string[], limit: number): Exchange['request']['body'] {
  const bytes = tap.bytes();
  if (bytes === undefined || bytes.length === 0) return undefined;
  const mimeType = headerOf(rawHeaders, 'content-type');
  const decoded = decodeBody(bytes, headerOf(rawHeaders, 'content-encoding'), limit);
  if (decoded === undefined) return mimeType === undefined ? undefined : { mimeType };
  return {
    ...(mimeType === undefined ? {} : { mimeType }),
    bytes: new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.length),
  };
}

/** Headers as the reducer should see them once the body has been decoded. */
function decodedHeaders(raw: string[]): Array<{ name: string; value: string }> {
  return pairsOf(raw).filter(({ name }) => {
    const lower = name.toLowerCase();
    return lower !== 'content-encoding' && lower !== 'content-length';
  });
}

/** Serialises a request head exactly as received, for a raw upgrade tunnel. */
function requestHead(req: IncomingMessage): string {
  let head = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`;
  for (let i = 0; i < req.rawHeaders.length; i += 2) head += `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`;
  return `${head}\r\n`;
}

/**
 * Starts a reverse proxy that forwards every request and response unchanged (bodies streamed both ways with
 * backpressure, keep-alive on both sides, `Upgrade` tunnelled as raw bytes) and hands each completed exchange,
 * with a bounded prefix of its bodies, to `onExchange`.
 */
export async function startRecordingProxy(options: RecordingProxyOptions): Promise<RecordingProxy> {
  const target = new URL(options.target);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error('--target must be an http(s) URL');
  const secure = target.protocol === 'https:';
  const targetPort = Number(target.port || (secure ? 443 : 80));
  const targetHost = target.hostname.replace(/^\[|\]$/g, '');
  const limit = options.captureLimit ?? DEFAULT_CAPTURE_LIMIT;
  const log = options.log ?? (() => undefined);
  const transport = secure ? https : http;
  const agent = new transport.Agent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 64 });
  const stats: RecordingStats = {
    requests: 0,
    captured: 0,
    uncapturedBodies: 0,
    upgrades: 0,
    upstreamErrors: 0,
    bytesIn: 0,
    bytesOut: 0,
  };
  let inFlight = 0;
  let closing = false;
  const idleWaiters: Array<() => void> = [];
  const tunnels = new Set<Socket>();

  const settle = (): void => {
    inFlight -= 1;
    if (inFlight === 0) for (const wake of idleWaiters.splice(0)) wake();
  };

  const deliver = (exchange: Exchange): void => {
    try {
      options.onExchange(exchange);
      stats.captured += 1;
    } catch (error) {
      log(`capture failed: ${error instanceof Error ? error.name : 'error'}`);
    }
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    stats.requests += 1;
    inFlight += 1;
    const startedDateTime = new Date().toISOString();
    res.sendDate = false;
    if (closing) res.shouldKeepAlive = false;
    const requestTap = new BodyTap(req, limit);
    const upstream = transport.request({
      host: targetHost,
      port: targetPort,
      method: req.method,
      path: req.url,
      headers: endToEndHeaders(req.rawHeaders),
      agent,
      ...(secure ? { servername: target.hostname } : {}),
    });
    let finished = false;
    const done = (): void => {
      if (finished) return;
      finished = true;
      settle();
    };
    upstream.on('response', (upRes) => {
      const responseTap = new BodyTap(upRes, limit);
      res.writeHead(upRes.statusCode ?? 502, upRes.statusMessage, endToEndHeaders(upRes.rawHeaders));
      upRes.pipe(res);
      upRes.on('error', () => res.destroy());
      res.on('finish', () => {
        stats.bytesIn += requestTap.size;
        stats.bytesOut += responseTap.size;
        if (requestTap.truncated) stats.uncapturedBodies += 1;
        if (responseTap.truncated) stats.uncapturedBodies += 1;
        // Reduction runs after the response has left, so capture never delays the client.
        setImmediate(() => {
          deliver({
            method: req.method ?? 'GET',
            url: req.url ?? '/',
            startedDateTime,
            request: {
              headers: decodedHeaders(req.rawHeaders),
              body: capturedBody(requestTap, req.rawHeaders, limit),
            },
            response: {
              status: upRes.statusCode ?? 0,
              headers: decodedHeaders(upRes.rawHeaders),
              body: capturedBody(responseTap, upRes.rawHeaders, limit),
            },
          });
          done();
        });
      });
      res.on('close', () => {
        if (!res.writableFinished) {
          upRes.destroy();
          done();
        }
      });
    });
    upstream.on('error', () => {
      stats.upstreamErrors += 1;
      log('upstream request failed');
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain', connection: 'close' });
        res.end('specwatch record: upstream unreachable\n');
      } else {
        res.destroy();
      }
      done();
    });
    req.on('aborted', () => upstream.destroy());
    res.on('close', () => {
      if (!res.writableFinished) {
        upstream.destroy();
        done();
      }
    });
    req.pipe(upstream);
  };

  const onUpgrade = (req: IncomingMessage, socket: Socket, head: Buffer): void => {
    stats.upgrades += 1;
    const upstream = secure
      ? tls.connect({ host: targetHost, port: targetPort, servername: target.hostname })
      : net.connect({ host: targetHost, port: targetPort });
    tunnels.add(socket);
    const teardown = (): void => {
      tunnels.delete(socket);
      socket.destroy();
      upstream.destroy();
    };
    upstream.once(secure ? 'secureConnect' : 'connect', () => {
      upstream.write(requestHead(req));
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => {
      stats.upstreamErrors += 1;
      if (socket.writable) socket.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      teardown();
    });
    socket.on('error', teardown);
    socket.on('close', teardown);
    upstream.on('close', () => socket.end());
  };

  const server = http.createServer({ keepAlive: true }, onRequest);
  server.keepAliveTimeout = 5_000;
  server.on('upgrade', onUpgrade);
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as net.AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${hostForUrl}:${address.port}`,
    port: address.port,
    stats,
    close: async (graceMs = 5_000) => {
      closing = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, graceMs);
          idleWaiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      server.closeAllConnections();
      for (const socket of tunnels) socket.destroy();
      agent.destroy();
      await stopped;
      return { ...stats };
    },
  };
}
