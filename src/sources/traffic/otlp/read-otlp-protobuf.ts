/**
 * Reads the HTTP SERVER spans of an OTLP/HTTP protobuf trace export request (`application/x-protobuf`): protobufjs
 * decodes it over the published OpenTelemetry schema (`otlp-trace-descriptor.ts`, generated from
 * open-telemetry/opentelemetry-proto), and the decoded message is walked by the same reader as OTLP JSON
 * ({@link readServerSpans}), which looks at the HTTP attributes alone. The message is dropped as soon as it is walked.
 */
import protobuf from 'protobufjs';
import { OTLP_TRACE_DESCRIPTOR } from './otlp-trace-descriptor.js';
import { readServerSpans, type SpanCounts, type SpanFacts } from './server-spans.js';

/** An OTLP payload that could not be decoded; the message says where and why, never what the payload held. */
export class OtlpDecodeError extends Error {
  constructor(reason: string) {
    super(`not an OTLP ExportTraceServiceRequest: ${reason}`);
    this.name = 'OtlpDecodeError';
  }
}

let requestType: protobuf.Type | undefined;

function exportTraceServiceRequest(): protobuf.Type {
  requestType ??= protobuf.Root.fromJSON(OTLP_TRACE_DESCRIPTOR).lookupType(
    'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest',
  );
  return requestType;
}

/** protobufjs says where it stopped (`index out of range: 12 + 10 > 20`, `invalid wire type 7 at offset 3`). */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // Only protobufjs's own wording, cut short: it never quotes payload bytes, but a bound keeps it so.
  return message.slice(0, 200);
}

/**
 * The facts of each HTTP SERVER span of an OTLP protobuf `ExportTraceServiceRequest`; other spans, and server spans
 * without a method, are counted in `counts.skipped`. Malformed input throws {@link OtlpDecodeError} with
 * protobufjs's reason (a position, never payload text); unknown fields are stepped over, as protobuf says.
 */
export function readServerSpansProtobuf(bytes: Uint8Array, counts: SpanCounts = { spans: 0, skipped: 0 }): SpanFacts[] {
  let message: protobuf.Message;
  try {
    message = exportTraceServiceRequest().decode(bytes);
  } catch (error) {
    throw new OtlpDecodeError(reasonOf(error));
  }
  return [...readServerSpans(message, counts)];
}
