import type { ShapeAccumulator } from '../../sources/traffic/index.js';
import type { Store } from '../../store/index.js';

/**
 * The shapes ingested for a repository within the config's window, for `analyze()` to build into the observed view
 * (templated there against the committed spec); empty when nothing was ingested.
 */
export async function loadObservedShapes(params: {
  store: Store;
  repo: string;
  windowDays: number;
  now?: Date;
}): Promise<ShapeAccumulator[]> {
  const now = params.now ?? new Date();
  const since = new Date(now.getTime() - params.windowDays * 86_400_000).toISOString();
  const observations = await params.store.listObservations(params.repo, { since });
  return observations.map((o) => o.accumulator as ShapeAccumulator);
}
