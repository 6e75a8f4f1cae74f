import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import type { GitHub } from './types.js';

const ThrottledOctokit = Octokit.plugin(throttling, retry);

/**
 * A client for the CLI and Action path (a `GITHUB_TOKEN` or PAT instead of App auth), with the same rate-limit
 * behaviour Probot gives the App: primary limits wait for `retry-after`/reset and retry twice; secondary limits
 * (content creation bursts) wait and retry once, because a docs PR job creating blobs, a tree and a commit is exactly
 * what trips them.
 */
export function createTokenClient(params: {
  token: string;
  baseUrl?: string;
  log?: (message: string) => void;
}): GitHub {
  const log = params.log ?? (() => {});
  return new ThrottledOctokit({
    auth: params.token,
    userAgent: 'specwatch',
    ...(params.baseUrl === undefined ? {} : { baseUrl: params.baseUrl }),
    throttle: {
      onRateLimit: (retryAfter, options, _octokit, retryCount) => {
        log(`rate limit hit for ${options.method} ${options.url}; retrying in ${retryAfter}s`);
        return retryCount < 2;
      },
      onSecondaryRateLimit: (retryAfter, options, _octokit, retryCount) => {
        log(`secondary rate limit hit for ${options.method} ${options.url}; retrying in ${retryAfter}s`);
        return retryCount < 1;
      },
    },
  });
}
