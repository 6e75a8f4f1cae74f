import { ProbotOctokit } from 'probot';
import { createWritePacer, type WritePacer } from '../queue/index.js';

/** How many times one request waits out a rate limit (primary or secondary) before the job fails and is retried. */
const RATE_LIMIT_RETRIES = 4;

/** Probot's Octokit class for this process, and its closer. */
export interface AppOctokit {
  Octokit: typeof ProbotOctokit;
  close(): Promise<void>;
}

interface ThrottledRequest {
  method: string;
  url: string;
  request: { retryCount: number };
}

/** The part of an Octokit instance a plugin hooks into. */
interface HookedOctokit {
  hook: { before(name: 'request', hook: (request: { method: string; url: string }) => Promise<void>): void };
}

interface ClientLog {
  warn(message: string): void;
}

/**
 * The Octokit class the App's Probot builds installation clients from:
 * - GitHub's rate limits are waited out, the secondary limit (403 or 429 with `retry-after`) included — Probot's
 *   own handler only logs that one — a few times per request, after which the job's retry takes over;
 * - 5xx answers are retried by Octokit's retry plugin, then by the job's backoff (minutes);
 * - with Redis, writes are paced per installation across every replica and worker by a pacer whose state may be
 *   lost at any time. This replaces Probot's Redis-clustered throttling (Bottleneck), which never re-creates its
 *   settings key after Redis restarts empty and then fails every request with `SETTINGS_KEY_NOT_FOUND`.
 */
export function createAppOctokit(options: {
  redisUrl?: string;
  prefix: string;
  writeIntervalMs: number;
  retryBaseMs?: number;
  log: () => ClientLog;
}): AppOctokit {
  const pacer: WritePacer | undefined = options.redisUrl
    ? createWritePacer({ url: options.redisUrl, prefix: options.prefix, intervalMs: options.writeIntervalMs })
    : undefined;
  const retryOrGiveUp = (kind: string) => (retryAfter: number, request: ThrottledRequest) => {
    const retry = request.request.retryCount < RATE_LIMIT_RETRIES;
    options
      .log()
      .warn(
        `GitHub ${kind} rate limit on ${request.method} ${request.url}: ${retry ? `retrying in ${retryAfter} s` : 'giving up, the job will be retried'}`,
      );
    return retry;
  };
  const paceWrites = (octokit: HookedOctokit, octokitOptions: { throttle?: { id?: string } }) => {
    if (!pacer) return;
    const key = octokitOptions.throttle?.id ?? 'app';
    octokit.hook.before('request', async (request) => {
      if (request.method === 'GET' || request.method === 'HEAD' || /\/access_tokens$/.test(String(request.url))) return;
      await pacer.wait(key);
    });
  };
  const Octokit = ProbotOctokit.plugin(paceWrites).defaults(
    (instance: { throttle?: Record<string, unknown> } & Record<string, unknown>) => ({
      ...instance,
      throttle: {
        ...instance.throttle,
        onRateLimit: retryOrGiveUp('primary'),
        onSecondaryRateLimit: retryOrGiveUp('secondary'),
      },
      ...(options.retryBaseMs === undefined ? {} : { retry: { retryAfterBaseValue: options.retryBaseMs } }),
    }),
  ) as typeof ProbotOctokit;
  return {
    Octokit,
    async close() {
      await pacer?.close();
    },
  };
}
