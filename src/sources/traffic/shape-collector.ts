import {
  accumulatorKey,
  addShape,
  copyAccumulator,
  emptyAccumulator,
  mergeAccumulatorInto,
  segmentToken,
} from './accumulator.js';
import type { ShapeAccumulator } from './accumulator-types.js';
import type { ExchangeShape, SegmentShape } from './exchange-shape.js';
import { own } from './records.js';
import type { DeferredReduction } from './reduce-exchange.js';
import { addJsonValue, emptyValueShape } from './reduce-value.js';
import { isReservedSegment, PROTECTED_WORDS } from './segment-kinds.js';

/** Distinct static children under one prefix past which they collapse into one variable, whatever they look like. */
export const COLLAPSE_ABSOLUTE = 20;

function isCollapsible(text: string, index: number, previous: string | undefined): boolean {
  return !isReservedSegment(text, index, previous) && !PROTECTED_WORDS.has(text.toLowerCase());
}

/**
 * Groups exchange shapes into one {@link ShapeAccumulator} per key, keeping memory bounded: once
 * {@link COLLAPSE_ABSOLUTE} distinct static words were seen under one path prefix (slugs, usernames), that position
 * collapses into a variable and the words are forgotten.
 */
export class ShapeCollector {
  readonly #byKey = new Map<string, ShapeAccumulator>();
  /** Prefix (tokens joined by `/`) → distinct collapsible static children seen so far. */
  readonly #children = new Map<string, Set<string>>();
  readonly #collapsed = new Set<string>();

  /** Number of accumulators. */
  get size(): number {
    return this.#byKey.size;
  }

  /** Adds one exchange shape. */
  add(shape: ExchangeShape): void {
    this.#add(shape);
  }

  /**
   * Adds a shape whose JSON bodies were deferred ({@link reduceExchangeDeferred}): they are reduced straight into the
   * accumulator, which is what {@link add} would give, without a per-exchange tree.
   */
  addDeferred(reduced: DeferredReduction): void {
    const { shape, request, response, ctx } = reduced;
    const acc = this.#add(shape);
    if (request.value !== undefined && shape.request !== undefined && shape.status > 0 && shape.status < 400) {
      const body = own(acc.request, shape.request.mediaType);
      if (body !== undefined) {
        body.json ??= emptyValueShape();
        addJsonValue(body.json, request.value, '', ctx);
      }
    }
    if (response.value !== undefined && shape.response !== undefined) {
      const resp = own(acc.responses, String(shape.status));
      const body = resp === undefined ? undefined : own(resp.content, shape.response.mediaType);
      if (body !== undefined) {
        body.json ??= emptyValueShape();
        addJsonValue(body.json, response.value, '', ctx);
      }
    }
  }

  #add(shape: ExchangeShape): ShapeAccumulator {
    const rewritten = shape.template === undefined ? this.#track(shape) : shape;
    const key = accumulatorKey(rewritten);
    let acc = this.#byKey.get(key);
    if (acc === undefined) {
      acc = emptyAccumulator(rewritten);
      this.#byKey.set(key, acc);
    }
    addShape(acc, rewritten);
    return acc;
  }

  /** Adds an accumulator (from the store, or another collector); it is copied. */
  addAccumulator(acc: ShapeAccumulator): void {
    const existing = this.#byKey.get(acc.key);
    if (existing === undefined) this.#byKey.set(acc.key, copyAccumulator(acc));
    else mergeAccumulatorInto(existing, acc);
  }

  /** The accumulators collected so far (live objects: copy before changing them). */
  accumulators(): ShapeAccumulator[] {
    return [...this.#byKey.values()];
  }

  #track(shape: ExchangeShape): ExchangeShape {
    let segments: SegmentShape[] | undefined;
    let prefix = '';
    let previous: string | undefined;
    for (let i = 0; i < shape.segments.length; i++) {
      let seg = (segments ?? shape.segments)[i] as SegmentShape;
      if (seg.kind === 'static' && seg.text !== undefined && isCollapsible(seg.text, i, previous)) {
        if (this.#collapsed.has(prefix)) {
          segments ??= [...shape.segments];
          seg = { kind: 'other' };
          if (shape.segments[i]?.ext !== undefined) seg.ext = shape.segments[i]?.ext as string;
          segments[i] = seg;
        } else {
          let set = this.#children.get(prefix);
          if (set === undefined) {
            set = new Set();
            this.#children.set(prefix, set);
          }
          set.add(seg.text);
          if (set.size >= COLLAPSE_ABSOLUTE) {
            this.#collapse(prefix, i);
            segments ??= [...shape.segments];
            seg = { kind: 'other' };
            if (shape.segments[i]?.ext !== undefined) seg.ext = shape.segments[i]?.ext as string;
            segments[i] = seg;
          }
        }
      }
      previous = seg.kind === 'static' ? seg.text : undefined;
      prefix = prefix.length === 0 ? segmentToken(seg) : `${prefix}/${segmentToken(seg)}`;
    }
    return segments === undefined ? shape : { ...shape, segments };
  }

  #collapse(prefix: string, index: number): void {
    this.#collapsed.add(prefix);
    this.#children.delete(prefix);
    for (const [key, acc] of [...this.#byKey]) {
      if (acc.template !== undefined || acc.segments.length <= index) continue;
      const tokens = acc.segments.map((s) =>
        segmentToken(
          s.text !== undefined ? { kind: 'static', text: s.text, ext: s.ext } : { kind: 'other', ext: s.ext },
        ),
      );
      if (tokens.slice(0, index).join('/') !== prefix) continue;
      const stats = acc.segments[index];
      if (stats?.text === undefined) continue;
      const previous = acc.segments[index - 1]?.text;
      if (!isCollapsible(stats.text, index, previous)) continue;
      this.#byKey.delete(key);
      const moved = copyAccumulator(acc);
      const movedStats = moved.segments[index];
      if (movedStats !== undefined) {
        delete movedStats.text;
        movedStats.kinds = { static: acc.count };
      }
      moved.key = `${acc.method} /${moved.segments
        .map((s) =>
          segmentToken(
            s.text !== undefined ? { kind: 'static', text: s.text, ext: s.ext } : { kind: 'other', ext: s.ext },
          ),
        )
        .join('/')}`;
      const target = this.#byKey.get(moved.key);
      if (target === undefined) this.#byKey.set(moved.key, moved);
      else mergeAccumulatorInto(target, moved);
    }
  }
}

/** Collects exchange shapes into accumulators. */
export async function collectShapes(
  shapes: Iterable<ExchangeShape> | AsyncIterable<ExchangeShape>,
): Promise<ShapeAccumulator[]> {
  const collector = new ShapeCollector();
  for await (const shape of shapes) collector.add(shape);
  return collector.accumulators();
}
