import { type ApiSurface, joinPaths, mountOf, serversForHosts } from '../../model/index.js';

interface MatchNode {
  statics: Map<string, MatchNode>;
  /** Templated segments (`{id}`, `{name}.json`), tried after statics. */
  variables: { pattern: RegExp; node: MatchNode }[];
  /** Full template of an operation ending here. */
  template?: string;
}

/** The result of matching a URL path against documented templates. */
export interface SpecMatch {
  /** Full template (the mount's base path that fitted, then the documented path) with the documented parameter names. */
  template: string;
  /** For each segment: whether it fell under a template variable (its text is then a value). */
  variable: boolean[];
}

/**
 * A compiled matcher over a documented surface's operation paths. A segment given as `undefined` is a value whose
 * text is unknown (a stored shape's non-static segment): it can only fall under a variable. `hosts` are the hosts the
 * request was seen on, to pick the documented servers that apply.
 */
export type SpecMatcher = (
  segments: readonly (string | undefined)[],
  hosts?: readonly string[],
) => SpecMatch | undefined;

function newNode(): MatchNode {
  return { statics: new Map(), variables: [] };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function segmentsOf(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

const cache = new WeakMap<ApiSurface, SpecMatcher>();

/**
 * Compiles the documented surface's paths into a matcher that strips the docs' mount once — the longest documented
 * base path that prefixes the URL, among the servers of the request's host; the path as a whole when none does (a
 * backend serving the docs' paths bare) — then tries static segments before templated ones, as the OpenAPI Paths
 * Object prescribes. Whatever the exchange's status, a path that fits a template lands on it.
 */
export function compileSpecMatcher(surface: ApiSurface): SpecMatcher {
  const cached = cache.get(surface);
  if (cached !== undefined) return cached;
  const root = newNode();
  for (const op of surface.operations) {
    const template = joinPaths(op.path);
    let node = root;
    for (const segment of segmentsOf(template)) {
      if (!segment.includes('{')) {
        let next = node.statics.get(segment);
        if (next === undefined) {
          next = newNode();
          node.statics.set(segment, next);
        }
        node = next;
        continue;
      }
      const source = `^${segment
        .split(/(\{[^}]*\})/)
        .map((part) => (part.startsWith('{') ? '(.+?)' : escapeRegExp(part)))
        .join('')}$`;
      let entry = node.variables.find((v) => v.pattern.source === source);
      if (entry === undefined) {
        entry = { pattern: new RegExp(source), node: newNode() };
        node.variables.push(entry);
        // A segment with static text around the variable (`{id}.json`) is more specific than a bare `{id}`.
        node.variables.sort((a, b) => b.pattern.source.length - a.pattern.source.length);
      }
      node = entry.node;
    }
    node.template ??= template;
  }
  const mount = mountOf(surface);
  const bases = new Map<string, string[]>();
  for (const s of mount.servers) bases.set(s.basePath, segmentsOf(s.basePath));
  const BARE = /^\^\(\.\+\?\)\$$/;
  const walkFrom = (segments: readonly (string | undefined)[], start: number, variable: boolean[]) => {
    const walk = (node: MatchNode, i: number): string | undefined => {
      if (i === segments.length) return node.template;
      const seg = segments[i];
      if (seg !== undefined) {
        const next = node.statics.get(seg);
        if (next !== undefined) {
          const found = walk(next, i + 1);
          if (found !== undefined) return found;
        }
      }
      for (const v of node.variables) {
        if (seg === undefined ? !BARE.test(v.pattern.source) : !v.pattern.test(seg)) continue;
        const found = walk(v.node, i + 1);
        if (found !== undefined) {
          variable[i] = true;
          return found;
        }
      }
      return undefined;
    };
    return walk(root, start);
  };
  const match: SpecMatcher = (segments, hosts = []) => {
    const variable: boolean[] = new Array(segments.length).fill(false);
    let fitted = false;
    for (const server of serversForHosts(mount, hosts)) {
      const base = bases.get(server.basePath) ?? [];
      if (base.length > segments.length || base.some((b, i) => segments[i] !== b)) continue;
      fitted = true;
      const relative = walkFrom(segments, base.length, variable);
      if (relative !== undefined) return { template: joinPaths(server.basePath, relative), variable };
      variable.fill(false);
    }
    if (fitted) return undefined;
    // No documented base path prefixes the URL: the service serves the docs' paths without it.
    const relative = walkFrom(segments, 0, variable);
    return relative === undefined ? undefined : { template: relative, variable };
  };
  cache.set(surface, match);
  return match;
}
