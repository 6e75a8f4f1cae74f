import { ProbotOctokit } from 'probot';

/** Bottleneck's Redis connection (`IORedisConnection`), as far as shutdown needs it. */
interface ThrottleConnection {
  disconnect(flush?: boolean): Promise<unknown>;
}

/** Probot's Octokit class for a process that shares Probot's rate-limit state through Redis, and its closer. */
export interface ThrottleRedis {
  Octokit: typeof ProbotOctokit;
  /** Closes the Redis connections Probot opened for throttling (Probot 14 itself never closes them). */
  close(): Promise<void>;
}

/**
 * With `redisConfig` (REDIS_URL), Probot opens one ioredis client (plus Bottleneck's subscriber duplicate) and puts
 * it into the throttle options of every Octokit it builds, so replicas and workers share one view of GitHub's rate
 * limits. Probot keeps that connection private and never closes it, which would keep a stopped process alive;
 * this Octokit class notes the connection as Probot's defaults pass through it, so shutdown can close it.
 */
export function throttleRedis(): ThrottleRedis {
  const connections = new Set<ThrottleConnection>();
  const Octokit = ProbotOctokit.defaults((options: { throttle?: { connection?: ThrottleConnection } }) => {
    const connection = options.throttle?.connection;
    if (connection) connections.add(connection);
    return options;
  }) as typeof ProbotOctokit;
  return {
    Octokit,
    async close() {
      const open = [...connections];
      connections.clear();
      // flush: QUIT, so commands already sent (a limiter's bookkeeping) are answered first.
      await Promise.all(open.map((connection) => connection.disconnect(true).catch(() => undefined)));
    },
  };
}
