import { capBytes } from './cap-bytes.js';
import { type GitHub, httpStatus, type RepoRef } from './types.js';

/** Prefix of every branch Specwatch owns; pushes to it never trigger an analysis (no loops). */
export const DOCS_BRANCH_PREFIX = 'specwatch/docs/';

/** Trailer on every commit Specwatch makes: a branch whose head lacks it was pushed to by someone else. */
export const COMMIT_TRAILER = 'Specwatch-Generated: true';

/** PR bodies are capped below GitHub's 65,536-character limit, leaving room for the hidden markers. */
export const MAX_PR_BODY_BYTES = 60_000;

/** One doc file's new full text. */
export interface DocFileChange {
  path: string;
  content: string;
}

/** What {@link upsertDocsPr} did. */
export type DocsPrOutcome =
  | { action: 'created' | 'updated' | 'unchanged'; number: number; url: string; commitSha: string }
  | { action: 'human-push'; branch: string; number?: number; url?: string; author: string }
  | { action: 'stale-base'; branch: string; baseHead: string };

/** The branch of a spec's docs PR: `specwatch/docs/<spec-slug>`. */
export function docsBranchName(specFile: string): string {
  const slug = specFile
    .toLowerCase()
    .replace(/\.(ya?ml|json)$/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${DOCS_BRANCH_PREFIX}${slug || 'openapi'}`;
}

async function findOpenPr(gh: GitHub, ref: RepoRef, branch: string, base: string) {
  const { data } = await gh.rest.pulls.list({
    owner: ref.owner,
    repo: ref.repo,
    state: 'open',
    head: `${ref.owner}:${branch}`,
    base,
    per_page: 10,
  });
  return data[0];
}

/** The branch's head commit, or undefined when the branch does not exist. */
async function readBranchHead(gh: GitHub, ref: RepoRef, branch: string) {
  let sha: string;
  try {
    const { data } = await gh.rest.git.getRef({ owner: ref.owner, repo: ref.repo, ref: `heads/${branch}` });
    sha = data.object.sha;
  } catch (error) {
    if (httpStatus(error) === 404) return undefined;
    throw error;
  }
  const { data: commit } = await gh.rest.git.getCommit({ owner: ref.owner, repo: ref.repo, commit_sha: sha });
  return {
    sha,
    tree: commit.tree.sha,
    parents: commit.parents.map((p) => p.sha),
    ours: commit.message.includes(COMMIT_TRAILER),
    author: commit.author?.name ?? 'someone',
  };
}

/**
 * Keeps one docs PR per spec current, in the order mature bots settled on:
 * 1. the base branch must still be at the analysed commit (a newer job will do the work otherwise);
 * 2. the open PR is looked up by head `owner:branch` BEFORE anything is pushed (resetting a PR branch to its base
 *    makes GitHub close the PR, so the lookup cannot come after);
 * 3. a branch whose head commit Specwatch did not make is left alone (a human pushed to it);
 * 4. blobs → a tree on the base commit's tree → a commit whose parent is the base head;
 * 5. nothing is pushed when the branch already holds the same tree on the same base;
 * 6. the ref is created, or moved forward without force: the new commit's parents are the base head and the
 *    branch head read in step 3, so a head that moved since (a human push in between) fails the update instead of
 *    being overwritten, and the outcome says so;
 * 7. the PR is created (a concurrent creation's 422 is turned into an update) or its title and body updated;
 *    labels and reviewers come from the config.
 */
export async function upsertDocsPr(params: {
  gh: GitHub;
  ref: RepoRef;
  /** Base branch name and the commit the patch was computed at. */
  base: string;
  baseSha: string;
  branch: string;
  title: string;
  body: string;
  commitMessage: string;
  files: DocFileChange[];
  labels?: string[];
  reviewers?: string[];
}): Promise<DocsPrOutcome> {
  const { gh, ref, base, baseSha, branch } = params;
  const owner = ref.owner;
  const repo = ref.repo;

  const { data: baseRef } = await gh.rest.git.getRef({ owner, repo, ref: `heads/${base}` });
  if (baseRef.object.sha !== baseSha) return { action: 'stale-base', branch, baseHead: baseRef.object.sha };

  const existing = await findOpenPr(gh, ref, branch, base);
  const head = await readBranchHead(gh, ref, branch);
  if (head && !head.ours) {
    return {
      action: 'human-push',
      branch,
      author: head.author,
      ...(existing ? { number: existing.number, url: existing.html_url } : {}),
    };
  }

  const { data: baseCommit } = await gh.rest.git.getCommit({ owner, repo, commit_sha: baseSha });
  const entries = [];
  for (const file of params.files) {
    const { data: blob } = await gh.rest.git.createBlob({
      owner,
      repo,
      content: Buffer.from(file.content).toString('base64'),
      encoding: 'base64',
    });
    entries.push({ path: file.path, mode: '100644' as const, type: 'blob' as const, sha: blob.sha });
  }
  const { data: tree } = await gh.rest.git.createTree({ owner, repo, base_tree: baseCommit.tree.sha, tree: entries });
  const body = capBytes(params.body, MAX_PR_BODY_BYTES);

  let commitSha: string;
  let pushed = true;
  if (head && existing && head.tree === tree.sha && head.parents[0] === baseSha) {
    commitSha = head.sha;
    pushed = false;
  } else {
    // The base head comes first, so the PR's diff is against the base; the branch head read above second, so the
    // update is a fast-forward from exactly that head and nothing else.
    const { data: commit } = await gh.rest.git.createCommit({
      owner,
      repo,
      message: `${params.commitMessage}\n\n${COMMIT_TRAILER}`,
      tree: tree.sha,
      parents: head ? [baseSha, head.sha] : [baseSha],
    });
    commitSha = commit.sha;
    try {
      if (head) await gh.rest.git.updateRef({ owner, repo, ref: `heads/${branch}`, sha: commitSha, force: false });
      else await gh.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha: commitSha });
    } catch (error) {
      // 422: the branch moved (not a fast-forward) or appeared since it was read. Whoever pushed keeps their work.
      if (httpStatus(error) !== 422) throw error;
      const moved = await readBranchHead(gh, ref, branch);
      if (!moved || moved.ours) throw error;
      return {
        action: 'human-push',
        branch,
        author: moved.author,
        ...(existing ? { number: existing.number, url: existing.html_url } : {}),
      };
    }
  }

  if (existing) {
    await gh.rest.pulls.update({ owner, repo, pull_number: existing.number, title: params.title, body });
    return { action: pushed ? 'updated' : 'unchanged', number: existing.number, url: existing.html_url, commitSha };
  }
  let created: { number: number; html_url: string };
  try {
    ({ data: created } = await gh.rest.pulls.create({ owner, repo, title: params.title, head: branch, base, body }));
  } catch (error) {
    // Another worker opened it between our lookup and now: update that one instead of failing.
    const raced = httpStatus(error) === 422 ? await findOpenPr(gh, ref, branch, base) : undefined;
    if (!raced) throw error;
    await gh.rest.pulls.update({ owner, repo, pull_number: raced.number, title: params.title, body });
    return { action: 'updated', number: raced.number, url: raced.html_url, commitSha };
  }
  if (params.labels && params.labels.length > 0) {
    await gh.rest.issues.addLabels({ owner, repo, issue_number: created.number, labels: params.labels });
  }
  if (params.reviewers && params.reviewers.length > 0) {
    const reviewers = params.reviewers.filter((r) => !r.includes('/'));
    const teams = params.reviewers.filter((r) => r.includes('/')).map((t) => t.slice(t.indexOf('/') + 1));
    try {
      await gh.rest.pulls.requestReviewers({
        owner,
        repo,
        pull_number: created.number,
        ...(reviewers.length > 0 ? { reviewers } : {}),
        ...(teams.length > 0 ? { team_reviewers: teams } : {}),
      });
    } catch (error) {
      // A reviewer who is not a collaborator is a config mistake, not a reason to lose the PR.
      if (httpStatus(error) !== 422) throw error;
    }
  }
  return { action: 'created', number: created.number, url: created.html_url, commitSha };
}

/**
 * Closes the spec's docs PR once its drift is gone, with a comment saying why, and deletes the branch. A branch a
 * human pushed to is left open: their work is not ours to close.
 */
export async function closeDocsPr(params: {
  gh: GitHub;
  ref: RepoRef;
  base: string;
  branch: string;
  comment: string;
}): Promise<{ closed: number } | { closed: null; reason: 'no-pr' | 'human-push' }> {
  const { gh, ref, base, branch } = params;
  const existing = await findOpenPr(gh, ref, branch, base);
  if (!existing) return { closed: null, reason: 'no-pr' };
  const head = await readBranchHead(gh, ref, branch);
  if (head && !head.ours) return { closed: null, reason: 'human-push' };
  await gh.rest.issues.createComment({
    owner: ref.owner,
    repo: ref.repo,
    issue_number: existing.number,
    body: params.comment,
  });
  await gh.rest.pulls.update({ owner: ref.owner, repo: ref.repo, pull_number: existing.number, state: 'closed' });
  if (head) await gh.rest.git.deleteRef({ owner: ref.owner, repo: ref.repo, ref: `heads/${branch}` });
  return { closed: existing.number };
}
