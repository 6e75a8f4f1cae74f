import type { ApiSurface, Finding } from '../model/index.js';
import type { RepoFiles } from '../sources/repo/index.js';
import { applyDocFixes } from './apply-fixes.js';
import { collectDocFixes } from './collect-fixes.js';
import type { DocPatch, FixResult, UnimplementedPolicy } from './types.js';
import { applyFixesToWorkingTree, type BranchCommit, commitFixesOnBranch } from './write-patches.js';

/** Input of {@link fixDocsFromScan}: a scanned checkout and what the scan found. */
export interface ScanFixInput {
  /** The checkout folder on disk (patch paths are relative to it). */
  root: string;
  repo: RepoFiles;
  findings: readonly Finding[];
  /** The documented surfaces the scan read (`ApiSurface.files` names each spec's files). */
  documented: readonly ApiSurface[];
  unimplemented: UnimplementedPolicy;
  /** Commit on this new local branch instead of writing the working tree. */
  branch?: string;
}

/** What `scan --fix` did. */
export interface ScanFixOutcome {
  results: FixResult[];
  patches: DocPatch[];
  /** Files written into the working tree (without `branch`). */
  written: string[];
  commit?: BranchCommit;
  /** One line per event, for stderr. */
  log: string[];
}

/**
 * `specwatch scan --fix [--branch NAME]`: applies the doc fixes of a scan's findings, then writes the patched
 * files into the working tree, or commits them on a new branch leaving the working tree alone.
 */
export async function fixDocsFromScan(input: ScanFixInput): Promise<ScanFixOutcome> {
  const bySpec = collectDocFixes(input.findings);
  const results: FixResult[] = [];
  const log: string[] = [];
  for (const [entry, fixes] of bySpec) {
    const surface = input.documented.find((s) => s.entry === entry);
    const names = surface?.files ?? [entry];
    const files: Record<string, string> = {};
    for (const name of names) files[name] = await input.repo.read(name);
    const result = applyDocFixes({ entry, files, fixes, unimplemented: input.unimplemented });
    results.push(result);
    for (const a of result.applied) if (a.changed) log.push(`fix: ${a.description.replace(/`/g, '')}`);
    for (const s of result.skipped) log.push(`fix skipped: ${s.fix.kind} ${s.fix.method} ${s.fix.path}: ${s.reason}`);
  }
  const patches = results.flatMap((r) => r.patches);
  if (patches.length === 0) {
    log.push('fix: the docs already say everything the findings ask for; nothing to change');
    return { results, patches, written: [], log };
  }
  if (input.branch !== undefined) {
    const commit = commitFixesOnBranch(input.root, patches, input.branch);
    log.push(
      `fix: committed ${patches.length} file${patches.length === 1 ? '' : 's'} on branch ${commit.branch} (${commit.commit.slice(0, 12)}); the working tree is unchanged`,
    );
    for (const w of commit.warnings) log.push(`warning: ${w}`);
    return { results, patches, written: [], commit, log };
  }
  const written = applyFixesToWorkingTree(input.root, patches);
  log.push(`fix: wrote ${written.join(', ')}`);
  return { results, patches, written, log };
}
