import type { Octokit } from '@octokit/rest';

/**
 * The slice of an Octokit client the adapters use. Probot's `context.octokit` / `probot.auth()` and the
 * token client of the Action path both satisfy it, so every adapter serves the App and the CLI alike.
 */
export type GitHub = Pick<Octokit, 'rest' | 'request'>;

/** A repository on GitHub. */
export interface RepoRef {
  owner: string;
  repo: string;
}

/** `owner/name`, the key the store and queue use for a repository. */
export function repoFullName(ref: RepoRef): string {
  return `${ref.owner}/${ref.repo}`;
}

/** The HTTP status of an Octokit request error, or undefined for anything else. */
export function httpStatus(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'status' in error) {
    const status = (error as { status: unknown }).status;
    return typeof status === 'number' ? status : undefined;
  }
  return undefined;
}
