import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppQueue } from '../../src/app/types.js';
import type { JobRequest } from '../../src/jobs/index.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';

/** A queue that records what handlers enqueue (handler tests assert the job, not its work). */
export function recordingQueue(): AppQueue & { requests: JobRequest[] } {
  const requests: JobRequest[] = [];
  return {
    kind: 'in-process',
    requests,
    async enqueue(request) {
      requests.push(request);
      return 'queued';
    },
    async stateOf(id) {
      return requests.some((r) => r.id === id) ? 'waiting' : 'unknown';
    },
    async health() {
      return { reachable: true, waiting: requests.length, active: 0, delayed: 0, oldestWaitingMs: 0 };
    },
    async runAlone(_name, work) {
      return work();
    },
    async drain() {},
    async close() {},
  };
}

/** A SQLite store in a temporary folder. */
export function tempStore(): { store: Store; dispose(): Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'sw-app-'));
  const store = openSqliteStore(join(dir, 'specwatch.db'));
  return {
    store,
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
