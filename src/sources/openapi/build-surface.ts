import {
  type ApiSurface,
  type Diagnostic,
  emptySurface,
  HTTP_METHODS,
  type HttpMethod,
  joinPaths,
  type MediaContent,
  type Mount,
  type MountServer,
  type Operation,
  operationKey,
  type Parameter,
  type ParameterLocation,
  parseServerUrl,
  type RequestBody,
  type Response,
  type ResponseHeader,
  type Schema,
  type SecurityRequirement,
  type SecurityScheme,
} from '../../model/index.js';
import { type DocumentSet, escapePointerSegment } from './document-set.js';
import { readKongAuth, readSchemeGateways } from './gateway-auth.js';
import { readExtensions, SchemaNormalizer } from './normalize-schema.js';
import type { ParsedDocument } from './parse-document.js';
import { V2_INLINE_SCHEMA_KEYWORDS } from './schema-keywords.js';

type Raw = Record<string, unknown>;

const PARAM_LOCATIONS = new Set<string>(['path', 'query', 'header', 'cookie']);

/** The OpenAPI version family of a parsed document, or undefined when it is not an OpenAPI document. */
export function detectSpecVersion(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const d = data as Raw;
  if (typeof d.swagger === 'string' || typeof d.swagger === 'number') return String(d.swagger);
  if (typeof d.openapi === 'string') return d.openapi;
  return undefined;
}

/** Builds the documented {@link ApiSurface} of a loaded spec. */
export function buildSurface(docs: DocumentSet): ApiSurface {
  const root = docs.root;
  const data = root.data as Raw;
  const specVersion = detectSpecVersion(data) ?? 'unknown';
  const isV2 = specVersion.startsWith('2');
  const diagnostics: Diagnostic[] = [];
  const schemas = new SchemaNormalizer(docs, diagnostics);
  const surface = emptySurface('documented');
  surface.entry = root.file;
  surface.specVersion = specVersion;
  const info = (data.info ?? {}) as Raw;
  if (typeof info.title === 'string') surface.title = info.title;
  if (info.version !== undefined) surface.version = String(info.version);

  const { servers, basePath, mount } = isV2 ? serversV2(data) : serversV3(data);
  surface.servers = servers;
  surface.basePath = basePath;
  surface.mount = mount;
  const serverKey = isV2 ? 'basePath' : 'servers';
  if (data[serverKey] !== undefined) surface.serversLocation = root.locate(data, serverKey);
  surface.securitySchemes = readSecuritySchemes(data, root, isV2);

  const globalSecurity = readSecurity(data.security);
  const globalConsumes = stringList(data.consumes) ?? ['application/json'];
  const globalProduces = stringList(data.produces) ?? ['application/json'];

  const ctx: OpContext = { docs, schemas, diagnostics, isV2, globalSecurity, globalConsumes, globalProduces };
  const paths = data.paths;
  if (typeof paths === 'object' && paths !== null) {
    for (const [path, rawItem] of Object.entries(paths as Raw)) {
      if (path.startsWith('x-')) continue;
      const resolvedItem = deref(ctx, rawItem, root);
      if (resolvedItem === undefined) continue;
      readPathItem(ctx, surface, path, resolvedItem.value as Raw, resolvedItem.doc);
    }
  }
  surface.operations = mergeSameTemplate(surface.operations, diagnostics);

  if (typeof data.webhooks === 'object' && data.webhooks !== null) {
    surface.webhooks = {};
    for (const name of Object.keys(data.webhooks as Raw)) {
      if (!name.startsWith('x-')) surface.webhooks[name] = root.locate(data.webhooks, name);
    }
  }

  // Named schemas not reached from any operation still belong to the surface (docs list them).
  const components = (isV2 ? data.definitions : (data.components as Raw | undefined)?.schemas) as Raw | undefined;
  if (components && typeof components === 'object') {
    for (const name of Object.keys(components)) {
      const ref = isV2
        ? `#/definitions/${escapePointerSegment(name)}`
        : `#/components/schemas/${escapePointerSegment(name)}`;
      schemas.normalize({ $ref: ref }, root, undefined);
    }
  }
  surface.schemas = schemas.schemas;
  surface.files = docs.files;
  surface.diagnostics = [...docs.diagnostics, ...dedupeDiagnostics(diagnostics)];
  return surface;
}

