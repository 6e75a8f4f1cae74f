import { describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { type AnalysisSwitches, extractImplementedSurface } from '../../../src/sources/code/index.js';
import { readPythonModuleFacts } from '../../../src/sources/code/python/python-module.js';
import { readPythonModuleOutline } from '../../../src/sources/code/python/python-module-outline.js';
import { loadParser } from '../../../src/sources/code/tree-sitter/load-parser.js';
import { memoryRepo, type RepoFiles } from '../../../src/sources/repo/index.js';

/** Method, path and the statuses of each operation, with where each status is written. */
async function view(repo: RepoFiles, analysis: Partial<AnalysisSwitches> = {}): Promise<string[]> {
  const result = await extractImplementedSurface(repo, { analysis });
  return result.surface.operations
    .map((op) => {
      const statuses = op.responses
        .map((r) => `${r.status}${r.location ? `@${r.location.file}:${r.location.line}` : ''}`)
        .sort()
        .join(' ');
      return `${op.method} ${op.path} ${statuses}`;
    })
    .sort();
}

// Modules the routes reach only through lookups (services, helpers, settings) are read from their outline, function
// bodies left out until a call is followed into one: the view must be the one that reading every file whole gives.
const app = {
  'requirements.txt': 'fastapi==0.110.0\n',
  'app/main.py': `from fastapi import FastAPI
from app.settings import API_PREFIX
from app.routes import router

app = FastAPI()
app.include_router(router, prefix=API_PREFIX)
`,
  // The prefix is bound only inside a function body: a lookup of it must read that body.
  'app/settings.py': `import os


def configure():
    API_PREFIX = "/api"
    return API_PREFIX
`,
  'app/routes.py': `from fastapi import APIRouter
from app import services
from app.legacy import LegacyService

router = APIRouter()


@router.get("/items/{item_id}")
def read_item(item_id: int):
    return services.get_item(item_id)


@router.delete("/items/{item_id}")
def delete_item(item_id: int):
    services.remove_item(item_id)


@router.get("/legacy")
def legacy():
    return LegacyService.find()
`,
  'app/services.py': `from fastapi import HTTPException


def get_item(item_id: int):
    """Finds an item.

def looks_like_a_function(): this line is inside the docstring
"""
    text = '''
not_indented = "still the string"
'''
    if item_id < 0:
        raise HTTPException(status_code=404, detail=text)
    return {"id": item_id}


def remove_item(item_id: int):
    # A local import (to break an import cycle) binds a module name like any import.
    from app.errors import Locked

    if item_id == 1:
        raise Locked()
`,
  'app/errors.py': `from fastapi import HTTPException


class Locked(HTTPException):
    status_code = 423
`,
  // A class defined under a module-level \`if\`: its methods cannot be parsed alone.
  'app/legacy.py': `import sys

if sys.version_info >= (3, 8):
    class LegacyService:
        handler = None

        def find(self):
            raise NotImplementedError
`,
};

describe('modules read for their names only', () => {
  it('give the view that reading every file whole gives', async () => {
    const repo = memoryRepo(app);
    const found = await view(repo);
    expect(found).toEqual([
      // 422: FastAPI refuses an `item_id` that is not an integer.
      'DELETE /api/items/{item_id} 200 422@app/routes.py:14 423@app/services.py:22',
      'GET /api/items/{item_id} 200 404@app/services.py:13 422@app/routes.py:9',
      'GET /api/legacy 200',
    ]);
    expect(found).toEqual(await view(memoryRepo(app), { prefilter: false }));
  });
  it('read a top-level function or class only when a lookup names what it could bind, with the bindings of a whole read', async () => {
    const files = {
      'requirements.txt': 'fastapi==0.110.0\n',
      'app/main.py': `from fastapi import FastAPI
from app import settings
from app.settings import Paths, VERSION
from app.routes import router

app = FastAPI()
app.include_router(router, prefix=settings.prefix() + Paths.API + VERSION)
`,
      // The first \`prefix\` of the file is the one under the \`if\`; \`Paths\` is a class nested in another; \`VERSION\` is
      // bound only in the body of a function written on one line.
      'app/settings.py': `import os

if os.environ.get("LEGACY") is None:
    def prefix():
        return "/first"


class Settings:
    debug: bool = False

    class Paths:
        API = "/api"


def prefix():
    return "/second"


def version(): VERSION = "/v2"; return VERSION
`,
      'app/routes.py': `from fastapi import APIRouter

router = APIRouter()


@router.get("/items")
def items():
    return []
`,
    };
    const found = await view(memoryRepo(files));
    expect(found).toEqual(['GET /first/api/v2/items 200']);
    expect(found).toEqual(await view(memoryRepo(files), { prefilter: false }));
  });

  it('read the statuses a body answers with when it is parsed alone, as a whole read gives them', async () => {
    const files = {
      'requirements.txt': 'fastapi==0.110.0\n',
      'app/routes.py': `from fastapi import APIRouter, Response
from app import services

router = APIRouter()


@router.post("/items")
def create_item(response: Response):
    return services.create(response)


@router.put("/items/{item_id}")
def replace_item(item_id: int):
    return services.replace(item_id)
`,
      // Neither function raises: each answers with its status, which only its body says.
      'app/services.py': `from fastapi.responses import JSONResponse


def create(response):
    response.status_code = 201
    return {}


def replace(item_id: int):
    if item_id == 0:
        return JSONResponse(status_code=409, content={"detail": "in use"})
    return {}
`,
    };
    const found = await view(memoryRepo(files));
    expect(found).toEqual([
      'POST /items 200 201@app/services.py:5',
      'PUT /items/{item_id} 200 409@app/services.py:11 422@app/routes.py:13',
    ]);
    expect(found).toEqual(await view(memoryRepo(files), { prefilter: false }));
  });

  it('read the bodies that could bind a looked-up name, with the bindings of a whole read', async () => {
    const files = {
      'requirements.txt': 'fastapi==0.110.0\n',
      'app/main.py': `from fastapi import FastAPI
from app import settings
from app.routes import router

app = FastAPI()
app.include_router(router, prefix=settings.API + settings.make())
`,
      // \`API\` is assigned in two function bodies (the first one counts); \`make\` is defined in a method's body.
      'app/settings.py': `class Loader:
    def load(self):
        def make():
            return "/made"
        return make


def first():
    API = "/first"
    return API


def second():
    API = "/second"
    return API
`,
      'app/routes.py': `from fastapi import APIRouter

router = APIRouter()


@router.get("/items")
def items():
    return []
`,
    };
    const found = await view(memoryRepo(files));
    expect(found).toEqual(['GET /first/made/items 200']);
    expect(found).toEqual(await view(memoryRepo(files), { prefilter: false }));
  });

  it('read a body that assigns a looked-up name on an earlier line than the bodies read before, the earliest assignment counting', async () => {
    const files = {
      'requirements.txt': 'fastapi==0.110.0\n',
      'app/main.py': `from fastapi import FastAPI
from app import settings
from app.routes import router

app = FastAPI()
app.include_router(router, prefix=settings.PREFIX + settings.API)
`,
      // Looking \`PREFIX\` up reads \`second\`, which assigns \`API\` too; \`first\` assigns it on an earlier line.
      'app/settings.py': `def first():
    API = "/first"
    return API


def second():
    PREFIX = "/p"
    API = "/second"
    return PREFIX + API


def third():
    API = "/third"
    return API
`,
      'app/routes.py': `from fastapi import APIRouter

router = APIRouter()


@router.get("/items")
def items():
    return []
`,
    };
    const found = await view(memoryRepo(files));
    expect(found).toEqual(['GET /p/first/items 200']);
    expect(found).toEqual(await view(memoryRepo(files), { prefilter: false }));
  });

  it('read a class whose method imports when a lookup names what the class spells, in a file naming no framework', async () => {
    const files = {
      'requirements.txt': 'fastapi==0.110.0\n',
      'app/main.py': `from fastapi import FastAPI
from app import settings
from app.routes import router

app = FastAPI()
app.include_router(router, prefix=settings.API + settings.Config.VERSION)
`,
      // \`API\` is bound only by the import in a method's body.
      'app/settings.py': `class Config:
    VERSION = "/v1"

    def load(self):
        from app.paths import API

        return API

    def other(self):
        return 1
`,
      'app/paths.py': `API = "/api"
`,
      'app/routes.py': `from fastapi import APIRouter

router = APIRouter()


@router.get("/items")
def items():
    return []
`,
    };
    const found = await view(memoryRepo(files));
    expect(found).toEqual(['GET /api/v1/items 200']);
    expect(found).toEqual(await view(memoryRepo(files), { prefilter: false }));
  });

  it('read a Flask guard defined in a function read later as Flask code, from the imports above it', async () => {
    const files = {
      'requirements.txt': 'flask==3.0.3\n',
      'app.py': `from flask import Flask, jsonify

from guards import key_required

app = Flask(__name__)


@app.get("/reports")
@key_required
def reports():
    return jsonify([])
`,
      'guards.py': `from functools import wraps

from flask import abort, g


def key_required(f):
    @wraps(f)
    def wrapper(*args, **kwargs):
        if not g.get("api_key"):
            abort(401)
        return f(*args, **kwargs)

    return wrapper
`,
    };
    const auth = async (analysis: Partial<AnalysisSwitches>) =>
      (await extractImplementedSurface(memoryRepo(files), { analysis })).surface.operations.map(
        (op) => `${op.method} ${op.path} ${op.auth?.state}`,
      );
    expect(await auth({})).toEqual(['GET /reports required']);
    expect(await auth({})).toEqual(await auth({ prefilter: false }));
  });
  it("read a class's methods when asked, after a lookup read the class for its fields", async () => {
    const files = {
      'requirements.txt': 'fastapi==0.110.0\n',
      'app/main.py': `from fastapi import Depends, FastAPI

from app.access import Gate, LIMIT

app = FastAPI()


@app.get("/reports")
def reports(allowed=Depends(Gate(LIMIT))):
    return []
`,
      // \`LIMIT\` is a class field read through the class; the dependency runs the instance's \`__call__\`.
      'app/access.py': `from fastapi import HTTPException


class Limits:
    DEFAULT = 10

    def describe(self):
        return "limits"


LIMIT = Limits.DEFAULT


class Gate:
    def __init__(self, limit: int):
        self.limit = limit

    def __call__(self, token: str = ""):
        if not token:
            raise HTTPException(status_code=401)
        return token
`,
    };
    const auth = async (analysis: Partial<AnalysisSwitches>) =>
      (await extractImplementedSurface(memoryRepo(files), { analysis })).surface.operations.map(
        (op) => `${op.method} ${op.path} ${op.auth?.state} ${op.auth?.evidence.map((e) => e.what).join(',')}`,
      );
    expect(await auth({})).toEqual(['GET /reports required Depends(Gate(…))']);
    expect(await auth({})).toEqual(await auth({ prefilter: false }));
  });
  it('read an import statement only when a lookup names what it binds, the last import of a name winning', async () => {
    const files = {
      'requirements.txt': 'fastapi==0.110.0\n',
      'app/main.py': `from fastapi import FastAPI
from app.paths import BASE, ROOT, VERSION
from app.routes import router

app = FastAPI()
app.include_router(router, prefix=BASE + ROOT + VERSION)
`,
      // Names no web framework: its imports are read when a lookup names what they bind.
      'app/paths.py': `from app.old import BASE, ROOT
from app.versions import (
    V1 as VERSION,
)
from app.new import ROOT
`,
      'app/old.py': 'BASE = "/base"\nROOT = "/old"\n',
      'app/new.py': 'ROOT = "/new"\n',
      'app/versions.py': 'V1 = "/v1"\n',
      'app/routes.py': `from fastapi import APIRouter

router = APIRouter()


@router.get("/items")
def items():
    return []
`,
    };
    const found = await view(memoryRepo(files));
    expect(found).toEqual(['GET /base/new/v1/items 200']);
    expect(found).toEqual(await view(memoryRepo(files), { prefilter: false }));
  });
});

describe('a method whose body imports (a local import that breaks an import cycle)', () => {
  const service = (frameworkImport: string) => `${frameworkImport}from app.errors import NotFound


class OrderService:
    async def get(self, session, order_id):
        order = await session.get(order_id)
        if order is None:
            raise NotFound(order_id)
        return order

    async def refund(self, session, order_id):
        from app.payments import service as payment_service

        order = await self.get(session, order_id)
        if order.refunded:
            raise ValueError("refunded")
        return await payment_service.refund(order)

    async def cancel(self, session, order_id):
        from app.subscriptions import service as subscription_service

        return await subscription_service.cancel(order_id)
`;

  /** The module read from its outline with every text handed to the parser recorded, and the facts of a whole read. */
  async function read(text: string) {
    const real = await loadParser('python');
    const parsed: string[] = [];
    const counting = {
      parse: (t: string) => {
        parsed.push(t);
        return real.parse(t);
      },
    } as unknown as Parser;
    const mod = readPythonModuleOutline(counting, 'app/orders.py', text, () => {});
    const whole = readPythonModuleFacts(real, 'app/orders.py', text).module;
    return { mod, whole, parsed };
  }

  const facts = (fn: { raises?: unknown; callees?: unknown; returnValue?: unknown; locals?: unknown } | undefined) => ({
    raises: fn?.raises,
    callees: fn?.callees,
    returnValue: fn?.returnValue,
    locals: fn?.locals,
  });

  it('is parsed alone in a file naming no web framework, with the facts of a whole read', async () => {
    const text = service('');
    const { mod, whole, parsed } = await read(text);
    const method = mod.classes.get('OrderService')?.functions?.get('refund');
    const wholeMethod = whole.classes.get('OrderService')?.functions?.get('refund');
    expect(facts(method)).toEqual(facts(wholeMethod));
    expect(method?.raises?.length).toBe(1);
    // The local import is the outline's: the module binds the name.
    expect(mod.imports.get('payment_service')).toEqual(whole.imports.get('payment_service'));
    // Neither the whole file nor the other methods' bodies were parsed.
    expect(parsed).not.toContain(text);
    expect(parsed.some((t) => t.includes('subscription_service.cancel'))).toBe(false);
  });

  it('makes the whole file read in a file naming a web framework (a Flask import there would change what follows)', async () => {
    const text = service('from fastapi import HTTPException\n');
    const { mod, whole, parsed } = await read(text);
    const method = mod.classes.get('OrderService')?.functions?.get('refund');
    expect(facts(method)).toEqual(facts(whole.classes.get('OrderService')?.functions?.get('refund')));
    expect(parsed).toContain(text);
  });
});
