import type { InputNotice } from '../../model/index.js';
import type { RepoFiles } from '../repo/index.js';
import { hasTopLevelSpecKey } from './top-level-key.js';

export interface DiscoveryResult {
  /** Entry documents (a top-level `openapi` or `swagger` key), repo-relative. */
  specs: string[];
  /** Candidates not taken, with the reason: over the size limit, binary, unreadable, not an OpenAPI document. */
  notices: InputNotice[];
  /** How many YAML/JSON candidates were looked at. */
  looked: number;
}

/** Folders never searched: dependencies, build output, test material, tool config. */
export const DISCOVERY_SKIPPED_DIRS = new Set([
  'vendor',
  'vendors',
  'third_party',
  'third-party',
  'bower_components',
  'dist',
  'build',
  'out',
  'target',
  'coverage',
  '.next',
  '.nuxt',
  '.output',
  '.svelte-kit',
  'fixtures',
  '__fixtures__',
  'testdata',
  'test-data',
  '__tests__',
  '__mocks__',
  '.github',
  '.vscode',
  '.idea',
  '.specwatch',
]);
const DATA_FILE = /\.(ya?ml|json)$/i;
/** Well-known tool files that are never API descriptions (not worth a notice each). */
const TOOL_FILE =
  /^(package(-lock)?\.json|npm-shrinkwrap\.json|composer\.(json|lock)|tsconfig(\.[^/]*)?\.json|jsconfig\.json|\.?eslintrc(\.[^/]*)?|\.prettierrc(\.[^/]*)?|renovate\.json|lerna\.json|nx\.json|turbo\.json|vercel\.json|app\.json|angular\.json|\.babelrc(\.json)?|babel\.config\.json|biome\.jsonc?|deno\.jsonc?|pnpm-lock\.yaml|pnpm-workspace\.yaml|yarn\.lock|\.pre-commit-config\.yaml|\.gitlab-ci\.yml|\.travis\.yml|docker-compose[^/]*\.ya?ml|compose\.ya?ml|mkdocs\.ya?ml|codecov\.ya?ml|\.golangci\.ya?ml|\.?specwatch\.ya?ml)$/i;
/** Bytes of a candidate checked for NUL before it is taken as text. */
const BINARY_PROBE = 8192;

/**
 * Finds every committed API description without configuration: every YAML/JSON file outside dependency, build and
 * test folders is a candidate, and a cheap scan for a top-level `openapi`/`swagger` key (a column-0 key in YAML, a
 * depth-1 key in JSON) decides before any full parse — wherever the key stands (sorted keys put it last), whatever
 * the file and folder are called. Candidates not taken are returned as notices; the caller drops those that a spec
 * reaches through `$ref` (split files are read as part of their spec, never as entries).
 */
export async function discoverSpecs(
  repo: RepoFiles,
  options: { maxFileBytes?: number } = {},
): Promise<DiscoveryResult> {
  const maxFileBytes = options.maxFileBytes ?? 50 * 1024 * 1024;
  const specs: string[] = [];
  const notices: InputNotice[] = [];
  let looked = 0;
  for (const file of await repo.list()) {
    if (!isSpecCandidate(file)) continue;
    looked++;
    const size = await repo.size(file);
    if (size === undefined) continue;
    const notice = (reason: InputNotice['reason'], detail: string) =>
      notices.push({ file, view: 'documented', reason, detail });
    if (size > maxFileBytes) {
      notice('oversized', `${size} bytes is over the ${maxFileBytes}-byte file limit (limits.maxFileBytes)`);
      continue;
    }
    let text: string;
    try {
      text = await repo.read(file);
    } catch (error) {
      notice('unreadable', error instanceof Error ? error.message : String(error));
      continue;
    }
    if (text.slice(0, BINARY_PROBE).includes('\u0000')) {
      notice('binary', 'not text (NUL bytes)');
      continue;
    }
    if (hasTopLevelSpecKey(text)) specs.push(file);
    else notice('not-openapi', 'no top-level openapi or swagger key');
  }
  return { specs, notices, looked };
}

/** A YAML/JSON file outside dependency, build and test folders, and not a well-known tool file. */
export function isSpecCandidate(file: string): boolean {
  const segments = file.split('/');
  const name = segments[segments.length - 1] as string;
  if (!DATA_FILE.test(name) || TOOL_FILE.test(name)) return false;
  for (let i = 0; i < segments.length - 1; i++) {
    const dir = (segments[i] as string).toLowerCase();
    if (DISCOVERY_SKIPPED_DIRS.has(dir)) return false;
    if ((dir === 'test' || dir === 'tests' || dir === 'spec') && segments[i + 1]?.toLowerCase() === 'fixtures')
      return false;
  }
  return true;
}