/**
 * Operations whose paths differ only in a template's name (`/pets/{id}` and `/pets/{petId}`) are one operation under
 * OpenAPI's path matching rule: the first is kept, and the merge is reported (a `template-merged` warning, which the
 * readers turn into a `merged` notice) rather than silently dropping one.
 */
function mergeSameTemplate(operations: Operation[], diagnostics: Diagnostic[]): Operation[] {
  const byKey = new Map<string, Operation>();
  const out: Operation[] = [];
  for (const op of operations) {
    const key = operationKey(op.method, op.path);
    const first = byKey.get(key);
    if (first === undefined) {
      byKey.set(key, op);
      out.push(op);
      continue;
    }
    const where = op.location;
    diagnostics.push({
      level: 'warning',
      code: 'template-merged',
      message: `${where?.file ?? ''}${where ? `:${where.line}` : ''}: ${op.method} ${op.path} differs from ${first.method} ${first.path} only in a parameter name: read as one operation (the first)`,
      ...(where ? { file: where.file, line: where.line } : {}),
    });
  }
  return out;
}

interface OpContext {
  docs: DocumentSet;
  schemas: SchemaNormalizer;
  diagnostics: Diagnostic[];
  isV2: boolean;
  globalSecurity: SecurityRequirement[] | undefined;
  globalConsumes: string[];
  globalProduces: string[];
}

/** Follows `$ref` chains on non-schema objects (path items, parameters, responses, bodies, headers). */
function deref(
  ctx: OpContext,
  raw: unknown,
  doc: ParsedDocument,
  depth = 0,
): { value: unknown; doc: ParsedDocument; holder: unknown; key: string | undefined } | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const ref = (raw as Raw).$ref;
  if (typeof ref !== 'string') return { value: raw, doc, holder: undefined, key: undefined };
  if (depth > 32) {
    ctx.diagnostics.push({
      level: 'error',
      code: 'ref-cycle',
      message: `${doc.file}: $ref chain "${ref}" loops`,
      file: doc.file,
    });
    return undefined;
  }
  const target = ctx.docs.resolve(ref, doc, raw);
  if (target.kind === 'unresolved') {
    ctx.diagnostics.push(target.diagnostic);
    return undefined;
  }
  const next = deref(ctx, target.value, target.doc, depth + 1);
  if (next && next.holder === undefined) return { ...next, holder: target.container, key: target.key };
  return next;
}

function readPathItem(ctx: OpContext, surface: ApiSurface, path: string, item: Raw, doc: ParsedDocument): void {
  const shared = readParameters(ctx, item.parameters, doc);
  for (const method of HTTP_METHODS) {
    const rawOp = item[method.toLowerCase()];
    if (typeof rawOp !== 'object' || rawOp === null) continue;
    const op = rawOp as Raw;
    const pointer = `/paths/${escapePointerSegment(path)}/${method.toLowerCase()}`;
    const location =
      doc === ctx.docs.root ? doc.locate(item, method.toLowerCase(), pointer) : doc.locate(item, method.toLowerCase());
    const own = readParameters(ctx, op.parameters, doc);
    const merged = mergeParameters(shared.parameters, own.parameters);
    const operation: Operation = {
      method: method as HttpMethod,
      path,
      parameters: merged,
      responses: readResponses(ctx, op, doc),
      evidence: [
        {
          source: 'documented',
          file: location.file,
          line: location.line,
          ...(location.pointer ? { pointer: location.pointer } : {}),
        },
      ],
      location,
    };
    if (typeof op.operationId === 'string') operation.operationId = op.operationId;
    if (typeof op.summary === 'string') operation.summary = op.summary;
    if (typeof op.description === 'string') operation.description = op.description;
    if (Array.isArray(op.tags)) operation.tags = op.tags.filter((t): t is string => typeof t === 'string');
    if (op.deprecated === true) operation.deprecated = true;
    const body = ctx.isV2
      ? bodyFromV2(ctx, [...shared.bodyParams, ...own.bodyParams], op, doc)
      : readRequestBody(ctx, op.requestBody, doc, op);
    if (body) operation.requestBody = body;
    const ownSecurity = readSecurity(op.security);
    operation.security = ownSecurity ?? ctx.globalSecurity ?? [];
    if (ownSecurity === undefined && ctx.globalSecurity !== undefined) operation.securityFromRoot = true;
    const extensions = readExtensions(op);
    if (extensions) operation.extensions = extensions;
    const gateway = readKongAuth([
      { value: op, doc },
      { value: item, doc },
      { value: ctx.docs.root.data as Raw, doc: ctx.docs.root },
    ]);
    if (gateway) operation.gateway = gateway;
    surface.operations.push(operation);
  }
}

