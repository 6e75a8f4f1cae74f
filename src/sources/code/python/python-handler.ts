import type { HttpMethod, Parameter, ParameterLocation, RequestBody, Response, Schema } from '../../../model/index.js';
import { pathParamNames, toTemplatePath } from '../../../model/index.js';
import type { ExtractedRoute } from '../extractor.js';
import { dottedName, type Expr, renderExpr } from '../tree-sitter/expr.js';
import { FastApiWire } from './fastapi-wire.js';
import { FlaskHandlerReader } from './flask-handler.js';
import { ModuleValues } from './module-values.js';
import type { PyFunction, PyModule } from './python-module.js';
import type { PythonProject } from './python-project.js';
import type { PyRouteInfo } from './python-routes.js';
import { OPAQUE, outsideModel, PythonTypeReader } from './python-types.js';

/** Arguments FastAPI injects itself; they are not part of the HTTP interface. */
const INJECTED = new Set([
  'Request',
  'Response',
  'WebSocket',
  'BackgroundTasks',
  'HTTPConnection',
  'SecurityScopes',
  'Session',
  'AsyncSession',
]);

const MARKERS: Record<string, ParameterLocation | 'body' | 'skip'> = {
  Query: 'query',
  Path: 'path',
  Header: 'header',
  Cookie: 'cookie',
  Body: 'body',
  Form: 'body',
  File: 'body',
  Depends: 'skip',
  Security: 'skip',
};

const FLASK_CONVERTERS: Record<string, Schema> = {
  int: { type: ['integer'] },
  float: { type: ['number'] },
  uuid: { type: ['string'], format: 'uuid' },
};

const readers = new WeakMap<PythonProject, PythonTypeReader>();
/** What names evaluate to per module, by project: the type reader and the wire model ask for the same ones. */
const values = new WeakMap<PythonProject, ModuleValues>();
const flaskReaders = new WeakMap<PythonTypeReader, FlaskHandlerReader>();
const wires = new WeakMap<PythonProject, FastApiWire>();
/** {@link annotationMarkers} of each parameter annotation, by project: dependencies are shared by many handlers. */
const markerCache = new WeakMap<PythonProject, Map<Expr, { mod: PyModule; markers: { mod: PyModule; e: Expr }[] }>>();

/** The {@link ModuleValues} of a project, made on first use. */
function moduleValues(project: PythonProject): ModuleValues {
  let known = values.get(project);
  if (known === undefined) {
    known = new ModuleValues(project);
    values.set(project, known);
  }
  return known;
}

/** {@link annotationMarkers} of an annotation written in `mod`, read once per annotation. */
function cachedMarkers(project: PythonProject, mod: PyModule, type: Expr): { mod: PyModule; e: Expr }[] {
  let cache = markerCache.get(project);
  if (cache === undefined) {
    cache = new Map();
    markerCache.set(project, cache);
  }
  const known = cache.get(type);
  if (known?.mod === mod) return known.markers;
  const markers = annotationMarkers(project, mod, type);
  if (known === undefined) cache.set(type, { mod, markers });
  return markers;
}

/**
 * The `Depends(...)`-like markers an annotation carries: `Annotated[T, Depends(f)]`, also through an alias defined in
 * this module or imported from another (`CurrentUser = Annotated[User, Depends(get_current_user)]`).
 */
function annotationMarkers(project: PythonProject, mod: PyModule, type: Expr, depth = 0): { mod: PyModule; e: Expr }[] {
  if (depth > 4) return [];
  if (type.k === 'sub' && dottedName(type.value)?.split('.').pop() === 'Annotated')
    return type.args
      .flatMap((a) => (a.k === 'list' ? a.items : [a]))
      .slice(1)
      .map((e) => ({ mod, e }));
  if (type.k !== 'name') return [];
  const alias = mod.assigns.get(type.id);
  if (alias !== undefined) return annotationMarkers(project, mod, alias, depth + 1);
  const imp = mod.imports.get(type.id);
  if (imp?.name === undefined) return [];
  const owner = project.findModule(project.absoluteModule(mod, imp));
  return owner === undefined || owner === mod
    ? []
    : annotationMarkers(project, owner, { k: 'name', id: imp.name }, depth + 1);
}

