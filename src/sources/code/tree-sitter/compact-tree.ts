import type { Language, Tree, TreeCursor } from 'web-tree-sitter';
import { lineAt, lineStarts } from '../../../model/index.js';
import { wasmModule } from './load-parser.js';

/**
 * A syntax tree copied out of wasm memory into typed arrays in one walk, read through {@link SyntaxNode}s that are
 * plain JavaScript objects.
 *
 * web-tree-sitter hands out a new `Node` for every child, field or parent asked for, each through a round trip into
 * wasm that copies the node in and out of a transfer buffer: a reader that visits a file's statements, expressions
 * and calls that way spends more time on the round trips than tree-sitter spends parsing. One cursor walk that
 * records each node's type, span, field and parent costs a few wasm calls per node, after which every question a
 * reader asks is answered from the arrays.
 */
export class CompactTree {
  /** Number of nodes, numbered in pre-order: a node's descendants follow it, up to {@link after}. */
  readonly count: number;
  private rowStarts: number[] | undefined;

  constructor(
    readonly source: string,
    private readonly typeNames: readonly string[],
    private readonly namedTypes: readonly boolean[],
    private readonly fieldIds: ReadonlyMap<string, number>,
    /** Per node: type id, start and end (UTF-16 code units), field id in its parent (0: none), parent (-1: root). */
    readonly types: Uint16Array,
    readonly starts: Uint32Array,
    readonly ends: Uint32Array,
    readonly fields: Uint16Array,
    readonly parents: Int32Array,
    /** Per node: the index after its last descendant (its next sibling when it has one). */
    readonly after: Uint32Array,
    count: number,
  ) {
    this.count = count;
  }

  get root(): SyntaxNode {
    return new SyntaxNode(this, 0);
  }

  typeName(index: number): string {
    return this.typeNames[this.types[index] as number] || 'ERROR';
  }

  isNamed(index: number): boolean {
    return this.namedTypes[this.types[index] as number] ?? true;
  }

  fieldId(name: string): number {
    return this.fieldIds.get(name) ?? -1;
  }

  /** The 0-based row of a code unit offset (rows end at `\n`, as tree-sitter counts them). */
  row(offset: number): number {
    this.rowStarts ??= lineStarts(this.source);
    return lineAt(this.rowStarts, offset);
  }

  /** The first child of a node in a field (by id), or -1. */
  fieldChild(index: number, field: number): number {
    const end = this.after[index] as number;
    for (let child = index + 1; child < end; child = this.after[child] as number)
      if (this.fields[child] === field) return child;
    return -1;
  }

  /** The children of a node, by index, in order; only the named ones when `named` is set. */
  childIndexes(index: number, named = false): number[] {
    const out: number[] = [];
    const end = this.after[index] as number;
    for (let child = index + 1; child < end; child = this.after[child] as number)
      if (!named || this.isNamed(child)) out.push(child);
    return out;
  }
}

/** One node of a {@link CompactTree}: the part of web-tree-sitter's `Node` that readers use, without wasm calls. */
export class SyntaxNode {
  constructor(
    readonly tree: CompactTree,
    /** The node's pre-order index: unique within its tree. */
    readonly id: number,
  ) {}

  get type(): string {
    return this.tree.typeName(this.id);
  }

  get isNamed(): boolean {
    return this.tree.isNamed(this.id);
  }

  get startIndex(): number {
    return this.tree.starts[this.id] as number;
  }

  get endIndex(): number {
    return this.tree.ends[this.id] as number;
  }

  get text(): string {
    return this.tree.source.slice(this.startIndex, this.endIndex);
  }

  /** The 0-based row it starts on ({@link startPosition} without the column). */
  get startRow(): number {
    return this.tree.row(this.startIndex);
  }

  get startPosition(): { row: number; column: number } {
    const start = this.startIndex;
    const row = this.tree.row(start);
    const lineStart = this.tree.source.lastIndexOf('\n', start - 1) + 1;
    return { row, column: start - lineStart };
  }

