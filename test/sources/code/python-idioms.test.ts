import { describe, expect, it } from 'vitest';
import { dedupeNotices } from '../../../src/model/index.js';
import { extractImplementedSurface } from '../../../src/sources/code/index.js';
import { memoryRepo } from '../../../src/sources/repo/index.js';

/** Each route of a small app as `METHOD path → auth state`. */
async function routesOf(files: Record<string, string>): Promise<Record<string, string>> {
  const result = await extractImplementedSurface(memoryRepo(files));
  return Object.fromEntries(result.surface.operations.map((o) => [`${o.method} ${o.path}`, o.auth?.state ?? 'absent']));
}

describe('FastAPI prefix from a settings factory', () => {
  it('reads the prefix from the field default of the class the factory declares it returns', async () => {
    const routes = await routesOf({
      'requirements.txt': 'fastapi==0.110.0\npydantic-settings==2.2.1\n',
      'app/core/settings.py': `from pydantic_settings import BaseSettings


class AppSettings(BaseSettings):
    debug: bool = False
    api_prefix: str = "/api/v2"


class DevSettings(AppSettings):
    debug: bool = True
`,
      'app/core/config.py': `from functools import lru_cache

from app.core.settings import AppSettings, DevSettings

by_env = {"dev": DevSettings, "prod": AppSettings}


@lru_cache
def get_settings() -> AppSettings:
    env = AppSettings().app_env
    settings_class = by_env[env]
    return settings_class()
`,
      'app/api/orders.py': `from fastapi import APIRouter

router = APIRouter()


@router.get("/orders")
async def list_orders():
    return []
`,
      'app/main.py': `from fastapi import FastAPI

from app.api.orders import router as orders_router
from app.core.config import get_settings


def create_app() -> FastAPI:
    settings = get_settings()
    application = FastAPI(debug=settings.debug)
    application.include_router(orders_router, prefix=settings.api_prefix)
    return application


app = create_app()
`,
    });
    expect(Object.keys(routes)).toEqual(['GET /api/v2/orders']);
  });
});

describe('a router bound to two names', () => {
  it('`users_router = r = APIRouter()`: routes declared on one name are mounted with the prefix and guards given to the other', async () => {
    const routes = await routesOf({
      'requirements.txt': 'fastapi==0.110.0\n',
      'app/core/auth.py': `from fastapi import Depends, HTTPException
from fastapi.security import OAuth2PasswordBearer

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/token")


async def get_current_user(token: str = Depends(oauth2_scheme)):
    if token is None:
        raise HTTPException(status_code=401)
    return token
`,
      'app/routers/wards.py': `from fastapi import APIRouter

wards_router = r = APIRouter()


@r.get("/wards")
async def wards_list():
    return []
`,
      'app/main.py': `from fastapi import Depends, FastAPI

from app.core.auth import get_current_user
from app.routers.wards import wards_router

app = FastAPI()
app.include_router(wards_router, prefix="/api/v1", dependencies=[Depends(get_current_user)])
`,
    });
    expect(routes).toEqual({ 'GET /api/v1/wards': 'required' });
  });
});

describe('Flask blueprint guard', () => {
  it('a before_request hook wrapped in a flask-httpauth login_required guards every route of its blueprint', async () => {
    const routes = await routesOf({
      'requirements.txt': 'flask==3.0.3\nflask-httpauth==4.8.0\n',
      'app/api/__init__.py': `from flask import Blueprint

api = Blueprint("api", __name__)

from . import auth, invoices  # noqa: E402,F401
`,
      'app/api/auth.py': `from flask import g
from flask_httpauth import HTTPTokenAuth

from . import api

token_auth = HTTPTokenAuth(scheme="Bearer")


@token_auth.verify_token
def verify_token(token):
    g.user = lookup_user(token)
    return g.user is not None


@api.before_request
@token_auth.login_required
def require_token():
    pass
`,
      'app/api/invoices.py': `from flask import jsonify

from . import api


@api.route("/invoices/")
def list_invoices():
    return jsonify([])


@api.route("/invoices/<int:id>", methods=["DELETE"])
def delete_invoice(id):
    return "", 204
`,
      'app/public.py': `from flask import Blueprint, jsonify

public = Blueprint("public", __name__)


@public.route("/status")
def status():
    return jsonify({"ok": True})
`,
      'app/__init__.py': `from flask import Flask


def create_app():
    app = Flask(__name__)
    from .api import api as api_blueprint
    from .public import public

    app.register_blueprint(api_blueprint, url_prefix="/api/v1")
    app.register_blueprint(public)
    return app
`,
    });
    expect(routes).toEqual({
      'DELETE /api/v1/invoices/{id}': 'required',
      'GET /api/v1/invoices': 'required',
      'GET /status': 'none',
    });
  });
});

