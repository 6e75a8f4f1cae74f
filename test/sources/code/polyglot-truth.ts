import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { localRepo } from '../../../src/checkout/index.js';
import type { ApiSurface } from '../../../src/model/index.js';
import { buildImplementedSurface } from '../../../src/sources/code/build-surface.js';
import type { ExtractContext, RouteExtractor, Unparsed } from '../../../src/sources/code/extractor.js';
import { separateMachinery } from '../../../src/sources/code/machinery.js';
import { readEnvDefaults } from '../../../src/sources/code/read-env-defaults.js';
import { selectSourceFiles } from '../../../src/sources/code/select-files.js';

/** What a fixture app is known to serve. */
export interface Truth {
  operations: string[];
  /** `METHOD /path` → the prefix expression that cannot be resolved statically. */
  unresolvedPrefix?: Record<string, string>;
  /** Files that must be reported as unparsable. */
  unparsed?: string[];
}

/** Runs extractors over a fixture app under test/fixtures/code, the way the code frame does, and reads its truth.json. */
export async function extractFixture(
  name: string,
  extractors: RouteExtractor[],
): Promise<{ surface: ApiSurface; unparsed: Unparsed[]; truth: Truth; found: string[] }> {
  const dir = join(import.meta.dirname, '../../fixtures/code', name);
  const truth = JSON.parse(await readFile(join(dir, 'truth.json'), 'utf8')) as Truth;
  const repo = localRepo(dir);
  const files = await repo.list();
  const memos = new Map<string, unknown>();
  const context: ExtractContext = {
    repoFiles: new Set(files),
    env: (await readEnvDefaults(repo, files)).env,
    frameworks: new Set(extractors.map((e) => e.id)),
    read: (path) => repo.read(path).catch(() => undefined),
    memo<T>(key: string, compute: () => T): T {
      if (!memos.has(key)) memos.set(key, compute());
      return memos.get(key) as T;
    },
  };
  const sources = selectSourceFiles(files);
  const routes = [];
  const unparsed: Unparsed[] = [];
  const schemas = {};
  for (const extractor of extractors) {
    const mine = sources.filter((f) => extractor.extensions.some((ext) => f.endsWith(ext)));
    const result = await extractor.extract(mine, repo, context);
    routes.push(...result.operations);
    unparsed.push(...result.unparsed);
    Object.assign(schemas, result.schemas ?? {});
  }
  // As `specwatch routes` does: machinery and hidden routes are left out of the view before it is built.
  const { api } = separateMachinery(routes);
  const { surface } = buildImplementedSurface(api, schemas, undefined);
  const found = surface.operations.map((op) => `${op.method} ${op.path}`);
  return { surface, unparsed, truth, found };
}

/**
 * The extracted METHOD + path set equals the truth exactly; each operation listed with an unresolved prefix keeps
 * it (the expression must appear in it); each listed unparsable file is reported with a line and a reason.
 */
export function checkTruth(extracted: Awaited<ReturnType<typeof extractFixture>>): {
  missing: string[];
  extra: string[];
  unresolved: Record<string, string | undefined>;
  unparsedFiles: string[];
} {
  const { found, truth, surface, unparsed } = extracted;
  const unresolved: Record<string, string | undefined> = {};
  for (const key of Object.keys(truth.unresolvedPrefix ?? {})) {
    unresolved[key] = surface.operations.find((op) => `${op.method} ${op.path}` === key)?.unresolvedPrefix;
  }
  return {
    missing: truth.operations.filter((op) => !found.includes(op)),
    extra: found.filter((op) => !truth.operations.includes(op)),
    unresolved,
    unparsedFiles: [...new Set(unparsed.filter((u) => u.line >= 1 && u.reason !== '').map((u) => u.file))].sort(),
  };
}
