import { randomUUID } from 'node:crypto';
import type { RespClient } from './resp-client.js';

const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
const EXTEND =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

/** A held lock: extend it while working, release it when done. */
export interface HeldLock {
  release(): Promise<void>;
}

/**
 * Takes the lock `key` for `ttlMs` (SET NX PX with a random token), extending it every third of its life while
 * held, so a worker that dies frees its repo + branch after `ttlMs` at most. Undefined when another holder has it.
 */
export async function tryLock(client: RespClient, key: string, ttlMs: number): Promise<HeldLock | undefined> {
  const token = randomUUID();
  const reply = await client.send('SET', [key, token, 'NX', 'PX', String(ttlMs)]);
  if (reply !== 'OK') return undefined;
  const timer = setInterval(
    () => {
      client.send('EVAL', [EXTEND, '1', key, token, String(ttlMs)]).catch(() => {});
    },
    Math.max(1000, Math.floor(ttlMs / 3)),
  );
  timer.unref();
  return {
    async release() {
      clearInterval(timer);
      await client.send('EVAL', [RELEASE, '1', key, token]);
    },
  };
}
