import { decodeFindingsMarker } from './steps/docs-pr-marker.js';
import type { JobDeps, JobOutcome, RecordDocsPrData } from './types.js';

/**
 * One of our docs PRs was closed by someone:
 * - unmerged: its findings are dismissed until they change (the digest of each is in the PR body's hidden marker),
 *   so the next push does not reopen the same PR;
 * - merged: the merge is recorded as a run of the base branch.
 */
export async function recordDocsPr(data: RecordDocsPrData, deps: JobDeps): Promise<JobOutcome> {
  const repoName = `${data.owner}/${data.repo}`;
  if (data.merged) {
    const sha = data.mergeSha ?? `pr-${data.number}`;
    const claim = await deps.store.claimRun(repoName, data.base, sha, 'docs-pr-merged');
    await deps.store.updateRun(claim.run.id, {
      finishedAt: new Date().toISOString(),
      conclusion: 'merged',
      docsPrNumber: data.number,
    });
    return { status: 'done', reason: 'merged', docsPr: data.number };
  }
  const digests = decodeFindingsMarker(data.body);
  for (const [fingerprint, digest] of Object.entries(digests)) {
    await deps.store.dismiss({
      repo: repoName,
      fingerprint,
      reason: `docs PR #${data.number} closed without merging`,
      by: data.closedBy,
      untilChanged: digest,
    });
  }
  return { status: 'done', reason: `dismissed ${Object.keys(digests).length}`, docsPr: data.number };
}
