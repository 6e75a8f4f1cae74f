import type { Context } from 'probot';
import { analyseCommitRequest } from '../../jobs/index.js';
import { acceptJobs, deliveryOf, seenDelivery } from '../accept-jobs.js';
import { branchOf, isNullSha, isOwnBranch } from '../filters.js';
import type { AppDeps } from '../types.js';

/** `push` to a branch → analyse the pushed commit. Bots (our own docs branch pushes included), tags and deletions are skipped. */
export async function onPush(context: Context<'push'>, deps: AppDeps): Promise<void> {
  const { payload } = context;
  const branch = branchOf(payload.ref);
  if (context.isBot || !branch || isOwnBranch(branch) || payload.deleted || isNullSha(payload.after)) return;
  if (!payload.installation || (await seenDelivery(deps, context.id))) return;
  const { owner, repo } = context.repo();
  await acceptJobs(deps, deliveryOf(context), [
    analyseCommitRequest({
      installationId: payload.installation.id,
      owner,
      repo,
      deliveryId: context.id,
      trigger: 'push',
      branch,
      sha: payload.after,
      defaultBranch: payload.repository.default_branch,
    }),
  ]);
}
