import type { SpecwatchConfig } from '../../config/index.js';
import type { DocPlan } from '../../docsync/index.js';
import { findingDigest } from '../../drift/index.js';
import {
  capBytes,
  closeDocsPr,
  type DocsPrOutcome,
  docsBranchName,
  type GitHub,
  MAX_PR_BODY_BYTES,
  type RepoRef,
  upsertDocsPr,
} from '../../github/index.js';
import { encodeFindingsMarker } from './docs-pr-marker.js';

/** What happened to one spec's docs PR. */
export type DocsPrReport =
  | { spec: string; branch: string; outcome: DocsPrOutcome }
  | { spec: string; branch: string; closed: number }
  | { spec: string; branch: string; failed: string };

/**
 * Opens or updates one docs PR per planned spec and closes the PRs of specs whose drift is gone. Each PR body ends
 * with a hidden list of the findings it fixes, so closing it unmerged can dismiss exactly those.
 */
export async function publishDocsPrs(params: {
  gh: GitHub;
  ref: RepoRef;
  base: string;
  baseSha: string;
  plans: DocPlan[];
  /** Entry files of every spec analysed: specs without a plan get their PR closed. */
  specs: string[];
  config: SpecwatchConfig;
}): Promise<DocsPrReport[]> {
  const { gh, ref, base, baseSha, config } = params;
  const reports: DocsPrReport[] = [];
  for (const plan of params.plans) {
    const branch = docsBranchName(plan.spec);
    const marker = encodeFindingsMarker(
      Object.fromEntries(plan.findings.map((f) => [f.fingerprint, findingDigest(f)])),
    );
    const body = `${capBytes(plan.body, MAX_PR_BODY_BYTES - Buffer.byteLength(marker) - 2)}\n\n${marker}`;
    try {
      const outcome = await upsertDocsPr({
        gh,
        ref,
        base,
        baseSha,
        branch,
        title: plan.title,
        body,
        commitMessage: plan.title,
        files: plan.files,
        labels: config.docsPr.labels,
        reviewers: config.docsPr.reviewers,
      });
      reports.push({ spec: plan.spec, branch, outcome });
      // Every spec shares the base: once it moved, the newer job owns the remaining specs too.
      if (outcome.action === 'stale-base') return reports;
    } catch (error) {
      reports.push({ spec: plan.spec, branch, failed: error instanceof Error ? error.message : String(error) });
    }
  }
  const planned = new Set(params.plans.map((p) => p.spec));
  for (const spec of params.specs) {
    if (planned.has(spec)) continue;
    const branch = docsBranchName(spec);
    const result = await closeDocsPr({
      gh,
      ref,
      base,
      branch,
      comment: `The drift this pull request fixed is gone at ${baseSha.slice(0, 7)}: closing it. — Specwatch`,
    });
    if (result.closed !== null) reports.push({ spec, branch, closed: result.closed });
  }
  return reports;
}

/** The "Docs pull request" section of the check summary. */
export function renderDocsPrSection(reports: readonly DocsPrReport[]): string {
  if (reports.length === 0) return '';
  const lines = reports.map((r) => {
    if ('closed' in r) return `- \`${r.spec}\`: the drift is gone, closed #${r.closed}.`;
    if ('failed' in r) return `- \`${r.spec}\`: the docs PR could not be updated (${r.failed}).`;
    const o = r.outcome;
    switch (o.action) {
      case 'created':
        return `- \`${r.spec}\`: opened docs PR #${o.number} (${o.url}).`;
      case 'updated':
        return `- \`${r.spec}\`: updated docs PR #${o.number} (${o.url}).`;
      case 'unchanged':
        return `- \`${r.spec}\`: docs PR #${o.number} is already current (${o.url}).`;
      case 'human-push':
        return `- \`${r.spec}\`: **Specwatch stopped updating \`${r.branch}\`** because ${o.author} pushed to it${o.number ? ` (PR #${o.number})` : ''}; the branch is theirs now. Delete the branch to let Specwatch take it up again.`;
      case 'stale-base':
        return `- \`${r.spec}\`: the base branch moved on to ${o.baseHead.slice(0, 7)}; the docs PR is updated by that commit's run.`;
    }
    return '';
  });
  return `\n\n### Docs pull request\n${lines.join('\n')}`;
}
