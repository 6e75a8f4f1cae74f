import { constructFromEvents, EVENT_ID, type Event, getScalarValue, parseEvents, YAMLException } from 'js-yaml';
import type { SourceLocation } from '../../model/index.js';

/** Bounds applied to every document read from an untrusted repository. */
export interface ParseLimits {
  /** Largest node count after alias expansion; a "billion laughs" file fails fast instead of hanging. */
  maxExpandedNodes: number;
  /** Deepest nesting of collections. */
  maxDepth: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = { maxExpandedNodes: 5_000_000, maxDepth: 200 };

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

/** Offsets of one mapping or sequence: where it starts, and where each of its keys is written. */
interface NodePositions {
  start: number;
  keys: Record<string, number>;
}

/** One parsed YAML or JSON file, with positions for every mapping key so findings can point at lines. */
export class ParsedDocument {
  private lineStarts: number[] | undefined;

  constructor(
    readonly file: string,
    readonly text: string,
    readonly data: unknown,
    private readonly positions: WeakMap<object, NodePositions>,
  ) {}

  /** 1-based line of a source offset. */
  lineAt(offset: number): number {
    if (this.lineStarts === undefined) {
      const starts = [0];
      let i = this.text.indexOf('\n');
      while (i !== -1) {
        starts.push(i + 1);
        i = this.text.indexOf('\n', i + 1);
      }
      this.lineStarts = starts;
    }
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** Line of `key` inside `container` (or of the container itself without a key); undefined when unknown. */
  lineOf(container: unknown, key?: string): number | undefined {
    if (typeof container !== 'object' || container === null) return undefined;
    const pos = this.positions.get(container);
    if (pos === undefined) return undefined;
    const offset = key === undefined ? pos.start : (pos.keys[key] ?? pos.start);
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
  try {
    events = parseEvents(text, { filename: file, maxDepth: limits.maxDepth });
    data = constructFromEvents(events, { source: text, filename: file, json: isJson })[0];
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
  const hasAliases = events.some((e) => e.type === EVENT_ID.ALIAS);
  if (hasAliases) checkExpansion(data, file, limits.maxExpandedNodes);
  return new ParsedDocument(file, text, data, indexPositions(events, text, data));
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
function indexPositions(events: Event[], text: string, data: unknown): WeakMap<object, NodePositions> {
  const positions = new WeakMap<object, NodePositions>();
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
          pos = { start: ev.start, keys: Object.create(null) as Record<string, number> };
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
          if (top.pos !== undefined && !(key in top.pos.keys)) top.pos.keys[key] = ev.valueStart;
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