describe('an unresolved prefix', () => {
  it('is an unresolved notice of its own at each include_router call, even two in one file', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'requirements.txt': 'fastapi==0.110.0\n',
        'app/main.py': `import os

from fastapi import APIRouter, FastAPI

app = FastAPI()
orders = APIRouter()
refunds = APIRouter()


@orders.get("/orders")
def list_orders():
    return []


@refunds.post("/refunds")
def create_refund():
    return {}


app.include_router(orders, prefix=os.environ["ORDERS_PREFIX"])
app.include_router(refunds, prefix=read_prefix("refunds"))
`,
      }),
    );
    expect(result.surface.operations.map((o) => [o.method, o.path, o.unresolvedPrefix])).toEqual([
      ['GET', '/orders', 'os.environ["ORDERS_PREFIX"]'],
      ['POST', '/refunds', 'read_prefix(…)'],
    ]);
    expect(
      dedupeNotices(result.notices)
        .filter((n) => n.reason === 'unresolved')
        .map((n) => `${n.file}:${n.line} ${n.detail}`),
    ).toEqual([
      'app/main.py:20 prefix not resolved: os.environ["ORDERS_PREFIX"] (matched as a wildcard prefix)',
      'app/main.py:21 prefix not resolved: read_prefix(…) (matched as a wildcard prefix)',
    ]);
  });
});

describe('FastAPI dependency factories', () => {
  it('follows `a if required else b` to the branch the call picks, and a project subclass of a security class', async () => {
    const routes = await routesOf({
      'requirements.txt': 'fastapi==0.110.0\n',
      'app/deps/auth.py': `from typing import Callable, Optional

from fastapi import Depends, Security
from fastapi.security import APIKeyHeader


class TokenHeader(APIKeyHeader):
    async def __call__(self, request):
        return await super().__call__(request)


def current_user(*, required: bool = True) -> Callable:
    return _current_user if required else _current_user_optional


def _current_user(token: str = Security(TokenHeader(name="Authorization"))):
    return lookup(token)


def _current_user_optional(
    token: Optional[str] = Security(TokenHeader(name="Authorization", auto_error=False)),
):
    return lookup(token) if token else None
`,
      'app/main.py': `from fastapi import Depends, FastAPI

from app.deps.auth import current_user

app = FastAPI()


@app.get("/feed")
async def feed(user=Depends(current_user())):
    return []


@app.get("/articles")
async def articles(user=Depends(current_user(required=False))):
    return []


@app.get("/tags")
async def tags():
    return []
`,
    });
    expect(routes).toEqual({ 'GET /articles': 'optional', 'GET /feed': 'required', 'GET /tags': 'none' });
  });
});

