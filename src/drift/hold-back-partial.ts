import type { Finding, InputNotice, NoticeReason, SourceExtensions } from '../model/index.js';

/** The unread inputs that could change a finding, per view. */
export interface PartialViews {
  /** Unread inputs that could declare routes: an `unimplemented-operation` may be served by one of them. */
  code: InputNotice[];
  /** Unread inputs that could document operations: an `undocumented-*` finding may be documented by one of them. */
  docs: InputNotice[];
  /** Unread captures: an `unobserved-operation` may have been seen in one of them. */
  traffic: InputNotice[];
}

/** Reasons that mean input is missing from a view (a binary file holds no routes, specs or exchanges). */
const MISSING: ReadonlySet<NoticeReason> = new Set(['oversized', 'unreadable', 'unparsable', 'rejected']);
/** The documented view also misses what an unresolved `$ref` points to. */
const MISSING_DOCS: ReadonlySet<NoticeReason> = new Set([...MISSING, 'unresolved']);
/** Past this many, the note counts the unread files instead of naming them. */
const NAMED = 3;

/**
 * A source file could declare a route unless it is plainly another language's source than the run's extractors
 * read (a `.py` file beside an Express app). Anything else unread — a manifest, a tsconfig, a file of the run's
 * languages, the checkout as a whole — could.
 */
function couldDeclareRoutes(file: string, extensions: SourceExtensions | undefined): boolean {
  if (!extensions) return true;
  if (extensions.read.some((ext) => file.endsWith(ext))) return true;
  return !extensions.known.some((ext) => file.endsWith(ext));
}

/**
 * Sorts a run's notices into the views they leave partial. A notice about the checkout as a whole (a refused
 * tarball entry, a spent download budget) leaves every view partial.
 */
export function partialViews(notices: readonly InputNotice[], extensions?: SourceExtensions): PartialViews {
  const of = (view: InputNotice['view'], reasons: ReadonlySet<NoticeReason>) =>
    notices.filter((n) => (n.view === view || n.view === 'checkout') && reasons.has(n.reason));
  return {
    code: of('implemented', MISSING).filter((n) => n.view === 'checkout' || couldDeclareRoutes(n.file, extensions)),
    docs: of('documented', MISSING_DOCS),
    traffic: of('observed', MISSING),
  };
}

function unreadList(notices: readonly InputNotice[]): string {
  const files = [...new Map(notices.map((n) => [n.file, n])).values()];
  const named = files.slice(0, NAMED).map((n) => `${n.file === '.' ? 'the checkout' : n.file} (${n.reason})`);
  const more = files.length - named.length;
  return more > 0 ? `${named.join(', ')} and ${more} more` : named.join(', ');
}

/**
 * Holds back findings a partial view cannot support: an `unimplemented-operation` when a source file that could
 * serve the operation was not read, an `undocumented-*` finding when a spec file (or a `$ref`'d part) was not read,
 * an `unobserved-operation` when a capture was not read. Each drops to `info`, its message naming the unread files,
 * so a partial read never fails a check with a claim it cannot make, and never hides what it could not check.
 * Runs after policy: an override in config cannot lift a claim the input does not support.
 */
export function holdBackPartialFindings(findings: readonly Finding[], partial: PartialViews): Finding[] {
  const hold = (f: Finding, unread: readonly InputNotice[], view: string): Finding => {
    if (unread.length === 0) return f;
    const note = ` Held back to info: ${view} is incomplete; not read: ${unreadList(unread)}.`;
    return { ...f, severity: 'info', message: f.message + note };
  };
  return findings.map((f) => {
    if (f.rule === 'unimplemented-operation') return hold(f, partial.code, 'the code view');
    if (f.rule.startsWith('undocumented-')) return hold(f, partial.docs, 'the documented view');
    if (f.rule === 'unobserved-operation') return hold(f, partial.traffic, 'the observed traffic');
    return f;
  });
}
