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

describe('a FastAPI body whose model comes from an installed package', () => {
  it('is named as not compared, per operation; a model of the checkout and a dependency are not', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'requirements.txt': 'fastapi\nacme-contracts==2.1\n',
        'app/main.py': `from fastapi import Depends, FastAPI
from sqlalchemy.orm import Session
from acme_contracts.orders import OrderIn, OrderOut

from app.db import get_db
from app.schemas import Note

app = FastAPI()


@app.post("/orders", response_model=OrderOut)
def create_order(order: OrderIn, db: Session = Depends(get_db)):
    return db.add(order)


@app.post("/notes", response_model=Note)
def create_note(note: Note):
    return note
`,
        'app/db.py': 'def get_db():\n    yield None\n',
        'app/schemas.py': 'from pydantic import BaseModel\n\n\nclass Note(BaseModel):\n    text: str\n',
      }),
    );
    expect(
      result.notices
        .filter((n) => n.detail.includes('outside the checkout'))
        .map((n) => `${n.file}:${n.line} ${n.detail}`),
    ).toEqual([
      'app/main.py:12 POST /orders: request body type acme_contracts.orders.OrderIn, response body type acme_contracts.orders.OrderOut are outside the checkout: not compared',
    ]);
  });
});
