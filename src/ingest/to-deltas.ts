import { mergeAccumulators, type ShapeAccumulator } from '../sources/traffic/index.js';

/** Folds an incoming accumulator into the stored one (the store keeps them as opaque JSON). */
export function mergeStoredAccumulators(stored: unknown, incoming: unknown): ShapeAccumulator {
  return mergeAccumulators(stored as ShapeAccumulator, incoming as ShapeAccumulator);
}
