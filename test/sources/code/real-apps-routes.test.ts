import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSpecwatch } from '../../cli/run-cli.js';
import { appsWithTruth, operationKeys, sameLeftOutPath, scoreRoutes } from './real-app-scoring.js';

/**
 * `specwatch routes` on public apps kept verbatim under test/fixtures/real-apps, against a truth list written by
 * reading each app's route files (routes.truth.json). Method `*` in a truth list is a route that answers every
 * method (a Nitro file without a method suffix, `app.all`).
 */
const ROOT = 'test/fixtures/real-apps';

interface TruthRoute {
  method: string;
  path: string;
  file?: string;
  line?: number;
  landing?: boolean;
}
interface Truth {
  app: string;
  routes: TruthRoute[];
  machinery?: TruthRoute[];
  hidden?: TruthRoute[];
}
interface RoutesOutput {
  operations: { method: string; path: string; file: string; line: number }[];
  leftOut?: { method: string; path: string; file: string; line: number; reason: string }[];
}

const apps = appsWithTruth(ROOT, 'routes.truth.json');

describe('routes of real apps', () => {
  it('has at least ten apps with a truth list', () => {
    expect(apps.length).toBeGreaterThanOrEqual(10);
  });

  for (const app of apps) {
    it(`${app}: precision and recall of specwatch routes are at least 0.98`, async () => {
      const truth = JSON.parse(readFileSync(join(ROOT, app, 'routes.truth.json'), 'utf8')) as Truth;
      const { code, stdout } = await runSpecwatch(['routes', join(ROOT, app), '--format', 'json']);
      expect(code).toBe(0);
      const out = JSON.parse(stdout) as RoutesOutput;
      const score = scoreRoutes(out.operations, truth.routes);
      console.log(
        `${app}: precision ${score.precision.toFixed(3)} (${score.hits}/${score.found}) recall ${score.recall.toFixed(3)} (${score.hits}/${score.wanted})` +
          (score.missed.length ? ` missed ${score.missed.join(', ')}` : '') +
          (score.extra.length ? ` extra ${score.extra.join(', ')}` : ''),
      );
      expect(score.precision).toBeGreaterThanOrEqual(0.98);
      expect(score.recall).toBeGreaterThanOrEqual(0.98);
      // Each declared route is placed where the truth says it is.
      for (const r of truth.routes) {
        if (r.file === undefined || r.method === '*') continue;
        const op = out.operations.find((o) => o.method === r.method && o.path === r.path);
        expect(op && `${op.file}:${op.line}`, `${r.method} ${r.path}`).toBe(`${r.file}:${r.line}`);
      }
      // Machinery and hidden routes are never operations; the declared ones are listed as left out.
      // A truth with no machinery or hidden route may leave either list out.
      const leftOut = [...(truth.machinery ?? []), ...(truth.hidden ?? [])];
      const machineryKeys = operationKeys(leftOut);
      const found = operationKeys(out.operations);
      for (const key of machineryKeys) expect(found.has(key), key).toBe(false);
      for (const m of leftOut.filter((x) => x.file !== undefined)) {
        expect(
          out.leftOut?.some((l) => l.method === m.method && sameLeftOutPath(l.path, m.path) && l.file === m.file),
          `${m.method} ${m.path} listed as left out`,
        ).toBe(true);
      }
    });
  }
});
