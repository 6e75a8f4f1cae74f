import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PR_COMMENT_MARKER } from '../../src/github/index.js';
import { blobSha, isolateNetwork, loadEvent, nockCommit, readFolder, SMALL_REPO } from '../github/helpers.js';
import { type AppHarness, startHarness } from './helpers.js';

const API = 'https://api.github.com';
const R = '/repos/acme/clinic-api';
const BASE = '1111111111111111111111111111111111111111';
const HEAD = '2222222222222222222222222222222222222222';

/** Head: the pet's `name` is gone from the response (breaking) and the adopt route is documented, taking `ownerId`. */
const HEAD_REPO: Record<string, string> = {
  ...SMALL_REPO,
  'openapi.yaml': `${SMALL_REPO['openapi.yaml']!.replace('                    name: { type: string }\n', '')}  /pets/{id}/adopt:
    post:
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                ownerId: { type: string }
                note: { type: string }
      responses:
        '204':
          description: adopted
`,
};

/**
 * A push to a real Express app (hagopj13/node-express-boilerplate, kept under test/fixtures/real-apps): the base is
 * the app as published; the head adds a session list per user, an admin router with a stats page and a suspend
 * action, and drops the `getUsers` right from reading one user. Its docs (JSDoc `@swagger`) do not move.
 */
const BOILERPLATE_BASE = readFolder('test/fixtures/real-apps/express-boilerplate');
const BOILERPLATE_HEAD: Record<string, string> = {
  ...BOILERPLATE_BASE,
  'src/routes/v1/user.route.js': BOILERPLATE_BASE['src/routes/v1/user.route.js']!.replace(
    ".get(auth('getUsers'), validate(userValidation.getUser), userController.getUser)",
    '.get(auth(), validate(userValidation.getUser), userController.getUser)',
  ).replace(
    'module.exports = router;',
    "router.route('/:userId/sessions').get(auth(), userController.getSessions);\n\nmodule.exports = router;",
  ),
  'src/routes/v1/admin.route.js': [
    "const express = require('express');",
    "const auth = require('../../middlewares/auth');",
    "const adminController = require('../../controllers/admin.controller');",
    '',
    'const router = express.Router();',
    '',
    "router.get('/stats', auth(), adminController.getStats);",
    "router.post('/users/:userId/suspend', auth('manageUsers'), adminController.suspendUser);",
    '',
    'module.exports = router;',
    '',
  ].join('\n'),
  'src/routes/v1/index.js': BOILERPLATE_BASE['src/routes/v1/index.js']!.replace(
    "const docsRoute = require('./docs.route');",
    "const docsRoute = require('./docs.route');\nconst adminRoute = require('./admin.route');",
  ).replace(
    "  {\n    path: '/users',\n    route: userRoute,\n  },\n];",
    "  {\n    path: '/users',\n    route: userRoute,\n  },\n  {\n    path: '/admin',\n    route: adminRoute,\n  },\n];",
  ),
};

/** Mocks a base commit's tree and blobs (the job reads the config at head only). */
function nockBaseTree(scope: nock.Scope, sha: string, files: Record<string, string>): void {
  scope
    .get(`${R}/git/trees/${sha}`)
    .query({ recursive: 'true' })
    .reply(200, {
      tree: Object.entries(files).map(([path, text]) => ({
        path,
        type: 'blob',
        sha: blobSha(text),
        size: Buffer.byteLength(text),
      })),
    });
  for (const text of Object.values(files)) {
    scope
      .get(`${R}/git/blobs/${blobSha(text)}`)
      .optionally()
      .times(5)
      .reply(200, { encoding: 'base64', content: Buffer.from(text).toString('base64') });
  }
}

/** Mocks the listing of the pull request's comments (none yet) and the creation of Specwatch's one comment. */
function nockPrComment(scope: nock.Scope, take: (body: string) => void): void {
  scope
    .get(`${R}/issues/7/comments`)
    .query({ per_page: '100', page: '1' })
    .reply(200, [])
    .post(`${R}/issues/7/comments`, (body) => {
      take(body.body);
      return true;
    })
    .reply(201, { id: 1 });
}

