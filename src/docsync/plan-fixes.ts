import {
  type DocFix,
  erasePathParams,
  HTTP_METHODS,
  type Operation,
  type Parameter,
  pathParamNames,
  type Schema,
} from '../model/index.js';
import { DocModel, FixSkip, isObj, type Loc, type Placement, refBetween } from './doc-model.js';
import {
  compareStatus,
  type JsonObject,
  type SchemaWriteOptions,
  type SpecFamily,
  specFamily,
  toOpenApiOperation,
  toOpenApiParameter,
  toOpenApiResponse,
  toOpenApiSchema,
  toPiiExtension,
} from './to-openapi.js';
import type { AppliedFix, SkippedFix, UnimplementedPolicy } from './types.js';

type Obj = Record<string, unknown>;

const PATH_ITEM_ORDER = [
  '$ref',
  'summary',
  'description',
  'servers',
  'parameters',
  'get',
  'put',
  'post',
  'patch',
  'delete',
  'options',
  'head',
  'trace',
];
const OPERATION_ORDER = [
  'tags',
  'summary',
  'description',
  'externalDocs',
  'operationId',
  'consumes',
  'produces',
  'parameters',
  'requestBody',
  'responses',
  'callbacks',
  'deprecated',
  'security',
  'servers',
];
const SCHEMA_ORDER = [
  'title',
  'description',
  'type',
  'format',
  'required',
  'properties',
  'additionalProperties',
  'items',
];
const METHOD_KEYS = new Set(HTTP_METHODS.map((m) => m.toLowerCase()));

/** What planning produced: the model with its recorded edits, and the outcome of each fix. */
export interface FixPlan {
  model: DocModel;
  applied: AppliedFix[];
  skipped: SkippedFix[];
}

/**
 * Applies fixes to the data of one doc set, in order, recording text edits. A fix already true of the doc
 * changes nothing (that is what makes a second run a no-op); a fix that cannot apply is skipped with a reason.
 */
export function planFixes(
  texts: Readonly<Record<string, string>>,
  entry: string,
  fixes: readonly DocFix[],
  unimplemented: UnimplementedPolicy,
  excluded: ReadonlyMap<number, string> = new Map(),
): FixPlan {
  const model = new DocModel(texts, entry);
  const applied: AppliedFix[] = [];
  const skipped: SkippedFix[] = [];
  const root = model.root();
  if (!isObj(root.node)) throw new FixSkip(`${entry} is not an OpenAPI document`);
  const ctx = new PlanContext(model, root);
  for (const [index, fix] of fixes.entries()) {
    const exclusion = excluded.get(index);
    if (exclusion !== undefined) {
      skipped.push({ fix, reason: exclusion });
      continue;
    }
    model.currentFix = index;
    model.touched.clear();
    try {
      const description = ctx.apply(fix, unimplemented);
      if (description === undefined)
        skipped.push({ fix, reason: 'not applied: the configuration says to leave unimplemented operations alone' });
      else {
        const files = [...model.touched];
        applied.push({ fix, description, changed: files.length > 0, files });
      }
    } catch (error) {
      if (!(error instanceof FixSkip)) throw error;
      skipped.push({ fix, reason: error.message });
    }
  }
  return { model, applied, skipped };
}

class PlanContext {
  readonly family: SpecFamily;
  /** The doc keeps named schemas in components/definitions and references them. */
  private readonly usesRefs: boolean;
  private readonly globalSecurity: unknown;
  private readonly consumes: string[] | undefined;
  private readonly produces: string[] | undefined;

  constructor(
    private readonly model: DocModel,
    private readonly root: Loc,
  ) {
    const data = root.node as Obj;
    this.family = specFamily(
      typeof data.swagger === 'string' || typeof data.swagger === 'number'
        ? String(data.swagger)
        : (data.openapi as string | undefined),
    );
    const named = this.componentsLoc(false);
    this.usesRefs = named !== undefined && isObj(named.node) && Object.keys(named.node).length > 0;
    this.globalSecurity = data.security;
    this.consumes = Array.isArray(data.consumes) ? (data.consumes as string[]) : undefined;
    this.produces = Array.isArray(data.produces) ? (data.produces as string[]) : undefined;
  }

