import { stat } from 'node:fs/promises';
import type { ApiSurface, Diagnostic, InputNotice, ReadLimits } from '../../model/index.js';
import type { ShapeAccumulator } from './accumulator-types.js';
import { type BuildOptions, buildObservedSurface } from './build-surface.js';
import { type ReadOptions, readTrafficBatches, type TrafficInput, TrafficParseError } from './read-exchanges.js';
import { type ReduceOptions, reduceExchangeDeferred, reduceSpan } from './reduce-exchange.js';
import { ShapeCollector } from './shape-collector.js';

/** Options of {@link readTrafficFiles}. */
export interface ReadTrafficOptions
  extends Pick<ReduceOptions, 'secret' | 'includeAssets' | 'enumLiterals' | 'now'>,
    ReadOptions {
  documented?: ApiSurface;
  inference?: BuildOptions['inference'];
  templating?: BuildOptions['templating'];
  /** Called after each file with the exchanges read from it. */
  onFile?: (input: TrafficInput, exchanges: number) => void;
  /**
   * Where malformed entries and unreadable files are reported (and skipped) when no `onInvalid` is given:
   * `invalid-traffic-entry` warnings and `unreadable-traffic` errors, with file and line.
   */
  diagnostics?: Diagnostic[];
  /** Repo-relative names of in-memory inputs, by position, so diagnostics name the file. */
  names?: readonly (string | undefined)[];
  /**
   * Bounds of config `limits`: each capture up to `maxFileBytes` as stored and `maxTotalBytes` once decompressed,
   * at most `maxFiles` captures. Default: no bound but the decompression one ({@link ReadOptions.maxBytes}).
   */
  limits?: Pick<ReadLimits, 'maxFileBytes' | 'maxTotalBytes' | 'maxFiles'>;
  /** Where captures not read, or not read whole, are named (over a bound, unreadable, corrupt). */
  notices?: InputNotice[];
}

/** Bytes of a capture as stored: a file's size on disk, bytes in memory; undefined for a stream. */
async function storedSize(input: TrafficInput): Promise<number | undefined> {
  if (typeof input === 'string') {
    try {
      return (await stat(input)).size;
    } catch {
      return undefined;
    }
  }
  if (input instanceof Uint8Array) return input.byteLength;
  if ('text' in input && typeof input.text === 'string') return Buffer.byteLength(input.text);
  return undefined;
}

/**
 * Reads captures (HAR, NDJSON exchanges, NDJSON shapes) into accumulators, reducing each exchange at the edge as it
 * streams in.
 */
export async function readTrafficAccumulators(
  inputs: readonly TrafficInput[],
  options: ReadTrafficOptions = {},
): Promise<ShapeAccumulator[]> {
  const collector = new ShapeCollector();
  const reduceOptions: ReduceOptions = {};
  if (options.documented !== undefined) reduceOptions.documented = options.documented;
  if (options.secret !== undefined) reduceOptions.secret = options.secret;
  if (options.includeAssets !== undefined) reduceOptions.includeAssets = options.includeAssets;
  if (options.enumLiterals !== undefined) reduceOptions.enumLiterals = options.enumLiterals;
  if (options.now !== undefined) reduceOptions.now = options.now;
  const limits = options.limits;
  const notice = (file: string | undefined, reason: InputNotice['reason'], detail: string, line?: number) =>
    options.notices?.push({
      file: file ?? 'traffic',
      view: 'observed',
      reason,
      detail,
      ...(line !== undefined ? { line } : {}),
    });
  for (const [index, input] of inputs.entries()) {
    let n = 0;
    const file = typeof input === 'string' ? input : options.names?.[index];
    if (limits !== undefined && index >= limits.maxFiles) {
      notice(file, 'oversized', `not read: more than ${limits.maxFiles} capture files (limits.maxFiles)`);
      continue;
    }
    const size = limits !== undefined ? await storedSize(input) : undefined;
    if (limits !== undefined && size !== undefined && size > limits.maxFileBytes) {
      notice(
        file,
        'oversized',
        `${size} bytes is over the ${limits.maxFileBytes}-byte file limit (limits.maxFileBytes)`,
      );
      continue;
    }
    const readOptions: ReadOptions = { ...options };
    if (limits !== undefined)
      readOptions.maxBytes = Math.min(options.maxBytes ?? limits.maxTotalBytes, limits.maxTotalBytes);
    if (options.onInvalid === undefined && options.diagnostics !== undefined) {
      const diagnostics = options.diagnostics;
      readOptions.onInvalid = (error) => {
        const d: Diagnostic = {
          level: error.fatal ? 'error' : 'warning',
          code: error.fatal ? 'unreadable-traffic' : 'invalid-traffic-entry',
          message: error.message,
        };
        if (file !== undefined) d.file = file;
        if (error.line !== undefined) d.line = error.line;
        diagnostics.push(d);
      };
    }
    const report = readOptions.onInvalid;
    if (report !== undefined)
      readOptions.onInvalid = (error) => {
        // A capture cut short or over a bound was not read whole: named, beside the diagnostic.
        if (error.fatal) notice(file, error.oversized ? 'oversized' : 'unparsable', error.message, error.line);
        report(error);
      };
    let skippedSpans = 0;
    if (options.onSkippedSpans === undefined) readOptions.onSkippedSpans = (count) => (skippedSpans += count);
    try {
      for await (const batch of readTrafficBatches(input, readOptions)) {
        for (const record of batch) {
          n++;
          if ('shape' in record) collector.add(record.shape);
          else if ('span' in record) {
            const shape = reduceSpan(record.span, reduceOptions);
            if (shape !== null) collector.add(shape);
          } else {
            const reduced = reduceExchangeDeferred(record.exchange, reduceOptions, true);
            if (reduced !== null) collector.addDeferred(reduced);
          }
        }
      }
    } catch (error) {
      // One capture that cannot be read (corrupt gzip, inflating past the bound) is reported; the others still are.
      if (!(error instanceof TrafficParseError) || readOptions.onInvalid === undefined) throw error;
      readOptions.onInvalid(error);
    }
    if (skippedSpans > 0) {
      const d: Diagnostic = {
        level: 'info',
        code: 'spans-left-out',
        message: `${skippedSpans} OpenTelemetry span(s) left out: not HTTP server spans${options.serviceNames?.length ? `, or not of service ${options.serviceNames.join(', ')}` : ''}`,
      };
      if (file !== undefined) d.file = file;
      options.diagnostics?.push(d);
    }
    options.onFile?.(input, n);
  }
  return collector.accumulators();
}

/**
 * The observed view of capture files, for the CLI (`inventory --traffic`, `scan`): reads, reduces, accumulates,
 * templates (documented paths first) and infers. Malformed entries and unreadable captures are skipped and listed in
 * the surface's `diagnostics` (unless `onInvalid` is given); a file that cannot be opened throws.
 */
export async function readTrafficFiles(
  inputs: readonly TrafficInput[],
  options: ReadTrafficOptions = {},
): Promise<ApiSurface> {
  const diagnostics: Diagnostic[] = options.diagnostics ?? [];
  const accumulators = await readTrafficAccumulators(inputs, { ...options, diagnostics });
  const build: BuildOptions = {};
  if (options.documented !== undefined) build.documented = options.documented;
  if (options.inference !== undefined) build.inference = options.inference;
  if (options.templating !== undefined) build.templating = options.templating;
  const surface = buildObservedSurface(accumulators, build);
  surface.files = inputs.filter((i): i is string => typeof i === 'string');
  surface.diagnostics.push(...diagnostics);
  return surface;
}
