import {
  type ReduceOptions,
  readTraffic,
  reduceExchange,
  type ShapeAccumulator,
  ShapeCollector,
  TrafficParseError,
} from '../sources/traffic/index.js';
import { isWellFormedShape } from './check-shape.js';

/** Media type of an NDJSON batch of already-reduced exchange shapes (what `specwatch record --ingest` sends). */
export const SHAPES_MEDIA_TYPE = 'application/vnd.specwatch.shapes+ndjson';

/** What a batch holds: NDJSON (exchanges and/or shapes, one per line) or a HAR document. */
export type BatchFormat = 'ndjson' | 'har';

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

/** A parsed batch: per-operation accumulators, ready to merge into the store. */
export interface ParsedBatch {
  accumulators: ShapeAccumulator[];
  /** Exchanges (or shapes) read, assets and preflights included. */
  exchanges: number;
}

/**
 * Parses and reduces a whole batch in memory. Any malformed line rejects the batch (nothing from it is stored);
 * exchange values never outlive this call.
 */
export async function parseBatch(
  body: Buffer,
  format: BatchFormat,
  options: Pick<ReduceOptions, 'secret'> = {},
): Promise<ParsedBatch> {
  const collector = new ShapeCollector();
  let exchanges = 0;
  try {
    for await (const record of readTraffic(body, { format })) {
      if ('shape' in record) {
        // Shapes come from the network here: check their structure before they reach an accumulator.
        if (!isWellFormedShape(record.shape))
          throw new BatchError(`line ${record.line} is not a valid exchange shape`, record.line);
        collector.add(record.shape);
      } else {
        let shape: ReturnType<typeof reduceExchange>;
        try {
          shape = reduceExchange(record.exchange, options);
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
