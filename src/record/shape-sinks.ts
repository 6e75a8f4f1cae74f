import { createWriteStream, type WriteStream } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { SHAPES_MEDIA_TYPE } from '../ingest/index.js';
import type { ExchangeShape } from '../sources/traffic/index.js';

/** Where captured shapes go. */
export interface ShapeSink {
  write(shape: ExchangeShape): void;
  /** Flushes what is pending and releases resources. */
  close(): Promise<ShapeSinkSummary>;
}

/** What a sink delivered. */
export interface ShapeSinkSummary {
  written: number;
  /** Shapes that could not be delivered (ingestion refused or unreachable, queue full). */
  dropped: number;
  /** Where they went, for the summary line (never a token). */
  destination: string;
}

/** Appends one JSON line per shape to a file. */
export function createFileSink(path: string): ShapeSink {
  const stream: WriteStream = createWriteStream(path, { flags: 'a' });
  let written = 0;
  let failed: Error | undefined;
  stream.on('error', (error) => {
    failed = error;
  });
  return {
    write(shape) {
      if (failed) return;
      stream.write(`${JSON.stringify(shape)}\n`);
      written += 1;
    },
    close: () =>
      new Promise((resolve, reject) => {
        stream.end(() => (failed ? reject(failed) : resolve({ written, dropped: 0, destination: path })));
      }),
  };
}

/** Options of {@link createIngestSink}. */
export interface IngestSinkOptions {
  /** The ingestion endpoint, `https://specwatch.example.com/specwatch/ingest`. */
  url: string;
  /** `swt_…` bearer token. */
  token: string;
  /** Shapes per batch (default 500). */
  batchSize?: number;
  /** Longest a shape waits before its batch is sent (default 2 s). */
  flushMs?: number;
  /** Batches waiting to be sent before new shapes are dropped (default 20): memory stays bounded. */
  maxPending?: number;
  /** Value-free diagnostics. */
  log?: (message: string) => void;
}

/** Sends shapes in NDJSON batches to a Specwatch ingestion endpoint, one request at a time, honouring 429. */
export function createIngestSink(options: IngestSinkOptions): ShapeSink {
  const url = new URL(options.url);
  const transport = url.protocol === 'https:' ? https : http;
  const agent = new transport.Agent({ keepAlive: true, maxSockets: 1 });
  const batchSize = options.batchSize ?? 500;
  const flushMs = options.flushMs ?? 2_000;
  const maxPending = options.maxPending ?? 20;
  const log = options.log ?? (() => undefined);
  let current: string[] = [];
  const pending: string[][] = [];
  let written = 0;
  let dropped = 0;
  let sending: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const post = (body: string): Promise<{ status: number; retryAfter: number }> =>
    new Promise((resolve) => {
      const req = transport.request(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            authorization: `Bearer ${options.token}`,
            'content-type': SHAPES_MEDIA_TYPE,
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, retryAfter: Number(res.headers['retry-after'] ?? 1) || 1 }),
          );
        },
      );
      req.on('error', () => resolve({ status: 0, retryAfter: 1 }));
      req.end(body);
    });

  const sendAll = async (): Promise<void> => {
    while (pending.length > 0) {
      const batch = pending[0]!;
      let outcome = await post(batch.join(''));
      for (let attempt = 0; outcome.status === 429 && attempt < 3; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(outcome.retryAfter, 10) * 1000));
        outcome = await post(batch.join(''));
      }
      pending.shift();
      if (outcome.status >= 200 && outcome.status < 300) {
        written += batch.length;
      } else {
        dropped += batch.length;
        log(`ingestion refused a batch of ${batch.length} shapes (status ${outcome.status || 'unreachable'})`);
      }
    }
  };

  const kick = (): void => {
    if (sending === undefined) {
      sending = sendAll().finally(() => {
        sending = undefined;
        if (pending.length > 0) kick();
      });
    }
  };

  const seal = (): void => {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (current.length === 0) return;
    if (pending.length >= maxPending) {
      dropped += current.length;
    } else {
      pending.push(current);
    }
    current = [];
    kick();
  };

  return {
    write(shape) {
      current.push(`${JSON.stringify(shape)}\n`);
      if (current.length >= batchSize) seal();
      else timer ??= setTimeout(seal, flushMs);
    },
    async close() {
      seal();
      while (sending !== undefined) await sending;
      agent.destroy();
      return { written, dropped, destination: url.origin + url.pathname };
    },
  };
}
