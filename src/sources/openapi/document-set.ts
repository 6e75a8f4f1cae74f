import { DEFAULT_READ_LIMITS, type Diagnostic, type ReadLimits } from '../../model/index.js';
import { RepoAccessError, type RepoFiles, resolveRepoPath } from '../repo/index.js';
import { DocumentParseError, type ParsedDocument, parseDocument } from './parse-document.js';

/** A `$ref` whose value does not start with `#`, in YAML (plain, quoted or folded) or JSON spelling. */
const EXTERNAL_REF = /\$ref["']?\s*:\s*(?:[>|][-+]?\s+)?["']?[^#\s"'>|]/;

/** Where a `$ref` leads: a value in a loaded file, or why it leads nowhere. */
export type RefTarget =
  | {
      kind: 'resolved';
      doc: ParsedDocument;
      pointer: string;
      value: unknown;
      container: unknown;
      key: string | undefined;
    }
  | { kind: 'unresolved'; diagnostic: Diagnostic };

/**
 * The files of one spec: the entry document and every file its `$ref`s reach, loaded up front (async) so that
 * normalisation can then run synchronously. Remote URLs are never fetched; paths leaving the checkout are refused.
 */
export class DocumentSet {
  private readonly docs = new Map<string, ParsedDocument>();
  private readonly failures = new Map<string, Diagnostic>();
  readonly diagnostics: Diagnostic[] = [];

  private constructor(readonly entry: string) {}

  /** Loads the entry file; throws {@link DocumentParseError} when the entry itself cannot be read. */
  static async load(repo: RepoFiles, entry: string, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<DocumentSet> {
    const set = new DocumentSet(entry);
    const spent = { bytes: 0 };
    const root = await readAndParse(repo, entry, limits, spent);
    set.docs.set(entry, root);
    const queue = [root];
    while (queue.length > 0) {
      const doc = queue.shift() as ParsedDocument;
      // Most single-file specs have no ref to another file: skip the walk over the whole document then.
      if (!EXTERNAL_REF.test(doc.text)) continue;
      for (const file of collectExternalFiles(doc.data, doc.file)) {
        if (set.docs.has(file) || set.failures.has(file)) continue;
        if (set.docs.size >= limits.maxFiles) {
          set.fail(file, {
            level: 'error',
            code: 'too-many-files',
            message: `${entry}: more than ${limits.maxFiles} referenced files; ${file} not read`,
            file,
          });
          continue;
        }
        try {
          const loaded = await readAndParse(repo, file, limits, spent);
          set.docs.set(file, loaded);
          queue.push(loaded);
        } catch (error) {
          set.fail(file, toDiagnostic(error, file));
        }
      }
    }
    return set;
  }

  get root(): ParsedDocument {
    return this.docs.get(this.entry) as ParsedDocument;
  }

  /** Every file read for this spec. */
  get files(): string[] {
    return [...this.docs.keys()];
  }

  private fail(file: string, diagnostic: Diagnostic): void {
    this.failures.set(file, diagnostic);
  }

  /** Resolves `ref` written in `from` (inside `holder`, for the line of the diagnostic). */
  resolve(ref: string, from: ParsedDocument, holder: unknown): RefTarget {
    // The line is only needed for a diagnostic; most refs resolve, so it is looked up only when one does not.
    const unresolved = (code: string, message: string, level: Diagnostic['level'] = 'error'): RefTarget => {
      const line = from.lineOf(holder, '$ref');
      const where = { file: from.file, ...(line !== undefined ? { line } : {}) };
      return {
        kind: 'unresolved',
        diagnostic: { level, code, message: `${from.file}${line ? `:${line}` : ''}: ${message}`, ...where },
      };
    };
    if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) {
      if (/^https?:/i.test(ref)) return unresolved('remote-ref', `$ref to a remote URL is never fetched: ${ref}`);
      return unresolved(
        'ref-escapes-root',
        `$ref "${ref}" refused: only relative paths inside the repository are read`,
      );
    }
    const hash = ref.indexOf('#');
    const filePart = hash === -1 ? ref : ref.slice(0, hash);
    const pointer = hash === -1 ? '' : decodeURIComponentSafe(ref.slice(hash + 1));
    let doc = from;
    if (filePart !== '') {
      const file = resolveRepoPath(from.file, decodeURIComponentSafe(filePart));
      if (file === undefined)
        return unresolved('ref-escapes-root', `$ref "${ref}" refused: it leaves the repository root`);
      const loaded = this.docs.get(file);
      if (loaded === undefined) {
        const failure = this.failures.get(file);
        const reason = failure ? failure.message : 'file not found';
        const code = failure?.code === 'ref-escapes-root' ? 'ref-escapes-root' : 'unresolved-ref';
        return unresolved(code, `$ref "${ref}" cannot be resolved: ${reason}`);
      }
      doc = loaded;
    }
    const found = followPointer(doc.data, pointer);
    if (found === undefined) return unresolved('unresolved-ref', `$ref "${ref}" points to nothing in ${doc.file}`);
    return { kind: 'resolved', doc, pointer, ...found };
  }
}

