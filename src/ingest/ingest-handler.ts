import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { ShapeAccumulator } from '../sources/traffic/index.js';
import type { Store, TokenRecord } from '../store/index.js';
import { BatchError, type BatchFormat, parseBatch, SHAPES_MEDIA_TYPE } from './parse-batch.js';
import { BodyTooLargeError, readBody } from './read-body.js';
import { storeAccumulators } from './to-deltas.js';
import { DEFAULT_RATE_LIMIT, type RateLimit, TokenBuckets } from './token-bucket.js';

/** The path ingestion is served on. */
export const INGEST_PATH = '/specwatch/ingest';

/** The OTLP/HTTP trace export path (the OpenTelemetry default for `otlphttp` exporters). */
export const OTLP_TRACES_PATH = '/v1/traces';

/** Default largest accepted batch (after decompression): 8 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

/** One value-free log record per request: never a token, header value, URL query or body. */
export interface IngestLogEntry {
  status: number;
  /** Short machine reason: `ok`, `no-token`, `bad-token`, `repo-mismatch`, `rate-limited`, `too-large`, … */
  reason: string;
  repo?: string;
  /** Public id of the token (not secret). */
  tokenId?: string;
  format?: BatchFormat;
  /** Exchanges, shapes or spans read. */
  exchanges?: number;
  operations?: number;
  /** OTLP spans left out (not HTTP server spans, or another service's). */
  skipped?: number;
  bytes?: number;
  /** 1-based line of malformed input. */
  line?: number;
}

/** Options of {@link createIngestHandler}. */
export interface IngestHandlerOptions {
  store: Store;
  /** Path to answer on; default {@link INGEST_PATH}. */
  path?: string;
  /** Path OTLP/HTTP trace exports are answered on; default {@link OTLP_TRACES_PATH}; `false` to not serve it. */
  otlpPath?: string | false;
  /**
   * OTLP: the `service.name`s whose spans are kept for a repo (config `traffic.otel.serviceName`); undefined keeps
   * every service's. The App reads them from the store, where the analysis of the default branch records them.
   */
  serviceNames?: (repo: string) => readonly string[] | undefined | Promise<readonly string[] | undefined>;
  /** Largest batch in bytes; default {@link DEFAULT_MAX_BODY_BYTES}. */
  maxBodyBytes?: number;
  /** Per-token request rate; default {@link DEFAULT_RATE_LIMIT}. */
  rateLimit?: RateLimit;
  /** Secret keying the cardinality sketches (stable per install, so batches from many senders merge well). */
  secret?: string;
  log?: (entry: IngestLogEntry) => void;
}

/**
 * A plain Node handler, as Probot's `addHandler` takes it: resolves true when it answered the request (its path),
 * false to let the next handler try.
 */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** Writes a JSON answer; `Connection: close` when the rest of the request body will not be read. */
