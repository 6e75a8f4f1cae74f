import {
  DEFAULT_RETRY,
  type JobProcessor,
  type JobQueue,
  type JobSettled,
  messageOf,
  type QueuedState,
  type QueueMessage,
  type QueueRequest,
  type RetryPolicy,
} from './types.js';

/** Options of {@link createInProcessQueue}. */
export interface InProcessQueueOptions<M extends QueueMessage = QueueMessage> {
  processor: JobProcessor<M>;
  /** Jobs running at once across keys (each key still runs one at a time). */
  concurrency?: number;
  retry?: RetryPolicy;
  /** Ids remembered for deduplication. */
  rememberIds?: number;
  onError?: (request: QueueRequest<M>, error: unknown, attempt: number, final: boolean) => void;
  onSettled?: JobSettled;
}

/**
 * The embedded queue: jobs run in this process after the webhook is answered, one at a time per key (repo + branch),
 * a bounded number at once, deduplicated by id, retried with exponential backoff. Nothing survives a restart by
 * itself: the store's outbox keeps each job until it has run, and is dispatched again when the process starts.
 */
export function createInProcessQueue<M extends QueueMessage = QueueMessage>(
  options: InProcessQueueOptions<M>,
): JobQueue<M> {
  const retry = options.retry ?? DEFAULT_RETRY;
  const maxActive = options.concurrency ?? 4;
  const remember = options.rememberIds ?? 10_000;
  const states = new Map<string, QueuedState>();
  const queuedAt = new Map<string, number>();
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
  const settle = (id: string, result: 'completed' | 'failed') => {
    states.set(id, result);
    queuedAt.delete(id);
    if (options.onSettled) Promise.resolve(options.onSettled(id, result)).catch(() => {});
  };

  const execute = async (request: QueueRequest<M>): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      await acquire();
      try {
        states.set(request.id, 'active');
        await options.processor(messageOf(request));
        settle(request.id, 'completed');
        return;
      } catch (error) {
        const final = attempt >= retry.attempts;
        options.onError?.(request, error, attempt, final);
        if (final) {
          settle(request.id, 'failed');
          return;
        }
        states.set(request.id, 'waiting');
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
      if (states.has(request.id)) return 'duplicate';
      states.set(request.id, 'waiting');
      queuedAt.set(request.id, Date.now());
      if (states.size > remember) states.delete(states.keys().next().value as string);
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
    async stateOf(id) {
      return states.get(id) ?? 'unknown';
    },
    async health() {
      let waiting = 0;
      let oldest = Number.POSITIVE_INFINITY;
      for (const [id, at] of queuedAt) {
        if (states.get(id) !== 'waiting') continue;
        waiting++;
        oldest = Math.min(oldest, at);
      }
      return {
        reachable: !closed,
        waiting,
        active,
        delayed: 0,
        oldestWaitingMs: waiting > 0 ? Date.now() - oldest : 0,
      };
    },
    async runAlone(_name, work) {
      return work();
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
