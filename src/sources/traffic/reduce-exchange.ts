import { type ApiSurface, hostOfOrigin, toTemplatePath } from '../../model/index.js';
import { challengeSchemes, detectAuth } from './auth.js';
import type { Exchange } from './exchange.js';
import type { ExchangeShape, SegmentShape, ValueShape } from './exchange-shape.js';
import { headerValue, isCredentialHeader, isHeaderNameToken, isStandardHeader } from './headers.js';
import type { SpanFacts } from './otlp/server-spans.js';
import { own } from './records.js';
import { type DeferredJson, mediaTypeOf, reduceBody, safeDecode } from './reduce-body.js';
import { addTextValue, emptyValueShape, type ValueContext } from './reduce-value.js';
import { classifySegment, keyLooksLikeValue, PII_SEGMENT_KINDS } from './segment-kinds.js';
import { hashSeed, sketchEntry } from './sketch.js';
import { compileSpecMatcher, type SpecMatch } from './spec-matcher.js';

/** Options of {@link reduceExchange}. */
export interface ReduceOptions {
  /** The committed spec: URLs matching one of its paths take its template (static segments first). */
  documented?: ApiSurface;
  /**
   * Per-install secret the value sketches are keyed with. Without it, a random per-process key: sketches from two
   * processes then over-count distinct values when merged.
   */
  secret?: string;
  /** Keep static assets, CORS preflights and HTML page loads (skipped by default). */
  includeAssets?: boolean;
  /** Keep code-like enum literals (default true). */
  enumLiterals?: boolean;
  /** Time used when the exchange has none (ISO-8601); default: now. */
  now?: string;
}

/** Extensions split off the last segment (`/patients/1.json` → `{patientId}.json`). */
const KNOWN_EXTENSIONS = new Set([
  'json',
  'xml',
  'csv',
  'pdf',
  'txt',
  'ndjson',
  'yaml',
  'yml',
  'zip',
  'html',
  'xlsx',
  'docx',
]);
/** Static assets a browser capture is full of; never API operations. */
const ASSET_EXTENSIONS = new Set([
  'js',
  'mjs',
  'cjs',
  'css',
  'map',
  'png',
  'jpg',
  'jpeg',
  'gif',
  'svg',
  'ico',
  'webp',
  'avif',
  'bmp',
  'woff',
  'woff2',
  'ttf',
  'otf',
  'eot',
  'mp4',
  'webm',
  'mp3',
  'wav',
  'ogg',
  'wasm',
  'webmanifest',
]);
const ASSET_MEDIA =
  /^(?:image|font|audio|video)\/|^text\/(?:css|javascript)$|^application\/(?:javascript|x-javascript|wasm|manifest\+json)$/;

