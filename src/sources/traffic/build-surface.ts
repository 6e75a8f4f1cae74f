import {
  type ApiSurface,
  emptySurface,
  HTTP_METHODS,
  type HttpMethod,
  hostOfOrigin,
  type MediaContent,
  type Operation,
  operationKey,
  type Parameter,
  type RequestBody,
  type Response,
  type ResponseHeader,
  type Schema,
  type SecurityRequirement,
  type SecurityScheme,
} from '../../model/index.js';
import type { BodyStats, SegmentStats, ShapeAccumulator } from './accumulator-types.js';
import type { AuthObservation, SegmentKind } from './exchange-shape.js';
import { DEFAULT_THRESHOLDS, type InferenceThresholds, inferSchema } from './infer-schema.js';
import {
  DEFAULT_TEMPLATING,
  type TemplatedOperation,
  type TemplatingThresholds,
  templateOperations,
} from './path-templating.js';
import { isSafeKey } from './records.js';
import { estimateDistinct } from './sketch.js';
import { compileSpecMatcher } from './spec-matcher.js';

/** Options of {@link buildObservedSurface}. */
export interface BuildOptions {
  /**
   * The committed spec. Accumulators already matched to it at reduction keep their templates; it also names the
   * observed security schemes after documented ones of the same kind.
   */
  documented?: ApiSurface;
  inference?: Partial<InferenceThresholds>;
  templating?: Partial<TemplatingThresholds>;
  /**
   * Keep undocumented operations that only ever answered 404 (default false: those are scanners and typos, not
   * endpoints). Left-out ones are counted in a `not-found-only` info diagnostic.
   */
  keepNotFoundOnly?: boolean;
}

const SEGMENT_HITS: Partial<Record<SegmentKind, string>> = { email: 'email', phone: 'phone', ssn: 'ssn', ip: 'ip' };

function pathParamSchema(stats: SegmentStats): Schema {
  const kinds = stats.kinds ?? {};
  const total = Object.values(kinds).reduce((a, b) => a + (b ?? 0), 0);
  const only = (k: SegmentKind): boolean => total > 0 && (kinds[k] ?? 0) === total;
  const schema: Schema = { type: [only('int') ? 'integer' : 'string'] };
  if (only('uuid')) schema.format = 'uuid';
  else if (only('date')) schema.format = 'date';
  else if (only('email')) schema.format = 'email';
  const hits: Record<string, number> = {};
  for (const [k, n] of Object.entries(kinds)) {
    const hit = SEGMENT_HITS[k as SegmentKind];
    if (hit !== undefined && (n ?? 0) > 0) hits[hit] = (hits[hit] ?? 0) + (n ?? 0);
  }
  schema.observed = { samples: total, nulls: 0, hits };
  if (stats.distinct !== undefined) schema.observed.distinct = estimateDistinct(stats.distinct);
  return schema;
}

function contentOf(stats: Record<string, BodyStats>, t: InferenceThresholds): Record<string, MediaContent> {
  const content: Record<string, MediaContent> = {};
  for (const media of Object.keys(stats).filter(isSafeKey).sort()) {
    const body = stats[media] as BodyStats;
    const key = media === '' ? 'application/octet-stream' : media;
    const shape = body.json ?? body.form;
    content[key] = shape === undefined ? {} : { schema: inferSchema(shape, t) };
  }
  return content;
}

function isRequired(count: number, total: number, t: InferenceThresholds): boolean {
  return count >= total && total >= t.requiredMinSamples;
}

/** Names observed schemes after a documented scheme of the same kind, else `bearerAuth`, `basicAuth`, `headerApiKey`… */
function schemeNamer(
  documented: ApiSurface | undefined,
): (s: AuthObservation) => { name: string; scheme: SecurityScheme } {
  const names = new Map<string, string>();
  const used = new Set<string>();
  return (s) => {
    const id = s.type === 'http' ? `http:${s.scheme}` : `apiKey:${s.in}:${s.name?.toLowerCase()}`;
    const scheme: SecurityScheme =
      s.type === 'http'
        ? { type: 'http', scheme: s.scheme as string, ...(s.bearerFormat ? { bearerFormat: s.bearerFormat } : {}) }
        : { type: 'apiKey', in: s.in as 'header', name: s.name as string };
    let name = names.get(id);
    if (name === undefined) {
      for (const [docName, doc] of Object.entries(documented?.securitySchemes ?? {})) {
        const same =
          doc.type === scheme.type &&
          (scheme.type === 'http'
            ? doc.scheme?.toLowerCase() === scheme.scheme
            : doc.in === scheme.in && doc.name?.toLowerCase() === scheme.name?.toLowerCase());
        if (same) {
          name = docName;
          break;
        }
      }
      if (name === undefined) {
        const base = s.type === 'http' ? `${s.scheme}Auth` : `${s.in}ApiKey`;
        name = base;
        for (let i = 2; used.has(name); i++) name = `${base}${i}`;
      }
      names.set(id, name);
      used.add(name);
    }
    return { name, scheme };
  };
}

