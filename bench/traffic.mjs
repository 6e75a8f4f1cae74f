// `npm run bench:traffic [N]`: the observed-view benches in sequence — inference, ingestion, OTLP ingestion, recording proxy —
// whichever exist. Each runs in its own process on dist/ (build first). Arguments go to the inference bench.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
if (!existsSync(join(here, '..', 'dist'))) {
  console.error('bench:traffic runs on dist/: run `npm run build` first');
  process.exit(2);
}
let failed = false;
for (const [script, args] of [
  ['traffic-inference.mjs', process.argv.slice(2)],
  ['traffic-ingest.mjs', []],
  ['traffic-otlp.mjs', []],
  ['traffic-proxy.mjs', []],
]) {
  const path = join(here, script);
  if (!existsSync(path)) continue;
  console.log(`\n== ${script}`);
  const run = spawnSync(process.execPath, [path, ...args], { stdio: 'inherit' });
  if (run.status !== 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