const URL_PARTS = /^(?:([A-Za-z][A-Za-z0-9+.-]*):)?\/\/([^/?#]*)/;

interface SplitUrl {
  origin?: string;
  path: string;
  query: string;
}

function splitUrl(url: string): SplitUrl {
  let rest = url;
  let origin: string | undefined;
  const m = URL_PARTS.exec(url);
  if (m !== null) {
    const scheme = (m[1] ?? 'https').toLowerCase();
    let host = (m[2] as string).toLowerCase();
    const at = host.lastIndexOf('@');
    if (at >= 0) host = host.slice(at + 1);
    if ((scheme === 'https' && host.endsWith(':443')) || (scheme === 'http' && host.endsWith(':80')))
      host = host.slice(0, host.lastIndexOf(':'));
    origin = `${scheme}://${reduceHost(host)}`;
    rest = url.slice(m[0].length);
  }
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const q = rest.indexOf('?');
  return { origin, path: q >= 0 ? rest.slice(0, q) : rest, query: q >= 0 ? rest.slice(q + 1) : '' };
}

/** Host labels that look like ids (tenant numbers, hashes) are replaced: only structure is kept. */
// Hosts that reduce to themselves are structure and may be remembered; reduced ones (tenant ids) never are.
const structuralHosts = new Set<string>();

function reduceHost(host: string): string {
  if (structuralHosts.has(host)) return host;
  const reduced = reduceHostLabels(host);
  if (reduced === host) {
    if (structuralHosts.size >= 1000) structuralHosts.clear();
    structuralHosts.add(host);
  }
  return reduced;
}

function reduceHostLabels(host: string): string {
  const m = /^(.*?)(:\d+)?$/.exec(host) as RegExpExecArray;
  const name = m[1] as string;
  if (/^[\d.:[\]]+$/.test(name)) return host;
  const labels = name.split('.');
  if (labels.length > 2 && classifySegment(labels[0] as string, 1) !== 'static') labels[0] = '{tenant}';
  return labels.join('.') + (m[2] ?? '');
}

function decodeSegment(raw: string): string {
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function parseQuery(query: string): [string, string][] {
  const out: [string, string][] = [];
  if (query.length === 0) return out;
  for (const part of query.split('&')) {
    if (part.length === 0) continue;
    const eq = part.indexOf('=');
    out.push([safeDecode(eq >= 0 ? part.slice(0, eq) : part), safeDecode(eq >= 0 ? part.slice(eq + 1) : '')]);
  }
  return out;
}

function isQueryNameKept(name: string): boolean {
  return name.length > 0 && name.length <= 128 && name !== '__proto__' && !keyLooksLikeValue(name) && !/\s/.test(name);
}

// Header name → the lower-case name to learn, or null when it is plumbing, credentials or not a token.
const headerVerdicts = new Map<string, string | null>();

function customHeaderNames(headers: readonly { name: string }[]): string[] {
  const out: string[] = [];
  for (const h of headers) {
    let verdict = headerVerdicts.get(h.name);
    if (verdict === undefined) {
      const name = h.name.toLowerCase();
      verdict = !isHeaderNameToken(name) || isStandardHeader(name) || isCredentialHeader(name) ? null : name;
      if (headerVerdicts.size >= 2000) headerVerdicts.clear();
      // Names failing the token test may be values pasted as names: never remember them.
      if (verdict !== null || isHeaderNameToken(name)) headerVerdicts.set(h.name, verdict);
    }
    if (verdict !== null && !out.includes(verdict)) out.push(verdict);
  }
  return out.sort();
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function toIso(time: string | undefined, fallback: string): string {
  if (time === undefined || time.length === 0) return fallback;
  if (time.length === 24 && ISO_UTC.test(time)) return time;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? fallback : new Date(ms).toISOString();
}

/**
 * Reduces path segments: documented constants and static-looking text stay as structure, everything else keeps only
 * its kind and a sketch entry. An `undefined` text is a value nobody saw (a route parameter of a span): its kind is
 * unknown and it leaves no sketch entry.
 */
function reduceSegments(
  texts: readonly (string | undefined)[],
  match: SpecMatch | undefined,
  seed: number,
): { segments: SegmentShape[]; piiInPath: boolean } {
  let piiInPath = false;
  const segments: SegmentShape[] = [];
  let previousStatic: string | undefined;
  for (let i = 0; i < texts.length; i++) {
    const raw = texts[i];
    if (raw === undefined) {
      segments.push({ kind: 'other' });
      previousStatic = undefined;
      continue;
    }
    let text = raw;
    let ext: string | undefined;
    if (match === undefined && i === texts.length - 1) {
      const d = text.lastIndexOf('.');
      const e = d > 0 ? text.slice(d + 1).toLowerCase() : '';
      if (KNOWN_EXTENSIONS.has(e)) {
        ext = e;
        text = text.slice(0, d);
      }
    }
    let kind = classifySegment(text, i, previousStatic);
    if (match !== undefined) {
      // Under a documented variable the text is a value whatever it looks like; a documented constant is structure.
      if (match.variable[i] && kind === 'static') kind = 'other';
      else if (!match.variable[i]) kind = 'static';
    }
    const seg: SegmentShape = { kind };
    if (kind === 'static') {
      seg.text = text;
      previousStatic = text;
    } else {
      seg.h = sketchEntry(text, seed);
      previousStatic = undefined;
      if (PII_SEGMENT_KINDS.has(kind)) piiInPath = true;
    }
    if (ext !== undefined) seg.ext = ext;
    segments.push(seg);
  }
  return { segments, piiInPath };
}

/**
 * Reduces one exchange to its value-free {@link ExchangeShape} — the only thing that leaves the edge. Returns
 * `null` for what is not an API call: static assets, OPTIONS (CORS preflights), HTML page loads (unless
 * `includeAssets`), `CONNECT`, and methods that are not tokens.
 */
export function reduceExchange(exchange: Exchange, options: ReduceOptions = {}): ExchangeShape | null {
  return reduceExchangeDeferred(exchange, options, false)?.shape ?? null;
}

/** An exchange shape whose JSON bodies were left parsed (in memory only) for the accumulator to reduce. */
export interface DeferredReduction {
  shape: ExchangeShape;
  request: DeferredJson;
  response: DeferredJson;
  ctx: ValueContext;
}

/**
 * {@link reduceExchange} for a caller that accumulates at once: with `defer`, parsed JSON bodies are returned beside
 * the shape instead of reduced into it (see {@link ShapeCollector.addDeferred}).
 */
export function reduceExchangeDeferred(
  exchange: Exchange,
  options: ReduceOptions,
  defer: boolean,
): DeferredReduction | null {
  const method = exchange.method.toUpperCase();
  // Only method tokens are kept; anything else is not an HTTP request worth a shape.
  if (method === 'CONNECT' || !/^[A-Z][A-Z_-]{0,23}$/.test(method)) return null;
  const url = splitUrl(exchange.url);
  const respType = headerValue(exchange.response.headers, 'content-type') ?? exchange.response.body?.mimeType;
  const respMedia = mediaTypeOf(respType);
  const rawSegments = url.path.split('/').filter((s) => s.length > 0);
  const lastRaw = rawSegments[rawSegments.length - 1] ?? '';
  const dot = lastRaw.lastIndexOf('.');
  const lastExt = dot > 0 ? lastRaw.slice(dot + 1).toLowerCase() : '';
  if (!options.includeAssets) {
    // CORS preflights and other OPTIONS requests are transport, not operations of the API.
    if (method === 'OPTIONS') return null;
    if (ASSET_EXTENSIONS.has(lastExt) || ASSET_MEDIA.test(respMedia)) return null;
    if (method === 'GET' && respMedia === 'text/html') return null;
  }

  const ctx: ValueContext = { seed: hashSeed(options.secret), literals: options.enumLiterals ?? true };
  let credentialInUrl = false;
  // Matrix parameters (`;jsessionid=…`) are stripped; a session id in the URL is a credential in the URL.
  const texts = rawSegments.map((raw) => {
    const semi = raw.indexOf(';');
    if (semi < 0) return decodeSegment(raw);
    if (/jsessionid|sid=|token=/i.test(raw.slice(semi))) credentialInUrl = true;
    return decodeSegment(raw.slice(0, semi));
  });
  const host = url.origin === undefined ? undefined : hostOfOrigin(url.origin);
  const match =
    options.documented === undefined
      ? undefined
      : compileSpecMatcher(options.documented)(texts, host === undefined ? [] : [host]);

  const { segments, piiInPath } = reduceSegments(texts, match, ctx.seed);

  const query: Record<string, ValueShape> = {};
  const queryNames: string[] = [];
  for (const [name, value] of parseQuery(url.query)) {
    const key = isQueryNameKept(name) ? name : '*';
    queryNames.push(name);
    let shape = own(query, key);
    if (shape === undefined) {
      shape = emptyValueShape();
      query[key] = shape;
    } else if (shape.count > 0 && !shape.types.array) {
      // A repeated key is an array parameter (`?tag=a&tag=b`).
      shape.types.array = 1;
    }
    addTextValue(shape, value, name, ctx);
  }
  const auth = detectAuth(exchange.request.headers, queryNames);
  for (const s of auth.schemes) if (s.in === 'query' && s.name !== undefined) delete query[s.name];

  const status = Number.isFinite(exchange.response.status) ? Math.trunc(exchange.response.status) : 0;
  const shape: ExchangeShape = {
    shape: 1,
    method,
    segments,
    query,
    requestHeaders: customHeaderNames(exchange.request.headers),
    responseHeaders: customHeaderNames(exchange.response.headers),
    auth: auth.schemes,
    credentials: auth.credentials || credentialInUrl,
    status,
    time: toIso(exchange.startedDateTime, options.now ?? new Date().toISOString()),
  };
  if (url.origin !== undefined) shape.origin = url.origin;
  if (url.path.length > 1 && url.path.endsWith('/')) shape.trailingSlash = true;
  if (match !== undefined) shape.template = match.template;
  const challenge = headerValue(exchange.response.headers, 'www-authenticate');
  if (challenge !== undefined) {
    const schemes = challengeSchemes(challenge);
    if (schemes.length > 0) shape.challenges = schemes;
  }
  const requestJson: DeferredJson = {};
  const responseJson: DeferredJson = {};
  const request = reduceBody(
    exchange.request.body,
    headerValue(exchange.request.headers, 'content-type'),
    headerValue(exchange.request.headers, 'content-encoding'),
    ctx,
    defer ? requestJson : undefined,
  );
  if (request !== undefined) shape.request = request;
  if (status !== 204 && status !== 304 && method !== 'HEAD') {
    const response = reduceBody(
      exchange.response.body,
      respType,
      headerValue(exchange.response.headers, 'content-encoding'),
      ctx,
      defer ? responseJson : undefined,
    );
    if (response !== undefined) shape.response = response;
  }
  if (piiInPath) shape.piiInPath = true;
  if (auth.credentialInUrl || credentialInUrl) shape.credentialInUrl = true;
  return { shape, request: requestJson, response: responseJson, ctx };
}

/** Whether a parsed JSON value is an {@link ExchangeShape} (e.g. a line of a `record --out` file). */
export function isExchangeShape(value: unknown): value is ExchangeShape {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { shape?: unknown }).shape === 1 &&
    typeof (value as { method?: unknown }).method === 'string' &&
    Array.isArray((value as { segments?: unknown }).segments)
  );
}

// A span repeats its service's few routes and origins: both are structure, so their parsing is remembered (bounded;
// an origin only when it reduced to itself, so a tenant id in a host name is never kept).
const routeCache = new Map<string, readonly (string | undefined)[]>();
const originCache = new Map<string, string | undefined>();

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= 2000) cache.clear();
  cache.set(key, value);
  return value;
}

