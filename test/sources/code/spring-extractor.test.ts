import { describe, expect, it } from 'vitest';
import { springExtractor } from '../../../src/sources/code/java/spring-extractor.js';
import { checkTruth, extractFixture } from './polyglot-truth.js';

describe('Spring MVC routes', () => {
  it('finds exactly the routes of a Spring REST app: constants, arrays of paths, API interfaces, placeholders', async () => {
    const extracted = await extractFixture('spring', [springExtractor]);
    const check = checkTruth(extracted);
    expect({ missing: check.missing, extra: check.extra }).toEqual({ missing: [], extra: [] });
    for (const [op, expression] of Object.entries(extracted.truth.unresolvedPrefix ?? {})) {
      expect(check.unresolved[op], op).toContain(expression);
    }
    expect(check.unparsedFiles).toEqual([...(extracted.truth.unparsed ?? [])].sort());
  });
});
