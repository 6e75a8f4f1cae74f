import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localRepo } from '../../../src/checkout/index.js';
import { type AnalysisSwitches, extractImplementedSurface } from '../../../src/sources/code/index.js';
import type { RepoFiles } from '../../../src/sources/repo/index.js';
import { memoryRepo } from '../../../src/sources/repo/index.js';

/** Everything the implemented view says of each operation, in a stable order. */
async function view(repo: RepoFiles, analysis: Partial<AnalysisSwitches> = {}): Promise<string[]> {
  const result = await extractImplementedSurface(repo, { analysis });
  return result.surface.operations
    .map((op) => {
      const ev = op.evidence.find((e) => e.source === 'implemented');
      const where = ev?.source === 'implemented' ? `${ev.file}:${ev.line}` : '';
      return JSON.stringify([op.method, op.path, where, op.auth, op.parameters, op.requestBody, op.responses]);
    })
    .sort();
}

const REAL_APPS = ['test/fixtures/real-apps', 'test/fixtures/real-apps-former-holdout'].flatMap((root) =>
  readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(root, d.name)),
);

describe('the parse prefilter', () => {
  it.each(REAL_APPS)('changes nothing of the view of %s', async (dir) => {
    const without = await view(localRepo(dir), { prefilter: false });
    expect(without.length).toBeGreaterThan(0);
    expect(await view(localRepo(dir))).toEqual(without);
  });

  it('follows a router into a file that names no framework and declares no route', async () => {
    const repo = memoryRepo({
      'package.json': JSON.stringify({ dependencies: { express: '4' } }),
      'src/app.js':
        "const express = require('express');\nconst setup = require('./setup');\nconst app = express();\nconst api = express.Router();\napp.use('/api', api);\nsetup(api);\n",
      // Hands the router on without a route idiom of its own: found only by following the router.
      'src/setup.js': "const users = require('./users');\nmodule.exports = function setup(app) {\n  users(app);\n};\n",
      'src/users.js': "module.exports = (app) => {\n  app.get('/users', (req, res) => res.json([]));\n};\n",
    });
    const found = await view(repo);
    expect(found.map((f) => JSON.parse(f).slice(0, 3))).toEqual([['GET', '/api/users', 'src/users.js:2']]);
    expect(found).toEqual(await view(repo, { prefilter: false }));
  });

  it('turns auth and the wire model off only when asked', async () => {
    const repo = localRepo('test/fixtures/real-apps/fastapi-full-stack');
    const full = await extractImplementedSurface(repo);
    expect(full.surface.operations.every((op) => op.auth !== undefined)).toBe(true);
    expect(full.surface.operations.some((op) => op.responses.length > 0)).toBe(true);
    const bare = await extractImplementedSurface(repo, { analysis: { auth: false, wire: false } });
    expect(bare.surface.operations.map((op) => `${op.method} ${op.path}`)).toEqual(
      full.surface.operations.map((op) => `${op.method} ${op.path}`),
    );
    expect(bare.surface.operations.every((op) => op.auth === undefined)).toBe(true);
    expect(bare.surface.operations.every((op) => op.responses.length === 0)).toBe(true);
  });
  it('reads a route factory that returns the framework decorator from where it is applied, and a dictionary read is no route idiom', async () => {
    const repo = memoryRepo({
      'requirements.txt': 'flask==3.0.3\n',
      'app/__init__.py': 'from flask import Flask\n\napp = Flask(__name__)\n',
      // Shows only a returned registration: the factory, applied in a route file.
      'app/routing.py': `from app import app


def post(path):
    return app.route(path, methods=["POST"])
`,
      // Shows only a returned \`.get(\`, a dictionary read; its function is applied as a decorator in no file.
      'app/labels.py': `LABELS = {"a": "A"}


def label(key):
    return LABELS.get(key)
`,
      'app/views.py': `from app import app
from app.labels import label


@app.route("/")
def index():
    return label("a")
`,
      // Names no framework and shows no route idiom: found as a caller of the factory.
      'app/orders.py': `from app.routing import post


@post("/orders")
def create_order():
    return {}, 201
`,
    });
    const found = await view(repo);
    expect(found.map((f) => JSON.parse(f).slice(0, 3))).toEqual([
      ['GET', '/', 'app/views.py:5'],
      ['POST', '/orders', 'app/orders.py:4'],
    ]);
    expect(found).toEqual(await view(repo, { prefilter: false }));
  });
});