/** A route's constant segments, and `undefined` for each parameter (a value nobody saw). */
function routeTexts(route: string): readonly (string | undefined)[] {
  const known = routeCache.get(route);
  if (known !== undefined) return known;
  const texts = toTemplatePath(route)
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => (s.includes('{') ? undefined : s));
  return remember(routeCache, route, texts);
}

/** The origin of a span's `server.address`, port and scheme, reduced as a URL's would be. */
function spanOrigin(address: string, scheme: string | undefined, port: number | undefined): string | undefined {
  const key = `${scheme}|${address}|${port}`;
  if (originCache.has(key)) return originCache.get(key);
  if (!/^[A-Za-z0-9.\-[\]:]+$/.test(address)) return undefined;
  const s = scheme === 'http' || scheme === 'https' ? scheme : 'https';
  const p = port === undefined || (address.includes(':') && !address.startsWith('[')) ? '' : `:${port}`;
  const origin = splitUrl(`${s}://${address}${p}/`).origin;
  return origin?.includes('{') ? origin : remember(originCache, key, origin);
}

/**
 * Reduces one HTTP server span ({@link SpanFacts}) to an {@link ExchangeShape} marked `span`: method, path (the
 * route template when the span names one, else `url.path` reduced like any URL), status, origin and body sizes.
 * Nothing else of the span reaches the shape. Returns `null` for what is not an API call (as for exchanges).
 */
