import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import type { DocPatch } from '../docsync/index.js';

/** A git or file-system step of writing patches failed. */
export class PatchWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PatchWriteError';
  }
}

/**
 * Writes patched files into the working tree under `root` (the adapter behind `specwatch scan --fix`).
 * Refuses paths that leave `root`. Returns the files written.
 */
export function applyFixesToWorkingTree(root: string, patches: readonly DocPatch[]): string[] {
  const base = resolve(root);
  const written: string[] = [];
  for (const patch of patches) {
    const target = resolve(base, patch.file);
    if (target !== base && !target.startsWith(base + sep))
      throw new PatchWriteError(`${patch.file}: outside ${root}; not written`);
    writeFileSync(target, patch.text);
    written.push(patch.file);
  }
  return written;
}

/** Outcome of {@link commitFixesOnBranch}. */
export interface BranchCommit {
  branch: string;
  commit: string;
  message: string;
  /** Files whose committed (HEAD) text differs from the text the patch was computed from. */
  warnings: string[];
}

/**
 * Commits patched files on a new local branch built on HEAD, with a message listing the changes: the embedded
 * form of the docs pull request. Uses git plumbing only (a temporary index, `commit-tree`, `update-ref`): the
 * current branch, the index and the working tree are left exactly as they were. `root` may be a subdirectory of
 * the repository; patch paths are relative to it. Fails when the branch exists.
 */
export function commitFixesOnBranch(
  root: string,
  patches: readonly DocPatch[],
  branch: string,
  // Rendered by the caller (docsync's renderCommitMessage): a value import of docsync here would load its YAML
  // editor into every command that only reads a checkout.
  message: string,
): BranchCommit {
  const cwd = resolve(root);
  const run = (args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): string => {
    const result = spawnSync('git', args, {
      cwd,
      encoding: 'utf8',
      env: options.env ?? process.env,
      input: options.input,
      maxBuffer: 256 * 1024 * 1024,
    });
    if (result.error) throw new PatchWriteError(`git ${args[0]}: ${result.error.message}`);
    if (result.status !== 0)
      throw new PatchWriteError(`git ${args.join(' ')}: ${result.stderr.trim() || `exit ${result.status}`}`);
    return result.stdout;
  };
  run(['check-ref-format', '--branch', branch]);
  const ref = `refs/heads/${branch}`;
  if (spawnSync('git', ['rev-parse', '--verify', '--quiet', ref], { cwd }).status === 0) {
    throw new PatchWriteError(`branch ${branch} already exists; choose another name or delete it`);
  }
  const head = run(['rev-parse', '--verify', 'HEAD^{commit}']).trim();
  const prefix = run(['rev-parse', '--show-prefix']).trim();
  const dir = mkdtempSync(join(tmpdir(), 'specwatch-index-'));
  const env = { ...process.env, GIT_INDEX_FILE: join(dir, 'index') };
  const warnings: string[] = [];
  try {
    run(['read-tree', head], { env });
    for (const patch of patches) {
      const path = prefix + patch.file;
      const listed = run(['ls-tree', head, '--', path]).trim();
      const mode = listed === '' ? '100644' : (listed.split(/\s+/)[0] as string);
      if (listed !== '') {
        const committed = run(['cat-file', 'blob', `${head}:${path}`]);
        if (committed !== patch.original)
          warnings.push(`${patch.file}: uncommitted changes in the working tree are part of this commit`);
      }
      const blob = run(['hash-object', '-w', '--stdin', `--path=${path}`], { input: patch.text }).trim();
      run(['update-index', '--add', '--cacheinfo', `${mode},${blob},${path}`], { env });
    }
    const tree = run(['write-tree'], { env }).trim();
    const commit = run(['commit-tree', tree, '-p', head, '-F', '-'], { input: message }).trim();
    // The empty old value makes update-ref fail rather than move a branch created meanwhile.
    run(['update-ref', '-m', 'specwatch: docs fixes', ref, commit, '']);
    return { branch, commit, message, warnings };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
