import { describe, expect, it } from 'vitest';
import { ginExtractor } from '../../../src/sources/code/go/gin-extractor.js';
import { checkTruth, extractFixture } from './polyglot-truth.js';

describe('Gin routes', () => {
  it('finds exactly the routes of a layered Gin service: groups, functions and methods receiving groups', async () => {
    const extracted = await extractFixture('gin', [ginExtractor]);
    const check = checkTruth(extracted);
    expect({ missing: check.missing, extra: check.extra }).toEqual({ missing: [], extra: [] });
    for (const [op, expression] of Object.entries(extracted.truth.unresolvedPrefix ?? {})) {
      expect(check.unresolved[op], op).toContain(expression);
    }
    expect(check.unparsedFiles).toEqual([...(extracted.truth.unparsed ?? [])].sort());
  });
});
