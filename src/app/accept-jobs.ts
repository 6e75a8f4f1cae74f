import type { JobRequest } from '../jobs/index.js';
import { withTimeout } from '../queue/index.js';
import type { AppDeps } from './types.js';

/**
 * GitHub gives a delivery 10 s and Probot answers "202 still processing" at 9 s whatever happened: each of the two
 * durable places gets this long before it counts as down, so the answer always says what really happened.
 */
const DURABLE_WRITE_TIMEOUT_MS = 3000;

/** Neither the store nor the queue took the delivery: GitHub records a failed delivery (redelivered later). */
export class NotDurableError extends Error {
  /** The webhook middleware answers with this status. */
  readonly status = 503;
  constructor(reason: string) {
    super(`delivery not accepted, nothing durable could take it: ${reason}`);
    this.name = 'NotDurableError';
  }
}

interface WarnLog {
  warn(message: string): void;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * True when the delivery was accepted before (its id was claimed): a redelivery is then dropped. A store that
 * cannot answer counts as "not seen" — the job ids deduplicate in the outbox and the queue anyway.
 */
export async function seenDelivery(deps: AppDeps, deliveryId: string): Promise<boolean> {
  try {
    return await withTimeout(deps.store.knowsDelivery(deliveryId), DURABLE_WRITE_TIMEOUT_MS, 'store timeout');
  } catch {
    return false;
  }
}

/**
 * Makes a delivery's jobs durable before the webhook is answered: each job goes into the store's outbox and into
 * the queue. Either is enough to answer 2xx — the outbox dispatcher moves a stored job into the queue when the
 * queue is back, and re-queues one the queue lost; a job only in the queue runs from there. Only then is the
 * delivery id claimed, so a delivery that could not be accepted is still taken when GitHub redelivers it. When
 * neither takes it, {@link NotDurableError} makes the answer a 503.
 */
export async function acceptJobs(
  deps: AppDeps,
  delivery: { id: string; event: string; log: WarnLog },
  requests: JobRequest[],
): Promise<void> {
  if (requests.length === 0) return;
  const entries = requests.map((request) => ({ id: request.id, deliveryId: delivery.id, job: request }));
  let storeError: unknown;
  let queueError: unknown;
  try {
    await withTimeout(deps.store.addToOutbox(entries), DURABLE_WRITE_TIMEOUT_MS, 'the store did not answer in time');
  } catch (error) {
    storeError = error;
    delivery.log.warn(`outbox: ${messageOf(error)}; the queue alone must take delivery ${delivery.id}`);
  }
  try {
    for (const request of requests) await deps.queue.enqueue(request);
  } catch (error) {
    queueError = error;
    if (storeError === undefined)
      delivery.log.warn(`queue: ${messageOf(error)}; delivery ${delivery.id} waits in the outbox`);
  }
  if (storeError !== undefined && queueError !== undefined) {
    throw new NotDurableError(`store: ${messageOf(storeError)}; queue: ${messageOf(queueError)}`);
  }
  // Neither is awaited: the answer need not wait for them. The claim only spares a redelivery the work of being
  // recognised by its job ids; the dispatcher would find the jobs queued anyway.
  deps.store.claimDelivery(delivery.id, delivery.event).catch(() => {});
  if (storeError === undefined && queueError === undefined)
    deps.store.markDispatched(entries.map((e) => e.id)).catch(() => {});
}

/** The delivery a webhook context carries, as {@link acceptJobs} takes it. */
export function deliveryOf(context: { id: string; name: string; log: WarnLog }): {
  id: string;
  event: string;
  log: WarnLog;
} {
  return { id: context.id, event: context.name, log: context.log };
}
