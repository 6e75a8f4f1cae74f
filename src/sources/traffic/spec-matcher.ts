import { type ApiSurface, joinPaths, toTemplatePath } from '../../model/index.js';

interface MatchNode {
  statics: Map<string, MatchNode>;
  /** Templated segments (`{id}`, `{name}.json`), tried after statics. */
  variables: { pattern: RegExp; node: MatchNode }[];
  /** Full template of an operation ending here. */
  template?: string;
}

/** The result of matching a URL path against documented templates. */
export interface SpecMatch {
  /** Full template (base path applied) with the documented parameter names. */
  template: string;
  /** For each segment: whether it fell under a template variable (its text is then a value). */
  variable: boolean[];
}

/** A compiled matcher over a documented surface's operation paths. */
export type SpecMatcher = (segments: readonly string[]) => SpecMatch | undefined;

function newNode(): MatchNode {
  return { statics: new Map(), variables: [] };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const cache = new WeakMap<ApiSurface, SpecMatcher>();

/**
 * Compiles the documented surface's paths (base path applied) into a matcher that tries static segments before
 * templated ones, as the OpenAPI Paths Object prescribes.
 */
export function compileSpecMatcher(surface: ApiSurface): SpecMatcher {
  const cached = cache.get(surface);
  if (cached !== undefined) return cached;
  const root = newNode();
  for (const op of surface.operations) {
    const template = joinPaths(surface.basePath, toTemplatePath(op.path));
    let node = root;
    for (const segment of template.split('/').filter((s) => s.length > 0)) {
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
  const match: SpecMatcher = (segments) => {
    const variable: boolean[] = new Array(segments.length).fill(false);
    const walk = (node: MatchNode, i: number): string | undefined => {
      if (i === segments.length) return node.template;
      const seg = segments[i] as string;
      const next = node.statics.get(seg);
      if (next !== undefined) {
        const found = walk(next, i + 1);
        if (found !== undefined) return found;
      }
      for (const v of node.variables) {
        if (!v.pattern.test(seg)) continue;
        const found = walk(v.node, i + 1);
        if (found !== undefined) {
          variable[i] = true;
          return found;
        }
      }
      return undefined;
    };
    const template = walk(root, 0);
    return template === undefined ? undefined : { template, variable };
  };
  cache.set(surface, match);
  return match;
}
