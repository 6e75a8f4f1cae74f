import { type HttpMethod, joinPaths } from '../../../model/index.js';

/**
 * A path as far as static reading could tell: `known` is the part resolved to text; `unresolved`, when set, is what
 * precedes it and could not be resolved (as written, like `settings.API_PREFIX`).
 */
export interface PathText {
  known: string;
  unresolved?: string;
}

/** A path made only of known text. */
export function knownPath(text: string): PathText {
  return { known: text };
}

/** A path piece whose value is not statically known; `expression` is its source text. */
export function unknownPath(expression: string): PathText {
  return { known: '', unresolved: expression };
}

function fullText(p: PathText): string {
  return (p.unresolved ?? '') + p.known;
}

/** String concatenation of two path pieces (`PREFIX + "/users"`, f-strings, template pieces). */
export function concatText(a: PathText, b: PathText): PathText {
  if (b.unresolved !== undefined) return { known: b.known, unresolved: fullText(a) + b.unresolved };
  return a.unresolved === undefined
    ? { known: a.known + b.known }
    : { known: a.known + b.known, unresolved: a.unresolved };
}

/** Path joining of a prefix and a path below it (router mounts, groups, class-level mappings). */
export function joinText(prefix: PathText, path: PathText): PathText {
  if (path.unresolved !== undefined) {
    const before = fullText(prefix);
    return { known: path.known, unresolved: before === '' ? path.unresolved : joinPaths(before, path.unresolved) };
  }
  const known = joinPaths(prefix.known, path.known);
  return prefix.unresolved === undefined ? { known } : { known, unresolved: prefix.unresolved };
}

/** A route as the graph resolves it: full path from a root, with any unresolved prefix kept apart. */
export interface ResolvedRoute<I> {
  method: HttpMethod;
  /** Path below the unresolved prefix (or the full path), framework syntax not yet templated. */
  path: string;
  unresolvedPrefix?: string;
  info: I;
  /** The graph node the route is declared on. */
  node: number;
  /** Why the route is left out of the app's docs through this mount chain (a hidden router or mount), when it is. */
  hidden?: string;
  /**
   * The mount chains that serve the route at this path (root first): an object mounted twice, at a public prefix and
   * behind a guarded mount, serves each copy through its own chain only, so each copy has its own guards.
   */
  chains: MountChain[];
}

/** One way down from a root to a node: the nodes passed, and the id of each mount between two of them. */
export interface MountChain {
  nodes: number[];
  mounts: number[];
}

/** Most chains kept per path served: beyond that, guards are judged on the first ones. */
const MAX_CHAINS = 8;

interface Mount {
  id: number;
  parent: number;
  prefix: PathText;
  /** Flask's `register_blueprint(url_prefix=…)` replaces the blueprint's own prefix instead of adding to it. */
  replacesOwnPrefix: boolean;
  /** The mount hides what it serves from the app's docs (FastAPI `include_router(…, include_in_schema=False)`). */
  hidden?: string;
}

/** A prefix a node is served under, and why routes served through it are hidden from the docs, when they are. */
interface Served {
  path: PathText;
  hidden?: string;
  chains: MountChain[];
}

/** Most mount chains an object may be reached through; beyond that the tree is pathological. */
const MAX_PREFIXES_PER_NODE = 64;

/**
 * Routers, apps, blueprints and groups as nodes; mounts (include_router, register_blueprint, Group, Route, Mount) as
 * edges carrying prefixes; routes attached to nodes. Full paths come from walking every mount chain up to a root,
 * so an object mounted twice serves its routes twice and an object never mounted serves them at its own prefix.
 */
export class RouteGraph<I> {
  private readonly ownPrefixes: PathText[] = [];
  private readonly mounts: Mount[][] = [];
  private readonly hiddenNodes = new Map<number, string>();
  private readonly routes: { node: number; methods: HttpMethod[]; path: PathText; info: I }[] = [];
  private mountCount = 0;

  /** Adds a router-like object with its own prefix; returns its id. */
  addNode(ownPrefix: PathText = knownPath('')): number {
    this.ownPrefixes.push(ownPrefix);
    this.mounts.push([]);
    return this.ownPrefixes.length - 1;
  }

  /** Hides every route a node serves from the app's docs (a router made with `include_in_schema=False`). */
  hide(node: number, why: string): void {
    this.hiddenNodes.set(node, why);
  }

