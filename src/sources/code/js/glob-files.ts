import { globTester } from '../../../model/index.js';

/**
 * Packages that list files by a glob pattern, by the export called (`''`: the package's default export), and whether
 * the listing holds folders as well as files by default (glob does; fast-glob, globby and tiny-glob list files only).
 */
const GLOB_EXPORTS: Record<string, { exports: readonly string[]; folders: boolean }> = {
  glob: { exports: ['', 'sync', 'glob', 'globSync', 'glob.sync'], folders: true },
  'fast-glob': { exports: ['', 'sync', 'async', 'glob', 'globSync'], folders: false },
  globby: { exports: ['', 'sync', 'globby', 'globbySync'], folders: false },
  'tiny-glob': { exports: [''], folders: true },
  'tiny-glob/sync': { exports: [''], folders: true },
};

/** At most this many paths are listed; a pattern matching more gives no listing at all. */
const MAX_MATCHES = 200;

/** Whether a package export lists files by a glob, and whether its listing holds folders by default. */
export function globListing(pkg: string, path: readonly string[]): { folders: boolean } | undefined {
  const known = GLOB_EXPORTS[pkg];
  const exported = path.filter((p) => p !== 'default').join('.');
  return known?.exports.includes(exported) ? { folders: known.folders } : undefined;
}

export interface GlobQuery {
  /** Patterns written from the checkout root, which stands for `/` (`/src/modules/*`). */
  patterns: readonly string[];
  ignore: readonly string[];
  files: boolean;
  folders: boolean;
}

/**
 * The checkout paths a glob call lists, `/`-rooted, sorted as the packages sort them: files of the checkout and the
 * folders holding them, never anything outside it. Undefined when the pattern matches more than {@link MAX_MATCHES}.
 */
export function globCheckout(query: GlobQuery, repoFiles: Iterable<string>): string[] | undefined {
  const candidates = new Set<string>();
  for (const file of repoFiles) {
    if (query.files) candidates.add(`/${file}`);
    if (!query.folders) continue;
    for (let i = file.indexOf('/'); i > 0; i = file.indexOf('/', i + 1)) candidates.add(`/${file.slice(0, i)}`);
  }
  const wanted = query.patterns.map((p) => globTester(p));
  const ignored = query.ignore.map((p) => globTester(p));
  const out: string[] = [];
  for (const path of candidates) {
    if (!wanted.some((t) => t(path)) || ignored.some((t) => t(path))) continue;
    out.push(path);
    if (out.length > MAX_MATCHES) return undefined;
  }
  return out.sort();
}

/** The `fs` modules whose `readdir` lists a folder (`fs.promises.readdir`, bluebird's promisified `readdirAsync`). */
const FS_PACKAGES = new Set(['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'fs-extra', 'graceful-fs']);
const READDIR = /^readdir(?:Sync|Async)?$/;

/** Whether a package export lists a folder's entries by name (`fs.readdirSync`, `readdir` of `fs/promises`). */
export function readdirListing(pkg: string, path: readonly string[]): boolean {
  const exported = path.filter((p) => p !== 'default' && p !== 'promises');
  return FS_PACKAGES.has(pkg) && exported.length === 1 && READDIR.test(exported[0] as string);
}

/** Whether a method name lists a folder, whatever object it is called on (`fs.readdirAsync` of a promisified fs). */
export function isReaddirMethod(name: string): boolean {
  return READDIR.test(name);
}

/**
 * The names `readdir` gives for a `/`-rooted checkout folder (`/routes`): its files and sub-folders, sorted, read
 * from the checkout's files and never the disk. Undefined when the folder holds nothing or more than
 * {@link MAX_MATCHES} entries.
 */
export function folderEntries(dir: string, repoFiles: Iterable<string>): string[] | undefined {
  const prefix = `${dir.replace(/^\/+|\/+$/g, '')}/`;
  const names = new Set<string>();
  for (const file of repoFiles) {
    if (prefix !== '/' && !file.startsWith(prefix)) continue;
    const rest = prefix === '/' ? file : file.slice(prefix.length);
    const name = rest.split('/')[0];
    if (name) names.add(name);
    if (names.size > MAX_MATCHES) return undefined;
  }
  return names.size > 0 ? [...names].sort() : undefined;
}

/**
 * `path.join(…)` / `path.resolve(…)` of known strings, `/`-rooted as `__dirname` gives: `.` and `..` segments
 * folded, one `/` between parts; `resolve` starts again at an absolute part.
 */
export function joinFsPaths(parts: readonly string[], resolve: boolean): string {
  let start = 0;
  if (resolve) for (let i = 0; i < parts.length; i++) if ((parts[i] as string).startsWith('/')) start = i;
  const segs: string[] = [];
  for (const part of parts.slice(start).join('/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') segs.pop();
    else segs.push(part);
  }
  const absolute = (parts[start] ?? '').startsWith('/');
  return `${absolute ? '/' : ''}${segs.join('/')}`;
}
