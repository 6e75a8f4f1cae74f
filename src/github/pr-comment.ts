import { capBytes } from './cap-bytes.js';
import type { GitHub, RepoRef } from './types.js';

/** Hidden marker identifying Specwatch's one comment on a pull request. */
export const PR_COMMENT_MARKER = '<!-- specwatch:pr-comment -->';

/** Comments are capped below GitHub's 65,536-character limit. */
export const MAX_COMMENT_BYTES = 60_000;

/**
 * Creates or updates in place Specwatch's single comment on a pull request, found by {@link PR_COMMENT_MARKER}
 * among the comments (paged: long discussions push it past the first page).
 */
export async function upsertPrComment(params: {
  gh: GitHub;
  ref: RepoRef;
  pullNumber: number;
  body: string;
}): Promise<{ action: 'created' | 'updated'; id: number }> {
  const { gh, ref, pullNumber } = params;
  const body = `${PR_COMMENT_MARKER}\n${capBytes(params.body, MAX_COMMENT_BYTES)}`;
  for (let page = 1; page <= 20; page++) {
    const { data } = await gh.rest.issues.listComments({
      owner: ref.owner,
      repo: ref.repo,
      issue_number: pullNumber,
      per_page: 100,
      page,
    });
    const ours = data.find((c) => c.body?.includes(PR_COMMENT_MARKER));
    if (ours) {
      await gh.rest.issues.updateComment({ owner: ref.owner, repo: ref.repo, comment_id: ours.id, body });
      return { action: 'updated', id: ours.id };
    }
    if (data.length < 100) break;
  }
  const { data } = await gh.rest.issues.createComment({
    owner: ref.owner,
    repo: ref.repo,
    issue_number: pullNumber,
    body,
  });
  return { action: 'created', id: data.id };
}
