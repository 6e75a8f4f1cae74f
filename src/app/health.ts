import type { IncomingMessage, ServerResponse } from 'node:http';
import { type JobQueue, type QueueHealth, withTimeout } from '../queue/index.js';
import type { Store } from '../store/index.js';

const PROBE_TIMEOUT_MS = 2000;

/** The body of `/readyz`. */
export interface Readiness {
  /** Deliveries can be accepted durably: the store or the queue can take them. */
  ready: boolean;
  store: { reachable: boolean; error?: string };
  /** With BullMQ, `reachable` says whether Redis answers. */
  queue: QueueHealth & { kind: JobQueue['kind'] };
  outbox?: { depth: number; oldestAgeMs: number };
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Asks the store, the queue (Redis) and the outbox how they are, each within 2 s. */
export async function checkReadiness(deps: { store: Store; queue: JobQueue }): Promise<Readiness> {
  const [store, queue, outbox] = await Promise.all([
    withTimeout(deps.store.ping(), PROBE_TIMEOUT_MS, 'no answer within 2 s').then(
      () => ({ reachable: true }),
      (error: unknown) => ({ reachable: false, error: messageOf(error) }),
    ),
    withTimeout(deps.queue.health(), PROBE_TIMEOUT_MS, 'no answer within 2 s').catch((error: unknown) => ({
      reachable: false,
      error: messageOf(error),
    })),
    withTimeout(deps.store.outboxStats(), PROBE_TIMEOUT_MS, 'no answer within 2 s').catch(() => undefined),
  ]);
  return {
    ready: store.reachable || queue.reachable,
    store,
    queue: { kind: deps.queue.kind, ...queue },
    ...(outbox
      ? {
          outbox: {
            depth: outbox.depth,
            oldestAgeMs: outbox.oldestAt ? Math.max(0, Date.now() - Date.parse(outbox.oldestAt)) : 0,
          },
        }
      : {}),
  };
}

/**
 * `GET /healthz` (liveness: the process answers) and `GET /readyz` (readiness: 200 while a delivery can be made
 * durable — the store or the queue reachable — 503 otherwise; the body gives each dependency, the outbox depth and
 * the age of the oldest waiting job). Liveness never depends on Redis or the database: restarting the process
 * would not bring them back.
 */
export function createHealthHandler(deps: { store: Store; queue: JobQueue }) {
  return (req: IncomingMessage, res: ServerResponse): boolean | Promise<boolean> => {
    if (req.method !== 'GET') return false;
    const path = (req.url ?? '').split('?')[0];
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(`{"ok":true,"queue":"${deps.queue.kind}"}\n`);
      return true;
    }
    if (path !== '/readyz') return false;
    return checkReadiness(deps).then((readiness) => {
      res
        .writeHead(readiness.ready ? 200 : 503, { 'content-type': 'application/json' })
        .end(`${JSON.stringify(readiness)}\n`);
      return true;
    });
  };
}
