// One side of `npm run bench:diff`, run in its own process so its time, memory and failure are its own.
// Usage: node bench/diff-child.mjs ours|openapi-diff BASE HEAD
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';

const [tool, baseFile, headFile] = process.argv.slice(2);
const started = performance.now();

if (tool === 'ours') {
  const { compareChanges } = await import('../dist/drift/index.js');
  const { readOpenApi } = await import('../dist/sources/openapi/index.js');
  const { localRepo } = await import('../dist/checkout/index.js');
  const read = async (file) => {
    const r = await readOpenApi(localRepo(dirname(file)), basename(file), { maxFileBytes: 64 * 1024 * 1024 });
    if (!r.ok) throw new Error(r.error.message);
    return r.surface;
  };
  const loaded = performance.now();
  const base = await read(baseFile);
  const head = await read(headFile);
  const parsed = performance.now();
  const findings = compareChanges(base, head);
  const done = performance.now();
  const count = (rule) => findings.filter((f) => f.rule === rule).length;
  const byClass = {};
  for (const f of findings) byClass[f.class] = (byClass[f.class] ?? 0) + 1;
  console.log(
    JSON.stringify({
      ok: true,
      ms: done - loaded,
      parseMs: parsed - loaded,
      compareMs: done - parsed,
      findings: findings.length,
      added: count('operation-added'),
      removed: count('operation-removed') + count('deprecated-operation-removed'),
      byClass,
      maxRssMB: process.resourceUsage().maxRSS / 1024,
    }),
  );
} else {
  const mod = await import('openapi-diff');
  const diffSpecs = mod.diffSpecs ?? mod.default.diffSpecs;
  const spec = (file) => ({ content: readFileSync(file, 'utf8'), location: file, format: 'openapi3' });
  try {
    const result = await diffSpecs({ sourceSpec: spec(baseFile), destinationSpec: spec(headFile) });
    console.log(
      JSON.stringify({
        ok: true,
        ms: performance.now() - started,
        breaking: result.breakingDifferencesFound,
        nonBreaking: result.nonBreakingDifferences?.length,
        unclassified: result.unclassifiedDifferences?.length,
        maxRssMB: process.resourceUsage().maxRSS / 1024,
      }),
    );
  } catch (error) {
    console.log(
      JSON.stringify({
        ok: false,
        ms: performance.now() - started,
        error: String(error?.message ?? error).slice(0, 300),
        maxRssMB: process.resourceUsage().maxRSS / 1024,
      }),
    );
  }
}
