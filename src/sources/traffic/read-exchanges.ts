import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, gunzipSync } from 'node:zlib';
import type { Exchange } from './exchange.js';
import type { ExchangeShape } from './exchange-shape.js';
import { harEntryToExchange } from './har-entry.js';
import { HarEntryScanner, TrafficParseError } from './har-scanner.js';
import { ndjsonToExchange } from './ndjson-exchange.js';
import { isOtlpTraceRequest, readServerSpans, type SpanFacts } from './otlp/server-spans.js';
import { isExchangeShape } from './reduce-exchange.js';

export { TrafficParseError };

/**
 * Capture formats: HAR 1.2, or NDJSON (one exchange, one already-reduced shape, or one OTLP JSON trace export
 * request — the OpenTelemetry Collector file exporter's output — per line).
 */
export type TrafficFormat = 'har' | 'ndjson';

/** A capture: a file path, a stream, bytes, or text held in memory. Gzip'd input is detected and decompressed. */
export type TrafficInput = string | Readable | Uint8Array | { text: string };

/** Options of {@link readTraffic} and {@link readExchanges}. */
export interface ReadOptions {
  /** Default: from the file extension (`.har`, `.ndjson`, `.jsonl`, optionally `.gz`), else sniffed. */
  format?: TrafficFormat;
  /** OTLP spans: only these `service.name`s are read (default: every service); others are counted in `onSkipped`. */
  serviceNames?: readonly string[];
  /** Called with the number of OTLP spans left out of a line: not HTTP server spans, or another service's. */
  onSkippedSpans?: (count: number, line: number) => void;
  /**
   * Called for a malformed entry or line, which is then skipped. Without it the first one throws
   * {@link TrafficParseError}. Messages name the line, never the content.
   */
  onInvalid?: (error: TrafficParseError) => void;
  /**
   * Most bytes one capture may decompress to (default {@link MAX_CAPTURE_BYTES}): a small gzip can expand to
   * gigabytes, so the bound holds while inflating, not after.
   */
  maxBytes?: number;
}

/** Default bound on one capture's decompressed size. */
export const MAX_CAPTURE_BYTES = 2 * 1024 * 1024 * 1024;

/**
 * One item of a capture with the 1-based line it starts on: an exchange, a shape from a `record --out` file, or the
 * facts of one HTTP server span of an OTLP JSON line.
 */
export type TrafficRecord =
  | { exchange: Exchange; line: number }
  | { shape: ExchangeShape; line: number }
  | { span: SpanFacts; line: number };

const CHUNK = 1 << 20;
/** Longest NDJSON line or HAR entry read, in characters. */
export const MAX_RECORD = 256 * 1024 * 1024;

