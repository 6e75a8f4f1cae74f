import type {
  HttpMethod,
  MediaContent,
  Parameter,
  ParameterLocation,
  RequestBody,
  Response,
  Schema,
} from '../../../model/index.js';
import type { ExtractedRoute } from '../extractor.js';
import type { Expr } from '../tree-sitter/expr.js';
import { abortedStatus, pythonStatusOf } from './fastapi-wire.js';
import type { PyDecorator, PyFunction, PyModule } from './python-module.js';
import type { PythonProject } from './python-project.js';
import type { PyRouteInfo } from './python-routes.js';
import { OPAQUE, outsideModel, type PythonTypeReader } from './python-types.js';

const JSON_MEDIA = 'application/json';
const FORM_MEDIA = 'application/x-www-form-urlencoded';
const MULTIPART_MEDIA = 'multipart/form-data';

/** Where `request.<part>` data comes from. */
const REQUEST_PARTS: Record<string, { in: ParameterLocation } | { media: string }> = {
  args: { in: 'query' },
  headers: { in: 'header' },
  cookies: { in: 'cookie' },
  form: { media: FORM_MEDIA },
  files: { media: MULTIPART_MEDIA },
  json: { media: JSON_MEDIA },
};

const SCALAR_CONVERTERS: Record<string, Schema> = {
  int: { type: ['integer'] },
  float: { type: ['number'] },
  bool: { type: ['boolean'] },
};

type Call = Extract<Expr, { k: 'call' }>;

/** `request.args`, `request.headers`, … → the part name. */
function requestPart(e: Expr): string | undefined {
  return e.k === 'attr' && e.obj.k === 'name' && e.obj.id === 'request' ? e.name : undefined;
}

/** True for `request.json`, `request.get_json(...)`, `request.form`. */
function isRequestBody(e: Expr | undefined): boolean {
  if (e === undefined) return false;
  if (e.k === 'call') return e.fn.k === 'attr' && requestPart(e.fn) === 'get_json';
  const part = requestPart(e);
  return part === 'json' || part === 'form';
}

/** Parameters, body and statuses a Flask handler's body and decorators make evident. */
export class FlaskHandlerReader {
  constructor(
    private readonly project: PythonProject,
    private readonly types: PythonTypeReader,
  ) {}

  /** The function answering `method` on a route: the decorated function, or the view class's method. */
  handlerOf(info: PyRouteInfo, method: HttpMethod): { mod: PyModule; fn: PyFunction } | undefined {
    if (info.handler !== undefined) return info.handler;
    let view = info.viewClass;
    for (let depth = 0; view !== undefined && depth < 5; depth++) {
      const fn = view.cls.functions?.get(method.toLowerCase());
      if (fn !== undefined) return { mod: view.mod, fn };
      let next: typeof view | undefined;
      for (const base of view.cls.bases) {
        const value = this.project.evaluate(view.mod, base);
        if (value.k === 'class') next = { mod: value.mod, cls: value.cls };
      }
      view = next;
    }
    return undefined;
  }

