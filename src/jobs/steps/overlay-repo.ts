import { normalizeRepoPath, type RepoFiles } from '../../sources/repo/index.js';

/** A checkout with extra files laid over it (a workflow artifact's generated spec or captures). */
export function overlayRepo(base: RepoFiles, extra: Record<string, string>): RepoFiles {
  const files = new Map<string, string>();
  for (const [path, text] of Object.entries(extra)) {
    const rel = normalizeRepoPath(path);
    if (rel !== undefined) files.set(rel, text);
  }
  return {
    ...(base.notices ? { notices: base.notices } : {}),
    async list() {
      return [...new Set([...(await base.list()), ...files.keys()])].sort();
    },
    async read(path) {
      const rel = normalizeRepoPath(path);
      const text = rel === undefined ? undefined : files.get(rel);
      return text ?? base.read(path);
    },
    async readBytes(path) {
      const rel = normalizeRepoPath(path);
      const text = rel === undefined ? undefined : files.get(rel);
      return text === undefined ? base.readBytes(path) : Buffer.from(text);
    },
    async size(path) {
      const rel = normalizeRepoPath(path);
      const text = rel === undefined ? undefined : files.get(rel);
      return text === undefined ? base.size(path) : Buffer.byteLength(text);
    },
  };
}
