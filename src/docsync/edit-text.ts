import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { type EditOp, FixSkip } from './doc-model.js';
import type { DocStyle } from './doc-style.js';
import { type KeyKind, renderJson, renderYamlEntry, renderYamlInline, renderYamlItem } from './render-value.js';
import type { Located, YamlLocator } from './yaml-locator.js';

/** Replace `[start, end)` of the original text by `text`. */
export interface Splice {
  start: number;
  end: number;
  text: string;
  /** Order of splices at the same offset (the order ops were recorded). */
  seq: number;
}

type Range = [number, number, number];

/**
 * Turns the recorded edits of one file into splices of its original text. Only the lines of the nodes edited
 * change: new entries are placed after (or before) their neighbours with the neighbours' indentation.
 */
export function computeSplices(text: string, ops: readonly EditOp[], locator: YamlLocator, style: DocStyle): Splice[] {
  const splices: Splice[] = [];
  ops.forEach((op, seq) => {
    const container = locator.locate(op.pointer);
    const out =
      style.json || isFlow(container.node)
        ? flowSplice(text, op, container, style)
        : blockSplice(text, op, container, style);
    for (const s of out) splices.push({ ...s, seq });
  });
  return splices;
}

/** Applies splices (non-overlapping, or inserts at one offset kept in recording order). */
export function applySplices(text: string, splices: readonly Splice[]): string {
  const sorted = [...splices].sort((a, b) => a.start - b.start || a.seq - b.seq);
  let out = '';
  let at = 0;
  for (const s of sorted) {
    if (s.start < at) throw new FixSkip('two edits overlap');
    out += text.slice(at, s.start) + s.text;
    at = s.end;
  }
  return out + text.slice(at);
}

function isFlow(node: Node | null): boolean {
  return (isMap(node) || isSeq(node)) && node.flow === true;
}

function keyKind(op: EditOp): KeyKind {
  if (op.kind === 'append') return 'other';
  if (op.pointer === '/paths') return 'path';
  if (/\/responses$/.test(op.pointer) || /^([1-5]\d\d|[1-5]XX)$/i.test(op.key)) return 'status';
  return 'other';
}