function formatFromPath(path: string): TrafficFormat | undefined {
  const p = path.toLowerCase().replace(/\.gz$/, '');
  if (p.endsWith('.har')) return 'har';
  if (p.endsWith('.ndjson') || p.endsWith('.jsonl')) return 'ndjson';
  return undefined;
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

async function* bytesOf(input: TrafficInput, maxBytes: number): AsyncGenerator<Uint8Array> {
  if (typeof input === 'string') {
    yield* readableBytes(createReadStream(input, { highWaterMark: CHUNK }), maxBytes);
  } else if (input instanceof Uint8Array) {
    if (!isGzip(input)) yield input;
    else {
      try {
        yield gunzipSync(input, { maxOutputLength: maxBytes });
      } catch (error) {
        throw inflateError(error, maxBytes);
      }
    }
  } else if ('text' in input && typeof input.text === 'string') {
    // Text in memory is handed over in slices so the scanner's behaviour matches the streaming path.
    for (let i = 0; i < input.text.length; i += CHUNK) yield Buffer.from(input.text.slice(i, i + CHUNK));
  } else {
    yield* readableBytes(input as Readable, maxBytes);
  }
}

/** A gzip that would inflate past the bound, or that is corrupt, as a fatal capture error. */
function inflateError(error: unknown, maxBytes: number): TrafficParseError {
  const code = (error as { code?: string }).code;
  const over = code === 'ERR_BUFFER_TOO_LARGE' || code === 'ERR_OUT_OF_RANGE';
  const message = over
    ? `the capture inflates past the ${maxBytes}-byte limit`
    : `the gzip data is corrupt: ${error instanceof Error ? error.message : String(error)}`;
  return new TrafficParseError(message, undefined, true, over);
}

async function* readableBytes(stream: Readable, maxBytes: number): AsyncGenerator<Uint8Array> {
  let source: AsyncIterable<unknown> = stream;
  const iterator = stream[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  const head = toBytes(first.value);
  if (isGzip(head)) {
    const gunzip = createGunzip();
    const feed = async (): Promise<void> => {
      try {
        gunzip.write(head);
        for (let r = await iterator.next(); !r.done; r = await iterator.next()) {
          if (!gunzip.write(toBytes(r.value))) await new Promise((resolve) => gunzip.once('drain', resolve));
        }
        gunzip.end();
      } catch (error) {
        gunzip.destroy(error as Error);
      }
    };
    void feed();
    source = gunzip;
    let total = 0;
    try {
      for await (const chunk of source) {
        const bytes = toBytes(chunk);
        total += bytes.byteLength;
        if (total > maxBytes) throw new RangeError('over');
        yield bytes;
      }
    } catch (error) {
      gunzip.destroy();
      stream.destroy();
      throw inflateError(error instanceof RangeError ? { code: 'ERR_OUT_OF_RANGE' } : error, maxBytes);
    }
    return;
  }
  yield head;
  for (let r = await iterator.next(); !r.done; r = await iterator.next()) yield toBytes(r.value);
}

function toBytes(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v;
  return Buffer.from(String(v));
}

async function* textOf(input: TrafficInput, maxBytes: number): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let first = true;
  for await (const bytes of bytesOf(input, maxBytes)) {
    let text = decoder.write(bytes as Buffer);
    if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    first = false;
    if (text.length > 0) yield text;
  }
  const rest = decoder.end();
  if (rest.length > 0) yield rest;
}

function sniff(head: string): TrafficFormat {
  const trimmed = head.trimStart();
  // An OTLP JSON export request on its first line (possibly the only line, possibly longer than this chunk).
  if (/^\{\s*"resourceSpans"\s*:/.test(trimmed)) return 'ndjson';
  const nl = trimmed.indexOf('\n');
  if (nl < 0) return 'har';
  try {
    const value = JSON.parse(trimmed.slice(0, nl)) as unknown;
    if (typeof value === 'object' && value !== null && 'log' in value) return 'har';
    return 'ndjson';
  } catch {
    return 'har';
  }
}

function fail(error: TrafficParseError, options: ReadOptions): void {
  if (options.onInvalid === undefined) throw error;
  options.onInvalid(error);
}

async function* readHar(chunks: AsyncIterable<string>, options: ReadOptions): AsyncGenerator<TrafficRecord[]> {
  const scanner = new HarEntryScanner();
  let ready: TrafficRecord[] = [];
  const onEntry = (text: string, line: number): void => {
    let entry: unknown;
    try {
      entry = JSON.parse(text);
    } catch {
      fail(new TrafficParseError(`HAR entry ${scanner.entries} at line ${line} is not valid JSON`, line), options);
      return;
    }
    const exchange = harEntryToExchange(entry);
    if (exchange === undefined) {
      fail(
        new TrafficParseError(`HAR entry ${scanner.entries} at line ${line} has no request method or URL`, line),
        options,
      );
      return;
    }
    ready.push({ exchange, line });
  };
  for await (const chunk of chunks) {
    scanner.feed(chunk, onEntry);
    if (ready.length > 0) {
      yield ready;
      ready = [];
    }
  }
  try {
    scanner.finish();
  } catch (error) {
    if (error instanceof TrafficParseError) fail(error, options);
    else throw error;
  }
}

function parseLine(text: string, line: number, options: ReadOptions, batch: TrafficRecord[]): void {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    fail(new TrafficParseError(`line ${line} is not valid JSON`, line), options);
    return;
  }
  if (isExchangeShape(value)) {
    batch.push({ shape: value, line });
    return;
  }
  if (isOtlpTraceRequest(value)) {
    pushSpans(value, line, options, batch);
    return;
  }
  const exchange = ndjsonToExchange(value);
  if (exchange === undefined) {
    fail(new TrafficParseError(`line ${line} is not an exchange (method and url are required)`, line), options);
    return;
  }
  batch.push({ exchange, line });
}

/** The HTTP server spans of one OTLP export request, of the wanted services; the rest counted as skipped. */
function pushSpans(request: unknown, line: number, options: ReadOptions, batch: TrafficRecord[]): void {
  const counts = { spans: 0, skipped: 0 };
  const wanted = options.serviceNames;
  for (const span of readServerSpans(request, counts)) {
    if (wanted !== undefined && wanted.length > 0 && !wanted.includes(span.service ?? '')) counts.skipped++;
    else batch.push({ span, line });
  }
  if (counts.skipped > 0) options.onSkippedSpans?.(counts.skipped, line);
}

async function* readNdjson(chunks: AsyncIterable<string>, options: ReadOptions): AsyncGenerator<TrafficRecord[]> {
  // The start of the current line when it spans chunks; only the new chunk is searched for a newline.
  let pending: string[] = [];
  let pendingLength = 0;
  let tooLong = false;
  let line = 0;
  const finishLine = (tail: string, batch: TrafficRecord[]): void => {
    line++;
    if (tooLong) {
      fail(new TrafficParseError(`line ${line} is longer than ${MAX_RECORD / 1024 / 1024} MB`, line), options);
    } else {
      const content = (pending.length === 0 ? tail : pending.join('') + tail).trim();
      if (content.length > 0) parseLine(content, line, options, batch);
    }
    pending = [];
    pendingLength = 0;
    tooLong = false;
  };
  for await (const chunk of chunks) {
    const batch: TrafficRecord[] = [];
    let start = 0;
    let nl = chunk.indexOf('\n');
    while (nl >= 0) {
      finishLine(chunk.slice(start, nl), batch);
      start = nl + 1;
      nl = chunk.indexOf('\n', start);
    }
    if (start < chunk.length && !tooLong) {
      pendingLength += chunk.length - start;
      // A line with no end in sight is dropped rather than held in memory.
      if (pendingLength > MAX_RECORD) {
        tooLong = true;
        pending = [];
      } else pending.push(chunk.slice(start));
    }
    if (batch.length > 0) yield batch;
  }
  if (pendingLength > 0 || tooLong) {
    const batch: TrafficRecord[] = [];
    finishLine('', batch);
    if (batch.length > 0) yield batch;
  }
}

/**
 * Streams a capture: yields each exchange (or, from a shapes file, each shape) as it is read, so memory stays flat
 * however large the file. HAR is scanned incrementally entry by entry; NDJSON line by line.
 */
export async function* readTraffic(input: TrafficInput, options: ReadOptions = {}): AsyncGenerator<TrafficRecord> {
  for await (const batch of readTrafficBatches(input, options)) yield* batch;
}

/** {@link readTraffic} in batches (one per chunk read), for callers that want fewer async hops. */
export async function* readTrafficBatches(
  input: TrafficInput,
  options: ReadOptions = {},
): AsyncGenerator<TrafficRecord[]> {
  const chunks = textOf(input, options.maxBytes ?? MAX_CAPTURE_BYTES);
  let format = options.format ?? (typeof input === 'string' ? formatFromPath(input) : undefined);
  const first = await chunks.next();
  if (first.done) return;
  format ??= sniff(first.value);
  async function* all(): AsyncGenerator<string> {
    yield first.value as string;
    yield* chunks;
  }
  yield* format === 'har' ? readHar(all(), options) : readNdjson(all(), options);
}

/** Streams the exchanges of a capture (shape and span lines, which hold no exchange, are skipped). */
export async function* readExchanges(input: TrafficInput, options: ReadOptions = {}): AsyncGenerator<Exchange> {
  for await (const record of readTraffic(input, options)) if ('exchange' in record) yield record.exchange;
}
