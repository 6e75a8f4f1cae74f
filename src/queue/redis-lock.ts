import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
const EXTEND =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

/** A held lock: extend it while working, release it when done. */
export interface HeldLock {
  release(): Promise<void>;
}

/**
 * Takes the lock `key` for `ttlMs` (SET NX PX with a random token) and renews it every third of its life while
 * held (the heartbeat), so a worker that dies frees its repo + branch within `ttlMs`. Undefined when another holder
 * has it. Release and extend compare the token in a script, so a holder whose lock expired never frees someone
 * else's. A heartbeat that fails (Redis away) is tried again at the next beat; the lock then lives on its TTL.
 */
export async function tryLock(client: Redis, key: string, ttlMs: number): Promise<HeldLock | undefined> {
  const token = randomUUID();
  const reply = await client.set(key, token, 'PX', ttlMs, 'NX');
  if (reply !== 'OK') return undefined;
  const timer = setInterval(
    () => {
      client.eval(EXTEND, 1, key, token, ttlMs).catch(() => {});
    },
    Math.max(50, Math.floor(ttlMs / 3)),
  );
  timer.unref();
  return {
    async release() {
      clearInterval(timer);
      // Best effort: a release that cannot reach Redis leaves the lock to expire on its TTL.
      await client.eval(RELEASE, 1, key, token).catch(() => {});
    },
  };
}