function markerOf(
  e: Expr | undefined,
): { where: ParameterLocation | 'body' | 'skip'; call: Extract<Expr, { k: 'call' }> } | undefined {
  if (e?.k !== 'call') return undefined;
  const where = MARKERS[dottedName(e.fn)?.split('.').pop() ?? ''];
  return where === undefined ? undefined : { where, call: e };
}

/**
 * Whether FastAPI reads a parameter of this type from the body when no marker says where: a pydantic model, also
 * optional or in a list (`Optional[LogFilter]`, `Sequence[LogCreate]`); scalars and lists of scalars are query.
 */
function carriesModel(schema: Schema, schemas: Record<string, Schema>): boolean {
  if (schema.$ref !== undefined) return schemas[schema.$ref]?.type?.includes('object') ?? true;
  if (schema.items !== undefined && carriesModel(schema.items, schemas)) return true;
  return (schema.anyOf ?? []).some((s) => carriesModel(s, schemas));
}

/**
 * A parameter whose default calls a project function that returns `Depends(inner)` (`limit: int = LimitBody()`):
 * FastAPI runs `inner` as a dependency, so the parameter is filled by it, not read from the query.
 */
function dependencyFromFactory(
  project: PythonProject,
  mod: PyModule,
  value: Expr | undefined,
): { mod: PyModule; fn: PyFunction } | undefined {
  if (value?.k !== 'call') return undefined;
  const factory = project.evaluate(mod, value.fn);
  if (factory.k !== 'func') return undefined;
  const made = factory.fn.returnValue;
  if (made?.k !== 'call' || markerOf(made)?.where !== 'skip' || made.args[0] === undefined) return undefined;
  const target = made.args[0];
  const nested = target.k === 'name' ? factory.fn.nested?.find((f) => f.name === target.id) : undefined;
  if (nested !== undefined) return { mod: factory.mod, fn: nested };
  const resolved = project.evaluate(factory.mod, target);
  return resolved.k === 'func' ? { mod: resolved.mod, fn: resolved.fn } : undefined;
}

/** The `Body(...)` parameters of a dependency: FastAPI merges them into the operation's body, each under its name. */
function dependencyBodyParams(reader: PythonTypeReader, mod: PyModule, fn: PyFunction): BodyParam[] {
  const out: BodyParam[] = [];
  for (const param of fn.params) {
    const marker = markerOf(param.default);
    if (marker?.where !== 'body' || param.annotation === undefined) continue;
    const schema = reader.schemaOf(mod, param.annotation);
    if (schema === OPAQUE) continue;
    const alias = marker.call.kw.alias;
    out.push({
      name: alias?.k === 'str' ? alias.v : param.name,
      schema,
      required: isRequiredDefault(param.default, marker),
      media: 'json',
      // A dependency's body parameter is embedded like any second body parameter.
      embed: true,
    });
  }
  return out;
}

/** One handler parameter FastAPI reads from the request body. */
interface BodyParam {
  name: string;
  schema: Schema;
  required: boolean;
  media: 'json' | 'form' | 'file';
  embed: boolean;
}

/**
 * The request body FastAPI builds from a handler's body parameters: a lone JSON parameter is the body itself, unless
 * it says `Body(embed=True)`; several, or any form field that is not a whole model, are keys of one object, each under
 * its name or alias (a file or form field makes it a multipart or urlencoded form).
 */
