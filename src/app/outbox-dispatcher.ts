import type { JobRequest } from '../jobs/index.js';
import type { Store } from '../store/index.js';
import type { AppQueue } from './types.js';

interface DispatchLog {
  info(message: string): void;
  warn(message: string): void;
}

/** What one pass did. */
export interface DispatchResult {
  /** Handed to the queue (never dispatched before, or lost by the queue). */
  queued: number;
  /** Found finished in the queue: removed from the outbox. */
  removed: number;
  /** Still waiting or running in the queue. */
  pending: number;
}

/**
 * One pass of the outbox dispatcher: each entry never dispatched, or dispatched more than `recheckAfterMs` ago and
 * not yet removed, is compared with the queue —
 * - unknown to the queue (it was down when the webhook came, or Redis restarted empty since): queued again;
 * - finished there (the removal after it ran was missed): removed;
 * - waiting or running: left, checked again later.
 * A store or queue that cannot answer ends the pass; the next one starts over. Job ids make a second enqueue of a
 * known job a no-op, so replicas dispatching at once never run a job twice.
 */
export async function dispatchOutbox(params: {
  store: Store;
  queue: AppQueue;
  recheckAfterMs: number;
  limit?: number;
}): Promise<DispatchResult> {
  const { store, queue } = params;
  const result: DispatchResult = { queued: 0, removed: 0, pending: 0 };
  const entries = await store.listOutbox({
    dispatchedBefore: new Date(Date.now() - params.recheckAfterMs).toISOString(),
    limit: params.limit ?? 200,
  });
  const seen: string[] = [];
  const finished: string[] = [];
  for (const entry of entries) {
    const state = await queue.stateOf(entry.id);
    if (state === 'completed' || state === 'failed') {
      finished.push(entry.id);
      result.removed++;
      continue;
    }
    if (state === 'unknown') {
      await queue.enqueue(entry.job as JobRequest);
      result.queued++;
    } else {
      result.pending++;
    }
    seen.push(entry.id);
  }
  await store.markDispatched(seen);
  await store.removeFromOutbox(finished);
  return result;
}

/** A periodic task; `stop()` waits for a pass in progress. */
export interface Periodic {
  stop(): Promise<void>;
}

/**
 * Runs `pass` every `everyMs` (first run right away), one pass at a time; a failing pass is logged at most once a
 * minute (a dependency that stays down must not flood the log) and the next one tries again.
 */
export function every(
  everyMs: number,
  name: string,
  log: Pick<DispatchLog, 'warn'>,
  pass: () => Promise<unknown>,
): Periodic {
  let running: Promise<unknown> | undefined;
  let stopped = false;
  let lastWarn = 0;
  const tick = () => {
    if (running || stopped) return;
    running = pass()
      .catch((error: unknown) => {
        if (Date.now() - lastWarn < 60_000) return;
        lastWarn = Date.now();
        log.warn(
          `${name}: ${error instanceof Error ? error.message : String(error)} (tried again every ${everyMs} ms)`,
        );
      })
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

/** Starts the dispatcher of a web process (and of the in-process queue, which starts empty after a restart). */
export function startOutboxDispatcher(params: {
  store: Store;
  queue: AppQueue;
  everyMs: number;
  recheckAfterMs: number;
  log: DispatchLog;
}): Periodic {
  return every(params.everyMs, 'outbox', params.log, async () => {
    const result = await dispatchOutbox(params);
    if (result.queued > 0) params.log.info(`outbox: ${result.queued} job(s) handed to the queue`);
  });
}
