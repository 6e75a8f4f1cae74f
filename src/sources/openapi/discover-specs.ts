import type { InputNotice } from '../../model/index.js';
import { RepoAccessError, type RepoFiles } from '../repo/index.js';
import { scanTopLevelKeys } from './top-level-key.js';

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
 * Bytes of a candidate read first. Data files say what they are in their first keys, so a big one is judged on its
 * head; a head whose top-level keys are all OpenAPI root fields (a sorted spec: `components:` first) is read whole.
 */
const HEAD_BYTES = 64 * 1024;

/**
 * Finds every committed API description without configuration: every YAML/JSON file outside dependency, build and
 * test folders is a candidate, and a cheap scan of its top-level keys (column-0 keys in YAML, depth-1 keys in JSON)
 * decides before any full parse: an `openapi`/`swagger` key makes an entry wherever it stands among OpenAPI's root
 * fields (sorted keys put it last), whatever the file and folder are called; a key OpenAPI does not define before it
 * (`apiVersion:` of a manifest) rules the file out on its head, without reading the rest. Candidates not taken are returned as notices; the caller drops those that a spec
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
    const notice = (reason: InputNotice['reason'], detail: string) =>
      notices.push({ file, view: 'documented', reason, detail });
    let head: Head | undefined;
    try {
      head = await readHead(repo, file, maxFileBytes);
    } catch (error) {
      const escapes = error instanceof RepoAccessError && error.reason === 'escapes-root';
      notice(escapes ? 'rejected' : 'unreadable', error instanceof Error ? error.message : String(error));
      continue;
    }
    if (head === undefined) continue;
    if (head.size > maxFileBytes) {
      notice('oversized', `${head.size} bytes is over the ${maxFileBytes}-byte file limit (limits.maxFileBytes)`);
      continue;
    }
    if (head.text.slice(0, BINARY_PROBE).includes('\u0000')) {
      notice('binary', 'not text (NUL bytes)');
      continue;
    }
    let scan = scanTopLevelKeys(head.text, head.complete);
    if (scan.verdict === 'undecided') {
      try {
        scan = scanTopLevelKeys(await repo.read(file));
      } catch (error) {
        notice('unreadable', error instanceof Error ? error.message : String(error));
        continue;
      }
    }
    if (scan.verdict === 'spec') specs.push(file);
    else
      notice(
        'not-openapi',
        scan.verdict === 'not-spec' && scan.foreignKey !== undefined
          ? `top-level key ${JSON.stringify(scan.foreignKey)} is not an OpenAPI field, and no openapi or swagger key comes before it`
          : 'no top-level openapi or swagger key',
      );
  }
  return { specs, notices, looked };
}

/**
 * The head of a file and its size: through the checkout's own `readHead` where it has one, else the whole text (in
 * memory, or fetched anyway). Undefined when the file is gone. Nothing over `maxFileBytes` is read whole.
 */
async function readHead(repo: RepoFiles, file: string, maxFileBytes: number): Promise<Head | undefined> {
  if (repo.readHead) {
    const head = await repo.readHead(file, HEAD_BYTES);
    return head && { ...head, complete: head.size <= HEAD_BYTES };
  }
  const size = await repo.size(file);
  if (size === undefined) return undefined;
  if (size > maxFileBytes) return { text: '', size, complete: false };
  return { text: await repo.read(file), size, complete: true };
}

interface Head {
  text: string;
  /** Bytes of the whole file. */
  size: number;
  /** Whether `text` is the whole file. */
  complete: boolean;
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