interface ParameterSet {
  parameters: Parameter[];
  /** 2.0 `in: body` and `in: formData` parameters, turned into a request body by the operation. */
  bodyParams: { raw: Raw; doc: ParsedDocument; holder: unknown; key: string | undefined }[];
}

function readParameters(ctx: OpContext, raw: unknown, doc: ParsedDocument): ParameterSet {
  const out: ParameterSet = { parameters: [], bodyParams: [] };
  if (!Array.isArray(raw)) return out;
  for (const entry of raw) {
    const resolved = deref(ctx, entry, doc);
    if (!resolved) continue;
    const p = resolved.value as Raw;
    const pdoc = resolved.doc;
    const where = resolved.holder !== undefined ? pdoc.locate(resolved.holder, resolved.key) : doc.locate(entry);
    if (p.in === 'body' || p.in === 'formData') {
      out.bodyParams.push({ raw: p, doc: pdoc, holder: resolved.holder ?? entry, key: resolved.key });
      continue;
    }
    if (typeof p.name !== 'string' || typeof p.in !== 'string' || !PARAM_LOCATIONS.has(p.in)) continue;
    let schema: Schema;
    if (p.schema !== undefined) schema = ctx.schemas.normalize(p.schema, pdoc);
    else if (typeof p.content === 'object' && p.content !== null) {
      const first = Object.values(p.content as Raw)[0] as Raw | undefined;
      schema = ctx.schemas.normalize(first?.schema, pdoc);
    } else schema = ctx.schemas.normalize(pickInlineSchema(p), pdoc);
    const param: Parameter = {
      name: p.name,
      in: p.in as ParameterLocation,
      required: p.in === 'path' ? true : p.required === true,
      schema,
      location: where,
    };
    if (p.deprecated === true) param.deprecated = true;
    if (typeof p.description === 'string') param.description = p.description;
    if (typeof p.style === 'string') param.style = p.style;
    if (typeof p.explode === 'boolean') param.explode = p.explode;
    const extensions = readExtensions(p);
    if (extensions) param.extensions = extensions;
    out.parameters.push(param);
  }
  return out;
}

/** A 2.0 parameter's inline schema keywords, and its `x-pii` mark (which belongs to the schema it describes). */
const INLINE_SCHEMA_KEYS = [...V2_INLINE_SCHEMA_KEYWORDS, 'x-pii'];

function pickInlineSchema(p: Raw): Raw {
  const schema: Raw = {};
  for (const key of INLINE_SCHEMA_KEYS) if (p[key] !== undefined) schema[key] = p[key];
  return schema;
}

/** Operation parameters override path-level ones with the same name and location. */
function mergeParameters(shared: Parameter[], own: Parameter[]): Parameter[] {
  const byKey = new Map<string, Parameter>();
  for (const p of [...shared, ...own]) byKey.set(`${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`, p);
  return [...byKey.values()];
}

function readContent(ctx: OpContext, raw: unknown, doc: ParsedDocument): Record<string, MediaContent> {
  const content: Record<string, MediaContent> = {};
  if (typeof raw !== 'object' || raw === null) return content;
  for (const [mediaType, media] of Object.entries(raw as Raw)) {
    const m = (media ?? {}) as Raw;
    content[mediaType] = m.schema !== undefined ? { schema: ctx.schemas.normalize(m.schema, doc) } : {};
  }
  return content;
}

function readRequestBody(ctx: OpContext, raw: unknown, doc: ParsedDocument, op: Raw): RequestBody | undefined {
  const resolved = deref(ctx, raw, doc);
  if (!resolved) return undefined;
  const body = resolved.value as Raw;
  const out: RequestBody = {
    required: body.required === true,
    content: readContent(ctx, body.content, resolved.doc),
    location:
      resolved.holder !== undefined
        ? resolved.doc.locate(resolved.holder, resolved.key)
        : doc.locate(op, 'requestBody'),
  };
  if (typeof body.description === 'string') out.description = body.description;
  return out;
}

