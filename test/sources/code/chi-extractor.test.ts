import { describe, expect, it } from 'vitest';
import { chiExtractor } from '../../../src/sources/code/go/chi-extractor.js';
import { checkTruth, extractFixture } from './polyglot-truth.js';

describe('chi routes', () => {
  it('finds exactly the routes of a chi service: nested Route closures, Mount of sub-routers, Group and With', async () => {
    const extracted = await extractFixture('chi', [chiExtractor]);
    const check = checkTruth(extracted);
    expect({ missing: check.missing, extra: check.extra }).toEqual({ missing: [], extra: [] });
    for (const [op, expression] of Object.entries(extracted.truth.unresolvedPrefix ?? {})) {
      expect(check.unresolved[op], op).toContain(expression);
    }
    expect(check.unparsedFiles).toEqual([...(extracted.truth.unparsed ?? [])].sort());
  });
});
