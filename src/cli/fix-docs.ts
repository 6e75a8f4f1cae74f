import type { AnalysisResult } from '../analyze/index.js';
import { applyFixesToWorkingTree, type BranchCommit, commitFixesOnBranch } from '../checkout/index.js';
import type { SpecwatchConfig } from '../config/index.js';
import { type DocPlan, planDocFixes, renderCommitMessage } from '../docsync/index.js';
import type { Finding } from '../model/index.js';
import type { RepoFiles } from '../sources/repo/index.js';

/** What `scan --fix` did. */
export interface ScanFixOutcome {
  plans: DocPlan[];
  /** Files written into the working tree (without `branch`). */
  written: string[];
  commit?: BranchCommit;
  /** One line per event, for stderr. */
  log: string[];
}

/**
 * `specwatch scan --fix [--branch NAME]`: plans the doc edits with docsync's `planDocFixes` (the App's docs PR
 * plans with the same call) and writes them: into the working tree under `root`, or as a commit on a new local
 * branch that leaves the working tree alone.
 */
export async function fixDocs(input: {
  root: string;
  repo: RepoFiles;
  analysis: Pick<AnalysisResult, 'specs'>;
  findings: readonly Finding[];
  config: Pick<SpecwatchConfig, 'docsPr'>;
  branch?: string;
}): Promise<ScanFixOutcome> {
  const plans = await planDocFixes(input.analysis, input.findings, input.config, input.repo);
  const log: string[] = [];
  for (const plan of plans) {
    for (const a of plan.applied) if (a.changed) log.push(`fix: ${a.description.replace(/`/g, '')}`);
    for (const s of plan.skipped) log.push(`fix skipped: ${s.fix.kind} ${s.fix.method} ${s.fix.path}: ${s.reason}`);
  }
  const patches = plans.flatMap((p) => p.patches);
  if (patches.length === 0) {
    log.push('fix: the docs already say everything the findings ask for; nothing to change');
    return { plans, written: [], log };
  }
  if (input.branch !== undefined) {
    const commit = commitFixesOnBranch(input.root, patches, input.branch, renderCommitMessage(patches));
    log.push(
      `fix: committed ${patches.length} file${patches.length === 1 ? '' : 's'} on branch ${commit.branch} (${commit.commit.slice(0, 12)}); the working tree is unchanged`,
    );
    for (const w of commit.warnings) log.push(`warning: ${w}`);
    return { plans, written: [], commit, log };
  }
  const written = applyFixesToWorkingTree(input.root, patches);
  log.push(`fix: wrote ${written.join(', ')}`);
  return { plans, written, log };
}
