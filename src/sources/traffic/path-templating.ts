import { pathParamNames } from '../../model/index.js';
import { copyAccumulator, mergeAccumulatorInto } from './accumulator.js';
import type { SegmentStats, ShapeAccumulator } from './accumulator-types.js';
import type { SegmentKind, ValueShape } from './exchange-shape.js';
import { FHIR_RESOURCE_TYPES, isReservedSegment, PROTECTED_WORDS } from './segment-kinds.js';
import { COLLAPSE_ABSOLUTE } from './shape-collector.js';

/** Thresholds of the cardinality rule (research B2.3). */
export interface TemplatingThresholds {
  /** Distinct similar static children that collapse into a variable. */
  collapseWithSimilarity: number;
  /** Distinct static children that collapse without similarity evidence. */
  collapseAbsolute: number;
  /** Share of children that must share a continuation or response shape. */
  similarity: number;
}

export const DEFAULT_TEMPLATING: TemplatingThresholds = {
  collapseWithSimilarity: 3,
  collapseAbsolute: COLLAPSE_ABSOLUTE,
  similarity: 0.8,
};

/** One templated operation: method, full path template, and everything observed for it. */
export interface TemplatedOperation {
  method: string;
  /** Full path with `{name}` parameters. */
  path: string;
  /** Whether the template came from the documented surface. */
  documented: boolean;
  accumulator: ShapeAccumulator;
  /** For each `{name}` in the path, in order: its name and the statistics of its position. */
  parameters: { name: string; stats: SegmentStats }[];
}

interface Node {
  children: Map<string, Node>;
  /** Method → accumulators ending here. */
  leaves: Map<string, ShapeAccumulator[]>;
}

function newNode(): Node {
  return { children: new Map(), leaves: new Map() };
}

// Trie tokens keep the extension apart with a separator no segment text contains.
const EXT = '\u0001';

function tokensOf(acc: ShapeAccumulator): string[] {
  return acc.segments.map((s) => `${s.text ?? '{}'}${s.ext === undefined ? '' : EXT + s.ext}`);
}

function splitToken(token: string): { base: string; ext: string } {
  const i = token.indexOf(EXT);
  return i < 0 ? { base: token, ext: '' } : { base: token.slice(0, i), ext: token.slice(i + 1) };
}

function displayToken(token: string): string {
  const { base, ext } = splitToken(token);
  return ext.length > 0 ? `${base}.${ext}` : base;
}

function mergeNode(into: Node, from: Node): void {
  for (const [method, accs] of from.leaves) {
    const list = into.leaves.get(method);
    if (list === undefined) into.leaves.set(method, [...accs]);
    else list.push(...accs);
  }
  for (const [token, child] of from.children) {
    const existing = into.children.get(token);
    if (existing === undefined) into.children.set(token, child);
    else mergeNode(existing, child);
  }
}

/** Top-level JSON keys of the busiest 2xx JSON response: the shape signature of a leaf. */
function responseSignature(acc: ShapeAccumulator): string {
  let best: ValueShape | undefined;
  let bestCount = 0;
  for (const [status, resp] of Object.entries(acc.responses)) {
    if (!status.startsWith('2')) continue;
    for (const body of Object.values(resp.content)) {
      if (body.json !== undefined && body.count > bestCount) {
        best = body.json;
        bestCount = body.count;
      }
    }
  }
  if (best === undefined) return '';
  const target = best.properties !== undefined ? best : best.items;
  const keys = Object.keys(target?.properties ?? {}).sort();
  return keys.length === 0 ? '' : `${best.items !== undefined ? '[]' : ''}${keys.join(',')}`;
}

function signature(node: Node): { sig: string; evidence: boolean } {
  const continuation = [...node.children.keys()].sort().join(',');
  const leaves = [...node.leaves.entries()]
    .map(([m, accs]) => `${m}:${accs.map(responseSignature).filter((s) => s !== '')[0] ?? ''}`)
    .sort();
  const evidence = continuation.length > 0 || leaves.some((l) => !l.endsWith(':'));
  return { sig: `${continuation}|${leaves.join(';')}`, evidence };
}