async function readAndParse(
  repo: RepoFiles,
  file: string,
  limits: ReadLimits,
  spent: { bytes: number },
): Promise<ParsedDocument> {
  let size: number | undefined;
  try {
    size = await repo.size(file);
  } catch (error) {
    if (error instanceof RepoAccessError) throw new DocumentParseError(error.message, file, 'unreadable');
    throw error;
  }
  if (size === undefined) throw new DocumentParseError(`${file}: no such file`, file, 'unreadable');
  if (size > limits.maxFileBytes) {
    throw new DocumentParseError(
      `${file}: ${formatBytes(size)} is over the ${formatBytes(limits.maxFileBytes)} limit; not read (raise limits.maxFileBytes to allow it)`,
      file,
      'too-large',
    );
  }
  if (spent.bytes + size > limits.maxTotalBytes) {
    throw new DocumentParseError(
      `${file}: not read, the spec's files together would be over the ${formatBytes(limits.maxTotalBytes)} limit (limits.maxTotalBytes)`,
      file,
      'too-large',
    );
  }
  spent.bytes += size;
  let text: string;
  try {
    text = await repo.read(file);
  } catch (error) {
    if (error instanceof RepoAccessError) throw new DocumentParseError(error.message, file, 'unreadable');
    throw error;
  }
  return parseDocument(text, file, limits);
}

function toDiagnostic(error: unknown, file: string): Diagnostic {
  if (error instanceof DocumentParseError) {
    const escapes = /leaves the repository root|outside the repository root/.test(error.message);
    return {
      level: 'error',
      code: escapes ? 'ref-escapes-root' : error.code,
      message: error.message,
      file,
      ...(error.line !== undefined ? { line: error.line } : {}),
      ...(error.column !== undefined ? { column: error.column } : {}),
    };
  }
  return { level: 'error', code: 'unreadable', message: `${file}: ${String(error)}`, file };
}

/** Files named by `$ref`s in a document (relative paths only; remote and escaping refs are reported on use). */
function collectExternalFiles(data: unknown, fromFile: string): Set<string> {
  const files = new Set<string>();
  const seen = new Set<object>();
  const stack: unknown[] = [data];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const item of node) if (typeof item === 'object' && item !== null) stack.push(item);
      continue;
    }
    const ref = (node as Record<string, unknown>).$ref;
    if (typeof ref === 'string' && !ref.startsWith('#') && !/^[a-z][a-z0-9+.-]*:/i.test(ref)) {
      const filePart = ref.split('#')[0] as string;
      const file = resolveRepoPath(fromFile, decodeURIComponentSafe(filePart));
      if (file !== undefined && filePart !== '') files.add(file);
    }
    for (const value of Object.values(node)) if (typeof value === 'object' && value !== null) stack.push(value);
  }
  return files;
}

/** Follows a JSON pointer (`/components/schemas/Pet`); `''` is the whole document. */
export function followPointer(
  data: unknown,
  pointer: string,
): { value: unknown; container: unknown; key: string | undefined } | undefined {
  if (pointer === '' || pointer === '/') return { value: data, container: undefined, key: undefined };
  if (!pointer.startsWith('/')) return undefined;
  let container: unknown;
  let key: string | undefined;
  let current = data;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.includes('~') ? raw.replace(/~1/g, '/').replace(/~0/g, '~') : raw;
    if (typeof current !== 'object' || current === null) return undefined;
    container = current;
    key = seg;
    current = Array.isArray(current) ? current[Number(seg)] : (current as Record<string, unknown>)[seg];
    if (current === undefined) return undefined;
  }
  return { value: current, container, key };
}

/** Escapes one JSON pointer segment. */
export function escapePointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