  get parent(): SyntaxNode | null {
    const parent = this.tree.parents[this.id] as number;
    return parent < 0 ? null : new SyntaxNode(this.tree, parent);
  }

  get children(): SyntaxNode[] {
    return this.tree.childIndexes(this.id).map((i) => new SyntaxNode(this.tree, i));
  }

  get namedChildren(): SyntaxNode[] {
    return this.tree.childIndexes(this.id, true).map((i) => new SyntaxNode(this.tree, i));
  }

  get namedChildCount(): number {
    return this.tree.childIndexes(this.id, true).length;
  }

  get firstNamedChild(): SyntaxNode | null {
    const { tree } = this;
    const end = tree.after[this.id] as number;
    for (let i = this.id + 1; i < end; i = tree.after[i] as number) if (tree.isNamed(i)) return new SyntaxNode(tree, i);
    return null;
  }

  childForFieldName(name: string): SyntaxNode | null {
    const child = this.tree.fieldChild(this.id, this.tree.fieldId(name));
    return child < 0 ? null : new SyntaxNode(this.tree, child);
  }

  childrenForFieldName(name: string): SyntaxNode[] {
    const field = this.tree.fieldId(name);
    return this.tree
      .childIndexes(this.id)
      .filter((i) => this.tree.fields[i] === field)
      .map((i) => new SyntaxNode(this.tree, i));
  }

  /** Descendants of the given types, in pre-order (the node itself excluded, as web-tree-sitter does). */
  descendantsOfType(types: readonly string[]): SyntaxNode[] {
    const wanted = new Set(types);
    const out: SyntaxNode[] = [];
    const end = this.tree.after[this.id] as number;
    for (let i = this.id + 1; i < end; i++)
      if (wanted.has(this.tree.typeName(i))) out.push(new SyntaxNode(this.tree, i));
    return out;
  }
}

/** What a language's walk needs once: its type names, which are named, its field ids. */
interface LanguageTables {
  typeNames: string[];
  namedTypes: boolean[];
  fieldIds: Map<string, number>;
}

const tables = new WeakMap<Language, LanguageTables>();

function tablesOf(language: Language): LanguageTables {
  let t = tables.get(language);
  if (t === undefined) {
    // The names `Node.type` gives (a symbol without a visible name, like the ERROR symbol 65535, is `ERROR`).
    const typeNames: string[] = [];
    const namedTypes: boolean[] = [];
    for (let i = 0; i < language.types.length; i++) {
      typeNames.push(language.types[i] || 'ERROR');
      namedTypes.push(language.nodeTypeIsNamed(i));
    }
    const fieldIds = new Map<string, number>();
    language.fields.forEach((name, id) => {
      if (name !== null && id > 0) fieldIds.set(name, id);
    });
    t = { typeNames, namedTypes, fieldIds };
    tables.set(language, t);
  }
  return t;
}

/** The steps of a cursor walk: web-tree-sitter's public cursor, or its wasm calls made directly (see below). */
interface CursorSteps {
  firstChild(): boolean;
  nextSibling(): boolean;
  parent(): boolean;
  typeId(): number;
  start(): number;
  end(): number;
  field(): number;
  done(): void;
}

function publicSteps(cursor: TreeCursor): CursorSteps {
  return {
    firstChild: () => cursor.gotoFirstChild(),
    nextSibling: () => cursor.gotoNextSibling(),
    parent: () => cursor.gotoParent(),
    typeId: () => cursor.nodeTypeId,
    start: () => cursor.startIndex,
    end: () => cursor.endIndex,
    field: () => cursor.currentFieldId,
    done: () => cursor.delete(),
  };
}

/** The wasm exports a direct walk calls (web-tree-sitter 0.25's binding; each reads the cursor from the buffer). */
interface CursorExports {
  HEAP32: Int32Array;
  _ts_init(): number;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
  _ts_tree_cursor_current_field_id_wasm(tree: number): number;
  _ts_tree_cursor_delete_wasm(tree: number): void;
}

