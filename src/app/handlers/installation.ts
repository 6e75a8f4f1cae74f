import type { Context } from 'probot';
import { analyseCommitRequest } from '../../jobs/index.js';
import { claimDelivery } from '../filters.js';
import type { AppDeps } from '../types.js';

interface RepoEntry {
  full_name: string;
}

async function enqueueFirstScans(
  deps: AppDeps,
  installationId: number,
  deliveryId: string,
  repositories: readonly RepoEntry[],
): Promise<void> {
  for (const entry of repositories) {
    const [owner, repo] = entry.full_name.split('/');
    if (!owner || !repo) continue;
    await deps.queue.enqueue(
      analyseCommitRequest({ installationId, owner, repo, deliveryId, trigger: 'installation' }),
    );
  }
}

/** `installation` created → a first scan of each repository's default branch. */
export async function onInstallationCreated(context: Context<'installation.created'>, deps: AppDeps): Promise<void> {
  const { payload } = context;
  if (!(await claimDelivery(deps.store, context.id, context.name))) return;
  await enqueueFirstScans(deps, payload.installation.id, context.id, payload.repositories ?? []);
}

/** `installation_repositories` added → a first scan of each added repository. */
export async function onRepositoriesAdded(
  context: Context<'installation_repositories.added'>,
  deps: AppDeps,
): Promise<void> {
  const { payload } = context;
  if (!(await claimDelivery(deps.store, context.id, context.name))) return;
  await enqueueFirstScans(deps, payload.installation.id, context.id, payload.repositories_added);
}
