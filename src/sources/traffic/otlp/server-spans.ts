/**
 * OTLP trace export requests (protobuf-decoded or OTLP JSON: the same camelCase structure) read into the few facts
 * of each SERVER span that the HTTP semantic conventions define. Only the attributes named below are ever read; every
 * other attribute (custom ones, `enduser.*`, `url.query`, `url.full`, headers) is never looked at, so nothing else
 * leaves this module.
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

/** The attributes read, by key; everything else is skipped without reading its value. */
const READ = new Set([
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
]);

function asRecord(value: unknown): Raw | undefined {
  return typeof value === 'object' && value !== null ? (value as Raw) : undefined;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** An int64 as protobufjs (number, or a Long-like `{low, high}`) or OTLP JSON (a decimal string) writes it. */
function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  const long = asRecord(value);
  if (long && typeof long.low === 'number' && typeof long.high === 'number')
    return long.high * 4294967296 + (long.low >>> 0);
  return undefined;
}

/** The string or number an `AnyValue` holds (other kinds — arrays, maps, bytes — are not HTTP facts). */
function scalarOf(value: unknown): string | number | undefined {
  const v = asRecord(value);
  if (v === undefined) return undefined;
  // Only the field that is set: a decoded protobuf message has every field's default on its prototype.
  if (Object.hasOwn(v, 'stringValue') && typeof v.stringValue === 'string') return v.stringValue;
  if (Object.hasOwn(v, 'intValue') && v.intValue !== null) return toNumber(v.intValue);
  if (Object.hasOwn(v, 'doubleValue') && typeof v.doubleValue === 'number') return v.doubleValue;
  return undefined;
}

function readAttributes(list: unknown): Map<string, string | number> {
  const out = new Map<string, string | number>();
  for (const item of asArray(list)) {
    const kv = asRecord(item);
    const key = kv?.key;
    if (typeof key !== 'string' || !READ.has(key)) continue;
    const value = scalarOf(kv?.value);
    if (value !== undefined) out.set(key, value);
  }
  return out;
}

function serviceNameOf(resource: unknown): string | undefined {
  for (const item of asArray(asRecord(resource)?.attributes)) {
    const kv = asRecord(item);
    if (kv?.key !== 'service.name') continue;
    const value = scalarOf(kv.value);
    return typeof value === 'string' ? value : undefined;
  }
  return undefined;
}

function text(attrs: Map<string, string | number>, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = attrs.get(k);
    if (typeof v === 'string' && v.length > 0) return v;
  }
  return undefined;
}

function int(attrs: Map<string, string | number>, ...keys: string[]): number | undefined {
  for (const k of keys) {
    const v = attrs.get(k);
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
    if (n !== undefined && Number.isInteger(n) && n >= 0) return n;
  }
  return undefined;
}

function isServer(kind: unknown): boolean {
  return kind === SPAN_KIND_SERVER || kind === 'SPAN_KIND_SERVER';
}

/** `http.target` is path + query: the query is cut here, before anything else sees it. */
function pathOnly(target: string): string {
  let end = target.length;
  const q = target.indexOf('?');
  if (q >= 0) end = q;
  const h = target.indexOf('#');
  if (h >= 0 && h < end) end = h;
  return target.slice(0, end);
}

function isoOf(nanos: unknown): string | undefined {
  const n = toNumber(nanos);
  if (n === undefined || n <= 0) return undefined;
  const ms = Math.floor(n / 1e6);
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Counts of one export request: spans read, and those left out for not being HTTP server spans. */
export interface SpanCounts {
  spans: number;
  skipped: number;
}

/**
 * Walks an export request (`resourceSpans[].scopeSpans[].spans[]`) and yields the facts of each HTTP SERVER span.
 * Client, internal and producer/consumer spans, and server spans without a method, are counted in `counts.skipped`.
 */
export function* readServerSpans(
  request: unknown,
  counts: SpanCounts = { spans: 0, skipped: 0 },
): Generator<SpanFacts> {
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
        const attrs = readAttributes(span.attributes);
        const method = text(attrs, 'http.request.method', 'http.method');
        if (method === undefined) {
          counts.skipped++;
          continue;
        }
        const facts: SpanFacts = {
          method: method.toUpperCase(),
          status: int(attrs, 'http.response.status_code', 'http.status_code') ?? 0,
        };
        if (service !== undefined) facts.service = service;
        const route = text(attrs, 'http.route');
        if (route !== undefined) facts.route = pathOnly(route);
        const path = text(attrs, 'url.path') ?? text(attrs, 'http.target');
        if (path !== undefined) facts.path = pathOnly(path);
        const scheme = text(attrs, 'url.scheme', 'http.scheme');
        if (scheme !== undefined) facts.scheme = scheme.toLowerCase();
        const host = text(attrs, 'server.address', 'net.host.name', 'http.host');
        if (host !== undefined) facts.host = host;
        const port = int(attrs, 'server.port', 'net.host.port');
        if (port !== undefined) facts.port = port;
        const requestSize = int(attrs, 'http.request.body.size', 'http.request_content_length');
        if (requestSize !== undefined) facts.requestSize = requestSize;
        const responseSize = int(attrs, 'http.response.body.size', 'http.response_content_length');
        if (responseSize !== undefined) facts.responseSize = responseSize;
        const time = isoOf(span.startTimeUnixNano);
        if (time !== undefined) facts.time = time;
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
