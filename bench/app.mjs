// `npm run bench:app`: webhook latency (p50/p99) and jobs per second of the App at scale: two app processes and two
// workers on Redis and PostgreSQL, 200 pushes across 20 repositories delivered at once, GitHub served locally.
// It runs the scale test (test/e2e/scale.test.ts) against the local services and prints its measurements.
import { spawnSync } from 'node:child_process';

const env = {
  ...process.env,
  SPECWATCH_TEST_PG: process.env.SPECWATCH_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test',
  SPECWATCH_TEST_REDIS: process.env.SPECWATCH_TEST_REDIS ?? 'redis://127.0.0.1:6379',
  // Plain text: the figures line is found by its content.
  NO_COLOR: '1',
  FORCE_COLOR: '0',
};
const result = spawnSync('npx', ['vitest', 'run', 'test/e2e/scale.test.ts', '--reporter=verbose'], {
  env,
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
const output = `${result.stdout}\n${result.stderr}`;
// The figures line may follow vitest's own prefix on the same line (colour codes, a test name): match by content.
const line = output
  .split('\n')
  .map((l) => l.slice(Math.max(0, l.indexOf('scale: '))))
  .find((l) => l.startsWith('scale: ') && l.includes('p50='));
if (!line || result.status !== 0) {
  console.error(output.slice(-4000));
  console.error('bench:app: the scale run failed (are PostgreSQL and Redis up?)');
  process.exit(1);
}
const m = /p50=([\d.]+)ms p99=([\d.]+)ms.*\(([\d.]+) jobs\/s\)/.exec(line);
console.log(line);
if (m) console.log(`webhook p50 ${m[1]} ms, p99 ${m[2]} ms (target: p99 under 1000 ms); ${m[3]} jobs/s`);