  /** Applies one fix; returns what it does in words, or undefined when policy says to leave it. */
  apply(fix: DocFix, unimplemented: UnimplementedPolicy): string | undefined {
    const label = `${fix.method} ${fix.path}`;
    switch (fix.kind) {
      case 'add-operation':
        this.addOperation(fix.path, fix.method.toLowerCase(), fix.operation, fix.schemas);
        return `Document \`${label}\``;
      case 'add-parameter':
        this.addParameter(fix.path, fix.method.toLowerCase(), fix.parameter, fix.schemas);
        return `Document the ${fix.parameter.in} parameter \`${fix.parameter.name}\` of \`${label}\``;
      case 'add-response':
        this.addResponse(fix.path, fix.method.toLowerCase(), fix.response, fix.schemas);
        return `Document the \`${fix.response.status}\` response of \`${label}\``;
      case 'add-field': {
        const where = fix.in === 'request' ? 'request body' : `\`${fix.status ?? 'default'}\` response`;
        this.addField(fix);
        return `Document the field \`${fix.field}\` of the ${where} of \`${label}\``;
      }
      case 'mark-pii': {
        this.markPii(fix);
        const hipaa = fix.pii.hipaa ? `, HIPAA identifier ${fix.pii.hipaa}` : '';
        return `Mark \`${fix.field}\` of \`${label}\` as PII (${fix.pii.category}${hipaa})`;
      }
      case 'deprecate-operation':
      case 'remove-operation': {
        if (unimplemented === 'ignore') return undefined;
        if (fix.kind === 'remove-operation' && unimplemented === 'remove') {
          this.removeOperation(fix.path, fix.method.toLowerCase());
          return `Remove \`${label}\` (no longer implemented)`;
        }
        const op = this.operation(fix.path, fix.method.toLowerCase());
        this.model.set(op, 'deprecated', true, placeByOrder(op.node, 'deprecated', OPERATION_ORDER));
        return `Mark \`${label}\` deprecated (no longer implemented)`;
      }
    }
  }

  // ---------------------------------------------------------------- operations

  private paths(create: boolean): Loc {
    const paths = this.model.child(this.root, 'paths');
    if (paths !== undefined) return paths;
    if (!create) throw new FixSkip(`${this.root.file} has no paths`);
    return this.model.ensureMap(
      this.root,
      'paths',
      placeByOrder(this.root.node, 'paths', [
        'swagger',
        'openapi',
        'info',
        'servers',
        'host',
        'basePath',
        'schemes',
        'consumes',
        'produces',
        'security',
        'tags',
        'paths',
      ]),
    );
  }

  /** The doc's own key for a path template, matching parameter names loosely (`{id}` ≡ `{patientId}`). */
  private pathKey(paths: Loc, path: string): string | undefined {
    const keys = Object.keys(paths.node as Obj);
    if (keys.includes(path)) return path;
    const erased = erasePathParams(path);
    return keys.find((k) => !k.startsWith('x-') && erasePathParams(k) === erased);
  }

  private pathItem(path: string): Loc {
    const paths = this.paths(false);
    const key = this.pathKey(paths, path);
    if (key === undefined) throw new FixSkip(`${path} is not documented`);
    return this.model.child(paths, key) as Loc;
  }

  private operation(path: string, method: string): Loc {
    const item = this.pathItem(path);
    const op = this.model.child(item, method);
    if (op === undefined || !isObj(op.node)) throw new FixSkip(`${method.toUpperCase()} ${path} is not documented`);
    return op;
  }

  private addOperation(path: string, method: string, operation: Operation, schemas: Record<string, Schema>): void {
    const paths = this.paths(true);
    const key = this.pathKey(paths, path);
    let item: Loc;
    let docPath = path;
    let neighbour: Loc | undefined;
    if (key === undefined) {
      const placement = placeNearestPath(Object.keys(paths.node as Obj), path);
      if ('after' in placement) neighbour = this.model.child(paths, placement.after);
      item = this.model.insert(paths, path, {}, placement);
    } else {
      item = this.model.child(paths, key) as Loc;
      docPath = key;
      if (this.model.child(item, method) !== undefined) return;
    }
    neighbour ??= item;
    const renamed = renamePathParams(
      operation.tags === undefined ? { ...operation, tags: this.neighbourTags(neighbour) } : operation,
      docPath,
    );
    const shared = new Set<string>();
    for (const p of this.model.child(item, 'parameters')
      ? this.model.items(this.model.child(item, 'parameters') as Loc)
      : []) {
      if (isObj(p.node)) shared.add(`${p.node.in}:${p.node.name}`);
    }
    const written = toOpenApiOperation(renamed, {
      ...this.writer(item.file, schemas),
      globalSecurity: this.globalSecurity,
      ...(this.consumes ? { consumes: this.consumes } : {}),
      ...(this.produces ? { produces: this.produces } : {}),
      sharedParameters: shared,
    });
    this.model.insert(item, method, written, placeByOrder(item.node, method, PATH_ITEM_ORDER));
  }

