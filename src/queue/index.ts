export {
  type BullmqOptions,
  type BullmqWorker,
  createBullmqQueue,
  QUEUE_NAME,
  startBullmqWorker,
  withTimeout,
} from './bullmq-queue.js';
export { createInProcessQueue, type InProcessQueueOptions } from './in-process-queue.js';
export { closeRedis, openRedis } from './redis.js';
export { type HeldLock, tryLock } from './redis-lock.js';
export { createWritePacer, type WritePacer } from './redis-pacer.js';
export {
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
