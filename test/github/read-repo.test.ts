import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/index.js';
import { type GitHub, readConfigAt, readRepoAt } from '../../src/github/index.js';
import { blobSha, isolateNetwork, nockCommit, SMALL_REPO, testGitHub } from './helpers.js';

const ref = { owner: 'acme', repo: 'clinic-api' };
const R = '/repos/acme/clinic-api';

describe('reading a commit from GitHub', () => {
  let gh: GitHub;
  isolateNetwork();
  beforeEach(async () => {
    gh = await testGitHub();
  });

  it('lists the tree once and downloads only the blobs that are read', async () => {
    const scope = nock('https://api.github.com');
    nockCommit(scope, {
      repo: 'acme/clinic-api',
      sha: 'abc',
      files: { ...SMALL_REPO, 'node_modules/x/index.js': 'x' },
    });
    const repo = await readRepoAt({ gh, ref, sha: 'abc' });
    expect(await repo.list()).toEqual(['openapi.yaml', 'package.json', 'src/app.js']);
    expect(await repo.read('openapi.yaml')).toBe(SMALL_REPO['openapi.yaml']);
    expect(await repo.read('./openapi.yaml')).toBe(SMALL_REPO['openapi.yaml']);
    expect(repo.stats()).toEqual({ files: 1, bytes: Buffer.byteLength(SMALL_REPO['openapi.yaml']!) });
    await expect(repo.read('../etc/passwd')).rejects.toThrow(/leaves the repository root/);
  });

  it('refuses files over the size limit without downloading them', async () => {
    nock('https://api.github.com')
      .get(`${R}/git/trees/abc`)
      .query({ recursive: 'true' })
      .reply(200, { tree: [{ path: 'big.json', type: 'blob', sha: blobSha('x'), size: 10_000 }], truncated: false });
    const repo = await readRepoAt({ gh, ref, sha: 'abc', limits: { maxFileBytes: 1000 } });
    await expect(repo.read('big.json')).rejects.toThrow(/over the 1000-byte limit/);
  });

  it('reads the config at the sha: defaults when absent, a ConfigError naming the key when invalid', async () => {
    nock('https://api.github.com')
      .get(`${R}/contents/.github%2Fspecwatch.yml`)
      .query({ ref: 'abc' })
      .reply(404, {})
      .get(`${R}/contents/.github%2Fspecwatch.yml`)
      .query({ ref: 'def' })
      .reply(200, 'failOn: severe\n')
      .get(`${R}/contents/.github%2Fspecwatch.yml`)
      .query({ ref: 'ghi' })
      .reply(200, 'docsPr:\n  enabled: false\n');
    expect((await readConfigAt({ gh, ref, sha: 'abc' })).source).toBe('default');
    const error = await readConfigAt({ gh, ref, sha: 'def' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).key).toBe('failOn');
    expect((error as ConfigError).message).toMatch(/^\.github\/specwatch\.yml: failOn: /);
    const loaded = await readConfigAt({ gh, ref, sha: 'ghi' });
    expect(loaded.config.docsPr.enabled).toBe(false);
  });
});