  /** Tags every operation of a neighbouring path item shares: a new operation most likely belongs with them. */
  private neighbourTags(item: Loc | undefined): string[] | undefined {
    if (item === undefined || !isObj(item.node)) return undefined;
    const lists = Object.entries(item.node)
      .filter(([k, v]) => METHOD_KEYS.has(k) && isObj(v))
      .map(([, v]) => (v as Obj).tags);
    const first = lists[0];
    if (!Array.isArray(first) || first.length === 0) return undefined;
    if (!lists.every((l) => Array.isArray(l) && l.length === first.length && l.every((t, i) => t === first[i])))
      return undefined;
    return first.filter((t): t is string => typeof t === 'string');
  }

  private removeOperation(path: string, method: string): void {
    const paths = this.paths(false);
    const key = this.pathKey(paths, path);
    if (key === undefined) return;
    const item = this.model.child(paths, key) as Loc;
    if (!isObj(item.node) || !Object.hasOwn(item.node, method)) return;
    const others = Object.keys(item.node).filter((k) => k !== method && METHOD_KEYS.has(k));
    if (others.length === 0) this.model.remove(paths, key);
    else this.model.remove(item, method);
  }

  private addParameter(path: string, method: string, parameter: Parameter, schemas: Record<string, Schema>): void {
    const item = this.pathItem(path);
    const op = this.operation(path, method);
    for (const holder of [item, op]) {
      const list = this.model.child(holder, 'parameters');
      for (const p of list ? this.model.items(list) : []) {
        if (isObj(p.node) && p.node.in === parameter.in && sameName(String(p.node.name), parameter.name, parameter.in))
          return;
      }
    }
    const list = this.model.ensureSeq(op, 'parameters', placeByOrder(op.node, 'parameters', OPERATION_ORDER));
    this.model.append(list, toOpenApiParameter(parameter, this.writer(list.file, schemas)));
  }

  private responses(op: Loc): Loc {
    return this.model.ensureMap(op, 'responses', placeByOrder(op.node, 'responses', OPERATION_ORDER));
  }

  private addResponse(
    path: string,
    method: string,
    response: Operation['responses'][number],
    schemas: Record<string, Schema>,
  ): void {
    const op = this.operation(path, method);
    const responses = this.responses(op);
    if (findStatus(responses.node as Obj, response.status) !== undefined) return;
    this.model.insert(
      responses,
      response.status,
      toOpenApiResponse(response, this.writer(responses.file, schemas)),
      placeStatus(responses.node as Obj, response.status),
    );
  }

  // ---------------------------------------------------------------- fields

  /** The schema node of a request body or response media type, created (as an empty object schema) when absent. */
  private bodySchema(
    op: Loc,
    where: 'request' | 'response',
    status: string | undefined,
    mediaType: string,
    create: boolean,
  ): Loc {
    const emptyObject = (): JsonObject => ({ type: 'object', properties: {} });
    if (this.family === '2.0') {
      if (where === 'request') {
        const list = this.model.child(op, 'parameters');
        const body = list ? this.model.items(list).find((p) => isObj(p.node) && p.node.in === 'body') : undefined;
        if (body !== undefined) return this.schemaOf(body, create);
        if (!create) throw new FixSkip('the operation documents no request body');
        const seq = this.model.ensureSeq(op, 'parameters', placeByOrder(op.node, 'parameters', OPERATION_ORDER));
        const param: JsonObject = { name: 'body', in: 'body', required: true, schema: emptyObject() };
        this.model.append(seq, param);
        return { file: seq.file, pointer: '', node: param.schema };
      }
      const response = this.responseLoc(op, status ?? 'default', create);
      return this.schemaOf(response, create);
    }
    let holder: Loc;
    if (where === 'request') {
      const body = this.model.child(op, 'requestBody');
      if (body === undefined && !create) throw new FixSkip('the operation documents no request body');
      holder =
        body ??
        this.model.insert(op, 'requestBody', { content: {} }, placeByOrder(op.node, 'requestBody', OPERATION_ORDER));
    } else holder = this.responseLoc(op, status ?? 'default', create);
    const content = this.model.ensureMap(holder, 'content', { end: true });
    const media = pickMediaType(content.node as Obj, mediaType);
    const mediaLoc =
      media !== undefined
        ? (this.model.child(content, media) as Loc)
        : this.model.insert(content, mediaType, {}, { end: true });
    if (mediaLoc.node === null)
      return this.schemaOf(this.model.ensureMap(content, media as string, { end: true }), create);
    return this.schemaOf(mediaLoc, create);
  }

