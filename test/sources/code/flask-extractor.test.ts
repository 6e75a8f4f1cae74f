import { describe, expect, it } from 'vitest';
import { extractImplementedSurface } from '../../../src/sources/code/index.js';
import { flaskExtractor } from '../../../src/sources/code/python/flask-extractor.js';
import { memoryRepo } from '../../../src/sources/repo/index.js';
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

  it("lists flasgger's UI, spec and static routes and flask-swagger-ui's blueprint as left out, at the line that mounts them", async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'requirements.txt': 'flask==3.0.3\nflasgger==0.9.7.1\nflask-swagger-ui==4.11.1\n',
        'app/swagger.py': `swagger_config = {
    "headers": [],
    "specs": [
        {
            "endpoint": "apispec",
            "route": "/apispec.json",
            "rule_filter": lambda rule: True,
        }
    ],
    "static_url_path": "/flasgger_static",
    "swagger_ui": True,
    "specs_route": "/",
}
`,
        'app/__init__.py': `from flask import Flask, jsonify
from flasgger import Swagger
from flask_swagger_ui import get_swaggerui_blueprint

from app.swagger import swagger_config

DOCS_URL = "/docs/v2"


def create_app():
    app = Flask(__name__)
    Swagger(app, config=swagger_config)
    app.register_blueprint(get_swaggerui_blueprint(DOCS_URL, "/static/openapi.yaml"), url_prefix=DOCS_URL)

    @app.get("/items")
    def items():
        return jsonify([])

    return app
`,
        'other/legacy.py': `from flasgger import Swagger

swag = Swagger(template={"info": {"title": "never mounted"}})
`,
      }),
    );
    expect(result.surface.operations.map((o) => `${o.method} ${o.path}`)).toEqual(['GET /items']);
    expect(result.leftOut.map((l) => `${l.method} ${l.path} ${l.file}:${l.line} ${l.reason}`)).toEqual([
      'GET / app/__init__.py:12 machinery: flasgger Swagger UI',
      'GET /oauth2-redirect.html app/__init__.py:12 machinery: flasgger Swagger UI OAuth redirect',
      'GET /apidocs/index.html app/__init__.py:12 machinery: flasgger Swagger UI (redirect)',
      'GET /flasgger_static/{filename} app/__init__.py:12 machinery: flasgger Swagger UI static files',
      'GET /apispec.json app/__init__.py:12 machinery: flasgger spec',
      'GET /docs/v2/{path} app/__init__.py:13 machinery: Swagger UI (flask-swagger-ui)',
    ]);
  });
});

describe('Flask statuses from lookups and helpers', () => {
  it('answers the 404 of get_or_404 and first_or_404, and what the helpers and methods a view calls abort with', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'requirements.txt': 'flask==3.0.3\nflask-sqlalchemy==3.1.1\n',
        'app/models.py': `from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class Post(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String)
    locked = db.Column(db.Boolean)
`,
        'app/__init__.py': `from flask import Flask, abort, jsonify

from app.models import Post, db

app = Flask(__name__)


def get_post_or_abort(post_id):
    post = db.session.get(Post, post_id)
    if post is None:
        abort(404)
    if post.locked:
        abort(403, "locked")
    return post


class Quota:
    def check(self, n):
        if n > 10:
            abort(429)


quota = Quota()


@app.route("/posts/<int:post_id>")
def show(post_id):
    post = get_post_or_abort(post_id)
    return jsonify({"id": post.id})


@app.route("/items/<int:item_id>")
def item(item_id):
    post = Post.query.get_or_404(item_id)
    return jsonify({"id": post.id})


@app.route("/first/<name>")
def first(name):
    post = db.first_or_404(db.select(Post).filter_by(name=name))
    quota.check(3)
    return jsonify({"id": post.id})
`,
      }),
    );
    const statuses = (path: string) =>
      result.surface.operations
        .find((o) => o.path === path)
        ?.responses.map((r) => `${r.status}:${r.confidence ?? 'certain'}`)
        .sort();
    expect(statuses('/posts/{post_id}')).toEqual(['200:certain', '403:likely', '404:likely']);
    expect(statuses('/items/{item_id}')).toEqual(['200:certain', '404:certain']);
    expect(statuses('/first/{name}')).toEqual(['200:certain', '404:certain', '429:likely']);
  });
});

describe('flasgger docs that cannot be read', () => {
  it('names a docstring whose YAML does not parse and a swag_from file not in the checkout, per route', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'requirements.txt': 'flask==3.0.3\nflasgger==0.9.7.1\n',
        'app.py': `from flask import Flask, jsonify
from flasgger import Swagger, swag_from

app = Flask(__name__)
Swagger(app)


@app.get("/items")
def items():
    """List items.
    ---
    responses:
      200:
        description: [the items
    """
    return jsonify([])


@app.get("/users")
@swag_from("docs/users.yml")
def users():
    return jsonify([])
`,
      }),
    );
    const said = result.notices
      .filter((n) => n.view === 'documented')
      .map((n) => `${n.reason} ${n.file}:${n.line ?? '-'} ${n.detail.replace(/does not parse: .*/, 'does not parse')}`);
    expect(said).toEqual([
      'unparsable app.py:10 GET /items: flasgger YAML does not parse',
      'not-found app.py:20 GET /users: flasgger file docs/users.yml is not in the checkout beside app.py: not read',
    ]);
  });

  it('reads a swag_from file as flasgger does: a free-text summary first, the YAML after its --- line', async () => {
    // flasgger's own example app documents this file shape (username_specs.yml): the lines before `---` are the
    // summary and description, not YAML.
    const result = await extractImplementedSurface(
      memoryRepo({
        'requirements.txt': 'flask==3.0.3\nflasgger==0.9.7.1\n',
        'app.py': `from flask import Flask, jsonify
from flasgger import Swagger, swag_from

app = Flask(__name__)
Swagger(app)


@app.get("/users/<username>")
@swag_from("username_specs.yml")
def user(username):
    return jsonify({})
`,
        'username_specs.yml': `This is the summary: it is not YAML, and the description follows.
All lines until the hyphens are the description.
---
tags:
  - users
responses:
  200:
    description: A single user item
  404:
    description: No such user
`,
      }),
    );
    expect(result.notices.filter((n) => n.view === 'documented')).toEqual([]);
    expect(result.codeDocs?.operations.map((o) => `${o.method} ${o.path} ${o.responses.map((r) => r.status)}`)).toEqual(
      ['GET /users/{username} 200,404'],
    );
  });
});