  describe(
    info: PyRouteInfo,
    method: HttpMethod,
    parameters: Parameter[],
  ): Pick<ExtractedRoute, 'parameters' | 'requestBody' | 'responses' | 'notCompared'> {
    const handler = this.handlerOf(info, method);
    if (handler === undefined) return parameters.length > 0 ? { parameters } : {};
    const { mod, fn } = handler;
    const file = mod.path;
    let requestBody: RequestBody | undefined;
    const responses: Response[] = [];
    const notCompared: NonNullable<ExtractedRoute['notCompared']> = [];
    /** A body schema class read from `e`, or, when it is an installed package's (not read), said as not compared. */
    const declared = (e: Expr, body: 'request' | 'response', line: number): Schema | undefined => {
      const schema = this.schemaOf(mod, e);
      const outside = schema === undefined ? this.outsideSchema(mod, e) : undefined;
      if (outside !== undefined && !notCompared.some((n) => n.type === outside && n.body === body))
        notCompared.push({ type: outside, body, file, line });
      return schema;
    };
    const param = (
      name: Expr | undefined,
      where: ParameterLocation,
      line: number,
      required: boolean,
      schema?: Schema,
    ) => {
      if (name?.k !== 'str' || name.v === '') return;
      const existing = parameters.find((p) => p.in === where && p.name === name.v);
      if (existing !== undefined) {
        existing.required ||= required;
        return;
      }
      parameters.push({
        name: name.v,
        in: where,
        required,
        schema: schema ?? { type: ['string'] },
        location: { file, line },
      });
    };
    /**
     * A field of a JSON body read with `.get(…)` (`content.get("text", "")` with `content = request.get_json()`):
     * `.get` never fails, so the field is optional, and a default given with it says so outright.
     */
    let readFields: Schema | undefined;
    const bodyField = (name: Expr | undefined, line: number, defaulted: boolean) => {
      if (name?.k !== 'str' || name.v === '') return;
      body(JSON_MEDIA, line, true);
      const content = requestBody?.content[JSON_MEDIA];
      if (content === undefined || (content.schema !== undefined && content.schema !== readFields)) return;
      readFields ??= { type: ['object'], properties: {} };
      content.schema = readFields;
      readFields.properties ??= {};
      const properties = readFields.properties;
      const known = properties[name.v];
      if (known === undefined)
        properties[name.v] = { location: { file, line }, ...(defaulted ? { declaredOptional: true } : {}) };
      else if (!defaulted) delete known.declaredOptional;
    };
    const body = (media: string, line: number, required: boolean, schema?: Schema) => {
      if (requestBody === undefined) requestBody = { required, content: { [media]: {} }, location: { file, line } };
      const content = requestBody.content[media] ?? {};
      requestBody.content[media] = content;
      if (schema !== undefined && content.schema === undefined) content.schema = schema;
    };
    const respond = (status: number | undefined, line: number, media?: string, schema?: Schema) => {
      if (status === undefined) return;
      const content: Record<string, MediaContent> =
        media === undefined ? {} : { [media]: schema === undefined ? {} : { schema } };
      const existing = responses.find((r) => r.status === String(status));
      if (existing !== undefined) {
        if (Object.keys(existing.content).length === 0) existing.content = content;
        else if (schema !== undefined && media !== undefined && existing.content[media]?.schema === undefined)
          existing.content[media] = { schema };
        return;
      }
      responses.push({ status: String(status), headers: {}, content, location: { file, line } });
    };

    // Decorators of the handler, and of its view class for flask-restx: `@ns.response(404, ...)` covers every method.
    const decorators: PyDecorator[] = [
      ...fn.decorators,
      ...(info.handler === undefined ? (info.viewClass?.cls.decorators ?? []) : []),
    ];
    for (const d of decorators) {
      const call = d.expr;
      if (call.k !== 'call' || call.fn.k !== 'attr') continue;
      const name = call.fn.name;
      if (name === 'response' || name === 'alt_response' || name === 'doc_response') {
        // flask-smorest `response(201, Schema)`, flask-restx `response(201, "Created", model)`.
        const status = pythonStatusOf(call.args[0] ?? call.kw.status_code ?? call.kw.code);
        const schemaExpr = call.kw.schema ?? call.kw.model ?? call.args.slice(1).find((a) => a.k !== 'str');
        const schema = schemaExpr === undefined ? undefined : declared(schemaExpr, 'response', d.line);
        respond(status, d.line, schema === undefined ? undefined : JSON_MEDIA, schema);
      } else if (name === 'marshal_with' || name === 'marshal_list_with') {
        respond(pythonStatusOf(call.kw.code) ?? 200, d.line, JSON_MEDIA);
      } else if (name === 'arguments' || name === 'expect') {
        const schema = call.args[0] === undefined ? undefined : declared(call.args[0], 'request', d.line);
        const location = call.kw.location?.k === 'str' ? call.kw.location.v : 'json';
        if (location === 'json' || location === 'body') body(JSON_MEDIA, d.line, true, schema);
        else if (location === 'form') body(FORM_MEDIA, d.line, true, schema);
        else if (location === 'files') body(MULTIPART_MEDIA, d.line, true, schema);
        else if (location === 'query' && schema?.$ref !== undefined) {
          const model = this.types.schemas[schema.$ref];
          for (const [prop, s] of Object.entries(model?.properties ?? {}))
            param({ k: 'str', v: prop }, 'query', d.line, model?.required?.includes(prop) ?? false, s);
        }
      }
    }

    for (const effect of fn.effects ?? []) {
      const { e, line } = effect;
      if (effect.k === 'read') {
        if (e.k === 'sub') {
          // `request.args["q"]` fails with 400 when absent: required.
          const part = REQUEST_PARTS[requestPart(e.value) ?? ''];
          if (part === undefined) continue;
          if ('in' in part) param(e.args[0], part.in, line, true);
          else body(part.media, line, true);
        } else {
          const part = REQUEST_PARTS[requestPart(e) ?? ''];
          if (part !== undefined && 'media' in part) body(part.media, line, true);
        }
        continue;
      }
      if (effect.k === 'return') {
        this.returned(e, line, respond, declared);
        continue;
      }
      if (e.k !== 'call') continue;
      const fnName = e.fn.k === 'name' ? e.fn.id : e.fn.k === 'attr' ? e.fn.name : '';
      const aborted = abortedStatus(e);
      if (aborted !== undefined) {
        respond(aborted, line);
        continue;
      }
      if (e.fn.k !== 'attr') continue;
      const owner = e.fn.obj;
      if (fnName === 'get_json' && requestPart(e.fn) === 'get_json') {
        const silent = e.kw.silent?.k === 'bool' && e.kw.silent.v;
        body(JSON_MEDIA, line, !silent);
        continue;
      }
      // `content.get("text", "")` with `content = request.get_json()` in the handler, or `request.get_json().get(…)`.
      const local = owner.k === 'name' ? fn.locals?.get(owner.id) : undefined;
      if (fnName === 'get' && (isRequestBody(owner) || (local !== undefined && isRequestBody(local)))) {
        bodyField(e.args[0], line, e.args[1] !== undefined || e.kw.default !== undefined);
        continue;
      }
      const part = REQUEST_PARTS[requestPart(owner) ?? ''];
      if ((fnName === 'get' || fnName === 'getlist') && part !== undefined) {
        if ('media' in part) {
          if (part.media === JSON_MEDIA && fnName === 'get')
            bodyField(e.args[0], line, e.args[1] !== undefined || e.kw.default !== undefined);
          else body(part.media, line, false);
          continue;
        }
        const converter = e.kw.type?.k === 'name' ? SCALAR_CONVERTERS[e.kw.type.id] : undefined;
        let schema: Schema = converter ? { ...converter } : { type: ['string'] };
        const dflt = e.kw.default ?? e.args[1];
        if (dflt?.k === 'str' || dflt?.k === 'num' || dflt?.k === 'bool') schema.default = dflt.v;
        if (fnName === 'getlist') schema = { type: ['array'], items: schema };
        param(e.args[0], part.in, line, false, schema);
        continue;
      }
      // `UserSchema().load(request.json)`, `Item.model_validate(request.get_json())`: the body's declared schema.
      if (
        ['load', 'validate', 'model_validate', 'parse_obj'].includes(fnName) &&
        isRequestBody(e.args[0] ?? e.kw.data)
      ) {
        const schema = declared(owner, 'request', line);
        const media = requestPart(e.args[0] ?? { k: 'none' }) === 'form' ? FORM_MEDIA : JSON_MEDIA;
        body(media, line, true, schema);
      }
    }
    return {
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      ...(responses.length > 0 ? { responses } : {}),
      ...(notCompared.length > 0 ? { notCompared } : {}),
    };
  }

