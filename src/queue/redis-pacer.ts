import { Redis } from 'ioredis';

// Takes the next write slot of a key: returns how long to wait for it (ms) and books the slot after it. The key
// holds only "next free slot" with a TTL: lost (a Redis restart, a failover) it means "no wait", never an error.
const TAKE_SLOT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local booked = tonumber(redis.call('GET', KEYS[1]) or '0')
local at = math.max(now, booked)
local interval = tonumber(ARGV[1])
redis.call('SET', KEYS[1], at + interval, 'PX', at + interval - now + 1000)
return at - now`;

/** Spaces writes per key across every process sharing a Redis. */
export interface WritePacer {
  /** Resolves when the caller may write; at once when Redis cannot be asked. */
  wait(key: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A pacer on Redis: each key (an installation) gets one write slot per `intervalMs` across all replicas and
 * workers. It keeps no state that matters: a missing key is an empty schedule, so Redis may restart empty at any
 * time. While Redis is away, writes go ahead at once (each process still paces its own through Octokit's
 * throttling) instead of waiting for it: pacing is a courtesy to GitHub, not a condition of doing the work.
 */
export function createWritePacer(options: { url: string; prefix: string; intervalMs: number }): WritePacer {
  // Its own connection, failing fast while disconnected (no offline queue): a write never waits for a reconnect.
  const redis = new Redis(options.url, { maxRetriesPerRequest: 0, enableOfflineQueue: false, lazyConnect: false });
  redis.on('error', () => {});
  // Never block a write on Redis for long; a longer wait than this is a booked slot, not a slow Redis.
  const askMs = 500;
  return {
    async wait(key) {
      if (options.intervalMs <= 0 || redis.status !== 'ready') return;
      let timer: NodeJS.Timeout | undefined;
      const waitMs = await Promise.race([
        (redis.eval(TAKE_SLOT, 1, `${options.prefix}:pace:${key}`, options.intervalMs) as Promise<number>).catch(
          () => 0,
        ),
        new Promise<number>((resolve) => {
          timer = setTimeout(() => resolve(0), askMs);
        }),
      ]).finally(() => clearTimeout(timer));
      // A slot far away means many writers queued up: never wait more than a minute for one.
      if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(waitMs, 60_000)));
    },
    async close() {
      redis.disconnect();
    },
  };
}
