import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localRepo } from '../../../src/checkout/index.js';
import {
  discoverSpecs,
  hasDepthOneJsonKey,
  hasTopLevelSpecKey,
  readDocumentedSurfaces,
  scanTopLevelKeys,
} from '../../../src/sources/openapi/index.js';
import { memoryRepo } from '../../../src/sources/repo/index.js';

const spec = (title: string) => `openapi: 3.0.3\ninfo:\n  title: ${title}\n  version: "1"\npaths: {}\n`;

describe('discoverSpecs', () => {
  it('finds specs whatever their name and folder, skipping dependencies, vendored code and test fixtures', async () => {
    const repo = memoryRepo({
      'openapi.yaml': spec('Root'),
      'services/billing/swagger.json':
        '{\n  "swagger": "2.0",\n  "info": {"title": "Billing", "version": "1"},\n  "paths": {}\n}\n',
      'docs/api/claims.yml': spec('Claims'),
      'api/DigitalOcean-public.v2.yaml': spec('Unconventional name'),
      'openapi/paths/patients.yaml': 'get:\n  responses:\n    "200": {description: ok}\n',
      'node_modules/some-lib/openapi.yaml': spec('Dependency'),
      'vendor/github.com/x/openapi.yaml': spec('Vendored'),
      'test/fixtures/openapi.yaml': spec('Fixture'),
      'config/app.yaml': 'port: 8080\n',
      'package.json': '{"name": "x"}',
    });
    const { specs, notices, looked } = await discoverSpecs(repo);
    expect(specs).toEqual([
      'api/DigitalOcean-public.v2.yaml',
      'docs/api/claims.yml',
      'openapi.yaml',
      'services/billing/swagger.json',
    ]);
    expect(looked).toBe(6);
    expect(notices.map((n) => [n.file, n.reason])).toEqual([
      ['config/app.yaml', 'not-openapi'],
      ['openapi/paths/patients.yaml', 'not-openapi'],
    ]);
  });

  it('finds the key where sorted keys put it: last in YAML, not first in minified JSON, after a comment header', async () => {
    const sortedYaml = `components:\n  schemas:\n    A:\n      type: object\ninfo:\n  title: Sorted\n  version: "1"\nopenapi: 3.0.0\npaths: {}\n`;
    const minified =
      '{"components":{"schemas":{"openapi":{"type":"string"}}},"info":{"title":"x","version":"1"},"openapi":"3.1.0","paths":{}}';
    const header = `${'# generated, do not edit\n'.repeat(400)}swagger: "2.0"\ninfo: {title: x, version: "1"}\npaths: {}\n`;
    const repo = memoryRepo({ 'a.yaml': sortedYaml, 'b.json': minified, 'c.yml': header });
    expect((await discoverSpecs(repo)).specs).toEqual(['a.yaml', 'b.json', 'c.yml']);
  });

  it('reports files over the size limit and binary files with the reason', async () => {
    const repo = memoryRepo({
      'openapi.yaml': spec('Big') + `x-padding: "${'a'.repeat(4000)}"\n`,
      'blob.json': `{"a":"\u0000\u0001"}`,
    });
    const { specs, notices } = await discoverSpecs(repo, { maxFileBytes: 1024 });
    expect(specs).toEqual([]);
    expect(notices.map((n) => [n.file, n.reason])).toEqual([
      ['blob.json', 'binary'],
      ['openapi.yaml', 'oversized'],
    ]);
    expect(notices[1]?.detail).toMatch(/1024-byte file limit/);
  });

  it('keeps split files reached through $ref out of the entries and out of the notices', async () => {
    const repo = memoryRepo({
      'api/main.yaml': `openapi: 3.0.3\ninfo: {title: x, version: "1"}\npaths:\n  /a:\n    $ref: ./paths/a.yaml\n  /b:\n    $ref: ./b.yaml\n`,
      'api/paths/a.yaml': 'get:\n  responses:\n    "200": {description: ok}\n',
      // A split file that is itself a whole document (some generators write these) stays a part of main.yaml.
      'api/b.yaml': `openapi: 3.0.3\ninfo: {title: b, version: "1"}\npaths: {}\nget:\n  responses:\n    "200": {description: ok}\n`,
      'notes.yaml': 'title: release notes\n',
    });
    const read = await readDocumentedSurfaces(repo);
    expect(read.specs.map((s) => s.file)).toEqual(['api/main.yaml']);
    expect(read.notices.map((n) => n.file)).toEqual(['notes.yaml']);
  });
});

