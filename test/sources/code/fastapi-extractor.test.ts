import { describe, expect, it } from 'vitest';
import { extractImplementedSurface } from '../../../src/sources/code/index.js';
import { fastapiExtractor } from '../../../src/sources/code/python/fastapi-extractor.js';
import { memoryRepo } from '../../../src/sources/repo/index.js';
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

describe('FastAPI static-file mounts', () => {
  it('leaves app.mount(path, StaticFiles(...)) out of the view and lists it', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'requirements.txt': 'fastapi\n',
        'main.py': `from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

app = FastAPI()
app.mount("/static", StaticFiles(directory="static"), name="static")


@app.get("/items")
def items():
    return []
`,
      }),
    );
    expect(result.surface.operations.map((o) => `${o.method} ${o.path}`)).toEqual(['GET /items']);
    expect(result.leftOut.map((l) => `${l.method} ${l.path} ${l.file}:${l.line} ${l.reason}`)).toEqual([
      'GET /static/{path} main.py:5 machinery: static files under /static',
    ]);
  });
});