function bodyFromV2(
  ctx: OpContext,
  params: ParameterSet['bodyParams'],
  op: Raw,
  doc: ParsedDocument,
): RequestBody | undefined {
  if (params.length === 0) return undefined;
  const consumes = stringList(op.consumes) ?? ctx.globalConsumes;
  const body = params.find((p) => p.raw.in === 'body');
  if (body) {
    const schema = ctx.schemas.normalize(body.raw.schema, body.doc);
    const content: Record<string, MediaContent> = {};
    for (const mediaType of consumes) content[mediaType] = { schema };
    const out: RequestBody = {
      required: body.raw.required === true,
      content,
      location: body.doc.locate(body.holder, body.key),
    };
    if (typeof body.raw.description === 'string') out.description = body.raw.description;
    return out;
  }
  // formData parameters become one object schema, as 3.x writes form bodies.
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  let hasFile = false;
  for (const p of params) {
    if (typeof p.raw.name !== 'string') continue;
    if (p.raw.type === 'file') hasFile = true;
    const schema = ctx.schemas.normalize(
      p.raw.type === 'file' ? { type: 'string', format: 'binary' } : pickInlineSchema(p.raw),
      p.doc,
    );
    if (typeof p.raw.description === 'string') schema.description = p.raw.description;
    schema.location = p.doc.locate(p.holder, p.key);
    properties[p.raw.name] = schema;
    if (p.raw.required === true) required.push(p.raw.name);
  }
  const formTypes = consumes.filter((c) => c === 'multipart/form-data' || c === 'application/x-www-form-urlencoded');
  const mediaTypes =
    formTypes.length > 0 ? formTypes : [hasFile ? 'multipart/form-data' : 'application/x-www-form-urlencoded'];
  const schema: Schema = { type: ['object'], properties };
  if (required.length > 0) schema.required = required;
  const content: Record<string, MediaContent> = {};
  for (const mediaType of mediaTypes) content[mediaType] = { schema };
  return { required: required.length > 0, content, location: doc.locate(op, 'parameters') };
}

function readResponses(ctx: OpContext, op: Raw, doc: ParsedDocument): Response[] {
  const out: Response[] = [];
  const responses = op.responses;
  if (typeof responses !== 'object' || responses === null) return out;
  const produces = stringList(op.produces) ?? ctx.globalProduces;
  for (const [status, rawResponse] of Object.entries(responses as Raw)) {
    if (status.startsWith('x-')) continue;
    const resolved = deref(ctx, rawResponse, doc);
    if (!resolved) continue;
    const r = resolved.value as Raw;
    const rdoc = resolved.doc;
    const response: Response = {
      status: normalizeStatus(status),
      headers: readHeaders(ctx, r.headers, rdoc),
      content: {},
      location: doc.locate(responses, status),
    };
    if (typeof r.description === 'string') response.description = r.description;
    if (ctx.isV2) {
      if (r.schema !== undefined) {
        const schema = ctx.schemas.normalize(r.schema, rdoc);
        for (const mediaType of produces) response.content[mediaType] = { schema };
      }
    } else response.content = readContent(ctx, r.content, rdoc);
    out.push(response);
  }
  return out;
}

function readHeaders(ctx: OpContext, raw: unknown, doc: ParsedDocument): Record<string, ResponseHeader> {
  const out: Record<string, ResponseHeader> = {};
  if (typeof raw !== 'object' || raw === null) return out;
  for (const [name, value] of Object.entries(raw as Raw)) {
    const resolved = deref(ctx, value, doc);
    if (!resolved) continue;
    const h = resolved.value as Raw;
    const schema =
      h.schema !== undefined
        ? ctx.schemas.normalize(h.schema, resolved.doc)
        : ctx.schemas.normalize(pickInlineSchema(h), resolved.doc);
    out[name.toLowerCase()] = { required: h.required === true, schema };
  }
  return out;
}

/** `2xx` and `2XX` are the same range. */
function normalizeStatus(status: string): string {
  return /^[1-5]xx$/i.test(status) ? status.toUpperCase() : status;
}

function readSecurity(raw: unknown): SecurityRequirement[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  return raw
    .filter((r): r is Raw => typeof r === 'object' && r !== null)
    .map((r) => Object.fromEntries(Object.entries(r).map(([name, scopes]) => [name, stringList(scopes) ?? []])));
}

