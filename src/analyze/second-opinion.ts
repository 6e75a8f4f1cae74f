import { compareChanges } from '../drift/index.js';
import {
  type ApiSurface,
  type Finding,
  type MediaContent,
  type Operation,
  operationKey,
  operationLabel,
  resolveSchema,
  type Schema,
} from '../model/index.js';

/** Bounds of {@link secondOpinion}: openapi-diff is slow and fragile on big or recursive input (DESIGN.md). */
export interface SecondOpinionOptions {
  /** Kill openapi-diff after this long (default 15 s). */
  timeoutMs?: number;
  /** Skip a body schema whose resolved JSON is larger than this (default 32 KiB). */
  maxSchemaBytes?: number;
  /** Compare at most this many body pairs (default 200). */
  maxPairs?: number;
}

/** What {@link secondOpinion} needs besides its bounds: the runner of openapi-diff. */
export interface SecondOpinionInput extends SecondOpinionOptions {
  runDiff: OpenApiDiffRunner;
}

/** A body where openapi-diff and Specwatch disagree on whether the change breaks clients. */
export interface Disagreement {
  operation: string;
  /** `request` or the response status. */
  body: string;
  ours: 'breaking' | 'not breaking';
  theirs: 'breaking' | 'not breaking';
  /** openapi-diff's result codes for that body. */
  codes: string[];
}

export interface SecondOpinion {
  /** Body pairs compared by openapi-diff. */
  compared: number;
  disagreements: Disagreement[];
  /** Why nothing (or not everything) was compared: version, recursion, size, timeout, failure. */
  skipped: string[];
}

const MAX_DEPTH = 24;

/** A resolved, `$ref`-free OpenAPI 3.0 schema object, or undefined when recursive or too deep. */
function toOas30(surface: ApiSurface, node: Schema, stack: string[] = []): Record<string, unknown> | undefined {
  if (stack.length > MAX_DEPTH) return undefined;
  if (node.$ref !== undefined) {
    if (stack.includes(node.$ref)) return undefined;
    const target = resolveSchema(surface, node);
    if (target === node) return {};
    return toOas30(surface, target, [...stack, node.$ref]);
  }
  const out: Record<string, unknown> = {};
  const types = (node.type ?? []).filter((t) => t !== 'null');
  if (node.type?.includes('null')) out.nullable = true;
  if (types.length === 1) out.type = types[0];
  else if (types.length > 1) {
    out.anyOf = types.map((t) => ({ type: t }));
  }
  for (const k of [
    'format',
    'enum',
    'minimum',
    'maximum',
    'minLength',
    'maxLength',
    'pattern',
    'minItems',
    'maxItems',
    'required',
  ] as const) {
    if (node[k] !== undefined) out[k] = node[k];
  }
  if (node.exclusiveMinimum !== undefined) {
    out.minimum = node.exclusiveMinimum;
    out.exclusiveMinimum = true;
  }
  if (node.exclusiveMaximum !== undefined) {
    out.maximum = node.exclusiveMaximum;
    out.exclusiveMaximum = true;
  }
  if (node.properties) {
    const props: Record<string, unknown> = {};
    for (const [name, child] of Object.entries(node.properties)) {
      const c = toOas30(surface, child, stack);
      if (c === undefined) return undefined;
      props[name] = c;
    }
    out.properties = props;
  }
  if (node.items) {
    const items = toOas30(surface, node.items, stack);
    if (items === undefined) return undefined;
    out.items = items;
  }
  if (node.additionalProperties !== undefined) {
    if (typeof node.additionalProperties === 'boolean') out.additionalProperties = node.additionalProperties;
    else {
      const ap = toOas30(surface, node.additionalProperties, stack);
      if (ap === undefined) return undefined;
      out.additionalProperties = ap;
    }
  }
  for (const k of ['oneOf', 'anyOf', 'allOf'] as const) {
    const list = node[k];
    if (!list) continue;
    const branches = list.map((b) => toOas30(surface, b, stack));
    if (branches.some((b) => b === undefined)) return undefined;
    out[k] = branches;
  }
  return out;
}

function jsonSchemaOf(content: Record<string, MediaContent> | undefined): Schema | undefined {
  if (!content) return undefined;
  const entry = Object.entries(content).find(([m]) => /json/i.test(m)) ?? Object.entries(content)[0];
  return entry?.[1].schema;
}

/** One difference openapi-diff reports, with its class (`breaking`, `non-breaking`, `unclassified`). */
export interface OpenApiDiffEntry {
  code?: string;
  type?: string;
  sourceSpecEntityDetails?: { location?: string }[];
  destinationSpecEntityDetails?: { location?: string }[];
}

/**
 * Runs openapi-diff on two small synthetic OpenAPI 3.0 documents, bounded in time and memory. An adapter (the CLI)
 * provides it: the core starts no process or thread.
 */
export type OpenApiDiffRunner = (
  base: unknown,
  head: unknown,
  timeoutMs: number,
) => Promise<{ ok: true; entries: OpenApiDiffEntry[] } | { ok: false; error: string }>;

/**
 * Atlassian's openapi-diff as a bounded second opinion on body schemas: only for 2.0/3.0 specs, only on small,
 * resolved, non-recursive request/response schema pairs of operations both sides have, run by `options.runDiff`
 * under a time limit. Returns where its breaking / not-breaking verdict per body differs from ours.
 */
