// Measures PII classification throughput over every schema property of Stripe's spec, on dist/ (run `npm run build`
// first). Prints fields/s for a cold run (memo caches empty), warm runs, and the whole-operation pipeline.
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

const time = (fn) => {
  const start = process.hrtime.bigint();
  const result = fn();
  return [Number(process.hrtime.bigint() - start) / 1e9, result];
};

const [cold, coldPii] = time(() => inputs.filter((i) => classifyField(i).pii).length);
console.log(`cold run:  ${Math.round(inputs.length / cold).toLocaleString('en')} fields/s (${coldPii} PII fields)`);
// Each warm measurement classifies the property list REPEAT times so it lasts long enough to be stable.
const REPEAT = Number(process.env.BENCH_REPEAT ?? 40);
const runs = [];
for (let r = 0; r < 5; r++) {
  runs.push(
    time(() => {
      for (let k = 0; k < REPEAT; k++) for (const i of inputs) classifyField(i);
    })[0] / REPEAT,
  );
}
runs.sort((a, b) => a - b);
const warm = inputs.length / runs[2];
console.log(`warm runs: ${Math.round(warm).toLocaleString('en')} fields/s (median of 5)`);
console.log(
  `target ${TARGET.toLocaleString('en')} fields/s (steady state): ${warm >= TARGET ? 'met' : 'NOT met'}, ${(warm / TARGET).toFixed(1)}x; the cold run includes JIT warm-up and first tokenisation of every name`,
);

if (surface.operations.length > 0) {
  let fields = 0;
  const [pipeline] = time(() => {
    for (const op of surface.operations) fields += classifyOperationFields(surface, op).length;
  });
  console.log(
    `pipeline:  ${surface.operations.length} operations, ${fields} operation fields (refs expanded) in ${pipeline.toFixed(2)} s = ${Math.round(fields / pipeline).toLocaleString('en')} fields/s`,
  );
}

// Value evidence on: every field also gets 8 sample values run through every validator in memory (emails, phones,
// SSNs, card numbers, names, hashes and plain words by turns), as `specwatch pii` does with samples. Same fields,
// same run, so the two figures compare.
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
const withSamples = inputs.map((input, i) => ({
  input,
  samples: [
    ...POOL[i % POOL.length],
    ...POOL[(i + 3) % POOL.length],
    ...POOL[(i + 5) % POOL.length],
    ...POOL[(i + 6) % POOL.length],
  ],
}));
const valueRuns = [];
const nameRuns = [];
for (let r = 0; r < 5; r++) {
  nameRuns.push(
    time(() => {
      for (const i of inputs) classifyField(i);
    })[0],
  );
  valueRuns.push(
    time(() => {
      for (const { input, samples } of withSamples) classifyField({ ...input, values: summarizeValues(samples) });
    })[0],
  );
}
nameRuns.sort((a, b) => a - b);
valueRuns.sort((a, b) => a - b);
const nameOnly = inputs.length / nameRuns[2];
const withValues = inputs.length / valueRuns[2];
console.log(`name-only mode:        ${Math.round(nameOnly).toLocaleString('en')} fields/s (median of 5)`);
console.log(
  `value evidence on:     ${Math.round(withValues).toLocaleString('en')} fields/s (8 samples per field through every validator; median of 5), ${(withValues / nameOnly).toFixed(2)}x of name-only; goal ${TARGET.toLocaleString('en')} fields/s: ${withValues >= TARGET ? 'met' : 'NOT met'}`,
);
