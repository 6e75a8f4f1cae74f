import { escapePointerSegment, parseDocument } from '../sources/openapi/index.js';
import { resolveRepoPath } from '../sources/repo/index.js';
import type { Json } from './to-openapi.js';

type Obj = Record<string, unknown>;

/** Where a new key goes among the keys a mapping already has in the original text. */
export type Placement = { before: string } | { after: string } | { end: true };

/** One text-level edit of an original node, recorded while fixes are planned and rendered per file at the end. */
export type EditOp = { file: string; pointer: string /** Index of the fix that made it. */; fix: number } & (
  | { kind: 'insert'; key: string; value: unknown; placement: Placement }
  | { kind: 'append'; value: unknown }
  | { kind: 'replace'; key: string; value: unknown }
  | { kind: 'remove'; key: string }
);

/** A node of the doc set: its value, and where it lives (only meaningful for nodes of the original text). */
export interface Loc {
  file: string;
  pointer: string;
  node: unknown;
}

/** Raised when a fix cannot be applied as asked; the fix is skipped with this reason. */
export class FixSkip extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * The doc set as plain data (read with js-yaml, fast), mutated as fixes are planned so that each fix sees the
 * ones before it (two fixes adding fields to one new object, a second `deprecate` of the same operation). Every
 * mutation of a node that exists in the original text is recorded as an {@link EditOp}; mutations inside new
 * nodes are not, since the new node is rendered whole, as it finally is.
 */
export class DocModel {
  readonly ops: EditOp[] = [];
  /** Index of the fix being planned, stamped on the ops it records. */
  currentFix = -1;
  /** Files changed by the fix being planned (new nodes included); the planner resets it per fix. */
  readonly touched = new Set<string>();
  private readonly data = new Map<string, unknown>();
  private readonly created = new WeakSet<object>();
  private readonly shared = new Map<string, WeakSet<object>>();

  constructor(
    readonly texts: Readonly<Record<string, string>>,
    readonly entry: string,
  ) {}

