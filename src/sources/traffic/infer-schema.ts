import type { ObservedValueStats, Schema, SchemaType } from '../../model/index.js';
import { mergeValueShapeInto } from './accumulator.js';
import type { StringFormat, ValueShape } from './exchange-shape.js';
import { isSafeKey } from './records.js';
import { estimateDistinct } from './sketch.js';

/** The thresholds of the inference rules (research B8); one place to tune. */
export interface InferenceThresholds {
  /** Parent samples needed before a property may be `required`. */
  requiredMinSamples: number;
  /** Share of non-null strings that must match a format. */
  formatRatio: number;
  formatMinSamples: number;
  enumMaxDistinct: number;
  /** Larger enum allowance once this many samples were seen. */
  enumLargeSamples: number;
  enumLargeMaxDistinct: number;
  enumMinSamples: number;
  enumMaxRatio: number;
  enumMinPerLiteral: number;
  /** An object with more distinct keys than this, each seen rarely, is a map. */
  mapMinKeys: number;
}

export const DEFAULT_THRESHOLDS: InferenceThresholds = {
  requiredMinSamples: 5,
  formatRatio: 0.98,
  formatMinSamples: 5,
  enumMaxDistinct: 10,
  enumLargeSamples: 500,
  enumLargeMaxDistinct: 20,
  enumMinSamples: 30,
  enumMaxRatio: 0.1,
  enumMinPerLiteral: 5,
  mapMinKeys: 50,
};

const FORMAT_PRIORITY: StringFormat[] = ['date-time', 'date', 'uuid', 'email', 'uri', 'ipv4', 'ipv6'];
const TYPE_ORDER: SchemaType[] = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'];

/** The observed statistics of a value shape, as the model carries them on a schema. */
export function observedStats(shape: ValueShape, parentSamples?: number): ObservedValueStats {
  const stats: ObservedValueStats = {
    samples: shape.count,
    nulls: shape.types.null ?? 0,
    hits: { ...(shape.kinds ?? {}) } as Record<string, number>,
  };
  if (parentSamples !== undefined) stats.parentSamples = parentSamples;
  if (shape.distinct !== undefined) stats.distinct = estimateDistinct(shape.distinct);
  const strings = shape.types.string ?? 0;
  if (strings > 0) {
    stats.strings = strings;
    if (shape.formats !== undefined) stats.formats = { ...shape.formats } as Record<string, number>;
    if (shape.length !== undefined) {
      stats.minLength = shape.length[0];
      stats.maxLength = shape.length[1];
    }
  }
  if (shape.truncated) stats.truncated = true;
  return stats;
}

function formatOf(shape: ValueShape, t: InferenceThresholds): string | undefined {
  const strings = shape.types.string ?? 0;
  if (strings < t.formatMinSamples || shape.formats === undefined) return undefined;
  for (const f of FORMAT_PRIORITY) {
    const hits = shape.formats[f] ?? 0;
    if (hits / strings >= t.formatRatio) return f;
  }
  return undefined;
}

function enumOf(shape: ValueShape, t: InferenceThresholds): string[] | undefined {
  const lits = shape.literals;
  if (lits === undefined || shape.literalsOverflow) return undefined;
  const strings = shape.types.string ?? 0;
  const nonNull = shape.count - (shape.types.null ?? 0);
  if (strings !== nonNull || strings < t.enumMinSamples) return undefined;
  const entries = Object.entries(lits);
  let total = 0;
  for (const [, n] of entries) {
    if (n < t.enumMinPerLiteral) return undefined;
    total += n;
  }
  // Every string must have been an eligible literal, else the enum would be a lie.
  if (total !== strings) return undefined;
  const maxDistinct = strings >= t.enumLargeSamples ? t.enumLargeMaxDistinct : t.enumMaxDistinct;
  if (entries.length > maxDistinct || entries.length / strings > t.enumMaxRatio) return undefined;
  if (shape.kinds !== undefined && Object.values(shape.kinds).some((n) => (n ?? 0) > 0)) return undefined;
  return entries.map(([k]) => k).sort();
}

function isMap(shape: ValueShape, t: InferenceThresholds): boolean {
  const props = shape.properties;
  if (props === undefined) return false;
  const keys = Object.keys(props);
  if (keys.length <= t.mapMinKeys) return false;
  const objects = shape.types.object ?? 0;
  const rare = keys.filter((k) => (props[k] as ValueShape).count / Math.max(1, objects) < 0.2).length;
  return rare / keys.length >= 0.8;
}

