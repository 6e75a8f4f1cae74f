import { type ApiSurface, resolveSchema, type Schema, type SchemaType } from '../model/index.js';
import { STABILITY_KEY, SUNSET_KEY } from './lifecycle.js';

/** Which way data flows: clients send requests (and parameters), servers send responses. */
export type Direction = 'request' | 'response';

/** A neutral structural difference between two schemas; rule mappers turn it into findings per direction. */
export type SchemaChangeKind =
  | 'property-added'
  | 'property-removed'
  | 'required-added'
  | 'required-removed'
  | 'type-changed'
  | 'nullable-added'
  | 'nullable-removed'
  | 'enum-widened'
  | 'enum-narrowed'
  | 'format-changed'
  | 'range-narrowed'
  | 'range-widened'
  | 'pattern-changed'
  | 'default-changed'
  | 'additional-properties-disallowed'
  | 'additional-properties-allowed'
  | 'branch-added'
  | 'branch-removed'
  | 'deprecated'
  | 'const-changed'
  | 'wrapped-in-one-of'
  | 'all-of-added'
  | 'all-of-removed'
  | 'assertion-added'
  | 'assertion-removed'
  | 'assertion-changed'
  | 'sunset-changed'
  | 'stability-changed'
  | 'write-only-removed';

/** One difference, at a dotted path below the compared root (`''` is the root, arrays as `[]`). */
export interface SchemaChange {
  kind: SchemaChangeKind;
  path: string;
  /** The nodes concerned (for property changes, the property's schema); unresolved, as written. */
  base?: Schema;
  head?: Schema;
  /** Human detail: `string → integer`, `"a", "b"`, `maxLength 50 → 20`. */
  detail: string;
  /** property-added/removed: whether the property is required on its side. */
  required?: boolean;
  /**
   * type-changed: how the type sets relate; format-changed: how the sets of values the formats allow relate
   * (`int32 → int64` widens, an added format narrows).
   */
  relation?: 'widened' | 'narrowed' | 'changed';
  /** format/pattern/default/range/const changes: which side has the keyword. */
  presence?: 'added' | 'removed' | 'changed';
  /** range, enum (`x-extensible-enum`) and assertion changes: the keyword. */
  keyword?: string;
  /**
   * The innermost named schema the change lies in (its key in `ApiSurface.schemas`, head side) and the change's
   * path inside it. Absent for changes in the inline part of the compared root. Lets callers report a change of a
   * shared component once instead of once per operation that embeds it.
   */
  schema?: { ref: string; path: string };
}

interface PairResult {
  direct: SchemaChange[];
  /** Named-schema pairs reached from this one, with the path where they hang. */
  children: { prefix: string; key: string }[];
  /**
   * The children with a difference at or below them, filled on the pair's first report walk. Every root that
   * reaches the pair walks the same list again; by then the pair and its children are finished and marked.
   */
  live?: { prefix: string; key: string }[];
}

interface Accumulator {
  direct: SchemaChange[];
  children: { prefix: string; key: string }[];
}

const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties', 'minContains'] as const;
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties', 'maxContains'] as const;

/**
 * Formats whose values include another's, per type: every `int32` is an `int64`, every `float` a `double`, and (as
 * oasdiff rules) a `date-time` field accepts what a `date` or `time` one did.
 */
const WIDER_FORMATS: Record<string, string[]> = {
  int32: ['int64', 'bigint'],
  int64: ['bigint'],
  float: ['double'],
  date: ['date-time'],
  time: ['date-time'],
};

/** How the values two formats allow relate (undefined = no format constraint). */
function formatRelation(from: string | undefined, to: string | undefined): 'widened' | 'narrowed' | 'changed' {
  if (to === undefined || (from !== undefined && WIDER_FORMATS[from]?.includes(to))) return 'widened';
  if (from === undefined || WIDER_FORMATS[to]?.includes(from)) return 'narrowed';
  return 'changed';
}

