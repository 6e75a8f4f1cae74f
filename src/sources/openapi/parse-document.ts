import {
  CORE_SCHEMA,
  constructFromEvents,
  EVENT_ID,
  type Event,
  getScalarValue,
  parseEvents,
  SCALAR_STYLE,
  YAMLException,
} from 'js-yaml';
import { DEFAULT_READ_LIMITS, lineIndexer, type ReadLimits, type SourceLocation } from '../../model/index.js';

/** The bounds of config `limits` that parsing one YAML/JSON text honours. */
export type ParseLimits = Pick<ReadLimits, 'maxExpandedNodes' | 'maxDepth'>;

export const DEFAULT_PARSE_LIMITS: ParseLimits = DEFAULT_READ_LIMITS;

/** A document that could not be read: names the file, line and column. */
export class DocumentParseError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly code: 'invalid-yaml' | 'invalid-json' | 'alias-expansion' | 'too-large' | 'unreadable',
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'DocumentParseError';
  }
}

/**
 * Offsets of one mapping or sequence: where it starts, and where each of its keys is written. Keys are a flat
 * `[key, offset, key, offset, …]` list (one allocation per mapping instead of a dictionary object each: tens of
 * thousands of them in a large spec, most never asked about); the first occurrence of a key wins. A large list
 * gets a Map on its first lookup so asking for every key of a big mapping stays linear.
 */
interface NodePositions {
  start: number;
  keys: (string | number)[];
  byKey?: Map<string, number>;
}

/** Mappings with more keys than this get a Map on first lookup; below it a linear scan is cheaper. */
const KEY_SCAN_LIMIT = 16;

function keyOffset(pos: NodePositions, key: string): number | undefined {
  const keys = pos.keys;
  if (keys.length <= 2 * KEY_SCAN_LIMIT) {
    for (let i = 0; i < keys.length; i += 2) if (keys[i] === key) return keys[i + 1] as number;
    return undefined;
  }
  let byKey = pos.byKey;
  if (byKey === undefined) {
    byKey = new Map();
    for (let i = 0; i < keys.length; i += 2) {
      const k = keys[i] as string;
      if (!byKey.has(k)) byKey.set(k, keys[i + 1] as number);
    }
    pos.byKey = byKey;
  }
  return byKey.get(key);
}

/** One parsed YAML or JSON file, with positions for every mapping key so findings can point at lines. */
export class ParsedDocument {
  private lineIndex: ((offset: number) => number) | undefined;

  constructor(
    readonly file: string,
    readonly text: string,
    readonly data: unknown,
    // A Map, not a WeakMap: the document holds `data` for as long as it holds this index, so nothing is kept alive
    // longer, and a WeakMap's ephemeron table costs far more to build and to garbage-collect at this size.
    private readonly positions: Map<object, NodePositions>,
  ) {}

  /** 1-based line of a source offset. */
  lineAt(offset: number): number {
    // Built on first use: a document read only for its data never pays for it.
    this.lineIndex ??= lineIndexer(this.text);
    return this.lineIndex(offset) + 1;
  }

  /** Line of `key` inside `container` (or of the container itself without a key); undefined when unknown. */
  lineOf(container: unknown, key?: string): number | undefined {
    if (typeof container !== 'object' || container === null) return undefined;
    const pos = this.positions.get(container);
    if (pos === undefined) return undefined;
    const offset = key === undefined ? pos.start : (keyOffset(pos, key) ?? pos.start);
    return this.lineAt(offset);
  }

  /** A location in this file for `key` inside `container`, falling back to `fallbackLine`. */
  locate(container: unknown, key?: string, pointer?: string, fallbackLine = 1): SourceLocation {
    const line = this.lineOf(container, key) ?? fallbackLine;
    return pointer === undefined ? { file: this.file, line } : { file: this.file, line, pointer };
  }
}

/**
 * Parses YAML (or JSON, a subset of YAML 1.2) into plain data plus a position index. Uses js-yaml's event
 * stream so positions come from the same single parse as the data.
 */
