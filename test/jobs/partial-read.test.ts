import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blobSha, isolateNetwork, loadEvent } from '../github/helpers.js';
import { type AppHarness, startHarness } from './helpers.js';

const API = 'https://api.github.com';
const R = '/repos/acme/clinic-api';
const HEAD = '2222222222222222222222222222222222222222';

/** An Express service whose owners routes live in their own router file; the doc describes both routes. */
const FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'pets', dependencies: { express: '^5.1.0' } }),
  'src/app.js': [
    "import express from 'express';",
    "import owners from './owners.js';",
    'const app = express();',
    "app.get('/pets', (req, res) => res.json([]));",
    "app.use('/owners', owners);",
    'export default app;',
    '',
  ].join('\n'),
  'openapi.yaml': [
    'openapi: 3.0.3',
    'info: { title: Pets, version: "1" }',
    'paths:',
    '  /pets:',
    '    get:',
    "      responses: { '200': { description: the pets } }",
    '  /owners/{id}:',
    '    get:',
    '      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]',
    "      responses: { '200': { description: one owner } }",
    '',
  ].join('\n'),
};
/** The router file is in the tree, but over the size any one file may be downloaded. */
const UNREAD = 'src/owners.js';

describe('a check run on a repo with a source file that cannot be read', () => {
  let app: AppHarness;
  isolateNetwork();
  beforeEach(async () => {
    app = await startHarness();
  });
  afterEach(async () => {
    await app.dispose();
  });

  it('names it under "Not read" and reports no plain unimplemented-operation for what it could serve', async () => {
    const scope = nock(API);
    scope.get(`${R}/contents/.github%2Fspecwatch.yml`).query({ ref: HEAD }).reply(404, { message: 'Not Found' });
    const tree = [
      ...Object.entries(FILES).map(([path, text]) => ({
        path,
        mode: '100644',
        type: 'blob',
        sha: blobSha(text),
        size: Buffer.byteLength(text),
      })),
      { path: UNREAD, mode: '100644', type: 'blob', sha: 'f'.repeat(40), size: 80 * 1024 * 1024 },
    ];
    scope.get(`${R}/git/trees/${HEAD}`).query({ recursive: 'true' }).reply(200, { sha: HEAD, tree, truncated: false });
    for (const text of Object.values(FILES))
      scope
        .get(`${R}/git/blobs/${blobSha(text)}`)
        .optionally()
        .times(5)
        .reply(200, { encoding: 'base64', content: Buffer.from(text).toString('base64') });
    let final: { conclusion?: string; output?: { title: string; summary: string; annotations?: unknown[] } } = {};
    scope
      .post(`${R}/check-runs`)
      .reply(201, { id: 601 })
      .patch(`${R}/check-runs/601`, (body) => {
        final = body;
        return true;
      })
      .reply(200, {});
    await app.deliver('push', loadEvent('push'));
    expect(app.errors).toEqual([]);
    const summary = final.output?.summary ?? '';
    const notRead = summary.slice(summary.indexOf('### Not read'));
    expect(summary).toContain('### Not read');
    expect(notRead).toContain(UNREAD);
    expect(notRead).toMatch(/oversized/);
    // The documented owners route is what the unread router serves: held back to info, with the file named.
    expect(summary).toContain('GET /owners/{id}');
    expect(summary).toMatch(/Held back to info: the code view is incomplete; not read: src\/owners\.js \(oversized\)/);
    expect(final.conclusion).toBe('success');
    const annotations = (final.output?.annotations ?? []) as { title: string }[];
    expect(annotations.filter((a) => /unimplemented-operation \((critical|high|medium|low)\)/.test(a.title))).toEqual(
      [],
    );
  });
});