const CURSOR_EXPORTS = [
  '_ts_init',
  '_ts_tree_cursor_goto_first_child_wasm',
  '_ts_tree_cursor_goto_next_sibling_wasm',
  '_ts_tree_cursor_goto_parent_wasm',
  '_ts_tree_cursor_current_node_type_id_wasm',
  '_ts_tree_cursor_start_index_wasm',
  '_ts_tree_cursor_end_index_wasm',
  '_ts_tree_cursor_current_field_id_wasm',
  '_ts_tree_cursor_delete_wasm',
] as const;

let direct: { exports: CursorExports; buffer: number } | null | undefined;

/** The wasm exports for a direct walk, or null when this build of web-tree-sitter does not have them all. */
function directExports(): { exports: CursorExports; buffer: number } | null {
  if (direct === undefined) {
    const module = wasmModule() as Partial<Record<string, unknown>> | undefined;
    const complete =
      module !== undefined &&
      module.HEAP32 instanceof Int32Array &&
      CURSOR_EXPORTS.every((name) => typeof module[name] === 'function');
    if (!complete) direct = null;
    else {
      const exports = module as unknown as CursorExports;
      // `ts_init` gives the transfer buffer's address (and only writes the language versions into it).
      direct = { exports, buffer: exports._ts_init() };
    }
  }
  return direct;
}

/**
 * The public cursor's calls copy the cursor's state into the transfer buffer before each wasm call and out after it;
 * the wasm side reads it from there and writes it back after every move, so a walk that only ever moves one cursor
 * can leave the state in the buffer and make the calls directly. Nothing else may use the buffer during the walk.
 */
function directSteps(tree: Tree, cursor: TreeCursor, d: { exports: CursorExports; buffer: number }): CursorSteps {
  const e = d.exports;
  const handle = (tree as unknown as Record<number, number>)[0] as number;
  const state = cursor as unknown as Record<number, number>;
  const heap = e.HEAP32;
  const at = d.buffer >> 2;
  for (let i = 0; i < 4; i++) heap[at + i] = state[i] as number;
  return {
    firstChild: () => e._ts_tree_cursor_goto_first_child_wasm(handle) === 1,
    nextSibling: () => e._ts_tree_cursor_goto_next_sibling_wasm(handle) === 1,
    parent: () => e._ts_tree_cursor_goto_parent_wasm(handle) === 1,
    typeId: () => e._ts_tree_cursor_current_node_type_id_wasm(handle),
    start: () => e._ts_tree_cursor_start_index_wasm(handle),
    end: () => e._ts_tree_cursor_end_index_wasm(handle),
    field: () => e._ts_tree_cursor_current_field_id_wasm(handle),
    // The state in the buffer is the cursor's now (its stack may have moved): it is the one to free.
    done: () => e._ts_tree_cursor_delete_wasm(handle),
  };
}

/**
 * Nodes whose children no reader asks for: a node of one of `types` that `accept` takes (by its span) keeps its span
 * but not its children.
 */
export interface Prune {
  types: ReadonlySet<string>;
  accept(start: number, end: number): boolean;
}

const pruneTables = new WeakMap<readonly string[], WeakMap<ReadonlySet<string>, Uint8Array>>();

/** 1 for each type id whose name is among `types`, per language's type names. */
function pruneFlags(typeNames: readonly string[], types: ReadonlySet<string>): Uint8Array {
  let byTypes = pruneTables.get(typeNames);
  if (byTypes === undefined) {
    byTypes = new WeakMap();
    pruneTables.set(typeNames, byTypes);
  }
  let flags = byTypes.get(types);
  if (flags === undefined) {
    flags = new Uint8Array(typeNames.length);
    typeNames.forEach((name, id) => {
      if (types.has(name)) (flags as Uint8Array)[id] = 1;
    });
    byTypes.set(types, flags);
  }
  return flags;
}

