import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import * as zlib from 'node:zlib';
import nock from 'nock';
import { Probot, ProbotOctokit } from 'probot';
import { afterEach, beforeEach } from 'vitest';
import type { GitHub } from '../../src/github/index.js';

/** A Probot for tests: token auth (no token exchange to mock), no retries or throttling, silent logs. */
export function createTestProbot(): Probot {
  return new Probot({
    githubToken: 'test',
    logLevel: 'fatal',
    Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({
      ...options,
      retry: { enabled: false },
      throttle: { enabled: false },
    })),
  });
}

/** A webhook payload fixture from test/fixtures/github/. */
export function loadEvent<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/github/${name}.json`, import.meta.url), 'utf8')) as T;
}

/** The files of a folder (node_modules and .git left out), keyed by path relative to it. */
export function readFolder(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name === '.git') continue;
      const abs = join(dir, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else files[relative(root, abs).split(sep).join('/')] = readFileSync(abs, 'utf8');
    }
  };
  walk(root);
  return files;
}

/** The git blob id of a text, as GitHub computes it. */
export function blobSha(text: string): string {
  const bytes = Buffer.from(text);
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/**
 * Mocks the reads of one commit: the config (404 unless given), the recursive tree, and every blob (persisted:
 * reads are lazy, the analysis decides which it needs; the tests assert the writes).
 */
export function nockCommit(
  scope: nock.Scope,
  params: { repo: string; sha: string; files: Record<string, string>; config?: string },
): void {
  const { repo, sha, files } = params;
  const configPath = `/repos/${repo}/contents/.github%2Fspecwatch.yml`;
  if (params.config === undefined) {
    scope.get(configPath).query({ ref: sha }).reply(404, { message: 'Not Found' });
  } else {
    scope.get(configPath).query({ ref: sha }).reply(200, params.config);
  }
  const tree = Object.entries(files).map(([path, text]) => ({
    path,
    mode: '100644',
    type: 'blob',
    sha: blobSha(text),
    size: Buffer.byteLength(text),
  }));
  scope.get(`/repos/${repo}/git/trees/${sha}`).query({ recursive: 'true' }).reply(200, { sha, tree, truncated: false });
  for (const text of Object.values(files)) {
    scope
      .get(`/repos/${repo}/git/blobs/${blobSha(text)}`)
      .optionally()
      .times(5)
      .reply(200, { sha: blobSha(text), encoding: 'base64', content: Buffer.from(text).toString('base64') });
  }
}

// Kept in its own module so the e2e tests can use it without importing nock (which patches the global fetch).
export { SMALL_REPO } from './small-repo.js';

/** A zip archive of text files (deflated), as GitHub serves an Actions artifact. */
export function makeZip(files: Record<string, string>): Buffer {
  const { deflateRawSync } = zlib;
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [path, text] of Object.entries(files)) {
    const content = Buffer.from(text);
    const data = deflateRawSync(content);
    const name = Buffer.from(path);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(zlib.crc32(content), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(content.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(zlib.crc32(content), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(content.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** Blocks real network for each test of the file, and clears nock's interceptors after each. */
export function isolateNetwork(): void {
  beforeEach(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });
}

/** An Octokit authenticated as installation 1 of the test App. */
export async function testGitHub(): Promise<GitHub> {
  return (await createTestProbot().auth(1)) as unknown as GitHub;
}