  /**
   * Mounts `child` under `parent` at `prefix`; `hidden` says why what it serves through this mount is not in the docs.
   * Returns the mount's id (the earlier one when the same mount is made again), or `undefined` when nothing is mounted.
   */
  mount(
    parent: number,
    child: number,
    prefix: PathText = knownPath(''),
    replacesOwnPrefix = false,
    hidden?: string,
  ): number | undefined {
    const list = this.mounts[child];
    if (list === undefined || parent === child) return undefined;
    const same = list.find((m) => m.parent === parent && fullText(m.prefix) === fullText(prefix));
    if (same !== undefined) return same.id;
    const id = this.mountCount++;
    list.push({ id, parent, prefix, replacesOwnPrefix, ...(hidden !== undefined ? { hidden } : {}) });
    return id;
  }

  /** Attaches a route to a node. */
  addRoute(node: number, methods: HttpMethod[], path: PathText, info: I): void {
    this.routes.push({ node, methods, path, info });
  }

  /** True when some mount names `node` as its child. */
  isMounted(node: number): boolean {
    return (this.mounts[node]?.length ?? 0) > 0;
  }

  /** Every chain of nodes from a root down to `node` (root first), one per way it is mounted; for guards that
   * routers and mounts put in front of their routes. */
  chainsTo(node: number, limit = 8): number[][] {
    const walk = (n: number, stack: Set<number>): number[][] => {
      const mounts = this.mounts[n] ?? [];
      if (mounts.length === 0 || stack.has(n)) return [[n]];
      stack.add(n);
      const out: number[][] = [];
      for (const m of mounts) {
        for (const above of walk(m.parent, stack)) if (out.length < limit) out.push([...above, n]);
      }
      stack.delete(n);
      return out;
    };
    return walk(node, new Set());
  }

  /** Every route with its full path, once per mount chain. */
  resolve(): ResolvedRoute<I>[] {
    const memo = new Map<number, Served[]>();
    const visiting = new Set<number>();
    const prefixesOf = (node: number): Served[] => {
      const cached = memo.get(node);
      if (cached !== undefined) return cached;
      const own = this.ownPrefixes[node] ?? knownPath('');
      const ownHidden = this.hiddenNodes.get(node);
      const served = (path: PathText, hidden: string | undefined, chains: MountChain[]): Served => ({
        path,
        ...(hidden !== undefined ? { hidden } : {}),
        chains,
      });
      const alone = [{ nodes: [node], mounts: [] }];
      if (visiting.has(node)) return [served(own, ownHidden, alone)];
      visiting.add(node);
      const out: Served[] = [];
      const seen = new Map<string, Served>();
      const push = (p: Served) => {
        const key = `${p.path.unresolved ?? ''}\u0000${p.path.known}\u0000${p.hidden ?? ''}`;
        const had = seen.get(key);
        if (had !== undefined) addChains(had.chains, p.chains);
        else if (out.length < MAX_PREFIXES_PER_NODE) {
          seen.set(key, p);
          out.push(p);
        }
      };
      const mounts = this.mounts[node] ?? [];
      for (const m of mounts) {
        for (const above of prefixesOf(m.parent)) {
          const at = joinText(above.path, m.prefix);
          const chains = above.chains.map((c) => ({ nodes: [...c.nodes, node], mounts: [...c.mounts, m.id] }));
          push(served(m.replacesOwnPrefix ? at : joinText(at, own), above.hidden ?? m.hidden ?? ownHidden, chains));
        }
      }
      if (mounts.length === 0) push(served(own, ownHidden, alone));
      visiting.delete(node);
      memo.set(node, out);
      return out;
    };
    const resolved: ResolvedRoute<I>[] = [];
    /** Index in `resolved` by route, method and path: served visibly through one chain, a route is not hidden. */
    const seen = new Map<string, number>();
    for (const [index, route] of this.routes.entries()) {
      for (const prefix of prefixesOf(route.node)) {
        const full = joinText(prefix.path, route.path);
        for (const method of route.methods) {
          const key = `${index} ${method} ${full.unresolved ?? ''} ${full.known}`;
          const at = seen.get(key);
          if (at !== undefined) {
            const had = resolved[at];
            if (had !== undefined && prefix.hidden === undefined) delete had.hidden;
            if (had !== undefined) addChains(had.chains, prefix.chains);
            continue;
          }
          seen.set(key, resolved.length);
          resolved.push({
            method,
            path: full.known,
            ...(full.unresolved !== undefined ? { unresolvedPrefix: full.unresolved } : {}),
            info: route.info,
            node: route.node,
            ...(prefix.hidden !== undefined ? { hidden: prefix.hidden } : {}),
            chains: [...prefix.chains],
          });
        }
      }
    }
    return resolved;
  }
}

/** Adds chains not already held, up to the limit. */
function addChains(into: MountChain[], more: readonly MountChain[]): void {
  for (const c of more) {
    if (into.length >= MAX_CHAINS) return;
    if (!into.some((h) => h.mounts.join() === c.mounts.join() && h.nodes.join() === c.nodes.join())) into.push(c);
  }
}
