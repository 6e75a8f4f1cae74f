import type { GitHub } from '../github/index.js';
import type { Store } from '../store/index.js';
import type { Engine } from './engine.js';

/** Every job Specwatch runs outside the webhook request. */
export type JobName = 'analyse-commit' | 'analyse-pull-request' | 'apply-docs' | 'record-docs-pr';

/** What every job names: the installation (for a token) and the repository. */
export interface RepoJobData {
  installationId: number;
  owner: string;
  repo: string;
  /** The webhook delivery that caused the job (logs, dedupe of forced re-runs). */
  deliveryId: string;
}

/** Analyse one commit: a push, a first scan after installation, a re-run, or a workflow's artifact. */
export interface AnalyseCommitData extends RepoJobData {
  trigger: 'push' | 'installation' | 'rerequest' | 'workflow-run';
  /** Branch and commit; both absent for a first scan (the default branch head is used). */
  branch?: string;
  sha?: string;
  /** The repository's default branch when the event says it (docs PRs are only made from it). */
  defaultBranch?: string;
  /** A re-run: analyse again even if this sha was already analysed (a new check run, as GitHub expects). */
  force?: boolean;
  /** Read the configured artifacts of this workflow run. */
  workflowRunId?: number;
}

/** Analyse a pull request: change family base → head, plus drift at head. */
export interface AnalysePullRequestData extends RepoJobData {
  number: number;
  baseRef: string;
  baseSha: string;
  headRef: string;
  headSha: string;
  force?: boolean;
}

/** The "Open docs PR" button: open or update the docs PR for the commit the check ran on. */
export interface ApplyDocsData extends RepoJobData {
  sha: string;
  branch: string;
  checkRunId: number;
}

/** One of our docs PRs was closed: dismiss its findings (unmerged) or record the merge. */
export interface RecordDocsPrData extends RepoJobData {
  number: number;
  base: string;
  merged: boolean;
  mergeSha?: string;
  body: string;
  closedBy: string;
}

/** Job name → its data. */
export interface JobDataMap {
  'analyse-commit': AnalyseCommitData;
  'analyse-pull-request': AnalysePullRequestData;
  'apply-docs': ApplyDocsData;
  'record-docs-pr': RecordDocsPrData;
}

/** A job's name with its data (what a queue carries to the processor). */
export type JobMessage = { [N in JobName]: { name: N; data: JobDataMap[N] } }[JobName];

/** A job as queued: its name, its data, the serialisation key and the dedupe id. */
export type JobRequest = {
  [N in JobName]: {
    name: N;
    data: JobDataMap[N];
    /** One job at a time per key (`owner/repo#branch`). */
    key: string;
    /** A second job with the same id while the first is known is dropped. */
    id: string;
  };
}[JobName];

/** A minimal logger (pino's satisfies it). */
export interface JobLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** What jobs need from the outside world. */
export interface JobDeps {
  /** An authenticated client for an installation (`probot.auth(id)` in the App). */
  github(installationId: number): Promise<GitHub>;
  store: Store;
  engine: Engine;
  log: JobLog;
}

/** What a job reports back (tests and logs). */
export interface JobOutcome {
  status: 'done' | 'skipped';
  reason?: string;
  checkRunId?: number;
  docsPr?: number;
  conclusion?: string;
}
