import { Redis } from 'ioredis';

/**
 * Deletes every key under `prefix:` (a test's BullMQ queue, its job hashes and the per-branch locks), so test runs
 * leave the shared Redis as they found it. SCAN, not KEYS: the server may be shared with other suites.
 */
export async function deleteRedisKeys(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
  return deleted;
}
