import type { ApiSurface } from '../../model/index.js';
import { buildObservedSurface, type ShapeAccumulator } from '../../sources/traffic/index.js';
import type { Store } from '../../store/index.js';

/** The observed view of a repository from the shapes ingested for it, or undefined when nothing was ingested. */
export async function loadObservedSurface(params: {
  store: Store;
  repo: string;
  windowDays: number;
  now?: Date;
}): Promise<ApiSurface | undefined> {
  const now = params.now ?? new Date();
  const since = new Date(now.getTime() - params.windowDays * 86_400_000).toISOString();
  const observations = await params.store.listObservations(params.repo, { since });
  if (observations.length === 0) return undefined;
  return buildObservedSurface(observations.map((o) => o.accumulator as ShapeAccumulator));
}