describe('discovery on disk', () => {
  it('rules a big data file out on its head and still finds a sorted spec whose openapi key is megabytes in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-discover-'));
    try {
      const schemas = Array.from({ length: 40_000 }, (_, i) => `    S${i}:\n      type: object\n`).join('');
      writeFileSync(
        join(dir, 'api.yaml'),
        `components:\n  schemas:\n${schemas}info:\n  title: Sorted\n  version: "1"\nopenapi: 3.0.0\npaths: {}\n`,
      );
      // 3 MB of catalogue whose last key would look like a spec to a scan of every top-level key.
      const catalogue = Array.from({ length: 60_000 }, (_, i) => `"k${i}": "some translated text ${i}"`).join(',\n');
      writeFileSync(join(dir, 'strings.json'), `{\n${catalogue},\n"openapi": "not really"\n}\n`);
      writeFileSync(join(dir, 'deploy.yaml'), `apiVersion: apps/v1\nkind: Deployment\n---\nopenapi: 3.0.0\n`);
      const { specs, notices } = await discoverSpecs(localRepo(dir));
      expect(specs).toEqual(['api.yaml']);
      expect(notices.map((n) => [n.file, n.reason, n.detail])).toEqual([
        [
          'deploy.yaml',
          'not-openapi',
          'top-level key "apiVersion" is not an OpenAPI field, and no openapi or swagger key comes before it',
        ],
        [
          'strings.json',
          'not-openapi',
          'top-level key "k0" is not an OpenAPI field, and no openapi or swagger key comes before it',
        ],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('top-level key scan', () => {
  it('decides on the first key OpenAPI does not define, and says when a head of the file is not enough', () => {
    expect(scanTopLevelKeys('apiVersion: v1\nopenapi: 3.0.0\n')).toEqual({
      verdict: 'not-spec',
      foreignKey: 'apiVersion',
    });
    expect(scanTopLevelKeys('- a\n- b\n')).toEqual({ verdict: 'not-spec', foreignKey: '-' });
    expect(scanTopLevelKeys('%YAML 1.2\n---\nx-generator: y\n# note\nswagger: "2.0"\n')).toEqual({ verdict: 'spec' });
    expect(scanTopLevelKeys('components:\n  schemas: {}\ninfo:\n  title: x\n', false)).toEqual({
      verdict: 'undecided',
    });
    expect(scanTopLevelKeys('components:\n  schemas: {}\ninfo:\n  title: x\n')).toEqual({ verdict: 'not-spec' });
    // A head cut inside a key waits for the rest; cut after the colon, the key is whole.
    expect(scanTopLevelKeys('info:\n  title: x\nopena', false)).toEqual({ verdict: 'undecided' });
    expect(scanTopLevelKeys('info:\n  title: x\nkind: Dep', false)).toEqual({
      verdict: 'not-spec',
      foreignKey: 'kind',
    });
    expect(scanTopLevelKeys('{"components":{"schemas":{"openapi":{}}},"info":{"ti', false)).toEqual({
      verdict: 'undecided',
    });
    expect(scanTopLevelKeys('[{"openapi":"3.0.0"}]')).toEqual({ verdict: 'not-spec' });
  });

  it('reads only depth-1 JSON keys, strings with escapes included', () => {
    expect(hasDepthOneJsonKey('{"info":{"openapi":"3"},"paths":{}}')).toBe(false);
    expect(hasDepthOneJsonKey('{"x-note":"a\\"openapi\\":","swagger":"2.0"}')).toBe(true);
    expect(hasDepthOneJsonKey('{"x":["openapi"],"y":1}')).toBe(false);
    expect(hasDepthOneJsonKey('{"x":"openapi","y":1}')).toBe(false);
    expect(hasDepthOneJsonKey('{"\\u006fpenapi":"3.0.0"}')).toBe(true);
  });
  it('takes YAML keys at column 0 only', () => {
    expect(hasTopLevelSpecKey('info:\n  openapi: 3\n')).toBe(false);
    expect(hasTopLevelSpecKey('info:\n  x: 1\n"openapi": 3.0.0\n')).toBe(true);
    expect(hasTopLevelSpecKey('description: |\n  openapi: 3\n')).toBe(false);
  });
});