const SCRATCH_NODES = 1 << 16;
let scratch = {
  types: new Uint16Array(SCRATCH_NODES),
  starts: new Uint32Array(SCRATCH_NODES),
  ends: new Uint32Array(SCRATCH_NODES),
  fields: new Uint16Array(SCRATCH_NODES),
  parents: new Int32Array(SCRATCH_NODES),
  after: new Uint32Array(SCRATCH_NODES),
};

/**
 * Copies a parsed tree into a {@link CompactTree}. `prune` is asked about each node before its children are
 * walked: a node it accepts keeps its span but has no children (a reader that never asks for them saves the walk).
 * `viaPublicCursor` walks with web-tree-sitter's public cursor even when direct calls are possible (tests compare the
 * two).
 */
export function compactTree(tree: Tree, source: string, prune?: Prune, viaPublicCursor = false): CompactTree {
  const { typeNames, namedTypes, fieldIds } = tablesOf(tree.language);
  const cursor = tree.walk();
  const d = viaPublicCursor ? null : directExports();
  const steps = d ? directSteps(tree, cursor, d) : publicSteps(cursor);
  // The walk fills arrays kept from walk to walk, then copies out what it filled: a tree's arrays are the size of
  // its nodes, and a run of many files does not make garbage of a large array per file.
  let { types, starts, ends, fields, parents, after } = scratch;
  let capacity = types.length;
  let count = 0;
  const grow = () => {
    capacity *= 2;
    const more = <A extends Uint16Array | Uint32Array | Int32Array>(a: A): A => {
      const b = new (a.constructor as new (n: number) => A)(capacity);
      b.set(a);
      return b;
    };
    types = more(types);
    starts = more(starts);
    ends = more(ends);
    fields = more(fields);
    parents = more(parents);
    after = more(after);
    scratch = { types, starts, ends, fields, parents, after };
  };
  const pruned = prune === undefined ? undefined : pruneFlags(typeNames, prune.types);
  /** Records the cursor's node under `parent`; gives whether its children are to be walked. */
  const visit = (parent: number): boolean => {
    if (count === capacity) grow();
    const type = steps.typeId();
    const start = steps.start();
    const end = steps.end();
    types[count] = type;
    starts[count] = start;
    ends[count] = end;
    fields[count] = steps.field();
    parents[count] = parent;
    count++;
    return pruned?.[type] !== 1 || !(prune as Prune).accept(start, end);
  };
  try {
    let current = 0;
    let descend = visit(-1);
    for (;;) {
      if (descend && steps.firstChild()) {
        descend = visit(current);
        current = count - 1;
        continue;
      }
      // No (walked) children: the node ends here; climb until a sibling follows.
      after[current] = count;
      let moved = false;
      while (!moved) {
        if (steps.nextSibling()) {
          moved = true;
          const parent = parents[current] as number;
          descend = visit(parent);
          current = count - 1;
        } else if (steps.parent()) {
          current = parents[current] as number;
          after[current] = count;
        } else break;
      }
      if (!moved) break;
    }
  } finally {
    steps.done();
  }
  // One buffer holds the tree's arrays (the four of 32 bits first, for their alignment): a run parses thousands of
  // texts, and each buffer is an allocation outside the heap that the collector tracks.
  const buffer = new ArrayBuffer(count * 20);
  const copy = <A extends Uint16Array | Uint32Array | Int32Array>(
    from: A,
    make: new (buffer: ArrayBuffer, offset: number, length: number) => A,
    offset: number,
  ): A => {
    const to = new make(buffer, offset, count);
    to.set(from.subarray(0, count));
    return to;
  };
  return new CompactTree(
    source,
    typeNames,
    namedTypes,
    fieldIds,
    copy(types, Uint16Array, count * 16),
    copy(starts, Uint32Array, 0),
    copy(ends, Uint32Array, count * 4),
    copy(fields, Uint16Array, count * 18),
    copy(parents, Int32Array, count * 8),
    copy(after, Uint32Array, count * 12),
    count,
  );
}
