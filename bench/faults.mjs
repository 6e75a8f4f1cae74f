// `npm run bench:faults`: recovery seconds per fault of the App at scale (app + worker processes on a private Redis
// and a throwaway PostgreSQL cluster, GitHub served locally): GitHub 5xx, a secondary rate limit, a worker SIGKILLed
// mid-job, Redis restarted empty, PostgreSQL restarted, and store + queue both down (503, then redelivery).
// It runs the fault test (test/e2e/faults.test.ts) and prints the seconds from the end of each fault until every
// acknowledged push had exactly one completed check run (the acceptance bound is 90 s).
import { spawnSync } from 'node:child_process';

const env = {
  ...process.env,
  SPECWATCH_TEST_PG: process.env.SPECWATCH_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test',
  SPECWATCH_TEST_REDIS: process.env.SPECWATCH_TEST_REDIS ?? 'redis://127.0.0.1:6379',
  NO_COLOR: '1',
  FORCE_COLOR: '0',
};
const result = spawnSync('npx', ['vitest', 'run', 'test/e2e/faults.test.ts', '--reporter=verbose'], {
  env,
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
const output = `${result.stdout}\n${result.stderr}`;
const lines = output
  .split('\n')
  .map((l) => l.slice(Math.max(0, l.indexOf('faults: '))))
  .filter((l) => l.startsWith('faults: ') && l.includes('recovered in'));
if (lines.length === 0 || result.status !== 0) {
  console.error(output.slice(-6000));
  console.error('bench:faults: the fault run failed (are redis-server and the PostgreSQL binaries installed?)');
  process.exit(1);
}
const rows = lines.map((l) => /faults: (\S+): recovered in ([\d.]+) s/.exec(l)).filter(Boolean);
const width = Math.max(...rows.map((m) => m[1].length));
console.log(`${'fault'.padEnd(width)}  recovery (s)  bound 90 s`);
for (const m of rows)
  console.log(
    `${m[1].padEnd(width)}  ${m[2].padStart(12)}  ${(Number(m[2]) / 90).toFixed(2)} of it${Number(m[2]) > 90 ? ': over the bound' : ''}`,
  );
const over = rows.filter((m) => Number(m[2]) > 90).length;
console.log(over === 0 ? 'every fault recovered within 90 s' : `${over} fault(s) recovered after more than 90 s`);
