import { gzipSync } from 'node:zlib';
import nock from 'nock';
import { pack } from 'tar-stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.js';
import { defaultConfig } from '../../src/config/index.js';
import { type GitHub, readRepoAt } from '../../src/github/index.js';
import { blobSha, isolateNetwork, testGitHub } from './helpers.js';

const ref = { owner: 'acme', repo: 'big-api' };
const R = '/repos/acme/big-api';
const ROOT = 'acme-big-api-abc1234';

type TarEntry = { name: string; content?: string; type?: 'file' | 'symlink' | 'directory'; linkname?: string };

/** A commit tarball as GitHub's codeload serves it: gzipped, every entry under one top folder. */
async function tarball(entries: TarEntry[]): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of archive) chunks.push(chunk as Buffer);
  })();
  archive.entry({ name: `${ROOT}/`, type: 'directory' });
  for (const e of entries) {
    if (e.type === 'symlink') archive.entry({ name: e.name, type: 'symlink', linkname: e.linkname ?? '' });
    else archive.entry({ name: e.name, type: e.type ?? 'file' }, e.content ?? '');
  }
  archive.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

const spec = `openapi: 3.0.3
info: {title: Big, version: "1"}
paths:
  /things:
    $ref: ./paths/things.yaml
`;
const things = 'get:\n  responses:\n    "200": {description: ok}\n';

describe('reading a big or truncated tree through the commit tarball', () => {
  let gh: GitHub;
  isolateNetwork();
  beforeEach(async () => {
    gh = await testGitHub();
  });

  it('reads a truncated tree whole from the tarball, following the redirect, with no blob request', async () => {
    const files: Record<string, string> = { 'api/main.yaml': spec, 'api/paths/things.yaml': things };
    for (let i = 0; i < 50; i++) files[`data/row-${i}.json`] = `{"row": ${i}}`;
    const body = await tarball([
      ...Object.entries(files).map(([path, content]) => ({ name: `${ROOT}/${path}`, content })),
      { name: `${ROOT}/api/link-in.yaml`, type: 'symlink', linkname: 'paths/things.yaml' },
      { name: `${ROOT}/api/link-out.yaml`, type: 'symlink', linkname: '../../../etc/passwd' },
      { name: `${ROOT}/../escape.yaml`, content: 'x: 1\n' },
      { name: 'elsewhere/evil.yaml', content: 'x: 1\n' },
    ]);
    // GitHub cut the listing: only the first file is named.
    nock('https://api.github.com')
      .get(`${R}/git/trees/abc`)
      .query({ recursive: 'true' })
      .reply(200, {
        tree: [{ path: 'api/main.yaml', type: 'blob', sha: blobSha(spec), size: spec.length }],
        truncated: true,
      })
      .get(`${R}/tarball/abc`)
      .reply(302, '', { location: 'https://codeload.github.com/acme/big-api/legacy.tar.gz/abc' });
    nock('https://codeload.github.com').get('/acme/big-api/legacy.tar.gz/abc').reply(200, body);

    const repo = await readRepoAt({ gh, ref, sha: 'abc' });
    expect(repo.truncated).toBe(true);
    expect(repo.via).toBe('tarball');
    const listed = await repo.list();
    expect(listed).toHaveLength(53);
    expect(listed).toContain('data/row-49.json');
    expect(await repo.read('api/link-in.yaml')).toBe(things);
    expect(listed).not.toContain('api/link-out.yaml');
    expect(listed.some((p) => p.includes('escape') || p.includes('evil'))).toBe(false);
    expect(repo.notices.map((n) => [n.file, n.reason])).toEqual([
      ['acme-big-api-abc1234/../escape.yaml', 'rejected'],
      ['elsewhere/evil.yaml', 'rejected'],
      ['api/link-out.yaml', 'rejected'],
    ]);
    expect(repo.stats().files).toBe(0);

    const result = await analyze({ repo, config: defaultConfig() });
    expect(result.specs.map((s) => s.file)).toEqual(['api/main.yaml']);
    expect(result.inventory.operations.map((op) => `${op.method} ${op.path}`)).toEqual(['GET /things']);
    expect(result.notices.filter((n) => n.view === 'checkout')).toHaveLength(3);
  });

  it('prefers the tarball to one blob request per file on a big tree', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`f${i}.json`] = `{"i": ${i}}`;
    const body = await tarball(Object.entries(files).map(([path, content]) => ({ name: `${ROOT}/${path}`, content })));
    nock('https://api.github.com')
      .get(`${R}/git/trees/abc`)
      .query({ recursive: 'true' })
      .reply(200, {
        tree: Object.entries(files).map(([path, c]) => ({ path, type: 'blob', sha: blobSha(c), size: c.length })),
        truncated: false,
      })
      .get(`${R}/tarball/abc`)
      .reply(200, body, { 'content-type': 'application/x-gzip' });
    const repo = await readRepoAt({ gh, ref, sha: 'abc', limits: { tarballAbove: 10 } });
    expect(repo.via).toBe('tarball');
    for (const [path, content] of Object.entries(files)) expect(await repo.read(path)).toBe(content);
    expect(repo.stats().files).toBe(0);
  });

  it('falls back to blobs, and says so, when the tarball cannot be read', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 3; i++) files[`f${i}.json`] = `{"i": ${i}}`;
    const scope = nock('https://api.github.com')
      .get(`${R}/git/trees/abc`)
      .query({ recursive: 'true' })
      .reply(200, {
        tree: Object.entries(files).map(([path, c]) => ({ path, type: 'blob', sha: blobSha(c), size: c.length })),
        truncated: false,
      })
      .get(`${R}/tarball/abc`)
      .reply(200, Buffer.from('not a gzip'));
    scope.get(`${R}/git/blobs/${blobSha(files['f1.json']!)}`).reply(200, {
      content: Buffer.from(files['f1.json']!).toString('base64'),
      encoding: 'base64',
    });
    const repo = await readRepoAt({ gh, ref, sha: 'abc', limits: { tarballAbove: 2 } });
    expect(repo.via).toBe('blobs');
    expect(repo.notices[0]?.detail).toMatch(/tarball could not be read/);
    expect(await repo.read('f1.json')).toBe(files['f1.json']);
  });
});
