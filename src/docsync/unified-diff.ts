import { lineIndexer } from '../model/index.js';
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
 * A unified diff (`diff -u` format, `a/` and `b/` prefixes) of the splices of one file. Built from the splices
 * rather than by diffing texts: on a 4 MB spec that is linear, and the hunks are exactly the edited lines.
 */
export function renderUnifiedDiff(file: string, original: string, splices: readonly Splice[]): string {
  const regions = toRegions(original, splices);
  if (regions.length === 0) return '';
  const oldLines = splitLines(original);
  const lineOf = lineIndexer(original);
  interface Change {
    oldStart: number;
    oldCount: number;
    added: string[];
  }
  const changes: Change[] = regions.map((r) => {
    const oldStart = lineOf(r.start);
    const oldEnd = r.end >= original.length && !original.endsWith('\n') ? oldLines.length : lineOf(r.end);
    return { oldStart, oldCount: oldEnd - oldStart, added: splitLines(r.text) };
  });
  const out = [`--- a/${file}`, `+++ b/${file}`];
  let i = 0;
  let delta = 0;
  while (i < changes.length) {
    let j = i;
    while (j + 1 < changes.length) {
      const cur = changes[j] as Change;
      const next = changes[j + 1] as Change;
      if (next.oldStart - (cur.oldStart + cur.oldCount) > CONTEXT * 2) break;
      j++;
    }
    const first = changes[i] as Change;
    const last = changes[j] as Change;
    const from = Math.max(0, first.oldStart - CONTEXT);
    const to = Math.min(oldLines.length, last.oldStart + last.oldCount + CONTEXT);
    const body: string[] = [];
    let at = from;
    let added = 0;
    for (let k = i; k <= j; k++) {
      const c = changes[k] as Change;
      for (; at < c.oldStart; at++) body.push(` ${oldLines[at]}`);
      for (let n = 0; n < c.oldCount; n++) body.push(`-${oldLines[c.oldStart + n]}`);
      for (const line of c.added) body.push(`+${line}`);
      at = c.oldStart + c.oldCount;
      added += c.added.length - c.oldCount;
    }
    for (; at < to; at++) body.push(` ${oldLines[at]}`);
    const oldLen = to - from;
    const newLen = oldLen + added;
    out.push(`@@ -${range(from, oldLen)} +${range(from + delta, newLen)} @@`, ...body);
    delta += added;
    i = j + 1;
  }
  return `${out.join('\n')}\n`;
}

function range(start: number, count: number): string {
  const first = count === 0 ? start : start + 1;
  return count === 1 ? `${first}` : `${first},${count}`;
}

/** Lines without their endings (a `\r` of CRLF is dropped for display). */
function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
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