function bodyOf(params: BodyParam[]): RequestBody | undefined {
  const first = params[0];
  if (first === undefined) return undefined;
  const media = params.some((p) => p.media === 'file')
    ? 'multipart/form-data'
    : params.some((p) => p.media === 'form')
      ? 'application/x-www-form-urlencoded'
      : 'application/json';
  const wholeModel = first.media !== 'json' && first.schema.$ref !== undefined;
  if (params.length === 1 && !first.embed && (first.media === 'json' || wholeModel))
    return { required: first.required, content: { [media]: { schema: first.schema } } };
  const required = params.filter((p) => p.required).map((p) => p.name);
  const schema: Schema = {
    type: ['object'],
    properties: Object.fromEntries(params.map((p) => [p.name, p.schema])),
    ...(required.length > 0 ? { required } : {}),
  };
  return { required: required.length > 0, content: { [media]: { schema } } };
}

/** Unwraps `Annotated[T, Query()]`, following type aliases such as `SessionDep = Annotated[Session, Depends(...)]`. */
function unwrapAnnotation(
  mod: PyModule,
  type: Expr | undefined,
): { type?: Expr; marker?: ReturnType<typeof markerOf> } {
  let current = type;
  for (let i = 0; i < 4 && current !== undefined; i++) {
    if (current.k === 'sub' && dottedName(current.value)?.split('.').pop() === 'Annotated') {
      const args = current.args.flatMap((a) => (a.k === 'list' ? a.items : [a]));
      const marker = args
        .slice(1)
        .map(markerOf)
        .find((m) => m !== undefined);
      return { ...(args[0] ? { type: args[0] } : {}), ...(marker ? { marker } : {}) };
    }
    if (current.k === 'name') {
      const alias = mod.assigns.get(current.id);
      if (alias?.k === 'sub') {
        current = alias;
        continue;
      }
    }
    break;
  }
  return current === undefined ? {} : { type: current };
}

function isRequiredDefault(value: Expr | undefined, marker: ReturnType<typeof markerOf>): boolean {
  if (marker !== undefined && value === marker.call) {
    const d = marker.call.kw.default ?? marker.call.args[0];
    if (marker.call.kw.default_factory !== undefined) return false;
    return d === undefined || (d.k === 'other' && d.text === '...');
  }
  return value === undefined;
}

/** The project's wire model, made once per project. */
function wireOf(project: PythonProject): FastApiWire {
  let wire = wires.get(project);
  if (wire === undefined) {
    wire = new FastApiWire(project, moduleValues(project));
    wires.set(project, wire);
  }
  return wire;
}

