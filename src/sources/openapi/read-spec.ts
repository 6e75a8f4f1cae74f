import {
  type ApiSurface,
  DEFAULT_READ_LIMITS,
  type Diagnostic,
  dedupeNotices,
  globToRegExp,
  type InputNotice,
  type ReadLimits,
} from '../../model/index.js';
import type { RepoFiles } from '../repo/index.js';
import { buildSurface, detectSpecVersion } from './build-surface.js';
import { discoverSpecs } from './discover-specs.js';
import { DocumentSet } from './document-set.js';
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
  /** Inputs of the documented view not read, or not read whole, with the reason. */
  notices: InputNotice[];
  /** YAML/JSON candidates discovery looked at (0 when the entries were named). */
  looked: number;
}

/** Which notice reason a spec's read error is. */
function reasonOf(code: string): InputNotice['reason'] {
  if (code === 'too-large' || code === 'too-many-files' || code === 'alias-expansion') return 'oversized';
  if (code === 'invalid-yaml' || code === 'invalid-json') return 'unparsable';
  if (code === 'not-openapi') return 'not-openapi';
  if (code === 'ref-escapes-root') return 'rejected';
  if (code === 'unreadable') return 'unreadable';
  if (code === 'template-merged') return 'merged';
  return 'unresolved';
}

/** The notices one spec result carries: its own read error, or the referenced files and `$ref`s it could not read. */
export function specNotices(spec: SpecReadResult): InputNotice[] {
  if (!spec.ok) {
    const e = spec.error;
    return [
      {
        file: e.file ?? spec.file,
        view: 'documented',
        reason: reasonOf(e.code),
        detail: stripFile(e.message, e.file ?? spec.file),
        ...(e.line !== undefined ? { line: e.line } : {}),
      },
    ];
  }
  return spec.surface.diagnostics
    .filter((d) => (d.level === 'error' || d.code === 'template-merged') && d.file !== undefined)
    .map((d) => ({
      file: d.file as string,
      view: 'documented' as const,
      reason: reasonOf(d.code),
      detail: stripFile(d.message, d.file as string),
      ...(d.line !== undefined ? { line: d.line } : {}),
    }));
}

/** `file:12: message` → `message` (the notice names the file and line itself). */
function stripFile(message: string, file: string): string {
  if (!message.startsWith(file)) return message;
  return message.slice(file.length).replace(/^(:\d+)?(:\d+)?:\s*/, '');
}

/**
 * Reads the documented view of a checkout: the files named by config globs, or discovered ones. A broken spec
 * yields an error result; the others are still read. A discovered entry that another spec reaches through `$ref`
 * is a split file of that spec, not a spec of its own; discovery's notices about files a spec read are dropped.
 */
export async function readDocumentedSurfaces(
  repo: RepoFiles,
  options: { docs?: string[]; limits?: Partial<ReadLimits> } = {},
): Promise<DocumentedRead> {
  const maxFileBytes = options.limits?.maxFileBytes ?? DEFAULT_READ_LIMITS.maxFileBytes;
  let entries: string[];
  let discovered: InputNotice[] = [];
  let looked = 0;
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
    discovered = found.notices;
    looked = found.looked;
  }
  let specs: SpecReadResult[] = [];
  for (const entry of entries) specs.push(await readOpenApi(repo, entry, options.limits));
  const read = new Set<string>();
  for (const spec of specs) if (spec.ok) for (const f of spec.surface.files) if (f !== spec.file) read.add(f);
  if (!options.docs || options.docs.length === 0) specs = specs.filter((s) => !read.has(s.file));
  for (const spec of specs) if (spec.ok) for (const f of spec.surface.files) read.add(f);
  const notices = [...discovered.filter((n) => !read.has(n.file)), ...specs.flatMap(specNotices)];
  return { specs, notices: dedupeNotices(notices), looked };
}
