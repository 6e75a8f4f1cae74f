/**
 * OTLP trace export requests read into the few facts of each SERVER span that the HTTP semantic conventions define:
 * OTLP JSON, and the protobuf message `read-otlp-protobuf.ts` decodes, both through {@link readServerSpans}. Only the attributes of
 * {@link READ_ATTRIBUTES} are ever read; every other attribute (custom ones, `enduser.*`, `url.query`, `url.full`,
 * headers) is never looked at, so nothing else leaves this module.
 */

/** What one HTTP server span says about an exchange: structure only, no credential, header, query or body value. */
export interface SpanFacts {
  /** Resource `service.name`. */
  service?: string;
  /** Upper-case method (`http.request.method`, older `http.method`). */
  method: string;
  /** Route template as the framework declared it (`http.route`: `/patients/:id`, `/patients/{id}`). */
  route?: string;
  /** Request path without query or fragment (`url.path`, older `http.target`). A value: reduced at the edge. */
  path?: string;
  /** `http.response.status_code` (older `http.status_code`); 0 when the span has none. */
  status: number;
  /** `url.scheme` (older `http.scheme`). */
  scheme?: string;
  /** `server.address` (older `net.host.name`, `http.host`). */
  host?: string;
  /** `server.port` (older `net.host.port`). */
  port?: number;
  /** `http.request.body.size` (older `http.request_content_length`). */
  requestSize?: number;
  /** `http.response.body.size` (older `http.response_content_length`). */
  responseSize?: number;
  /** ISO-8601 start of the span. */
  time?: string;
}

type Raw = Record<string, unknown>;

/** OTLP `SpanKind.SPAN_KIND_SERVER`. */
const SPAN_KIND_SERVER = 2;

/**
 * The attributes read, in slot order; everything else is skipped without reading its value. Each value goes in the
 * slot of its key ({@link attributeSlot}) and {@link spanFactsOf} reads the slots.
 */
const READ_ATTRIBUTES = [
  'http.request.method',
  'http.method',
  'http.route',
  'url.path',
  'http.target',
  'http.response.status_code',
  'http.status_code',
  'url.scheme',
  'http.scheme',
  'server.address',
  'net.host.name',
  'http.host',
  'server.port',
  'net.host.port',
  'http.request.body.size',
  'http.request_content_length',
  'http.response.body.size',
  'http.response_content_length',
] as const;

const SLOT = new Map<string, number>(READ_ATTRIBUTES.map((key, i) => [key, i]));

/** The slot of an attribute key, or -1 when the key is not read. */
function attributeSlot(key: string): number {
  return SLOT.get(key) ?? -1;
}

/** Values of the read attributes of one span, by slot (`undefined` when absent or not a string/number). */
type AttributeSlots = (string | number | undefined)[];

/** A slot array to reuse span after span (see {@link clearSlots}). */
function newSlots(): AttributeSlots {
  return new Array<string | number | undefined>(READ_ATTRIBUTES.length).fill(undefined);
}

function clearSlots(slots: AttributeSlots): void {
  slots.fill(undefined);
}

function asRecord(value: unknown): Raw | undefined {
  return typeof value === 'object' && value !== null ? (value as Raw) : undefined;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** An int64 as OTLP JSON writes it (a decimal string), a number, or a protobufjs `Long` from the protobuf reader. */
function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'object' && value !== null && typeof (value as Long).toNumber === 'function')
    return (value as Long).toNumber();
  return undefined;
}

/** The part of a protobufjs `Long` read here. */
interface Long {
  toNumber(): number;
}

/** The string or number an `AnyValue` holds (other kinds — arrays, maps, bytes — are not HTTP facts). */
function scalarOf(value: unknown): string | number | undefined {
  const v = asRecord(value);
  if (v === undefined) return undefined;
  // Own properties only: a decoded protobuf message answers every oneof member from its prototype's defaults.
  if (Object.hasOwn(v, 'stringValue') && typeof v.stringValue === 'string') return v.stringValue;
  if (Object.hasOwn(v, 'intValue') && v.intValue !== undefined && v.intValue !== null) return toNumber(v.intValue);
  if (Object.hasOwn(v, 'doubleValue') && typeof v.doubleValue === 'number') return v.doubleValue;
  return undefined;
}

function readAttributes(list: unknown, slots: AttributeSlots): void {
  for (const item of asArray(list)) {
    const kv = asRecord(item);
    const key = kv?.key;
    if (typeof key !== 'string') continue;
    const slot = attributeSlot(key);
    if (slot < 0) continue;
    const value = scalarOf(kv?.value);
    if (value !== undefined) slots[slot] = value;
  }
}

function serviceNameOf(resource: unknown): string | undefined {
  for (const item of asArray(asRecord(resource)?.attributes)) {
    const kv = asRecord(item);
    if (kv?.key !== 'service.name') continue;
    const value = scalarOf(kv.value);
    if (typeof value === 'string') return value;
  }
  return undefined;
}

