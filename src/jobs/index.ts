export { analyseCommit } from './analyse-commit.js';
export { analysePullRequest } from './analyse-pull-request.js';
export { applyDocs } from './apply-docs.js';
export { createCoreEngine } from './core-engine.js';
export type { AnalysisResult, ChangeResult, CheckRender, Engine } from './engine.js';
export {
  analyseCommitRequest,
  analysePullRequestRequest,
  applyDocsRequest,
  jobRequestOf,
  recordDocsPrRequest,
} from './job-requests.js';
export { recordDocsPr } from './record-docs-pr.js';
export { runJob } from './run-job.js';
export { decodeFindingsMarker, encodeFindingsMarker } from './steps/docs-pr-marker.js';
export type {
  AnalyseCommitData,
  AnalysePullRequestData,
  ApplyDocsData,
  JobDataMap,
  JobDeps,
  JobLog,
  JobMessage,
  JobName,
  JobOutcome,
  JobRequest,
  RecordDocsPrData,
  RepoJobData,
} from './types.js';
