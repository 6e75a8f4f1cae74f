import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import {
  OtlpDecodeError,
  readServerSpans,
  readServerSpansProtobuf,
  type SpanCounts,
  type SpanFacts,
} from '../../../src/sources/traffic/index.js';
import { encodeProtobuf, exportRequestType } from '../../ingest/otlp-encode.js';

const SSN = '123-45-6789';
const EMAIL = 'jane.roe@example.com';

/** The protobuf reader's answer: facts and counts, or the decode error. */
function wire(bytes: Uint8Array): { facts: SpanFacts[]; counts: SpanCounts } | 'error' {
  const counts = { spans: 0, skipped: 0 };
  try {
    return { facts: readServerSpansProtobuf(bytes, counts), counts };
  } catch (error) {
    expect(error).toBeInstanceOf(OtlpDecodeError);
    return 'error';
  }
}

/** The same request decoded in full by protobufjs, then read as OTLP JSON (what the Collector's file exporter writes). */
function viaProtobufjs(bytes: Uint8Array): { facts: SpanFacts[]; counts: SpanCounts } | 'error' {
  const type = exportRequestType();
  let json: unknown;
  try {
    json = type.toObject(type.decode(bytes), { longs: String, enums: Number, bytes: String });
  } catch {
    return 'error';
  }
  const counts = { spans: 0, skipped: 0 };
  return { facts: [...readServerSpans(json, counts)], counts };
}

const sdkExport = (n: number) =>
  readFileSync(new URL(`../../fixtures/otel/sdk-export/export-${n}.binpb`, import.meta.url));

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const int = (key: string, value: number) => ({ key, value: { intValue: value } });

/** A request with every field of every message set, attributes of every AnyValue kind, and spans of every kind. */
function everyField(): Record<string, unknown> {
  const id = (n: number, length: number) => Buffer.alloc(length, n);
  const span = (i: number, kind: number, attributes: unknown[]) => ({
    traceId: id(i, 16),
    spanId: id(i, 8),
    traceState: 'vendor=opaque',
    parentSpanId: id(i + 1, 8),
    flags: 0x301,
    name: `span ${i}`,
    kind,
    startTimeUnixNano: '1767261600123456789',
    endTimeUnixNano: '1767261600223456789',
    attributes,
    droppedAttributesCount: 3,
    events: [{ timeUnixNano: '1767261600200000000', name: 'exception', attributes: [str('exception.message', SSN)] }],
    droppedEventsCount: 1,
    links: [{ traceId: id(9, 16), spanId: id(9, 8), attributes: [str('link.note', EMAIL)], flags: 1 }],
    droppedLinksCount: 2,
    status: { message: `failed for ${EMAIL}`, code: 2 },
  });
  return {
    resourceSpans: [
      {
        resource: {
          attributes: [
            { key: 'service.instance.id', value: { bytesValue: id(7, 4) } },
            str('service.name', 'clinic-api'),
            { key: 'host.tags', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: 2 }] } } },
          ],
          droppedAttributesCount: 1,
        },
        scopeSpans: [
          {
            scope: { name: 'scope', version: '1.0', attributes: [str('scope.attr', SSN)], droppedAttributesCount: 4 },
            spans: [
              span(1, 2, [
                str('http.request.method', 'get'),
                str('url.path', `/v1/patients/${SSN}`),
                str('url.query', `email=${EMAIL}`),
                { key: 'http.response.status_code', value: { doubleValue: 503 } },
                int('server.port', 8443),
                str('server.address', 'api.clinic.example'),
                { key: 'enduser.ok', value: { boolValue: true } },
                { key: 'app.map', value: { kvlistValue: { values: [str('ssn', SSN)] } } },
                int('http.request.body.size', -5),
                int('http.response.body.size', 2 ** 40),
                str('url.scheme', 'HTTPS'),
              ]),
              span(2, 3, [str('http.request.method', 'GET'), str('url.full', `https://lab.example/${SSN}`)]),
              span(3, 2, [str('app.only', EMAIL)]),
              span(4, 2, [
                str('http.method', 'POST'),
                str('http.target', `/v1/notes?token=${SSN}#frag`),
                str('http.route', '/v1/notes'),
                int('http.status_code', 201),
                str('net.host.name', 'api.clinic.example'),
                int('net.host.port', 443),
                int('http.request_content_length', 64),
                // A later duplicate key wins, as a map from the list would keep it.
                int('http.status_code', 202),
                { key: 'http.route', value: { boolValue: true } },
              ]),
            ],
            schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
          },
        ],
        schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
      },
      { scopeSpans: [{ spans: [span(5, 2, [str('http.request.method', 'DELETE'), str('url.path', '/v1/x')])] }] },
    ],
  };
}

