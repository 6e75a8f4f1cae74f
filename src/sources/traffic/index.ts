// The observed view: capture readers, edge reduction to value-free shapes, accumulation, path templating and
// schema inference into an observed ApiSurface.

export {
  accumulatorKey,
  addShape,
  copyAccumulator,
  createAccumulator,
  mergeAccumulatorInto,
  mergeAccumulators,
  mergeValueShapes,
} from './accumulator.js';
export type { AuthStats, BodyStats, ResponseStats, SegmentStats, ShapeAccumulator } from './accumulator-types.js';
export { authSchemeId } from './auth.js';
export { type BuildOptions, buildObservedSurface } from './build-surface.js';
export type { Exchange, ExchangeBody, NameValue } from './exchange.js';
export type {
  AuthObservation,
  BodyShape,
  ExchangeShape,
  JsonType,
  SegmentKind,
  SegmentShape,
  Sketch,
  StringFormat,
  ValueKind,
  ValueShape,
} from './exchange-shape.js';
export { harEntryToExchange, parseHarText } from './har-entry.js';
export { DEFAULT_THRESHOLDS, type InferenceThresholds, inferSchema } from './infer-schema.js';
export { ndjsonToExchange } from './ndjson-exchange.js';
export { OtlpDecodeError, readServerSpansProtobuf } from './otlp/read-otlp-protobuf.js';
export { isOtlpTraceRequest, readServerSpans, type SpanCounts, type SpanFacts } from './otlp/server-spans.js';
export {
  DEFAULT_TEMPLATING,
  type TemplatedOperation,
  type TemplatingThresholds,
  templateOperations,
} from './path-templating.js';
export {
  type ReadOptions,
  readExchanges,
  readTraffic,
  readTrafficBatches,
  type TrafficFormat,
  type TrafficInput,
  TrafficParseError,
  type TrafficRecord,
} from './read-exchanges.js';
export { type ReadTrafficOptions, readTrafficAccumulators, readTrafficFiles } from './read-traffic-files.js';
export {
  type DeferredReduction,
  isExchangeShape,
  type ReduceOptions,
  reduceExchange,
  reduceExchangeDeferred,
  reduceSpan,
} from './reduce-exchange.js';
export { collectShapes, ShapeCollector } from './shape-collector.js';
export { estimateDistinct } from './sketch.js';