export async function secondOpinion(
  base: ApiSurface,
  head: ApiSurface,
  findings: readonly Finding[],
  options: SecondOpinionInput,
): Promise<SecondOpinion> {
  const skipped: string[] = [];
  const oas30 = (s: ApiSurface) => s.specVersion === undefined || /^(2\.|3\.0)/.test(s.specVersion);
  if (!oas30(base) || !oas30(head))
    return { compared: 0, disagreements: [], skipped: ['openapi-diff reads OpenAPI 2.0/3.0 only'] };
  const maxBytes = options.maxSchemaBytes ?? 32 * 1024;
  const maxPairs = options.maxPairs ?? 200;
  const headOps = new Map(head.operations.map((op) => [operationKey(op.method, op.path, head.basePath), op]));
  const pairs: { label: string; body: string; base: Record<string, unknown>; head: Record<string, unknown> }[] = [];
  let tooBig = 0;
  let recursive = 0;
  const consider = (
    label: string,
    body: string,
    b: Schema | undefined,
    h: Schema | undefined,
    bs: ApiSurface,
    hs: ApiSurface,
  ) => {
    if (!b || !h || pairs.length >= maxPairs) return;
    const rb = toOas30(bs, b);
    const rh = toOas30(hs, h);
    if (!rb || !rh) {
      recursive++;
      return;
    }
    if (JSON.stringify(rb).length > maxBytes || JSON.stringify(rh).length > maxBytes) {
      tooBig++;
      return;
    }
    pairs.push({ label, body, base: rb, head: rh });
  };
  for (const bop of base.operations) {
    const hop: Operation | undefined = headOps.get(operationKey(bop.method, bop.path, base.basePath));
    if (!hop) continue;
    const label = operationLabel(hop, head.basePath);
    consider(
      label,
      'request',
      jsonSchemaOf(bop.requestBody?.content),
      jsonSchemaOf(hop.requestBody?.content),
      base,
      head,
    );
    for (const br of bop.responses) {
      if (!/^2/.test(br.status)) continue;
      const hr = hop.responses.find((r) => r.status === br.status);
      consider(label, br.status, jsonSchemaOf(br.content), jsonSchemaOf(hr?.content), base, head);
    }
  }
  if (recursive > 0)
    skipped.push(`${recursive} recursive or deep body schema${recursive === 1 ? '' : 's'} left to our engine`);
  if (tooBig > 0)
    skipped.push(`${tooBig} body schema${tooBig === 1 ? '' : 's'} over ${maxBytes} bytes left to our engine`);
  if (pairs.length === 0) return { compared: 0, disagreements: [], skipped };

  // One synthetic spec per side: each body pair becomes its own path, so results map back by location.
  const doc = (side: 'base' | 'head') => ({
    openapi: '3.0.3',
    info: { title: 'bodies', version: '1' },
    paths: Object.fromEntries(
      pairs.map((p, i) => [
        `/p${i}`,
        {
          post:
            p.body === 'request'
              ? {
                  requestBody: { content: { 'application/json': { schema: p[side] } } },
                  responses: { '200': { description: '' } },
                }
              : { responses: { '200': { description: '', content: { 'application/json': { schema: p[side] } } } } },
        },
      ]),
    ),
  });
  const result = await options.runDiff(doc('base'), doc('head'), options.timeoutMs ?? 15_000);
  if (!result.ok) return { compared: 0, disagreements: [], skipped: [...skipped, result.error] };
  const theirs = new Map<number, { breaking: boolean; codes: string[] }>();
  for (const e of result.entries) {
    for (const d of [...(e.sourceSpecEntityDetails ?? []), ...(e.destinationSpecEntityDetails ?? [])]) {
      const m = /paths\.\/p(\d+)\./.exec(d.location ?? '');
      if (!m) continue;
      const i = Number(m[1]);
      const v = theirs.get(i) ?? { breaking: false, codes: [] };
      if (e.type === 'breaking') v.breaking = true;
      if (e.code && !v.codes.includes(e.code)) v.codes.push(e.code);
      theirs.set(i, v);
    }
  }
  // Our verdict is per body, but a change inside a shared schema is one finding for every operation and status
  // reaching it: the per-operation view says which bodies it lies in. It counts only while the given findings keep
  // that rule for that operation (policy may have turned a rule off or ignored an operation).
  const kept = new Set(findings.flatMap((f) => (f.operations ?? [f.operation]).map((op) => `${f.rule} ${op}`)));
  const perBody = compareChanges(base, head, { perOperation: true, includeSafe: false }).filter((f) =>
    kept.has(`${f.rule} ${f.operation}`),
  );
  const disagreements: Disagreement[] = [];
  for (const [i, p] of pairs.entries()) {
    const prefix = p.body === 'request' ? /^request-|^field-/ : /^response-|^field-/;
    const ours = perBody.some(
      (f) =>
        f.operation === p.label &&
        f.class === 'breaking' &&
        prefix.test(f.rule) &&
        !/status|media-type|header/.test(f.rule) &&
        (p.body === 'request' ? !f.rule.startsWith('response-') : f.message.includes(`${p.body} response`)),
    );
    const t = theirs.get(i);
    const theirsBreaking = t?.breaking ?? false;
    if (ours !== theirsBreaking) {
      disagreements.push({
        operation: p.label,
        body: p.body,
        ours: ours ? 'breaking' : 'not breaking',
        theirs: theirsBreaking ? 'breaking' : 'not breaking',
        codes: t?.codes ?? [],
      });
    }
  }
  return { compared: pairs.length, disagreements, skipped };
}
