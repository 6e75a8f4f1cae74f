import type { ApplicationFunction } from 'probot';
import { createIngestHandler } from '../ingest/index.js';
import { onCheckRunRequestedAction, onCheckRunRerequested } from './handlers/check-run.js';
import { onInstallationCreated, onRepositoriesAdded } from './handlers/installation.js';
import { onPullRequestClosed, onPullRequestUpdated } from './handlers/pull-request.js';
import { onPush } from './handlers/push.js';
import { onWorkflowRunCompleted } from './handlers/workflow-run.js';
import { createHealthHandler } from './health.js';
import type { AppDeps } from './types.js';

/**
 * The Probot app: every handler only filters the event and enqueues a job (GitHub gives a webhook 10 s; the work
 * runs in the queue), plus the traffic ingestion endpoint and the health routes (`/healthz`, `/readyz`) mounted with `addHandler`.
 */
export function createSpecwatchApp(deps: AppDeps): ApplicationFunction {
  return (app, { addHandler }) => {
    app.on('push', (context) => onPush(context, deps));
    app.on(['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened'], (context) =>
      onPullRequestUpdated(context, deps),
    );
    app.on('pull_request.closed', (context) => onPullRequestClosed(context, deps));
    app.on('check_run.rerequested', (context) => onCheckRunRerequested(context, deps));
    app.on('check_run.requested_action', (context) => onCheckRunRequestedAction(context, deps));
    app.on('installation.created', (context) => onInstallationCreated(context, deps));
    app.on('installation_repositories.added', (context) => onRepositoriesAdded(context, deps));
    app.on('workflow_run.completed', (context) => onWorkflowRunCompleted(context, deps));

    if (deps.ingest !== false) {
      addHandler(
        createIngestHandler({
          store: deps.store,
          // The repo's config lives in the repo: its default branch's analysis records the services to keep.
          serviceNames: (repo) => deps.store.getOtelServiceNames(repo),
          ...(deps.sketchSecret ? { secret: deps.sketchSecret } : {}),
        }),
      );
    }
    addHandler(createHealthHandler(deps));
  };
}
