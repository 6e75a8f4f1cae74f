// Reads each Stripe spec with Specwatch's OpenAPI reader (parse + $ref resolution + normalisation + line map) and
// with js-yaml's bare parse of the same file — the floor — in the same run. Each measurement runs in its own child
// process so peak memory is its own. Run `npm run build` first.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const corpusDir = process.env.BENCH_CORPUS ?? join(here, '..', '..', 'shared', 'corpus', 'stripe');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

if (process.argv[2] === '--child') {
  const [, , , mode, file] = process.argv;
  const times = [];
  let operations = 0;
  if (mode === 'floor') {
    const { load } = await import('js-yaml');
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      load(readFileSync(file, 'utf8'));
      times.push(performance.now() - t);
    }
  } else {
    const { readOpenApi } = await import('../dist/sources/openapi/index.js');
    const { localRepo } = await import('../dist/checkout/index.js');
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const result = await readOpenApi(localRepo(dirname(file)), file.split('/').pop());
      times.push(performance.now() - t);
      if (!result.ok) throw new Error(result.error.message);
      operations = result.surface.operations.length;
    }
  }
  const sorted = [...times].sort((a, b) => a - b);
  process.stdout.write(
    JSON.stringify({
      first: times[0],
      median: sorted[Math.floor(sorted.length / 2)],
      peakMb: process.resourceUsage().maxRSS / 1024,
      operations,
    }),
  );
  process.exit(0);
}

const measure = (mode, file) =>
  JSON.parse(
    execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', mode, file], { encoding: 'utf8' }),
  );

let files;
try {
  files = readdirSync(corpusDir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort();
} catch {
  console.error(`no corpus at ${corpusDir} (set BENCH_CORPUS)`);
  process.exit(2);
}
console.log(`bench:load — ${RUNS} reads per measurement, median (first) in ms; peak RSS per process`);
console.log(
  'file                          size     js-yaml load        specwatch read      ratio  peak js-yaml  peak ours  ops',
);
for (const name of files) {
  const file = join(corpusDir, name);
  const floor = measure('floor', file);
  const ours = measure('ours', file);
  const size = `${(statSync(file).size / 1024 / 1024).toFixed(1)} MB`;
  const cell = (m) => `${m.median.toFixed(0).padStart(5)} (${m.first.toFixed(0).padStart(5)})`.padEnd(20);
  console.log(
    `${name.padEnd(30)}${size.padEnd(9)}${cell(floor)}${cell(ours)}${(ours.median / floor.median).toFixed(2).padStart(5)}×  ${`${floor.peakMb.toFixed(0)} MB`.padStart(12)}  ${`${ours.peakMb.toFixed(0)} MB`.padStart(9)}  ${ours.operations}`,
  );
}
console.log('targets: ratio ≤ 2.00× the bare parse, peak < 400 MB');
