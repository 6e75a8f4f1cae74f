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
  /** Longest one request may take, idle, before it counts as failed and is retried (default 10 s). */
  timeoutMs?: number;
  /** Retries of a batch after a network error, a timeout, a 408, 429 or 5xx answer (default 4). */
  retries?: number;
  /** First wait before a retry, doubled each time up to 10 s; a 429's `Retry-After` is honoured instead (default 500 ms). */
  backoffMs?: number;
  /** Value-free diagnostics. */
  log?: (message: string) => void;
}

/** Answers worth another try: nothing came back, or the server says it is busy or broken for now. */
function retryable(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends shapes in NDJSON batches to a Specwatch ingestion endpoint, one request at a time. A batch whose request
 * fails (network error, timeout, 408/429/5xx) is retried with backoff before it is counted as dropped; a refusal
 * (4xx) drops it at once.
 */
export function createIngestSink(options: IngestSinkOptions): ShapeSink {
  const url = new URL(options.url);
  const transport = url.protocol === 'https:' ? https : http;
  const agent = new transport.Agent({ keepAlive: true, maxSockets: 1 });
  const batchSize = options.batchSize ?? 500;
  const flushMs = options.flushMs ?? 2_000;
  const maxPending = options.maxPending ?? 20;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retries = options.retries ?? 4;
  const backoffMs = options.backoffMs ?? 500;
  const log = options.log ?? (() => undefined);
  let current: string[] = [];
  const pending: string[][] = [];
  let written = 0;
  let dropped = 0;
  let sending: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const post = (body: string): Promise<{ status: number; retryAfter: number }> =>
    new Promise((resolve) => {
      let settled = false;
      const settle = (outcome: { status: number; retryAfter: number }) => {
        if (settled) return;
        settled = true;
        resolve(outcome);
      };
      const failed = () => settle({ status: 0, retryAfter: 1 });
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
          res.on('error', failed);
          res.on('aborted', failed);
          res.on('end', () =>
            settle({ status: res.statusCode ?? 0, retryAfter: Number(res.headers['retry-after'] ?? 1) || 1 }),
          );
        },
      );
      req.on('error', failed);
      // A server that accepts and never answers would hold every later batch: the socket's idle time is bounded.
      req.setTimeout(timeoutMs, () => req.destroy(new Error('timed out')));
      req.end(body);
    });

  const sendAll = async (): Promise<void> => {
    while (pending.length > 0) {
      const batch = pending[0]!;
      const body = batch.join('');
      let outcome = await post(body);
      for (let attempt = 0; retryable(outcome.status) && attempt < retries; attempt += 1) {
        await sleep(
          outcome.status === 429 ? Math.min(outcome.retryAfter, 10) * 1000 : Math.min(backoffMs * 2 ** attempt, 10_000),
        );
        outcome = await post(body);
      }
      pending.shift();
      if (outcome.status >= 200 && outcome.status < 300) {
        written += batch.length;
      } else {
        dropped += batch.length;
        log(
          `ingestion ${outcome.status ? 'refused' : 'did not take'} a batch of ${batch.length} shapes (status ${outcome.status || 'unreachable or timed out'}${retryable(outcome.status) ? `, after ${retries} retries` : ''})`,
        );
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
