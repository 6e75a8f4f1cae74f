export { gitRepo, resolveGitRef } from './git-repo.js';
export { isDirectory, localRepo } from './local-repo.js';
export { memoryRepo } from './memory-repo.js';
export { IGNORED_DIRS, normalizeRepoPath, RepoAccessError, type RepoFiles, resolveRepoPath } from './repo-files.js';
