import { createHash } from 'node:crypto';
import { DelayedError, type Job, Queue, Worker } from 'bullmq';
import { closeRedis, openRedis } from './redis.js';
import { tryLock } from './redis-lock.js';
import {
  DEFAULT_LOCK_TIMING,
  DEFAULT_RETRY,
  type JobProcessor,
  type JobQueue,
  type JobSettled,
  type LockTiming,
  messageOf,
  type QueuedState,
  type QueueHealth,
  type QueueMessage,
  type QueueRequest,
  type RetryPolicy,
} from './types.js';

/** The BullMQ queue name. */
export const QUEUE_NAME = 'specwatch-jobs';

/** How long a finished job's id keeps deduplicating redeliveries (BullMQ keeps the job that long). */
const KEEP_FINISHED_S = 24 * 3600;

/** A webhook must be answered within 10 s: a Redis that does not take a job within this long counts as down. */
const DEFAULT_ENQUEUE_TIMEOUT_MS = 3000;

interface QueuedData<M extends QueueMessage = QueueMessage> {
  /** The request's dedupe id (the outbox key). */
  id: string;
  key: string;
  message: M;
}

// BullMQ refuses custom ids containing ':'; a digest keeps them short and valid.
const jobIdOf = (id: string) => `j-${createHash('sha256').update(id).digest('hex').slice(0, 40)}`;

/** Rejects with `message` when `promise` has not settled within `ms` (the operation itself goes on). */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Connection options shared by producers and workers. */
export interface BullmqOptions {
  /** `redis://[user:pass@]host:port[/db]` */
  url: string;
  /** Key prefix, so several deployments (or tests) share one Redis. */
  prefix?: string;
  /** Connection and queue errors (Redis down, reconnecting); without it BullMQ writes them to the console. */
  onRedisError?: (error: Error) => void;
}

const STATES: Record<string, QueuedState> = {
  waiting: 'waiting',
  wait: 'waiting',
  delayed: 'waiting',
  prioritized: 'waiting',
  'waiting-children': 'waiting',
  active: 'active',
  completed: 'completed',
  failed: 'failed',
};

/**
 * The producer side (web replicas): enqueues jobs in Redis for `specwatch worker` processes. Deduplicated by job id
 * while the job is known (waiting, running, or finished within a day); retried with exponential backoff. While
 * Redis is away an enqueue fails after `enqueueTimeoutMs` (the connection reconnects by itself).
 */