function isSimilar(nodes: Node[], ratio: number): boolean {
  const counts = new Map<string, number>();
  let best = 0;
  for (const n of nodes) {
    const { sig, evidence } = signature(n);
    if (!evidence) continue;
    const c = (counts.get(sig) ?? 0) + 1;
    counts.set(sig, c);
    if (c > best) best = c;
  }
  return best / nodes.length >= ratio;
}

function decide(node: Node, depth: number, previous: string | undefined, t: TemplatingThresholds): void {
  const groups = new Map<string, string[]>();
  for (const token of node.children.keys()) {
    const { base: text, ext } = splitToken(token);
    if (text === '{}') continue;
    if (isReservedSegment(text, depth, previous) || PROTECTED_WORDS.has(text.toLowerCase())) continue;
    const key = ext;
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [token]);
    else list.push(token);
  }
  for (const [ext, tokens] of groups) {
    const varToken = ext.length > 0 ? `{}${EXT}${ext}` : '{}';
    const variable = node.children.get(varToken);
    // A variable sibling (typed ids) is one more child of the same kind for the cardinality rule.
    const siblings = tokens.length + (variable === undefined ? 0 : 1);
    if (siblings < t.collapseWithSimilarity) continue;
    const nodes = tokens.map((tok) => node.children.get(tok) as Node);
    if (variable !== undefined) nodes.push(variable);
    if (tokens.length < t.collapseAbsolute && !isSimilar(nodes, t.similarity)) continue;
    let target = variable;
    if (target === undefined) {
      target = newNode();
      node.children.set(varToken, target);
    }
    for (const tok of tokens) {
      mergeNode(target, node.children.get(tok) as Node);
      node.children.delete(tok);
    }
  }
  for (const [token, child] of node.children) {
    decide(child, depth + 1, token.startsWith('{}') ? undefined : splitToken(token).base, t);
  }
}

/** Singular of an English plural resource name (`patients` → `patient`, `policies` → `policy`). */
export function singularize(word: string): string {
  const lower = word.toLowerCase();
  if (lower.length <= 3) return word;
  if (lower.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(?:ss|sh|ch|x|z|us)es$/.test(lower)) return word.slice(0, -2);
  if (lower.endsWith('s') && !/(?:ss|us|is)$/.test(lower)) return word.slice(0, -1);
  return word;
}

function camelCase(text: string): string {
  const parts = text.split(/[-_.~\s]+/).filter((p) => p.length > 0);
  return parts
    .map((p, i) => (i === 0 ? p.charAt(0).toLowerCase() + p.slice(1) : p.charAt(0).toUpperCase() + p.slice(1)))
    .join('');
}

function dominantKind(stats: SegmentStats): SegmentKind | undefined {
  let best: SegmentKind | undefined;
  let n = 0;
  for (const [k, c] of Object.entries(stats.kinds ?? {})) {
    if ((c ?? 0) > n) {
      best = k as SegmentKind;
      n = c ?? 0;
    }
  }
  return best;
}

