import type { AuthStats, BodyStats, ResponseStats, SegmentStats, ShapeAccumulator } from './accumulator-types.js';
import { authSchemeId } from './auth.js';
import type { BodyShape, ExchangeShape, SegmentShape, ValueShape } from './exchange-shape.js';
import { bump, isSafeKey, own, slot } from './records.js';
import { addToSketch, copySketch, mergeSketchInto } from './sketch.js';

/** How a segment renders in an accumulator key: its text when static, `{}` otherwise, plus the extension. */
export function segmentToken(seg: Pick<SegmentShape, 'kind' | 'text' | 'ext'>): string {
  const base = seg.kind === 'static' ? (seg.text ?? '') : '{}';
  return seg.ext === undefined ? base : `${base}.${seg.ext}`;
}

/** The identity exchanges accumulate under: `GET /api/v1/patients/{}`, or the documented template erased. */
export function accumulatorKey(shape: Pick<ExchangeShape, 'method' | 'segments' | 'template'>): string {
  if (shape.template !== undefined) return `${shape.method} ${shape.template.replace(/\{[^}]*\}/g, '{}')}`;
  return `${shape.method} /${shape.segments.map(segmentToken).join('/')}`;
}

const add = bump;

function addAll(into: Record<string, number>, from: Record<string, number> | undefined): void {
  if (from === undefined) return;
  // for-in over own keys: no array per call on this hot path.
  for (const k in from) {
    if (!Object.hasOwn(from, k)) continue;
    const n = from[k];
    if (typeof n === 'number') bump(into, k, n);
  }
}

/** Widens range `a` by `b` in place (or copies `b` when `a` is absent) and returns it. */
function mergeRange(a: [number, number] | undefined, b: [number, number] | undefined): [number, number] | undefined {
  if (b === undefined) return a;
  if (a === undefined) return [b[0], b[1]];
  if (b[0] < a[0]) a[0] = b[0];
  if (b[1] > a[1]) a[1] = b[1];
  return a;
}

/** A deep copy of a value shape. */
export function copyValueShape(s: ValueShape): ValueShape {
  return mergeValueShapeInto({ count: 0, types: {} }, s);
}

/** Adds value shape `from` into `into` (in place) and returns `into`. */
export function mergeValueShapeInto(into: ValueShape, from: ValueShape): ValueShape {
  into.count += from.count;
  addAll(into.types as Record<string, number>, from.types as Record<string, number>);
  if (from.formats !== undefined) {
    into.formats ??= {};
    addAll(into.formats as Record<string, number>, from.formats as Record<string, number>);
  }
  if (from.kinds !== undefined) {
    into.kinds ??= {};
    addAll(into.kinds as Record<string, number>, from.kinds as Record<string, number>);
  }
  const length = mergeRange(into.length, from.length);
  if (length !== undefined) into.length = length;
  const itemCount = mergeRange(into.itemCount, from.itemCount);
  if (itemCount !== undefined) into.itemCount = itemCount;
  if (from.properties !== undefined) {
    into.properties ??= {};
    const props = into.properties;
    for (const key in from.properties) {
      if (!Object.hasOwn(from.properties, key) || !isSafeKey(key)) continue;
      const child = from.properties[key] as ValueShape;
      const existing = own(props, key);
      if (existing === undefined) props[key] = copyValueShape(child);
      else mergeValueShapeInto(existing, child);
    }
  }
  if (from.items !== undefined) {
    if (into.items === undefined) into.items = copyValueShape(from.items);
    else mergeValueShapeInto(into.items, from.items);
  }
  if (from.mapValues !== undefined) {
    if (into.mapValues === undefined) into.mapValues = copyValueShape(from.mapValues);
    else mergeValueShapeInto(into.mapValues, from.mapValues);
  }
  if (from.distinct !== undefined) {
    if (into.distinct === undefined) into.distinct = copySketch(from.distinct);
    else mergeSketchInto(into.distinct, from.distinct);
  }
  if (from.literalsOverflow || into.literalsOverflow) {
    into.literalsOverflow = true;
    delete into.literals;
  } else if (from.literals !== undefined) {
    into.literals ??= {};
    const lits = into.literals;
    addAll(lits, from.literals);
    if (Object.keys(lits).length > 20) {
      delete into.literals;
      into.literalsOverflow = true;
    }
  }
  if (from.truncated) into.truncated = true;
  return into;
}

