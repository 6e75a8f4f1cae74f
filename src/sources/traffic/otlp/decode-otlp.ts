import protobuf from 'protobufjs';
import { OTLP_TRACE_PROTOS } from './proto-text.js';

/** An OTLP payload that could not be decoded; the message says why, never what the payload held. */
export class OtlpDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OtlpDecodeError';
  }
}

let exportRequest: protobuf.Type | undefined;

/** `ExportTraceServiceRequest`, parsed once from the vendored published .proto files. */
function exportRequestType(): protobuf.Type {
  if (exportRequest === undefined) {
    const root = new protobuf.Root();
    for (const [, text] of OTLP_TRACE_PROTOS) protobuf.parse(text, root, { keepCase: false });
    root.resolveAll();
    exportRequest = root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
  }
  return exportRequest;
}

/**
 * Decodes an OTLP/HTTP protobuf trace export request (`application/x-protobuf`). The result has the OTLP JSON
 * structure (camelCase fields), so one reader serves both encodings.
 */
export function decodeOtlpProtobuf(bytes: Uint8Array): unknown {
  try {
    return exportRequestType().decode(bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // protobufjs reasons name wire positions and types ("index out of range: 7 + 10 > 12"), not payload text.
    throw new OtlpDecodeError(`not an OTLP ExportTraceServiceRequest: ${reason}`);
  }
}
