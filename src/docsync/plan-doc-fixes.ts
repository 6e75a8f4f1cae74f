import type { ApiSurface, Finding } from '../model/index.js';
import type { RepoFiles } from '../sources/repo/index.js';
import { applyDocFixes } from './apply-fixes.js';
import { collectDocFixes } from './collect-fixes.js';
import { renderCommitMessage, renderDocsPrBody } from './render-pr-body.js';
import type { AppliedFix, DocPatch, SkippedFix, UnimplementedPolicy } from './types.js';

/** The specs an analysis read: the documented surfaces name every file of each spec's doc set. */
export interface DocPlanAnalysis {
  specs: readonly ({ file: string; ok: true; surface: Pick<ApiSurface, 'files'> } | { file: string; ok: false })[];
}

/** The part of the config the planner reads. */
export interface DocPlanConfig {
  docsPr: { unimplemented: UnimplementedPolicy };
}

/** One spec's doc edits: what `scan --fix` writes, `--branch` commits and the docs pull request proposes. */
export interface DocPlan {
  /** The spec's entry file (the docs PR branch is named after it). */
  spec: string;
  /** The changed files with their full new text; empty when the doc already says everything. */
  files: { path: string; content: string }[];
  patches: DocPatch[];
  applied: AppliedFix[];
  skipped: SkippedFix[];
  /** First line of the commit message: the docs PR title. */
  title: string;
  commitMessage: string;
  /** Docs PR body with each change's evidence and a reviewer checklist (not yet capped). */
  body: string;
  /** The findings these edits fix: closing the PR unmerged dismisses them until they change. */
  findings: Finding[];
}

/**
 * The one doc-fix planner of the CLI (`scan --fix`, `scan --fix --branch`), the App (docs PR, the check's "Open
 * docs PR" button) and the Action: the fixes the findings carry, grouped per spec and applied to the text of each
 * spec's files. It reads the doc files through the {@link RepoFiles} contract and writes nothing: the adapters write
 * what it returns (the working tree, a local branch, a GitHub pull request).
 */
export async function planDocFixes(
  analysis: DocPlanAnalysis,
  findings: readonly Finding[],
  config: DocPlanConfig,
  repo: RepoFiles,
): Promise<DocPlan[]> {
  const bySpec = collectDocFixes(findings);
  const plans: DocPlan[] = [];
  for (const spec of analysis.specs) {
    const fixes = bySpec.get(spec.file);
    if (!spec.ok || fixes === undefined) continue;
    const files: Record<string, string> = {};
    for (const path of new Set([spec.file, ...spec.surface.files])) files[path] = await repo.read(path);
    const result = applyDocFixes({ entry: spec.file, files, fixes, unimplemented: config.docsPr.unimplemented });
    const changed = new Set(result.applied.filter((a) => a.changed).map((a) => a.fix));
    const fixed = findings.filter((f) => f.fix !== undefined && changed.has(f.fix));
    const commitMessage = result.patches.length > 0 ? renderCommitMessage(result.patches) : '';
    plans.push({
      spec: spec.file,
      files: result.patches.map((p) => ({ path: p.file, content: p.text })),
      patches: result.patches,
      applied: result.applied,
      skipped: result.skipped,
      title: commitMessage.split('\n')[0] || `docs(api): sync ${spec.file}`,
      commitMessage,
      body: result.patches.length > 0 ? renderDocsPrBody(result.patches, fixed) : '',
      findings: fixed,
    });
  }
  return plans;
}