function toOperation(
  op: TemplatedOperation,
  t: InferenceThresholds,
  nameScheme: ReturnType<typeof schemeNamer>,
  schemes: Record<string, SecurityScheme>,
): Operation {
  const acc = op.accumulator;
  const parameters: Parameter[] = [];
  for (const p of op.parameters)
    parameters.push({ name: p.name, in: 'path', required: true, schema: pathParamSchema(p.stats) });
  // `*` gathers query names that looked like values: no parameter can describe them.
  for (const name of Object.keys(acc.query)
    .filter((n) => isSafeKey(n) && n !== '*')
    .sort()) {
    const shape = acc.query[name] as NonNullable<ShapeAccumulator['query'][string]>;
    const schema = inferSchema(shape, t, acc.count);
    if (shape.types.array !== undefined) {
      // Repeated keys (`?tag=a&tag=b`): the parameter is an array of the value type.
      const { observed, ...items } = schema;
      const arrayItems: Schema = { ...items, type: (items.type ?? ['string']).filter((x) => x !== 'array') };
      parameters.push({
        name,
        in: 'query',
        required: isRequired(shape.count, acc.count, t),
        schema: { type: ['array'], items: arrayItems, ...(observed ? { observed } : {}) },
      });
    } else {
      parameters.push({ name, in: 'query', required: isRequired(shape.count, acc.count, t), schema });
    }
  }
  for (const name of Object.keys(acc.requestHeaders).filter(isSafeKey).sort()) {
    const n = acc.requestHeaders[name] as number;
    parameters.push({
      name,
      in: 'header',
      required: isRequired(n, acc.count, t),
      schema: { type: ['string'], observed: { samples: n, parentSamples: acc.count, nulls: 0, hits: {} } },
    });
  }
  const responses: Response[] = [];
  const statuses: Record<string, number> = {};
  for (const status of Object.keys(acc.responses).sort()) {
    const r = acc.responses[status] as NonNullable<ShapeAccumulator['responses'][string]>;
    statuses[status] = r.count;
    if (status === '0') continue;
    const headers: Record<string, ResponseHeader> = {};
    for (const h of Object.keys(r.headers).filter(isSafeKey).sort()) {
      headers[h] = { required: isRequired(r.headers[h] as number, r.count, t), schema: { type: ['string'] } };
    }
    responses.push({ status, headers, content: contentOf(r.content, t) });
  }
  const operation: Operation = {
    method: op.method as HttpMethod,
    path: op.path,
    parameters,
    responses,
    evidence: [{ source: 'observed', count: acc.count, firstSeen: acc.firstSeen, lastSeen: acc.lastSeen }],
  };
  if (Object.keys(acc.request).length > 0) {
    const withBody = Object.values(acc.request).reduce((a, b) => a + b.count, 0);
    const body: RequestBody = {
      required: withBody >= acc.requestSamples && acc.requestSamples > 0,
      content: contentOf(acc.request, t),
    };
    operation.requestBody = body;
  }
  const schemeCounts: Record<string, number> = {};
  const idToName = new Map<string, string>();
  const known = new Map<string, SecurityScheme>();
  for (const [id, e] of Object.entries(acc.auth.schemes)) {
    const { name, scheme } = nameScheme(e.scheme);
    known.set(name, scheme);
    idToName.set(id, name);
    schemeCounts[name] = (schemeCounts[name] ?? 0) + e.count;
  }
  const security: SecurityRequirement[] = [];
  const seenReq = new Set<string>();
  for (const combo of Object.keys(acc.auth.combinations).sort()) {
    const req: SecurityRequirement = {};
    for (const id of combo === '' ? [] : combo.split('+')) {
      const name = idToName.get(id);
      if (name === undefined) continue;
      req[name] = [];
      // Only schemes the server accepted become surface schemes; rejected attempts stay in the counts.
      schemes[name] ??= known.get(name) as SecurityScheme;
    }
    if (combo !== '' && Object.keys(req).length === 0) continue;
    const k = Object.keys(req).sort().join('+');
    if (seenReq.has(k)) continue;
    seenReq.add(k);
    security.push(req);
  }
  // Only anonymous requests seen: the operation is observed public (`security: []`). Spans alone say nothing.
  const authSeen = acc.auth.withCredentials + acc.auth.withoutCredentials > 0;
  if (authSeen)
    operation.security =
      security.length === 1 && Object.keys(security[0] as SecurityRequirement).length === 0 ? [] : security;
  operation.observed = {
    count: acc.count,
    statuses,
    withCredentials: acc.auth.withCredentials,
    withoutCredentials: acc.auth.withoutCredentials,
    successWithoutCredentials: acc.auth.successWithoutCredentials,
    schemes: schemeCounts,
    origins: { ...acc.origins },
  };
  if (acc.piiInPath) operation.observed.piiInPath = acc.piiInPath;
  if (acc.credentialInUrl) operation.observed.credentialInUrl = acc.credentialInUrl;
  if (acc.spans) operation.observed.spans = acc.spans;
  if (acc.maxSizes) operation.observed.maxBodyBytes = { ...acc.maxSizes };
  return operation;
}

