import type { Context } from 'probot';
import { analyseCommitRequest } from '../../jobs/index.js';
import { branchOf, claimDelivery, isNullSha, isOwnBranch } from '../filters.js';
import type { AppDeps } from '../types.js';

/** `push` to a branch → analyse the pushed commit. Bots (our own docs branch pushes included), tags and deletions are skipped. */
export async function onPush(context: Context<'push'>, deps: AppDeps): Promise<void> {
  const { payload } = context;
  const branch = branchOf(payload.ref);
  if (context.isBot || !branch || isOwnBranch(branch) || payload.deleted || isNullSha(payload.after)) return;
  if (!payload.installation || !(await claimDelivery(deps.store, context.id, context.name))) return;
  const { owner, repo } = context.repo();
  await deps.queue.enqueue(
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
  );
}
