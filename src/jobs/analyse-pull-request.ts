import type { SpecwatchConfig } from '../config/index.js';
import { conclude } from '../drift/index.js';
import { completeCheckRun, type RepoRef, readConfigAt, readRepoAt, upsertPrComment } from '../github/index.js';
import type { ApiSurface } from '../model/index.js';
import { buildReviewChecklist, renderPrComment } from '../report/index.js';
import { analyzeWithStore } from './steps/analyze-with-store.js';
import { claimCheckRun } from './steps/check-run-slot.js';
import { failCheckOnConfig, isConfigError } from './steps/config-failure.js';
import type { AnalysePullRequestData, JobDeps, JobOutcome } from './types.js';

/**
 * Analyses a pull request and publishes the result:
 * 1. claim the run and its check run on the head sha (so branch protection can require it);
 * 2. read the config at head (invalid → failing check naming the key);
 * 3. read base and head lazily from GitHub;
 * 4. drift at head, then the change base → head in the docs and in the code;
 * 5. complete the check run: change and drift findings together, conclusion from `failOn`;
 * 6. upsert the one PR comment: breaking changes, changelog, and the design-review checklist.
 */
export async function analysePullRequest(data: AnalysePullRequestData, deps: JobDeps): Promise<JobOutcome> {
  const gh = await deps.github(data.installationId);
  const ref: RepoRef = { owner: data.owner, repo: data.repo };
  const repoName = `${data.owner}/${data.repo}`;

  // 1.
  const slot = await claimCheckRun({
    gh,
    store: deps.store,
    ref,
    repo: repoName,
    branch: data.headRef,
    sha: data.headSha,
    kind: 'analyse-pull-request',
    force: data.force,
    job: { name: 'analyse-pull-request', data },
  });
  if ('duplicate' in slot)
    return { status: 'skipped', reason: 'duplicate', checkRunId: slot.duplicate.checkRunId ?? undefined };
  const { run, checkRunId } = slot;

  // 2.
  let config: SpecwatchConfig;
  try {
    config = (await readConfigAt({ gh, ref, sha: data.headSha })).config;
  } catch (error) {
    if (!isConfigError(error)) throw error;
    await failCheckOnConfig({ gh, ref, checkRunId, error });
    await deps.store.updateRun(run.id, { finishedAt: new Date().toISOString(), conclusion: 'failure' });
    return { status: 'done', reason: 'invalid-config', checkRunId, conclusion: 'failure' };
  }

  // 3.
  const limits = { maxFileBytes: config.limits.maxFileBytes };
  const [base, head] = await Promise.all([
    readRepoAt({ gh, ref, sha: data.baseSha, limits }),
    readRepoAt({ gh, ref, sha: data.headSha, limits }),
  ]);

  // 4.
  const { analysis, concluded: driftOnly, dismissals } = await analyzeWithStore({ deps, repoName, repo: head, config });
  const change = await deps.engine.analyzeChange({
    base,
    head,
    config,
    ...(analysis.implemented ? { implementedHead: analysis.implemented } : {}),
  });
  const drift = driftOnly.findings;
  const concluded = conclude([...change.findings, ...drift], { failOn: config.failOn, dismissals });
  const { findings: all, conclusion } = concluded;

  // 5.
  const rendered = deps.engine.renderCheck({ concluded, analysis });
  await completeCheckRun({
    gh,
    ref,
    checkRunId,
    conclusion,
    title: rendered.title,
    summary: rendered.summary,
    annotations: rendered.annotations,
  });

  // 6.
  const surfaces: ApiSurface[] = [
    ...analysis.specs.flatMap((s) => (s.ok ? [s.surface] : [])),
    ...(analysis.implemented ? [analysis.implemented.surface] : []),
  ];
  const reviews = buildReviewChecklist({
    // Every operation a shared-schema change reaches is changed by the PR, not only the first it is filed under.
    operations: change.findings.flatMap((f) => f.operations ?? [f.operation]).filter((o) => o !== '*'),
    ...(change.codeChanges ? { codeChanges: change.codeChanges } : {}),
    inventory: analysis.inventory,
    surfaces,
    ...(change.implementedHead ? { implemented: change.implementedHead } : {}),
    findings: all,
  });
  await upsertPrComment({
    gh,
    ref,
    pullNumber: data.number,
    body: renderPrComment({
      changeFindings: change.findings,
      changelog: change.changelog,
      driftFindings: drift,
      driftSummary: driftOnly.counts,
      reviews,
      headSha: data.headSha,
      notices: analysis.notices,
    }),
  });
  await deps.store.updateRun(run.id, { finishedAt: new Date().toISOString(), conclusion, counts: concluded.counts });
  return { status: 'done', checkRunId, conclusion };
}
