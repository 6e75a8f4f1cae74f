import type { Context } from 'probot';
import { analyseCommitRequest } from '../../jobs/index.js';
import { acceptJobs, deliveryOf, seenDelivery } from '../accept-jobs.js';
import { isOwnBranch } from '../filters.js';
import type { AppDeps } from '../types.js';

/**
 * `workflow_run` completed successfully → analyse its commit with the artifacts the config names (a generated spec,
 * captures). The job reads the config and does nothing when no artifact is configured.
 */
export async function onWorkflowRunCompleted(context: Context<'workflow_run.completed'>, deps: AppDeps): Promise<void> {
  const { payload } = context;
  const run = payload.workflow_run;
  if (run.conclusion !== 'success' || isOwnBranch(run.head_branch) || !payload.installation) return;
  if (await seenDelivery(deps, context.id)) return;
  const { owner, repo } = context.repo();
  await acceptJobs(deps, deliveryOf(context), [
    analyseCommitRequest({
      installationId: payload.installation.id,
      owner,
      repo,
      deliveryId: context.id,
      trigger: 'workflow-run',
      ...(run.head_branch ? { branch: run.head_branch } : {}),
      sha: run.head_sha,
      defaultBranch: payload.repository.default_branch,
      workflowRunId: run.id,
    }),
  ]);
}
