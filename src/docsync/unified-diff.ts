import { FILE_HEADERS_ONLY, formatPatch, type StructuredPatchHunk, structuredPatch } from 'diff';
import { lineAt as lineOf, lineStarts } from '../model/index.js';
import type { Splice } from './edit-text.js';

interface Region {
  /** Offsets of whole lines of the original text. */
  start: number;
  end: number;
  /** What those lines become. */
  text: string;
}

const CONTEXT = 3;

/**
 * A unified diff (`diff -u` format, `a/` and `b/` prefixes) of the splices of one file, as `git apply` takes it:
 * CRLF lines keep their `\r`, and a last line without a newline gets its marker. jsdiff writes the hunks, but only
 * over a window of each edited region and its context: diffing a whole 4 MB spec takes seconds, the windows are
 * linear in the file and the edits.
 */
export function renderUnifiedDiff(file: string, original: string, splices: readonly Splice[]): string {
  const regions = toRegions(original, splices);
  if (regions.length === 0) return '';
  const starts = lineStarts(original);
  const lineAt = (offset: number) => lineOf(starts, offset);
  const lineCount = starts.length - (original.endsWith('\n') || original === '' ? 1 : 0);
  const offsetOf = (line: number) => (line >= lineCount ? original.length : (starts[line] as number));
  // Regions whose context would touch share one window, as `diff -u` shares one hunk.
  const groups: Region[][] = [];
  for (const region of regions) {
    const group = groups[groups.length - 1];
    const previous = group?.[group.length - 1];
    if (
      group &&
      previous &&
      lineAt(region.start) - lineAt(Math.max(previous.start, previous.end - 1)) <= CONTEXT * 2 + 1
    )
      group.push(region);
    else groups.push([region]);
  }
  const hunks: StructuredPatchHunk[] = [];
  let delta = 0;
  for (const group of groups) {
    const first = group[0] as Region;
    const last = group[group.length - 1] as Region;
    const fromLine = Math.max(0, lineAt(first.start) - CONTEXT);
    const lastLine = last.end > last.start ? lineAt(last.end - 1) + 1 : lineAt(last.start);
    const toLine = Math.min(lineCount, lastLine + CONTEXT);
    const from = offsetOf(fromLine);
    const to = Math.max(offsetOf(toLine), last.end);
    let after = '';
    let at = from;
    for (const region of group) {
      after += original.slice(at, region.start) + region.text;
      at = region.end;
    }
    after += original.slice(at, to);
    const window = structuredPatch('', '', original.slice(from, to), after, undefined, undefined, {
      context: CONTEXT,
    });
    for (const hunk of window.hunks) {
      hunks.push({ ...hunk, oldStart: hunk.oldStart + fromLine, newStart: hunk.newStart + fromLine + delta });
    }
    delta += countLines(after) - countLines(original.slice(from, to));
  }
  return formatPatch(
    { oldFileName: `a/${file}`, newFileName: `b/${file}`, oldHeader: undefined, newHeader: undefined, hunks },
    FILE_HEADERS_ONLY,
  );
}

function countLines(text: string): number {
  if (text === '') return 0;
  let n = 0;
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', nl + 1)) n++;
  return text.endsWith('\n') ? n : n + 1;
}

/** Widens splices to whole lines and merges the ones that share a line. */
function toRegions(text: string, splices: readonly Splice[]): Region[] {
  const sorted = [...splices].sort((a, b) => a.start - b.start || a.seq - b.seq);
  const regions: (Region & { parts: Splice[] })[] = [];
  for (const s of sorted) {
    const start = text.lastIndexOf('\n', s.start - 1) + 1;
    let end: number;
    if (s.end === s.start && s.start === start) end = start;
    else if (s.end > s.start && text[s.end - 1] === '\n') end = s.end;
    else {
      const nl = text.indexOf('\n', s.end);
      end = nl === -1 ? text.length : nl + 1;
    }
    const last = regions[regions.length - 1];
    if (last !== undefined && start < last.end) {
      last.end = Math.max(last.end, end);
      last.parts.push(s);
    } else if (last !== undefined && start === last.end && last.start === last.end && start === end) {
      last.parts.push(s);
    } else regions.push({ start, end, text: '', parts: [s] });
  }
  for (const r of regions) {
    let out = '';
    let at = r.start;
    for (const p of r.parts) {
      out += text.slice(at, p.start) + p.text;
      at = Math.max(at, p.end);
    }
    r.text = out + text.slice(at, r.end);
  }
  return regions.filter((r) => r.text !== text.slice(r.start, r.end));
}