describe("routes registered through the project's own decorator factories", () => {
  it('follows a factory handed the framework decorator, and one returning it', async () => {
    const fastapi = await extractImplementedSurface(
      memoryRepo({
        'requirements.txt': 'fastapi==0.110.0\n',
        'app/docs.py': `def with_docs(method, path, **kwargs):
    def decorator(func):
        return method(path, **kwargs)(func)
    return decorator
`,
        'app/main.py': `from fastapi import FastAPI

from app.docs import with_docs

app = FastAPI()


@with_docs(app.post, "/items", status_code=201)
async def create_item():
    return {}


@with_docs(app.get, "/items/{item_id}")
async def get_item(item_id: int):
    return {}
`,
      }),
    );
    expect(fastapi.declared.map((r) => `${r.method} ${r.path} ${r.file}:${r.line}`)).toEqual([
      'POST /items app/main.py:8',
      'GET /items/{item_id} app/main.py:13',
    ]);
    const flask = await routesOf({
      'requirements.txt': 'flask==3.0.3\n',
      'app.py': `from flask import Flask

app = Flask(__name__)


def post(path):
    return app.route(path, methods=["POST"])


@post("/orders")
def create_order():
    return {}, 201
`,
    });
    expect(flask).toEqual({ 'POST /orders': 'none' });
  });

  it('reads a factory that applies the route and a guard inside (route(bp, path, **kwargs)), from the files that call it', async () => {
    const routes = await routesOf({
      'requirements.txt': 'flask==3.0.3\nflask-login==0.6.3\n',
      'shop/api/__init__.py': `from functools import wraps

from flask import jsonify
from flask_login import login_required


def route(bp, *args, **kwargs):
    def decorator(f):
        @bp.route(*args, **kwargs)
        @login_required
        @wraps(f)
        def wrapper(*args, **kwargs):
            return jsonify(data=f(*args, **kwargs))
        return f
    return decorator
`,
      // Nothing here names Flask's route call: the file is read because it calls the factory.
      'shop/api/orders.py': `from flask import Blueprint

from . import route

bp = Blueprint("orders", __name__, url_prefix="/orders")


@route(bp, "/")
def list_orders():
    return []


@route(bp, "/<order_id>", methods=["DELETE"])
def delete_order(order_id):
    return None, 204
`,
      'shop/public.py': `from flask import Blueprint

public = Blueprint("public", __name__)


@public.route("/health")
def health():
    return "ok"
`,
    });
    expect(routes).toEqual({
      'GET /health': 'none',
      'GET /orders': 'required',
      'DELETE /orders/{order_id}': 'required',
    });
  });

  it('serves the apps of a DispatcherMiddleware under their prefixes, blueprints found by a package scan included', async () => {
    const routes = await routesOf({
      'requirements.txt': 'flask==3.0.3\n',
      'wsgi.py': `from werkzeug.middleware.dispatcher import DispatcherMiddleware

from shop import api, frontend

application = DispatcherMiddleware(frontend.create_app(), {"/api": api.create_app()})
`,
      'shop/factory.py': `import importlib
import pkgutil

from flask import Blueprint, Flask


def create_app(package_name, package_path):
    app = Flask(package_name)
    for _, name, _ in pkgutil.iter_modules(package_path):
        m = importlib.import_module("%s.%s" % (package_name, name))
        for item in dir(m):
            item = getattr(m, item)
            if isinstance(item, Blueprint):
                app.register_blueprint(item)
    return app
`,
      'shop/api/__init__.py': `from .. import factory


def create_app():
    return factory.create_app(__name__, __path__)
`,
      'shop/api/orders.py': `from flask import Blueprint

bp = Blueprint("orders", __name__, url_prefix="/orders")


@bp.route("/<order_id>")
def show(order_id):
    return {}
`,
      'shop/frontend/__init__.py': `from .. import factory


def create_app():
    return factory.create_app(__name__, __path__)
`,
      'shop/frontend/pages.py': `from flask import Blueprint

bp = Blueprint("pages", __name__)


@bp.route("/about")
def about():
    return "<h1>About</h1>"
`,
    });
    expect(routes).toEqual({ 'GET /about': 'none', 'GET /api/orders/{order_id}': 'none' });
  });
});