/** The sum of two value shapes, as a new shape. */
export function mergeValueShapes(a: ValueShape, b: ValueShape): ValueShape {
  return mergeValueShapeInto(copyValueShape(a), b);
}

function addBody(stats: Record<string, BodyStats>, body: BodyShape): void {
  const s = slot<BodyStats>(stats, body.mediaType, () => ({ count: 0 }));
  if (s === undefined) return;
  s.count++;
  if (body.json !== undefined) {
    if (s.json === undefined) s.json = copyValueShape(body.json);
    else mergeValueShapeInto(s.json, body.json);
  }
  if (body.form !== undefined) {
    if (s.form === undefined) s.form = copyValueShape(body.form);
    else mergeValueShapeInto(s.form, body.form);
  }
  if (body.unparsed) s.unparsed = (s.unparsed ?? 0) + 1;
  if (body.size > (s.maxSize ?? 0)) s.maxSize = body.size;
}

function mergeBodyStats(into: Record<string, BodyStats>, from: Record<string, BodyStats>): void {
  for (const media of Object.keys(from)) {
    const f = from[media] as BodyStats;
    const s = slot<BodyStats>(into, media, () => ({ count: 0 }));
    if (s === undefined) continue;
    s.count += f.count;
    if (f.json !== undefined)
      s.json = s.json === undefined ? copyValueShape(f.json) : mergeValueShapeInto(s.json, f.json);
    if (f.form !== undefined)
      s.form = s.form === undefined ? copyValueShape(f.form) : mergeValueShapeInto(s.form, f.form);
    if (f.unparsed) s.unparsed = (s.unparsed ?? 0) + f.unparsed;
    if ((f.maxSize ?? 0) > (s.maxSize ?? 0)) s.maxSize = f.maxSize as number;
  }
}

function emptyResponse(): ResponseStats {
  return { count: 0, headers: {}, content: {}, empty: 0 };
}

function emptyAuth(): AuthStats {
  return { withCredentials: 0, withoutCredentials: 0, successWithoutCredentials: 0, schemes: {}, combinations: {} };
}

/** An empty accumulator for the key of `shape` (no exchange added yet). */
export function emptyAccumulator(shape: ExchangeShape): ShapeAccumulator {
  const acc: ShapeAccumulator = {
    version: 1,
    key: accumulatorKey(shape),
    method: shape.method,
    segments: shape.segments.map((s) => {
      const stats: SegmentStats = {};
      if (s.kind === 'static') stats.text = s.text ?? '';
      if (s.ext !== undefined) stats.ext = s.ext;
      return stats;
    }),
    count: 0,
    firstSeen: shape.time,
    lastSeen: shape.time,
    origins: {},
    query: {},
    requestHeaders: {},
    requestSamples: 0,
    request: {},
    responses: {},
    auth: emptyAuth(),
  };
  if (shape.template !== undefined) acc.template = shape.template;
  return acc;
}

/** A new accumulator holding one exchange shape. */
export function createAccumulator(shape: ExchangeShape): ShapeAccumulator {
  const acc = emptyAccumulator(shape);
  addShape(acc, shape);
  return acc;
}