  /** Parsed data of a file of the set (undefined when the set has no such file). */
  dataOf(file: string): unknown {
    if (!this.data.has(file)) {
      const text = this.texts[file];
      if (text === undefined) return undefined;
      const parsed = parseDocument(text, file).data;
      this.data.set(file, parsed);
      // Aliased nodes appear at several places: editing one would edit all, so they are never edited.
      if (/(^|[\s[{,:-])[&*][^\s,[\]{}]+/m.test(text) && !/\.json$/i.test(file))
        this.shared.set(file, findShared(parsed));
    }
    return this.data.get(file);
  }

  /** Files whose data was read (the ones a patch may touch). */
  get files(): string[] {
    return [...this.data.keys()];
  }

  root(): Loc {
    const node = this.dataOf(this.entry);
    return { file: this.entry, pointer: '', node };
  }

  isNew(node: unknown): boolean {
    return typeof node === 'object' && node !== null && this.created.has(node);
  }

  /** Follows `$ref`s (to other files too) until a node without one. */
  deref(loc: Loc): Loc {
    let current = loc;
    for (let i = 0; i < 32; i++) {
      const ref = isObj(current.node) ? current.node.$ref : undefined;
      if (typeof ref !== 'string') return current;
      const target = this.resolveRef(ref, current.file);
      if (target === undefined) throw new FixSkip(`$ref "${ref}" in ${current.file} cannot be followed`);
      current = target;
    }
    throw new FixSkip(`$ref chain loops at ${current.file}#${current.pointer}`);
  }

  /** The node a `$ref` written in `fromFile` points to. */
  resolveRef(ref: string, fromFile: string): Loc | undefined {
    if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) return undefined;
    const hash = ref.indexOf('#');
    const filePart = hash === -1 ? ref : ref.slice(0, hash);
    const pointer = hash === -1 ? '' : safeDecode(ref.slice(hash + 1));
    const file = filePart === '' ? fromFile : resolveRepoPath(fromFile, safeDecode(filePart));
    if (file === undefined) return undefined;
    let node = this.dataOf(file);
    if (node === undefined) return undefined;
    if (pointer !== '' && pointer !== '/') {
      for (const raw of pointer.slice(1).split('/')) {
        const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
        if (Array.isArray(node)) node = node[Number(seg)];
        else if (isObj(node)) node = node[seg];
        else return undefined;
        if (node === undefined) return undefined;
      }
    }
    return { file, pointer: pointer === '/' ? '' : pointer, node };
  }

  /** The child `key` of a mapping, `$ref` followed; undefined when absent. */
  child(loc: Loc, key: string): Loc | undefined {
    if (!isObj(loc.node) || !Object.hasOwn(loc.node, key)) return undefined;
    return this.deref({ file: loc.file, pointer: `${loc.pointer}/${escapePointerSegment(key)}`, node: loc.node[key] });
  }

  /** The raw child (no `$ref` followed). */
  rawChild(loc: Loc, key: string): Loc | undefined {
    if (!isObj(loc.node) || !Object.hasOwn(loc.node, key)) return undefined;
    return { file: loc.file, pointer: `${loc.pointer}/${escapePointerSegment(key)}`, node: loc.node[key] };
  }

  /** Items of a sequence, each `$ref` followed. */
  items(loc: Loc): Loc[] {
    if (!Array.isArray(loc.node)) return [];
    return loc.node.map((node, i) => this.deref({ file: loc.file, pointer: `${loc.pointer}/${i}`, node }));
  }

  /** Adds `key: value` to a mapping (no-op when the key exists); returns the child. */
  insert(loc: Loc, key: string, value: Json | unknown, placement: Placement): Loc {
    const map = this.editable(loc);
    if (Object.hasOwn(map, key)) return this.child(loc, key) as Loc;
    this.markCreated(value);
    map[key] = value;
    this.touched.add(loc.file);
    if (!this.isNew(map))
      this.ops.push({
        kind: 'insert',
        fix: this.currentFix,
        file: loc.file,
        pointer: loc.pointer,
        key,
        value,
        placement,
      });
    return { file: loc.file, pointer: `${loc.pointer}/${escapePointerSegment(key)}`, node: value };
  }

  /** The mapping under `key`, created empty when absent. */
  ensureMap(loc: Loc, key: string, placement: Placement): Loc {
    const existing = this.child(loc, key);
    if (existing !== undefined) {
      if (isObj(existing.node)) return existing;
      if (existing.node === null && !this.isNew(loc.node)) {
        // `key:` with nothing after it: written as the new mapping in place of the null.
        const value = {};
        this.markCreated(value);
        (this.editable(loc) as Obj)[key] = value;
        this.ops.push({ kind: 'replace', fix: this.currentFix, file: loc.file, pointer: loc.pointer, key, value });
        return { ...existing, node: value };
      }
      throw new FixSkip(`${loc.file}#${existing.pointer} is not a mapping`);
    }
    return this.insert(loc, key, {}, placement);
  }

  /** The sequence under `key`, created empty when absent. */
  ensureSeq(loc: Loc, key: string, placement: Placement): Loc {
    const existing = this.child(loc, key);
    if (existing !== undefined) {
      if (Array.isArray(existing.node)) return existing;
      throw new FixSkip(`${loc.file}#${existing.pointer} is not a sequence`);
    }
    return this.insert(loc, key, [], placement);
  }

  /** Appends an item to a sequence. */
  append(loc: Loc, value: unknown): void {
    if (!Array.isArray(loc.node)) throw new FixSkip(`${loc.file}#${loc.pointer} is not a sequence`);
    this.checkNotShared(loc);
    this.markCreated(value);
    loc.node.push(value);
    this.touched.add(loc.file);
    if (!this.isNew(loc.node))
      this.ops.push({ kind: 'append', fix: this.currentFix, file: loc.file, pointer: loc.pointer, value });
  }

  /** Sets a scalar `key` (adding it when absent). */
  set(loc: Loc, key: string, value: Json, placement: Placement): void {
    const map = this.editable(loc);
    if (!Object.hasOwn(map, key)) {
      this.insert(loc, key, value, placement);
      return;
    }
    if (sameValue(map[key], value)) return;
    this.markCreated(value);
    map[key] = value;
    this.touched.add(loc.file);
    if (!this.isNew(map))
      this.ops.push({ kind: 'replace', fix: this.currentFix, file: loc.file, pointer: loc.pointer, key, value });
  }

  /** Removes `key` from a mapping. */
  remove(loc: Loc, key: string): void {
    const map = this.editable(loc);
    if (!Object.hasOwn(map, key)) return;
    delete map[key];
    this.touched.add(loc.file);
    if (!this.isNew(map))
      this.ops.push({ kind: 'remove', fix: this.currentFix, file: loc.file, pointer: loc.pointer, key });
  }

  private editable(loc: Loc): Obj {
    if (!isObj(loc.node)) throw new FixSkip(`${loc.file}#${loc.pointer} is not a mapping`);
    this.checkNotShared(loc);
    return loc.node;
  }

  private checkNotShared(loc: Loc): void {
    const shared = this.shared.get(loc.file);
    if (shared !== undefined && typeof loc.node === 'object' && loc.node !== null && shared.has(loc.node)) {
      throw new FixSkip(
        `${loc.file}#${loc.pointer} is a YAML anchor used in several places; editing it would change all of them`,
      );
    }
  }

  private markCreated(value: unknown): void {
    if (typeof value !== 'object' || value === null) return;
    this.created.add(value);
    for (const child of Array.isArray(value) ? value : Object.values(value)) this.markCreated(child);
  }
}

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Objects reachable by more than one path (YAML aliases and merge keys), and everything under them. */
function findShared(data: unknown): WeakSet<object> {
  const seen = new WeakSet<object>();
  const shared = new WeakSet<object>();
  const markAll = (node: unknown): void => {
    if (typeof node !== 'object' || node === null || shared.has(node)) return;
    shared.add(node);
    for (const child of Array.isArray(node) ? node : Object.values(node)) markAll(child);
  };
  const stack: unknown[] = [data];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    if (seen.has(node)) {
      markAll(node);
      continue;
    }
    seen.add(node);
    for (const child of Array.isArray(node) ? node : Object.values(node))
      if (typeof child === 'object' && child !== null) stack.push(child);
  }
  return shared;
}

/** Structural equality of plain data (js-yaml output). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') {
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (a instanceof Date || b instanceof Date)
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => sameValue(v, bb[i]));
  }
  const ka = Object.keys(a as Obj);
  const kb = Object.keys(b as Obj);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b as Obj, k) && sameValue((a as Obj)[k], (b as Obj)[k]));
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `$ref` string from `fromFile` to `pointer` in `toFile`, relative the way multi-file docs write them. */
export function refBetween(fromFile: string, toFile: string, pointer: string): string {
  if (fromFile === toFile) return `#${pointer}`;
  const from = fromFile.split('/').slice(0, -1);
  const to = toFile.split('/');
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  const up = from.slice(common).map(() => '..');
  const rel = [...up, ...to.slice(common)].join('/');
  return `${rel}#${pointer}`;
}
