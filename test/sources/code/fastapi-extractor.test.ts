import { describe, expect, it } from 'vitest';
import { fastapiExtractor } from '../../../src/sources/code/python/fastapi-extractor.js';
import { checkTruth, extractFixture } from './polyglot-truth.js';

describe('FastAPI routes', () => {
  it('finds exactly the routes of a full-stack FastAPI app, prefixes resolved across modules', async () => {
    const extracted = await extractFixture('fastapi', [fastapiExtractor]);
    const check = checkTruth(extracted);
    expect({ missing: check.missing, extra: check.extra }).toEqual({ missing: [], extra: [] });
    for (const [op, expression] of Object.entries(extracted.truth.unresolvedPrefix ?? {})) {
      expect(check.unresolved[op], op).toContain(expression);
    }
    expect(check.unparsedFiles).toEqual([...(extracted.truth.unparsed ?? [])].sort());
  });
});

describe('FastAPI routers of a project subclass', () => {
  it("finds polar's public API, built with a project APIRouter subclass made by a factory, under its /v1 mount", async () => {
    const extracted = await extractFixture('fastapi-router-subclass', [fastapiExtractor]);
    const check = checkTruth(extracted);
    expect({ missing: check.missing, extra: check.extra }).toEqual({ missing: [], extra: [] });
    expect(check.unparsedFiles).toEqual([]);
  });
});
