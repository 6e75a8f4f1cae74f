import { createCheckRun, findOpenCheckRun, type GitHub, type RepoRef } from '../../github/index.js';
import type { RunKind, RunRecord, Store } from '../../store/index.js';

/** The run record and check run a job works on, or why it has nothing to do. */
export type RunSlot = { run: RunRecord; checkRunId: number } | { duplicate: RunRecord };

/**
 * Claims the run for (repo, branch, sha, kind) and creates its "Specwatch" check run, so each sha gets exactly one
 * check run across redeliveries, replicas, retries and killed workers:
 * - a finished run is a duplicate (unless forced: a re-run gets a fresh check run, as GitHub expects);
 * - an unfinished one (a retry after a crash) reuses the check run it recorded;
 * - when none is recorded (the worker died between creating it and recording its id, or a forced re-run is
 *   retried), our unfinished check run on the sha is looked up on GitHub (name + external id) before creating one.
 * `job` is kept with a new run so that the sweeper can re-queue a run that never finishes.
 */
export async function claimCheckRun(params: {
  gh: GitHub;
  store: Store;
  ref: RepoRef;
  repo: string;
  branch: string;
  sha: string;
  kind: RunKind;
  force?: boolean;
  job?: unknown;
}): Promise<RunSlot> {
  const { gh, store, ref, sha } = params;
  const claim = await store.claimRun(params.repo, params.branch, sha, params.kind, params.job);
  const reuse = !claim.claimed && !params.force;
  if (reuse && claim.run.finishedAt !== null) return { duplicate: claim.run };
  if (reuse && claim.run.checkRunId !== null) return { run: claim.run, checkRunId: claim.run.checkRunId };
  const externalId = `${params.kind}:${sha}`;
  const found = claim.claimed ? undefined : await findOpenCheckRun({ gh, ref, sha, externalId });
  const checkRunId = found ?? (await createCheckRun({ gh, ref, sha, externalId }));
  const run = (await store.updateRun(claim.run.id, { checkRunId })) ?? claim.run;
  return { run, checkRunId };
}
