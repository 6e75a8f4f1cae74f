import type {
  AnalyseCommitData,
  AnalysePullRequestData,
  ApplyDocsData,
  JobMessage,
  JobRequest,
  RecordDocsPrData,
} from './types.js';

const repoKey = (d: { owner: string; repo: string }) => `${d.owner}/${d.repo}`;

/**
 * Queue request of a commit analysis: serialised per repo + branch; deduplicated by sha (a forced re-run by its
 * delivery, so each button press runs once).
 */
export function analyseCommitRequest(data: AnalyseCommitData): JobRequest {
  const target = data.sha ?? 'default-branch';
  return {
    name: 'analyse-commit',
    data,
    key: `${repoKey(data)}#${data.branch ?? '(default)'}`,
    id: `analyse-commit:${repoKey(data)}:${data.trigger === 'workflow-run' ? `run-${data.workflowRunId}` : target}${data.force ? `:${data.deliveryId}` : ''}`,
  };
}

/** Queue request of a pull request analysis: serialised with pushes to its head branch, deduplicated by head sha. */
export function analysePullRequestRequest(data: AnalysePullRequestData): JobRequest {
  return {
    name: 'analyse-pull-request',
    data,
    key: `${repoKey(data)}#${data.headRef}`,
    id: `analyse-pull-request:${repoKey(data)}:${data.number}:${data.headSha}${data.force ? `:${data.deliveryId}` : ''}`,
  };
}

/** Queue request of the "Open docs PR" button, serialised with the branch's analyses. */
export function applyDocsRequest(data: ApplyDocsData): JobRequest {
  return { name: 'apply-docs', data, key: `${repoKey(data)}#${data.branch}`, id: `apply-docs:${data.deliveryId}` };
}

/** Queue request of a closed docs PR. */
export function recordDocsPrRequest(data: RecordDocsPrData): JobRequest {
  return {
    name: 'record-docs-pr',
    data,
    key: `${repoKey(data)}#${data.base}`,
    id: `record-docs-pr:${repoKey(data)}:${data.number}:${data.deliveryId}`,
  };
}

/** The queue request of a job message (what the sweeper re-queues from a run record). */
export function jobRequestOf(message: JobMessage): JobRequest {
  switch (message.name) {
    case 'analyse-commit':
      return analyseCommitRequest(message.data);
    case 'analyse-pull-request':
      return analysePullRequestRequest(message.data);
    case 'apply-docs':
      return applyDocsRequest(message.data);
    case 'record-docs-pr':
      return recordDocsPrRequest(message.data);
  }
}
