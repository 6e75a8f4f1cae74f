export {
  type RecordingProxy,
  type RecordingProxyOptions,
  type RecordingStats,
  startRecordingProxy,
} from './recording-proxy.js';
export {
  createFileSink,
  createIngestSink,
  type IngestSinkOptions,
  type ShapeSink,
  type ShapeSinkSummary,
} from './shape-sinks.js';