  private responseLoc(op: Loc, status: string, create: boolean): Loc {
    const responses = this.responses(op);
    const key = findStatus(responses.node as Obj, status);
    if (key !== undefined) return this.model.child(responses, key) as Loc;
    if (!create) throw new FixSkip(`the operation documents no ${status} response`);
    return this.model.insert(
      responses,
      status,
      toOpenApiResponse({ status, headers: {}, content: {} }, this.writer(responses.file, {})),
      placeStatus(responses.node as Obj, status),
    );
  }

  private schemaOf(holder: Loc, create: boolean): Loc {
    const schema = this.model.child(holder, 'schema');
    if (schema !== undefined) return schema;
    if (!create) throw new FixSkip('no schema is documented there');
    return this.model.insert(holder, 'schema', { type: 'object', properties: {} }, { end: true });
  }

  /** Walks a dotted field path (`data[].address.city`) through refs, `allOf` and nullable wrappers. */
  private walkField(
    start: Loc,
    segments: string[],
    createMissing: boolean,
  ): { parent: Loc; name: string; node: Loc | undefined } {
    let current = start;
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i] as string;
      const last = i === segments.length - 1;
      if (seg === '[]') {
        const holder = this.unwrap(current, undefined);
        const items = this.model.child(holder, 'items');
        if (items === undefined) {
          if (!createMissing)
            throw new FixSkip(`${segments.slice(0, i).join('.') || 'the body'} documents no array items`);
          current = this.model.insert(
            holder,
            'items',
            { type: 'object', properties: {} },
            placeByOrder(holder.node, 'items', SCHEMA_ORDER),
          );
        } else current = items;
        continue;
      }
      const holder = this.unwrap(current, seg);
      const props = this.model.child(holder, 'properties');
      const existing = props !== undefined ? this.model.rawChild(props, seg) : undefined;
      if (last)
        return { parent: holder, name: seg, node: existing === undefined ? undefined : this.model.deref(existing) };
      if (existing !== undefined) {
        current = this.model.deref(existing);
        continue;
      }
      if (!createMissing) throw new FixSkip(`${segments.slice(0, i + 1).join('.')} is not documented`);
      const propsLoc = this.model.ensureMap(
        holder,
        'properties',
        placeByOrder(holder.node, 'properties', SCHEMA_ORDER),
      );
      const nextIsArray = segments[i + 1] === '[]';
      current = this.model.insert(
        propsLoc,
        seg,
        nextIsArray ? { type: 'array', items: { type: 'object', properties: {} } } : { type: 'object', properties: {} },
        { end: true },
      );
    }
    throw new FixSkip('empty field path');
  }

  /** The object schema that holds (or should hold) `name`: through `allOf` members and `anyOf [X, null]`. */
  private unwrap(loc: Loc, name: string | undefined): Loc {
    let current = this.model.deref(loc);
    for (let depth = 0; depth < 16; depth++) {
      const node = current.node;
      if (!isObj(node)) throw new FixSkip(`${current.file}#${current.pointer} is not a schema`);
      if (isObj(node.properties) || node.items !== undefined || node.type !== undefined) {
        if (
          name === undefined ||
          node.properties === undefined ||
          Object.hasOwn(node.properties as Obj, name) ||
          !Array.isArray(node.allOf)
        )
          return current;
      }
      const combinator = ['allOf', 'anyOf', 'oneOf'].find((c) => Array.isArray(node[c]));
      if (combinator === undefined) return current;
      const members = this.model.items(this.model.rawChild(current, combinator) as Loc);
      const candidates = members.filter((m) => !(isObj(m.node) && m.node.type === 'null'));
      const withName =
        name === undefined
          ? undefined
          : candidates.find((m) => isObj(m.node) && isObj(m.node.properties) && Object.hasOwn(m.node.properties, name));
      const inline = candidates.find((m) => isObj(m.node) && isObj(m.node.properties));
      const next = withName ?? (combinator === 'allOf' ? inline : undefined) ?? candidates[candidates.length - 1];
      if (next === undefined) return current;
      if (combinator !== 'allOf' && candidates.length > 1 && withName === undefined) {
        throw new FixSkip(
          `${current.file}#${current.pointer} is a ${combinator} of several schemas; which one holds the field is unclear`,
        );
      }
      current = next;
    }
    return current;
  }

  private addField(fix: Extract<DocFix, { kind: 'add-field' }>): void {
    const op = this.operation(fix.path, fix.method.toLowerCase());
    const start = this.bodySchema(op, fix.in, fix.status, fix.mediaType, true);
    const { parent, name, node } = this.walkField(start, splitField(fix.field), true);
    if (node === undefined) {
      const props = this.model.ensureMap(parent, 'properties', placeByOrder(parent.node, 'properties', SCHEMA_ORDER));
      this.model.insert(props, name, toOpenApiSchema(fix.schema, this.writer(props.file, fix.schemas)), { end: true });
    }
    if (fix.required) {
      const required = isObj(parent.node) ? parent.node.required : undefined;
      if (!Array.isArray(required) || !required.includes(name)) {
        const list = this.model.ensureSeq(parent, 'required', placeByOrder(parent.node, 'required', SCHEMA_ORDER));
        this.model.append(list, name);
      }
    }
  }

  private markPii(fix: Extract<DocFix, { kind: 'mark-pii' }>): void {
    const op = this.operation(fix.path, fix.method.toLowerCase());
    let target: Loc;
    if (fix.in === 'parameter') {
      const item = this.pathItem(fix.path);
      const found = [op, item]
        .flatMap((holder) => {
          const list = this.model.child(holder, 'parameters');
          return list ? this.model.items(list) : [];
        })
        .find((p) => isObj(p.node) && p.node.name === fix.field);
      if (found === undefined) throw new FixSkip(`parameter ${fix.field} is not documented`);
      target = this.family === '2.0' ? found : (this.model.child(found, 'schema') ?? found);
    } else {
      const start = this.bodySchema(op, fix.in, fix.status, 'application/json', false);
      const { name, node } = this.walkField(start, splitField(fix.field), false);
      if (node === undefined) throw new FixSkip(`${name} is not documented`);
      target = node;
    }
    const tag = toPiiExtension(fix.pii);
    const existing = isObj(target.node) ? target.node['x-pii'] : undefined;
    if (existing !== undefined) {
      const category = isObj(existing) ? existing.category : existing;
      if (category === fix.pii.category) return;
      throw new FixSkip(`already marked x-pii ${JSON.stringify(category)}; left as the doc says`);
    }
    this.model.set(target, 'x-pii', tag, { end: true });
  }

  // ---------------------------------------------------------------- named schemas

  /** Where the doc keeps named schemas (following `$ref`s to a components file); created on demand. */
  private componentsLoc(create: boolean): Loc | undefined {
    if (this.family === '2.0') {
      const defs = this.model.child(this.root, 'definitions');
      if (defs !== undefined || !create) return defs;
      return this.model.ensureMap(this.root, 'definitions', { end: true });
    }
    const components = this.model.child(this.root, 'components');
    const schemas = components !== undefined ? this.model.child(components, 'schemas') : undefined;
    if (schemas !== undefined || !create) return schemas;
    const holder = components ?? this.model.ensureMap(this.root, 'components', { end: true });
    return this.model.ensureMap(
      holder,
      'schemas',
      placeByOrder(holder.node, 'schemas', [
        'schemas',
        'responses',
        'parameters',
        'examples',
        'requestBodies',
        'headers',
        'securitySchemes',
      ]),
    );
  }

  /** How schemas are written into `file`: named ones referenced from components (added there), or inlined. */
  private writer(file: string, schemas: Record<string, Schema>): SchemaWriteOptions {
    const base: SchemaWriteOptions = { family: this.family, schemas, refOf: undefined };
    if (!this.usesRefs) return base;
    const written = new Map<string, string>();
    const refOf = (key: string): string => {
      const name = schemaName(key);
      let target = written.get(name);
      if (target === undefined) {
        const components = this.componentsLoc(true) as Loc;
        const existing = this.model.rawChild(components, name);
        target = `${components.pointer}/${escapeSegment(name)}`;
        written.set(name, target);
        if (existing === undefined) {
          const schema = schemas[key];
          const value: JsonObject =
            schema !== undefined ? toOpenApiSchema(schema, { ...base, refOf }) : { type: 'object' };
          this.model.insert(components, name, value, placeSorted(Object.keys(components.node as Obj), name));
        }
        return refBetween(file, components.file, target);
      }
      return refBetween(file, (this.componentsLoc(false) as Loc).file, target);
    };
    return { ...base, refOf };
  }
}

