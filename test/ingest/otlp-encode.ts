import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

/** The published OTLP .proto files, verbatim (see SOURCE.md there). */
const PROTO_ROOT = fileURLToPath(new URL('../fixtures/otel/opentelemetry-proto/', import.meta.url));

let exportRequest: protobuf.Type | undefined;

/** `ExportTraceServiceRequest` of the published .proto files, loaded with protobufjs. */
export function exportRequestType(): protobuf.Type {
  if (exportRequest === undefined) {
    const root = new protobuf.Root();
    // Imports in the .proto files are relative to the include root, as protoc takes them.
    root.resolvePath = (_origin, target) => PROTO_ROOT + target;
    root.loadSync('opentelemetry/proto/collector/trace/v1/trace_service.proto');
    exportRequest = root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
  }
  return exportRequest;
}

/** An OTLP JSON-structured export request encoded as the SDK's protobuf exporter sends it. */
export function encodeProtobuf(request: Record<string, unknown>): Buffer {
  const type = exportRequestType();
  return Buffer.from(type.encode(type.fromObject(request)).finish());
}
