import type { InputNotice } from '../../model/index.js';

/**
 * Read access to one checkout (a local folder, or a commit fetched from GitHub). Every source reads through this,
 * so the same code serves the CLI and the App, and confinement to the checkout is enforced in one place.
 * Paths are relative to the checkout root and use `/`.
 */
export interface RepoFiles {
  /** Every file path of the checkout (ignored folders such as `.git` and `node_modules` already left out). */
  list(): Promise<string[]>;
  /** Reads a file as UTF-8. Rejects with {@link RepoAccessError} for paths that leave the checkout. */
  read(path: string): Promise<string>;
  /** Reads a file's bytes as stored (captures may be gzipped); same confinement as {@link read}. */
  readBytes(path: string): Promise<Uint8Array>;
  /** Size in bytes, or undefined when the file does not exist. */
  size(path: string): Promise<number | undefined>;
  /**
   * The first `maxBytes` bytes as UTF-8 (a character cut at the end is replaced) and the whole size, in one visit;
   * undefined when the file does not exist. Optional: a checkout on disk has it, so discovery looks at the head of
   * a 40 MB data file instead of reading it all; in memory, {@link read} costs nothing more.
   */
  readHead?(path: string, maxBytes: number): Promise<{ text: string; size: number } | undefined>;
  /** What getting the checkout left out (a download's refused or unfetched files), named in every output. */
  readonly notices?: readonly InputNotice[];
}

/** A path that leaves the checkout (`../`, absolute, or a symlink pointing out), or a file that does not exist. */
export class RepoAccessError extends Error {
  constructor(
    message: string,
    readonly path: string,
    readonly reason: 'escapes-root' | 'not-found' | 'too-large',
  ) {
    super(message);
    this.name = 'RepoAccessError';
  }
}

/** Folders never read: dependencies, VCS data, build output caches. */
export const IGNORED_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn', '__pycache__', '.venv', 'venv', '.tox']);

/**
 * Normalises a repo-relative path, resolving `.` and `..` segments; returns undefined when it would leave the root
 * or is absolute.
 */
export function normalizeRepoPath(path: string): string | undefined {
  if (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.includes('\0')) return undefined;
  const out: string[] = [];
  for (const seg of path.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(seg);
  }
  return out.join('/');
}

/** Resolves `target` relative to the folder of `fromFile`, both repo-relative; undefined when it leaves the root. */
export function resolveRepoPath(fromFile: string, target: string): string | undefined {
  if (target.startsWith('/')) return undefined;
  const dir = fromFile.includes('/') ? fromFile.slice(0, fromFile.lastIndexOf('/')) : '';
  return normalizeRepoPath(dir ? `${dir}/${target}` : target);
}