/** Parameters, body and responses a handler's signature and decorator make evident. */
export function describeHandler(
  project: PythonProject,
  info: PyRouteInfo,
  path: string,
  schemas: Record<string, Schema>,
  method: HttpMethod = 'GET',
): Pick<ExtractedRoute, 'parameters' | 'requestBody' | 'responses' | 'notCompared'> {
  const template = toTemplatePath(path);
  const notCompared: NonNullable<ExtractedRoute['notCompared']> = [];
  const pathNames = new Set(pathParamNames(template));
  let reader = readers.get(project);
  if (reader === undefined || reader.schemas !== schemas) {
    reader = new PythonTypeReader(project, schemas, moduleValues(project));
    readers.set(project, reader);
  }
  if (info.framework === 'flask') {
    const parameters: Parameter[] = [];
    for (const m of path.matchAll(/<(?:([A-Za-z_]\w*)(?:\([^)]*\))?:)?([A-Za-z_]\w*)>/g)) {
      const schema = FLASK_CONVERTERS[m[1] ?? ''] ?? { type: ['string'] };
      parameters.push({ name: m[2] as string, in: 'path', required: true, schema: { ...schema } });
    }
    let flask = flaskReaders.get(reader);
    if (flask === undefined) {
      flask = new FlaskHandlerReader(project, reader);
      flaskReaders.set(reader, flask);
    }
    const described = flask.describe(info, method, parameters);
    // `abort(404)` and `get_or_404` in the helpers the view calls answer for it too.
    const handler = flask.handlerOf(info, method);
    const responses = described.responses;
    if (handler !== undefined && responses !== undefined)
      for (const r of wireOf(project).calledStatuses(handler.mod, handler.fn))
        if (!responses.some((x) => x.status === r.status)) responses.push(r);
    return described;
  }
  const parameters: Parameter[] = [];
  const bodyParams: BodyParam[] = [];
  const handler = info.handler;
  // Whether FastAPI can reject a request before the handler runs: a body (malformed JSON, a missing or mistyped
  // field), a required parameter left out, or a value its type or constraints refuse.
  let validates = false;
  if (handler !== undefined) {
    const { mod, fn } = handler;
    for (const param of fn.params) {
      if (param.rest || param.name === 'self' || param.name === 'cls') continue;
      const unwrapped = unwrapAnnotation(mod, param.annotation);
      const marker = unwrapped.marker ?? markerOf(param.default);
      if (marker?.where === 'skip') continue;
      const factoryDependency = marker === undefined ? dependencyFromFactory(project, mod, param.default) : undefined;
      if (factoryDependency !== undefined) {
        bodyParams.push(...dependencyBodyParams(reader, factoryDependency.mod, factoryDependency.fn));
        continue;
      }
      const typeName = unwrapped.type === undefined ? '' : (dottedName(unwrapped.type)?.split('.').pop() ?? '');
      if (INJECTED.has(typeName)) continue;
      const schema =
        unwrapped.type === undefined ? { type: ['string' as const] } : reader.schemaOf(mod, unwrapped.type);
      const required = isRequiredDefault(param.default, marker) && !(param.default?.k === 'none');
      const alias = marker?.call.kw.alias;
      const name = alias?.k === 'str' ? alias.v : param.name;
      const constrained = marker !== undefined && Object.keys(marker.call.kw).some((k) => CONSTRAINTS.has(k));
      if (pathNames.has(param.name) || marker?.where === 'path') {
        if (constrained || !acceptsAnyText(schema)) validates = true;
        parameters.push({
          name,
          in: 'path',
          required: true,
          schema: schema === OPAQUE ? { type: ['string'] } : schema,
        });
        continue;
      }
      // FastAPI reads an `UploadFile` parameter (or a list of them) as a multipart file field even without `File()`.
      const upload = marker === undefined && isUploadAnnotation(unwrapped.type);
      if (upload || marker?.where === 'body' || (marker === undefined && carriesModel(schema, reader.schemas))) {
        validates = true;
        const kind = upload
          ? 'UploadFile'
          : dottedName(marker?.call.fn ?? { k: 'none' })
              ?.split('.')
              .pop();
        const embed = marker?.call.kw.embed;
        const outside = schema === OPAQUE ? outsideModel(project, mod, unwrapped.type) : undefined;
        if (outside !== undefined) notCompared.push({ type: outside, body: 'request', file: mod.path, line: fn.line });
        // A body part of a type the reader cannot describe is said, never dropped as if the body had no such part.
        else if (schema === OPAQUE && unwrapped.type !== undefined)
          notCompared.push({
            type: renderExpr(unwrapped.type),
            body: 'request',
            file: mod.path,
            line: fn.line,
            unread: true,
          });
        if (schema !== OPAQUE)
          bodyParams.push({
            name,
            schema,
            required,
            media: kind === 'File' || kind === 'UploadFile' ? 'file' : kind === 'Form' ? 'form' : 'json',
            embed: embed?.k === 'bool' && embed.v,
          });
        continue;
      }
      // FastAPI reads a class parameter with no default and no marker as the body (a dependency has `Depends`): one
      // of an installed package's classes is a body whose fields are not compared, and that is said.
      const outside =
        schema === OPAQUE && marker === undefined && param.default === undefined
          ? outsideModel(project, mod, unwrapped.type)
          : undefined;
      if (outside !== undefined) {
        validates = true;
        notCompared.push({ type: outside, body: 'request', file: mod.path, line: fn.line });
      }
      // A parameter whose type we cannot describe is a dependency or an injected object, not a query parameter.
      if (schema === OPAQUE || (schema.type === undefined && schema.anyOf === undefined)) continue;
      if (schema.type?.includes('object')) continue;
      const where: ParameterLocation =
        marker?.where === 'header' || marker?.where === 'cookie' ? marker.where : 'query';
      const headerName = where === 'header' && alias === undefined ? name.replace(/_/g, '-') : name;
      if (required || constrained || !acceptsAnyText(schema)) validates = true;
      parameters.push({ name: headerName, in: where, required, schema });
    }
  }
  const requestBody = bodyOf(bodyParams);
  const responses: Response[] = [];
  const modelExpr = info.responseModel?.expr ?? handler?.fn.returns;
  const modelMod = info.responseModel?.mod ?? handler?.mod;
  let body: Schema | undefined;
  if (modelExpr !== undefined && modelMod !== undefined) {
    const schema = reader.schemaOf(modelMod, modelExpr, 0, info.responseByFieldName === true);
    if (schema !== OPAQUE && !(schema.type?.length === 1 && schema.type[0] === 'null')) body = schema;
    const outside = schema === OPAQUE ? outsideModel(project, modelMod, modelExpr) : undefined;
    if (outside !== undefined)
      notCompared.push({ type: outside, body: 'response', file: modelMod.path, line: handler?.fn.line ?? info.line });
  }
  responses.push({
    status: String(info.status ?? 200),
    headers: {},
    content: body === undefined ? {} : { 'application/json': { schema: body } },
  });
  // A library route's own answers (fastapi-users' 400 on a bad password, its user dependency's 401/403).
  for (const status of info.library?.errors ?? []) responses.push({ status: String(status), headers: {}, content: {} });
  if (handler !== undefined) {
    const wire = wireOf(project);
    const markers = (m: PyModule, e: Expr) => cachedMarkers(project, m, e);
    for (const r of wire.statusesOf(handler.mod, handler.fn, markers, info.dependencies))
      if (!responses.some((x) => x.status === r.status)) responses.push(r);
    // FastAPI answers a request its signature rejects itself (422 with the errors), or through the project's
    // `RequestValidationError` handler: an answer of every such operation, whatever the handler's body does.
    const rejected = validates || bodyParams.length > 0 ? wire.validationStatus() : undefined;
    if (rejected !== undefined && !responses.some((x) => x.status === String(rejected)))
      responses.push({
        status: String(rejected),
        headers: {},
        content: {},
        location: { file: handler.mod.path, line: handler.fn.line },
      });
  }
  return {
    parameters,
    ...(requestBody ? { requestBody } : {}),
    responses,
    ...(notCompared.length > 0 ? { notCompared } : {}),
  };
}

