import { capBytes } from './cap-bytes.js';
import type { GitHub, RepoRef } from './types.js';

/** The check run's name: branch protection requires it by this name. */
export const CHECK_NAME = 'Specwatch';

/** GitHub refuses a check summary over 65,535 bytes. */
export const MAX_SUMMARY_BYTES = 65_535;

/** GitHub takes at most 50 annotations per create/update request. */
export const ANNOTATIONS_PER_REQUEST = 50;

/** Default cap on annotations per check run: past it the summary says how many were left out. */
export const DEFAULT_MAX_ANNOTATIONS = 500;

/** The identifier of the "Open docs PR" button (≤ 20 characters). */
export const OPEN_DOCS_PR_ACTION = 'open-docs-pr';

/** One annotation, as the Checks API takes it. */
export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
  raw_details?: string;
}

/** How a check run ends. */
export type CheckConclusion = 'success' | 'failure' | 'neutral' | 'action_required' | 'cancelled' | 'skipped';

/** A button under a completed check run. */
export interface CheckAction {
  label: string;
  description: string;
  identifier: string;
}

/** The "Open docs PR" button offered when automatic docs PRs are off. */
export const OPEN_DOCS_PR_BUTTON: CheckAction = {
  label: 'Open docs PR',
  description: 'Open a pull request fixing the API docs',
  identifier: OPEN_DOCS_PR_ACTION,
};

/** Creates the "Specwatch" check run on `sha` as in progress; returns its id. */
export async function createCheckRun(params: {
  gh: GitHub;
  ref: RepoRef;
  sha: string;
  externalId?: string;
}): Promise<number> {
  const { gh, ref, sha } = params;
  const { data } = await gh.rest.checks.create({
    owner: ref.owner,
    repo: ref.repo,
    name: CHECK_NAME,
    head_sha: sha,
    status: 'in_progress',
    started_at: new Date().toISOString(),
    ...(params.externalId === undefined ? {} : { external_id: params.externalId }),
  });
  return data.id;
}

/**
 * Our unfinished check run on `sha` with this external id, if one exists: a job that died between creating its
 * check run and recording its id finds the one it made instead of adding a second to the commit.
 */
export async function findOpenCheckRun(params: {
  gh: GitHub;
  ref: RepoRef;
  sha: string;
  externalId: string;
}): Promise<number | undefined> {
  const { gh, ref, sha } = params;
  const { data } = await gh.rest.checks.listForRef({
    owner: ref.owner,
    repo: ref.repo,
    ref: sha,
    check_name: CHECK_NAME,
    filter: 'all',
    per_page: 100,
  });
  const open = data.check_runs.filter(
    (run) => run.name === CHECK_NAME && run.status !== 'completed' && run.external_id === params.externalId,
  );
  // The newest one: check runs are listed newest first, but order by id to be sure.
  return open.sort((a, b) => b.id - a.id)[0]?.id;
}

/**
 * Completes a check run: the byte-capped summary, annotations in batches of 50 (all but the last batch sent while
 * the run is still in progress, so it never shows as complete with half its annotations), a cap with a note
 * beyond it, the conclusion, and optional buttons.
 */
export async function completeCheckRun(params: {
  gh: GitHub;
  ref: RepoRef;
  checkRunId: number;
  conclusion: CheckConclusion;
  title: string;
  summary: string;
  text?: string;
  annotations?: CheckAnnotation[];
  actions?: CheckAction[];
  maxAnnotations?: number;
}): Promise<{ annotationsSent: number; annotationsLeftOut: number; requests: number }> {
  const { gh, ref, checkRunId } = params;
  const max = params.maxAnnotations ?? DEFAULT_MAX_ANNOTATIONS;
  const all = params.annotations ?? [];
  const sent = all.slice(0, max);
  const leftOut = all.length - sent.length;
  const note =
    leftOut > 0
      ? `\n\n> ${leftOut} more annotation${leftOut === 1 ? '' : 's'} not shown: GitHub shows at most ${max} per check run here; every finding is listed above.`
      : '';
  const summary = capBytes(params.summary, MAX_SUMMARY_BYTES - Buffer.byteLength(note)) + note;
  const text = params.text === undefined ? undefined : capBytes(params.text, MAX_SUMMARY_BYTES);
  const output = (annotations: CheckAnnotation[]) => ({
    title: params.title,
    summary,
    ...(text === undefined ? {} : { text }),
    ...(annotations.length > 0 ? { annotations } : {}),
  });

  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < sent.length; i += ANNOTATIONS_PER_REQUEST)
    batches.push(sent.slice(i, i + ANNOTATIONS_PER_REQUEST));
  const last = batches.pop() ?? [];
  let requests = 0;
  for (const batch of batches) {
    await gh.rest.checks.update({ owner: ref.owner, repo: ref.repo, check_run_id: checkRunId, output: output(batch) });
    requests++;
  }
  await gh.rest.checks.update({
    owner: ref.owner,
    repo: ref.repo,
    check_run_id: checkRunId,
    status: 'completed',
    conclusion: params.conclusion,
    completed_at: new Date().toISOString(),
    output: output(last),
    ...(params.actions && params.actions.length > 0 ? { actions: params.actions } : {}),
  });
  requests++;
  return { annotationsSent: sent.length, annotationsLeftOut: leftOut, requests };
}