function text(slots: AttributeSlots, first: number, last = first): string | undefined {
  for (let i = first; i <= last; i++) {
    const v = slots[i];
    if (typeof v === 'string' && v.length > 0) return v;
  }
  return undefined;
}

function int(slots: AttributeSlots, first: number, last = first): number | undefined {
  for (let i = first; i <= last; i++) {
    const v = slots[i];
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
    if (n !== undefined && Number.isInteger(n) && n >= 0) return n;
  }
  return undefined;
}

/** `http.target` is path + query: the query is cut here, before anything else sees it. */
function pathOnly(target: string): string {
  let end = target.length;
  const q = target.indexOf('?');
  if (q >= 0) end = q;
  const h = target.indexOf('#');
  if (h >= 0 && h < end) end = h;
  return end === target.length ? target : target.slice(0, end);
}

// Spans of one export request mostly start within the same second: its ISO prefix is made once.
let lastSecond = Number.NaN;
let lastPrefix = '';

/** ISO-8601 of a start time in milliseconds since the epoch; undefined when absent or out of range. */
function isoOfMillis(ms: number): string | undefined {
  if (!(ms > 0)) return undefined;
  const whole = Math.floor(ms);
  const second = Math.floor(whole / 1000);
  if (second !== lastSecond) {
    const date = new Date(second * 1000);
    if (Number.isNaN(date.getTime())) return undefined;
    const iso = date.toISOString();
    if (iso.length !== 24) {
      // Years past 9999 print with a sign and more digits: no prefix to reuse then.
      const exact = new Date(whole);
      return Number.isNaN(exact.getTime()) ? undefined : exact.toISOString();
    }
    lastSecond = second;
    lastPrefix = iso.slice(0, 20);
  }
  const milli = whole - second * 1000;
  return `${lastPrefix}${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}

/**
 * The facts of one HTTP server span from its read attributes, or undefined when it has no method (not an HTTP
 * span). `startMs` is the span's start in milliseconds since the epoch (NaN or 0 when absent).
 */
function spanFactsOf(slots: AttributeSlots, service: string | undefined, startMs: number): SpanFacts | undefined {
  const method = text(slots, 0, 1);
  if (method === undefined) return undefined;
  const facts: SpanFacts = { method: method.toUpperCase(), status: int(slots, 5, 6) ?? 0 };
  if (service !== undefined) facts.service = service;
  const route = text(slots, 2);
  if (route !== undefined) facts.route = pathOnly(route);
  const path = text(slots, 3, 4);
  if (path !== undefined) facts.path = pathOnly(path);
  const scheme = text(slots, 7, 8);
  if (scheme !== undefined) facts.scheme = scheme.toLowerCase();
  const host = text(slots, 9, 11);
  if (host !== undefined) facts.host = host;
  const port = int(slots, 12, 13);
  if (port !== undefined) facts.port = port;
  const requestSize = int(slots, 14, 15);
  if (requestSize !== undefined) facts.requestSize = requestSize;
  const responseSize = int(slots, 16, 17);
  if (responseSize !== undefined) facts.responseSize = responseSize;
  const time = isoOfMillis(startMs);
  if (time !== undefined) facts.time = time;
  return facts;
}

function isServer(kind: unknown): boolean {
  return kind === SPAN_KIND_SERVER || kind === 'SPAN_KIND_SERVER';
}

/** Counts of one export request: spans read, and those left out for not being HTTP server spans. */
export interface SpanCounts {
  spans: number;
  skipped: number;
}

/**
 * Walks an OTLP JSON export request (`resourceSpans[].scopeSpans[].spans[]`) and yields the facts of each HTTP SERVER span.
 * Client, internal and producer/consumer spans, and server spans without a method, are counted in `counts.skipped`.
 */
export function* readServerSpans(
  request: unknown,
  counts: SpanCounts = { spans: 0, skipped: 0 },
): Generator<SpanFacts> {
  const slots = newSlots();
  for (const rs of asArray(asRecord(request)?.resourceSpans)) {
    const resourceSpans = asRecord(rs);
    const service = serviceNameOf(resourceSpans?.resource);
    for (const ss of asArray(resourceSpans?.scopeSpans)) {
      for (const item of asArray(asRecord(ss)?.spans)) {
        counts.spans++;
        const span = asRecord(item);
        if (span === undefined || !isServer(span.kind)) {
          counts.skipped++;
          continue;
        }
        clearSlots(slots);
        readAttributes(span.attributes, slots);
        const start = toNumber(span.startTimeUnixNano);
        const facts = spanFactsOf(slots, service, start === undefined ? Number.NaN : start / 1e6);
        if (facts === undefined) {
          counts.skipped++;
          continue;
        }
        yield facts;
      }
    }
  }
}

/** Whether a parsed JSON value is an OTLP trace export request (the Collector file exporter writes one per line). */
export function isOtlpTraceRequest(value: unknown): boolean {
  const r = asRecord(value);
  return r !== undefined && Array.isArray(r.resourceSpans);
}
