import { type RepoRef, readConfigAt, readRepoAt } from '../github/index.js';
import { analyzeWithStore } from './steps/analyze-with-store.js';
import { publishDocsPrs } from './steps/publish-docs.js';
import type { ApplyDocsData, JobDeps, JobOutcome } from './types.js';

/**
 * The "Open docs PR" button (automatic docs PRs off):
 * 1. read the config and the checkout at the check run's commit;
 * 2. analyse it again (the check run keeps no findings) and plan the doc patches;
 * 3. open or update the docs PRs on that branch, whatever `docsPr.enabled` says: a person asked for it.
 */
export async function applyDocs(data: ApplyDocsData, deps: JobDeps): Promise<JobOutcome> {
  const gh = await deps.github(data.installationId);
  const ref: RepoRef = { owner: data.owner, repo: data.repo };
  const repoName = `${data.owner}/${data.repo}`;
  // 1. An invalid config already failed the check (no button is shown then); a throw here is a real error.
  const { config } = await readConfigAt({ gh, ref, sha: data.sha });
  const repo = await readRepoAt({ gh, ref, sha: data.sha, limits: { maxFileBytes: config.limits.maxFileBytes } });
  // 2.
  const { analysis, concluded } = await analyzeWithStore({ deps, repoName, repo, config });
  const plans = await deps.engine.planDocs({ repo, config, analysis, findings: concluded.findings });
  if (plans.length === 0) return { status: 'skipped', reason: 'nothing-to-fix', checkRunId: data.checkRunId };
  // 3. Only specs with a plan: the button never closes anything.
  const reports = await publishDocsPrs({
    gh,
    ref,
    base: data.branch,
    baseSha: data.sha,
    plans,
    specs: plans.map((p) => p.spec),
    config,
  });
  const first = reports.find((r) => 'outcome' in r && 'number' in r.outcome);
  const docsPr = first && 'outcome' in first && 'number' in first.outcome ? first.outcome.number : undefined;
  return { status: 'done', checkRunId: data.checkRunId, ...(typeof docsPr === 'number' ? { docsPr } : {}) };
}