export function parseDocument(text: string, file: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): ParsedDocument {
  const isJson = /\.json$/i.test(file);
  // YAML's flow syntax accepts what JSON does not (trailing commas, comments): hold .json files to JSON.
  if (isJson) checkStrictJson(text, file);
  let events: Event[];
  let data: unknown;
  let fast: IndexedData | undefined;
  try {
    events = parseEvents(text, { filename: file, maxDepth: limits.maxDepth });
    fast = constructAndIndex(events, text);
    if (fast === undefined) data = constructFromEvents(events, { source: text, filename: file, json: isJson })[0];
  } catch (error) {
    if (error instanceof YAMLException) {
      const line = error.mark ? error.mark.line + 1 : undefined;
      const column = error.mark ? error.mark.column + 1 : undefined;
      const where = line !== undefined ? `:${line}:${column}` : '';
      throw new DocumentParseError(
        `${file}${where}: invalid ${isJson ? 'JSON' : 'YAML'}: ${error.reason}`,
        file,
        isJson ? 'invalid-json' : 'invalid-yaml',
        line,
        column,
      );
    }
    throw error;
  }
  // The fast path refuses aliases, so only the general path can have any to bound.
  if (fast !== undefined) return new ParsedDocument(file, text, fast.data, fast.positions);
  const hasAliases = events.some((e) => e.type === EVENT_ID.ALIAS);
  if (hasAliases) checkExpansion(data, file, limits.maxExpandedNodes);
  return new ParsedDocument(file, text, data, indexPositions(events, text, data));
}

interface IndexedData {
  data: unknown;
  positions: Map<object, NodePositions>;
}

const PLAIN = SCALAR_STYLE.PLAIN;
const NO_RANGE = -1;
const STR_TAG = CORE_SCHEMA.defaultScalarTag;
const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Builds the data and its position index in one walk of the event stream, for the documents specs are made of: one
 * document, no tags, anchors or aliases, no complex, duplicate or `__proto__` keys, and every key written as the
 * string it constructs to. For those it yields exactly what `constructFromEvents` (with js-yaml's default core
 * schema, as {@link parseDocument} uses it) plus {@link indexPositions} yield, at about half their cost; for anything
 * else it returns undefined before finishing, and the caller takes that general path, which also reports the errors.
 */
function constructAndIndex(events: Event[], text: string): IndexedData | undefined {
  const positions = new Map<object, NodePositions>();
  // One frame per open collection, as parallel arrays indexed by depth (no object per frame).
  const values: (Record<string, unknown> | unknown[] | undefined)[] = [];
  const isMap: boolean[] = [];
  const keys: (string | undefined)[] = [];
  const frames: (NodePositions | undefined)[] = [];
  let depth = 0;
  let documents = 0;
  let data: unknown;
  for (let i = 0; i < events.length; i++) {
    const ev = events[i] as Event;
    let value: unknown;
    switch (ev.type) {
      case EVENT_ID.DOCUMENT:
        if (++documents > 1) return undefined;
        continue;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        if (ev.tagStart !== NO_RANGE || ev.anchorStart !== NO_RANGE) return undefined;
        const d = depth - 1;
        // A collection used as a mapping key.
        if (d >= 0 && isMap[d] && keys[d] === undefined) return undefined;
        const container = ev.type === EVENT_ID.MAPPING ? {} : [];
        const pos: NodePositions = { start: ev.start, keys: [] };
        positions.set(container, pos);
        values[depth] = container;
        isMap[depth] = ev.type === EVENT_ID.MAPPING;
        keys[depth] = undefined;
        frames[depth] = pos;
        depth++;
        continue;
      }
      case EVENT_ID.SCALAR: {
        if (ev.tagStart !== NO_RANGE || ev.anchorStart !== NO_RANGE) return undefined;
        const source = getScalarValue(text, ev);
        value =
          ev.style === PLAIN
            ? CORE_SCHEMA.resolveImplicitScalarTag(source).value
            : STR_TAG.resolve(source, false, STR_TAG.tagName);
        const d = depth - 1;
        if (d >= 0 && isMap[d] && keys[d] === undefined) {
          if (typeof value === 'object' && value !== null) return undefined;
          const key = String(value);
          // The general index names a plain key by its raw text; keep to keys where that is the constructed key.
          const written = ev.style === PLAIN ? text.slice(ev.valueStart, ev.valueEnd) : source;
          if (key !== written || key === '__proto__' || hasOwn.call(values[d], key)) return undefined;
          keys[d] = key;
          (frames[d] as NodePositions).keys.push(key, ev.valueStart);
          continue;
        }
        break;
      }
      case EVENT_ID.POP: {
        if (depth === 0) continue; // end of the document
        depth--;
        // A mapping key without a value.
        if (isMap[depth] && keys[depth] !== undefined) return undefined;
        value = values[depth];
        values[depth] = undefined;
        frames[depth] = undefined;
        break;
      }
      default:
        // An alias.
        return undefined;
    }
    const d = depth - 1;
    if (d < 0) data = value;
    else if (isMap[d]) {
      (values[d] as Record<string, unknown>)[keys[d] as string] = value;
      keys[d] = undefined;
    } else (values[d] as unknown[]).push(value);
  }
  return { data, positions };
}