describe('pull requests', () => {
  let app: AppHarness;
  isolateNetwork();
  beforeEach(async () => {
    app = await startHarness();
  });
  afterEach(async () => {
    await app.dispose();
  });

  it('opened: a check on the head sha and one comment with the changelog and the design-review checklist', async () => {
    let check: Record<string, unknown> = {};
    let comment = '';
    const scope = nock(API);
    nockCommit(scope, { repo: 'acme/clinic-api', sha: HEAD, files: HEAD_REPO });
    nockBaseTree(scope, BASE, SMALL_REPO);
    scope
      .post(`${R}/check-runs`, {
        name: 'Specwatch',
        head_sha: HEAD,
        status: 'in_progress',
        started_at: /.+/,
        external_id: `analyse-pull-request:${HEAD}`,
      })
      .reply(201, { id: 601 })
      .patch(`${R}/check-runs/601`, (body) => {
        check = body;
        return true;
      })
      .reply(200, {});
    nockPrComment(scope, (body) => {
      comment = body;
    });
    await app.deliver('pull_request', loadEvent('pull_request.opened'));
    expect(app.errors).toEqual([]);
    expect(scope.pendingMocks().filter((m) => !m.includes('/git/blobs/'))).toEqual([]);
    expect(check).toMatchObject({ status: 'completed' });
    expect(comment.startsWith(`${PR_COMMENT_MARKER}\n## Specwatch: API changes in this pull request`)).toBe(true);
    expect(comment).toContain('**0 breaking** and 1 potentially breaking change: clients may need to change.');
    expect(comment).toContain('`response-optional-field-removed`');
    expect(comment).toContain('`POST /pets/{id}/adopt` was added');
    expect(comment).toContain('### Design review');
    expect(comment).toContain('**Mass assignment** (API3:2023): the request body accepts `ownerId`');
    expect(comment).not.toContain('`note`');
  });

  it('our docs PR closed unmerged: its findings are dismissed until they change; merged: recorded', async () => {
    const closed = loadEvent<{ pull_request: Record<string, unknown> }>('pull_request.closed');
    await app.deliver('pull_request', closed);
    expect(app.errors).toEqual([]);
    const dismissals = await app.store.listDismissals('acme/clinic-api');
    expect(dismissals.map((d) => [d.fingerprint, d.untilChanged, d.by, d.reason])).toEqual([
      ['0123456789abcdef0123456789abcdef', 'fedcba9876543210', 'alice', 'docs PR #12 closed without merging'],
      ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb', 'alice', 'docs PR #12 closed without merging'],
    ]);
    await app.deliver('pull_request', {
      ...closed,
      pull_request: { ...closed.pull_request, merged: true, merge_commit_sha: 'c'.repeat(40) },
    });
    const runs = await app.store.listRuns('acme/clinic-api');
    expect(runs[0]).toMatchObject({
      kind: 'docs-pr-merged',
      sha: 'c'.repeat(40),
      docsPrNumber: 12,
      conclusion: 'merged',
    });
  });

  it('a dismissed finding stays out of the check until it changes', async () => {
    // Dismiss the small repo's only finding with a digest that no longer matches: it shows again.
    await app.store.dismiss({
      repo: 'acme/clinic-api',
      fingerprint: '84c1f0c3c84181b470aa54308f276742',
      reason: 'x',
      by: 'alice',
      untilChanged: '0000000000000000',
    });
    let title = '';
    const scope = nock(API);
    nockCommit(scope, { repo: 'acme/clinic-api', sha: HEAD, files: SMALL_REPO, config: 'docsPr:\n  enabled: false\n' });
    scope
      .post(`${R}/check-runs`)
      .reply(201, { id: 602 })
      .patch(`${R}/check-runs/602`, (b) => {
        title = b.output.title;
        return true;
      })
      .reply(200, {});
    await app.deliver('push', loadEvent('push'));
    expect(title).toBe('1 finding');
  });

  it('requested_action "Open docs PR": opens the docs PR for the check\'s commit', async () => {
    const scope = nock(API);
    nockCommit(scope, {
      repo: 'acme/clinic-api',
      sha: HEAD,
      files: SMALL_REPO,
      config: 'docsPr:\n  enabled: false\n  labels: [api, docs]\n',
    });
    scope
      .get(`${R}/git/ref/heads%2Fmain`)
      .reply(200, { object: { sha: HEAD } })
      .get(`${R}/pulls`)
      .query(true)
      .reply(200, [])
      .get(`${R}/git/ref/heads%2Fspecwatch%2Fdocs%2Fopenapi`)
      .reply(404, {})
      .get(`${R}/git/commits/${HEAD}`)
      .reply(200, { sha: HEAD, tree: { sha: 't' }, parents: [], message: 'x' })
      .post(`${R}/git/blobs`)
      .reply(201, { sha: 'b' })
      .post(`${R}/git/trees`)
      .reply(201, { sha: 't2' })
      .post(`${R}/git/commits`)
      .reply(201, { sha: 'c2' })
      .post(`${R}/git/refs`, { ref: 'refs/heads/specwatch/docs/openapi', sha: 'c2' })
      .reply(201, {})
      .post(`${R}/pulls`)
      .reply(201, { number: 13, html_url: 'u' })
      .post(`${R}/issues/13/labels`, { labels: ['api', 'docs'] })
      .reply(200, []);
    await app.deliver('check_run', loadEvent('check_run.requested_action'));
    expect(app.errors).toEqual([]);
    expect(scope.pendingMocks().filter((m) => !m.includes('/git/blobs/'))).toEqual([]);
  });
  it('a push that adds and re-guards routes in the code: BOLA/BFLA prompts for those operations only', async () => {
    // The edits really are what the head says (a broken replace would leave the base and test nothing).
    expect(BOILERPLATE_HEAD['src/routes/v1/user.route.js']).toContain('getSessions');
    expect(BOILERPLATE_HEAD['src/routes/v1/index.js']).toContain("path: '/admin'");
    let comment = '';
    const scope = nock(API);
    nockCommit(scope, { repo: 'acme/clinic-api', sha: HEAD, files: BOILERPLATE_HEAD });
    nockBaseTree(scope, BASE, BOILERPLATE_BASE);
    scope.post(`${R}/check-runs`).reply(201, { id: 603 }).patch(`${R}/check-runs/603`).reply(200, {});
    nockPrComment(scope, (body) => {
      comment = body;
    });
    await app.deliver('pull_request', loadEvent('pull_request.opened'));
    expect(app.errors).toEqual([]);
    const review = comment.slice(comment.indexOf('### Design review'));
    expect(review).toMatchInlineSnapshot(`
      "### Design review

      Questions this change raises that no diff can settle (OWASP API Security Top 10, 2023):

      **\`GET /v1/admin/stats\`** (new in the code)
      - [ ] **Function-level authorization** (API5:2023): looks administrative (\`/admin\` in the path); code auth required via \`auth()\` at src/routes/v1/admin.route.js:7; no role or scope recognised. Can an ordinary signed-in user call it?

      **\`POST /v1/admin/users/{userId}/suspend\`** (new in the code)
      - [ ] **Object-level authorization** (API1:2023): takes \`userId\` in the path; code auth required via \`auth('manageUsers')\` at src/routes/v1/admin.route.js:8; no role or scope recognised. Does the handler check that the caller may change *this* object (its owner, tenant or share), not only that they are signed in?
      - [ ] **Function-level authorization** (API5:2023): looks administrative (\`/admin\` in the path); code auth required via \`auth('manageUsers')\` at src/routes/v1/admin.route.js:8; no role or scope recognised. Can an ordinary signed-in user call it?

      **\`GET /v1/users/{userId}\`** (auth changed in the code)
      - [ ] **Object-level authorization** (API1:2023): takes \`userId\` in the path; code auth required via \`auth()\` at src/routes/v1/user.route.js:16; no role or scope recognised. Does the handler check that the caller may read *this* object (its owner, tenant or share), not only that they are signed in?

      **\`GET /v1/users/{userId}/sessions\`** (new in the code)
      - [ ] **Object-level authorization** (API1:2023): takes \`userId\` in the path; code auth required via \`auth()\` at src/routes/v1/user.route.js:20; no role or scope recognised. Does the handler check that the caller may read *this* object (its owner, tenant or share), not only that they are signed in?"
    `);
    // Unchanged operations that take the same id get no prompt.
    expect(review).not.toContain('PATCH /v1/users/{userId}');
    expect(review).not.toContain('DELETE /v1/users/{userId}`');
  });
});
