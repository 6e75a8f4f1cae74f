import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runSpecwatch } from '../cli/run-cli.js';
import { isolateNetwork, loadEvent, nockCommit } from '../github/helpers.js';
import { type AppHarness, startHarness } from './helpers.js';

const API = 'https://api.github.com';
const R = '/repos/acme/clinic-api';
const HEAD = '2222222222222222222222222222222222222222';
const EXAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'clinic-api');

/** Every file of the example checkout, as GitHub would serve its tree (no installed dependencies). */
function exampleFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[relative(EXAMPLE, path).split(sep).join('/')] = readFileSync(path, 'utf8');
    }
  };
  walk(EXAMPLE);
  return files;
}

describe('one doc-fix plan for the App and the CLI (examples/clinic-api)', () => {
  let app: AppHarness;
  const dir = mkdtempSync(join(tmpdir(), 'specwatch-parity-'));
  isolateNetwork();
  beforeEach(async () => {
    app = await startHarness();
  });
  afterEach(async () => {
    await app.dispose();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the docs PR of a push and `scan --fix` on the same commit patch the same files, byte for byte', async () => {
    const files = exampleFiles();
    // The App: a push to the default branch opens the docs PR; the blobs and tree it writes are its patched files.
    const blobs: string[] = [];
    const tree: { path: string }[] = [];
    const scope = nock(API);
    nockCommit(scope, { repo: 'acme/clinic-api', sha: HEAD, files });
    scope
      .post(`${R}/check-runs`)
      .reply(201, { id: 501 })
      .get(`${R}/git/ref/heads%2Fmain`)
      .reply(200, { object: { sha: HEAD } })
      .get(`${R}/pulls`)
      .query(true)
      .reply(200, [])
      .get(`${R}/git/ref/heads%2Fspecwatch%2Fdocs%2Fopenapi`)
      .reply(404, {})
      .get(`${R}/git/commits/${HEAD}`)
      .reply(200, { sha: HEAD, tree: { sha: 'tree-head' }, parents: [], message: 'x' })
      .post(`${R}/git/blobs`, (body: { content?: string }) => {
        // nock may try a body matcher on other requests too: only a blob's body is recorded.
        if (typeof body.content !== 'string') return false;
        blobs.push(Buffer.from(body.content, 'base64').toString('utf8'));
        return true;
      })
      .times(20)
      .reply(201, { sha: 'blob' })
      .post(`${R}/git/trees`, (body: { tree?: { path: string }[] }) => {
        if (!Array.isArray(body.tree)) return false;
        tree.push(...body.tree);
        return true;
      })
      .reply(201, { sha: 'tree-docs' })
      .post(`${R}/git/commits`)
      .reply(201, { sha: 'commit-docs' })
      .post(`${R}/git/refs`)
      .reply(201, {})
      .post(`${R}/pulls`)
      .reply(201, { number: 12, html_url: 'https://github.com/acme/clinic-api/pull/12' })
      .post(`${R}/issues/12/labels`)
      .reply(200, [])
      .patch(`${R}/check-runs/501`)
      .reply(200, {});
    await app.deliver('push', loadEvent('push'));
    expect(app.errors).toEqual([]);
    // Only the spare blob interceptors may remain: every other call of the docs PR was made.
    expect(scope.pendingMocks().filter((m) => !m.includes('/git/blobs'))).toEqual([]);
    // Blobs are written in the order of the tree's entries.
    const fromApp = Object.fromEntries(tree.map((entry, i) => [entry.path, blobs[i] as string]));

    // The CLI: `specwatch scan --fix` on a copy of the same files.
    cpSync(EXAMPLE, dir, { recursive: true, filter: (src) => !src.includes('node_modules') });
    const run = await runSpecwatch(['scan', dir, '--fix', '--format', 'json']);
    expect(run.stderr).toContain('fix: wrote');
    const fromCli: Record<string, string> = {};
    for (const [path, original] of Object.entries(files)) {
      const now = readFileSync(join(dir, path), 'utf8');
      if (now !== original) fromCli[path] = now;
    }

    expect(Object.keys(fromApp).sort()).toEqual(Object.keys(fromCli).sort());
    expect(Object.keys(fromCli)).toEqual(['openapi.yaml']);
    for (const [path, text] of Object.entries(fromCli)) expect(fromApp[path] === text, path).toBe(true);
    // The PII marks are part of both: `familyName` (name, A) and `data[].ssn` (ssn, G) of GET /patients.
    const marks = (text: string) => text.split('x-pii').length - 1;
    const added = marks(fromApp['openapi.yaml'] as string) - marks(files['openapi.yaml'] as string);
    expect(added).toBe(2);
  }, 120_000);
});
