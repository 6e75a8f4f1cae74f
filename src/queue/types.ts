/**
 * What a queue carries: a job's name and its data. The queue knows nothing else of a job; the parts that enqueue
 * and process name their own message union (`jobs/` does) and hand it in as the type parameter.
 */
export interface QueueMessage {
  name: string;
  data: unknown;
}

/** A message as queued: one job at a time per `key`, and a second job with a known `id` is dropped. */
export type QueueRequest<M extends QueueMessage = QueueMessage> = M & {
  /** One job at a time per key (`owner/repo#branch`). */
  key: string;
  /** A second job with the same id while the first is known is dropped. */
  id: string;
};

/** The message alone, without the queue's key and id: what the processor gets, in process or through Redis. */
export function messageOf<M extends QueueMessage>(request: QueueRequest<M>): M {
  const { key: _key, id: _id, ...message } = request;
  return message as unknown as M;
}

/** Runs one job; a throw makes the queue retry it with backoff. */
export type JobProcessor<M extends QueueMessage = QueueMessage> = (job: M) => Promise<unknown>;

/** Where a job stands in a queue; `unknown` when the queue has no trace of it (never queued, or lost with Redis). */
export type QueuedState = 'waiting' | 'active' | 'completed' | 'failed' | 'unknown';

/** Readiness figures of a queue. */
export interface QueueHealth {
  /** False when the queue cannot be reached (Redis down); the figures are then absent. */
  reachable: boolean;
  waiting?: number;
  active?: number;
  /** Delayed jobs: retries waiting out their backoff, and jobs waiting for their repo + branch. */
  delayed?: number;
  /** Age of the oldest job waiting to start, in ms (0 when none waits). */
  oldestWaitingMs?: number;
  error?: string;
}

/** Where handlers put work: in-process by default, BullMQ on Redis at scale. */
export interface JobQueue<M extends QueueMessage = QueueMessage> {
  readonly kind: 'in-process' | 'bullmq';
  /** Queues a job unless one with the same id is already known; resolves once it is safely queued. */
  enqueue(request: QueueRequest<M>): Promise<'queued' | 'duplicate'>;
  /** Where the job with this request id stands (the outbox dispatcher re-queues what the queue lost). */
  stateOf(id: string): Promise<QueuedState>;
  health(): Promise<QueueHealth>;
  /**
   * Runs `work` unless another process sharing this queue is running the same `name` (one sweep, one redelivery
   * pass at a time across replicas); undefined when it did not run.
   */
  runAlone<T>(name: string, work: () => Promise<T>): Promise<T | undefined>;
  /** Resolves when every queued job has finished (in-process: tests and graceful shutdown). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** Called once a job is settled: it ran (whatever its outcome) or failed for the last time. */
export type JobSettled = (id: string, result: 'completed' | 'failed') => void | Promise<void>;

/** Retry policy of a job. */
export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** First retry delay in ms; doubles on each further retry. */
  backoffMs: number;
}

/**
 * Default: nine tries, 2 s, 4 s, … 256 s apart — about eight and a half minutes in all, so a GitHub outage, a
 * Redis failover or a database restart of a few minutes delays a job instead of dropping it.
 */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 9, backoffMs: 2000 };

/** Timing of locks and stalled-job recovery (shortened in tests through the environment). */
export interface LockTiming {
  /**
   * Life of a repo + branch lock and of BullMQ's job lock, renewed every third of it while the job runs: a worker
   * that dies frees its branch, and its job is moved back to waiting, within about this long.
   */
  lockTtlMs: number;
}

/** Default: 20 s, so a killed worker's branch is free, and its job running again, within about 30 s. */
export const DEFAULT_LOCK_TIMING: LockTiming = { lockTtlMs: 20_000 };
