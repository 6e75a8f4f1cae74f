// `npm run bench:cli-start`: cold CLI processes, as a pre-commit hook or a CI loop over many specs starts them:
// `specwatch --version`, `--help`, `inventory` of a small spec and `diff` of two small specs, each beside a bare
// `node -e 0` in the same run (the floor any Node CLI pays). Runs are interleaved so every command sees the same
// machine load; prints the best and the median wall time and CPU time (user + system, read by the child itself at
// exit through a `--require` probe that every command, the baseline included, carries). Run `npm run build` first.
// BENCH_RUNS (default 15) sets the runs per command.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const main = join(root, 'dist', 'cli', 'main.js');
if (!existsSync(main)) {
  console.error('bench:cli-start: dist/ is missing: run `npm run build` first. Nothing was measured.');
  process.exit(2);
}
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const smallSpec = join(root, 'examples', 'clinic-api', 'openapi.yaml');
const versions = join(root, 'test', 'fixtures', 'openapi', 'versions');

/** What is timed, with the goal from the issue where there is one (seconds of wall time on a cold process). */
const cases = [
  { label: 'node -e 0 (baseline)', args: ['-e', '0'] },
  { label: 'specwatch --version', args: [main, '--version'], goal: 0.15 },
  { label: 'specwatch --help', args: [main, '--help'] },
  {
    label: 'specwatch inventory <small spec> --format json',
    args: [main, 'inventory', smallSpec, '--format', 'json'],
    goal: 0.35,
  },
  {
    label: 'specwatch diff <two small specs> --format json',
    args: [
      main,
      'diff',
      join(versions, 'pharmacy-3.0.yaml'),
      join(versions, 'pharmacy-3.1.json'),
      '--format',
      'json',
      '--fail-on',
      'critical',
    ],
  },
];

// The child reports its own CPU time at exit on fd 3: polling /proc from outside misses a short process's tail.
const probeDir = mkdtempSync(join(tmpdir(), 'sw-cli-start-'));
const probe = join(probeDir, 'cpu-probe.cjs');
writeFileSync(
  probe,
  `process.on('exit', () => { const u = process.cpuUsage(); try { require('node:fs').writeSync(3, String(u.user + u.system)); } catch {} });\n`,
);

function once(args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--require', probe, ...args], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let err = '';
    let cpu = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdio[3].on('data', (d) => (cpu += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = (performance.now() - started) / 1000;
      if (code !== 0 && code !== 1) reject(new Error(`${args.join(' ')} exited ${code}: ${err.trim().slice(-500)}`));
      else resolve({ wall, cpu: Number(cpu) / 1e6 });
    });
  });
}

const results = cases.map(() => ({ wall: [], cpu: [] }));
try {
  for (let run = 0; run < RUNS; run++) {
    for (const [i, c] of cases.entries()) {
      const r = await once(c.args);
      results[i].wall.push(r.wall);
      results[i].cpu.push(r.cpu);
    }
  }
} finally {
  rmSync(probeDir, { recursive: true, force: true });
}

const best = (xs) => Math.min(...xs);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const s = (x) => `${x.toFixed(3)} s`;
const base = results[0];
console.log(`cold processes, ${RUNS} runs each, interleaved (Node ${process.version})`);
console.log(
  `${'command'.padEnd(50)} ${'wall best'.padStart(10)} ${'median'.padStart(10)} ${'CPU best'.padStart(10)} ${'median'.padStart(10)}  over node -e 0 (best wall, best CPU)`,
);
for (const [i, c] of cases.entries()) {
  const r = results[i];
  const over = i === 0 ? '' : `  +${s(best(r.wall) - best(base.wall))}, +${s(best(r.cpu) - best(base.cpu))}`;
  const goal =
    c.goal === undefined
      ? ''
      : `  goal ≤ ${c.goal} s wall: ${best(r.wall) <= c.goal ? 'met' : 'NOT met'} (best), ${median(r.wall) <= c.goal ? 'met' : 'not met'} (median)`;
  console.log(
    `${c.label.padEnd(50)} ${s(best(r.wall)).padStart(10)} ${s(median(r.wall)).padStart(10)} ${s(best(r.cpu)).padStart(10)} ${s(median(r.cpu)).padStart(10)}${over}${goal}`,
  );
}
