// Measures PII classification throughput over every schema property of Stripe's spec, on dist/ (run `npm run build`
// first), in CPU time: a cold run (memo caches empty), the whole-operation pipeline, then name-only mode beside value
// evidence on (the goal: 100,000 fields per CPU-second with values), alternating in one run.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localRepo } from '../dist/checkout/index.js';
import { classifyField, classifyOperationFields, summarizeValues } from '../dist/pii/index.js';
import { readOpenApi } from '../dist/sources/openapi/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const corpusDir = join(here, '..', '..', 'shared', 'corpus', 'stripe');
const specFile = process.env.BENCH_SPEC ?? 'stripe-api.2023-09-13.yaml';
const TARGET = 100_000;

/** Reads the spec with the documented-view reader, as the app does. */
async function loadSurface() {
  const result = await readOpenApi(localRepo(corpusDir), specFile);
  if (!result.ok) throw new Error(`cannot read ${specFile}: ${result.error.message}`);
  return result.surface;
}

/** Every property of every named schema (inline nested properties included, refs counted at their own schema). */
function collectFields(surface) {
  const inputs = [];
  const visit = (schema, path, ancestry, parent) => {
    if (!schema || schema.$ref) return;
    for (const [name, child] of Object.entries(schema.properties ?? {})) {
      const resolved = child.$ref ? (surface.schemas[child.$ref] ?? child) : child;
      inputs.push({
        path: `${path}.${name}`,
        type: resolved.type,
        format: resolved.format,
        enum: resolved.enum,
        description: resolved.description,
        siblings: Object.keys(schema.properties),
        ancestry,
      });
      visit(child, `${path}.${name}`, [name, ...ancestry], schema);
    }
    if (schema.items) visit(schema.items, `${path}[]`, ancestry, parent);
    for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])])
      visit(branch, path, ancestry, parent);
  };
  for (const [name, schema] of Object.entries(surface.schemas)) visit(schema, name, [name], undefined);
  return inputs;
}

const surface = await loadSurface();
const inputs = collectFields(surface);
console.log(`spec: ${specFile}; ${Object.keys(surface.schemas).length} schemas, ${inputs.length} properties`);
// `npm run bench:pii` runs with --single-threaded-gc: "on one core" means the collector's work too, and parallel GC
// helper threads on a shared machine add CPU time that no single core spends.
console.log(
  `GC: ${process.execArgv.includes('--single-threaded-gc') ? 'single-threaded (one core)' : 'default (parallel helper threads counted in CPU time)'}`,
);

// CPU time of this process (user + system): the machine may be shared, and the goal is per core.
const cpuTime = (fn) => {
  const start = process.cpuUsage();
  const result = fn();
  const used = process.cpuUsage(start);
  return [(used.user + used.system) / 1e6, result];
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rate = (fields, seconds) => Math.round(fields / seconds).toLocaleString('en');

const [cold, coldPii] = cpuTime(() => inputs.filter((i) => classifyField(i).pii).length);
console.log(
  `cold run:  ${rate(inputs.length, cold)} fields per CPU-second (${coldPii} PII fields; JIT warm-up and first tokenisation of every name)`,
);

if (surface.operations.length > 0) {
  let fields = 0;
  const [pipeline] = cpuTime(() => {
    for (const op of surface.operations) fields += classifyOperationFields(surface, op).length;
  });
  console.log(
    `pipeline:  ${surface.operations.length} operations, ${fields} operation fields (refs expanded) in ${pipeline.toFixed(2)} CPU-s = ${rate(fields, pipeline)} fields per CPU-second`,
  );
}

// Value evidence on: every field also gets 8 sample values (emails, phones, SSNs, card numbers, names, hashes and
// plain words by turns) summarised through every validator inside the timed loop, as `specwatch pii` does with the
// samples of each input line. Same fields, same run, so the two modes compare.
const POOL = [
  ['amy.shaw@example.com', 'li.wei@example.net'],
  ['+1 415 555 0132', '(212) 555-0199'],
  ['219-09-9998', '457-55-5462'],
  ['4111 1111 1111 1111', '5555555555554444'],
  ['Amy Shaw', 'Dr. Ronald Bone'],
  ['$2b$12$KIXQJ1bW1Cq1iQ2Z1r3t2uOQbVZ9w4l8mJ8yQ0v6o5mVqU1m8a6lW', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2ln'],
  ['active', 'pending'],
  ['cus_9s6XKzkNRiz8i3', '2023-09-13'],
];
const samplesOf = inputs.map((_, i) => [
  ...POOL[i % POOL.length],
  ...POOL[(i + 3) % POOL.length],
  ...POOL[(i + 5) % POOL.length],
  ...POOL[(i + 6) % POOL.length],
]);
const classifyNameOnly = () => {
  let pii = 0;
  for (const input of inputs) if (classifyField(input).pii) pii++;
  return pii;
};
// The input is built field by field, as the CLI builds it from an NDJSON line (an object spread here would make a
// slow dictionary-mode object and measure the harness, not the classifier).
const classifyWithValues = () => {
  let pii = 0;
  for (let i = 0; i < inputs.length; i++) {
    const s = inputs[i];
    const input = {
      path: s.path,
      type: s.type,
      format: s.format,
      enum: s.enum,
      description: s.description,
      siblings: s.siblings,
      ancestry: s.ancestry,
      values: summarizeValues(samplesOf[i]),
    };
    if (classifyField(input).pii) pii++;
  }
  return pii;
};

// Each measurement classifies the property list REPEAT times so it lasts long enough to be stable; the two modes
// alternate so machine load falls on both alike.
const REPEAT = Number(process.env.BENCH_REPEAT ?? 10);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const measure = (fn) =>
  cpuTime(() => {
    let pii = 0;
    for (let k = 0; k < REPEAT; k++) pii = fn();
    return pii;
  });
for (let w = 0; w < 2; w++) {
  measure(classifyNameOnly);
  measure(classifyWithValues);
}
const nameRuns = [];
const valueRuns = [];
let namePii = 0;
let valuePii = 0;
for (let r = 0; r < RUNS; r++) {
  const [n, p1] = measure(classifyNameOnly);
  const [v, p2] = measure(classifyWithValues);
  nameRuns.push(n / REPEAT);
  valueRuns.push(v / REPEAT);
  namePii = p1;
  valuePii = p2;
}
const nameOnly = inputs.length / median(nameRuns);
const withValues = inputs.length / median(valueRuns);
const best = (runs) => inputs.length / Math.min(...runs);
console.log(
  `name-only mode:        ${rate(inputs.length, median(nameRuns))} fields per CPU-second (median of ${RUNS}; best ${Math.round(best(nameRuns)).toLocaleString('en')}; ${namePii} PII fields)`,
);
console.log(
  `value evidence on:     ${rate(inputs.length, median(valueRuns))} fields per CPU-second (median of ${RUNS}; best ${Math.round(best(valueRuns)).toLocaleString('en')}; ${valuePii} PII fields; 8 samples per field through every validator), ${(withValues / nameOnly).toFixed(2)}x of name-only`,
);
console.log(
  `goal ${TARGET.toLocaleString('en')} fields per CPU-second with value evidence on: ${withValues >= TARGET ? 'met' : 'NOT met'} (${(withValues / TARGET).toFixed(2)}x)`,
);