/** Protobuf field bytes, written by hand only to place fields where no encoder would. */
function field(number: number, wire: number, payload: Uint8Array | number | bigint): Uint8Array {
  const w = protobuf.Writer.create().uint32((number << 3) | wire);
  if (wire === 0) w.uint64(payload as number);
  else if (wire === 1) w.fixed64(payload as number);
  else if (wire === 5) w.fixed32(payload as number);
  else w.bytes(payload as Uint8Array);
  return w.finish();
}
const concat = (...parts: Uint8Array[]) => Buffer.concat(parts);

/** Unknown fields of every wire type, a packed and an unpacked repeated varint among them. */
function unknownFields(): Uint8Array {
  const packed = protobuf.Writer.create().uint32(1).uint32(300).uint32(70000).finish();
  return concat(
    field(1000, 0, 2 ** 40),
    field(1001, 1, 1),
    field(1002, 2, Buffer.from(SSN)),
    field(1003, 5, 7),
    field(1004, 2, packed),
    field(1004, 0, 1),
    field(1004, 0, 300),
  );
}

describe('OTLP protobuf reader (protobufjs over the published schema, walked in place)', () => {
  it('reads the export requests of the OpenTelemetry Node SDK as a full protobufjs decode does', () => {
    const seen: string[] = [];
    for (const n of [1, 2, 3, 4]) {
      const bytes = sdkExport(n);
      const result = wire(bytes);
      expect(result).toEqual(viaProtobufjs(bytes));
      if (result === 'error') continue;
      for (const f of result.facts) seen.push(`${f.service} ${f.method} ${f.route} ${f.status}`);
    }
    expect(seen).toMatchInlineSnapshot(`
      [
        "clinic-api GET /api/patients 200",
        "clinic-api GET /api/patients/:id 200",
        "clinic-api GET /api/patients/:id 500",
        "clinic-api POST /api/patients/:id/notes 201",
        "clinic-api POST /api/patients/:id/notes 409",
        "clinic-api GET /api 404",
        "clinic-api GET /api/internal/metrics 200",
      ]
    `);
  });

  it('reads every field kind of the published .proto files as protobufjs does, and only the HTTP facts', () => {
    const bytes = encodeProtobuf(everyField());
    const result = wire(bytes);
    expect(result).toEqual(viaProtobufjs(bytes));
    expect(result).toMatchInlineSnapshot(`
      {
        "counts": {
          "skipped": 2,
          "spans": 5,
        },
        "facts": [
          {
            "host": "api.clinic.example",
            "method": "GET",
            "path": "/v1/patients/123-45-6789",
            "port": 8443,
            "responseSize": 1099511627776,
            "scheme": "https",
            "service": "clinic-api",
            "status": 503,
            "time": "2026-01-01T10:00:00.123Z",
          },
          {
            "host": "api.clinic.example",
            "method": "POST",
            "path": "/v1/notes",
            "port": 443,
            "requestSize": 64,
            "route": "/v1/notes",
            "service": "clinic-api",
            "status": 202,
            "time": "2026-01-01T10:00:00.123Z",
          },
          {
            "method": "DELETE",
            "path": "/v1/x",
            "status": 0,
            "time": "2026-01-01T10:00:00.123Z",
          },
        ],
      }
    `);
    expect(JSON.stringify(result)).not.toContain(EMAIL);
  });

  it('steps over unknown fields of every wire type, packed or not, at every level', () => {
    const type = exportRequestType();
    const root = type.root;
    const plain = everyField();
    // The same request with unknown fields appended inside each message: the encoder writes the known fields, the
    // unknown ones follow (protobuf allows any order and any unknown field).
    const enc = (name: string, value: unknown) => {
      const t = root.lookupType(name);
      return concat(t.encode(t.fromObject(value as Record<string, unknown>)).finish(), unknownFields());
    };
    const anyValue = (v: unknown) => enc('opentelemetry.proto.common.v1.AnyValue', v);
    const keyValue = (kv: { key: string; value: unknown }) =>
      concat(field(1, 2, Buffer.from(kv.key)), field(2, 2, anyValue(kv.value)), unknownFields());
    const resourceSpans = (plain.resourceSpans as Record<string, unknown>[]).map((rs) => {
      const resource = rs.resource as { attributes: { key: string; value: unknown }[] } | undefined;
      const parts: Uint8Array[] = [];
      if (resource !== undefined)
        parts.push(field(1, 2, concat(...resource.attributes.map((kv) => field(1, 2, keyValue(kv))), unknownFields())));
      for (const ss of rs.scopeSpans as { spans: Record<string, unknown>[] }[]) {
        const spans = ss.spans.map((s) => {
          const { attributes, ...rest } = s as { attributes: { key: string; value: unknown }[] };
          return field(
            2,
            2,
            concat(
              enc('opentelemetry.proto.trace.v1.Span', rest),
              ...attributes.map((kv) => field(9, 2, keyValue(kv))),
              unknownFields(),
            ),
          );
        });
        parts.push(field(2, 2, concat(...spans, unknownFields())));
      }
      return field(1, 2, concat(...parts, unknownFields()));
    });
    const withUnknown = concat(...resourceSpans, unknownFields());
    expect(wire(withUnknown)).toEqual(wire(encodeProtobuf(plain)));
    expect(wire(withUnknown)).toEqual(viaProtobufjs(withUnknown));
  });

  it('reads fields in any order: the resource after its spans, a value before its key, kind after attributes', () => {
    const method = concat(
      field(2, 2, field(1, 2, Buffer.from('PUT'))),
      field(1, 2, Buffer.from('http.request.method')),
    );
    const route = concat(field(1, 2, Buffer.from('http.route')), field(2, 2, field(1, 2, Buffer.from('/v1/a/{id}'))));
    const span = concat(field(9, 2, method), field(9, 2, route), field(6, 0, 2), field(5, 2, Buffer.from('PUT')));
    const resource = field(
      1,
      2,
      concat(field(1, 2, Buffer.from('service.name')), field(2, 2, field(1, 2, Buffer.from('svc')))),
    );
    const request = field(1, 2, concat(field(2, 2, field(2, 2, span)), field(1, 2, resource)));
    const result = wire(request);
    expect(result).toEqual(viaProtobufjs(request));
    expect(result).toEqual({
      facts: [{ method: 'PUT', route: '/v1/a/{id}', service: 'svc', status: 0 }],
      counts: { spans: 1, skipped: 0 },
    });
  });

  it('refuses truncated input wherever it is cut, as protobufjs does', () => {
    const bytes = encodeProtobuf(everyField());
    let refused = 0;
    for (let cut = 1; cut < bytes.length; cut++) {
      const part = bytes.subarray(0, cut);
      const ours = wire(part);
      expect({ cut, result: ours }).toEqual({ cut, result: viaProtobufjs(part) });
      if (ours === 'error') refused++;
    }
    // Only cuts between two ResourceSpans leave a whole (shorter) request.
    expect(refused).toBe(bytes.length - 2);
  });

  it("gives protobufjs's reason for malformed input, never its text", () => {
    const reason = (bytes: Uint8Array) => {
      try {
        readServerSpansProtobuf(bytes);
        return 'read';
      } catch (error) {
        expect(error).toBeInstanceOf(OtlpDecodeError);
        return (error as Error).message;
      }
    };
    const secret = Buffer.from(`${EMAIL} ${SSN}`);
    const cut = reason(concat(field(1, 2, concat(Buffer.from([0x12, 0x40]), secret))));
    expect(cut).toMatchInlineSnapshot(`"not an OTLP ExportTraceServiceRequest: index out of range"`);
    expect(cut).not.toContain(EMAIL);
    expect(cut).not.toContain(SSN);
    expect(reason(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]))).toMatchInlineSnapshot(
      `"not an OTLP ExportTraceServiceRequest: index out of range"`,
    );
    // An empty group (wire types 3 and 4, deprecated but valid protobuf) is stepped over.
    expect(reason(Buffer.from([0x0b, 0x0c]))).toBe('read');
    expect(reason(Buffer.from([0x0f, 0x00]))).toMatchInlineSnapshot(
      `"not an OTLP ExportTraceServiceRequest: invalid wire type 7 at offset 1"`,
    );
    expect(reason(Buffer.from([0x02, 0x00]))).toMatchInlineSnapshot(
      `"not an OTLP ExportTraceServiceRequest: illegal tag: field number 0"`,
    );
    expect(reason(concat(Buffer.from('{"resourceSpans":[]}')))).toMatch(/^not an OTLP ExportTraceServiceRequest: /);
    expect(reason(new Uint8Array(0))).toBe('read');
  });
});
