// Adds 10 undocumented operations (each with a new named schema) to Stripe's spec with docsync, and reports the
// time and peak memory of the whole patch: reading the doc, planning, the targeted `yaml` parse, splicing, and
// the re-read that verifies the patch. Each run is its own child process, so every figure is a cold first run
// with its own peak memory. Run `npm run build` first.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const spec =
  process.env.BENCH_SPEC ?? join(here, '..', '..', 'shared', 'corpus', 'stripe', 'stripe-api.2023-09-13.yaml');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

function fixes(entry) {
  const resources = [
    'refund_notes',
    'payout_holds',
    'tax_forms',
    'card_art',
    'reader_logs',
    'fraud_notes',
    'cash_counts',
    'fee_plans',
    'usage_caps',
    'risk_reviews',
  ];
  return resources.map((name, i) => {
    const schemaName = `specwatch_bench_${name}`;
    return {
      kind: 'add-operation',
      spec: entry,
      method: i % 2 === 0 ? 'GET' : 'POST',
      path: `/v1/${name}/{id}`,
      operation: {
        method: i % 2 === 0 ? 'GET' : 'POST',
        path: `/v1/${name}/{id}`,
        summary: `Retrieve ${name.replace(/_/g, ' ')}`,
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: ['string'], maxLength: 5000 } },
          { name: 'expand', in: 'query', required: false, schema: { type: ['array'], items: { type: ['string'] } } },
        ],
        responses: [
          {
            status: '200',
            description: 'Successful response.',
            headers: {},
            content: { 'application/json': { schema: { $ref: schemaName } } },
          },
          {
            status: 'default',
            description: 'Error response.',
            headers: {},
            content: { 'application/json': { schema: { $ref: 'error' } } },
          },
        ],
        evidence: [],
      },
      schemas: {
        [schemaName]: {
          type: ['object'],
          required: ['id', 'object'],
          properties: {
            id: { type: ['string'] },
            object: { type: ['string'], enum: [name] },
            created: { type: ['integer'] },
            metadata: { type: ['null', 'object'], additionalProperties: { type: ['string'] } },
          },
        },
        error: { type: ['object'] },
      },
    };
  });
}

if (process.argv[2] === '--child') {
  const { applyDocFixes } = await import('../dist/docsync/index.js');
  const file = process.argv[3];
  const entry = file.split('/').pop();
  const t0 = performance.now();
  const text = readFileSync(file, 'utf8');
  const result = applyDocFixes({ entry, files: { [entry]: text }, fixes: fixes(entry) });
  const ms = performance.now() - t0;
  const patch = result.patches[0];
  const added = patch ? patch.diff.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++')).length : 0;
  const removed = patch ? patch.diff.split('\n').filter((l) => l.startsWith('-') && !l.startsWith('---')).length : 0;
  const hunks = patch ? patch.diff.split('\n').filter((l) => l.startsWith('@@')).length : 0;
  // Idempotence on the patched text, timed separately (not part of the target).
  const t1 = performance.now();
  const again = applyDocFixes({ entry, files: { [entry]: patch?.text ?? text }, fixes: fixes(entry) });
  const secondMs = performance.now() - t1;
  process.stdout.write(
    JSON.stringify({
      ms,
      secondMs,
      peakMb: process.resourceUsage().maxRSS / 1024,
      applied: result.applied.length,
      skipped: result.skipped.length,
      added,
      removed,
      hunks,
      secondPatches: again.patches.length,
    }),
  );
  process.exit(0);
}

if (!existsSync(spec)) {
  console.error(`bench:fix: ${spec} not found (set BENCH_SPEC)`);
  process.exit(2);
}
const runs = [];
for (let i = 0; i < RUNS; i++) {
  runs.push(
    JSON.parse(
      execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', spec], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      }),
    ),
  );
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const last = runs[runs.length - 1];
console.log(`spec: ${spec.split('/').pop()} (${(readFileSync(spec).length / 1024 / 1024).toFixed(1)} MB)`);
console.log(
  `add 10 operations (+10 named schemas): median ${median(runs.map((r) => r.ms)).toFixed(0)} ms over ${RUNS} cold runs (target < 3000 ms)`,
);
console.log(`  peak RSS: ${median(runs.map((r) => r.peakMb)).toFixed(0)} MB`);
console.log(
  `  patch: ${last.added} lines added, ${last.removed} removed, ${last.hunks} hunks; applied ${last.applied}, skipped ${last.skipped}`,
);
console.log(
  `  second run on the patched doc: ${median(runs.map((r) => r.secondMs)).toFixed(0)} ms, ${last.secondPatches} patches (idempotent when 0)`,
);
