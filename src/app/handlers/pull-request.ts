import type { Context } from 'probot';
import { analysePullRequestRequest, recordDocsPrRequest } from '../../jobs/index.js';
import { acceptJobs, deliveryOf, seenDelivery } from '../accept-jobs.js';
import { isOwnBranch } from '../filters.js';
import type { AppDeps } from '../types.js';

/** `pull_request` opened / synchronize / reopened → change analysis base → head, plus drift at head. */
export async function onPullRequestUpdated(
  context: Context<'pull_request.opened' | 'pull_request.synchronize' | 'pull_request.reopened'>,
  deps: AppDeps,
): Promise<void> {
  const { payload } = context;
  const pr = payload.pull_request;
  if (context.isBot || isOwnBranch(pr.head.ref) || !payload.installation) return;
  if (await seenDelivery(deps, context.id)) return;
  const { owner, repo } = context.repo();
  await acceptJobs(deps, deliveryOf(context), [
    analysePullRequestRequest({
      installationId: payload.installation.id,
      owner,
      repo,
      deliveryId: context.id,
      number: pr.number,
      baseRef: pr.base.ref,
      baseSha: pr.base.sha,
      headRef: pr.head.ref,
      headSha: pr.head.sha,
    }),
  ]);
}

/**
 * `pull_request` closed, for one of our docs PRs only (our branch, opened by a bot): unmerged → dismiss its findings
 * until they change; merged → record. Closed by a bot (Specwatch closing it because the drift is gone) is no
 * dismissal.
 */
export async function onPullRequestClosed(context: Context<'pull_request.closed'>, deps: AppDeps): Promise<void> {
  const { payload } = context;
  const pr = payload.pull_request;
  if (context.isBot || !isOwnBranch(pr.head.ref) || pr.user?.type !== 'Bot' || !payload.installation) return;
  if (await seenDelivery(deps, context.id)) return;
  const { owner, repo } = context.repo();
  await acceptJobs(deps, deliveryOf(context), [
    recordDocsPrRequest({
      installationId: payload.installation.id,
      owner,
      repo,
      deliveryId: context.id,
      number: pr.number,
      base: pr.base.ref,
      merged: pr.merged === true,
      ...(pr.merge_commit_sha ? { mergeSha: pr.merge_commit_sha } : {}),
      body: pr.body ?? '',
      closedBy: payload.sender.login,
    }),
  ]);
}