const EXTENSIBLE_ENUM = 'x-extensible-enum';
const MAX_INLINE_DEPTH = 200;

const join = (path: string, name: string): string => (path ? `${path}.${name}` : name);

/** Non-null types of a node; inferred from `properties`/`items` when `type` is absent; undefined when unknown. */
function typesOf(s: Schema): Set<SchemaType> | undefined {
  if (s.type) {
    const set = new Set(s.type.filter((t) => t !== 'null'));
    if (set.size === 0) return undefined;
    // integer is a subset of number: `[integer, number]` and `[number]` accept the same values.
    if (set.has('number')) set.delete('integer');
    return set;
  }
  if (s.properties) return new Set(['object']);
  if (s.items) return new Set(['array']);
  return undefined;
}

/** Whether `inner` is included in `outer`, integer counting as a number. */
function typeSubset(inner: Set<SchemaType>, outer: Set<SchemaType>): boolean {
  for (const t of inner) if (!outer.has(t) && !(t === 'integer' && outer.has('number'))) return false;
  return true;
}

function branchesOf(s: Schema): Schema[] | undefined {
  return s.oneOf ?? s.anyOf;
}

function isNullOnly(s: Schema): boolean {
  return s.type !== undefined && s.type.length === 1 && s.type[0] === 'null' && !s.$ref;
}

function describeTypes(set: Set<SchemaType> | undefined): string {
  return set ? [...set].sort().join(' | ') : 'any';
}

function stringify(value: unknown): string {
  return JSON.stringify(value) ?? 'undefined';
}

/**
 * Compares schemas structurally after `$ref` resolution, with `allOf` already merged by the readers, 3.0/3.1
 * nullability unified, and documentation keywords ignored, so a refactor yields nothing.
 *
 * Named-schema pairs are compared once per direction and memoised on (baseRef, headRef): real specs are recursive
 * (Stripe's expandable objects point back at each other) and each root then only walks the memo graph, visiting
 * each pair once.
 */
export class SchemaDiffer {
  private readonly pairs = new Map<string, PairResult>();
  /** Whether any difference lies at or below a pair (see computeReach). */
  private readonly reach = new Map<string, boolean>();

  constructor(
    private readonly baseSurface: Pick<ApiSurface, 'schemas'>,
    private readonly headSurface: Pick<ApiSurface, 'schemas'>,
  ) {}

  /** Every difference between two roots, each named pair's differences reported once at the shortest path. */
  compare(base: Schema, head: Schema, direction: Direction): SchemaChange[] {
    const acc: Accumulator = { direct: [], children: [] };
    this.compareNode(base, head, direction, '', acc, 0);
    const out = [...acc.direct];
    if (acc.children.length === 0) return out;
    this.computeReach(acc.children.map((c) => c.key));
    const visited = new Set<string>();
    // Breadth first so each named pair is reported at its shortest path. Paths are built only for pairs that
    // report something: most of a big spec's graph is crossed, few of its pairs changed.
    type Entry = { key: string; rel: string; parent: Entry | undefined; path?: string };
    const pathOf = (e: Entry): string => {
      if (e.path === undefined) e.path = e.parent ? prefixPath(pathOf(e.parent), e.rel) : e.rel;
      return e.path;
    };
    let queue: Entry[] = acc.children.map((c) => ({ key: c.key, rel: c.prefix, parent: undefined }));
    while (queue.length > 0) {
      const next: Entry[] = [];
      for (const entry of queue) {
        const { key } = entry;
        if (visited.has(key) || this.reach.get(key) !== true) continue;
        visited.add(key);
        const pair = this.pairs.get(key);
        if (!pair) continue;
        if (pair.direct.length > 0) {
          const prefix = pathOf(entry);
          for (const change of pair.direct)
            out.push(prefix ? { ...change, path: prefixPath(prefix, change.path) } : change);
        }
        pair.live ??= pair.children.filter((c) => this.reach.get(c.key) === true);
        for (const child of pair.live) {
          if (!visited.has(child.key)) next.push({ key: child.key, rel: child.prefix, parent: entry });
        }
      }
      queue = next;
    }
    return out;
  }

