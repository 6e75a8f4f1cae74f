// Adapters for a checkout on the local disk: read it (a folder, or a commit's git objects) through the RepoFiles
// contract of sources/repo, and write what docsync planned (the working tree, or a commit on a new local branch).

export { gitRepo, resolveGitRef } from './git-repo.js';
export { isDirectory, localRepo } from './local-repo.js';
export { applyFixesToWorkingTree, type BranchCommit, commitFixesOnBranch, PatchWriteError } from './write-patches.js';