function abs(located: Located, node: { range?: Range | null | undefined } | null | undefined): Range {
  const r = node?.range;
  if (!r) throw new FixSkip('no source range for the node');
  return [r[0] + located.base, r[1] + located.base, r[2] + located.base];
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** Start of the line after the one `offset` is on (or `offset` when it already starts a line). */
function lineEndAfter(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

function findPair(map: YAMLMap, key: string): Pair<Node, Node | null> | undefined {
  return map.items.find((p) => isScalar(p.key) && String(p.key.value) === key) as Pair<Node, Node | null> | undefined;
}

function pairEnd(located: Located, pair: Pair<Node, Node | null>): number {
  const value = pair.value;
  if (value?.range) return abs(located, value)[1];
  return abs(located, pair.key)[1];
}

function indentLines(lines: string[], indent: string, eol: string): string {
  return lines.map((l) => (l === '' ? '' : indent + l)).join(eol) + eol;
}

// ------------------------------------------------------------------------------------------------ block YAML

function blockSplice(text: string, op: EditOp, container: Located, style: DocStyle): Omit<Splice, 'seq'>[] {
  const node = container.node;
  const eol = style.eol;
  if (op.kind === 'append') {
    if (!isSeq(node)) throw new FixSkip('not a sequence in the text');
    const last = node.items[node.items.length - 1] as Node | undefined;
    if (last === undefined) throw new FixSkip('empty block sequence');
    const seqStart = abs(container, node)[0];
    const dash = ' '.repeat(columnOf(text, seqStart));
    // The doc's gap between the dash and the item (`-   name:` aligns items to a 4-space indent).
    const firstItem = node.items[0] as Node;
    const pad = columnOf(text, abs(container, firstItem)[0]) - dash.length - 1;
    const at = lineEndAfter(text, abs(container, last)[1]);
    return [
      {
        start: at,
        end: at,
        text: prefixEol(text, at, eol) + indentLines(renderYamlItem(op.value, style, pad), dash, eol),
      },
    ];
  }
  if (!isMap(node)) throw new FixSkip('not a mapping in the text');
  const map = node as YAMLMap<Node, Node | null>;
  const first = map.items[0];
  if (first === undefined) throw new FixSkip('empty block mapping');
  const keyIndent = ' '.repeat(columnOf(text, abs(container, first.key)[0]));

  if (op.kind === 'insert') {
    const entry = indentLines(renderYamlEntry(op.key, keyKind(op), op.value, style), keyIndent, eol);
    const blank = separatedByBlankLines(text, container, map) ? eol : '';
    if ('before' in op.placement) {
      const before = findPair(map, op.placement.before);
      if (before !== undefined) {
        const at = commentsAbove(text, lineStart(text, abs(container, before.key)[0]));
        return [{ start: at, end: at, text: entry + blank }];
      }
    }
    const after = 'after' in op.placement ? findPair(map, op.placement.after) : undefined;
    const anchor = after ?? map.items[map.items.length - 1];
    const at = lineEndAfter(text, pairEnd(container, anchor as Pair<Node, Node | null>));
    return [{ start: at, end: at, text: prefixEol(text, at, eol) + blank + entry }];
  }

  const pair = findPair(map, op.key);
  if (pair === undefined) throw new FixSkip(`no key ${op.key} in the text`);
  if (op.kind === 'remove') {
    const start = lineStart(text, abs(container, pair.key)[0]);
    return [{ start, end: lineEndAfter(text, pairEnd(container, pair)), text: '' }];
  }
  // replace
  const value = pair.value;
  const pairIndent = ' '.repeat(columnOf(text, abs(container, pair.key)[0]));
  if (typeof op.value === 'object' && op.value !== null) {
    // `key:` with no value becoming a mapping: the entry is rewritten whole.
    const start = lineStart(text, abs(container, pair.key)[0]);
    const entry = indentLines(renderYamlEntry(op.key, keyKind(op), op.value, style), pairIndent, eol);
    return [{ start, end: lineEndAfter(text, pairEnd(container, pair)), text: entry }];
  }
  if (value === null || !value.range) throw new FixSkip(`no value for ${op.key} in the text`);
  const [start, end] = abs(container, value);
  return [{ start, end, text: renderYamlInline(op.value, style) }];
}

function prefixEol(text: string, at: number, eol: string): string {
  return at > 0 && text[at - 1] !== '\n' ? eol : '';
}

/** Moves an insertion point above the comment lines written just before a key (they belong to that key). */
function commentsAbove(text: string, at: number): number {
  let pos = at;
  const indent = /^[ \t]*/.exec(text.slice(at))?.[0] ?? '';
  while (pos > 0) {
    const prev = lineStart(text, pos - 1);
    const line = text.slice(prev, pos).replace(/\r?\n$/, '');
    if (!line.startsWith(`${indent}#`)) break;
    pos = prev;
  }
  return pos;
}

/** Whether the doc separates this mapping's entries with a blank line (then new entries get one too). */
function separatedByBlankLines(text: string, container: Located, map: YAMLMap<Node, Node | null>): boolean {
  if (map.items.length < 2) return false;
  let blank = 0;
  const n = Math.min(map.items.length - 1, 4);
  for (let i = 0; i < n; i++) {
    const a = map.items[i] as Pair<Node, Node | null>;
    const b = map.items[i + 1] as Pair<Node, Node | null>;
    const gap = text.slice(lineEndAfter(text, pairEnd(container, a)), lineStart(text, abs(container, b.key)[0]));
    if (/^[ \t]*\r?\n/.test(gap) || /\n[ \t]*\r?\n/.test(gap)) blank++;
  }
  return blank === n;
}

// ------------------------------------------------------------------------------------------------ JSON and flow

function flowSplice(text: string, op: EditOp, container: Located, style: DocStyle): Omit<Splice, 'seq'>[] {
  const node = container.node;
  const json = style.json;
  const render = (value: unknown, indent: string): string =>
    json ? renderJson(value, style, indent) : renderYamlInline(value, style);
  const renderKey = (key: string): string =>
    json ? JSON.stringify(key) : renderYamlInline(key, { ...style, quoteAll: false });
  const colon = json ? style.colon : ': ';

  if (op.kind === 'append' || op.kind === 'insert') {
    if (op.kind === 'append' ? !isSeq(node) : !isMap(node)) throw new FixSkip('unexpected node kind in the text');
    const coll = node as YAMLMap<Node, Node | null> | YAMLSeq<Node>;
    const [open, , close] = abs(container, coll);
    const closeAt = text.lastIndexOf(op.kind === 'append' ? ']' : '}', close - 1);
    const items = coll.items as unknown[];
    if (!json && items.length === 0 && !isInsideFlow(text, open)) {
      // `key: {}` / `key: []` in block context: the first entry turns it into a block collection.
      const lineIndent = /^ */.exec(text.slice(lineStart(text, open)))?.[0] ?? '';
      const childIndent = lineIndent + ' '.repeat(op.kind === 'append' && !style.indentSeq ? 0 : style.indent);
      const lines =
        op.kind === 'append' ? renderYamlItem(op.value, style) : renderYamlEntry(op.key, keyKind(op), op.value, style);
      let start = open;
      while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
      const body = indentLines(lines, childIndent, style.eol).slice(0, -style.eol.length);
      return [{ start, end: closeAt + 1, text: style.eol + body }];
    }
    const firstStart = items.length > 0 ? itemStart(container, items[0]) : undefined;
    const multiline = firstStart !== undefined ? text.slice(open, firstStart).includes('\n') : false;
    const lead = firstStart !== undefined && multiline ? text.slice(lineStart(text, firstStart), firstStart) : '';
    const itemIndent = /^[ \t]*$/.test(lead) ? lead : ' '.repeat(lead.length);
    const entry =
      op.kind === 'append'
        ? render(op.value, itemIndent)
        : `${renderKey(op.key)}${colon}${render(op.value, itemIndent)}`;
    if (items.length === 0) {
      if (json) {
        const outer = /^[ \t]*/.exec(text.slice(lineStart(text, open)))?.[0] ?? '';
        const inner = outer + style.indentText;
        const entryInner =
          op.kind === 'append' ? render(op.value, inner) : `${renderKey(op.key)}${colon}${render(op.value, inner)}`;
        return [{ start: open + 1, end: closeAt, text: `${style.eol}${inner}${entryInner}${style.eol}${outer}` }];
      }
      return [{ start: open + 1, end: closeAt, text: entry }];
    }
    const sep = multiline ? `,${style.eol}${itemIndent}` : ', ';
    if (op.kind === 'insert' && 'before' in op.placement) {
      const before = findPair(coll as YAMLMap<Node, Node | null>, op.placement.before);
      if (before !== undefined) {
        const at = abs(container, before.key)[0];
        return [{ start: at, end: at, text: entry + sep.replace(/^, $/, ', ') }];
      }
    }
    let anchorEnd: number;
    if (op.kind === 'insert' && 'after' in op.placement) {
      const after = findPair(coll as YAMLMap<Node, Node | null>, op.placement.after);
      anchorEnd = after !== undefined ? pairEnd(container, after) : itemEnd(container, items[items.length - 1]);
    } else anchorEnd = itemEnd(container, items[items.length - 1]);
    return [{ start: anchorEnd, end: anchorEnd, text: sep + entry }];
  }

  if (!isMap(node)) throw new FixSkip('not a mapping in the text');
  const map = node as YAMLMap<Node, Node | null>;
  const index = map.items.findIndex((p) => isScalar(p.key) && String(p.key.value) === op.key);
  const pair = map.items[index];
  if (pair === undefined) throw new FixSkip(`no key ${op.key} in the text`);
  if (op.kind === 'remove') {
    const prev = map.items[index - 1];
    const next = map.items[index + 1];
    if (prev !== undefined) return [{ start: pairEnd(container, prev), end: pairEnd(container, pair), text: '' }];
    if (next !== undefined) return [{ start: abs(container, pair.key)[0], end: abs(container, next.key)[0], text: '' }];
    const [open, , close] = abs(container, map);
    return [{ start: open, end: text.lastIndexOf('}', close - 1) + 1, text: '{}' }];
  }
  if (pair.value === null || !pair.value.range) throw new FixSkip(`no value for ${op.key} in the text`);
  const [start, end] = abs(container, pair.value);
  const indent = /^[ \t]*/.exec(text.slice(lineStart(text, start)))?.[0] ?? '';
  return [{ start, end, text: render(op.value, indent) }];
}

function itemStart(container: Located, item: unknown): number {
  const node = (item as { key?: Node }).key ?? (item as Node);
  return abs(container, node)[0];
}

function itemEnd(container: Located, item: unknown): number {
  if (item !== null && typeof item === 'object' && 'key' in item)
    return pairEnd(container, item as Pair<Node, Node | null>);
  return abs(container, item as Node)[1];
}

/** Whether an offset sits inside an enclosing flow collection (then new content must stay flow). */
function isInsideFlow(text: string, offset: number): boolean {
  const before = text.slice(lineStart(text, offset), offset);
  return /[[{,]\s*$/.test(before) || /[[{][^\]}]*$/.test(before);
}
