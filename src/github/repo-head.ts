import type { GitHub, RepoRef } from './types.js';

/** The default branch of a repository and the commit at its head (first scans after an installation). */
export async function readDefaultBranchHead(params: {
  gh: GitHub;
  ref: RepoRef;
}): Promise<{ branch: string; sha: string }> {
  const { gh, ref } = params;
  const { data: repo } = await gh.rest.repos.get({ owner: ref.owner, repo: ref.repo });
  const { data: head } = await gh.rest.git.getRef({
    owner: ref.owner,
    repo: ref.repo,
    ref: `heads/${repo.default_branch}`,
  });
  return { branch: repo.default_branch, sha: head.object.sha };
}
