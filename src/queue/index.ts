export {
  type BullmqOptions,
  type BullmqWorker,
  createBullmqQueue,
  QUEUE_NAME,
  startBullmqWorker,
} from './bullmq-queue.js';
export { createInProcessQueue, type InProcessQueueOptions } from './in-process-queue.js';
export { closeRedis, openRedis } from './redis.js';
export { DEFAULT_RETRY, type JobProcessor, type JobQueue, type RetryPolicy } from './types.js';