/** Adds one exchange shape into an accumulator of the same key (in place). */
export function addShape(acc: ShapeAccumulator, shape: ExchangeShape): void {
  acc.count++;
  if (shape.time < acc.firstSeen) acc.firstSeen = shape.time;
  if (shape.time > acc.lastSeen) acc.lastSeen = shape.time;
  if (shape.origin !== undefined) add(acc.origins, shape.origin);
  for (let i = 0; i < shape.segments.length && i < acc.segments.length; i++) {
    const seg = shape.segments[i] as SegmentShape;
    const stats = acc.segments[i] as SegmentStats;
    if (seg.kind === 'static' && stats.text !== undefined) continue;
    stats.kinds ??= {};
    add(stats.kinds as Record<string, number>, seg.kind);
    if (seg.h !== undefined) {
      stats.distinct ??= {};
      addToSketch(stats.distinct, seg.h);
    }
  }
  if (shape.trailingSlash) acc.trailingSlash = (acc.trailingSlash ?? 0) + 1;
  for (const name of Object.keys(shape.query)) {
    if (!isSafeKey(name)) continue;
    const q = shape.query[name] as ValueShape;
    const existing = own(acc.query, name);
    // Per exchange, a parameter counts once however often it repeats.
    const one = q.count > 1 ? { ...q, count: 1 } : q;
    if (existing === undefined) acc.query[name] = copyValueShape(one);
    else mergeValueShapeInto(existing, one);
  }
  if (shape.span) {
    // A span tells the operation, status and sizes; nothing about credentials, headers or bodies.
    acc.spans = (acc.spans ?? 0) + 1;
    const response = slot(acc.responses, String(shape.status), emptyResponse);
    if (response !== undefined) response.count++;
    if (shape.sizes !== undefined) addSizes(acc, shape.sizes);
    if (shape.piiInPath) acc.piiInPath = (acc.piiInPath ?? 0) + 1;
    return;
  }
  for (const h of shape.requestHeaders) add(acc.requestHeaders, h);
  const success = shape.status >= 200 && shape.status < 300;
  if (shape.status > 0 && shape.status < 400) {
    acc.requestSamples++;
    if (shape.request !== undefined) addBody(acc.request, shape.request);
  }
  const status = String(shape.status);
  const resp = slot(acc.responses, status, emptyResponse) as ResponseStats;
  resp.count++;
  for (const h of shape.responseHeaders) add(resp.headers, h);
  if (shape.response === undefined) resp.empty++;
  else addBody(resp.content, shape.response);
  const auth = acc.auth;
  if (shape.credentials) auth.withCredentials++;
  else {
    auth.withoutCredentials++;
    if (success) auth.successWithoutCredentials++;
  }
  const ids: string[] = [];
  for (const s of shape.auth) {
    const id = authSchemeId(s);
    ids.push(id);
    const entry = slot(auth.schemes, id, () => ({ scheme: { ...s }, count: 0 }));
    if (entry !== undefined) entry.count++;
  }
  // Security alternatives come from what the server accepted: a rejected attempt (401/403) proves nothing, and
  // anonymous access counts only when it was answered with success.
  const rejected = shape.status === 401 || shape.status === 403;
  if (!rejected && (ids.length > 0 || (shape.status >= 200 && shape.status < 400))) {
    add(auth.combinations, ids.sort().join('+'));
  }
  if (shape.challenges !== undefined) {
    auth.challenges ??= {};
    for (const c of shape.challenges) add(auth.challenges, c);
  }
  if (shape.piiInPath) acc.piiInPath = (acc.piiInPath ?? 0) + 1;
  if (shape.credentialInUrl) acc.credentialInUrl = (acc.credentialInUrl ?? 0) + 1;
}