/** A schema key of a surface as a component name (keys of schemas from other files carry a path). */
function schemaName(key: string): string {
  const clean = key.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^_+|_+$/g, '');
  return clean === '' ? 'Schema' : clean;
}

function escapeSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function sameName(a: string, b: string, location: string): boolean {
  return location === 'header' ? a.toLowerCase() === b.toLowerCase() : a === b;
}

function splitField(field: string): string[] {
  const out: string[] = [];
  for (const part of field.split('.')) {
    if (part === '') continue;
    let name = part;
    let arrays = 0;
    while (name.endsWith('[]')) {
      name = name.slice(0, -2);
      arrays++;
    }
    if (name !== '') out.push(name);
    for (let i = 0; i < arrays; i++) out.push('[]');
  }
  return out;
}

/** The doc's key for a status (`200` ≡ `'200'`, `2XX` ≡ `2xx`). */
function findStatus(responses: Obj, status: string): string | undefined {
  return Object.keys(responses).find((k) => k.toUpperCase() === status.toUpperCase());
}

/** The media type key to use: the exact one, else the doc's only (or JSON) one. */
function pickMediaType(content: Obj, mediaType: string): string | undefined {
  const keys = Object.keys(content);
  if (keys.includes(mediaType)) return mediaType;
  if (keys.length === 1) return keys[0];
  return keys.find((k) => /[/+]json\b/.test(k));
}