describe('FastAPI statuses beyond raise', () => {
  it('reads returned responses with a status, and the statuses of decorator dependencies built by a factory', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'requirements.txt': 'fastapi==0.115.0\n',
        'app/auth.py': `from fastapi import HTTPException, Request


def allow_any_authenticated():
    async def auth_checker(request: Request):
        if request.headers.get("remote-user") is None:
            raise HTTPException(status_code=401, detail="Authentication required")
        return

    return auth_checker
`,
        'app/main.py': `from fastapi import APIRouter, Depends, FastAPI
from fastapi.responses import JSONResponse

from app.auth import allow_any_authenticated

router = APIRouter()


@router.get("/previews/{camera}", dependencies=[Depends(allow_any_authenticated())])
def previews(camera: str):
    clips = []
    if not clips:
        return JSONResponse(content={"success": False, "message": "No previews found."}, status_code=404)
    return JSONResponse(content=clips, status_code=200)


app = FastAPI()
app.include_router(router)
`,
      }),
    );
    const op = result.surface.operations.find((o) => o.path === '/previews/{camera}');
    expect(op?.responses.map((r) => `${r.status}:${r.confidence ?? 'certain'}`).sort()).toEqual([
      '200:certain',
      // `Depends(allow_any_authenticated())`: the returned `auth_checker` runs per request and raises 401.
      '401:likely',
      // `return JSONResponse(…, status_code=404)` bypasses the response model: an answer of its own.
      '404:certain',
    ]);
  });
});

describe('FastAPI statuses raised through project exceptions, objects and redirects', () => {
  const files = {
    'requirements.txt': 'fastapi==0.115.0\n',
    'app/errors.py': `class ProxyError(Exception):
    def __init__(self, message: str, status_code: int = 500, hint: str | None = None):
        self.message = message
        self.status_code = status_code


class EngineError(Exception):
    def __init__(self, message: str, code: int):
        self.message = message
        self.code = code
`,
    'app/engine.py': `from app.errors import EngineError


class Engine:
    async def embed(self, texts: list[str]) -> list[list[float]]:
        if len(texts) > 32:
            raise EngineError("batch too large", 413)
        return self._run(texts)

    def _run(self, texts):
        if not texts:
            raise EngineError("nothing to embed", code=400)
        return []


class Limiter:
    def check(self, key: str) -> None:
        raise EngineError("slow down", code=429)
`,
    'app/main.py': `from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse

from app.engine import Engine, Limiter
from app.errors import EngineError, ProxyError

engine = Engine()


def get_limiter() -> Limiter:
    return Limiter()


def engine_error_handler(request: Request, exc: EngineError):
    return JSONResponse(status_code=exc.code, content={"error": exc.message})


def create_app() -> FastAPI:
    app = FastAPI()

    @app.exception_handler(ProxyError)
    async def proxy_error_handler(request: Request, exc: ProxyError) -> JSONResponse:
        return JSONResponse(status_code=exc.status_code, content={"detail": exc.message})

    app.add_exception_handler(EngineError, engine_error_handler)

    @app.get("/")
    async def root():
        return RedirectResponse(url="/docs")

    @app.get("/old")
    async def old():
        return RedirectResponse("/new", status_code=301)

    @app.get("/upstream")
    async def upstream(code: int):
        if code == 1:
            raise ProxyError("bad gateway", status_code=502)
        if code == 2:
            raise ProxyError("failed")
        raise ProxyError("forwarded", status_code=code)

    @app.post("/embeddings")
    async def embeddings(texts: list[str], limiter: Annotated[Limiter, Depends(get_limiter)]):
        limiter.check("embeddings")
        return await engine.embed(texts)

    return app


app = create_app()
`,
  };

  it('answers the status each raise gives an exception whose handler answers with it, and nothing for a forwarded one', async () => {
    const result = await extractImplementedSurface(memoryRepo(files));
    const statuses = (path: string) =>
      result.surface.operations
        .find((o) => o.path === path)
        ?.responses.map((r) => `${r.status}:${r.confidence ?? 'certain'}`)
        .sort();
    // `status_code=502` said at the raise, the `__init__` default (500) where it is not; `status_code=code` is
    // whatever the caller forwards, so no status.
    // FastAPI's own 422 answers a `code` that is not an integer.
    expect(statuses('/upstream')).toEqual(['200:certain', '422:certain', '500:certain', '502:certain']);
    // Methods of a module's instance (`engine.embed`, then `self._run`) and of a dependency typed with its class
    // raise an exception `app.add_exception_handler` answers with its `code`, given positionally or by keyword.
    expect(statuses('/embeddings')).toEqual(['200:certain', '400:likely', '413:likely', '422:certain', '429:likely']);
  });

  it("answers a RedirectResponse's 307 unless it says another status", async () => {
    const result = await extractImplementedSurface(memoryRepo(files));
    const statuses = (path: string) =>
      result.surface.operations.find((o) => o.path === path)?.responses.map((r) => r.status);
    expect(statuses('/')).toContain('307');
    expect(statuses('/old')).toContain('301');
    expect(statuses('/old')).not.toContain('307');
  });
});