function readSecuritySchemes(data: Raw, root: ParsedDocument, isV2: boolean): Record<string, SecurityScheme> {
  const out: Record<string, SecurityScheme> = {};
  const raw = isV2 ? data.securityDefinitions : (data.components as Raw | undefined)?.securitySchemes;
  if (typeof raw !== 'object' || raw === null) return out;
  const gateways = readSchemeGateways(data, root, raw as Raw);
  for (const [name, value] of Object.entries(raw as Raw)) {
    if (typeof value !== 'object' || value === null) continue;
    const s = value as Raw;
    const location = root.locate(raw, name);
    let scheme: SecurityScheme | undefined;
    if (s.type === 'basic') scheme = { type: 'http', scheme: 'basic' };
    else if (s.type === 'http')
      scheme = { type: 'http', scheme: typeof s.scheme === 'string' ? s.scheme.toLowerCase() : 'bearer' };
    else if (s.type === 'apiKey')
      scheme = { type: 'apiKey', in: (s.in as SecurityScheme['in']) ?? 'header', name: String(s.name ?? '') };
    else if (s.type === 'oauth2') scheme = { type: 'oauth2', scopes: oauthScopes(s, isV2) };
    else if (s.type === 'openIdConnect') scheme = { type: 'openIdConnect' };
    else if (s.type === 'mutualTLS') scheme = { type: 'mutualTLS' };
    if (!scheme) continue;
    if (typeof s.bearerFormat === 'string') scheme.bearerFormat = s.bearerFormat;
    scheme.location = location;
    const gateway = gateways[name];
    if (gateway) scheme.gateway = gateway;
    out[name] = scheme;
  }
  return out;
}

function oauthScopes(s: Raw, isV2: boolean): string[] {
  const scopes = new Set<string>();
  if (isV2 && typeof s.scopes === 'object' && s.scopes !== null) for (const k of Object.keys(s.scopes)) scopes.add(k);
  if (typeof s.flows === 'object' && s.flows !== null) {
    for (const flow of Object.values(s.flows as Raw)) {
      const fs = (flow as Raw | undefined)?.scopes;
      if (typeof fs === 'object' && fs !== null) for (const k of Object.keys(fs)) scopes.add(k);
    }
  }
  return [...scopes].sort();
}

interface DeclaredServers {
  servers: string[];
  basePath: string;
  mount: Mount;
}

function serversV2(data: Raw): DeclaredServers {
  const basePath = typeof data.basePath === 'string' ? data.basePath : '';
  const host = typeof data.host === 'string' ? data.host : undefined;
  const schemes = stringList(data.schemes) ?? ['https'];
  const servers = host ? schemes.map((scheme) => `${scheme}://${host}${basePath}`) : basePath ? [basePath] : [];
  const base = basePath ? joinPaths(basePath) : '';
  const mountServers = servers.length > 0 ? servers.map(parseServerUrl) : [{ basePath: base }];
  return { servers, basePath: base === '/' ? '' : base, mount: { servers: mountServers, origin: 'declared' } };
}

/** Most URLs one server's variables expand to (enum values multiply). */
const MAX_SERVER_EXPANSIONS = 32;

/** A server URL with its `{variables}` replaced: the default first, then every other `enum` value. */
function expandServerUrl(url: string, variables: Raw): string[] {
  let out = [url];
  for (const name of new Set([...url.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string))) {
    const v = variables[name] as Raw | undefined;
    if (typeof v !== 'object' || v === null) continue;
    const values: string[] = [];
    if (v.default !== undefined) values.push(String(v.default));
    if (Array.isArray(v.enum)) for (const e of v.enum) if (!values.includes(String(e))) values.push(String(e));
    if (values.length === 0) continue;
    const next: string[] = [];
    for (const u of out) for (const value of values) next.push(u.split(`{${name}}`).join(value));
    out = next.slice(0, MAX_SERVER_EXPANSIONS);
  }
  return out;
}

function serversV3(data: Raw): DeclaredServers {
  const servers: string[] = [];
  const mountServers: MountServer[] = [];
  if (Array.isArray(data.servers)) {
    for (const server of data.servers) {
      if (typeof server !== 'object' || server === null || typeof (server as Raw).url !== 'string') continue;
      const s = server as Raw;
      const expanded = expandServerUrl(s.url as string, (s.variables ?? {}) as Raw);
      // The default expansion is the server as written; enum values are further mounts of the same server.
      servers.push(expanded[0] as string);
      mountServers.push(...expanded.map(parseServerUrl));
    }
  }
  const basePath = mountServers[0]?.basePath ?? '';
  return {
    servers,
    basePath,
    mount: { servers: mountServers.length > 0 ? mountServers : [{ basePath: '' }], origin: 'declared' },
  };
}

function stringList(raw: unknown): string[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  return raw.filter((v): v is string => typeof v === 'string');
}

function dedupeDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}|${d.file}|${d.line}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
