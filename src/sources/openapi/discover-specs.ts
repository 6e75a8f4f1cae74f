import type { RepoFiles } from '../repo/index.js';

/** A file that looked like it could be a spec but was not read as one, and why. */
export interface SkippedFile {
  file: string;
  reason: string;
}

export interface DiscoveryResult {
  /** Entry documents (a top-level `openapi:` or `swagger:` key), repo-relative. */
  specs: string[];
  skipped: SkippedFile[];
}

/** Folders whose YAML/JSON files are API descriptions by convention. */
const SPEC_DIRS = new Set([
  'openapi',
  'api-docs',
  'apidocs',
  'swagger',
  'spec',
  'specs',
  'api-spec',
  'api-specs',
  'oas',
]);
/** Folders never searched: dependencies, builds, test data. */
const SKIP_DIRS = new Set([
  'vendor',
  'vendors',
  'third_party',
  'third-party',
  'bower_components',
  'dist',
  'coverage',
  'fixtures',
  '__fixtures__',
  'testdata',
  'test-data',
  '__tests__',
  '__mocks__',
  '.github',
  '.specwatch',
]);
const SPEC_NAME = /^(openapi|swagger|oas|api-?spec)[^/]*\.(ya?ml|json)$/i;
const DATA_FILE = /\.(ya?ml|json)$/i;
/** A top-level `openapi:`/`swagger:` key within the first few KB, YAML or JSON. */
const SPEC_MARKER = /^(?:\{\s*)?["']?(openapi|swagger)["']?\s*:\s*["']?\d/m;

/**
 * Finds committed API descriptions without configuration: conventional names anywhere, and YAML/JSON files in
 * conventional folders (`openapi/`, `api-docs/`, `docs/api/`, …), keeping only those whose content is an
 * OpenAPI/Swagger document. Split files (a path item, a schema) are skipped: they are read through `$ref`.
 */
export async function discoverSpecs(
  repo: RepoFiles,
  options: { maxFileBytes?: number } = {},
): Promise<DiscoveryResult> {
  const maxFileBytes = options.maxFileBytes ?? 50 * 1024 * 1024;
  const specs: string[] = [];
  const skipped: SkippedFile[] = [];
  for (const file of await repo.list()) {
    if (!isCandidate(file)) continue;
    const size = await repo.size(file);
    if (size === undefined) continue;
    if (size > maxFileBytes) {
      skipped.push({ file, reason: `over the ${Math.round(maxFileBytes / 1024 / 1024)} MB size limit` });
      continue;
    }
    let head: string;
    try {
      head = (await repo.read(file)).slice(0, 4096);
    } catch (error) {
      skipped.push({ file, reason: error instanceof Error ? error.message : String(error) });
      continue;
    }
    if (SPEC_MARKER.test(head)) specs.push(file);
    else skipped.push({ file, reason: 'not an OpenAPI document (no top-level openapi or swagger key)' });
  }
  return { specs, skipped };
}

function isCandidate(file: string): boolean {
  const segments = file.split('/');
  const name = segments[segments.length - 1] as string;
  const dirs = segments.slice(0, -1);
  if (dirs.some((d) => SKIP_DIRS.has(d.toLowerCase()))) return false;
  if (dirs.some((d, i) => (d === 'test' || d === 'tests' || d === 'spec') && dirs[i + 1] === 'fixtures')) return false;
  if (!DATA_FILE.test(name) || name === 'package.json' || name.endsWith('.lock') || name === 'package-lock.json')
    return false;
  if (SPEC_NAME.test(name)) return true;
  const lower = dirs.map((d) => d.toLowerCase());
  if (lower.some((d) => SPEC_DIRS.has(d))) return true;
  return lower.some((d, i) => (d === 'docs' || d === 'doc') && lower[i + 1] === 'api');
}
