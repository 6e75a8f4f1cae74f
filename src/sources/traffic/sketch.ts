import { createHash, randomBytes } from 'node:crypto';
import type { Sketch } from './exchange-shape.js';

const REGISTERS = 256;
const SPARSE_LIMIT = 64;

/** A 32-bit seed derived from a secret; values are hashed under it so sketches mean nothing without it. */
export type HashSeed = number;

let processSeed: HashSeed | undefined;

/**
 * The seed for a secret, or a random per-process seed when none is given. Sketches only merge meaningfully when
 * built under the same seed: the store and ingestion pass one per-install secret.
 */
export function hashSeed(secret?: string): HashSeed {
  if (secret === undefined) {
    processSeed ??= randomBytes(4).readUInt32LE(0);
    return processSeed;
  }
  let seed = seedCache.get(secret);
  if (seed === undefined) {
    seed = createHash('sha256').update(secret).digest().readUInt32LE(0);
    if (seedCache.size > 64) seedCache.clear();
    seedCache.set(secret, seed);
  }
  return seed;
}

const seedCache = new Map<string, HashSeed>();

/** MurmurHash3 (x86, 32-bit) over UTF-16 code units. Only the first 256 units are hashed, plus the length. */
export function hashString(value: string, seed: HashSeed): number {
  let h = seed ^ value.length;
  const n = Math.min(value.length, 256);
  for (let i = 0; i < n; i++) {
    let k = value.charCodeAt(i);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= n;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The 13-bit register update (`index * 32 + rank`) of a value: all that a sketch keeps of it. */
export function sketchEntry(value: string, seed: HashSeed): number {
  const h = hashString(value, seed);
  const index = h >>> 24;
  const rest = (h << 8) | 0x80;
  const rank = Math.clz32(rest) + 1;
  return index * 32 + rank;
}

/** A new sketch with one entry. */
export function sketchOf(entry: number): Sketch {
  return { sparse: [entry] };
}

// Dense registers live in memory as bytes; `dense` becomes a getter that encodes them only when serialised.
const registerCache = new WeakMap<Sketch, Uint8Array>();

function makeDense(sketch: Sketch, regs: Uint8Array): void {
  registerCache.set(sketch, regs);
  delete sketch.sparse;
  Object.defineProperty(sketch, 'dense', {
    enumerable: true,
    configurable: true,
    get: () => Buffer.from(regs).toString('base64'),
  });
}

function isDense(sketch: Sketch): boolean {
  return registerCache.has(sketch) || sketch.dense !== undefined;
}

function registersOf(sketch: Sketch): Uint8Array {
  const cached = registerCache.get(sketch);
  if (cached !== undefined) return cached;
  const regs = new Uint8Array(REGISTERS);
  if (sketch.dense !== undefined) regs.set(Buffer.from(sketch.dense, 'base64').subarray(0, REGISTERS));
  for (const e of sketch.sparse ?? []) raise(regs, e);
  return regs;
}

function raise(regs: Uint8Array, entry: number): void {
  const i = entry >>> 5;
  const r = entry & 31;
  if (r > (regs[i] as number)) regs[i] = r;
}

/** Adds one entry to a sketch in place. */
export function addToSketch(sketch: Sketch, entry: number): void {
  if (isDense(sketch)) {
    const regs = registersOf(sketch);
    if (!registerCache.has(sketch)) makeDense(sketch, regs);
    raise(regs, entry);
    return;
  }
  sketch.sparse ??= [];
  const sparse = sketch.sparse;
  if (sparse.includes(entry)) return;
  sparse.push(entry);
  if (sparse.length > SPARSE_LIMIT) makeDense(sketch, registersOf(sketch));
}

/** Adds `from` into `into` in place. */
export function mergeSketchInto(into: Sketch, from: Sketch): void {
  if (!isDense(from)) {
    for (const e of from.sparse ?? []) addToSketch(into, e);
    return;
  }
  const a = registersOf(into);
  if (!registerCache.has(into)) makeDense(into, a);
  const b = registersOf(from);
  for (let i = 0; i < REGISTERS; i++) if ((b[i] as number) > (a[i] as number)) a[i] = b[i] as number;
}

/** A deep copy of a sketch. */
export function copySketch(sketch: Sketch): Sketch {
  if (!isDense(sketch)) return { sparse: [...(sketch.sparse ?? [])] };
  const copy: Sketch = {};
  makeDense(copy, new Uint8Array(registersOf(sketch)));
  return copy;
}

function sigma(x: number): number {
  if (x === 1) return Number.POSITIVE_INFINITY;
  let y = 1;
  let z = x;
  for (;;) {
    x *= x;
    const previous = z;
    z += x * y;
    y += y;
    if (z === previous) return z;
  }
}

function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  for (;;) {
    x = Math.sqrt(x);
    const previous = z;
    y *= 0.5;
    z -= (1 - x) ** 2 * y;
    if (z === previous) return z / 3;
  }
}

/**
 * Estimated number of distinct values: the count of distinct register updates while sparse (exact-ish below 64),
 * then Ertl's improved HyperLogLog estimator (unbiased over the whole range; ±6.5% standard error with 256 registers).
 */
export function estimateDistinct(sketch: Sketch | undefined): number {
  if (sketch === undefined) return 0;
  if (!isDense(sketch)) return sketch.sparse?.length ?? 0;
  const regs = registersOf(sketch);
  const q = 24;
  const counts = new Array<number>(q + 2).fill(0);
  for (let i = 0; i < REGISTERS; i++) {
    const k = Math.min(regs[i] as number, q + 1);
    counts[k] = (counts[k] as number) + 1;
  }
  let z = REGISTERS * tau(1 - (counts[q + 1] as number) / REGISTERS);
  for (let k = q; k >= 1; k--) z = 0.5 * (z + (counts[k] as number));
  z += REGISTERS * sigma((counts[0] as number) / REGISTERS);
  return Math.round((REGISTERS * REGISTERS) / (2 * Math.LN2) / z);
}
