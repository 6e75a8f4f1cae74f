import type { SpecwatchConfig } from '../../config/index.js';
import { type Conclusion, conclude, permanentDismissals } from '../../drift/index.js';
import type { RepoFiles } from '../../sources/repo/index.js';
import type { ShapeAccumulator } from '../../sources/traffic/index.js';
import type { Dismissal, Store } from '../../store/index.js';
import type { AnalysisResult } from '../engine.js';
import type { JobDeps } from '../types.js';

/**
 * The shapes ingested for a repository within the config's window, for `analyze()` to build into the observed view
 * (templated there against the committed spec); empty when nothing was ingested.
 */
async function loadObservedShapes(params: {
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

/**
 * The drift analysis every job runs at a commit: the repository's dismissals and stored traffic shapes from the
 * store, then `analyze()`; `findings` are the analysis findings less the dismissed ones (`conclude()` drops them).
 */
export async function analyzeWithStore(params: {
  deps: Pick<JobDeps, 'store' | 'engine'>;
  repoName: string;
  repo: RepoFiles;
  config: SpecwatchConfig;
  trafficFiles?: string[];
}): Promise<{ analysis: AnalysisResult; concluded: Conclusion; dismissals: Dismissal[] }> {
  const { deps, repoName, repo, config } = params;
  const dismissals = await deps.store.listDismissals(repoName);
  const observedShapes = await loadObservedShapes({
    store: deps.store,
    repo: repoName,
    windowDays: config.traffic.windowDays,
  });
  const analysis = await deps.engine.analyze({
    repo,
    config,
    dismissed: permanentDismissals(dismissals),
    ...(observedShapes.length > 0 ? { observedShapes } : {}),
    ...(params.trafficFiles ? { trafficFiles: params.trafficFiles } : {}),
  });
  const concluded = conclude(analysis.findings, { failOn: config.failOn, dismissals });
  return { analysis, concluded, dismissals };
}
