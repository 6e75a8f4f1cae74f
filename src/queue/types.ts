import type { JobMessage, JobRequest } from '../jobs/index.js';

/** Runs one job; a throw makes the queue retry it with backoff. */
export type JobProcessor = (job: JobMessage) => Promise<unknown>;

/** Where handlers put work: in-process by default, BullMQ on Redis at scale. */
export interface JobQueue {
  readonly kind: 'in-process' | 'bullmq';
  /** Queues a job unless one with the same id is already known; resolves once it is safely queued. */
  enqueue(request: JobRequest): Promise<'queued' | 'duplicate'>;
  /** Resolves when every queued job has finished (in-process: tests and graceful shutdown). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** Retry policy of a job. */
export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** First retry delay in ms; doubles on each further retry. */
  backoffMs: number;
}

/** Default: three tries, 2 s then 4 s apart. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, backoffMs: 2000 };
