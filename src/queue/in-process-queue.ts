import type { JobRequest } from '../jobs/index.js';
import { DEFAULT_RETRY, type JobProcessor, type JobQueue, type RetryPolicy } from './types.js';

/** Options of {@link createInProcessQueue}. */
export interface InProcessQueueOptions {
  processor: JobProcessor;
  /** Jobs running at once across keys (each key still runs one at a time). */
  concurrency?: number;
  retry?: RetryPolicy;
  /** Ids remembered for deduplication. */
  rememberIds?: number;
  onError?: (request: JobRequest, error: unknown, attempt: number, final: boolean) => void;
}

/**
 * The embedded queue: jobs run in this process after the webhook is answered, one at a time per key (repo + branch),
 * a bounded number at once, deduplicated by id, retried with exponential backoff. Nothing survives a restart; the
 * store's run records make the next delivery for the same sha redo only what was not finished.
 */
export function createInProcessQueue(options: InProcessQueueOptions): JobQueue {
  const retry = options.retry ?? DEFAULT_RETRY;
  const maxActive = options.concurrency ?? 4;
  const remember = options.rememberIds ?? 10_000;
  const known = new Set<string>();
  const tails = new Map<string, Promise<void>>();
  const inFlight = new Set<Promise<void>>();
  let active = 0;
  const slots: Array<() => void> = [];
  let closed = false;

  const acquire = async (): Promise<void> => {
    if (active >= maxActive) await new Promise<void>((resolve) => slots.push(resolve));
    active++;
  };
  const release = (): void => {
    active--;
    slots.shift()?.();
  };
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  const execute = async (request: JobRequest): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      await acquire();
      try {
        await options.processor({ name: request.name, data: request.data } as JobRequest);
        return;
      } catch (error) {
        const final = attempt >= retry.attempts;
        options.onError?.(request, error, attempt, final);
        if (final) return;
      } finally {
        release();
      }
      await sleep(retry.backoffMs * 2 ** (attempt - 1));
    }
  };

  return {
    kind: 'in-process',
    async enqueue(request) {
      if (closed) throw new Error('queue closed');
      if (known.has(request.id)) return 'duplicate';
      known.add(request.id);
      if (known.size > remember) known.delete(known.values().next().value as string);
      const previous = tails.get(request.key) ?? Promise.resolve();
      const run = previous.then(() => execute(request));
      tails.set(request.key, run);
      inFlight.add(run);
      void run.finally(() => {
        inFlight.delete(run);
        if (tails.get(request.key) === run) tails.delete(request.key);
      });
      return 'queued';
    },
    async drain() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    async close() {
      closed = true;
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
