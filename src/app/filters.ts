import { DOCS_BRANCH_PREFIX } from '../github/index.js';

/** True for a branch Specwatch owns: pushes to it and workflows on it never start an analysis (no loops). */
export function isOwnBranch(branch: string | null | undefined): boolean {
  return typeof branch === 'string' && branch.startsWith(DOCS_BRANCH_PREFIX);
}

/** `refs/heads/main` → `main`; undefined for tags and other refs. */
export function branchOf(ref: string): string | undefined {
  return ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
}

/** A sha of zeros: the "after" of a deleted branch. */
export function isNullSha(sha: string | null | undefined): boolean {
  return !sha || /^0+$/.test(sha);
}
