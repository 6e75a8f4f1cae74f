import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createIngestHandler, type IngestHandlerOptions } from './ingest-handler.js';

/** Options of {@link startIngestServer}. */
export interface IngestServerOptions extends IngestHandlerOptions {
  port: number;
  /** Interface to listen on; default `127.0.0.1` (expose deliberately, behind TLS). */
  host?: string;
}

/** A running standalone ingestion server. */
export interface IngestServer {
  url: string;
  port: number;
  /** Stops accepting, lets in-flight batches finish, closes. */
  close(): Promise<void>;
}

/** Serves {@link createIngestHandler} on its own (`specwatch serve`), plus `GET /healthz`. */
export async function startIngestServer(options: IngestServerOptions): Promise<IngestServer> {
  const handle = createIngestHandler(options);
  const server = http.createServer({ keepAlive: true }, (req, res) => {
    handle(req, res)
      .then((handled) => {
        if (handled) return;
        if (req.url === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
          res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
        } else {
          res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}\n');
        }
      })
      .catch(() => {
        if (!res.headersSent)
          res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"internal error"}\n');
        else res.destroy();
      });
  });
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 15_000;
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 5_000).unref();
      }),
  };
}
