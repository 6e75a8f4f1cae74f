import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PR_COMMENT_MARKER } from '../../src/github/index.js';
import { isolateNetwork, loadEvent, nockCommit, SMALL_REPO } from '../github/helpers.js';
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
    scope
      .get(`${R}/git/trees/${BASE}`)
      .query({ recursive: 'true' })
      .reply(200, {
        tree: Object.entries(SMALL_REPO).map(([path, text]) => ({
          path,
          type: 'blob',
          sha: `base-${path}`,
          size: text.length,
        })),
      });
    for (const [path, text] of Object.entries(SMALL_REPO)) {
      scope
        .get(`${R}/git/blobs/base-${path}`)
        .optionally()
        .reply(200, { encoding: 'base64', content: Buffer.from(text).toString('base64') });
    }
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
      .reply(200, {})
      .get(`${R}/issues/7/comments`)
      .query({ per_page: '100', page: '1' })
      .reply(200, [])
      .post(`${R}/issues/7/comments`, (body) => {
        comment = body.body;
        return true;
      })
      .reply(201, { id: 1 });
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
});
