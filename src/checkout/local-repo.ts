import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { IGNORED_DIRS, normalizeRepoPath, RepoAccessError, type RepoFiles } from '../sources/repo/index.js';

/** A checkout on the local disk. Symlinks are followed only when they stay inside the root. */
export function localRepo(rootDir: string): RepoFiles {
  const root = resolve(rootDir);
  let realRoot: Promise<string> | undefined;
  const getRealRoot = () => {
    realRoot ??= realpath(root);
    return realRoot;
  };

  const confine = async (path: string): Promise<string> => {
    const rel = normalizeRepoPath(path);
    if (rel === undefined)
      throw new RepoAccessError(`${path}: refused, the path leaves the repository root`, path, 'escapes-root');
    const abs = join(root, rel);
    let real: string;
    try {
      real = await realpath(abs);
    } catch {
      throw new RepoAccessError(`${rel}: no such file`, rel, 'not-found');
    }
    const base = await getRealRoot();
    if (real !== base && !real.startsWith(base + sep)) {
      throw new RepoAccessError(
        `${rel}: refused, it is a link pointing outside the repository root`,
        rel,
        'escapes-root',
      );
    }
    return real;
  };

  return {
    async list() {
      const files: string[] = [];
      const walk = async (dir: string): Promise<void> => {
        const entries = await readdir(dir, { withFileTypes: true });
        for (const entry of entries) {
          const abs = join(dir, entry.name);
          if (entry.isDirectory()) {
            if (!IGNORED_DIRS.has(entry.name)) await walk(abs);
          } else if (entry.isFile() || entry.isSymbolicLink()) {
            files.push(relative(root, abs).split(sep).join('/'));
          }
        }
      };
      await walk(root);
      return files.sort();
    },
    async read(path) {
      // One decode of the whole file: with an encoding, readFile decodes chunk by chunk and joins the pieces,
      // which costs a multi-megabyte spec noticeably more.
      return (await readFile(await confine(path))).toString('utf8');
    },
    async readBytes(path) {
      return readFile(await confine(path));
    },
    async size(path) {
      try {
        return (await stat(await confine(path))).size;
      } catch (error) {
        if (error instanceof RepoAccessError && error.reason === 'escapes-root') throw error;
        return undefined;
      }
    },
  };
}

/** True when the path is a folder on disk. */
export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isDirectory() || (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
