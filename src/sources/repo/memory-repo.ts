import { IGNORED_DIRS, normalizeRepoPath, RepoAccessError, type RepoFiles } from './repo-files.js';

/** A checkout held in memory: tests, and files fetched from GitHub at a commit. */
export function memoryRepo(files: Record<string, string | Uint8Array>): RepoFiles {
  const map = new Map<string, string | Uint8Array>();
  for (const [path, text] of Object.entries(files)) {
    const rel = normalizeRepoPath(path);
    if (rel !== undefined) map.set(rel, text);
  }
  const lookup = (path: string): string | Uint8Array => {
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
      const content = lookup(path);
      return typeof content === 'string' ? content : Buffer.from(content).toString('utf8');
    },
    async readBytes(path) {
      const content = lookup(path);
      return typeof content === 'string' ? Buffer.from(content) : content;
    },
    async size(path) {
      try {
        const content = lookup(path);
        return typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength;
      } catch (error) {
        if (error instanceof RepoAccessError && error.reason === 'escapes-root') throw error;
        return undefined;
      }
    },
  };
}
