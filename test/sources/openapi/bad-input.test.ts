import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localRepo } from '../../../src/checkout/index.js';
import { readDocumentedSurfaces, readOpenApi } from '../../../src/sources/openapi/index.js';
import { memoryRepo } from '../../../src/sources/repo/index.js';
import { FIXTURES } from './helpers.js';

const fixtures = localRepo(FIXTURES);

describe('bad input gets a clear error naming the file, line and column', () => {
  it('invalid YAML', async () => {
    const result = await readOpenApi(fixtures, 'bad/invalid.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({
      code: 'invalid-yaml',
      file: 'bad/invalid.yaml',
      line: expect.any(Number),
      column: expect.any(Number),
    });
    expect(result.error.message).toMatch(/^bad\/invalid\.yaml:\d+:\d+: invalid YAML: /);
  });

  it('invalid JSON', async () => {
    const result = await readOpenApi(fixtures, 'bad/invalid.json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: 'invalid-json', file: 'bad/invalid.json', line: 8 });
    expect(result.error.message).toMatch(/^bad\/invalid\.json:8:\d+: invalid JSON: /);
  });

  it('a billion-laughs file fails fast instead of expanding', async () => {
    const result = await readOpenApi(fixtures, 'bad/alias-bomb.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('alias-expansion');
    expect(result.error.message).toContain('YAML aliases expand to more than');
  });

  it('a file over the size limit is refused with the limit in the message', async () => {
    const result = await readOpenApi(fixtures, 'versions/pharmacy-3.0.yaml', { maxFileBytes: 1024 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('too-large');
    expect(result.error.message).toMatch(/over the 1 KB limit/);
  });

  it('a file that is not an OpenAPI document says so', async () => {
    const repo = memoryRepo({ 'openapi.yaml': 'name: my-chart\nversion: 1.2.3\n' });
    const result = await readOpenApi(repo, 'openapi.yaml');
    expect(result).toMatchObject({ ok: false, error: { code: 'not-openapi' } });
  });

  it('one broken spec does not stop the others from being read', async () => {
    const repo = memoryRepo({
      'openapi/billing.yaml': 'openapi: 3.0.3\ninfo: {title: Billing, version: "1"}\npaths:\n  /x: [\n',
      'openapi/claims.yaml':
        'openapi: 3.0.3\ninfo: {title: Claims, version: "1"}\npaths:\n  /claims:\n    get:\n      responses:\n        "200": {description: ok}\n',
    });
    const { specs } = await readDocumentedSurfaces(repo);
    expect(specs.map((s) => [s.file, s.ok])).toEqual([
      ['openapi/billing.yaml', false],
      ['openapi/claims.yaml', true],
    ]);
  });
});

describe('untrusted refs', () => {
  beforeAll(() => {
    nock.disableNetConnect();
  });
  afterAll(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('never fetches a remote $ref and reports it with file and line', async () => {
    const remote = nock('https://schemas.example.com').get(/.*/).reply(200, { type: 'object' });
    const result = await readOpenApi(fixtures, 'bad/remote-ref.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(remote.isDone()).toBe(false);
    expect(nock.pendingMocks()).toHaveLength(1);
    expect(result.surface.diagnostics).toEqual([
      expect.objectContaining({
        code: 'remote-ref',
        file: 'bad/remote-ref.yaml',
        line: 20,
        message: expect.stringContaining('never fetched'),
      }),
    ]);
    expect(result.surface.operations).toHaveLength(1);
  });

  it('refuses refs that leave the repository root, by path, absolute path or URL scheme', async () => {
    const result = await readOpenApi(fixtures, 'bad/escaping-refs.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const codes = result.surface.diagnostics.map((d) => [d.code, d.line]);
    expect(codes).toEqual([
      ['ref-escapes-root', 14],
      ['ref-escapes-root', 23],
      ['ref-escapes-root', 32],
    ]);
    expect(result.surface.diagnostics[0]?.message).toContain('leaves the repository root');
  });

  it('refuses a symlink that points outside the checkout', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'specwatch-outside-'));
    writeFileSync(join(outside, 'secret.yaml'), 'type: object\nproperties:\n  password: {type: string}\n');
    const root = mkdtempSync(join(tmpdir(), 'specwatch-repo-'));
    mkdirSync(join(root, 'schemas'));
    symlinkSync(join(outside, 'secret.yaml'), join(root, 'schemas', 'user.yaml'));
    writeFileSync(
      join(root, 'openapi.yaml'),
      'openapi: 3.0.3\ninfo: {title: Users, version: "1"}\npaths:\n  /users:\n    get:\n      responses:\n        "200":\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: schemas/user.yaml\n',
    );
    const result = await readOpenApi(localRepo(root), 'openapi.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.surface.diagnostics).toEqual([expect.objectContaining({ code: 'ref-escapes-root', line: 12 })]);
    expect(JSON.stringify(result.surface)).not.toContain('password');
  });
});
