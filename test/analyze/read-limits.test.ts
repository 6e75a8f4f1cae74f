import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.js';
import { defaultConfig, parseConfig } from '../../src/config/index.js';
import { DEFAULT_READ_LIMITS, type InputNotice } from '../../src/model/index.js';
import { memoryRepo } from '../../src/sources/repo/index.js';
import { readFolder } from '../github/helpers.js';

/** One `limits` from the config, honoured by the spec, code and capture readers of one analysis of the clinic. */
const CLINIC = readFolder(join(import.meta.dirname, '../../examples/clinic-api'));
const run = (files: Record<string, string | Uint8Array>, limits: Record<string, number>) =>
  analyze({ repo: memoryRepo(files), config: parseConfig({ limits }) });
const named = (notices: readonly InputNotice[], view: InputNotice['view']) =>
  notices.filter((n) => n.view === view).map((n) => [n.file, n.reason]);

describe('one ReadLimits from the config', () => {
  it('is defaulted once, in the config', () => {
    expect(defaultConfig().limits).toEqual(DEFAULT_READ_LIMITS);
    expect(parseConfig({ limits: { maxFiles: 10 } }).limits).toEqual({ ...DEFAULT_READ_LIMITS, maxFiles: 10 });
  });

  it('the code reader skips a source file over maxSourceFileBytes, names it, and holds back what it could serve', async () => {
    const result = await run(CLINIC, { maxSourceFileBytes: 6000 });
    expect(named(result.notices, 'implemented')).toEqual([
      ['scripts/record-har.mjs', 'oversized'],
      ['src/data/seed.ts', 'oversized'],
      ['src/routes/appointments.ts', 'oversized'],
    ]);
    const unimplemented = result.findings.filter((f) => f.rule === 'unimplemented-operation');
    expect(unimplemented.length).toBeGreaterThan(0);
    for (const f of unimplemented) expect(f.severity).toBe('info');
    expect(unimplemented.map((f) => f.operation)).toContain('GET /api/v1/appointments');
  }, 60_000);

  it('the capture reader leaves out a capture over maxFileBytes, and names it', async () => {
    const result = await run(CLINIC, { maxFileBytes: 100_000 });
    expect(named(result.notices, 'observed')).toEqual([['traffic/clinic.har', 'oversized']]);
    expect(result.observed).toBeUndefined();
  }, 60_000);

  it('a gzipped capture inflates only up to maxTotalBytes, and is named when it would go past', async () => {
    const { 'traffic/clinic.har': har, ...rest } = CLINIC;
    const files = { ...rest, 'traffic/clinic.har.gz': gzipSync(Buffer.from(har as string)) };
    const result = await run(files, { maxTotalBytes: 500_000 });
    const notice = result.notices.find((n) => n.view === 'observed');
    expect(notice).toMatchObject({ file: 'traffic/clinic.har.gz', reason: 'oversized' });
    expect(notice?.detail).toContain('inflates past the 500000-byte limit');
    // The spec and the source files are under the same bound and read whole.
    expect(named(result.notices, 'documented')).toEqual([]);
    expect(named(result.notices, 'implemented')).toEqual([]);
  }, 60_000);

  it('the spec reader stops at maxTotalBytes for one spec and names the file', async () => {
    const result = await run(CLINIC, { maxTotalBytes: 20_000 });
    expect(named(result.notices, 'documented')).toEqual([['openapi.yaml', 'oversized']]);
  }, 60_000);
});
