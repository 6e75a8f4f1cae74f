import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { OpenApiDiffEntry, OpenApiDiffRunner } from '../analyze/index.js';

/** openapi-diff ran Stripe's spec pair to 4.3 GB before failing: its thread gets a heap cap, not the CLI's. */
const HEAP_MB = 512;

/**
 * The compiled worker module. Tests run the TypeScript sources, where no `.js` sits next to this file: they use the
 * build (`npm test` builds first).
 */
function workerFile(): URL {
  const here = new URL('./openapi-diff-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return new URL('../../dist/cli/openapi-diff-worker.js', import.meta.url);
}

/** Runs openapi-diff in a worker thread with a memory cap and a time limit (`diff --verbose`'s second opinion). */
export const runOpenApiDiff: OpenApiDiffRunner = (base, head, timeoutMs) =>
  new Promise((resolve) => {
    const worker = new Worker(workerFile(), {
      workerData: { base, head },
      resourceLimits: { maxOldGenerationSizeMb: HEAP_MB },
    });
    let settled = false;
    const settle = (value: Awaited<ReturnType<OpenApiDiffRunner>>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(value);
    };
    const timer = setTimeout(
      () => settle({ ok: false, error: `openapi-diff timed out after ${timeoutMs} ms` }),
      timeoutMs,
    );
    worker.on('message', (message: { ok: boolean; error?: string; result?: Record<string, unknown> }) => {
      if (!message.ok || !message.result) return settle({ ok: false, error: message.error ?? 'openapi-diff failed' });
      const r = message.result;
      const list = (k: string) => (Array.isArray(r[k]) ? (r[k] as OpenApiDiffEntry[]) : []);
      settle({
        ok: true,
        entries: [
          ...list('breakingDifferences').map((e) => ({ ...e, type: 'breaking' })),
          ...list('nonBreakingDifferences').map((e) => ({ ...e, type: 'non-breaking' })),
          ...list('unclassifiedDifferences').map((e) => ({ ...e, type: 'unclassified' })),
        ],
      });
    });
    worker.on('error', (error) =>
      settle({
        ok: false,
        error: /heap|memory/i.test(error.message) ? `openapi-diff ran out of its ${HEAP_MB} MB` : error.message,
      }),
    );
    worker.on('exit', () => settle({ ok: false, error: 'openapi-diff gave no result' }));
  });
