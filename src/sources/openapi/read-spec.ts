import { type ApiSurface, type Diagnostic, globToRegExp } from '../../model/index.js';
import type { RepoFiles } from '../repo/index.js';
import { buildSurface, detectSpecVersion } from './build-surface.js';
import { discoverSpecs, type SkippedFile } from './discover-specs.js';
import { DEFAULT_READ_LIMITS, DocumentSet, type ReadLimits } from './document-set.js';
import { DocumentParseError } from './parse-document.js';

/** One spec's outcome: a surface, or the reason it could not be read (the others are still read). */
export type SpecReadResult =
  | { file: string; ok: true; surface: ApiSurface }
  | { file: string; ok: false; error: Diagnostic };

/** Reads one OpenAPI/Swagger entry file (and every file its `$ref`s reach) into a documented surface. */
export async function readOpenApi(
  repo: RepoFiles,
  entry: string,
  limits: Partial<ReadLimits> = {},
): Promise<SpecReadResult> {
  try {
    const docs = await DocumentSet.load(repo, entry, { ...DEFAULT_READ_LIMITS, ...limits });
    if (detectSpecVersion(docs.root.data) === undefined) {
      return {
        file: entry,
        ok: false,
        error: {
          level: 'error',
          code: 'not-openapi',
          message: `${entry}: not an OpenAPI document (no top-level openapi or swagger key)`,
          file: entry,
        },
      };
    }
    return { file: entry, ok: true, surface: buildSurface(docs) };
  } catch (error) {
    if (error instanceof DocumentParseError) {
      const diagnostic: Diagnostic = { level: 'error', code: error.code, message: error.message, file: error.file };
      if (error.line !== undefined) diagnostic.line = error.line;
      if (error.column !== undefined) diagnostic.column = error.column;
      return { file: entry, ok: false, error: diagnostic };
    }
    throw error;
  }
}

export interface DocumentedRead {
  specs: SpecReadResult[];
  /** Files discovery looked at and did not take, with the reason. */
  skipped: SkippedFile[];
}

/**
 * Reads the documented view of a checkout: the files named by config globs, or discovered ones. A broken spec
 * yields an error result; the others are still read.
 */
export async function readDocumentedSurfaces(
  repo: RepoFiles,
  options: { docs?: string[]; limits?: Partial<ReadLimits> } = {},
): Promise<DocumentedRead> {
  const maxFileBytes = options.limits?.maxFileBytes ?? DEFAULT_READ_LIMITS.maxFileBytes;
  let entries: string[];
  let skipped: SkippedFile[] = [];
  if (options.docs && options.docs.length > 0) {
    const all = await repo.list();
    entries = [];
    for (const pattern of options.docs) {
      const matcher = globToRegExp(pattern);
      const matched = all.filter((f) => matcher.test(f));
      entries.push(...(matched.length > 0 ? matched : [pattern]));
    }
    entries = [...new Set(entries)];
  } else {
    const found = await discoverSpecs(repo, { maxFileBytes });
    entries = found.specs;
    skipped = found.skipped;
  }
  const specs: SpecReadResult[] = [];
  for (const entry of entries) specs.push(await readOpenApi(repo, entry, options.limits));
  return { specs, skipped };
}
