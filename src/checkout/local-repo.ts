import {
  closeSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  realpathSync,
  type Stats,
  statSync,
} from 'node:fs';
import { lstat, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { IGNORED_DIRS, normalizeRepoPath, RepoAccessError, type RepoFiles } from '../sources/repo/index.js';

/**
 * A checkout on the local disk. Symlinks are followed only when they stay inside the root.
 *
 * The file system is read synchronously: the CLI reads thousands of small files one after the other (discovery
 * looks at every YAML/JSON file of a monorepo), and a thread-pool round trip per call costs more CPU than the call.
 * Each folder's real path is resolved once; a file costs one `lstat` unless it is itself a link.
 */
export function localRepo(rootDir: string): RepoFiles {
  const root = resolve(rootDir);
  let realRoot: string | undefined;
  /** Real path of each folder asked about (repo-relative, '' for the root), or the error it gave. */
  const realDirs = new Map<string, string | RepoAccessError>();

  const escapes = (rel: string) =>
    new RepoAccessError(`${rel}: refused, it is a link pointing outside the repository root`, rel, 'escapes-root');
  const notFound = (rel: string) => new RepoAccessError(`${rel}: no such file`, rel, 'not-found');
  const inside = (real: string) => {
    realRoot ??= realpathSync(root);
    return real === realRoot || real.startsWith(realRoot + sep);
  };
  const realDir = (dir: string): string => {
    let real = realDirs.get(dir);
    if (real === undefined) {
      try {
        const resolved = realpathSync(join(root, dir));
        real = inside(resolved) ? resolved : escapes(dir);
      } catch {
        real = notFound(dir);
      }
      realDirs.set(dir, real);
    }
    if (real instanceof RepoAccessError) throw real;
    return real;
  };

  /** The real path of a file inside the root, and its stats (of the link's target when it is a link). */
  const confine = (path: string): { real: string; stats: Stats } => {
    const rel = normalizeRepoPath(path);
    if (rel === undefined)
      throw new RepoAccessError(`${path}: refused, the path leaves the repository root`, path, 'escapes-root');
    const slash = rel.lastIndexOf('/');
    let dir: string;
    try {
      dir = realDir(slash < 0 ? '' : rel.slice(0, slash));
    } catch (error) {
      if (error instanceof RepoAccessError && error.reason === 'escapes-root') throw escapes(rel);
      throw notFound(rel);
    }
    const abs = join(dir, rel.slice(slash + 1));
    let stats: Stats;
    try {
      stats = lstatSync(abs);
    } catch {
      throw notFound(rel);
    }
    if (!stats.isSymbolicLink()) return { real: abs, stats };
    let real: string;
    try {
      real = realpathSync(abs);
      stats = statSync(real);
    } catch {
      throw notFound(rel);
    }
    if (!inside(real)) throw escapes(rel);
    return { real, stats };
  };

  return {
    async list() {
      const files: string[] = [];
      const walk = (dir: string, prefix: string): void => {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
          if (entry.isDirectory()) {
            if (!IGNORED_DIRS.has(entry.name)) walk(join(dir, entry.name), `${prefix}${entry.name}/`);
          } else if (entry.isFile() || entry.isSymbolicLink()) files.push(prefix + entry.name);
        }
      };
      walk(root, '');
      return files.sort();
    },
    async read(path) {
      // One decode of the whole file (readFileSync's UTF-8 path), not chunk by chunk: a multi-megabyte spec costs less.
      return readFileSync(confine(path).real, 'utf8');
    },
    async readBytes(path) {
      return readFileSync(confine(path).real);
    },
    async size(path) {
      try {
        return confine(path).stats.size;
      } catch (error) {
        if (error instanceof RepoAccessError && error.reason === 'escapes-root') throw error;
        return undefined;
      }
    },
    async readHead(path, maxBytes) {
      let found: { real: string; stats: Stats };
      try {
        found = confine(path);
      } catch (error) {
        if (error instanceof RepoAccessError && error.reason === 'escapes-root') throw error;
        return undefined;
      }
      const { real, stats } = found;
      const buffer = Buffer.allocUnsafe(Math.min(maxBytes, stats.size));
      const fd = openSync(real, 'r');
      try {
        let filled = 0;
        while (filled < buffer.length) {
          const got = readSync(fd, buffer, filled, buffer.length - filled, filled);
          if (got === 0) break;
          filled += got;
        }
        return { text: buffer.toString('utf8', 0, filled), size: stats.size };
      } finally {
        closeSync(fd);
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