function answer(
  res: ServerResponse,
  status: number,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): void {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/**
 * Answers without reading the (rest of the) body: the client is told to close, what it still sends is discarded
 * for a moment (so it can read the answer instead of a reset), then the socket is cut.
 */
function refuseBody(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): void {
  answer(res, status, body, { connection: 'close', ...headers });
  if (!req.complete) {
    req.resume();
    const timer = setTimeout(() => req.socket.destroy(), 2_000);
    timer.unref();
    req.once('end', () => clearTimeout(timer));
  }
}

/**
 * `POST /specwatch/ingest`: accepts a batch of NDJSON exchanges, a HAR document, or NDJSON exchange shapes (from
 * `specwatch record --ingest`); `POST /v1/traces`: an OTLP/HTTP trace export request, protobuf or JSON. Both are
 * authenticated by a per-repo bearer token and share the size and rate limits. Exchanges and spans are reduced to
 * shapes in memory; a batch is written in one transaction, or not at all.
 */
export function createIngestHandler(options: IngestHandlerOptions): NodeHandler {
  const path = options.path ?? INGEST_PATH;
  const otlpPath = options.otlpPath === false ? undefined : (options.otlpPath ?? OTLP_TRACES_PATH);
  const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const buckets = new TokenBuckets(options.rateLimit ?? DEFAULT_RATE_LIMIT);
  const log = options.log ?? (() => undefined);

  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const otlp = otlpPath !== undefined && url.pathname === otlpPath;
    if (url.pathname !== path && !otlp) return false;
    if (req.method !== 'POST') {
      refuseBody(req, res, 405, { error: 'method not allowed: use POST' }, { allow: 'POST' });
      log({ status: 405, reason: 'method' });
      return true;
    }

    const authorization = req.headers.authorization;
    const presented = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
    if (presented === undefined) {
      refuseBody(req, res, 401, { error: 'missing bearer token' }, { 'www-authenticate': 'Bearer realm="specwatch"' });
      log({ status: 401, reason: 'no-token' });
      return true;
    }
    let token: TokenRecord | undefined;
    try {
      token = await options.store.verifyToken(presented);
    } catch {
      refuseBody(req, res, 503, { error: 'store unavailable' });
      log({ status: 503, reason: 'store-error' });
      return true;
    }
    if (token === undefined) {
      refuseBody(
        req,
        res,
        401,
        { error: 'invalid or revoked token' },
        {
          'www-authenticate': 'Bearer realm="specwatch", error="invalid_token"',
        },
      );
      log({ status: 401, reason: 'bad-token' });
      return true;
    }
    const who = { repo: token.repo, tokenId: token.id };

    // The token's repo is authoritative; naming another repo is a mistake or an attempt, never a redirect.
    const named = url.searchParams.get('repo');
    if (named !== null && named !== token.repo) {
      refuseBody(req, res, 403, { error: 'this token may only write to its own repository' });
      log({ status: 403, reason: 'repo-mismatch', ...who });
      return true;
    }

    if (!buckets.take(token.id)) {
      const retryAfter = buckets.retryAfter(token.id);
      refuseBody(req, res, 429, { error: 'rate limit exceeded' }, { 'retry-after': String(retryAfter) });
      log({ status: 429, reason: 'rate-limited', ...who });
      return true;
    }

    const format = otlp ? otlpFormatOf(req.headers['content-type']) : formatOf(req.headers['content-type']);
    if (format === undefined) {
      refuseBody(req, res, 415, {
        error: otlp
          ? 'unsupported content type: send application/x-protobuf or application/json (OTLP/HTTP)'
          : `unsupported content type: send application/x-ndjson (exchanges), application/har+json (HAR) or ${SHAPES_MEDIA_TYPE}`,
      });
      log({ status: 415, reason: 'media-type', ...who });
      return true;
    }
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding !== 'identity' && encoding !== 'gzip') {
      refuseBody(req, res, 415, { error: 'unsupported content encoding: use gzip or none' });
      log({ status: 415, reason: 'encoding', ...who });
      return true;
    }

    let body: Buffer;
    try {
      body = await readBody(req, maxBytes);
      if (encoding === 'gzip') body = gunzipSync(body, { maxOutputLength: maxBytes });
    } catch (error) {
      if (
        error instanceof BodyTooLargeError ||
        (error instanceof RangeError && /maxOutputLength|buffer/i.test(error.message))
      ) {
        refuseBody(req, res, 413, { error: `batch larger than ${maxBytes} bytes` });
        log({ status: 413, reason: 'too-large', ...who });
      } else if (!res.headersSent && !req.destroyed) {
        answer(res, 400, { error: 'unreadable body' });
        log({ status: 400, reason: 'unreadable', ...who });
      }
      return true;
    }

    let accumulators: ShapeAccumulator[];
    let exchanges: number;
    let skipped: number | undefined;
    let serviceNames: readonly string[] | undefined;
    try {
      serviceNames = otlp ? await options.serviceNames?.(token.repo) : undefined;
    } catch {
      answer(res, 503, { error: 'store unavailable' });
      log({ status: 503, reason: 'store-error', ...who });
      return true;
    }
    try {
      ({ accumulators, exchanges, skipped } = await parseBatch(body, format, {
        ...(options.secret === undefined ? {} : { secret: options.secret }),
        ...(serviceNames === undefined ? {} : { serviceNames }),
      }));
    } catch (error) {
      if (error instanceof BatchError) {
        answer(res, 400, { error: error.message, line: error.line });
        log({ status: 400, reason: 'malformed', line: error.line, format, bytes: body.length, ...who });
        return true;
      }
      throw error;
    }

    try {
      await storeAccumulators(options.store, token.repo, accumulators);
    } catch {
      answer(res, 503, { error: 'store unavailable' });
      log({ status: 503, reason: 'store-error', ...who });
      return true;
    }
    const counts = { exchanges, operations: accumulators.length, ...(skipped ? { skipped } : {}) };
    if (format === 'otlp-protobuf') {
      // An empty ExportTraceServiceResponse: full success.
      res.writeHead(200, {
        'content-type': 'application/x-protobuf',
        'content-length': '0',
        'cache-control': 'no-store',
      });
      res.end();
    } else answer(res, 200, { repo: token.repo, ...counts });
    log({ status: 200, reason: 'ok', format, ...counts, bytes: body.length, ...who });
    return true;
  };
}

function formatOf(contentType: string | undefined): BatchFormat | undefined {
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (
    media === SHAPES_MEDIA_TYPE ||
    media === 'application/x-ndjson' ||
    media === 'application/ndjson' ||
    media === 'application/jsonl' ||
    media === 'application/x-jsonlines'
  )
    return 'ndjson';
  if (media === 'application/har+json' || media === 'application/json') return 'har';
  return undefined;
}

function otlpFormatOf(contentType: string | undefined): BatchFormat | undefined {
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (media === 'application/x-protobuf' || media === 'application/protobuf') return 'otlp-protobuf';
  if (media === 'application/json') return 'otlp-json';
  return undefined;
}
