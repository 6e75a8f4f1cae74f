import type { ViewSource } from './evidence.js';

/**
 * Why an input was not read, or not read whole:
 * - `oversized`: over a size or count limit;
 * - `unreadable`: the file could not be opened or decoded (missing, refused, I/O error);
 * - `binary`: the bytes are not text;
 * - `unparsable`: the text is not valid YAML / JSON / HAR / source for its language;
 * - `not-openapi`: a YAML/JSON candidate with no top-level `openapi`/`swagger` key (discovery rejected it);
 * - `rejected`: refused on purpose (a path leaving the checkout, a link pointing out);
 * - `unresolved`: read, but a part of it could not be resolved (a `$ref`, a route prefix);
 * - `merged`: two inputs were taken as one (operations differing only in a template's name);
 * - `not-found`: nothing of this view was found where the reader looked.
 */
export type NoticeReason =
  | 'oversized'
  | 'unreadable'
  | 'binary'
  | 'unparsable'
  | 'not-openapi'
  | 'rejected'
  | 'unresolved'
  | 'merged'
  | 'not-found';

/**
 * One input a reader did not read, or did not read whole, and why: the "not read" account every output carries
 * (stderr, `notices` in JSON, "Not read" in the check run and the PR comment), so a partial view never reads as whole.
 */
export interface InputNotice {
  /** Repo-relative path (`.` for the checkout as a whole). */
  file: string;
  /** The view the input would have fed; `checkout` for what concerns the checkout as a whole (its download). */
  view: ViewSource | 'checkout';
  reason: NoticeReason;
  /** What happened, for a person: names the limit, the parser's message, what was looked at. */
  detail: string;
  /** 1-based line, when the problem is at one place of the file. */
  line?: number;
}

/** Source file name endings of the code view: which unread files could hold routes. */
export interface SourceExtensions {
  /** Endings the extractors of this run read (a file with one of them could declare routes). */
  read: readonly string[];
  /** Endings of every extractor (a file with one of them, but none of `read`, is another language's source). */
  known: readonly string[];
}

/** Most notices listed one by one; the rest are counted per reason. */
export const NOTICES_LISTED = 20;

/**
 * Drops repeated notices (same file, view, reason, line and detail), keeping the first; sorts by view, then file. The
 * line is part of the key because two places of one file (two unresolved prefixes, two merged routes) are two
 * notices, and the detail because one line can hold two (a route whose prefix and body type are both unresolved).
 */
export function dedupeNotices(notices: readonly InputNotice[]): InputNotice[] {
  const seen = new Set<string>();
  const out: InputNotice[] = [];
  for (const n of notices) {
    const key = `${n.view}\0${n.file}\0${n.reason}\0${n.line ?? ''}\0${n.detail}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(n);
  }
  const order: Record<InputNotice['view'], number> = { checkout: 0, documented: 1, implemented: 2, observed: 3 };
  return out.sort((a, b) => order[a.view] - order[b.view] || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** `file[:line]: reason — detail` (one line; the detail never carries a raw traffic value). */
export function formatNotice(n: InputNotice): string {
  const where = n.line !== undefined ? `${n.file}:${n.line}` : n.file;
  return `${where} (${n.view}): ${n.reason} — ${n.detail}`;
}

/**
 * Candidates discovery rejected (`not-openapi`) listed one by one at most: a monorepo has hundreds of non-OpenAPI
 * YAML files, and they must not push an unread spec or source file out of the listed part.
 */
export const REJECTED_LISTED = 5;

/**
 * The notices a person sees one by one, and the rest counted per reason: every notice but `not-openapi` first (up to
 * `listed`), then at most {@link REJECTED_LISTED} `not-openapi` ones in the room left.
 */
export function pickListedNotices(
  notices: readonly InputNotice[],
  listed = NOTICES_LISTED,
): { shown: InputNotice[]; rest: number; restByReason: [NoticeReason, number][] } {
  const telling = notices.filter((n) => n.reason !== 'not-openapi');
  const rejected = notices.filter((n) => n.reason === 'not-openapi');
  const shownTelling = telling.slice(0, listed);
  const shown = [...shownTelling, ...rejected.slice(0, Math.min(REJECTED_LISTED, listed - shownTelling.length))];
  const counts = new Map<NoticeReason, number>();
  const seen = new Set(shown);
  for (const n of notices) if (!seen.has(n)) counts.set(n.reason, (counts.get(n.reason) ?? 0) + 1);
  return { shown, rest: notices.length - shown.length, restByReason: [...counts] };
}

/**
 * Notices as lines for a person: the telling ones first, one by one (see {@link pickListedNotices}), then one line
 * counting the rest per reason (the JSON output keeps them all).
 */
export function summarizeNotices(notices: readonly InputNotice[], listed = NOTICES_LISTED): string[] {
  const { shown, rest, restByReason } = pickListedNotices(notices, listed);
  const lines = shown.map(formatNotice);
  if (rest > 0) {
    const parts = restByReason.map(([reason, count]) => `${count} ${reason}`);
    lines.push(`… and ${rest} more (${parts.join(', ')}); --format json lists them all`);
  }
  return lines;
}