  /** Statuses and bodies of `return x`, `return x, 201`, `return make_response(x, 201)`, `return jsonify(x)`. */
  private returned(
    e: Expr,
    line: number,
    respond: (status: number | undefined, line: number, media?: string, schema?: Schema) => void,
    declared: (e: Expr, body: 'response', line: number) => Schema | undefined,
  ): void {
    // The schema of `schema.dump(x)` / `ItemSchema(many=True).dump(xs)`.
    const dumped = (d: Expr | undefined): Schema | undefined =>
      d?.k === 'call' && d.fn.k === 'attr' && d.fn.name === 'dump' ? declared(d.fn.obj, 'response', line) : undefined;
    let value = e;
    let status: number | undefined;
    if (value.k === 'list' && value.items.length >= 2 && value.items.length <= 3) {
      status = pythonStatusOf(value.items[1]);
      value = value.items[0] as Expr;
    }
    if (value.k === 'call') {
      const name = value.fn.k === 'name' ? value.fn.id : value.fn.k === 'attr' ? value.fn.name : '';
      if (name === 'make_response') {
        status ??= pythonStatusOf(value.args[1]);
        value = value.args[0] ?? { k: 'none' };
      }
      if (value.k === 'call') {
        const inner = value.fn.k === 'name' ? value.fn.id : value.fn.k === 'attr' ? value.fn.name : '';
        if (inner === 'redirect') {
          respond(status ?? pythonStatusOf(value.kw.code ?? value.args[1]) ?? 302, line);
          return;
        }
        if (inner === 'jsonify') {
          respond(status ?? 200, line, JSON_MEDIA, dumped(value.args[0]));
          return;
        }
        if (inner === 'dump') {
          respond(status ?? 200, line, JSON_MEDIA, dumped(value));
          return;
        }
      }
    }
    if (value.k === 'none') {
      // `return None` is a Flask error; a bare `return '', 204`-style tuple was handled above.
      if (status !== undefined) respond(status, line);
      return;
    }
    if (value.k === 'str') {
      respond(status ?? 200, line, value.v === '' ? undefined : 'text/html');
      return;
    }
    const json = value.k === 'list' || (value.k === 'other' && value.text.startsWith('{'));
    respond(status ?? 200, line, json ? JSON_MEDIA : undefined);
  }

