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
