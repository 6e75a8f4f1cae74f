import {
  isOtlpTraceRequest,
  OtlpDecodeError,
  type ReduceOptions,
  readServerSpans,
  readServerSpansProtobuf,
  readTraffic,
  reduceExchange,
  reduceSpan,
  type ShapeAccumulator,
  ShapeCollector,
  type SpanCounts,
  type SpanFacts,
  type TrafficFormat,
  TrafficParseError,
} from '../sources/traffic/index.js';
import { isWellFormedShape } from './check-shape.js';

/** Media type of an NDJSON batch of already-reduced exchange shapes (what `specwatch record --ingest` sends). */
export const SHAPES_MEDIA_TYPE = 'application/vnd.specwatch.shapes+ndjson';

/**
 * What a batch holds: NDJSON (exchanges and/or shapes, one per line), a HAR document, or an OTLP/HTTP trace export
 * request (`POST /v1/traces`) in protobuf or JSON.
 */
export type BatchFormat = 'ndjson' | 'har' | 'otlp-protobuf' | 'otlp-json';

/**
 * Malformed input at a 1-based line. The message names the line and the problem, never the offending text (it may
 * be personal data).
 */
export class BatchError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'BatchError';
  }
}

/** Options of {@link parseBatch}. */
export interface BatchOptions extends Pick<ReduceOptions, 'secret'> {
  /** OTLP: only spans of these `service.name`s are kept (default: every service). */
  serviceNames?: readonly string[];
}

/** A parsed batch: per-operation accumulators, ready to merge into the store. */
export interface ParsedBatch {
  accumulators: ShapeAccumulator[];
  /** Exchanges (or shapes, or spans) read, assets and preflights included. */
  exchanges: number;
  /** OTLP: spans left out (not HTTP server spans, or another service's). */
  skipped?: number;
}

/**
 * Parses and reduces a whole batch in memory. Any malformed line rejects the batch (nothing from it is stored);
 * exchange values never outlive this call.
 */
export async function parseBatch(body: Buffer, format: BatchFormat, options: BatchOptions = {}): Promise<ParsedBatch> {
  if (format === 'otlp-protobuf' || format === 'otlp-json') return parseOtlpBatch(body, format, options);
  const collector = new ShapeCollector();
  let exchanges = 0;
  try {
    for await (const record of readTraffic(body, {
      format: format as TrafficFormat,
      ...(options.serviceNames ? { serviceNames: options.serviceNames } : {}),
    })) {
      if ('shape' in record) {
        // Shapes come from the network here: check their structure before they reach an accumulator.
        if (!isWellFormedShape(record.shape))
          throw new BatchError(`line ${record.line} is not a valid exchange shape`, record.line);
        collector.add(record.shape);
      } else if ('span' in record) {
        const shape = reduceSpan(record.span, options.secret === undefined ? {} : { secret: options.secret });
        if (shape !== null) collector.add(shape);
      } else {
        let shape: ReturnType<typeof reduceExchange>;
        try {
          shape = reduceExchange(record.exchange, options.secret === undefined ? {} : { secret: options.secret });
        } catch {
          throw new BatchError(`line ${record.line}: the exchange could not be read`, record.line);
        }
        if (shape !== null) collector.add(shape);
      }
      exchanges += 1;
    }
  } catch (error) {
    if (error instanceof TrafficParseError) throw new BatchError(error.message, error.line ?? 1);
    if (error instanceof BatchError) throw error;
    // Anything else a reader throws on hostile input (bad gzip, odd structure) is still malformed input.
    throw new BatchError('the batch could not be read', 1);
  }
  return { accumulators: collector.accumulators(), exchanges };
}

/**
 * An OTLP/HTTP trace export request (protobuf decoded by protobufjs, or JSON), its HTTP SERVER spans reduced to shapes at
 * once. Only the HTTP facts of a span are read; everything else is never looked at.
 */
function parseOtlpBatch(body: Buffer, format: 'otlp-protobuf' | 'otlp-json', options: BatchOptions): ParsedBatch {
  const counts: SpanCounts = { spans: 0, skipped: 0 };
  let spans: Iterable<SpanFacts>;
  if (format === 'otlp-protobuf') {
    try {
      spans = readServerSpansProtobuf(body, counts);
    } catch (error) {
      throw new BatchError(error instanceof OtlpDecodeError ? error.message : 'the protobuf could not be decoded', 1);
    }
  } else {
    let request: unknown;
    try {
      request = JSON.parse(body.toString('utf8'));
    } catch {
      throw new BatchError('the body is not valid JSON', 1);
    }
    if (!isOtlpTraceRequest(request)) throw new BatchError('not an OTLP trace export request (no resourceSpans)', 1);
    spans = readServerSpans(request, counts);
  }
  const collector = new ShapeCollector();
  const wanted = options.serviceNames;
  const reduceOptions = options.secret === undefined ? {} : { secret: options.secret };
  for (const span of spans) {
    if (wanted !== undefined && wanted.length > 0 && !wanted.includes(span.service ?? '')) {
      counts.skipped++;
      continue;
    }
    const shape = reduceSpan(span, reduceOptions);
    if (shape !== null) collector.add(shape);
  }
  return { accumulators: collector.accumulators(), exchanges: counts.spans, skipped: counts.skipped };
}
