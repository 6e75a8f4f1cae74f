import { globTester } from '../../model/index.js';

/** Folder names whose files are not served code: tests, fixtures, vendored copies, build output. */
export const SKIPPED_DIRS = new Set([
  'node_modules',
  'bower_components',
  'vendor',
  'vendors',
  'third_party',
  'third-party',
  'test',
  'tests',
  '__tests__',
  '__test__',
  'spec',
  '__mocks__',
  'mocks',
  '__fixtures__',
  'fixtures',
  'testdata',
  'e2e',
  'cypress',
  'playwright',
  'dist',
  'build',
  'out',
  '.next',
  '.nuxt',
  '.output',
  '.svelte-kit',
  'coverage',
  'target',
  'site-packages',
  '.git',
  '.venv',
  'venv',
  '.tox',
]);

const TEST_FILE =
  /(\.|_|-)(test|spec|e2e-spec|stories|story)\.[cm]?[jt]sx?$|\.d\.[cm]?ts$|\.min\.js$|^test_[^/]*\.py$|_test\.(py|go)$|(Test|Tests|IT)\.(java|kt)$|^conftest\.py$/;

/**
 * Folder names that are also words of a URL: under a file-system routes folder (SvelteKit and Remix `routes`, Next.js
 * and Astro `pages`, Nitro `server/api`) a folder named so is a path segment of the routes below it
 * (`src/routes/api/triggers/test/[id]/+server.ts` serves `/api/triggers/test/{id}`), not a test folder.
 */
const URL_WORDS = new Set(['test', 'tests', 'spec', 'e2e']);

/** Whether the folders before `index` hold a file-system routes folder. */
function underRoutesFolder(segments: readonly string[], index: number): boolean {
  for (let i = 0; i < index; i++) {
    const s = segments[i];
    if (s === 'routes' || s === 'pages' || (s === 'api' && segments[i - 1] === 'server')) return true;
  }
  return false;
}

/** True when a file is a test, fixture, vendored or build-output file that extractors skip by default. */
export function isSkippedByDefault(path: string): boolean {
  const segments = path.split('/');
  const name = segments[segments.length - 1] ?? '';
  for (let i = 0; i < segments.length - 1; i++) {
    const s = segments[i] as string;
    if (SKIPPED_DIRS.has(s) && !(URL_WORDS.has(s) && underRoutesFolder(segments, i))) return true;
  }
  return TEST_FILE.test(name);
}

/**
 * Turns a glob (`**`, `*`, `?`, `{a,b}`) into a matcher over repo-relative paths. A pattern without `/` matches
 * a file name at any depth; a pattern ending in `/` or naming a folder matches everything under it.
 */
export function globMatcher(pattern: string): (path: string) => boolean {
  let glob = pattern.replace(/^\.\//, '').replace(/^\//, '');
  if (glob.endsWith('/')) glob += '**';
  const test = globTester(glob, { basename: !glob.includes('/') });
  // A folder that matches takes everything under it: try the path and each of its parent folders.
  return (path) => {
    const parts = path.split('/');
    for (let i = parts.length; i >= 1; i--) if (test(parts.slice(0, i).join('/'))) return true;
    return false;
  };
}

/** Files the extractors read: include globs narrow (and lift the default skips), exclude globs remove. */
export function selectSourceFiles(
  files: readonly string[],
  include?: readonly string[],
  exclude?: readonly string[],
): string[] {
  const inc = include && include.length > 0 ? include.map(globMatcher) : undefined;
  const exc = (exclude ?? []).map(globMatcher);
  return files.filter((file) => {
    if (inc) {
      if (!inc.some((m) => m(file))) return false;
      if (file.split('/').includes('node_modules')) return false;
    } else if (isSkippedByDefault(file)) return false;
    return !exc.some((m) => m(file));
  });
}
