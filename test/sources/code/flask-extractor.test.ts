import { describe, expect, it } from 'vitest';
import { flaskExtractor } from '../../../src/sources/code/python/flask-extractor.js';
import { checkTruth, extractFixture } from './polyglot-truth.js';

describe('Flask routes', () => {
  it('finds exactly the routes of an app factory with blueprints, nested blueprints and flask-restx namespaces', async () => {
    const extracted = await extractFixture('flask', [flaskExtractor]);
    const check = checkTruth(extracted);
    expect({ missing: check.missing, extra: check.extra }).toEqual({ missing: [], extra: [] });
    for (const [op, expression] of Object.entries(extracted.truth.unresolvedPrefix ?? {})) {
      expect(check.unresolved[op], op).toContain(expression);
    }
    expect(check.unparsedFiles).toEqual([...(extracted.truth.unparsed ?? [])].sort());
  });
});