/** Adds accumulator `from` into `into` (in place); they should share a key, or be re-keyed by templating. */
export function mergeAccumulatorInto(into: ShapeAccumulator, from: ShapeAccumulator): ShapeAccumulator {
  into.count += from.count;
  if (from.firstSeen < into.firstSeen) into.firstSeen = from.firstSeen;
  if (from.lastSeen > into.lastSeen) into.lastSeen = from.lastSeen;
  addAll(into.origins, from.origins);
  for (let i = 0; i < from.segments.length && i < into.segments.length; i++) {
    const f = from.segments[i] as SegmentStats;
    const s = into.segments[i] as SegmentStats;
    if (s.text !== undefined && f.text !== undefined && s.text === f.text) continue;
    if (s.text !== undefined && f.text !== s.text) {
      // A static position merging with another text becomes a variable one; the texts are not kept.
      delete s.text;
      s.kinds ??= {};
      add(s.kinds as Record<string, number>, 'static', into.count - from.count);
    }
    s.kinds ??= {};
    if (f.text !== undefined) add(s.kinds as Record<string, number>, 'static', from.count);
    addAll(s.kinds as Record<string, number>, f.kinds as Record<string, number> | undefined);
    if (f.distinct !== undefined) {
      if (s.distinct === undefined) s.distinct = copySketch(f.distinct);
      else mergeSketchInto(s.distinct, f.distinct);
    }
  }
  if (from.trailingSlash) into.trailingSlash = (into.trailingSlash ?? 0) + from.trailingSlash;
  for (const name of Object.keys(from.query)) {
    if (!isSafeKey(name)) continue;
    const q = from.query[name] as ValueShape;
    const existing = own(into.query, name);
    if (existing === undefined) into.query[name] = copyValueShape(q);
    else mergeValueShapeInto(existing, q);
  }
  addAll(into.requestHeaders, from.requestHeaders);
  into.requestSamples += from.requestSamples;
  mergeBodyStats(into.request, from.request);
  for (const status of Object.keys(from.responses)) {
    const f = from.responses[status] as ResponseStats;
    const r = slot(into.responses, status, emptyResponse);
    if (r === undefined) continue;
    r.count += f.count;
    r.empty += f.empty;
    addAll(r.headers, f.headers);
    mergeBodyStats(r.content, f.content);
  }
  const a = into.auth;
  const b = from.auth;
  a.withCredentials += b.withCredentials;
  a.withoutCredentials += b.withoutCredentials;
  a.successWithoutCredentials += b.successWithoutCredentials;
  for (const id of Object.keys(b.schemes)) {
    const e = b.schemes[id] as AuthStats['schemes'][string];
    const t = slot(a.schemes, id, () => ({ scheme: { ...e.scheme }, count: 0 }));
    if (t !== undefined) t.count += e.count;
  }
  addAll(a.combinations, b.combinations);
  if (b.challenges !== undefined) {
    a.challenges ??= {};
    addAll(a.challenges, b.challenges);
  }
  if (from.piiInPath) into.piiInPath = (into.piiInPath ?? 0) + from.piiInPath;
  if (from.credentialInUrl) into.credentialInUrl = (into.credentialInUrl ?? 0) + from.credentialInUrl;
  if (from.spans) into.spans = (into.spans ?? 0) + from.spans;
  if (from.maxSizes !== undefined) addSizes(into, from.maxSizes);
  return into;
}

function addSizes(acc: ShapeAccumulator, sizes: { request?: number; response?: number }): void {
  for (const side of ['request', 'response'] as const) {
    const n = sizes[side];
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) continue;
    acc.maxSizes ??= {};
    acc.maxSizes[side] = Math.max(acc.maxSizes[side] ?? 0, n);
  }
}

/** A deep copy of an accumulator. */
export function copyAccumulator(acc: ShapeAccumulator): ShapeAccumulator {
  const copy: ShapeAccumulator = {
    ...acc,
    segments: acc.segments.map((s) => {
      const c: SegmentStats = {};
      if (s.text !== undefined) c.text = s.text;
      if (s.ext !== undefined) c.ext = s.ext;
      return c;
    }),
    count: 0,
    origins: {},
    query: {},
    requestHeaders: {},
    requestSamples: 0,
    request: {},
    responses: {},
    auth: emptyAuth(),
  };
  delete copy.trailingSlash;
  delete copy.piiInPath;
  delete copy.credentialInUrl;
  delete copy.spans;
  delete copy.maxSizes;
  return mergeAccumulatorInto(copy, acc);
}

/** The sum of two accumulators of the same key, as a new accumulator (neither input changes). */
export function mergeAccumulators(a: ShapeAccumulator, b: ShapeAccumulator): ShapeAccumulator {
  return mergeAccumulatorInto(copyAccumulator(a), b);
}