interface Frame {
  container: unknown;
  isMap: boolean;
  expectingKey: boolean;
  key: string | undefined;
  index: number;
  pos: NodePositions | undefined;
}

/** Walks the event stream beside the constructed data, recording where each mapping key is written. */
function indexPositions(events: Event[], text: string, data: unknown): Map<object, NodePositions> {
  const positions = new Map<object, NodePositions>();
  const stack: Frame[] = [];
  let rootTaken = false;

  const currentChild = (): unknown => {
    const top = stack[stack.length - 1];
    if (top === undefined) return rootTaken ? undefined : data;
    if (typeof top.container !== 'object' || top.container === null) return undefined;
    if (top.isMap) return top.key === undefined ? undefined : (top.container as Record<string, unknown>)[top.key];
    return (top.container as unknown[])[top.index];
  };
  const advance = (): void => {
    const top = stack[stack.length - 1];
    if (top === undefined) {
      rootTaken = true;
      return;
    }
    if (top.isMap) {
      top.expectingKey = true;
      top.key = undefined;
    } else top.index++;
  };

  for (const ev of events) {
    switch (ev.type) {
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const child = currentChild();
        let pos: NodePositions | undefined;
        if (typeof child === 'object' && child !== null && !positions.has(child)) {
          pos = { start: ev.start, keys: [] };
          positions.set(child, pos);
        }
        stack.push({
          container: child,
          isMap: ev.type === EVENT_ID.MAPPING,
          expectingKey: true,
          key: undefined,
          index: 0,
          pos,
        });
        break;
      }
      case EVENT_ID.SCALAR: {
        const top = stack[stack.length - 1];
        if (top?.isMap && top.expectingKey) {
          const key = ev.style === 1 ? text.slice(ev.valueStart, ev.valueEnd) : getScalarValue(text, ev);
          top.key = key;
          top.expectingKey = false;
          // Repeats are kept too: lookups take the first occurrence.
          if (top.pos !== undefined) top.pos.keys.push(key, ev.valueStart);
        } else advance();
        break;
      }
      case EVENT_ID.ALIAS: {
        const top = stack[stack.length - 1];
        if (top?.isMap && top.expectingKey) top.expectingKey = false;
        else advance();
        break;
      }
      case EVENT_ID.POP: {
        if (stack.length > 0) {
          stack.pop();
          advance();
        }
        break;
      }
      default:
        break;
    }
  }
  return positions;
}

/** Counts nodes as if every alias were expanded, memoised per shared object, and fails past the bound. */
function checkExpansion(data: unknown, file: string, max: number): void {
  const sizes = new Map<object, number>();
  const inProgress = new Set<object>();
  const size = (node: unknown): number => {
    if (typeof node !== 'object' || node === null) return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (inProgress.has(node)) {
      throw new DocumentParseError(
        `${file}: YAML alias refers to itself; refusing to expand it`,
        file,
        'alias-expansion',
      );
    }
    inProgress.add(node);
    let total = 1;
    for (const value of Array.isArray(node) ? node : Object.values(node)) {
      total += size(value);
      if (total > max) {
        throw new DocumentParseError(
          `${file}: YAML aliases expand to more than ${max.toLocaleString('en-US')} nodes; refusing to read it (alias bomb?)`,
          file,
          'alias-expansion',
        );
      }
    }
    inProgress.delete(node);
    sizes.set(node, total);
    return total;
  };
  size(data);
}

/** Throws a {@link DocumentParseError} with line and column when `text` is not strict JSON. */
function checkStrictJson(text: string, file: string): void {
  try {
    JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : undefined;
    // Node's message may quote a stretch of the input; keep only its own words.
    const reason = message.replace(/,? ".*" is not valid JSON/s, '').replace(/ in JSON at position \d+.*$/s, '');
    if (offset === undefined) throw new DocumentParseError(`${file}: invalid JSON: ${reason}`, file, 'invalid-json');
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    throw new DocumentParseError(
      `${file}:${line}:${column}: invalid JSON: ${reason}`,
      file,
      'invalid-json',
      line,
      column,
    );
  }
}
