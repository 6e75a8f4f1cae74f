/**
 * Reads the HTTP SERVER spans of an OTLP/HTTP protobuf trace export request (`application/x-protobuf`) straight off
 * the wire. Only the few fields the facts need are looked at; every other field is stepped over by its wire type
 * without being decoded, so no value but the HTTP facts is ever turned into a string, and nothing is allocated for
 * what is skipped. Field numbers follow the published .proto files of open-telemetry/opentelemetry-proto
 * (`collector/trace/v1/trace_service.proto`, `trace/v1/trace.proto`, `resource/v1/resource.proto`,
 * `common/v1/common.proto`); tests check this reader against requests encoded from those files with protobufjs.
 *
 * A full decode of every span, attribute and event into objects cost more than all the rest of ingestion together;
 * this reader is why an export request of a thousand spans reduces in about the time it takes to arrive.
 */
import {
  type AttributeSlots,
  clearSlots,
  newSlots,
  READ_ATTRIBUTES,
  SPAN_KIND_SERVER,
  type SpanCounts,
  type SpanFacts,
  spanFactsOf,
} from './server-spans.js';

/** An OTLP payload that could not be decoded; the message says where and why, never what the payload held. */
export class OtlpDecodeError extends Error {
  constructor(reason: string) {
    super(`not an OTLP ExportTraceServiceRequest: ${reason}`);
    this.name = 'OtlpDecodeError';
  }
}

const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;
const FIXED32 = 5;
const TWO_32 = 4294967296;

// Attribute keys as bytes, grouped by length, so a key is matched without decoding it.
const KEY_BYTES = READ_ATTRIBUTES.map((key) => Buffer.from(key, 'latin1'));
const SLOTS_BY_LENGTH: number[][] = [];
KEY_BYTES.forEach((bytes, slot) => {
  const list = SLOTS_BY_LENGTH[bytes.length] ?? [];
  list.push(slot);
  SLOTS_BY_LENGTH[bytes.length] = list;
});
const SERVICE_NAME = Buffer.from('service.name', 'latin1');

/** The value an `AnyValue` holds when it is a string or a number; undefined for the other kinds. */
type Scalar = string | number | undefined;

class WireReader {
  pos = 0;

  constructor(readonly buf: Buffer) {}

  fail(reason: string): never {
    throw new OtlpDecodeError(reason);
  }

