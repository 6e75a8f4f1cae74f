// `npm run bench:diff`: our diff and Atlassian's openapi-diff on the same Stripe spec pair, each in a child process
// (time to result or to failure, peak memory). Run `npm run build` first. BENCH_BASE / BENCH_HEAD override the pair.
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

const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;
console.log(`Stripe pair: ${base.split('/').pop()} → ${head.split('/').pop()}`);
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
if (ours.ok && theirs.ok) console.log(`ratio          : ours is ${(theirs.wallMs / ours.wallMs).toFixed(1)}× faster`);
else if (ours.ok)
  console.log(`ratio          : openapi-diff failed after ${(theirs.wallMs / ours.wallMs).toFixed(1)}× our total time`);