describe('flasgger template_file', () => {
  it("joins the template's paths to the docs written in code, merged with the docstrings, at the template's lines", async () => {
    const { localRepo } = await import('../../../src/checkout/index.js');
    const result = await extractImplementedSurface(localRepo('test/fixtures/code/flasgger-template'));
    expect(
      result.codeDocs?.operations.map((o) => ({
        op: `${o.method} ${o.path}`,
        statuses: o.responses.map((r) => r.status),
        at: o.evidence.map((e) => ('file' in e ? `${e.file}:${e.line}` : '')),
      })),
    ).toEqual([
      {
        op: 'GET /colors/{palette}',
        statuses: ['default', '200'],
        at: ['examples/colors_template_yaml.py:18', 'examples/colors_template.yaml:19'],
      },
    ]);
  });

  it('documents a route its handler does not, names what the template documents but the code lacks, and a missing template', async () => {
    const { analyze } = await import('../../../src/analyze/index.js');
    const { defaultConfig } = await import('../../../src/config/index.js');
    const files = {
      'requirements.txt': 'flask==3.0.3\nflasgger==0.9.7.1\n',
      'app/main.py': `from flasgger import Swagger
from flask import Flask, jsonify

app = Flask(__name__)
swagger = Swagger(app, template_file="apispec.yml")
Swagger(app, template_file="missing.yml")


@app.route("/pets/<int:pet_id>")
def get_pet(pet_id):
    return jsonify({"id": pet_id})


@app.route("/owners")
def list_owners():
    return jsonify([])
`,
      'app/apispec.yml': `swagger: "2.0"
info:
  title: Pets
  version: "1"
paths:
  /pets/{pet_id}:
    get:
      responses:
        "200":
          description: a pet
  /pets:
    post:
      responses:
        "201":
          description: created
`,
    };
    const result = await extractImplementedSurface(memoryRepo(files));
    const firstFile = (o: { evidence: { source: string }[] }) => {
      const e = o.evidence[0];
      return e && 'file' in e ? e.file : '';
    };
    expect(result.codeDocs?.operations.map((o) => `${o.method} ${o.path} ${firstFile(o)}`)).toEqual([
      'GET /pets/{pet_id} app/apispec.yml',
      'POST /pets app/apispec.yml',
    ]);
    expect(result.notices).toContainEqual(
      expect.objectContaining({ file: 'app/main.py', line: 6, view: 'documented', reason: 'not-found' }),
    );
    const scan = await analyze({ repo: memoryRepo(files), config: defaultConfig(), docs: [] });
    expect(
      scan.findings
        .filter((f) => f.rule === 'undocumented-operation' || f.rule === 'unimplemented-operation')
        .map((f) => `${f.rule} ${f.operation}`)
        .sort(),
    ).toEqual(['undocumented-operation GET /owners', 'unimplemented-operation POST /pets']);
  });
});