export function createBullmqQueue<M extends QueueMessage = QueueMessage>(
  options: BullmqOptions & { retry?: RetryPolicy; enqueueTimeoutMs?: number },
): JobQueue<M> {
  const retry = options.retry ?? DEFAULT_RETRY;
  const timeoutMs = options.enqueueTimeoutMs ?? DEFAULT_ENQUEUE_TIMEOUT_MS;
  const prefix = options.prefix ?? 'specwatch';
  // One connection, owned here: BullMQ does not close a connection it was handed, so close() does.
  const redis = openRedis(options.url, { autoPipelining: true });
  if (options.onRedisError) redis.on('error', options.onRedisError);
  const queue = new Queue<QueuedData<M>>(QUEUE_NAME, { connection: redis, prefix });
  if (options.onRedisError) queue.on('error', options.onRedisError);
  // Lost after having been connected: fail at once (the outbox holds the job). While the first connection is being
  // made, commands wait for it (bounded by the timeout).
  const ready = () => redis.status !== 'reconnecting' && redis.status !== 'end' && redis.status !== 'close';
  return {
    kind: 'bullmq',
    async enqueue(request: QueueRequest<M>) {
      if (!ready()) throw new Error(`Redis is not connected (${redis.status})`);
      const jobId = jobIdOf(request.id);
      // BullMQ ignores an add with a known id atomically; the EXISTS only tells the caller which case it was. It is
      // sent first on the same connection without waiting for its reply, so both travel in one round trip.
      const known = redis.exists(queue.toKey(jobId)).catch(() => 0);
      await withTimeout(
        queue.add(
          request.name,
          { id: request.id, key: request.key, message: messageOf(request) },
          {
            jobId,
            attempts: retry.attempts,
            backoff: { type: 'exponential', delay: retry.backoffMs },
            removeOnComplete: { age: KEEP_FINISHED_S },
            removeOnFail: { age: 7 * KEEP_FINISHED_S },
          },
        ),
        timeoutMs,
        'Redis did not take the job in time',
      );
      return (await known) > 0 ? 'duplicate' : 'queued';
    },
    async stateOf(id) {
      if (!ready()) throw new Error(`Redis is not connected (${redis.status})`);
      const state = await withTimeout(queue.getJobState(jobIdOf(id)), timeoutMs, 'Redis did not answer in time');
      return STATES[state] ?? 'unknown';
    },
    async health(): Promise<QueueHealth> {
      if (redis.status !== 'ready') return { reachable: false, error: `Redis is not connected (${redis.status})` };
      try {
        const [counts, oldest] = await withTimeout(
          Promise.all([
            queue.getJobCounts('wait', 'prioritized', 'active', 'delayed'),
            // Ascending: the oldest waiting job first.
            queue.getJobs(['wait'], 0, 0, true),
          ]),
          timeoutMs,
          'Redis did not answer in time',
        );
        const first = oldest[0];
        return {
          reachable: true,
          waiting: (counts.wait ?? 0) + (counts.prioritized ?? 0),
          active: counts.active ?? 0,
          delayed: counts.delayed ?? 0,
          oldestWaitingMs: first ? Math.max(0, Date.now() - first.timestamp) : 0,
        };
      } catch (error) {
        return { reachable: false, error: error instanceof Error ? error.message : String(error) };
      }
    },
    async runAlone(name, work) {
      if (!ready()) return undefined;
      const lock = await tryLock(redis, `${prefix}:alone:${name}`, 60_000).catch(() => undefined);
      if (!lock) return undefined;
      try {
        return await work();
      } finally {
        await lock.release();
      }
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
 * branch across every worker: a Redis lock per key with a heartbeat, and a job whose key is busy goes back to the
 * delayed set for a moment (BullMQ's own groups are a Pro feature). A worker that dies mid-job (SIGKILL, OOM, node
 * loss) stops renewing both its branch lock and BullMQ's job lock: within about `lockTtlMs` the branch is free and
 * BullMQ's stalled-job check (every quarter of it) puts the job back to waiting for another worker.
 */
export function startBullmqWorker<M extends QueueMessage = QueueMessage>(
  options: BullmqOptions & {
    processor: JobProcessor<M>;
    concurrency?: number;
    timing?: LockTiming;
    /** Attempts of a job (as enqueued), to tell a last failure from one that will be retried. */
    attempts?: number;
    onError?: (job: Job, error: unknown) => void;
    onSettled?: JobSettled;
  },
): BullmqWorker {
  const prefix = options.prefix ?? 'specwatch';
  const ttl = (options.timing ?? DEFAULT_LOCK_TIMING).lockTtlMs;
  const attempts = options.attempts ?? DEFAULT_RETRY.attempts;
  // BullMQ runs its non-blocking commands on this connection and blocks on a duplicate it owns; the locks share
  // this one. Owned here: the worker does not close a connection it was handed.
  const redis = openRedis(options.url);
  if (options.onRedisError) redis.on('error', options.onRedisError);
  const settle = (job: Job<QueuedData<M>> | undefined, result: 'completed' | 'failed') => {
    if (!job?.data?.id || !options.onSettled) return;
    Promise.resolve(options.onSettled(job.data.id, result)).catch(() => {});
  };
  const worker = new Worker<QueuedData<M>>(
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
    {
      connection: redis,
      prefix,
      concurrency: options.concurrency ?? 4,
      lockDuration: ttl,
      // A dead worker's job is noticed on the second check after its lock lapsed.
      stalledInterval: Math.max(250, Math.floor(ttl / 4)),
      // A job that takes its worker down with it (an OOM on a huge repo) is not retried forever.
      maxStalledCount: 3,
    },
  );
  if (options.onRedisError) worker.on('error', options.onRedisError);
  worker.on('completed', (job) => settle(job, 'completed'));
  worker.on('failed', (job, error) => {
    if (!job) return;
    options.onError?.(job, error);
    if (job.attemptsMade >= (job.opts.attempts ?? attempts)) settle(job, 'failed');
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
