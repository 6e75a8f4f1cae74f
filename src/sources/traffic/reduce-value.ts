import type { JsonType, StringFormat, ValueKind, ValueShape } from './exchange-shape.js';
import { own } from './records.js';
import { keyLooksLikeValue } from './segment-kinds.js';
import { addToSketch, type HashSeed, sketchEntry } from './sketch.js';
import { integerKinds, stringFormats, stringKinds } from './value-kinds.js';

/** Limits that keep a hostile or huge body from exploding a shape. */
export const VALUE_LIMITS = {
  depth: 20,
  properties: 200,
  /** Array items reduced: the first 50 and the last 50. */
  itemsHead: 50,
  itemsTail: 50,
} as const;

const CODE_LIKE = /^(?:[a-z]+(?:[_-][a-z]+)*|[A-Z]+(?:[_-][A-Z]+)*)$/;
/** Field names whose values are personal or secret even when they look like codes. */
const PERSONAL_NAME =
  /name|user|login|handle|nick|email|mail|city|street|address|town|county|district|pass|pwd|secret|token|key|auth|session|cookie|code|otp|pin|answer|note|comment|text|message|description|title|subject|query|search|^q$/i;

/** What the reduction of one value needs to know. */
export interface ValueContext {
  seed: HashSeed;
  /** Keep code-like enum literals (see {@link ValueShape.literals}). */
  literals: boolean;
}

function newShape(): ValueShape {
  return { count: 0, types: {} };
}

function bumpType(shape: ValueShape, type: JsonType): void {
  shape.types[type] = (shape.types[type] ?? 0) + 1;
}

function bumpFormat(shape: ValueShape, format: StringFormat): void {
  shape.formats ??= {};
  const f = shape.formats;
  f[format] = (f[format] ?? 0) + 1;
}

function bumpKind(shape: ValueShape, kind: ValueKind): void {
  shape.kinds ??= {};
  const k = shape.kinds;
  k[kind] = (k[kind] ?? 0) + 1;
}

/** Records one string value into `shape` (type, length, formats, validator hits, sketch, enum literal). */
export function addString(shape: ValueShape, value: string, fieldName: string, ctx: ValueContext): void {
  shape.count++;
  bumpType(shape, 'string');
  const len = value.length;
  if (shape.length === undefined) shape.length = [len, len];
  else {
    if (len < shape.length[0]) shape.length[0] = len;
    if (len > shape.length[1]) shape.length[1] = len;
  }
  let hit = false;
  stringFormats(value, (f) => bumpFormat(shape, f));
  stringKinds(value, (k) => {
    hit = true;
    bumpKind(shape, k);
  });
  shape.distinct ??= {};
  addToSketch(shape.distinct, sketchEntry(value, ctx.seed));
  if (
    ctx.literals &&
    !hit &&
    !shape.literalsOverflow &&
    len <= 32 &&
    CODE_LIKE.test(value) &&
    !PERSONAL_NAME.test(fieldName)
  ) {
    shape.literals ??= {};
    const lits = shape.literals;
    const seen = own(lits, value);
    lits[value] = (seen ?? 0) + 1;
    if (seen === undefined && Object.keys(lits).length > 20) {
      delete shape.literals;
      shape.literalsOverflow = true;
    }
  }
}

function addNumber(shape: ValueShape, value: number, ctx: ValueContext): void {
  shape.count++;
  if (Number.isInteger(value)) {
    bumpType(shape, 'integer');
    integerKinds(value, (k) => bumpKind(shape, k));
  } else bumpType(shape, 'number');
  shape.distinct ??= {};
  addToSketch(shape.distinct, sketchEntry(`#${value}`, ctx.seed));
}

/**
 * Adds one JSON value into a shape (in place). Keys that look like values (ids, emails, dates) fold into
 * `mapValues`; no value, key-value or literal outside the enum rule is kept.
 */
export function addJsonValue(shape: ValueShape, value: unknown, fieldName: string, ctx: ValueContext, depth = 0): void {
  if (value === null || value === undefined) {
    shape.count++;
    bumpType(shape, 'null');
    return;
  }
  switch (typeof value) {
    case 'string':
      addString(shape, value, fieldName, ctx);
      return;
    case 'number':
      addNumber(shape, value, ctx);
      return;
    case 'boolean':
      shape.count++;
      bumpType(shape, 'boolean');
      return;
    case 'object':
      break;
    default:
      shape.count++;
      bumpType(shape, 'string');
      return;
  }
  shape.count++;
  if (depth >= VALUE_LIMITS.depth) {
    bumpType(shape, Array.isArray(value) ? 'array' : 'object');
    shape.truncated = true;
    return;
  }
  if (Array.isArray(value)) {
    bumpType(shape, 'array');
    const n = value.length;
    if (shape.itemCount === undefined) shape.itemCount = [n, n];
    else {
      if (n < shape.itemCount[0]) shape.itemCount[0] = n;
      if (n > shape.itemCount[1]) shape.itemCount[1] = n;
    }
    shape.items ??= newShape();
    const items = shape.items;
    const head = Math.min(n, VALUE_LIMITS.itemsHead);
    for (let i = 0; i < head; i++) addJsonValue(items, value[i], fieldName, ctx, depth + 1);
    const tailStart = Math.max(head, n - VALUE_LIMITS.itemsTail);
    if (tailStart > head) shape.truncated = true;
    for (let i = tailStart; i < n; i++) addJsonValue(items, value[i], fieldName, ctx, depth + 1);
    return;
  }
  bumpType(shape, 'object');
  shape.properties ??= {};
  const props = shape.properties;
  let kept = Object.keys(props).length;
  for (const key in value as Record<string, unknown>) {
    const child = (value as Record<string, unknown>)[key];
    let target = Object.hasOwn(props, key) ? props[key] : undefined;
    if (target === undefined) {
      if (keyLooksLikeValue(key) || kept >= VALUE_LIMITS.properties || key === '__proto__') {
        if (kept >= VALUE_LIMITS.properties) shape.truncated = true;
        shape.mapValues ??= newShape();
        addJsonValue(shape.mapValues, child, '*', ctx, depth + 1);
        continue;
      }
      target = newShape();
      props[key] = target;
      kept++;
    }
    addJsonValue(target, child, key, ctx, depth + 1);
  }
}

/**
 * Adds one textual value whose JSON type is not given (query parameters, form fields, headers): digit runs count
 * as integers, `true`/`false` as booleans, everything else as a string.
 */
export function addTextValue(shape: ValueShape, value: string, fieldName: string, ctx: ValueContext): void {
  if (/^-?\d{1,15}$/.test(value) && !/^-?0\d/.test(value)) {
    addNumber(shape, Number(value), ctx);
    return;
  }
  if (value === 'true' || value === 'false') {
    shape.count++;
    bumpType(shape, 'boolean');
    return;
  }
  addString(shape, value, fieldName, ctx);
}

/** The shape of one JSON value. */
export function reduceJsonValue(value: unknown, ctx: ValueContext): ValueShape {
  const shape = newShape();
  addJsonValue(shape, value, '', ctx);
  return shape;
}

/** An empty shape. */
export function emptyValueShape(): ValueShape {
  return newShape();
}