describe("routers of the project's own router classes", () => {
  it('a FastAPI APIRouter subclass (aliased, across modules, from a factory) serves its decorators, add_api_route and mounts; a method forwarding to super() registers, from a file that names no framework', async () => {
    const routes = await routesOf({
      'requirements.txt': 'fastapi==0.110.0\n',
      'app/kit/routing.py': `from fastapi import APIRouter as _APIRouter


class BaseRouter(_APIRouter):
    def public_get(self, path, **kwargs):
        return super().get(path, include_in_schema=True, **kwargs)
`,
      'app/routing.py': `from app.kit import routing

AppRouter = routing.BaseRouter


class VersionedRouter(AppRouter):
    pass


def make_router() -> VersionedRouter:
    return VersionedRouter(prefix="/reports")
`,
      'app/items.py': `from app.routing import VersionedRouter

router = VersionedRouter(prefix="/items")


@router.get("/{item_id}")
async def get_item(item_id: int):
    return {}


async def delete_item(item_id: int):
    return None


router.add_api_route("/{item_id}", delete_item, methods=["DELETE"])
`,
      'app/listing.py': `from app.items import router


@router.public_get("/")
async def list_items():
    return []
`,
      'app/reports.py': `from app.routing import make_router

reports = make_router()


@reports.post("/daily")
async def daily():
    return {}
`,
      'app/main.py': `from fastapi import FastAPI

from app.items import router as items_router
from app.reports import reports

app = FastAPI()
app.include_router(items_router, prefix="/api")
app.include_router(reports, prefix="/api")
`,
    });
    expect(routes).toEqual({
      'GET /api/items/{item_id}': 'none',
      'GET /api/items': 'none',
      'DELETE /api/items/{item_id}': 'none',
      'POST /api/reports/daily': 'none',
    });
  });

  it('a router a factory function makes per call has the prefix each call gives it', async () => {
    const routes = await routesOf({
      'requirements.txt': 'fastapi==0.110.0\n',
      'app/providers.py': `from fastapi import APIRouter


def make_provider_router(provider: str, version: str = "v1") -> APIRouter:
    router = APIRouter(prefix=f"/{version}/{provider}")

    @router.get("/authorize")
    async def authorize():
        return {}

    return router
`,
      'app/main.py': `from fastapi import FastAPI

from app.providers import make_provider_router

app = FastAPI()
app.include_router(make_provider_router("github"), prefix="/auth")
app.include_router(make_provider_router(provider="google", version="v2"), prefix="/auth")
`,
    });
    expect(routes).toEqual({ 'GET /auth/v1/github/authorize': 'none', 'GET /auth/v2/google/authorize': 'none' });
  });

  it('two factories in one module that each bind `router` make two routers', async () => {
    const routes = await routesOf({
      'requirements.txt': 'fastapi==0.110.0\n',
      'app/oauth.py': `from fastapi import APIRouter


def get_login_router(identifier: str, callback_method: str = "GET") -> APIRouter:
    router = APIRouter(prefix=f"/{identifier}")

    @router.api_route("/callback", methods=[callback_method])
    async def callback():
        return {}

    return router


def get_link_router(identifier: str) -> APIRouter:
    router = APIRouter(prefix=f"/{identifier}/link")

    @router.get("/callback")
    async def link_callback():
        return {}

    return router
`,
      'app/main.py': `from fastapi import FastAPI

from app.oauth import get_link_router, get_login_router

app = FastAPI()
app.include_router(get_login_router("github"))
app.include_router(get_link_router("github"))
`,
    });
    expect(routes).toEqual({ 'GET /github/callback': 'none', 'GET /github/link/callback': 'none' });
  });

  it('a Flask Blueprint subclass keeps its url_prefix and is registered like a blueprint; a Flask subclass is the app', async () => {
    const routes = await routesOf({
      'requirements.txt': 'flask==3.0.3\n',
      'web/base.py': `import flask


class ApiBlueprint(flask.Blueprint):
    def __init__(self, name, import_name, **kwargs):
        super().__init__(name, import_name, **kwargs)


class WebApp(flask.Flask):
    pass
`,
      'web/orders.py': `from web.base import ApiBlueprint

bp = ApiBlueprint("orders", __name__, url_prefix="/orders")


@bp.route("/<int:order_id>", methods=["GET", "PUT"])
def order(order_id):
    return {}
`,
      'web/app.py': `from web.base import WebApp
from web.orders import bp

app = WebApp(__name__)
app.register_blueprint(bp, url_prefix="/v2/orders")


@app.route("/ping")
def ping():
    return "pong"
`,
    });
    expect(routes).toEqual({
      'GET /v2/orders/{order_id}': 'none',
      'PUT /v2/orders/{order_id}': 'none',
      'GET /ping': 'none',
    });
  });
});

