import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareChanges } from '../../src/drift/index.js';
import { readSpec } from './spec-builder.js';

const DIR = join(import.meta.dirname, '../fixtures/drift/refactors');
const PAIRS = readdirSync(DIR).sort();

describe('refactor-only spec pairs give no finding', () => {
  it('has a corpus of at least 10 pairs', () => {
    expect(PAIRS.length).toBeGreaterThanOrEqual(10);
  });

  for (const name of PAIRS) {
    it(name, async () => {
      const base = await readSpec(readFileSync(join(DIR, name, 'base.yaml'), 'utf8'));
      const head = await readSpec(readFileSync(join(DIR, name, 'head.yaml'), 'utf8'));
      const findings = compareChanges(base, head);
      expect(findings.map((f) => `${f.rule}: ${f.message}`)).toEqual([]);
    });
  }
});
