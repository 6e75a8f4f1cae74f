import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyFixesToWorkingTree, commitFixesOnBranch, PatchWriteError } from '../../src/checkout/index.js';
import { applyDocFixes, type DocPatch, renderCommitMessage } from '../../src/docsync/index.js';
import { readFixtures } from '../docsync/helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.org',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.org',
    },
  });
}

/** A repository with the petstore doc under `api/`, committed; returns the repo root and the patch. */
function setup(): { root: string; sub: string; patch: DocPatch } {
  const root = mkdtempSync(join(tmpdir(), 'specwatch-git-'));
  dirs.push(root);
  const sub = join(root, 'api');
  mkdirSync(sub);
  const files = readFixtures('petstore.yaml');
  writeFileSync(join(sub, 'petstore.yaml'), files['petstore.yaml'] as string);
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'init');
  const result = applyDocFixes({
    entry: 'petstore.yaml',
    files,
    fixes: [{ kind: 'deprecate-operation', spec: 'petstore.yaml', method: 'DELETE', path: '/pets/{petId}' }],
  });
  return { root, sub, patch: result.patches[0] as DocPatch };
}

describe('writing patches', () => {
  it('commits on a new branch with plumbing, leaving HEAD, index and working tree as they were', () => {
    const { root, sub, patch } = setup();
    const head = git(root, 'rev-parse', 'HEAD');
    const out = commitFixesOnBranch(sub, [patch], 'specwatch/docs/petstore', renderCommitMessage([patch]));
    expect(git(root, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(root, 'symbolic-ref', 'HEAD').trim()).toBe('refs/heads/main');
    expect(git(root, 'status', '--porcelain')).toBe('');
    expect(readFileSync(join(sub, 'petstore.yaml'), 'utf8')).toBe(patch.original);
    expect(git(root, 'show', 'specwatch/docs/petstore:api/petstore.yaml')).toBe(patch.text);
    expect(git(root, 'rev-parse', 'specwatch/docs/petstore^').trim()).toBe(head.trim());
    expect(git(root, 'log', '-1', '--format=%B', 'specwatch/docs/petstore')).toContain(
      '- Mark DELETE /pets/{petId} deprecated',
    );
    expect(out.warnings).toEqual([]);
    expect(() => commitFixesOnBranch(sub, [patch], 'specwatch/docs/petstore', renderCommitMessage([patch]))).toThrow(
      PatchWriteError,
    );
  });

  it('writes the working tree and refuses paths outside the folder', () => {
    const { sub, patch } = setup();
    expect(applyFixesToWorkingTree(sub, [patch])).toEqual(['petstore.yaml']);
    expect(readFileSync(join(sub, 'petstore.yaml'), 'utf8')).toBe(patch.text);
    expect(() => applyFixesToWorkingTree(sub, [{ ...patch, file: '../evil.yaml' }])).toThrow(PatchWriteError);
  });
});
