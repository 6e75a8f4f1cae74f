import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { IGNORED_DIRS, normalizeRepoPath, RepoAccessError, type RepoFiles } from '../sources/repo/index.js';

const run = promisify(execFile);
/** Largest blob read through `git show` (specs are a few MB; Stripe's is 4 MB). */
const MAX_BUFFER = 256 * 1024 * 1024;

/**
 * A commit of the git repository at `dir`, read from git objects (`git ls-tree`, `git cat-file`) without a
 * checkout, so `specwatch diff --base-ref main` compares against a branch while the work tree stays as it is.
 */
export function gitRepo(dir: string, ref: string): RepoFiles {
  if (ref.startsWith('-')) throw new RepoAccessError(`${ref}: not a git revision`, ref, 'not-found');
  const git = (args: string[], encoding: BufferEncoding | 'buffer' = 'utf8') =>
    run('git', args, { cwd: dir, maxBuffer: MAX_BUFFER, encoding: encoding as BufferEncoding });
  let listing: Promise<Map<string, number>> | undefined;
  const entries = (): Promise<Map<string, number>> => {
    listing ??= (async () => {
      const { stdout } = await git(['ls-tree', '-r', '-l', '-z', '--full-tree', ref]);
      const map = new Map<string, number>();
      for (const line of stdout.split('\0')) {
        // <mode> SP <type> SP <object> SP+ <size> TAB <path>
        const tab = line.indexOf('\t');
        if (tab < 0) continue;
        const meta = line.slice(0, tab).trim().split(/\s+/);
        if (meta[1] !== 'blob') continue;
        map.set(line.slice(tab + 1), Number(meta[3]));
      }
      return map;
    })();
    return listing;
  };
  const confine = (path: string): string => {
    const rel = normalizeRepoPath(path);
    if (rel === undefined)
      throw new RepoAccessError(`${path}: refused, the path leaves the repository root`, path, 'escapes-root');
    return rel;
  };
  return {
    async list() {
      const map = await entries();
      return [...map.keys()].filter((p) => !p.split('/').some((seg) => IGNORED_DIRS.has(seg))).sort();
    },
    async read(path) {
      const rel = confine(path);
      if (!(await entries()).has(rel)) throw new RepoAccessError(`${rel}: no such file at ${ref}`, rel, 'not-found');
      const { stdout } = await git(['cat-file', 'blob', `${ref}:${rel}`]);
      return stdout;
    },
    async readBytes(path) {
      const rel = confine(path);
      if (!(await entries()).has(rel)) throw new RepoAccessError(`${rel}: no such file at ${ref}`, rel, 'not-found');
      const { stdout } = await git(['cat-file', 'blob', `${ref}:${rel}`], 'buffer');
      return stdout as unknown as Buffer;
    },
    async size(path) {
      const rel = confine(path);
      return (await entries()).get(rel);
    },
  };
}

/** Resolves a revision to a commit id, or undefined when it names none (for a clear usage error). */
export async function resolveGitRef(dir: string, ref: string): Promise<string | undefined> {
  if (ref.startsWith('-')) return undefined;
  try {
    const { stdout } = await run('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: dir });
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}
