import { IGNORED_DIRS, normalizeRepoPath, RepoAccessError, type RepoFiles } from './repo-files.js';

/** A checkout held in memory: tests, and files fetched from GitHub at a commit. */
export function memoryRepo(files: Record<string, string>): RepoFiles {
  const map = new Map<string, string>();
  for (const [path, text] of Object.entries(files)) {
    const rel = normalizeRepoPath(path);
    if (rel !== undefined) map.set(rel, text);
  }
  const lookup = (path: string): string => {
    const rel = normalizeRepoPath(path);
    if (rel === undefined)
      throw new RepoAccessError(`${path}: refused, the path leaves the repository root`, path, 'escapes-root');
    const text = map.get(rel);
    if (text === undefined) throw new RepoAccessError(`${rel}: no such file`, rel, 'not-found');
    return text;
  };
  return {
    async list() {
      return [...map.keys()].filter((p) => !p.split('/').some((seg) => IGNORED_DIRS.has(seg))).sort();
    },
    async read(path) {
      return lookup(path);
    },
    async size(path) {
      try {
        return Buffer.byteLength(lookup(path));
      } catch (error) {
        if (error instanceof RepoAccessError && error.reason === 'escapes-root') throw error;
        return undefined;
      }
    },
  };
}