/** Names the path parameters of a templated path from their parent segments (`/patients/{patientId}`). */
function nameParameters(tokens: string[], stats: SegmentStats[]): { path: string; names: string[] } {
  const used = new Map<string, number>();
  const names: string[] = [];
  let fallback = 0;
  const out = tokens.map((token, i) => {
    const { base, ext } = splitToken(token);
    if (base !== '{}') return displayToken(token);
    const parent = i > 0 ? splitToken(tokens[i - 1] as string).base : undefined;
    const grandparent = i > 1 ? splitToken(tokens[i - 2] as string).base : undefined;
    const kind = stats[i] === undefined ? undefined : dominantKind(stats[i] as SegmentStats);
    let name: string;
    if (parent === '_history') name = 'vid';
    else if (parent !== undefined && FHIR_RESOURCE_TYPES.has(parent)) name = 'id';
    else if (kind === 'date') name = 'date';
    else if (
      parent !== undefined &&
      !parent.startsWith('{') &&
      !isReservedSegment(parent, Math.max(1, i - 1), grandparent) &&
      /^[A-Za-z][A-Za-z0-9_.~-]*$/.test(parent)
    ) {
      name = `${camelCase(singularize(parent))}Id`;
    } else {
      fallback++;
      name = `${kind === undefined || kind === 'static' || kind === 'other' || kind === 'opaque' ? 'param' : kind}${fallback}`;
    }
    const seen = used.get(name) ?? 0;
    used.set(name, seen + 1);
    if (seen > 0) name = `${name}${seen + 1}`;
    names.push(name);
    return ext.length > 0 ? `{${name}}.${ext}` : `{${name}}`;
  });
  return { path: `/${out.join('/')}`, names };
}

function mergeAll(accs: ShapeAccumulator[]): ShapeAccumulator {
  const merged = copyAccumulator(accs[0] as ShapeAccumulator);
  for (let i = 1; i < accs.length; i++) mergeAccumulatorInto(merged, accs[i] as ShapeAccumulator);
  return merged;
}

/**
 * Turns accumulators into templated operations. Documented matches keep the documented template; the rest are laid
 * on a trie across methods where typed segments are already variables, reserved segments (`api`, versions, FHIR
 * types and operations) and protected words (`me`, `search`) stay constants, and other static siblings collapse
 * into one variable when there are at least 20 of them, or at least 3 that share a continuation or a response shape.
 */
export function templateOperations(
  accumulators: Iterable<ShapeAccumulator>,
  thresholds: TemplatingThresholds = DEFAULT_TEMPLATING,
): TemplatedOperation[] {
  const documented = new Map<string, ShapeAccumulator[]>();
  const root = newNode();
  for (const acc of accumulators) {
    if (acc.template !== undefined) {
      const key = `${acc.method} ${acc.template}`;
      const list = documented.get(key);
      if (list === undefined) documented.set(key, [acc]);
      else list.push(acc);
      continue;
    }
    let node = root;
    for (const token of tokensOf(acc)) {
      let next = node.children.get(token);
      if (next === undefined) {
        next = newNode();
        node.children.set(token, next);
      }
      node = next;
    }
    const list = node.leaves.get(acc.method);
    if (list === undefined) node.leaves.set(acc.method, [acc]);
    else list.push(acc);
  }
  decide(root, 0, undefined, thresholds);

  const out: TemplatedOperation[] = [];
  for (const accs of documented.values()) {
    const merged = mergeAll(accs);
    const template = merged.template as string;
    const names = pathParamNames(template);
    const parameters: TemplatedOperation['parameters'] = [];
    const segs = template.split('/').filter((s) => s.length > 0);
    let n = 0;
    segs.forEach((seg, i) => {
      for (const _ of seg.matchAll(/\{[^}]*\}/g)) {
        parameters.push({ name: names[n] as string, stats: merged.segments[i] ?? {} });
        n++;
      }
    });
    out.push({ method: merged.method, path: template, documented: true, accumulator: merged, parameters });
  }
  const walk = (node: Node, tokens: string[]): void => {
    for (const [method, accs] of node.leaves) {
      const merged = mergeAll(accs);
      const { path, names } = nameParameters(tokens, merged.segments);
      const parameters: TemplatedOperation['parameters'] = [];
      let n = 0;
      tokens.forEach((tok, i) => {
        if (tok.startsWith('{}')) parameters.push({ name: names[n++] as string, stats: merged.segments[i] ?? {} });
      });
      merged.key = `${method} /${tokens.map(displayToken).join('/')}`;
      out.push({ method, path: tokens.length === 0 ? '/' : path, documented: false, accumulator: merged, parameters });
    }
    for (const [token, child] of node.children) walk(child, [...tokens, token]);
  };
  walk(root, []);
  return out;
}