/** Keyword arguments of `Query()`, `Path()`, `Header()`, `Cookie()` that make FastAPI refuse some values. */
const CONSTRAINTS = new Set([
  'min_length',
  'max_length',
  'pattern',
  'regex',
  'gt',
  'ge',
  'lt',
  'le',
  'multiple_of',
  'max_digits',
  'decimal_places',
]);

/** A parameter schema every text satisfies: a plain string (or `None`), no format, no enumeration. */
function acceptsAnyText(schema: Schema): boolean {
  const members = schema.anyOf ?? [schema];
  return members.every((m) =>
    m.type === undefined
      ? false
      : m.type.every((t) => t === 'null' || t === 'string') && m.enum === undefined && m.format === undefined,
  );
}

/** `UploadFile`, `list[UploadFile]`, `Optional[UploadFile]`, `UploadFile | None`: a file part of a multipart form. */
function isUploadAnnotation(type: Expr | undefined, depth = 0): boolean {
  if (type === undefined || depth > 3) return false;
  if (type.k === 'sub') {
    const head = dottedName(type.value)?.split('.').pop() ?? '';
    return (
      /^(list|List|Sequence|Optional|Union)$/.test(head) && type.args.some((a) => isUploadAnnotation(a, depth + 1))
    );
  }
  if (type.k === 'union') return type.items.some((a) => isUploadAnnotation(a, depth + 1));
  return dottedName(type)?.split('.').pop() === 'UploadFile';
}