  /** A varint as a number (int64 beyond 2^53 loses precision; no HTTP fact is that large). */
  varint(end: number): number {
    const buf = this.buf;
    let pos = this.pos;
    let lo = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      if (pos >= end) this.fail(`truncated varint at byte ${pos}`);
      const b = buf[pos++] as number;
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        return lo;
      }
    }
    if (pos >= end) this.fail(`truncated varint at byte ${pos}`);
    let b = buf[pos++] as number;
    lo |= (b & 0x7f) << 28;
    let hi = (b & 0x7f) >> 4;
    if (b < 0x80) {
      this.pos = pos;
      return hi * TWO_32 + (lo >>> 0);
    }
    for (let shift = 3; shift < 32; shift += 7) {
      if (pos >= end) this.fail(`truncated varint at byte ${pos}`);
      b = buf[pos++] as number;
      hi |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        return (hi | 0) * TWO_32 + (lo >>> 0);
      }
    }
    this.fail(`varint longer than 10 bytes at byte ${this.pos}`);
  }

  /** The next field's tag (`field << 3 | wire type`), checked. */
  tag(end: number): number {
    const at = this.pos;
    const b = this.buf[at] as number;
    let tag: number;
    if (b < 0x80) {
      this.pos = at + 1;
      tag = b;
    } else {
      tag = this.varint(end);
      if (tag > 0xffffffff) this.fail(`field tag out of range at byte ${at}`);
    }
    if (tag < 8) this.fail(`field number 0 at byte ${at}`);
    return tag;
  }

  /** Reads a length prefix and returns the end of the bytes it announces, checked against the enclosing `end`. */
  len(end: number): number {
    const at = this.pos;
    const n = this.varint(end);
    if (n < 0 || n > end - this.pos)
      this.fail(`length ${n} at byte ${at} runs past the end of its message (${end - this.pos} bytes left)`);
    return this.pos + n;
  }

  fixed64(end: number): number {
    const buf = this.buf;
    const p = this.pos;
    if (end - p < 8) this.fail(`truncated fixed64 at byte ${p}`);
    this.pos = p + 8;
    const lo =
      ((buf[p] as number) | ((buf[p + 1] as number) << 8) | ((buf[p + 2] as number) << 16)) +
      (buf[p + 3] as number) * 0x1000000;
    const hi =
      ((buf[p + 4] as number) | ((buf[p + 5] as number) << 8) | ((buf[p + 6] as number) << 16)) +
      (buf[p + 7] as number) * 0x1000000;
    return hi * TWO_32 + lo;
  }

  /** Steps over one field of wire type `wire`, reading nothing. */
  skip(wire: number, end: number): void {
    switch (wire) {
      case VARINT:
        this.varint(end);
        return;
      case FIXED64:
        if (end - this.pos < 8) this.fail(`truncated fixed64 at byte ${this.pos}`);
        this.pos += 8;
        return;
      case LEN:
        this.pos = this.len(end);
        return;
      case FIXED32:
        if (end - this.pos < 4) this.fail(`truncated fixed32 at byte ${this.pos}`);
        this.pos += 4;
        return;
      default:
        // Groups (3, 4) do not exist in proto3, and 6 and 7 in no protobuf.
        this.fail(`wire type ${wire} at byte ${this.pos}`);
    }
  }

  equals(start: number, end: number, bytes: Buffer): boolean {
    const buf = this.buf;
    // From the end: the keys share their first words (`http.`, `server.`).
    for (let i = end - start - 1; i >= 0; i--) if (buf[start + i] !== bytes[i]) return false;
    return true;
  }

  /** The slot of the attribute key at `[start, end)`, or -1 when that key is not read. */
  slotOf(start: number, end: number): number {
    const candidates = SLOTS_BY_LENGTH[end - start];
    if (candidates === undefined) return -1;
    for (const slot of candidates) if (this.equals(start, end, KEY_BYTES[slot] as Buffer)) return slot;
    return -1;
  }

  /** `AnyValue` in `[pos, end)`: its string or number (the last of the oneof set wins, as protobuf says). */
  anyValue(end: number): Scalar {
    let kind = 0;
    let number = 0;
    let start = 0;
    let stop = 0;
    while (this.pos < end) {
      const tag = this.tag(end);
      const field = tag >>> 3;
      const wire = tag & 7;
      if (field === 1 && wire === LEN) {
        stop = this.len(end);
        start = this.pos;
        this.pos = stop;
        kind = 1;
      } else if (field === 3 && wire === VARINT) {
        number = this.varint(end);
        kind = 3;
      } else if (field === 4 && wire === FIXED64) {
        const p = this.pos;
        this.pos = p + 8;
        if (this.pos > end) this.fail(`truncated double at byte ${p}`);
        number = this.buf.readDoubleLE(p);
        kind = 4;
      } else {
        this.skip(wire, end);
        // bool, array, key-value list, bytes: set, but not an HTTP fact.
        if ((field === 2 && wire === VARINT) || (field >= 5 && field <= 7 && wire === LEN)) kind = 0;
      }
    }
    if (kind === 1) return this.buf.toString('utf8', start, stop);
    if (kind === 3 || (kind === 4 && Number.isFinite(number))) return number;
    return undefined;
  }

  // The key and value of the last KeyValue read, as byte ranges: read without allocating.
  keyStart = -1;
  keyEnd = -1;
  valueStart = -1;
  valueEnd = -1;

  /** One `KeyValue` in `[pos, end)` into the ranges above; false when it lacks its key or its value. */
  keyValue(end: number): boolean {
    this.keyStart = -1;
    this.valueStart = -1;
    while (this.pos < end) {
      const tag = this.tag(end);
      if (tag === 0x0a) {
        this.keyEnd = this.len(end);
        this.keyStart = this.pos;
        this.pos = this.keyEnd;
      } else if (tag === 0x12) {
        this.valueEnd = this.len(end);
        this.valueStart = this.pos;
        this.pos = this.valueEnd;
      } else this.skip(tag & 7, end);
    }
    return this.keyStart >= 0 && this.valueStart >= 0;
  }

  /** The value of the `KeyValue` just read; the position is left at `end` (the end of that KeyValue). */
  valueOf(end: number): Scalar {
    this.pos = this.valueStart;
    const value = this.anyValue(this.valueEnd);
    this.pos = end;
    return value;
  }

  /** A span attribute (`KeyValue` in `[pos, end)`): its value goes to its slot when its key is read. */
  attribute(end: number, slots: AttributeSlots): void {
    if (!this.keyValue(end)) return;
    const slot = this.slotOf(this.keyStart, this.keyEnd);
    if (slot < 0) return;
    const value = this.valueOf(end);
    if (value !== undefined) slots[slot] = value;
  }

  /** `Resource` in `[pos, end)`: the first `service.name` of its attributes (field 1). */
  serviceName(end: number): string | undefined {
    let service: string | undefined;
    while (this.pos < end) {
      const tag = this.tag(end);
      if (tag !== 0x0a) {
        this.skip(tag & 7, end);
        continue;
      }
      const kvEnd = this.len(end);
      if (
        this.keyValue(kvEnd) &&
        service === undefined &&
        this.keyEnd - this.keyStart === SERVICE_NAME.length &&
        this.equals(this.keyStart, this.keyEnd, SERVICE_NAME)
      ) {
        const value = this.valueOf(kvEnd);
        if (typeof value === 'string') service = value;
      }
      this.pos = kvEnd;
    }
    return service;
  }

  /** `Span` in `[pos, end)`: kind (6), start time (7), attributes (9). */
  span(end: number, slots: AttributeSlots, service: string | undefined, counts: SpanCounts, out: SpanFacts[]): void {
    clearSlots(slots);
    let kind = 0;
    let startMs = Number.NaN;
    while (this.pos < end) {
      const tag = this.tag(end);
      switch (tag) {
        case 0x30: // 6: kind, varint
          kind = this.varint(end);
          break;
        case 0x39: // 7: start_time_unix_nano, fixed64
          startMs = this.fixed64(end) / 1e6;
          break;
        case 0x4a: {
          // 9: attributes, KeyValue
          const kvEnd = this.len(end);
          this.attribute(kvEnd, slots);
          this.pos = kvEnd;
          break;
        }
        default:
          this.skip(tag & 7, end);
      }
    }
    counts.spans++;
    const facts = kind === SPAN_KIND_SERVER ? spanFactsOf(slots, service, startMs) : undefined;
    if (facts === undefined) counts.skipped++;
    else out.push(facts);
  }

  /** `ScopeSpans` in `[pos, end)`: its spans (field 2). */
  scopeSpans(
    end: number,
    slots: AttributeSlots,
    service: string | undefined,
    counts: SpanCounts,
    out: SpanFacts[],
  ): void {
    while (this.pos < end) {
      const tag = this.tag(end);
      if (tag !== 0x12) {
        this.skip(tag & 7, end);
        continue;
      }
      const spanEnd = this.len(end);
      this.span(spanEnd, slots, service, counts, out);
    }
  }

  /** `ResourceSpans` in `[pos, end)`: the resource (1) first, wherever it is, then the scope spans (2). */
  resourceSpans(end: number, slots: AttributeSlots, counts: SpanCounts, out: SpanFacts[]): void {
    const start = this.pos;
    let service: string | undefined;
    while (this.pos < end) {
      const tag = this.tag(end);
      if (tag === 0x0a) {
        const resourceEnd = this.len(end);
        service = this.serviceName(resourceEnd);
      } else this.skip(tag & 7, end);
    }
    this.pos = start;
    while (this.pos < end) {
      const tag = this.tag(end);
      if (tag === 0x12) {
        const scopeEnd = this.len(end);
        this.scopeSpans(scopeEnd, slots, service, counts, out);
      } else this.skip(tag & 7, end);
    }
  }
}

/**
 * The facts of each HTTP SERVER span of an OTLP protobuf `ExportTraceServiceRequest`; other spans, and server spans
 * without a method, are counted in `counts.skipped`. Malformed input throws {@link OtlpDecodeError} (a position
 * and a reason, never payload text); a field of another wire type than the .proto gives it is an unknown field and
 * stepped over, as protobuf says.
 */
export function readServerSpansProtobuf(bytes: Uint8Array, counts: SpanCounts = { spans: 0, skipped: 0 }): SpanFacts[] {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const reader = new WireReader(buf);
  const slots = newSlots();
  const out: SpanFacts[] = [];
  const end = buf.length;
  while (reader.pos < end) {
    const tag = reader.tag(end);
    if (tag === 0x0a) {
      const resourceEnd = reader.len(end);
      reader.resourceSpans(resourceEnd, slots, counts, out);
    } else reader.skip(tag & 7, end);
  }
  return out;
}
