import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import type { Probot } from 'probot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSpecwatchApp } from '../../src/app/index.js';
import { dispatchOutbox } from '../../src/app/outbox-dispatcher.js';
import { MAX_REDELIVERIES, redeliverFailed } from '../../src/app/redeliver.js';
import { MAX_SWEEPS, sweepStaleRuns } from '../../src/app/sweeper.js';
import { analyseCommitRequest, type JobRequest } from '../../src/jobs/index.js';
import { createInProcessQueue, type JobQueue } from '../../src/queue/index.js';
import type { Store } from '../../src/store/index.js';
import { createTestProbot, isolateNetwork, loadEvent, testGitHub } from '../github/helpers.js';
import { recordingQueue, tempStore } from './helpers.js';

const API = 'https://api.github.com';
const HEAD = '2222222222222222222222222222222222222222';
const quiet = { info() {}, warn() {}, error() {} };

/** The store with some of its methods failing as a database that went away does. */
function failing(store: Store, methods: Array<keyof Store>): Store {
  return new Proxy(store, {
    get(target, name, receiver) {
      if (methods.includes(name as keyof Store))
        return async () => {
          throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        };
      const value = Reflect.get(target, name, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** A queue whose Redis is down: every call fails like the BullMQ producer does while disconnected. */
function downQueue(): JobQueue {
  const down = async () => {
    throw new Error('Redis is not connected (reconnecting)');
  };
  return {
    kind: 'bullmq',
    enqueue: down,
    stateOf: down,
    health: async () => ({ reachable: false, error: 'Redis is not connected (reconnecting)' }),
    runAlone: async () => undefined,
    drain: async () => {},
    close: async () => {},
  };
}

async function serve(probot: Probot, deps: Parameters<typeof createSpecwatchApp>[0]) {
  const handlers: Array<(req: IncomingMessage, res: ServerResponse) => unknown> = [];
  await probot.load(createSpecwatchApp(deps), {
    cwd: process.cwd(),
    addHandler: (h: (req: IncomingMessage, res: ServerResponse) => unknown) => handlers.push(h),
  });
  const server = createServer(async (req, res) => {
    for (const handler of handlers) if (await handler(req, res)) return;
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('a delivery is answered 2xx only once it is durable', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  isolateNetwork();
  beforeEach(() => {
    ({ store, dispose } = tempStore());
  });
  afterEach(async () => {
    await dispose();
  });

  const receive = async (deps: Parameters<typeof createSpecwatchApp>[0], id: string) => {
    const probot = createTestProbot();
    await probot.load(createSpecwatchApp({ ...deps, ingest: false }), { cwd: process.cwd(), addHandler: () => {} });
    return probot.receive({ id, name: 'push', payload: loadEvent('push') } as Parameters<Probot['receive']>[0]);
  };

  it('store and queue both down: a 503, and the delivery id stays unclaimed for the redelivery', async () => {
    const error = await receive({ store: failing(store, ['addToOutbox']), queue: downQueue() }, 'd-1').catch(
      (e: { errors?: Array<{ status?: number; message: string }> }) => e,
    );
    const cause = (error as { errors: Array<{ status?: number; message: string }> }).errors[0]!;
    expect(cause.status).toBe(503);
    expect(cause.message).toMatch(/nothing durable could take it/);
    expect(await store.knowsDelivery('d-1')).toBe(false);
    expect((await store.outboxStats()).depth).toBe(0);
  });

  it('queue down: kept in the outbox, claimed, and handed to the queue by the dispatcher once it is back', async () => {
    await receive({ store, queue: downQueue() }, 'd-2');
    expect(await store.knowsDelivery('d-2')).toBe(true);
    const [entry] = await store.listOutbox({ dispatchedBefore: new Date().toISOString(), limit: 10 });
    expect(entry).toMatchObject({
      id: `analyse-commit:acme/clinic-api:${HEAD}`,
      deliveryId: 'd-2',
      dispatchedAt: null,
    });
    const queue = recordingQueue();
    expect(await dispatchOutbox({ store, queue, recheckAfterMs: 60_000 })).toEqual({
      queued: 1,
      removed: 0,
      pending: 0,
    });
    expect(queue.requests.map((r) => r.id)).toEqual([entry!.id]);
    // Dispatched: not handed over again before its recheck is due.
    expect(await dispatchOutbox({ store, queue, recheckAfterMs: 60_000 })).toEqual({
      queued: 0,
      removed: 0,
      pending: 0,
    });
  });

  it('store down: the queue alone takes it; a redelivery of an accepted delivery adds nothing', async () => {
    const queue = recordingQueue();
    await receive({ store: failing(store, ['addToOutbox', 'knowsDelivery', 'claimDelivery']), queue }, 'd-3');
    expect(queue.requests).toHaveLength(1);
    await receive({ store, queue }, 'd-4');
    await receive({ store, queue }, 'd-4');
    expect(queue.requests).toHaveLength(2);
  });

  it('a job that ran leaves the outbox; one the queue lost (Redis restarted empty) is queued again', async () => {
    const ran: string[] = [];
    const queue = createInProcessQueue({
      processor: async (job) => {
        ran.push(job.name);
      },
      onSettled: (id) => store.removeFromOutbox([id]),
    });
    await receive({ store, queue }, 'd-5');
    await queue.drain();
    expect(ran).toEqual(['analyse-commit']);
    await new Promise((r) => setTimeout(r, 10));
    expect((await store.outboxStats()).depth).toBe(0);
    // Accepted, then the queue forgot it (a fresh queue stands for Redis back empty).
    await receive({ store, queue: recordingQueue() }, 'd-6');
    await store.addToOutbox([
      {
        id: 'lost',
        deliveryId: 'd-6',
        job: {
          ...analyseCommitRequest({
            installationId: 1,
            owner: 'acme',
            repo: 'x',
            deliveryId: 'd-6',
            trigger: 'push',
            branch: 'main',
            sha: 'abc',
          }),
          id: 'lost',
        },
      },
    ]);
    await store.markDispatched(['lost']);
    const empty = recordingQueue();
    const result = await dispatchOutbox({ store, queue: empty, recheckAfterMs: -1000 });
    expect(result.queued).toBe(2);
    expect(empty.requests.map((r) => r.id).sort()).toEqual([`analyse-commit:acme/clinic-api:${HEAD}`, 'lost'].sort());
    await queue.close();
  });
});

describe('/healthz and /readyz', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeEach(() => {
    ({ store, dispose } = tempStore());
  });
  afterEach(async () => {
    await dispose();
  });

  const get = async (url: string) => {
    const res = await fetch(url);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('ready while the store or the queue can take deliveries, with the outbox depth; 503 when neither can', async () => {
    await store.addToOutbox([{ id: 'j', deliveryId: 'd', job: {} }]);
    const up = await serve(createTestProbot(), { store, queue: downQueue(), ingest: false });
    try {
      expect((await get(`${up.url}/healthz`)).status).toBe(200);
      const ready = await get(`${up.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({
        ready: true,
        store: { reachable: true },
        queue: { kind: 'bullmq', reachable: false },
        outbox: { depth: 1 },
      });
    } finally {
      await up.close();
    }
    const down = await serve(createTestProbot(), {
      store: failing(store, ['ping', 'outboxStats']),
      queue: downQueue(),
      ingest: false,
    });
    try {
      // Liveness does not depend on the dependencies: restarting the process would not bring them back.
      expect((await get(`${down.url}/healthz`)).status).toBe(200);
      const ready = await get(`${down.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ ready: false, store: { reachable: false }, queue: { reachable: false } });
    } finally {
      await down.close();
    }
  });

  it('reports the waiting jobs and the age of the oldest', async () => {
    const queue = createInProcessQueue({ processor: () => new Promise((r) => setTimeout(r, 200)), concurrency: 1 });
    const request = (sha: string): JobRequest =>
      analyseCommitRequest({
        installationId: 1,
        owner: 'acme',
        repo: 'a',
        deliveryId: sha,
        trigger: 'push',
        branch: sha,
        sha,
      });
    await queue.enqueue(request('a'));
    await queue.enqueue(request('b'));
    const up = await serve(createTestProbot(), { store, queue, ingest: false });
    try {
      const ready = await get(`${up.url}/readyz`);
      expect(ready.body.queue).toMatchObject({ kind: 'in-process', reachable: true, waiting: 1, active: 1 });
    } finally {
      await up.close();
      await queue.close();
    }
  });
});

describe('sweeper: a check left in progress is completed neutral and its work queued again', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  isolateNetwork();
  beforeEach(() => {
    ({ store, dispose } = tempStore());
  });
  afterEach(async () => {
    await dispose();
  });

  const job = (force?: boolean) => ({
    name: 'analyse-commit' as const,
    data: {
      installationId: 5,
      owner: 'acme',
      repo: 'clinic-api',
      deliveryId: 'd',
      trigger: 'push' as const,
      branch: 'main',
      sha: HEAD,
      ...(force ? { force } : {}),
    },
  });

  it('completes the check as neutral naming why, re-queues the job (unforced) once, and gives up after the limit', async () => {
    const { run } = await store.claimRun('acme/clinic-api', 'main', HEAD, 'analyse-commit', job(true));
    await store.updateRun(run.id, { checkRunId: 42 });
    const bodies: Array<Record<string, unknown>> = [];
    nock(API)
      .patch('/repos/acme/clinic-api/check-runs/42', (body) => {
        bodies.push(body);
        return true;
      })
      .times(MAX_SWEEPS + 1)
      .reply(200, {});
    const queue = recordingQueue();
    const sweep = async () => {
      await new Promise((r) => setTimeout(r, 5));
      return sweepStaleRuns({ store, queue, github: () => testGitHub(), staleAfterMs: 0, log: quiet });
    };
    expect(await sweep()).toEqual({ requeued: 1, givenUp: 0 });
    expect(bodies[0]).toMatchObject({
      status: 'completed',
      conclusion: 'neutral',
      output: { title: 'Analysis delayed: queued again' },
    });
    expect((bodies[0]!.output as { summary: string }).summary).toMatch(/did not finish within/);
    expect(queue.requests[0]).toMatchObject({
      name: 'analyse-commit',
      id: `analyse-commit:acme/clinic-api:${HEAD}:sweep-1`,
    });
    expect((queue.requests[0]!.data as { force?: boolean }).force).toBeUndefined();
    for (let i = 1; i < MAX_SWEEPS; i++) await sweep();
    expect(queue.requests).toHaveLength(MAX_SWEEPS);
    expect(await sweep()).toEqual({ requeued: 0, givenUp: 1 });
    expect(bodies.at(-1)).toMatchObject({ conclusion: 'neutral', output: { title: 'Analysis did not finish' } });
    expect((await store.getRun('acme/clinic-api', 'main', HEAD))?.conclusion).toBe('neutral');
    expect(await sweep()).toEqual({ requeued: 0, givenUp: 0 });
  });
});

describe('redelivery of failed webhook deliveries (GitHub never retries by itself)', () => {
  isolateNetwork();
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

  it('asks GitHub to redeliver each event none of whose attempts got a 2xx, within the window, a bounded number of times', async () => {
    const posted: number[] = [];
    nock(API)
      .get('/app/hook/deliveries')
      .query({ per_page: 100 })
      .reply(
        200,
        [
          { id: 9, guid: 'ok-after-retry', delivered_at: at(1), redelivery: true, status_code: 202, event: 'push' },
          { id: 8, guid: 'refused', delivered_at: at(2), redelivery: false, status_code: 503, event: 'push' },
          { id: 7, guid: 'ok-after-retry', delivered_at: at(3), redelivery: false, status_code: 503, event: 'push' },
          ...Array.from({ length: MAX_REDELIVERIES }, (_, i) => ({
            id: 6 - i,
            guid: 'hopeless',
            delivered_at: at(4 + i),
            redelivery: true,
            status_code: 500,
            event: 'pull_request',
          })),
        ],
        { link: '<https://api.github.com/app/hook/deliveries?per_page=100&cursor=abc>; rel="next"' },
      )
      .get('/app/hook/deliveries')
      .query({ per_page: 100, cursor: 'abc' })
      .reply(200, [
        { id: 2, guid: 'timed-out', delivered_at: at(30), redelivery: false, status_code: 0, event: 'push' },
        { id: 1, guid: 'too-old', delivered_at: at(600), redelivery: false, status_code: 503, event: 'push' },
      ])
      .post((path: string) => {
        const m = /\/app\/hook\/deliveries\/(\d+)\/attempts$/.exec(path);
        if (m) posted.push(Number(m[1]));
        return m !== null;
      })
      .times(2)
      .reply(202, {});
    const gh = await testGitHub();
    const result = await redeliverFailed({ gh, since: new Date(Date.now() - 60 * 60_000), log: quiet });
    expect([...new Set(posted)].sort()).toEqual([2, 8]);
    expect(result).toEqual({ listed: 7, failed: 3, redelivered: 2 });
  });
});
