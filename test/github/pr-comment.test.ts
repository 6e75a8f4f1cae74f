import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import { type GitHub, PR_COMMENT_MARKER, upsertPrComment } from '../../src/github/index.js';
import { isolateNetwork, testGitHub } from './helpers.js';

const ref = { owner: 'acme', repo: 'clinic-api' };

describe('PR comment', () => {
  let gh: GitHub;
  isolateNetwork();
  beforeEach(async () => {
    gh = await testGitHub();
  });

  it('creates one comment with the hidden marker', async () => {
    const scope = nock('https://api.github.com')
      .get('/repos/acme/clinic-api/issues/7/comments')
      .query({ per_page: '100', page: '1' })
      .reply(200, [{ id: 1, body: 'LGTM' }])
      .post('/repos/acme/clinic-api/issues/7/comments', { body: `${PR_COMMENT_MARKER}\nhello` })
      .reply(201, { id: 9 });
    expect(await upsertPrComment({ gh, ref, pullNumber: 7, body: 'hello' })).toEqual({ action: 'created', id: 9 });
    expect(scope.isDone()).toBe(true);
  });

  it('updates ours in place, found past the first page', async () => {
    const page1 = Array.from({ length: 100 }, (_, i) => ({ id: i + 100, body: `comment ${i}` }));
    const scope = nock('https://api.github.com')
      .get('/repos/acme/clinic-api/issues/7/comments')
      .query({ per_page: '100', page: '1' })
      .reply(200, page1)
      .get('/repos/acme/clinic-api/issues/7/comments')
      .query({ per_page: '100', page: '2' })
      .reply(200, [{ id: 5, body: `${PR_COMMENT_MARKER}\nold` }])
      .patch('/repos/acme/clinic-api/issues/comments/5', { body: `${PR_COMMENT_MARKER}\nnew` })
      .reply(200, { id: 5 });
    expect(await upsertPrComment({ gh, ref, pullNumber: 7, body: 'new' })).toEqual({ action: 'updated', id: 5 });
    expect(scope.isDone()).toBe(true);
  });
});