export function reduceSpan(facts: SpanFacts, options: ReduceOptions = {}): ExchangeShape | null {
  const method = facts.method.toUpperCase();
  if (method === 'CONNECT' || method === '_OTHER' || !/^[A-Z][A-Z_-]{0,23}$/.test(method)) return null;
  if (method === 'OPTIONS' && !options.includeAssets) return null;
  const origin = facts.host === undefined ? undefined : spanOrigin(facts.host, facts.scheme, facts.port);
  const host = origin === undefined ? undefined : hostOfOrigin(origin);
  const matcher = options.documented === undefined ? undefined : compileSpecMatcher(options.documented);
  let texts: readonly (string | undefined)[];
  let match: SpecMatch | undefined;
  let credentialInUrl = false;
  if (facts.route !== undefined) {
    // The framework's own route: its constants are structure, its parameters values nobody saw.
    texts = routeTexts(facts.route);
    match = matcher?.(texts, host === undefined ? [] : [host]) ?? {
      template: '',
      variable: texts.map((t) => t === undefined),
    };
  } else if (facts.path !== undefined) {
    const path = splitUrl(facts.path).path;
    const ext = path.slice(path.lastIndexOf('/') + 1);
    const dot = ext.lastIndexOf('.');
    if (!options.includeAssets && dot > 0 && ASSET_EXTENSIONS.has(ext.slice(dot + 1).toLowerCase())) return null;
    texts = path
      .split('/')
      .filter((s) => s.length > 0)
      .map((raw) => {
        const semi = raw.indexOf(';');
        if (semi < 0) return decodeSegment(raw);
        if (/jsessionid|sid=|token=/i.test(raw.slice(semi))) credentialInUrl = true;
        return decodeSegment(raw.slice(0, semi));
      });
    match = matcher?.(texts, host === undefined ? [] : [host]);
  } else return null;
  const { segments, piiInPath } = reduceSegments(texts, match, hashSeed(options.secret));
  const shape: ExchangeShape = {
    shape: 1,
    method,
    segments,
    query: {},
    requestHeaders: [],
    responseHeaders: [],
    auth: [],
    credentials: false,
    status: facts.status,
    time: toIso(facts.time, options.now ?? new Date().toISOString()),
    span: true,
  };
  if (origin !== undefined) shape.origin = origin;
  if (match !== undefined && match.template !== '') shape.template = match.template;
  const sizes: { request?: number; response?: number } = {};
  if (facts.requestSize !== undefined) sizes.request = facts.requestSize;
  if (facts.responseSize !== undefined) sizes.response = facts.responseSize;
  if (sizes.request !== undefined || sizes.response !== undefined) shape.sizes = sizes;
  if (piiInPath) shape.piiInPath = true;
  if (credentialInUrl) shape.credentialInUrl = true;
  return shape;
}
