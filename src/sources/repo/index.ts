// The RepoFiles contract every reader of a checkout goes through, and its in-memory form. The adapters that read
// a local folder or git objects live in checkout/; GitHub's in github/.

export { memoryRepo } from './memory-repo.js';
export { IGNORED_DIRS, normalizeRepoPath, RepoAccessError, type RepoFiles, resolveRepoPath } from './repo-files.js';
