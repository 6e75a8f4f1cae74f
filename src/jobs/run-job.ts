import { analyseCommit } from './analyse-commit.js';
import { analysePullRequest } from './analyse-pull-request.js';
import { applyDocs } from './apply-docs.js';
import { recordDocsPr } from './record-docs-pr.js';
import type { JobDeps, JobMessage, JobOutcome } from './types.js';

/** Runs one queued job by name (the queue's processor, in-process or in a `specwatch worker`). */
export async function runJob(job: JobMessage, deps: JobDeps): Promise<JobOutcome> {
  switch (job.name) {
    case 'analyse-commit':
      return analyseCommit(job.data, deps);
    case 'analyse-pull-request':
      return analysePullRequest(job.data, deps);
    case 'apply-docs':
      return applyDocs(job.data, deps);
    case 'record-docs-pr':
      return recordDocsPr(job.data, deps);
  }
}