describe('a route whose method and path come from a factory parameter', () => {
  it('reads an add_api_route written in a project function once per call, with the method each call passes', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'requirements.txt': 'fastapi==0.110.0\n',
        'app/hooks.py': `from fastapi import APIRouter

router = APIRouter(prefix="/hooks")


def make_callback(router, method, path):
    async def callback():
        return {}

    router.add_api_route(path, callback, methods=[method])
`,
        'app/main.py': `from fastapi import FastAPI

from app.hooks import make_callback, router

app = FastAPI()
make_callback(router, "POST", "/stripe")
make_callback(router, "PUT", "/github")


def with_method(path, method="DELETE"):
    return router.api_route(path, methods=[method])


@with_method("/cache")
def clear():
    return {}


app.include_router(router)
`,
      }),
    );
    expect(result.declared.map((r) => `${r.method} ${r.path} ${r.file}:${r.line}`).sort()).toEqual([
      'DELETE /hooks/cache app/main.py:14',
      'POST /hooks/stripe app/main.py:6',
      'PUT /hooks/github app/main.py:7',
    ]);
    // Nothing is left unresolved: every part of the registration came from a call.
    expect(result.surface.operations.every((o) => o.unresolvedPrefix === undefined)).toBe(true);
  });

  it('reads such a helper called in a loop over methods once per method', async () => {
    const routes = await routesOf({
      'requirements.txt': 'fastapi==0.110.0\n',
      'main.py': `from fastapi import APIRouter, FastAPI

app = FastAPI()
router = APIRouter(prefix="/api/v1")


async def customer_profile():
    return {}


def _route(path, endpoint, method, summary):
    router.add_api_route(path, endpoint, methods=[method], summary=summary)


for method in ("GET", "POST", "PUT"):
    _route("/customers/me", customer_profile, method, "profile")

_route("/customers/me/addresses", customer_profile, "DELETE", "addresses")

app.include_router(router)
`,
    });
    expect(Object.keys(routes).sort()).toEqual([
      'DELETE /api/v1/customers/me/addresses',
      'GET /api/v1/customers/me',
      'POST /api/v1/customers/me',
      'PUT /api/v1/customers/me',
    ]);
  });
});

