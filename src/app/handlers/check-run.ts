import type { Context } from 'probot';
import { CHECK_NAME, OPEN_DOCS_PR_ACTION } from '../../github/index.js';
import { analyseCommitRequest, analysePullRequestRequest, applyDocsRequest } from '../../jobs/index.js';
import { acceptJobs, deliveryOf, seenDelivery } from '../accept-jobs.js';
import type { AppDeps } from '../types.js';

type CheckRunContext = Context<'check_run.rerequested' | 'check_run.requested_action'>;

function isOurs(context: CheckRunContext, deps: AppDeps): boolean {
  const run = context.payload.check_run;
  if (run.name !== CHECK_NAME) return false;
  return deps.appId === undefined || run.app?.id === deps.appId;
}

/**
 * `check_run` rerequested ("Re-run") → analyse again with a fresh check run: a pull request's run (its external id
 * says so) re-runs the pull request analysis, any other the commit analysis.
 */
export async function onCheckRunRerequested(context: Context<'check_run.rerequested'>, deps: AppDeps): Promise<void> {
  const { payload } = context;
  const run = payload.check_run;
  if (!isOurs(context, deps) || !payload.installation) return;
  if (await seenDelivery(deps, context.id)) return;
  const { owner, repo } = context.repo();
  const base = { installationId: payload.installation.id, owner, repo, deliveryId: context.id };
  const pr = run.pull_requests[0];
  if (run.external_id?.startsWith('analyse-pull-request') && pr) {
    await acceptJobs(deps, deliveryOf(context), [
      analysePullRequestRequest({
        ...base,
        number: pr.number,
        baseRef: pr.base.ref,
        baseSha: pr.base.sha,
        headRef: pr.head.ref,
        headSha: run.head_sha,
        force: true,
      }),
    ]);
    return;
  }
  await acceptJobs(deps, deliveryOf(context), [
    analyseCommitRequest({
      ...base,
      trigger: 'rerequest',
      branch: run.check_suite?.head_branch ?? undefined,
      sha: run.head_sha,
      defaultBranch: payload.repository.default_branch,
      force: true,
    }),
  ]);
}

/** `check_run` requested_action "Open docs PR" (automatic docs PRs off) → open or update the docs PR. */
export async function onCheckRunRequestedAction(
  context: Context<'check_run.requested_action'>,
  deps: AppDeps,
): Promise<void> {
  const { payload } = context;
  const run = payload.check_run;
  const branch = run.check_suite?.head_branch;
  if (!isOurs(context, deps) || payload.requested_action?.identifier !== OPEN_DOCS_PR_ACTION) return;
  if (!payload.installation || !branch) return;
  if (await seenDelivery(deps, context.id)) return;
  const { owner, repo } = context.repo();
  await acceptJobs(deps, deliveryOf(context), [
    applyDocsRequest({
      installationId: payload.installation.id,
      owner,
      repo,
      deliveryId: context.id,
      sha: run.head_sha,
      branch,
      checkRunId: run.id,
    }),
  ]);
}
