import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Probot } from 'probot';
import { createJobProcessor, createSpecwatchApp } from '../../src/app/index.js';
import { createInProcessQueue, type JobQueue } from '../../src/queue/index.js';
import type { Store } from '../../src/store/index.js';
import { tempStore } from '../app/helpers.js';
import { createTestProbot } from '../github/helpers.js';

/** The whole App in one process: Probot, the handlers, the in-process queue, the real jobs and core, a temp store. */
export interface AppHarness {
  probot: Probot;
  queue: JobQueue;
  store: Store;
  errors: unknown[];
  /** Delivers an event and waits for the jobs it queued. */
  deliver(name: string, payload: unknown, id?: string): Promise<void>;
  dispose(): Promise<void>;
}

let counter = 0;

export async function startHarness(): Promise<AppHarness> {
  const { store, dispose } = tempStore();
  const probot = createTestProbot();
  const errors: unknown[] = [];
  const queue = createInProcessQueue({
    processor: createJobProcessor({ probot: () => probot, store, log: { info() {}, warn() {}, error() {} } }),
    retry: { attempts: 1, backoffMs: 0 },
    onError: (_request, error) => errors.push(error),
  });
  await probot.load(createSpecwatchApp({ queue, store, appId: 42, ingest: false }), {
    cwd: process.cwd(),
    addHandler: (_h: (req: IncomingMessage, res: ServerResponse) => unknown) => {},
  });
  return {
    probot,
    queue,
    store,
    errors,
    async deliver(name, payload, id = `delivery-${++counter}`) {
      await probot.receive({ id, name, payload } as Parameters<Probot['receive']>[0]);
      await queue.drain();
    },
    async dispose() {
      await queue.close();
      await dispose();
    },
  };
}
