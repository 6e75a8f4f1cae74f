import type { Context } from 'probot';
import { analyseCommitRequest, type JobRequest } from '../../jobs/index.js';
import { acceptJobs, deliveryOf, seenDelivery } from '../accept-jobs.js';
import type { AppDeps } from '../types.js';

interface RepoEntry {
  full_name: string;
}

function firstScans(installationId: number, deliveryId: string, repositories: readonly RepoEntry[]): JobRequest[] {
  const requests: JobRequest[] = [];
  for (const entry of repositories) {
    const [owner, repo] = entry.full_name.split('/');
    if (!owner || !repo) continue;
    requests.push(analyseCommitRequest({ installationId, owner, repo, deliveryId, trigger: 'installation' }));
  }
  return requests;
}

/** `installation` created → a first scan of each repository's default branch. */
export async function onInstallationCreated(context: Context<'installation.created'>, deps: AppDeps): Promise<void> {
  const { payload } = context;
  if (await seenDelivery(deps, context.id)) return;
  await acceptJobs(
    deps,
    deliveryOf(context),
    firstScans(payload.installation.id, context.id, payload.repositories ?? []),
  );
}

/** `installation_repositories` added → a first scan of each added repository. */
export async function onRepositoriesAdded(
  context: Context<'installation_repositories.added'>,
  deps: AppDeps,
): Promise<void> {
  const { payload } = context;
  if (await seenDelivery(deps, context.id)) return;
  await acceptJobs(
    deps,
    deliveryOf(context),
    firstScans(payload.installation.id, context.id, payload.repositories_added),
  );
}
