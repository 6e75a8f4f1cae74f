import { createHash } from 'node:crypto';
import { DelayedError, type Job, Queue, Worker } from 'bullmq';
import type { JobMessage, JobRequest } from '../jobs/index.js';
import { closeRedis, openRedis } from './redis.js';
import { tryLock } from './redis-lock.js';
import { DEFAULT_RETRY, type JobProcessor, type JobQueue, type RetryPolicy } from './types.js';

/** The BullMQ queue name. */
export const QUEUE_NAME = 'specwatch-jobs';

/** How long a finished job's id keeps deduplicating redeliveries (BullMQ keeps the job that long). */
const KEEP_FINISHED_S = 24 * 3600;

interface QueuedData {
  key: string;
  message: JobMessage;
}

// BullMQ refuses custom ids containing ':'; a digest keeps them short and valid.
const jobIdOf = (id: string) => `j-${createHash('sha256').update(id).digest('hex').slice(0, 40)}`;

/** Connection options shared by producers and workers. */
export interface BullmqOptions {
  /** `redis://[user:pass@]host:port[/db]` */
  url: string;
  /** Key prefix, so several deployments (or tests) share one Redis. */
  prefix?: string;
  /** Connection and queue errors (Redis down, reconnecting); without it BullMQ writes them to the console. */
  onRedisError?: (error: Error) => void;
}

/**
 * The producer side (web replicas): enqueues jobs in Redis for `specwatch worker` processes. Deduplicated by job id
 * while the job is known (waiting, running, or finished within a day); retries with exponential backoff.
 */
export function createBullmqQueue(options: BullmqOptions & { retry?: RetryPolicy }): JobQueue {
  const retry = options.retry ?? DEFAULT_RETRY;
  // One connection, owned here: BullMQ does not close a connection it was handed, so close() does.
  const redis = openRedis(options.url, { autoPipelining: true });
  const queue = new Queue<QueuedData>(QUEUE_NAME, { connection: redis, prefix: options.prefix ?? 'specwatch' });
  if (options.onRedisError) queue.on('error', options.onRedisError);
  return {
    kind: 'bullmq',
    async enqueue(request: JobRequest) {
      const jobId = jobIdOf(request.id);
      // BullMQ ignores an add with a known id atomically; the EXISTS only tells the caller which case it was. It is
      // sent first on the same connection without waiting for its reply, so both travel in one round trip.
      const known = redis.exists(queue.toKey(jobId)).catch(() => 0);
      await queue.add(
        request.name,
        { key: request.key, message: { name: request.name, data: request.data } as JobMessage },
        {
          jobId,
          attempts: retry.attempts,
          backoff: { type: 'exponential', delay: retry.backoffMs },
          removeOnComplete: { age: KEEP_FINISHED_S },
          removeOnFail: { age: 7 * KEEP_FINISHED_S },
        },
      );
      return (await known) > 0 ? 'duplicate' : 'queued';
    },
    async drain() {},
    async close() {
      await queue.close();
      await closeRedis(redis);
    },
  };
}

/** A running worker. */
export interface BullmqWorker {
  /** Resolves once the worker is connected to Redis and taking jobs. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The consumer side (`specwatch worker`): runs jobs, at most `concurrency` at once, and one at a time per repo +
 * branch across every worker: a Redis lock per key, and a job whose key is busy goes back to the delayed set for a
 * moment (BullMQ's own groups are a Pro feature).
 */
export function startBullmqWorker(
  options: BullmqOptions & {
    processor: JobProcessor;
    concurrency?: number;
    lockTtlMs?: number;
    onError?: (job: Job, error: unknown) => void;
  },
): BullmqWorker {
  const prefix = options.prefix ?? 'specwatch';
  // BullMQ runs its non-blocking commands on this connection and blocks on a duplicate it owns; the locks share
  // this one. Owned here: the worker does not close a connection it was handed.
  const redis = openRedis(options.url);
  const ttl = options.lockTtlMs ?? 10 * 60_000;
  const worker = new Worker<QueuedData>(
    QUEUE_NAME,
    async (job, token) => {
      const lock = await tryLock(redis, `${prefix}:lock:${job.data.key}`, ttl);
      if (!lock) {
        await job.moveToDelayed(Date.now() + 100 + Math.floor(Math.random() * 400), token);
        throw new DelayedError();
      }
      try {
        return await options.processor(job.data.message);
      } finally {
        await lock.release();
      }
    },
    { connection: redis, prefix, concurrency: options.concurrency ?? 4 },
  );
  if (options.onRedisError) worker.on('error', options.onRedisError);
  worker.on('failed', (job, error) => {
    if (job) options.onError?.(job, error);
  });
  return {
    async ready() {
      await worker.waitUntilReady();
    },
    async close() {
      // Waits for running jobs (and their lock releases) before the connection goes.
      await worker.close();
      await closeRedis(redis);
    },
  };
}
