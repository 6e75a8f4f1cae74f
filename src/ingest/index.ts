export {
  createIngestHandler,
  DEFAULT_MAX_BODY_BYTES,
  INGEST_PATH,
  type IngestHandlerOptions,
  type IngestLogEntry,
  type NodeHandler,
  OTLP_TRACES_PATH,
} from './ingest-handler.js';
export { type IngestServer, type IngestServerOptions, startIngestServer } from './ingest-server.js';
export {
  BatchError,
  type BatchFormat,
  type BatchOptions,
  type ParsedBatch,
  parseBatch,
  SHAPES_MEDIA_TYPE,
} from './parse-batch.js';
export { mergeStoredAccumulators, storeAccumulators } from './to-deltas.js';
export { DEFAULT_RATE_LIMIT, type RateLimit } from './token-bucket.js';
