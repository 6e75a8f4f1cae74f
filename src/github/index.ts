export { MAX_ARTIFACT_BYTES, readRunArtifact } from './artifacts.js';
export { capBytes } from './cap-bytes.js';
export {
  ANNOTATIONS_PER_REQUEST,
  CHECK_NAME,
  type CheckAction,
  type CheckAnnotation,
  type CheckConclusion,
  completeCheckRun,
  createCheckRun,
  DEFAULT_MAX_ANNOTATIONS,
  findOpenCheckRun,
  MAX_SUMMARY_BYTES,
  OPEN_DOCS_PR_ACTION,
  OPEN_DOCS_PR_BUTTON,
} from './checks.js';
export {
  COMMIT_TRAILER,
  closeDocsPr,
  DOCS_BRANCH_PREFIX,
  type DocFileChange,
  type DocsPrOutcome,
  docsBranchName,
  MAX_PR_BODY_BYTES,
  upsertDocsPr,
} from './docs-pr.js';
export { MAX_COMMENT_BYTES, PR_COMMENT_MARKER, upsertPrComment } from './pr-comment.js';
export { CONFIG_PATH, type LoadedConfig, readConfigAt } from './read-config.js';
export { DEFAULT_READ_REPO_LIMITS, type GitHubRepoFiles, type ReadRepoLimits, readRepoAt } from './read-repo.js';
export { readDefaultBranchHead } from './repo-head.js';
export { createTokenClient } from './token-client.js';
export { type GitHub, httpStatus, type RepoRef, repoFullName } from './types.js';
export { unzip, type ZipEntry } from './unzip.js';
