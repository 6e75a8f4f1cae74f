import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractImplementedSurface } from '../../../src/sources/code/index.js';
import { memoryRepo } from '../../../src/sources/repo/index.js';
import { runSpecwatch } from '../../cli/run-cli.js';

const run = (argv: string[]) => runSpecwatch(argv);

describe('specwatch routes', () => {
  it('prints the implemented view as the JSON contract says', async () => {
    const { code, stdout } = await run(['routes', 'test/fixtures/code/koa', '--format', 'json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { operations: Record<string, unknown>[]; unparsed: unknown[] };
    expect(out.unparsed).toEqual([]);
    expect(out.operations).toContainEqual(
      expect.objectContaining({
        method: 'GET',
        path: '/api/books/{bookId}/reviews',
        file: 'src/routes/reviews.ts',
        line: 4,
        framework: 'koa',
      }),
    );
  });

  it('applies --base-path to every path', async () => {
    const { stdout } = await run(['routes', 'test/fixtures/code/hono', '--format', 'json', '--base-path', '/svc']);
    const paths = (JSON.parse(stdout) as { operations: { path: string }[] }).operations.map((o) => o.path);
    expect(paths).toContain('/svc/api/books/{id}');
  });

  it('lists routes as text and explains itself with --help', async () => {
    const text = await run(['routes', 'test/fixtures/code/nestjs']);
    expect(text.stdout).toMatch(
      /^GET\s+\/api\/v1\/admin\/reports\s+src\/admin\/reports\.controller\.ts:5\s+nestjs\s+auth: none$/m,
    );
    const help = await run(['routes', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--format');
  });

  it('lists every declared route: one OpenAPI folds into another operation keeps its own path, line and auth', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'specwatch-routes-'));
    const files: Record<string, string> = {
      'requirements.txt': 'flask==3.0.3\nflask-httpauth==4.8.0\n',
      'app.py': `from flask import Flask, jsonify
from flask_httpauth import HTTPTokenAuth

app = Flask(__name__)
token_auth = HTTPTokenAuth(scheme="Bearer")


@app.route("/users/<int:id>")
@token_auth.login_required
def get_user(id):
    return jsonify({"id": id})


@app.route("/users/<username>")
def get_user_by_username(username):
    return jsonify({"username": username})
`,
    };
    try {
      for (const [file, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        writeFileSync(join(dir, file), text);
      }
      const json = await run(['routes', dir, '--format', 'json']);
      const out = JSON.parse(json.stdout) as {
        operations: { method: string; path: string; line: number; auth?: { state: string }; mergedInto?: string }[];
        notices: { file: string; line?: number; reason: string }[];
      };
      expect(out.operations.map((o) => [o.method, o.path, o.line, o.auth?.state, o.mergedInto])).toEqual([
        ['GET', '/users/{id}', 8, 'required', undefined],
        ['GET', '/users/{username}', 14, 'none', 'GET /users/{id}'],
      ]);
      // The drift view still holds one operation, and says so.
      expect(out.notices).toEqual([expect.objectContaining({ file: 'app.py', line: 14, reason: 'merged' })]);
      const text = await run(['routes', dir]);
      expect(text.stdout).toMatch(
        /^GET\s+\/users\/\{username\}\s+app\.py:14\s+flask\s+auth: none {2}\(merged into GET \/users\/\{id\}\)$/m,
      );
      expect(text.stderr).toContain('2 routes (flask), 1 merged into another operation');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a folder that does not exist', async () => {
    const { code, stderr } = await run(['routes', 'test/fixtures/code/no-such-app']);
    expect(code).toBe(2);
    expect(stderr).toContain('not a folder');
  });
});

describe('dependency manifests not read', () => {
  it('names a package.json that is not JSON, so a view without its framework does not read as an API without routes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'specwatch-manifest-'));
    try {
      writeFileSync(join(dir, 'package.json'), '{\n  "dependencies": { "express": "^4.19.2" },\n}\n');
      mkdirSync(join(dir, 'src'));
      writeFileSync(
        join(dir, 'src/app.js'),
        "const app = require('express')();\napp.get('/health', (req, res) => res.json({ ok: true }));\n",
      );
      const { code, stdout, stderr } = await run(['routes', dir, '--format', 'json']);
      expect(code).toBe(0);
      const out = JSON.parse(stdout) as { notices: { file: string; reason: string; detail: string }[] };
      expect(out.notices).toContainEqual(
        expect.objectContaining({
          file: 'package.json',
          reason: 'unparsable',
          detail: expect.stringContaining('dependency manifest not read (not JSON'),
        }),
      );
      expect(stderr).toContain('package.json');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names a manifest over the size read of one', async () => {
    const big = JSON.stringify({ dependencies: { express: '^4.19.2' }, description: 'x'.repeat(2 * 1024 * 1024) });
    const result = await extractImplementedSurface(memoryRepo({ 'package.json': big }));
    expect(result.notices).toContainEqual(
      expect.objectContaining({ file: 'package.json', reason: 'oversized', view: 'implemented' }),
    );
  });
});

describe('generated spec', () => {
  it('reads the spec the build writes as the implemented view', async () => {
    const repo = memoryRepo({
      'build/openapi.json': JSON.stringify({
        openapi: '3.0.3',
        info: { title: 'x', version: '1' },
        paths: { '/pets/{petId}': { get: { responses: { '200': { description: 'ok' } } } } },
      }),
    });
    const result = await extractImplementedSurface(repo, { generatedSpec: 'build/openapi.json' });
    expect(result.frameworks).toEqual(['generated']);
    expect(result.surface.source).toBe('implemented');
    expect(result.surface.operations.map((o) => `${o.method} ${o.path}`)).toEqual(['GET /pets/{petId}']);
    expect(result.surface.operations[0]?.evidence[0]).toMatchObject({
      source: 'implemented',
      framework: 'generated',
      file: 'build/openapi.json',
    });
  });

  it('reports a generated spec that cannot be read', async () => {
    const result = await extractImplementedSurface(memoryRepo({}), { generatedSpec: 'build/openapi.json' });
    expect(result.surface.operations).toEqual([]);
    expect(result.unparsed[0]?.file).toBe('build/openapi.json');
  });
});
