import { Redis } from 'ioredis';

/**
 * A Redis connection for BullMQ and the per-branch locks. `maxRetriesPerRequest: null` is what BullMQ requires of
 * a connection its workers block on: a command waits for a reconnect instead of failing after a few retries.
 * `autoPipelining` sends every command issued in one event-loop turn in a single write, which is what a burst of
 * concurrent webhooks needs: one socket write for many deliveries instead of one or two each.
 */
export function openRedis(url: string, options: { autoPipelining?: boolean } = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableAutoPipelining: options.autoPipelining ?? false });
}

/** Closes a connection: QUIT (pending replies are delivered first), or a hard disconnect when that fails. */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}