/**
 * Spec-first templating of accumulators reduced without the spec (stored shapes, `record --out` files): each one
 * whose path fits a documented template (mount stripped once) takes that template, whatever its statuses.
 */
function* templateBySpec(accumulators: Iterable<ShapeAccumulator>, documented: ApiSurface): Iterable<ShapeAccumulator> {
  const match = compileSpecMatcher(documented);
  for (const acc of accumulators) {
    if (acc.template !== undefined) {
      yield acc;
      continue;
    }
    const segments = acc.segments.map((s) =>
      s.text === undefined ? undefined : s.ext === undefined ? s.text : `${s.text}.${s.ext}`,
    );
    const hosts = Object.keys(acc.origins)
      .map(hostOfOrigin)
      .filter((h): h is string => h !== undefined);
    const found = match(segments, hosts);
    yield found === undefined ? acc : { ...acc, template: found.template };
  }
}

/**
 * Builds the observed {@link ApiSurface} from accumulators: templated paths, parameters (path, query, header),
 * request bodies and responses per status with inferred schemas, observed security, and `Evidence` with counts and
 * first/last seen. Each operation carries `observed` auth statistics and each schema node its `observed` counts and
 * validator hits. Paths are full (base path included); `basePath` is `''`.
 */
export function buildObservedSurface(accumulators: Iterable<ShapeAccumulator>, options: BuildOptions = {}): ApiSurface {
  const t: InferenceThresholds = { ...DEFAULT_THRESHOLDS, ...options.inference };
  const documented = options.documented;
  const templated = templateOperations(
    documented === undefined ? accumulators : templateBySpec(accumulators, documented),
    { ...DEFAULT_TEMPLATING, ...options.templating },
  );
  const surface = emptySurface('observed');
  const nameScheme = schemeNamer(options.documented);
  const origins: Record<string, number> = {};
  let notFoundOnly = 0;
  const otherMethods = new Set<string>();
  const documentedKeys = new Set(
    (options.documented?.operations ?? []).map((o) => operationKey(o.method, o.path, options.documented?.basePath)),
  );
  for (const op of templated) {
    if (!(HTTP_METHODS as readonly string[]).includes(op.method)) {
      otherMethods.add(op.method);
      continue;
    }
    const statuses = Object.keys(op.accumulator.responses);
    // Shapes reduced without the spec (stored ones) carry no template: match them against the spec here.
    const known = op.documented || documentedKeys.has(operationKey(op.method, op.path));
    if (!known && !options.keepNotFoundOnly && statuses.length > 0 && statuses.every((s) => s === '404')) {
      notFoundOnly++;
      continue;
    }
    surface.operations.push(toOperation(op, t, nameScheme, surface.securitySchemes));
    for (const [o, n] of Object.entries(op.accumulator.origins)) origins[o] = (origins[o] ?? 0) + n;
  }
  surface.operations.sort((a, b) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : HTTP_METHODS.indexOf(a.method) - HTTP_METHODS.indexOf(b.method),
  );
  if (otherMethods.size > 0) {
    surface.diagnostics.push({
      level: 'info',
      code: 'unsupported-method',
      message: `operations with methods OpenAPI cannot describe were left out: ${[...otherMethods].sort().join(', ')}`,
    });
  }
  if (notFoundOnly > 0) {
    surface.diagnostics.push({
      level: 'info',
      code: 'not-found-only',
      message: `${notFoundOnly} undocumented operation(s) seen only answering 404 were left out`,
    });
  }
  surface.servers = Object.entries(origins)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([o]) => o);
  // Traffic paths are full: the mount is the hosts it was seen on, at the root.
  const hosts = surface.servers.map(hostOfOrigin).filter((h): h is string => h !== undefined);
  surface.mount = {
    servers: hosts.length > 0 ? hosts.map((host) => ({ host, basePath: '' })) : [{ basePath: '' }],
    origin: 'observed',
  };
  return surface;
}