/** Renames the path parameters of a new operation to the names the doc's path key uses, by position. */
function renamePathParams(op: Operation, docPath: string): Operation {
  const want = pathParamNames(docPath);
  const have = pathParamNames(op.path);
  if (want.length !== have.length || want.every((w, i) => w === have[i])) return { ...op, path: docPath };
  const rename = new Map(have.map((h, i) => [h, want[i] as string]));
  return {
    ...op,
    path: docPath,
    parameters: op.parameters.map((p) =>
      p.in === 'path' && rename.has(p.name) ? { ...p, name: rename.get(p.name) as string } : p,
    ),
  };
}

/** After the last existing key that comes earlier in `order`; before the first key otherwise. */
export function placeByOrder(node: unknown, key: string, order: string[]): Placement {
  const keys = isObj(node) ? Object.keys(node) : [];
  const rank = order.indexOf(key);
  let after: string | undefined;
  for (const k of keys) {
    const r = order.indexOf(k);
    if (r !== -1 && r < rank) after = k;
  }
  if (after !== undefined) return { after };
  const later = keys.find((k) => order.indexOf(k) > rank);
  return later !== undefined ? { before: later } : { end: true };
}

/** Responses stay in status order. */
function placeStatus(responses: Obj, status: string): Placement {
  let after: string | undefined;
  let before: string | undefined;
  for (const k of Object.keys(responses)) {
    if (k.startsWith('x-')) continue;
    if (compareStatus(k, status) < 0) after = k;
    else if (before === undefined) before = k;
  }
  if (after !== undefined) return { after };
  return before !== undefined ? { before } : { end: true };
}

/** A new path goes after the path it shares the longest prefix with, so related endpoints stay together. */
function placeNearestPath(keys: string[], path: string): Placement {
  const segs = path.split('/');
  let best: string | undefined;
  let bestScore = 1;
  for (const k of keys) {
    if (k.startsWith('x-')) continue;
    const ks = k.split('/');
    let n = 0;
    while (n < ks.length && n < segs.length && erasePathParams(`/${ks[n]}`) === erasePathParams(`/${segs[n]}`)) n++;
    if (n >= bestScore) {
      bestScore = n;
      best = k;
    }
  }
  if (best === undefined) return { end: true };
  // After the whole group sharing that prefix, not in the middle of it.
  const prefix = erasePathParams(best.split('/').slice(0, bestScore).join('/'));
  let after = best;
  for (const k of keys) {
    const erased = erasePathParams(k);
    if (erased === prefix || erased.startsWith(`${prefix}/`)) after = k;
  }
  return { after };
}

/** Alphabetical position when the existing keys are sorted, else the end. */
function placeSorted(keys: string[], key: string): Placement {
  const sorted = keys.every((k, i) => i === 0 || (keys[i - 1] as string).localeCompare(k) <= 0);
  if (!sorted || keys.length === 0) return { end: true };
  const before = keys.find((k) => k.localeCompare(key) > 0);
  return before !== undefined ? { before } : { end: true };
}
