// `npm run bench:diff`: our diff and Atlassian's openapi-diff on the same Stripe spec pair, each in a child process
// (time to result or to failure, peak memory), and a cold `specwatch diff` process against a cold process that only
// parses both files with js-yaml (the floor any YAML-reading diff pays). Run `npm run build` first.
// BENCH_BASE / BENCH_HEAD override the pair; BENCH_RUNS (default 7) sets how many paired cold runs are made. The
// machine's load inflates wall time, so CPU time (from /proc, Linux) is printed beside it, with best and median.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const corpus = join(root, '..', 'shared', 'corpus', 'stripe');
const base = process.env.BENCH_BASE ?? join(corpus, 'stripe-api.2023-08-30.yaml');
const head = process.env.BENCH_HEAD ?? join(corpus, 'stripe-api.2023-09-13.yaml');
const OPENAPI_DIFF_TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 120_000);

/** Peak resident memory of a running process from /proc (Linux), polled: a killed child cannot report its own. */
function peakRss(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

function run(tool, timeoutMs) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      ['--max-old-space-size=8192', join(root, 'bench', 'diff-child.mjs'), tool, base, head],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    let peak = 0;
    const poll = setInterval(() => {
      peak = Math.max(peak, peakRss(child.pid));
    }, 100);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      let result;
      try {
        result = JSON.parse(out.trim().split('\n').pop() ?? '');
      } catch {
        result = {
          ok: false,
          error:
            signal === 'SIGKILL'
              ? `killed after ${Math.round(timeoutMs / 1000)} s`
              : err.trim().split('\n').slice(-3).join(' ') || `exit ${code}`,
        };
      }
      resolve({ tool, wallMs, peakMB: Math.max(peak, result.maxRssMB ?? 0), ...result });
    });
  });
}

/**
 * CPU seconds (user + system) of this process's finished children, from /proc (Linux; undefined elsewhere). Read
 * before and after one child: the difference is that child's whole CPU time, to its last tick.
 */
function childrenCpuSeconds() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}

/** One cold process: its wall time and CPU time. */
function cold(args) {
  return new Promise((resolve) => {
    const cpuBefore = childrenCpuSeconds();
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      const wallMs = performance.now() - started;
      const cpuAfter = childrenCpuSeconds();
      const cpuS = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
      resolve({ wallMs, cpuS, code, err });
    });
  });
}

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 7));
const bareScript = `import { readFileSync } from 'node:fs'; import { load } from 'js-yaml';
for (const f of process.argv.slice(1)) load(readFileSync(f, 'utf8'));`;

/**
 * RUNS cold runs of the bare parse and of `specwatch diff`, each diff right after its bare run so a pair sees about
 * the same machine load; the ratio is taken per pair, then its best and median are reported.
 */
async function coldRatio() {
  const pairs = [];
  for (let i = 0; i < RUNS; i++) {
    const bare = await cold(['--input-type=module', '-e', bareScript, base, head]);
    const diff = await cold([
      join(root, 'dist', 'cli', 'main.js'),
      'diff',
      base,
      head,
      '--format',
      'json',
      '--fail-on',
      'critical',
    ]);
    if (diff.code !== 0)
      throw new Error(`specwatch diff exited ${diff.code}: ${diff.err.trim().split('\n').slice(-3).join(' ')}`);
    pairs.push({ bare, diff });
  }
  return pairs;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
console.log(`Stripe pair: ${base.split('/').pop()} → ${head.split('/').pop()} (load average ${load()})`);
const pairs = await coldRatio();
const wallRatios = pairs.map((p) => p.diff.wallMs / p.bare.wallMs);
const withCpu = pairs.filter((p) => p.diff.cpuS !== undefined && p.bare.cpuS > 0);
const cpuRatios = withCpu.map((p) => p.diff.cpuS / p.bare.cpuS);
const best = (list) => Math.min(...list);
console.log(`cold process   : specwatch diff / js-yaml parse of both files, ${RUNS} paired cold runs (target ≤ 2.5×):`);
console.log(
  `  wall         : ratio best ${best(wallRatios).toFixed(2)}×, median ${median(wallRatios).toFixed(2)}× — diff best ${fmt(best(pairs.map((p) => p.diff.wallMs)))} / median ${fmt(median(pairs.map((p) => p.diff.wallMs)))}, bare best ${fmt(best(pairs.map((p) => p.bare.wallMs)))} / median ${fmt(median(pairs.map((p) => p.bare.wallMs)))}`,
);
if (cpuRatios.length > 0)
  console.log(
    `  CPU          : ratio best ${best(cpuRatios).toFixed(2)}×, median ${median(cpuRatios).toFixed(2)}× — diff best ${best(withCpu.map((p) => p.diff.cpuS)).toFixed(2)} s / median ${median(withCpu.map((p) => p.diff.cpuS)).toFixed(2)} s, bare best ${best(withCpu.map((p) => p.bare.cpuS)).toFixed(2)} s / median ${median(withCpu.map((p) => p.bare.cpuS)).toFixed(2)} s`,
  );
else console.log('  CPU          : not measured (needs /proc)');
const bareBestMs = best(pairs.map((p) => p.bare.wallMs));
const ours = await run('ours', 60_000);
if (ours.ok) {
  console.log(
    `specwatch diff : ${fmt(ours.ms)} (parse ${fmt(ours.parseMs)} + compare ${fmt(ours.compareMs)}; process ${fmt(ours.wallMs)}), peak ${Math.round(ours.peakMB)} MB — ${ours.added} added, ${ours.removed} removed, ${ours.findings} findings ${JSON.stringify(ours.byClass)}`,
  );
} else
  console.log(`specwatch diff : FAILED after ${fmt(ours.wallMs)}, peak ${Math.round(ours.peakMB)} MB — ${ours.error}`);
const theirs = await run('openapi-diff', OPENAPI_DIFF_TIMEOUT_MS);
if (theirs.ok) {
  console.log(
    `openapi-diff   : ${fmt(theirs.wallMs)}, peak ${Math.round(theirs.peakMB)} MB — breaking found: ${theirs.breaking}, non-breaking ${theirs.nonBreaking}, unclassified ${theirs.unclassified}`,
  );
} else
  console.log(
    `openapi-diff   : FAILED after ${fmt(theirs.wallMs)}, peak ${Math.round(theirs.peakMB)} MB — ${theirs.error}`,
  );
if (theirs.ok)
  console.log(
    `openapi-diff   : its cold process is ${(theirs.wallMs / bareBestMs).toFixed(2)}× the best bare parse of the same pair`,
  );
if (ours.ok && theirs.ok) console.log(`ratio          : ours is ${(theirs.wallMs / ours.wallMs).toFixed(1)}× faster`);
else if (ours.ok)
  console.log(`ratio          : openapi-diff failed after ${(theirs.wallMs / ours.wallMs).toFixed(1)}× our total time`);