  /**
   * Marks each named pair reachable from `starts` with whether any difference lies below it, so roots only walk
   * the parts of the graph that say something. Tarjan's strongly connected components, iterative (Stripe's
   * reference chains are deeper than the call stack), over pairs not marked yet: a finished pair's children are
   * fixed, so earlier marks stay true.
   */
  private computeReach(starts: string[]): void {
    let counter = 0;
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const open = (key: string) => {
      index.set(key, counter);
      low.set(key, counter);
      counter++;
      stack.push(key);
      onStack.add(key);
    };
    for (const start of starts) {
      if (this.reach.has(start) || index.has(start) || !this.pairs.has(start)) continue;
      open(start);
      const work: { key: string; i: number }[] = [{ key: start, i: 0 }];
      while (work.length > 0) {
        const frame = work[work.length - 1] as { key: string; i: number };
        const pair = this.pairs.get(frame.key) as PairResult;
        if (frame.i < pair.children.length) {
          const child = (pair.children[frame.i++] as { key: string }).key;
          if (this.reach.has(child) || !this.pairs.has(child)) continue;
          if (!index.has(child)) {
            open(child);
            work.push({ key: child, i: 0 });
          } else if (onStack.has(child)) {
            low.set(frame.key, Math.min(low.get(frame.key) as number, index.get(child) as number));
          }
          continue;
        }
        work.pop();
        const parent = work[work.length - 1];
        if (parent) low.set(parent.key, Math.min(low.get(parent.key) as number, low.get(frame.key) as number));
        if (low.get(frame.key) !== index.get(frame.key)) continue;
        const members = new Set<string>();
        let member: string;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          members.add(member);
        } while (member !== frame.key);
        let any = false;
        for (const k of members) {
          const p = this.pairs.get(k) as PairResult;
          if (p.direct.length > 0 || p.children.some((c) => !members.has(c.key) && this.reach.get(c.key) === true)) {
            any = true;
            break;
          }
        }
        for (const k of members) this.reach.set(k, any);
      }
    }
  }

  private compareNode(b: Schema, h: Schema, dir: Direction, path: string, acc: Accumulator, depth: number): void {
    if (b.$ref !== undefined && h.$ref !== undefined) {
      const key = `${dir}\u0000${b.$ref}\u0000${h.$ref}`;
      if (!this.pairs.has(key)) {
        const pair: PairResult = { direct: [], children: [] };
        // Registered before comparing: a cycle back to this pair ends here.
        this.pairs.set(key, pair);
        this.compareResolved(resolveSchema(this.baseSurface, b), resolveSchema(this.headSurface, h), dir, '', pair, 0);
        // Every direct change of a pair lies in its named schema (nested named pairs are children, not direct), so
        // the origin is stamped once here and survives the path prefixing of each root's walk.
        for (const change of pair.direct) change.schema = { ref: h.$ref, path: change.path };
      }
      acc.children.push({ prefix: path, key });
      return;
    }
    if (depth > MAX_INLINE_DEPTH) return;
    this.compareResolved(
      b.$ref !== undefined ? resolveSchema(this.baseSurface, b) : b,
      h.$ref !== undefined ? resolveSchema(this.headSurface, h) : h,
      dir,
      path,
      acc,
      depth + 1,
    );
  }

  private nullable(s: Schema, surface: Pick<ApiSurface, 'schemas'>): boolean {
    const r = resolveSchema(surface, s);
    if (r.type?.includes('null')) return true;
    return branchesOf(r)?.some((x) => isNullOnly(resolveSchema(surface, x))) ?? false;
  }

  /** The node without its null-only union branches; a single remaining branch stands for the node. */
  private stripNull(s: Schema, surface: Pick<ApiSurface, 'schemas'>): Schema {
    const branches = branchesOf(s);
    if (!branches) return s;
    const rest = branches.filter((x) => !isNullOnly(resolveSchema(surface, x)));
    if (rest.length === branches.length) return s;
    const hasOwn = s.properties !== undefined || s.items !== undefined || s.enum !== undefined;
    if (rest.length === 1 && !hasOwn) return rest[0] as Schema;
    const out: Schema = { ...s };
    if (s.oneOf) out.oneOf = rest;
    else out.anyOf = rest;
    return out;
  }

  private compareResolved(b: Schema, h: Schema, dir: Direction, path: string, acc: Accumulator, depth: number): void {
    // Nullability first, at this level only: a nullable `$ref` is `anyOf: [$ref, null]` in one version and
    // `type: [..., null]` in another.
    const bKnown = b.type !== undefined || branchesOf(b) !== undefined;
    const hKnown = h.type !== undefined || branchesOf(h) !== undefined;
    const bNull = this.nullable(b, this.baseSurface);
    const hNull = this.nullable(h, this.headSurface);
    if (bKnown && hKnown && bNull !== hNull) {
      acc.direct.push({
        kind: hNull ? 'nullable-added' : 'nullable-removed',
        path,
        base: b,
        head: h,
        detail: hNull ? 'now nullable' : 'no longer nullable',
      });
    }
    const bs = this.stripNull(b, this.baseSurface);
    const hs = this.stripNull(h, this.headSurface);
    if (bs !== b || hs !== h) {
      if (
        bs.$ref !== undefined ||
        hs.$ref !== undefined ||
        branchesOf(bs) === undefined ||
        branchesOf(hs) === undefined
      ) {
        this.compareNodeNoNull(bs, hs, dir, path, acc, depth);
        return;
      }
    }
    this.compareBody(bs, hs, dir, path, acc, depth);
  }

  /** Like compareNode, but nullability was already compared by the caller. */
  private compareNodeNoNull(b: Schema, h: Schema, dir: Direction, path: string, acc: Accumulator, depth: number): void {
    if (b.$ref !== undefined && h.$ref !== undefined) {
      this.compareNode(b, h, dir, path, acc, depth);
      return;
    }
    if (depth > MAX_INLINE_DEPTH) return;
    const rb = b.$ref !== undefined ? resolveSchema(this.baseSurface, b) : b;
    const rh = h.$ref !== undefined ? resolveSchema(this.headSurface, h) : h;
    this.compareBody(
      this.stripNull(rb, this.baseSurface),
      this.stripNull(rh, this.headSurface),
      dir,
      path,
      acc,
      depth + 1,
    );
  }

  private compareBody(b: Schema, h: Schema, dir: Direction, path: string, acc: Accumulator, depth: number): void {
    const bBranches = branchesOf(b);
    const hBranches = branchesOf(h);
    this.compareAllOf(b, h, path, acc);
    if (bBranches || hBranches) {
      // A concrete schema moved under a new `oneOf`: a value that matches more than one branch is now rejected, and
      // generated clients get a union type instead of the model.
      const wrapped = !bBranches && h.oneOf !== undefined && (b.type !== undefined || b.properties !== undefined);
      if (wrapped)
        acc.direct.push({
          kind: 'wrapped-in-one-of',
          path,
          base: b,
          head: h,
          detail: `${h.oneOf?.length} alternatives`,
        });
      this.compareBranches(bBranches ?? [b], hBranches ?? [h], dir, path, acc, depth, wrapped);
      // A union node may also carry its own properties; otherwise the branches said it all.
      if (!(b.properties && h.properties && bBranches && hBranches)) return;
    }

    const bt = typesOf(b);
    const ht = typesOf(h);
    if (bt && ht) {
      const same = bt.size === ht.size && typeSubset(bt, ht) && typeSubset(ht, bt);
      if (!same) {
        const relation = typeSubset(bt, ht) ? 'widened' : typeSubset(ht, bt) ? 'narrowed' : 'changed';
        acc.direct.push({
          kind: 'type-changed',
          path,
          base: b,
          head: h,
          relation,
          detail: `${describeTypes(bt)} → ${describeTypes(ht)}`,
        });
        // Different kinds of value: comparing their keywords would only repeat the type change.
        if (relation === 'changed') return;
      }
    }

    this.compareEnum(b, h, path, acc);
    if (b.format !== h.format && (b.format !== undefined || h.format !== undefined)) {
      const presence = b.format === undefined ? 'added' : h.format === undefined ? 'removed' : 'changed';
      acc.direct.push({
        kind: 'format-changed',
        path,
        base: b,
        head: h,
        presence,
        relation: formatRelation(b.format, h.format),
        detail: `${b.format ?? 'none'} → ${h.format ?? 'none'}`,
      });
    }
    for (const k of LOWER_BOUNDS) this.compareBound(b, h, k, 'lower', path, acc);
    for (const k of UPPER_BOUNDS) this.compareBound(b, h, k, 'upper', path, acc);
    if (b.pattern !== h.pattern && (b.pattern !== undefined || h.pattern !== undefined)) {
      const presence = b.pattern === undefined ? 'added' : h.pattern === undefined ? 'removed' : 'changed';
      acc.direct.push({
        kind: 'pattern-changed',
        path,
        base: b,
        head: h,
        presence,
        detail: `${b.pattern ?? 'none'} → ${h.pattern ?? 'none'}`,
      });
    }
    if ((b.default !== undefined || h.default !== undefined) && stringify(b.default) !== stringify(h.default)) {
      acc.direct.push({
        kind: 'default-changed',
        path,
        base: b,
        head: h,
        presence: b.default === undefined ? 'added' : h.default === undefined ? 'removed' : 'changed',
        detail: `${b.default === undefined ? 'none' : stringify(b.default)} → ${h.default === undefined ? 'none' : stringify(h.default)}`,
      });
    }
    this.compareAssertions(b, h, path, acc);

    const bObject = bt?.has('object') || b.properties !== undefined;
    const hObject = ht?.has('object') || h.properties !== undefined;
    if (bObject && hObject) this.compareObject(b, h, dir, path, acc, depth);
    if (b.items && h.items) this.compareNode(b.items, h.items, dir, `${path}[]`, acc, depth);
  }

  private compareEnum(b: Schema, h: Schema, path: string, acc: Accumulator): void {
    this.compareExtensibleEnum(b, h, path, acc);
    if (b.const !== undefined && b.enum === undefined && h.enum === undefined && h.const !== b.const) {
      const bc = stringify(b.const);
      const hc = h.const === undefined ? undefined : stringify(h.const);
      if (bc !== hc) {
        acc.direct.push({
          kind: 'const-changed',
          path,
          base: b,
          head: h,
          presence: hc === undefined ? 'removed' : 'changed',
          detail: `const ${bc} → ${hc ?? 'none'}`,
        });
        return;
      }
    }
    const be = b.enum ?? (b.const !== undefined ? [b.const] : undefined);
    const he = h.enum ?? (h.const !== undefined ? [h.const] : undefined);
    if (!be && !he) return;
    if (be && he) {
      // Each value serialised once: Stripe's enums are long and compared on every pair that holds them.
      const bs = be.map(stringify);
      const hs = he.map(stringify);
      const bk = new Set(bs);
      const hk = new Set(hs);
      const added = hs.filter((v) => !bk.has(v));
      const removed = bs.filter((v) => !hk.has(v));
      if (added.length > 0) acc.direct.push({ kind: 'enum-widened', path, base: b, head: h, detail: added.join(', ') });
      if (removed.length > 0)
        acc.direct.push({ kind: 'enum-narrowed', path, base: b, head: h, detail: removed.join(', ') });
    } else if (he) {
      acc.direct.push({
        kind: 'enum-narrowed',
        path,
        base: b,
        head: h,
        detail: `now limited to ${he.map(stringify).join(', ')}`,
      });
    } else {
      acc.direct.push({
        kind: 'enum-widened',
        path,
        base: b,
        head: h,
        detail: 'no longer limited to a list of values',
      });
    }
  }

  /** `x-extensible-enum` lists the values known today and promises more: only a removed value says something. */
  private compareExtensibleEnum(b: Schema, h: Schema, path: string, acc: Accumulator): void {
    const be = b.extensions?.[EXTENSIBLE_ENUM];
    const he = h.extensions?.[EXTENSIBLE_ENUM];
    if (!Array.isArray(be)) return;
    const kept = new Set(Array.isArray(he) ? he.map(stringify) : []);
    const removed = be.map(stringify).filter((v) => !kept.has(v));
    if (removed.length > 0 && Array.isArray(he))
      acc.direct.push({
        kind: 'enum-narrowed',
        path,
        base: b,
        head: h,
        keyword: EXTENSIBLE_ENUM,
        detail: removed.join(', '),
      });
  }

  /** Named members of a merged `allOf`, when both sides had one: a member joining or leaving. */
  private compareAllOf(b: Schema, h: Schema, path: string, acc: Accumulator): void {
    if (!b.allOfRefs || !h.allOfRefs) return;
    const bRefs = new Set(b.allOfRefs);
    const hRefs = new Set(h.allOfRefs);
    for (const ref of h.allOfRefs)
      if (!bRefs.has(ref)) acc.direct.push({ kind: 'all-of-added', path, base: b, head: h, keyword: ref, detail: ref });
    for (const ref of b.allOfRefs)
      if (!hRefs.has(ref))
        acc.direct.push({ kind: 'all-of-removed', path, base: b, head: h, keyword: ref, detail: ref });
  }

  /** 2020-12 assertions the model keeps as written: each one added, removed or changed. */
  private compareAssertions(b: Schema, h: Schema, path: string, acc: Accumulator): void {
    if (!b.assertions && !h.assertions) return;
    const keys = new Set([...Object.keys(b.assertions ?? {}), ...Object.keys(h.assertions ?? {})]);
    for (const keyword of keys) {
      const bv = b.assertions?.[keyword];
      const hv = h.assertions?.[keyword];
      const bs = bv === undefined ? undefined : stringify(bv);
      const hs = hv === undefined ? undefined : stringify(hv);
      if (bs === hs) continue;
      const kind = bs === undefined ? 'assertion-added' : hs === undefined ? 'assertion-removed' : 'assertion-changed';
      acc.direct.push({ kind, path, base: b, head: h, keyword, detail: keyword });
    }
  }

  private compareBound(
    b: Schema,
    h: Schema,
    key: (typeof LOWER_BOUNDS)[number] | (typeof UPPER_BOUNDS)[number],
    side: 'lower' | 'upper',
    path: string,
    acc: Accumulator,
  ): void {
    const bv = b[key];
    const hv = h[key];
    if (bv === hv) return;
    const bn = typeof bv === 'number' ? bv : undefined;
    const hn = typeof hv === 'number' ? hv : undefined;
    if (bn === hn) return;
    let narrowed: boolean;
    if (bn === undefined) narrowed = true;
    else if (hn === undefined) narrowed = false;
    else narrowed = side === 'lower' ? hn > bn : hn < bn;
    acc.direct.push({
      kind: narrowed ? 'range-narrowed' : 'range-widened',
      path,
      base: b,
      head: h,
      keyword: key,
      presence: bn === undefined ? 'added' : hn === undefined ? 'removed' : 'changed',
      detail: `${key} ${bn ?? 'none'} → ${hn ?? 'none'}`,
    });
  }

  private compareObject(b: Schema, h: Schema, dir: Direction, path: string, acc: Accumulator, depth: number): void {
    const bAllows = b.additionalProperties !== false;
    const hAllows = h.additionalProperties !== false;
    if (bAllows && !hAllows)
      acc.direct.push({
        kind: 'additional-properties-disallowed',
        path,
        base: b,
        head: h,
        detail: 'extra properties no longer allowed',
      });
    if (!bAllows && hAllows)
      acc.direct.push({
        kind: 'additional-properties-allowed',
        path,
        base: b,
        head: h,
        detail: 'extra properties now allowed',
      });
    if (typeof b.additionalProperties === 'object' && typeof h.additionalProperties === 'object') {
      this.compareNode(b.additionalProperties, h.additionalProperties, dir, join(path, '*'), acc, depth);
    }
    const bp = b.properties ?? {};
    const hp = h.properties ?? {};
    const bReq = new Set(b.required ?? []);
    const hReq = new Set(h.required ?? []);
    // Read-only properties are never sent by clients, write-only ones never returned: skip them on that side.
    const hidden = (s: Schema | undefined, surface: Pick<ApiSurface, 'schemas'>): boolean => {
      if (!s) return false;
      const r = resolveSchema(surface, s);
      return dir === 'request' ? (s.readOnly ?? r.readOnly) === true : (s.writeOnly ?? r.writeOnly) === true;
    };
    for (const [name, bs] of Object.entries(bp)) {
      const hs = hp[name];
      const childPath = join(path, name);
      const bHidden = hidden(bs, this.baseSurface);
      if (hs === undefined) {
        if (!bHidden && h.properties !== undefined) {
          acc.direct.push({
            kind: 'property-removed',
            path: childPath,
            base: bs,
            required: bReq.has(name),
            detail: name,
          });
        }
        continue;
      }
      const hHidden = hidden(hs, this.headSurface);
      // readOnly/writeOnly flipped: on this side of the wire the property appears or disappears.
      if (bHidden && !hHidden) {
        // A response property the base required but kept write-only (never returned) is now returned: the docs now
        // promise it in every response, true only if the server already sent it (or it sends what was write-only).
        if (dir === 'response' && bReq.has(name)) {
          acc.direct.push({ kind: 'write-only-removed', path: childPath, base: bs, head: hs, detail: name });
          continue;
        }
        acc.direct.push({ kind: 'property-added', path: childPath, head: hs, required: hReq.has(name), detail: name });
        continue;
      }
      if (!bHidden && hHidden) {
        acc.direct.push({
          kind: 'property-removed',
          path: childPath,
          base: bs,
          required: bReq.has(name),
          detail: name,
        });
        continue;
      }
      if (bHidden || hHidden) continue;
      if (!bReq.has(name) && hReq.has(name))
        acc.direct.push({ kind: 'required-added', path: childPath, base: bs, head: hs, detail: name });
      if (bReq.has(name) && !hReq.has(name))
        acc.direct.push({ kind: 'required-removed', path: childPath, base: bs, head: hs, detail: name });
      const bDep = bs.deprecated ?? resolveSchema(this.baseSurface, bs).deprecated;
      const hDep = hs.deprecated ?? resolveSchema(this.headSurface, hs).deprecated;
      if (!bDep && hDep) acc.direct.push({ kind: 'deprecated', path: childPath, base: bs, head: hs, detail: name });
      this.compareLifecycle(bs, hs, childPath, acc);
      this.compareNode(bs, hs, dir, childPath, acc, depth);
    }
    // A base without declared properties is a free-form object: nothing to say the head's are new.
    if (b.properties === undefined) return;
    for (const [name, hs] of Object.entries(hp)) {
      if (bp[name] !== undefined || hidden(hs, this.headSurface)) continue;
      acc.direct.push({
        kind: 'property-added',
        path: join(path, name),
        head: hs,
        required: hReq.has(name),
        detail: name,
      });
    }
  }

  /** `x-sunset` and `x-stability-level` of a property, as written on each side; compare-changes judges them. */
  private compareLifecycle(bs: Schema, hs: Schema, path: string, acc: Accumulator): void {
    const bx = bs.extensions ?? resolveSchema(this.baseSurface, bs).extensions;
    const hx = hs.extensions ?? resolveSchema(this.headSurface, hs).extensions;
    if (!bx && !hx) return;
    for (const [key, kind] of [
      [SUNSET_KEY, 'sunset-changed'],
      [STABILITY_KEY, 'stability-changed'],
    ] as const) {
      const bv = bx?.[key];
      const hv = hx?.[key];
      if (stringify(bv) !== stringify(hv))
        acc.direct.push({
          kind,
          path,
          base: bs,
          head: hs,
          keyword: key,
          detail: `${stringify(bv)} → ${stringify(hv)}`,
        });
    }
  }

  private compareBranches(
    bb: Schema[],
    hb: Schema[],
    dir: Direction,
    path: string,
    acc: Accumulator,
    depth: number,
    wrapped = false,
  ): void {
    const scores: { i: number; j: number; score: number }[] = [];
    for (const [i, x] of bb.entries()) {
      for (const [j, y] of hb.entries()) {
        const score = this.branchScore(x, y);
        if (score > 0) scores.push({ i, j, score });
      }
    }
    scores.sort((a, b) => b.score - a.score || a.i - b.i || a.j - b.j);
    const bUsed = new Map<number, number>();
    const hUsed = new Set<number>();
    for (const { i, j } of scores) {
      if (bUsed.has(i) || hUsed.has(j)) continue;
      bUsed.set(i, j);
      hUsed.add(j);
    }
    for (const [i, x] of bb.entries()) {
      const j = bUsed.get(i);
      if (j === undefined)
        acc.direct.push({ kind: 'branch-removed', path, base: x, detail: this.branchLabel(x, this.baseSurface) });
      else this.compareNode(x, hb[j] as Schema, dir, path, acc, depth);
    }
    for (const [j, y] of hb.entries()) {
      if (!hUsed.has(j) && !wrapped)
        acc.direct.push({ kind: 'branch-added', path, head: y, detail: this.branchLabel(y, this.headSurface) });
    }
  }

  /** How alike two union branches are: same named schema, then same type with shared property names. */
  private branchScore(x: Schema, y: Schema): number {
    if (x.$ref !== undefined && x.$ref === y.$ref) return 100;
    const rx = resolveSchema(this.baseSurface, x);
    const ry = resolveSchema(this.headSurface, y);
    const tx = typesOf(rx);
    const ty = typesOf(ry);
    if (
      tx &&
      ty &&
      ![...tx].some((t) => ty.has(t) || (t === 'integer' && ty.has('number')) || (t === 'number' && ty.has('integer')))
    )
      return 0;
    let score = 1;
    const px = Object.keys(rx.properties ?? {});
    const py = new Set(Object.keys(ry.properties ?? {}));
    if (px.length > 0 || py.size > 0) {
      const shared = px.filter((p) => py.has(p)).length;
      score += (10 * shared) / (px.length + py.size - shared);
    }
    if (stringify(rx.enum) === stringify(ry.enum)) score += 0.5;
    if (rx.format === ry.format) score += 0.25;
    return score;
  }

  private branchLabel(s: Schema, surface: Pick<ApiSurface, 'schemas'>): string {
    if (s.$ref !== undefined) return s.$ref;
    const r = resolveSchema(surface, s);
    const t = typesOf(r);
    return t ? describeTypes(t) : 'schema';
  }
}

function prefixPath(prefix: string, path: string): string {
  if (!prefix) return path;
  if (!path) return prefix;
  return path.startsWith('[]') ? `${prefix}${path}` : `${prefix}.${path}`;
}
