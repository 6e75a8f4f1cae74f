import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import { COMMIT_TRAILER, closeDocsPr, docsBranchName, type GitHub, upsertDocsPr } from '../../src/github/index.js';
import { isolateNetwork, testGitHub } from './helpers.js';

const ref = { owner: 'acme', repo: 'clinic-api' };
const API = 'https://api.github.com';
const R = '/repos/acme/clinic-api';
const BASE = 'b'.repeat(40);
const params = (gh: GitHub) => ({
  gh,
  ref,
  base: 'main',
  baseSha: BASE,
  branch: 'specwatch/docs/openapi',
  title: 'docs(api): 1 change from Specwatch',
  body: 'the body',
  commitMessage: 'docs(api): 1 change from Specwatch',
  files: [{ path: 'openapi.yaml', content: 'openapi: 3.0.3\n' }],
  labels: ['documentation'],
  reviewers: ['alice', 'acme/api-owners'],
});

describe('docs PR upsert', () => {
  let gh: GitHub;
  isolateNetwork();
  beforeEach(async () => {
    gh = await testGitHub();
  });

  it('names the branch after the spec', () => {
    expect(docsBranchName('openapi.yaml')).toBe('specwatch/docs/openapi');
    expect(docsBranchName('services/Billing API/openapi.v2.json')).toBe(
      'specwatch/docs/services-billing-api-openapi-v2',
    );
  });

  it('looks up the PR before pushing, commits blobs on the base tree, creates the ref and the PR with labels and reviewers', async () => {
    const order: string[] = [];
    const scope = nock(API)
      .get(`${R}/git/ref/heads%2Fmain`)
      .reply(200, { object: { sha: BASE } })
      .get(`${R}/pulls`)
      .query({ state: 'open', head: 'acme:specwatch/docs/openapi', base: 'main', per_page: '10' })
      .reply(200, () => {
        order.push('list');
        return [];
      })
      .get(`${R}/git/ref/heads%2Fspecwatch%2Fdocs%2Fopenapi`)
      .reply(404, { message: 'Not Found' })
      .get(`${R}/git/commits/${BASE}`)
      .reply(200, { sha: BASE, tree: { sha: 'basetree' }, parents: [], message: 'base' })
      .post(`${R}/git/blobs`, { content: Buffer.from('openapi: 3.0.3\n').toString('base64'), encoding: 'base64' })
      .reply(201, { sha: 'blob1' })
      .post(`${R}/git/trees`, {
        base_tree: 'basetree',
        tree: [{ path: 'openapi.yaml', mode: '100644', type: 'blob', sha: 'blob1' }],
      })
      .reply(201, { sha: 'tree1' })
      .post(`${R}/git/commits`, {
        message: `docs(api): 1 change from Specwatch\n\n${COMMIT_TRAILER}`,
        tree: 'tree1',
        parents: [BASE],
      })
      .reply(201, { sha: 'commit1' })
      .post(`${R}/git/refs`, () => {
        order.push('push');
        return true;
      })
      .reply(201, {})
      .post(`${R}/pulls`, {
        title: 'docs(api): 1 change from Specwatch',
        head: 'specwatch/docs/openapi',
        base: 'main',
        body: 'the body',
      })
      .reply(201, { number: 12, html_url: 'https://github.com/acme/clinic-api/pull/12' })
      .post(`${R}/issues/12/labels`, { labels: ['documentation'] })
      .reply(200, [])
      .post(`${R}/pulls/12/requested_reviewers`, { reviewers: ['alice'], team_reviewers: ['api-owners'] })
      .reply(201, {});
    const outcome = await upsertDocsPr(params(gh));
    expect(outcome).toEqual({
      action: 'created',
      number: 12,
      url: 'https://github.com/acme/clinic-api/pull/12',
      commitSha: 'commit1',
    });
    expect(order).toEqual(['list', 'push']);
    expect(scope.isDone()).toBe(true);
  });

  const PR = [{ number: 12, html_url: 'https://github.com/acme/clinic-api/pull/12' }];
  const BRANCH_REF = `${R}/git/ref/heads%2Fspecwatch%2Fdocs%2Fopenapi`;
  const HUMAN = {
    sha: 'human',
    tree: { sha: 't' },
    parents: [{ sha: 'old' }],
    message: 'fix wording',
    author: { name: 'Alice' },
  };
  const HUMAN_PUSH = {
    action: 'human-push',
    branch: 'specwatch/docs/openapi',
    author: 'Alice',
    number: 12,
    url: 'https://github.com/acme/clinic-api/pull/12',
  };
  /** The reads of an upsert: the base head, the open PR, and the branch head `sha` with its commit. */
  const nockReads = (head: Record<string, unknown>) =>
    nock(API)
      .get(`${R}/git/ref/heads%2Fmain`)
      .reply(200, { object: { sha: BASE } })
      .get(`${R}/pulls`)
      .query(true)
      .reply(200, PR)
      .get(BRANCH_REF)
      .reply(200, { object: { sha: head.sha } })
      .get(`${R}/git/commits/${head.sha}`)
      .reply(200, head);
  /** The reads of an upsert over our own branch head `old`, then the blob, tree and commit it writes. */
  const nockOurUpdate = () =>
    nockReads({ sha: 'old', tree: { sha: 'oldtree' }, parents: [{ sha: BASE }], message: `x\n\n${COMMIT_TRAILER}` })
      .get(`${R}/git/commits/${BASE}`)
      .reply(200, { sha: BASE, tree: { sha: 'basetree' }, parents: [], message: 'base' })
      .post(`${R}/git/blobs`)
      .reply(201, { sha: 'blob1' })
      .post(`${R}/git/trees`)
      .reply(201, { sha: 'tree2' })
      .post(`${R}/git/commits`, (b) => JSON.stringify(b.parents) === JSON.stringify([BASE, 'old']))
      .reply(201, { sha: 'commit2' });

  it('moves our branch forward without force and updates the open PR; never a second PR', async () => {
    const scope = nockOurUpdate()
      .patch(BRANCH_REF.replace('/git/ref/', '/git/refs/'), { sha: 'commit2', force: false })
      .reply(200, {})
      .patch(`${R}/pulls/12`, { title: 'docs(api): 1 change from Specwatch', body: 'the body' })
      .reply(200, {});
    const outcome = await upsertDocsPr(params(gh));
    expect(outcome).toMatchObject({ action: 'updated', number: 12, commitSha: 'commit2' });
    expect(scope.isDone()).toBe(true);
  });

  it('leaves a branch a human pushed to alone', async () => {
    const scope = nockReads(HUMAN);
    expect(await upsertDocsPr(params(gh))).toEqual(HUMAN_PUSH);
    expect(scope.isDone()).toBe(true);
  });

  it('a human push between the read and the update is kept: the update fails and the outcome says who pushed', async () => {
    const scope = nockOurUpdate()
      // Alice pushed 'human' on top of 'old' meanwhile: ours is no fast-forward from it.
      .patch(BRANCH_REF.replace('/git/ref/', '/git/refs/'), { sha: 'commit2', force: false })
      .reply(422, { message: 'Update is not a fast forward' })
      .get(BRANCH_REF)
      .reply(200, { object: { sha: 'human' } })
      .get(`${R}/git/commits/human`)
      .reply(200, HUMAN);
    // No PR title or body update after a failed push (nock refuses any request not listed).
    expect(await upsertDocsPr(params(gh))).toEqual(HUMAN_PUSH);
    expect(scope.isDone()).toBe(true);
  });

  it('does nothing when the base moved on (a newer run owns the PR)', async () => {
    nock(API)
      .get(`${R}/git/ref/heads%2Fmain`)
      .reply(200, { object: { sha: 'newer' } });
    expect(await upsertDocsPr(params(gh))).toEqual({
      action: 'stale-base',
      branch: 'specwatch/docs/openapi',
      baseHead: 'newer',
    });
  });

  it('closes our PR when the drift is gone, with a comment, and deletes the branch', async () => {
    const scope = nock(API)
      .get(`${R}/pulls`)
      .query(true)
      .reply(200, [{ number: 12, html_url: 'u' }])
      .get(`${R}/git/ref/heads%2Fspecwatch%2Fdocs%2Fopenapi`)
      .reply(200, { object: { sha: 'ours' } })
      .get(`${R}/git/commits/ours`)
      .reply(200, { sha: 'ours', tree: { sha: 't' }, parents: [{ sha: BASE }], message: `m\n\n${COMMIT_TRAILER}` })
      .post(`${R}/issues/12/comments`, { body: 'gone' })
      .reply(201, { id: 1 })
      .patch(`${R}/pulls/12`, { state: 'closed' })
      .reply(200, {})
      .delete(`${R}/git/refs/heads%2Fspecwatch%2Fdocs%2Fopenapi`)
      .reply(204);
    expect(await closeDocsPr({ gh, ref, base: 'main', branch: 'specwatch/docs/openapi', comment: 'gone' })).toEqual({
      closed: 12,
    });
    expect(scope.isDone()).toBe(true);
  });
});