/**
 * Infers a normalised JSON Schema from a value shape (research B3.2): types with `null` for nullable, `integer`
 * widened to `number` on any fraction, `format` at ≥ 98% of ≥ 5 strings, `enum` only for code-like non-PII
 * literals with enough support, `required` for properties present in every one of ≥ 5 parents, maps as
 * `additionalProperties`. Each node carries its `observed` statistics.
 */
export function inferSchema(
  shape: ValueShape,
  t: InferenceThresholds = DEFAULT_THRESHOLDS,
  parentSamples?: number,
): Schema {
  const types = new Set<SchemaType>();
  for (const [k, n] of Object.entries(shape.types)) if ((n ?? 0) > 0) types.add(k as SchemaType);
  if (types.has('number')) types.delete('integer');
  const schema: Schema = {};
  const nonNull = [...types].filter((x) => x !== 'null');
  const structured = nonNull.filter((x) => x === 'object' || x === 'array');
  if (structured.length > 0 && nonNull.length > 1) {
    // Object-vs-array or structured-vs-primitive conflicts become alternatives; primitives stay one branch.
    const branches: Schema[] = [];
    const primitives = nonNull.filter((x) => x !== 'object' && x !== 'array');
    if (primitives.length > 0) branches.push(primitiveSchema(shape, primitives as SchemaType[], t));
    for (const s of structured) branches.push(structuredSchema(shape, s, t));
    schema.oneOf = branches;
    if (types.has('null')) schema.type = ['null'];
  } else {
    if (types.size > 0) schema.type = TYPE_ORDER.filter((x) => types.has(x));
    if (nonNull.length === 1 && nonNull[0] === 'object')
      Object.assign(schema, structuredSchema(shape, 'object', t, false));
    else if (nonNull.length === 1 && nonNull[0] === 'array')
      Object.assign(schema, structuredSchema(shape, 'array', t, false));
    else if (nonNull.length > 0) {
      const p = primitiveSchema(shape, nonNull, t, false);
      if (p.format !== undefined) schema.format = p.format;
      if (p.enum !== undefined) schema.enum = types.has('null') ? [...p.enum, null] : p.enum;
    }
  }
  schema.observed = observedStats(shape, parentSamples);
  return schema;
}

function primitiveSchema(shape: ValueShape, types: SchemaType[], t: InferenceThresholds, typed = true): Schema {
  const s: Schema = {};
  if (typed) s.type = TYPE_ORDER.filter((x) => types.includes(x));
  if (types.length === 1 && types[0] === 'string') {
    const format = formatOf(shape, t);
    if (format !== undefined) s.format = format;
    const e = enumOf(shape, t);
    if (e !== undefined) s.enum = e;
  }
  return s;
}

function structuredSchema(shape: ValueShape, type: 'object' | 'array', t: InferenceThresholds, typed = true): Schema {
  const s: Schema = typed ? { type: [type] } : {};
  if (type === 'array') {
    if (shape.items !== undefined) s.items = inferSchema(shape.items, t);
    return s;
  }
  const objects = shape.types.object ?? 0;
  if (isMap(shape, t)) {
    const values = [...Object.values(shape.properties ?? {}), ...(shape.mapValues ? [shape.mapValues] : [])];
    s.additionalProperties = inferSchema(values.length === 1 ? (values[0] as ValueShape) : mergeAll(values), t);
    return s;
  }
  const props = shape.properties ?? {};
  const names = Object.keys(props).filter(isSafeKey);
  if (names.length > 0) {
    s.properties = {};
    const required: string[] = [];
    for (const name of names) {
      const child = props[name] as ValueShape;
      s.properties[name] = inferSchema(child, t, objects);
      if (child.count >= objects && objects >= t.requiredMinSamples) required.push(name);
    }
    if (required.length > 0) s.required = required;
  }
  if (shape.mapValues !== undefined) s.additionalProperties = inferSchema(shape.mapValues, t);
  return s;
}

function mergeAll(shapes: ValueShape[]): ValueShape {
  const out: ValueShape = { count: 0, types: {} };
  for (const s of shapes) mergeValueShapeInto(out, s);
  return out;
}
