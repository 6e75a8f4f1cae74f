// `npm run bench:diff`: our diff and Atlassian's openapi-diff on the same Stripe spec pair, each in a child process
// (time to result or to failure, peak memory), and a cold `specwatch diff` process against a cold process that only
// parses both files with js-yaml (the floor any YAML-reading diff pays). Run `npm run build` first.
// BENCH_BASE / BENCH_HEAD override the pair; BENCH_RUNS (default 3) sets how many cold runs each side gets (best kept).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

/** CPU seconds (user + system) a running process has used so far, from /proc (Linux); 0 elsewhere. */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** One cold process: wall time, and CPU time polled until it exits. */
function cold(args) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let cpu = 0;
    let err = '';
    const poll = setInterval(() => {
      cpu = Math.max(cpu, cpuSeconds(child.pid));
    }, 20);
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      clearInterval(poll);
      resolve({ wallMs: performance.now() - started, cpuS: cpu, code, err });
    });
  });
}

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const bareScript = `import { readFileSync } from 'node:fs'; import { load } from 'js-yaml';
for (const f of process.argv.slice(1)) load(readFileSync(f, 'utf8'));`;

/** Best of RUNS cold runs of the bare parse and of `specwatch diff`, interleaved so both see the same machine load. */
async function coldRatio() {
  const bare = [];
  const diff = [];
  for (let i = 0; i < RUNS; i++) {
    bare.push(await cold(['--input-type=module', '-e', bareScript, base, head]));
    const d = await cold([
      join(root, 'dist', 'cli', 'main.js'),
      'diff',
      base,
      head,
      '--format',
      'json',
      '--fail-on',
      'critical',
    ]);
    if (d.code !== 0)
      throw new Error(`specwatch diff exited ${d.code}: ${d.err.trim().split('\n').slice(-3).join(' ')}`);
    diff.push(d);
  }
  const best = (list, key) => Math.min(...list.map((r) => r[key]));
  return {
    bareMs: best(bare, 'wallMs'),
    diffMs: best(diff, 'wallMs'),
    bareCpu: best(bare, 'cpuS'),
    diffCpu: best(diff, 'cpuS'),
  };
}

const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;
console.log(`Stripe pair: ${base.split('/').pop()} → ${head.split('/').pop()}`);
const c = await coldRatio();
console.log(
  `cold process   : specwatch diff ${fmt(c.diffMs)} vs js-yaml parse of both files ${fmt(c.bareMs)} — ${(c.diffMs / c.bareMs).toFixed(2)}× the bare parse (target ≤ 2.5×); CPU ${c.diffCpu.toFixed(2)} s vs ${c.bareCpu.toFixed(2)} s — ${c.bareCpu > 0 ? (c.diffCpu / c.bareCpu).toFixed(2) : '?'}× (best of ${RUNS})`,
);
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
    `openapi-diff   : its cold process is ${(theirs.wallMs / c.bareMs).toFixed(2)}× the bare parse of the same pair`,
  );
if (ours.ok && theirs.ok) console.log(`ratio          : ours is ${(theirs.wallMs / ours.wallMs).toFixed(1)}× faster`);
else if (ours.ok)
  console.log(`ratio          : openapi-diff failed after ${(theirs.wallMs / ours.wallMs).toFixed(1)}× our total time`);
