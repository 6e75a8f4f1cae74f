import { mergeAccumulators, type ShapeAccumulator } from '../sources/traffic/index.js';
import type { MergeResult, Store } from '../store/index.js';

/** Folds an incoming accumulator into the stored one (the store keeps them as opaque JSON). */
export function mergeStoredAccumulators(stored: unknown, incoming: unknown): ShapeAccumulator {
  return mergeAccumulators(stored as ShapeAccumulator, incoming as ShapeAccumulator);
}

/**
 * Adds a repo's new accumulators (one per operation key) to its stored observations. Capture import and the
 * ingestion endpoint both write through here, so what they store stays the same shape.
 */
export function storeAccumulators(store: Store, repo: string, accumulators: ShapeAccumulator[]): Promise<MergeResult> {
  return store.mergeObservations(
    repo,
    accumulators.map((acc) => ({
      key: acc.key,
      accumulator: acc,
      count: acc.count,
      firstSeen: acc.firstSeen,
      lastSeen: acc.lastSeen,
    })),
    mergeStoredAccumulators,
  );
}
