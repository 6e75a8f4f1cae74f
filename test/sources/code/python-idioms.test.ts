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