describe('fastapi-users routers and user dependencies', () => {
  const files = {
    'requirements.txt': 'fastapi==0.115.0\nfastapi-users[sqlalchemy]==14.0.1\n',
    'app/users.py': `import uuid

from fastapi_users import FastAPIUsers
from fastapi_users.authentication import AuthenticationBackend, BearerTransport, JWTStrategy

from app.db import User, get_user_manager

bearer_transport = BearerTransport(tokenUrl="auth/jwt/login")


def get_jwt_strategy() -> JWTStrategy:
    return JWTStrategy(secret="SECRET", lifetime_seconds=3600)


auth_backend = AuthenticationBackend(name="jwt", transport=bearer_transport, get_strategy=get_jwt_strategy)

fastapi_users = FastAPIUsers[User, uuid.UUID](get_user_manager, [auth_backend])

current_active_user = fastapi_users.current_user(active=True)
current_superuser = fastapi_users.current_user(active=True, superuser=True)
maybe_user = fastapi_users.current_user(optional=True)
`,
    'app/items.py': `from fastapi import APIRouter, Depends

from app.db import User
from app.users import current_active_user, current_superuser, maybe_user

router = APIRouter(tags=["items"])


@router.get("/")
async def list_items(user: User = Depends(current_active_user)):
    return []


@router.get("/public")
async def public_items(user: User | None = Depends(maybe_user)):
    return []


@router.delete("/{item_id}", dependencies=[Depends(current_superuser)])
async def delete_item(item_id: int):
    return None
`,
    'app/main.py': `from fastapi import FastAPI

from app.items import router as items_router
from app.schemas import UserCreate, UserRead, UserUpdate
from app.users import auth_backend, fastapi_users

AUTH_PREFIX = "/auth"

app = FastAPI()
app.include_router(fastapi_users.get_auth_router(auth_backend), prefix=f"{AUTH_PREFIX}/jwt", tags=["auth"])
app.include_router(fastapi_users.get_register_router(UserRead, UserCreate), prefix=AUTH_PREFIX, tags=["auth"])
app.include_router(fastapi_users.get_reset_password_router(), prefix=AUTH_PREFIX, tags=["auth"])
app.include_router(fastapi_users.get_verify_router(UserRead), prefix=AUTH_PREFIX, tags=["auth"])
app.include_router(fastapi_users.get_users_router(UserRead, UserUpdate), prefix="/users", tags=["users"])
app.include_router(items_router, prefix="/items")
`,
  };

  it("serves each factory's routes under the prefix it is included at, with the library's guards", async () => {
    expect(await routesOf(files)).toEqual({
      'POST /auth/jwt/login': 'none',
      'POST /auth/jwt/logout': 'required',
      'POST /auth/register': 'none',
      'POST /auth/forgot-password': 'none',
      'POST /auth/reset-password': 'none',
      'POST /auth/request-verify-token': 'none',
      'POST /auth/verify': 'none',
      'GET /users/me': 'required',
      'PATCH /users/me': 'required',
      'GET /users/{id}': 'required',
      'PATCH /users/{id}': 'required',
      'DELETE /users/{id}': 'required',
      'GET /items': 'required',
      'GET /items/public': 'optional',
      'DELETE /items/{item_id}': 'required',
    });
  });

  it('places the routes at the include_router line and says which guard the library puts on them', async () => {
    const { surface } = await extractImplementedSurface(memoryRepo(files));
    const me = surface.operations.find((o) => o.method === 'GET' && o.path === '/users/me');
    expect(me?.location).toMatchObject({ file: 'app/main.py', line: 14 });
    expect(me?.auth?.evidence[0]?.what).toContain('get_users_router');
  });

  it('answers 401 where a route depends on current_user(active=True), and 403 too for a superuser', async () => {
    const { surface } = await extractImplementedSurface(memoryRepo(files));
    const statuses = (path: string, method: string) =>
      surface.operations.find((o) => o.method === method && o.path === path)?.responses.map((r) => r.status) ?? [];
    expect(statuses('/items', 'GET')).toEqual(expect.arrayContaining(['401']));
    expect(statuses('/items', 'GET')).not.toContain('403');
    expect(statuses('/items/{item_id}', 'DELETE')).toEqual(expect.arrayContaining(['401', '403']));
    expect(statuses('/items/public', 'GET')).not.toContain('401');
  });

  it("answers what the library's routes answer: register's 201, the superuser routes' 401, 403 and 404", async () => {
    const { surface } = await extractImplementedSurface(memoryRepo(files));
    const statuses = (path: string, method: string) =>
      surface.operations
        .find((o) => o.method === method && o.path === path)
        ?.responses.map((r) => r.status)
        .sort() ?? [];
    expect(statuses('/auth/register', 'POST')).toEqual(['201', '400']);
    expect(statuses('/users/{id}', 'GET')).toEqual(['200', '401', '403', '404']);
    expect(statuses('/users/{id}', 'DELETE')).toEqual(['204', '401', '403', '404']);
  });
});