  /**
   * `package.Schema` when a schema class or instance (`ItemSchema(many=True)`, `item_schema = ItemSchema()`) is a
   * class imported from an installed package: its fields cannot be read.
   */
  private outsideSchema(mod: PyModule, e: Expr): string | undefined {
    let expr = e.k === 'call' ? e.fn : e;
    if (expr.k === 'name' && !mod.imports.has(expr.id)) {
      const assigned = mod.assigns.get(expr.id);
      if (assigned?.k === 'call') expr = assigned.fn;
    }
    return outsideModel(this.project, mod, expr);
  }

  /** The schema a marshmallow/pydantic class or instance (`ItemSchema(many=True)`) describes, when it is one. */
  private schemaOf(mod: PyModule, e: Expr): Schema | undefined {
    let expr = e;
    let many = false;
    if (expr.k === 'call') {
      many = expr.kw.many?.k === 'bool' && expr.kw.many.v;
      expr = expr.fn;
    }
    const value = this.project.evaluate(mod, expr);
    if (value.k === 'instance' && expr.k === 'name') {
      const assigned = mod.assigns.get(expr.id) as Call | undefined;
      if (assigned?.k === 'call') many ||= assigned.kw.many?.k === 'bool' && assigned.kw.many.v;
    }
    if (value.k !== 'class' && value.k !== 'instance') return undefined;
    const schema = this.types.schemaOf(value.mod, { k: 'name', id: value.cls.name });
    if (schema === OPAQUE || Object.keys(schema).length === 0) return undefined;
    return many ? { type: ['array'], items: schema } : schema;
  }
}
