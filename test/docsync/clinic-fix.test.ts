import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { load } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.js';
import { localRepo } from '../../src/checkout/index.js';
import { fixDocs } from '../../src/cli/fix-docs.js';
import { defaultConfig } from '../../src/config/index.js';
import { OPENAPI_30_STRUCTURE } from './openapi-structure.js';

const EXAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'clinic-api');

describe('clinic example: scan → scan --fix → scan', () => {
  const dir = mkdtempSync(join(tmpdir(), 'specwatch-clinic-'));
  cpSync(EXAMPLE, dir, { recursive: true, filter: (src) => !src.includes('node_modules') });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves no undocumented-* finding, and the patched doc is still OpenAPI 3.0', async () => {
    const config = defaultConfig();
    const repo = localRepo(dir);
    const before = await analyze({ repo, config });
    const undocumented = (findings: typeof before.findings) =>
      findings.filter((f) => f.rule.startsWith('undocumented-'));
    expect(undocumented(before.findings).length).toBeGreaterThan(0);
    const original = readFileSync(join(dir, 'openapi.yaml'), 'utf8');

    const outcome = await fixDocs({ root: dir, repo, analysis: before, findings: before.findings, config });
    expect(outcome.written).toEqual(['openapi.yaml']);
    expect(outcome.plans.flatMap((p) => p.skipped)).toEqual([]);

    const after = await analyze({ repo: localRepo(dir), config });
    expect(undocumented(after.findings).map((f) => `${f.rule} ${f.operation}`)).toEqual([]);
    expect(after.findings.filter((f) => f.rule === 'unimplemented-operation')).toEqual([]);

    const text = readFileSync(join(dir, 'openapi.yaml'), 'utf8');
    const validate = new Ajv({ strict: false, allErrors: true }).compile(OPENAPI_30_STRUCTURE);
    expect(validate(load(text)), JSON.stringify(validate.errors)).toBe(true);
    // Only additions: every original line is still there, in order.
    const kept = original.split('\n');
    let j = 0;
    for (const line of text.split('\n')) if (j < kept.length && line === kept[j]) j++;
    expect(j).toBe(kept.length);

    const again = await fixDocs({ root: dir, repo: localRepo(dir), analysis: after, findings: after.findings, config });
    expect(again.plans.flatMap((p) => p.patches)).toEqual([]);
  }, 60_000);
});
