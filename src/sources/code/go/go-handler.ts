import type {
  MediaContent,
  Parameter,
  ParameterLocation,
  RequestBody,
  Response,
  Schema,
} from '../../../model/index.js';
import type { ExtractedRoute } from '../extractor.js';
import { freeSchemaKey } from '../handler-names.js';
import { type Expr, renderExpr } from '../tree-sitter/expr.js';
import {
  FALLTHROUGH,
  FUNC_LITERAL,
  type GoErrorTest,
  type GoField,
  type GoFile,
  type GoFunc,
  type GoStmt,
  TYPE_ASSERTION,
} from './go-module.js';
import { appendedTo, returnedNilSlice, slicesThatMayStayNil } from './go-nil-slices.js';
import type { GoFramework, GoRouteReader, GoTypeDecl } from './go-routes.js';
import { GoStructLiterals } from './go-struct-literals.js';
import { fieldValidation } from './go-validation.js';

/** `net/http` status constants. */
const HTTP_STATUS: Record<string, number> = {
  StatusContinue: 100,
  StatusSwitchingProtocols: 101,
  StatusProcessing: 102,
  StatusEarlyHints: 103,
  StatusOK: 200,
  StatusCreated: 201,
  StatusAccepted: 202,
  StatusNonAuthoritativeInfo: 203,
  StatusNoContent: 204,
  StatusResetContent: 205,
  StatusPartialContent: 206,
  StatusMultiStatus: 207,
  StatusAlreadyReported: 208,
  StatusIMUsed: 226,
  StatusMultipleChoices: 300,
  StatusMovedPermanently: 301,
  StatusFound: 302,
  StatusSeeOther: 303,
  StatusNotModified: 304,
  StatusUseProxy: 305,
  StatusTemporaryRedirect: 307,
  StatusPermanentRedirect: 308,
  StatusBadRequest: 400,
  StatusUnauthorized: 401,
  StatusPaymentRequired: 402,
  StatusForbidden: 403,
  StatusNotFound: 404,
  StatusMethodNotAllowed: 405,
  StatusNotAcceptable: 406,
  StatusProxyAuthRequired: 407,
  StatusRequestTimeout: 408,
  StatusConflict: 409,
  StatusGone: 410,
  StatusLengthRequired: 411,
  StatusPreconditionFailed: 412,
  StatusRequestEntityTooLarge: 413,
  StatusRequestURITooLong: 414,
  StatusUnsupportedMediaType: 415,
  StatusRequestedRangeNotSatisfiable: 416,
  StatusExpectationFailed: 417,
  StatusTeapot: 418,
  StatusMisdirectedRequest: 421,
  StatusUnprocessableEntity: 422,
  StatusLocked: 423,
  StatusFailedDependency: 424,
  StatusTooEarly: 425,
  StatusUpgradeRequired: 426,
  StatusPreconditionRequired: 428,
  StatusTooManyRequests: 429,
  StatusRequestHeaderFieldsTooLarge: 431,
  StatusUnavailableForLegalReasons: 451,
  StatusInternalServerError: 500,
  StatusNotImplemented: 501,
  StatusBadGateway: 502,
  StatusServiceUnavailable: 503,
  StatusGatewayTimeout: 504,
  StatusHTTPVersionNotSupported: 505,
  StatusVariantAlsoNegotiates: 506,
  StatusInsufficientStorage: 507,
  StatusLoopDetected: 508,
  StatusNotExtended: 510,
  StatusNetworkAuthenticationRequired: 511,
};

const SCALARS: Record<string, Schema> = {
  string: { type: ['string'] },
  bool: { type: ['boolean'] },
  int: { type: ['integer'] },
  int8: { type: ['integer'] },
  int16: { type: ['integer'] },
  int32: { type: ['integer'] },
  int64: { type: ['integer'] },
  uint: { type: ['integer'] },
  uint8: { type: ['integer'] },
  uint16: { type: ['integer'] },
  uint32: { type: ['integer'] },
  uint64: { type: ['integer'] },
  uintptr: { type: ['integer'] },
  byte: { type: ['integer'] },
  rune: { type: ['integer'] },
  float32: { type: ['number'] },
  float64: { type: ['number'] },
  any: {},
};

/** Types of well-known packages, by import path and name. */
const LIBRARY_TYPES: Record<string, Schema> = {
  'time.Time': { type: ['string'], format: 'date-time' },
  'time.Duration': { type: ['integer'] },
  'github.com/google/uuid.UUID': { type: ['string'], format: 'uuid' },
  'github.com/gofrs/uuid.UUID': { type: ['string'], format: 'uuid' },
  'github.com/satori/go.uuid.UUID': { type: ['string'], format: 'uuid' },
  'encoding/json.RawMessage': {},
  'encoding/json.Number': { type: ['number'] },
  'database/sql.NullString': { type: ['null', 'string'] },
  'database/sql.NullInt64': { type: ['integer', 'null'] },
  'database/sql.NullInt32': { type: ['integer', 'null'] },
  'database/sql.NullFloat64': { type: ['null', 'number'] },
  'database/sql.NullBool': { type: ['boolean', 'null'] },
  'database/sql.NullTime': { type: ['null', 'string'], format: 'date-time' },
  'github.com/gin-gonic/gin.H': { type: ['object'] },
  'github.com/go-chi/render.M': { type: ['object'] },
};

/**
 * Interfaces of well-known packages a handler's body passes through (`render.Render(w, r, NewArticleResponse(a))` with
 * the helper returning `render.Renderer`): the value is of a type of the checkout, not of the package.
 */
const LIBRARY_INTERFACES: ReadonlySet<string> = new Set([
  'github.com/go-chi/render.Renderer',
  'github.com/go-chi/render.Binder',
]);

const GIN = 'github.com/gin-gonic/gin';
/** A result type that is an error: `error`, or a project error type (`Error`, `*AppError`, `*errcode.Error`). */
const ERROR_TYPE = /^(?:error|\*?(?:\w+\.)?\w*Err(?:or)?)$/;
/** Packages whose `As(err, &target)` is the standard library's (`github.com/pkg/errors` forwards to it). */
const ERRORS_PACKAGES = new Set(['errors', 'github.com/pkg/errors', 'golang.org/x/xerrors']);
const RENDER = 'github.com/go-chi/render';
const JSON_MEDIA = 'application/json';
/** encoding/json/v2 (Go 1.25's experiment) and the module it grew from, whose calls read and write streams. */
const JSON_V2 = new Set(['encoding/json/v2', 'github.com/go-json-experiment/json']);

/** Gin context methods writing a response: status argument first, then the body (`Data` takes a content type). */
const GIN_WRITERS: Record<string, string | undefined> = {
  JSON: JSON_MEDIA,
  IndentedJSON: JSON_MEDIA,
  SecureJSON: JSON_MEDIA,
  PureJSON: JSON_MEDIA,
  AsciiJSON: JSON_MEDIA,
  JSONP: JSON_MEDIA,
  AbortWithStatusJSON: JSON_MEDIA,
  XML: 'application/xml',
  YAML: 'application/yaml',
  TOML: 'application/toml',
  ProtoBuf: 'application/x-protobuf',
  String: 'text/plain',
  HTML: 'text/html',
  Data: undefined,
};
/** Gin context methods setting a status alone. */
const GIN_STATUS = new Set(['Status', 'AbortWithStatus', 'AbortWithError', 'Redirect']);
const GIN_BODY_BINDERS = new Set([
  'ShouldBindJSON',
  'BindJSON',
  'ShouldBind',
  'Bind',
  'MustBindWith',
  'ShouldBindWith',
  'ShouldBindBodyWith',
  'ShouldBindBodyWithJSON',
]);

/**
 * Gin's binders that pick the binding from the method and content type (`binding.Default`): a request without a body
 * (GET, and in practice DELETE, HEAD and OPTIONS, which carry no body content type) is bound by the form binding,
 * which reads the struct's `form` tags from the query string.
 */
const GIN_DEFAULT_BINDERS = new Set(['ShouldBind', 'Bind']);
const BODILESS_METHODS = new Set(['GET', 'DELETE', 'HEAD', 'OPTIONS']);

/**
 * strconv's parsers, by the JSON type of what they give: a parameter parsed by one (`strconv.Atoi(c.Query("page"))`) is
 * of that type on the wire's contract, whatever string the URL carries.
 */
const STRCONV_PARSERS: Record<string, 'integer' | 'number' | 'boolean'> = {
  Atoi: 'integer',
  ParseInt: 'integer',
  ParseUint: 'integer',
  ParseFloat: 'number',
  ParseBool: 'boolean',
};

/** Go's integer conversions: `int(x)` holds the status `x` does. */
const NUMERIC_CONVERSIONS = new Set(['int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint16', 'uint32', 'uint64']);

/**
 * Gin's binders that answer for the handler when binding fails: `c.Bind(&x)` and its kin call
 * `c.AbortWithError(400, err)` on a body that does not decode or validate (the `ShouldBind…` ones leave it to the
 * handler).
 */
const GIN_MUST_BINDERS = new Set([
  'Bind',
  'BindJSON',
  'BindXML',
  'BindQuery',
  'BindYAML',
  'BindTOML',
  'BindHeader',
  'BindUri',
  'MustBindWith',
]);

/** A value of the handler's body, as far as its HTTP role goes. */
type HVal =
  | { k: 'ctx' }
  | { k: 'w' }
  | { k: 'r' }
  | { k: 'query' }
  /** A status; `alt` the others a helper may return in its place (`return http.StatusBadRequest, …`). */
  | { k: 'status'; v: number; alt?: number[] }
  /**
   * A value of a type; `fields` what a struct literal put in its fields (`ErrorResponse{slug, status}`); `maybeNil` a
   * slice some path leaves nil, with the last value appended to it and the body that value is written in.
   */
  | {
      k: 'typed';
      t: Expr;
      file: GoFile;
      fields?: Map<string, HVal>;
      maybeNil?: { element: Expr | undefined; body: readonly GoStmt[] };
      /** What a map literal with string keys holds (`gin.H{"user": u}`), handed on through a helper's parameter. */
      body?: Schema;
    }
  /** `nil`, also when passed down into a helper's parameter (`appG.Response(500, code, nil)`). */
  | { k: 'nil' }
  /**
   * A package-level sentinel error (`var ErrDataNotFound = errors.New(…)`), by the folder of its package and its name:
   * what a map from errors to statuses (`errorStatusMap[err]`) is looked up with. An error made as a struct literal
   * whose field holds a status (`&AppError{Code: http.StatusNotFound}`) is kept the same way, keyed by
   * {@link madeErrorKey}: what its field gives a handler reading it (`c.JSON(appErr.Code, appErr)`).
   */
  | { k: 'sentinel'; key: string; alt?: string[]; t?: Expr; file?: GoFile }
  /**
   * A package-level constant that is neither a status nor an error, by the folder of its package and its name: the
   * category an error struct carries in a field (`&DomainError{Type: ErrTypeNotFound}`), which a status helper switches
   * on (`switch domErr.Type { case apperror.ErrTypeNotFound: return http.StatusNotFound }`).
   */
  | { k: 'kind'; key: string; alt?: string[] };

interface Scope {
  vars: Map<string, HVal>;
  file: GoFile;
  /** Variables holding the request's method (`method := c.Request.Method`). */
  requestMethods?: Set<string>;
  /** Variables holding the Host the request was sent to, or what was made of it (`host, _, err := net.SplitHostPort(c.Request.Host)`). */
  requestHosts?: Set<string>;
  /** Variables holding a request parameter as read (`pageStr := c.Query("page")`), with the parameter's name and place. */
  parameterReads?: Map<string, { name: string; in: ParameterLocation }>;
  /**
   * A status a call returned beside an error (`user, statusCode, err := uc.Login(…)`), by the error's name: the
   * statuses it returns with a `nil` error and with another, told apart by the handler's `if err != nil {`.
   */
  paired?: Map<string, { status: string; ok?: Extract<HVal, { k: 'status' }>; fail?: Extract<HVal, { k: 'status' }> }>;
}

interface Acc {
  parameters: Parameter[];
  requestBody?: RequestBody;
  responses: Response[];
  /** Status set by `w.WriteHeader`/`render.Status` for the body written next. */
  pending?: number;
  /** The last status `w.WriteHeader` wrote, whatever returns followed (a `Render` method's, see `renderMethod`). */
  headerWritten?: number;
  file: string;
  /** Calls deep into project helpers: statuses found there are `likely`. */
  depth: number;
  /** Describing a route handler: a body that ends without writing answers 200 (see {@link GoFunc.fallsThrough}). */
  handler: boolean;
  /** The type arguments of a generic middleware (`T` → `form.BookForm` for `Validate[form.BookForm]`). */
  typeArgs?: ReadonlyMap<string, HVal>;
  /** The route's method, when known: what Gin's content-type-driven binders read depends on it. */
  method?: string;
  /**
   * Describing a middleware for what a route answers (role `route-middleware`), not for every refusal it may make (a
   * guard's, read for auth): a refusal by the Host the request was sent to is left out.
   */
  forRoute?: boolean;
}

type Details = Pick<ExtractedRoute, 'parameters' | 'requestBody' | 'responses' | 'notCompared'>;

const MAX_DEPTH = 4;

/** The key prefix of a sentinel error known only wrapped in another (`fmt.Errorf("…: %w", ErrNotFound)`). */
const WRAPPED = 'wrapped|';

/**
 * How a type's schema is read: as `encoding/json` writes it, as a request decodes into it with its validation tags
 * checked, or decoded with none checked (the elements of a slice bound without `dive`).
 */
type SchemaMode = 'encode' | 'decode' | 'unvalidated';

/** A status holding each of `values`, under `key`, or nothing when there are none. */
function optionalStatus<K extends string>(
  key: K,
  values: readonly number[],
): { [P in K]?: Extract<HVal, { k: 'status' }> } {
  const [v, ...alt] = values;
  return (v === undefined ? {} : { [key]: { k: 'status', v, ...(alt.length > 0 ? { alt } : {}) } }) as {
    [P in K]?: Extract<HVal, { k: 'status' }>;
  };
}

/** The statuses either of two may hold. */
function joinStatuses(
  a: Extract<HVal, { k: 'status' }> | undefined,
  b: Extract<HVal, { k: 'status' }> | undefined,
): Extract<HVal, { k: 'status' }> | undefined {
  const all = [...new Set([a, b].flatMap((s) => (s === undefined ? [] : [s.v, ...(s.alt ?? [])])))];
  return optionalStatus('s', all).s;
}

/** `reflect.StructTag.Lookup`: the value of `key` in a struct tag such as `json:"name,omitempty" binding:"required"`. */
export function structTag(tag: string, key: string): string | undefined {
  let rest = tag;
  while (rest !== '') {
    let i = 0;
    while (i < rest.length && rest[i] === ' ') i++;
    rest = rest.slice(i);
    if (rest === '') break;
    i = 0;
    while (i < rest.length && rest[i] !== ':' && rest[i] !== '"' && rest.charCodeAt(i) > 0x20) i++;
    if (i === 0 || i + 1 >= rest.length || rest[i] !== ':' || rest[i + 1] !== '"') break;
    const name = rest.slice(0, i);
    rest = rest.slice(i + 1);
    i = 1;
    while (i < rest.length && rest[i] !== '"') {
      if (rest[i] === '\\') i++;
      i++;
    }
    if (i >= rest.length) break;
    const quoted = rest.slice(0, i + 1);
    rest = rest.slice(i + 1);
    if (name === key) {
      try {
        return JSON.parse(quoted) as string;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function nullable(schema: Schema): Schema {
  if (schema.type !== undefined) return { ...schema, type: [...new Set([...schema.type, 'null' as const])].sort() };
  if (Object.keys(schema).length === 0) return schema;
  return { anyOf: [schema, { type: ['null'] }] };
}

function isHVal(v: Expr | HVal): v is HVal {
  return (
    v.k === 'ctx' ||
    v.k === 'w' ||
    v.k === 'r' ||
    v.k === 'query' ||
    v.k === 'status' ||
    v.k === 'typed' ||
    v.k === 'nil'
  );
}

function isExported(name: string): boolean {
  const c = name.charAt(0);
  return c !== '' && c === c.toUpperCase() && c !== c.toLowerCase();
}

function subOf(t: Expr, head: string): Expr[] | undefined {
  return t.k === 'sub' && t.value.k === 'name' && t.value.id === head ? t.args : undefined;
}

/**
 * What Go handler bodies make evident: parameters read (`c.Param`, `c.Query`, `chi.URLParam`, `r.URL.Query().Get`),
 * bodies bound (`c.ShouldBindJSON(&req)`, `json.NewDecoder(r.Body).Decode(&req)`) and statuses written, with the
 * declared struct types of bodies as named schemas following `json` tags.
 */
/** The key of an error made as a literal of `decl` whose `field` holds `status`. */
/** The struct variable and field a dotted assignment target names (`response.StatusCode`), when a value is held. */
function heldStruct(
  scope: Scope,
  target: string,
): { name: string; field: string; value: Extract<HVal, { k: 'typed' }> } | undefined {
  const [name, field, ...rest] = target.split('.');
  if (name === undefined || field === undefined || rest.length > 0) return undefined;
  const value = scope.vars.get(name);
  return value?.k === 'typed' ? { name, field, value } : undefined;
}

function madeErrorKey(decl: GoTypeDecl, field: string, status: number): string {
  return `made|${decl.dir}:${decl.name}|${field}|${status}`;
}

/** The key of an error made as a literal of `decl` whose `field` holds the constant `kind` (see the `kind` value). */
function kindErrorKey(decl: GoTypeDecl, field: string, kind: string): string {
  return `kind|${decl.dir}:${decl.name}|${field}|${kind}`;
}

/**
 * The key of an error made as a literal of `decl` with no status or constant in its fields (`&ValidationErrors{Errors:
 * list}`): known by its type alone, which `errors.As` tells apart.
 */
function typedErrorKey(decl: GoTypeDecl): string {
  return `type|${decl.dir}:${decl.name}`;
}

/** The type (`dir:Name`) of the error a key stands for, when the key says it (an error made as a literal, or wrapped one). */
function errorTypeOfKey(key: string): string | undefined {
  const inner = key.startsWith(WRAPPED) ? key.slice(WRAPPED.length) : key;
  const [made, type] = inner.split('|');
  return made === 'made' || made === 'kind' || made === 'type' ? type : undefined;
}

/**
 * The constants an error value's `field` carries once asserted to `decl` (`errors.As(err, &domErr)`), over the errors
 * it may be. Undefined unless each of them is known either to be of another type (the assertion fails for it) or to
 * be a literal of `decl` with a constant in that field: otherwise the field may hold a value no key says.
 */
function carriedKind(
  held: Extract<HVal, { k: 'sentinel' }>,
  decl: GoTypeDecl,
  field: string,
): Extract<HVal, { k: 'kind' }> | undefined {
  const found: string[] = [];
  const own = `${decl.dir}:${decl.name}`;
  for (const key of [held.key, ...(held.alt ?? [])]) {
    const [kind, type, name, value] = key.split('|');
    if (kind === 'kind' && type === own && name === field && value !== undefined) {
      if (!found.includes(value)) found.push(value);
      continue;
    }
    // Another field's constant of the same literal is no answer for this one; a sibling key may still carry it.
    if (kind === 'kind' && type === own) continue;
    const of = errorTypeOfKey(key);
    if (of === undefined || of === own) return undefined;
  }
  const [key, ...alt] = found;
  return key === undefined ? undefined : { k: 'kind', key, ...(alt.length > 0 ? { alt } : {}) };
}

/**
 * The status an error value's `field` carries, over the errors it may be that were made as literals (of `decl` when
 * given, of any type otherwise).
 */
function carriedStatus(
  held: Extract<HVal, { k: 'sentinel' }>,
  decl: GoTypeDecl | undefined,
  field: string,
): Extract<HVal, { k: 'status' }> | undefined {
  const found: number[] = [];
  for (const key of [held.key, ...(held.alt ?? [])]) {
    const [made, type, name, status] = key.split('|');
    if (made !== 'made' || name !== field) continue;
    if (decl !== undefined && type !== `${decl.dir}:${decl.name}`) continue;
    const v = Number(status);
    if (!found.includes(v)) found.push(v);
  }
  const [v, ...alt] = found;
  return v === undefined ? undefined : { k: 'status', v, ...(alt.length > 0 ? { alt } : {}) };
}

export class GoHandlerReader {
  private readonly keys = new Map<string, string>();
  private readonly lastSuffix = new Map<string, number>();
  private readonly cache = new Map<string, Details>();
  /** Bodies of another module's type met while describing handlers (see `noteOutside`), taken by `describe`. */
  private readonly outside: NonNullable<ExtractedRoute['notCompared']> = [];
  /** Functions being walked: a call back into one of them (recursion, an interface met again) is not re-entered. */
  private readonly active = new Set<string>();
  /** The sentinel errors each function returns, by function id and depth (see `returnedSentinels`). */
  private readonly sentinelsReturned = new Map<string, string[]>();
  private readonly literals: GoStructLiterals;

  constructor(
    private readonly index: GoRouteReader,
    readonly schemas: Record<string, Schema>,
  ) {
    this.literals = new GoStructLiterals(index.files, (file, qualifier, name) => index.typeDecl(file, qualifier, name));
  }

  /**
   * What a route handler (or, with `role` `middleware`, a middleware body that may stop the request; with
   * `route-middleware`, such a body as part of what a route answers) sends and accepts.
   */
  describe(
    fn: GoFunc,
    framework: GoFramework,
    role: 'handler' | 'middleware' | 'route-middleware' = 'handler',
    typeArgs?: { names: readonly string[]; args: readonly Expr[]; file: string },
    method?: string,
  ): Details {
    const key = `${framework}:${role}:${method ?? ''}:${fn.id}${typeArgs === undefined ? '' : `[${typeArgs.file}:${typeArgs.args.map((a) => renderExpr(a)).join(',')}]`}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const file = this.index.fileAt(fn.file);
    let details: Details = {};
    if (file !== undefined) {
      const acc: Acc = {
        parameters: [],
        responses: [],
        file: fn.file,
        depth: 0,
        handler: role === 'handler',
        ...(role === 'route-middleware' ? { forRoute: true } : {}),
        ...(method !== undefined ? { method: method.toUpperCase() } : {}),
      };
      const argFile = typeArgs === undefined ? undefined : this.index.fileAt(typeArgs.file);
      if (typeArgs !== undefined && argFile !== undefined)
        acc.typeArgs = new Map(
          typeArgs.names.flatMap((name, i) => {
            const t = typeArgs.args[i];
            return t === undefined ? [] : [[name, { k: 'typed', t, file: argFile } as HVal]];
          }),
        );
      const before = this.outside.length;
      this.walk(fn, file, [], acc, 0);
      const notCompared = this.outside.splice(before);
      details = {
        ...(acc.parameters.length > 0 ? { parameters: acc.parameters } : {}),
        ...(acc.requestBody ? { requestBody: acc.requestBody } : {}),
        ...(acc.responses.length > 0 ? { responses: acc.responses } : {}),
        ...(notCompared.length > 0 ? { notCompared } : {}),
      };
    }
    this.cache.set(key, details);
    return details;
  }

  /**
   * The project functions a handler calls in its top-level statements (not under an `if` or a loop), and, one level
   * down, those of the project method it hands the request to (`h.legacy.ApiGetTags(w, r, …)`): where a guard
   * written as a call (`if err := middleware.RequireLoggedInUser(deps, c); err != nil { return }`) is found.
   */
  prologueCalls(fn: GoFunc, depth = 0, recv?: HVal): { callee: GoFunc; line: number }[] {
    const file = this.index.fileAt(fn.file);
    if (file === undefined || depth > 1) return [];
    const scope: Scope = { vars: new Map(), file };
    if (fn.receiverName !== undefined && fn.receiverType !== undefined)
      scope.vars.set(fn.receiverName, recv ?? { k: 'typed', t: { k: 'name', id: fn.receiverType }, file });
    for (const p of fn.params) {
      const role = p.te === undefined ? undefined : this.roleOfType(p.te, file);
      if (role !== undefined) scope.vars.set(p.name, role);
    }
    const out: { callee: GoFunc; line: number }[] = [];
    for (const st of fn.body) {
      if (st.branch === true || st.loop !== undefined || st.k === 'var' || st.k === 'return') continue;
      const calls = st.k === 'expr' ? [st.e] : st.values;
      for (const e of calls) {
        if (e.k !== 'call' || e.kw['#composite'] !== undefined) continue;
        const callee = this.calleeOf(e, scope);
        if (callee === undefined) continue;
        out.push({ callee: callee.fn, line: st.line });
        if (depth === 0) out.push(...this.prologueCalls(callee.fn, depth + 1));
      }
    }
    return out;
  }

  private walk(
    fn: GoFunc,
    file: GoFile,
    args: (HVal | undefined)[],
    acc: Acc,
    depth: number,
    recv?: HVal,
    outer?: Scope,
  ): void {
    if (this.active.has(fn.id)) return;
    // A function literal sees the variables of the function it is written in.
    const scope: Scope = {
      vars: new Map(outer?.vars),
      file,
      ...(outer?.requestMethods !== undefined ? { requestMethods: new Set(outer.requestMethods) } : {}),
    };
    if (fn.receiverName !== undefined && fn.receiverType !== undefined)
      scope.vars.set(fn.receiverName, recv ?? { k: 'typed', t: { k: 'name', id: fn.receiverType }, file });
    fn.params.forEach((p, i) => {
      const given = args[i];
      // An error value handed to a parameter of its type (`func (r *Response) ToErrorResponse(err *errcode.Error)`)
      // is of that type: its methods can be read.
      const typed =
        given?.k === 'sentinel' && given.t === undefined && p.te !== undefined ? { ...given, t: p.te, file } : given;
      const role = typed ?? (p.te === undefined ? undefined : this.roleOfType(p.te, file));
      // A helper called without its variadic arguments (`util.ResError(c, err)` of `status ...int`) holds none there.
      if (p.variadic === true && depth > 0 && args.length <= i) scope.vars.set(p.name, { k: 'nil' });
      else if (role !== undefined) scope.vars.set(p.name, role);
    });
    this.active.add(fn.id);
    try {
      this.exec(fn.body, scope, acc, depth);
    } finally {
      this.active.delete(fn.id);
    }
    if (depth === 0 && outer === undefined) this.fellThrough(fn, acc, fn.line);
  }

  /**
   * The end of a route handler's body: when it can be reached without a success answer written anywhere, net/http
   * (and Gin) send 200 with no body (`func (h HttpServer) CancelTraining(w, r, id) { …; if err != nil { …; return } }`).
   */
  private fellThrough(fn: GoFunc, acc: Acc, line: number): void {
    if (!acc.handler || fn.fallsThrough !== true) return;
    if (acc.responses.some((r) => r.status.startsWith('2') || r.status.startsWith('3'))) return;
    const saved = acc.pending;
    acc.pending = undefined;
    this.respond(acc, 200, line);
    acc.pending = saved;
  }

  /** The HTTP role of a parameter type: `*gin.Context`, `http.ResponseWriter`, `*http.Request`, or a typed value. */
  private roleOfType(t: Expr, file: GoFile): HVal | undefined {
    const pointee = subOf(t, '*')?.[0];
    const named = pointee ?? t;
    if (named.k === 'attr' && named.obj.k === 'name') {
      const path = file.imports.get(named.obj.id);
      if (path === GIN && named.name === 'Context' && pointee !== undefined) return { k: 'ctx' };
      if (path === 'net/http' && named.name === 'ResponseWriter' && pointee === undefined) return { k: 'w' };
      if (path === 'net/http' && named.name === 'Request' && pointee !== undefined) return { k: 'r' };
    }
    return { k: 'typed', t, file };
  }

  private exec(body: GoStmt[], scope: Scope, acc: Acc, depth: number): void {
    let outOfScope = false;
    let dead = 0;
    // A status paired with an error, set to what it holds once the `if err != nil {` block has returned.
    const afterBlock = new Map<number, { name: string; value: HVal | undefined }>();
    // The last statement reached, when a block returning on every path is known to run (see below).
    let end: number | undefined;
    body.forEach((stmt, at) => {
      if (end !== undefined && at > end) return;
      const restored = afterBlock.get(at);
      if (restored !== undefined) {
        if (restored.value === undefined) scope.vars.delete(restored.name);
        else scope.vars.set(restored.name, restored.value);
      }
      if (stmt.k === 'cond' && stmt.notNil !== undefined && dead === 0)
        this.splitPaired(stmt, at, body, scope, afterBlock);
      if (dead > 0) {
        dead--;
        return;
      }
      // `case errors.Is(err, domain.ErrConflict):` where `err` is known to be none of the errors tested: never runs.
      if (this.testsOtherErrors(stmt, scope)) return;
      // `case apperror.ErrTypeNotFound:` of a switch on a field whose constants are known, none of them that one.
      if (this.switchesOtherKind(stmt, scope)) return;
      // `if errors.As(err, &ve) {` where `err` is known to be only errors of other types: never runs.
      if (stmt.k === 'cond' && stmt.asTest !== undefined && this.assertsOtherType(stmt.asTest.call, scope)) {
        dead = stmt.asTest.length;
        return;
      }
      // `if errors.As(err, &ve) { c.JSON(422, …); return }` where `err` is only errors of that type: nothing after it runs.
      if (
        stmt.k === 'cond' &&
        stmt.asTest !== undefined &&
        stmt.branch !== true &&
        this.assertedTypes(stmt.asTest.call, scope) === 'only' &&
        this.alwaysReturns(body, at, stmt.asTest.length)
      )
        end = at + stmt.asTest.length;
      if (stmt.k === 'cond' && stmt.errorTest !== undefined && this.isOtherError(stmt.errorTest, scope)) {
        dead = stmt.errorTest.length;
        return;
      }
      // `if err != nil { util.ResError(c, err) }` after a call whose every return gives a nil error: never runs.
      if (stmt.k === 'cond' && stmt.notNil !== undefined && scope.vars.get(stmt.notNil.name)?.k === 'nil') {
        dead = stmt.notNil.length;
        return;
      }
      // `if method == "OPTIONS" { c.AbortWithStatus(http.StatusNoContent); return }` (a CORS middleware answering
      // the preflight) runs for requests of that method only: not on a GET route the middleware stands in front of.
      if (stmt.k === 'cond' && stmt.methodTest !== undefined && acc.method !== undefined) {
        const { subject, method, equal, length } = stmt.methodTest;
        const isRequestMethod =
          (subject.k === 'attr' && subject.name === 'Method') ||
          (subject.k === 'name' && scope.requestMethods?.has(subject.id) === true);
        if (isRequestMethod && (acc.method === method) !== equal) {
          dead = length;
          return;
        }
      }
      // A middleware answering only where a lookup by a key it computed succeeds (`if bucket, ok :=
      // l.GetBucket(key); ok { … AbortWithStatus(429) }`, a rate limiter with buckets for some paths) answers for the
      // requests its table holds, which are not read: what it writes there is said for no route rather than all.
      if (outOfScope && stmt.branch === true) return;
      outOfScope = false;
      if (!acc.handler && stmt.k === 'cond' && stmt.okTest !== undefined && stmt.branch !== true) {
        const prev = at > 0 ? body[at - 1] : undefined;
        outOfScope =
          prev?.k === 'assign' &&
          prev.names.length === 2 &&
          prev.names[1] === stmt.okTest &&
          prev.values.length === 1 &&
          this.isKeyedLookup(prev.values[0] as Expr, scope);
        if (outOfScope) return;
      }
      // `if !allowedHost(c.Request.Host) { c.AbortWithStatus(http.StatusForbidden) }`: a middleware refusing by the
      // Host the request was sent to is a deployment's allowlist (DNS-rebinding protection), which a client of the
      // documented server never meets, like a CORS answer: no status of the routes behind it.
      if (
        acc.forRoute === true &&
        stmt.k === 'cond' &&
        stmt.consequence !== undefined &&
        stmt.values.some((v) => this.readsHost(v, scope, 0))
      ) {
        // `if allowedHost(host) { c.Next(); return }; c.AbortWithStatus(http.StatusForbidden)`: the request goes on
        // inside the branch, so what follows it runs only for the Hosts the test refused.
        if (stmt.branch !== true && this.passesOn(body, at, stmt.consequence, scope)) end = at + stmt.consequence;
        dead = stmt.consequence;
        return;
      }
      switch (stmt.k) {
        case 'var': {
          // `var form T` in a generic middleware holds the type the route instantiated it with.
          const bound = stmt.te?.k === 'name' ? acc.typeArgs?.get(stmt.te.id) : undefined;
          const nilSlices = slicesThatMayStayNil(body);
          if (bound !== undefined) scope.vars.set(stmt.name, bound);
          else if (stmt.te !== undefined)
            scope.vars.set(stmt.name, {
              k: 'typed',
              t: stmt.te,
              file: scope.file,
              ...(nilSlices.has(stmt.name) ? { maybeNil: { element: nilSlices.get(stmt.name), body } } : {}),
            });
          break;
        }
        case 'assign': {
          for (const v of stmt.values) this.visit(v, scope, acc, depth);
          if (acc.forRoute === true && stmt.values.some((v) => this.readsHost(v, scope, 0))) {
            scope.requestHosts ??= new Set();
            for (const name of stmt.names) if (name !== '_') scope.requestHosts.add(name);
          }
          stmt.names.forEach((name, i) => {
            const v = stmt.values.length === stmt.names.length ? stmt.values[i] : undefined;
            // `pageStr := c.Query("page")`: the variable holds the parameter, for a parser it is handed to later.
            const read = i === 0 && name !== '_' ? this.parameterRead(stmt.values[0], scope) : undefined;
            if (read !== undefined) {
              scope.parameterReads ??= new Map();
              scope.parameterReads.set(name, read);
            } else scope.parameterReads?.delete(name);
            if (v?.k !== 'attr' || v.name !== 'Method') return;
            scope.requestMethods ??= new Set();
            scope.requestMethods.add(name);
          });
          // `if data == nil { data = gin.H{} }`: a default for a nil value, which a value of a known type is not.
          const prev = at > 0 ? body[at - 1] : undefined;
          const nilTested = stmt.branch === true && prev?.k === 'cond' ? prev.nilTest : undefined;
          stmt.names.forEach((name, i) => {
            if (name === '_') return;
            if (name === nilTested && scope.vars.get(name)?.k === 'typed') return;
            // `response.StatusCode = http.StatusCreated` on a struct a literal made: the field starts from what the
            // literal put there, so a set under an `if` keeps both.
            const holder = heldStruct(scope, name);
            if (holder !== undefined && !scope.vars.has(name)) {
              const known = holder.value.fields?.get(holder.field);
              if (known !== undefined) scope.vars.set(name, known);
            }
            const e = stmt.values.length === 1 ? (i === 0 ? stmt.values[0] : undefined) : stmt.values[i];
            // `xs = append(xs, …)` keeps what `xs` was.
            if (appendedTo(e) === name && scope.vars.has(name)) return;
            // `products, err := ph.svc.ListProducts(…)`: the error is one of the sentinels the callee may return.
            const only = stmt.values[0];
            // `user, statusCode, err := uc.Login(…)`: the statuses the callee returns in that place.
            const paired =
              stmt.values.length === 1 && stmt.names.length > 1 && only?.k === 'call'
                ? this.statusesReturnedAt(only, scope, i, stmt.names.length)
                : undefined;
            if (paired !== undefined) {
              const errName = stmt.names[stmt.names.length - 1] as string;
              const all = joinStatuses(paired.ok, paired.fail);
              if (all !== undefined) scope.vars.set(name, all);
              if (errName !== '_') {
                scope.paired ??= new Map();
                scope.paired.set(errName, { status: name, ...paired });
              }
              return;
            }
            const errorOf =
              stmt.values.length === 1 &&
              i === stmt.names.length - 1 &&
              only?.k === 'call' &&
              (i > 0 || this.returnsOnlyError(only, scope))
                ? this.returnedSentinels(only, scope, 0)
                : undefined;
            const value =
              errorOf ??
              (e === undefined
                ? i === stmt.names.length - 1 && only?.k === 'call' && this.neverFails(only, scope)
                  ? ({ k: 'nil' } as const)
                  : undefined
                : this.valueOf(e, scope));
            // `status := http.StatusUnauthorized; if user != nil { status = http.StatusForbidden }`: a status set
            // again under an `if` may still hold the one before, so both are kept.
            const before = scope.vars.get(name);
            // (`before` may hold several: a status looked up in a map from errors, then set again on a miss.)
            if (
              stmt.branch === true &&
              value?.k === 'status' &&
              before?.k === 'status' &&
              (before.v !== value.v || (before.alt?.length ?? 0) > 0)
            ) {
              const alt = [...new Set([before.v, ...(before.alt ?? []), ...(value.alt ?? [])])].filter(
                (v) => v !== value.v,
              );
              scope.vars.set(name, { ...value, alt });
            } else if (stmt.branch === true && value?.k === 'sentinel' && before?.k === 'sentinel') {
              // `if e, ok := errors.As(err); ok { ierr = e } else { ierr = errors.FromError(…) }`: either error.
              const keys = [...new Set([before.key, ...(before.alt ?? []), value.key, ...(value.alt ?? [])])];
              scope.vars.set(name, { ...value, key: keys[0] as string, alt: keys.slice(1) });
            } else if (value !== undefined) scope.vars.set(name, value);
            else if (stmt.branch === true && before?.k === 'status' && e !== undefined && this.indexesNone(e, scope)) {
              // `if len(status) > 0 { code = status[0] }` in a helper called without the variadic override: the
              // branch never runs, the code stays the error's.
            } else if (stmt.values.length > 0) scope.vars.delete(name);
            // What a method of the struct later reads from its receiver (`c.JSON(r.StatusCode, r)`) is the field as
            // now set, not as the literal made it.
            const now = scope.vars.get(name);
            if (holder !== undefined && now?.k === 'status') {
              const fields = new Map(holder.value.fields ?? []);
              fields.set(holder.field, now);
              scope.vars.set(holder.name, { ...holder.value, fields });
            }
          });
          break;
        }
        case 'expr':
          this.visit(stmt.e, scope, acc, depth);
          break;
        case 'return':
          for (const v of stmt.values) this.visit(v, scope, acc, depth);
          // A status set for a body written next (`w.WriteHeader`) does not outlive its branch.
          acc.pending = undefined;
          break;
        case 'cond':
          for (const v of stmt.values) this.visit(v, scope, acc, depth);
          break;
      }
    });
  }

  /**
   * Whether an expression reads the Host the request was sent to: `c.Request.Host`, `r.Host`, a `Host` header
   * (`c.GetHeader("Host")`, `r.Header.Get("Host")`), a variable made from one, or a project function handed the
   * request or context that reads it itself (two calls deep).
   */
  private readsHost(e: Expr, scope: Scope, depth: number): boolean {
    switch (e.k) {
      case 'name':
        return scope.requestHosts?.has(e.id) === true;
      case 'attr':
        if (e.name === 'Host') {
          const obj = this.valueOf(e.obj, scope);
          if (obj?.k === 'r' || (e.obj.k === 'attr' && e.obj.name === 'Request')) return true;
        }
        return this.readsHost(e.obj, scope, depth);
      case 'concat':
        return e.parts.some((p) => this.readsHost(p, scope, depth));
      case 'call': {
        const [first] = e.args;
        if (
          e.fn.k === 'attr' &&
          (e.fn.name === 'GetHeader' || e.fn.name === 'Get') &&
          first?.k === 'str' &&
          first.v.toLowerCase() === 'host'
        )
          return true;
        if (e.fn.k === 'attr' && this.readsHost(e.fn.obj, scope, depth)) return true;
        if (e.args.some((a) => this.readsHost(a, scope, depth))) return true;
        if (depth >= 2 || e.kw['#composite'] !== undefined) return false;
        const args = e.args.map((a) => this.valueOf(a, scope));
        if (!args.some((a) => a?.k === 'ctx' || a?.k === 'r')) return false;
        const callee = this.calleeOf(e, scope);
        if (callee === undefined || this.active.has(callee.fn.id)) return false;
        const inner: Scope = { vars: new Map(), file: callee.file };
        callee.fn.params.forEach((p, i) => {
          const given = args[i];
          if (given?.k === 'ctx' || given?.k === 'r') inner.vars.set(p.name, given);
        });
        // What it answers (its returns and conditions) depends on the Host, not a log line that merely prints it.
        return callee.fn.body.some((st) => {
          if (st.k !== 'assign' && st.k !== 'return' && st.k !== 'cond') return false;
          const reads = st.values.some((x) => this.readsHost(x, inner, depth + 1));
          if (reads && st.k === 'assign') {
            inner.requestHosts ??= new Set();
            for (const name of st.names) inner.requestHosts.add(name);
          }
          return reads && st.k !== 'assign';
        });
      }
      default:
        return false;
    }
  }

  /**
   * Whether a statement sits in a `switch` case that tests only errors the variable tested is known not to hold
   * (`switch { case errors.Is(err, ErrNotFound): … }`, `switch err { case ErrNotFound: … }` with `err` one of the
   * errors a call returns): the default case, reached by any other error, always may run.
   */
  private testsOtherErrors(stmt: GoStmt, scope: Scope): boolean {
    for (const w of stmt.when ?? []) {
      if (w.values.length === 0) continue;
      const tests =
        w.errorTests ??
        (w.tag.k === 'name' ? w.values.map((against) => ({ err: (w.tag as { id: string }).id, against })) : []);
      if (tests.length === w.values.length && tests.every((t) => t !== undefined && this.isOtherError(t, scope)))
        return true;
    }
    return false;
  }

  /** `errors.Is(err, X)` or `err == X` where `err` holds errors known by name (a call's sentinels), none of them `X`. */
  private isOtherError(test: GoErrorTest, scope: Scope): boolean {
    if (test.via !== undefined && !ERRORS_PACKAGES.has(scope.file.imports.get(test.via) ?? '')) return false;
    const held = scope.vars.get(test.err);
    if (held?.k !== 'sentinel') return false;
    const tested = this.sentinel(test.against, scope);
    const keys = [held.key, ...(held.alt ?? [])];
    // `errors.Is` also finds the error wrapped in another (`fmt.Errorf("…: %w", X)`); `==` does not.
    const matches = (k: string) => k === tested?.key || (test.via !== undefined && k === `${WRAPPED}${tested?.key}`);
    return tested !== undefined && !keys.some(matches);
  }

  /**
   * Whether a statement sits in a `switch` case that the constants a field is known to hold cannot reach (`switch
   * domErr.Type { case apperror.ErrTypeNotFound: … }` with `domErr` asserted from errors made with `Type:
   * ErrTypeConflict`): a case each of whose values is another constant, or the default case when each constant held
   * has a case of its own. A case value that is no constant may be any, so its case is kept.
   */
  private switchesOtherKind(stmt: GoStmt, scope: Scope): boolean {
    for (const w of stmt.when ?? []) {
      const held = this.heldKind(w.tag, scope);
      if (held === undefined) continue;
      const keys = [held.key, ...(held.alt ?? [])];
      if (w.values.length > 0) {
        const named = w.values.map((v) => this.kindOf(v, scope)?.key);
        if (named.every((k) => k !== undefined && !keys.includes(k))) return true;
      } else {
        const cased = new Set(w.all.map((v) => this.kindOf(v, scope)?.key));
        if (keys.every((k) => cased.has(k))) return true;
      }
    }
    return false;
  }

  /** The constants a switch tag holds: a variable holding them, or a field of a value asserted from known errors. */
  private heldKind(tag: Expr, scope: Scope): Extract<HVal, { k: 'kind' }> | undefined {
    if (tag.k === 'name') {
      const held = scope.vars.get(tag.id);
      return held?.k === 'kind' ? held : undefined;
    }
    if (tag.k !== 'attr' || tag.obj.k !== 'name') return undefined;
    const field = scope.vars.get(tag.obj.id);
    const value = field?.k === 'typed' ? field.fields?.get(tag.name) : undefined;
    return value?.k === 'kind' ? value : undefined;
  }

  /** Whether `errors.As(err, &target)` cannot hold: see {@link assertedTypes}. */
  private assertsOtherType(call: Expr, scope: Scope): boolean {
    return this.assertedTypes(call, scope) === 'other';
  }

  /**
   * What `errors.As(err, &target)` gives when each error `err` may be is known by its type (made as a literal of the
   * project's, or wrapping one): `other` when none is of the target's type (it cannot hold), `only` when all are (it
   * always holds). Undefined when an error's type is not known, or some are of the target's type and some not.
   */
  private assertedTypes(call: Expr, scope: Scope): 'other' | 'only' | undefined {
    if (call.k !== 'call' || call.fn.k !== 'attr') return undefined;
    const pkg = this.pkgOf(call.fn.obj, scope);
    const [source, into] = call.args;
    if (pkg === undefined || !ERRORS_PACKAGES.has(pkg) || source === undefined || into?.k !== 'name') return undefined;
    const target = scope.vars.get(into.id);
    const held = this.valueOf(source, scope);
    if (target?.k !== 'typed' || held?.k !== 'sentinel') return undefined;
    const decl = this.declOf(target.t, target.file);
    if (decl === undefined) return undefined;
    const types = [held.key, ...(held.alt ?? [])].map(errorTypeOfKey);
    if (types.some((t) => t === undefined)) return undefined;
    const own = `${decl.dir}:${decl.name}`;
    if (types.every((t) => t !== own)) return 'other';
    return types.every((t) => t === own) ? 'only' : undefined;
  }

  /**
   * Whether the `length` statements after `at` (an `if`'s consequence) hand the request on and return, outside any
   * condition of their own (`{ if method == OPTIONS { …; return }; c.Next(); return }`).
   */
  private passesOn(body: readonly GoStmt[], at: number, length: number, scope: Scope): boolean {
    const block = body.slice(at + 1, at + 1 + length);
    // Statements under a condition inside the block (its consequence; an `else` is not told apart, so any after a
    // condition with one counts as conditional too).
    const conditional = new Set<number>();
    block.forEach((st, i) => {
      if (st.k !== 'cond' || st.consequence === undefined) return;
      for (let j = i + 1; j <= i + st.consequence; j++) conditional.add(j);
    });
    const last = block.length - 1;
    if (block[last]?.k !== 'return' || conditional.has(last)) return false;
    return block.some(
      (st, i) =>
        !conditional.has(i) &&
        st.k === 'expr' &&
        st.e.k === 'call' &&
        st.e.fn.k === 'attr' &&
        st.e.fn.name === 'Next' &&
        this.valueOf(st.e.fn.obj, scope)?.k === 'ctx',
    );
  }

  /**
   * Whether the `length` statements after `at` (an `if`'s consequence) end in a return on every path: a last
   * `return` with no condition among them, or one `switch` with a default case whose every case returns.
   */
  private alwaysReturns(body: readonly GoStmt[], at: number, length: number): boolean {
    const block = body.slice(at + 1, at + 1 + length);
    const last = block[block.length - 1];
    if (last === undefined) return false;
    if (!block.some((st) => st.k === 'cond')) return last.k === 'return';
    const [tag, ...cases] = block;
    const depth = body[at]?.when?.length ?? 0;
    if (tag?.k !== 'cond' || cases.length === 0) return false;
    const groups = new Map<readonly Expr[], GoStmt[]>();
    for (const st of cases) {
      const when = st.when?.[depth];
      if (when === undefined || st.k === 'cond' || st.when?.length !== depth + 1) return false;
      groups.set(when.values, [...(groups.get(when.values) ?? []), st]);
    }
    return (
      [...groups.keys()].some((values) => values.length === 0) &&
      [...groups.values()].every((sts) => sts.some((st) => st.k === 'return'))
    );
  }

  /**
   * At `if err != nil {` where `err` came with a status (`user, statusCode, err := uc.Login(…)`): inside the block the
   * status is one the callee returns with an error; after a block that returns, one it returns with a `nil` error.
   */
  private splitPaired(
    stmt: Extract<GoStmt, { k: 'cond' }>,
    at: number,
    body: readonly GoStmt[],
    scope: Scope,
    afterBlock: Map<number, { name: string; value: HVal | undefined }>,
  ): void {
    const notNil = stmt.notNil;
    const pair = notNil === undefined ? undefined : scope.paired?.get(notNil.name);
    if (pair === undefined || notNil === undefined) return;
    if (pair.fail === undefined) scope.vars.delete(pair.status);
    else scope.vars.set(pair.status, pair.fail);
    const last = body[at + notNil.length];
    const after = last?.k === 'return' ? pair.ok : joinStatuses(pair.ok, pair.fail);
    afterBlock.set(at + notNil.length + 1, { name: pair.status, value: after });
  }

  /**
   * The statuses a project function or method returns at result `index` of `count` (`func (u *Usecase) Login(…)
   * (domain.User, int, error)`, an interface method through each implementation), split by whether the error it returns
   * with them is `nil`. Undefined when the callee returns no status there.
   */
  private statusesReturnedAt(
    e: Extract<Expr, { k: 'call' }>,
    scope: Scope,
    index: number,
    count: number,
    depth = 0,
  ): { ok?: Extract<HVal, { k: 'status' }>; fail?: Extract<HVal, { k: 'status' }> } | undefined {
    if (e.kw['#composite'] !== undefined || depth > 3) return undefined;
    const direct = this.calleeOf(e, scope);
    const callees =
      direct !== undefined
        ? [direct]
        : (this.dispatchOf(e, e.fn.k === 'attr' ? this.valueOf(e.fn.obj, scope) : undefined) ?? []);
    const ok: number[] = [];
    const fail: number[] = [];
    let found = false;
    const add = (into: number[], status: Extract<HVal, { k: 'status' }> | undefined) => {
      if (status === undefined) return;
      found = true;
      for (const v of [status.v, ...(status.alt ?? [])]) if (!into.includes(v)) into.push(v);
    };
    for (const { fn, file } of callees) {
      const at = fn.resultTypes?.[index];
      if (fn.results.length !== count || fn.results[count - 1] !== 'error' || at?.k !== 'name' || at.id !== 'int')
        continue;
      if (this.active.has(fn.id)) continue;
      const inner: Scope = { vars: new Map(), file };
      if (fn.receiverName !== undefined && fn.receiverType !== undefined)
        inner.vars.set(fn.receiverName, { k: 'typed', t: { k: 'name', id: fn.receiverType }, file });
      for (const p of fn.params) if (p.te !== undefined) inner.vars.set(p.name, { k: 'typed', t: p.te, file });
      // A status another call returned beside its error (`user, code, err := u.repo.Find(…)`), handed on.
      const forwarded = new Map<
        string,
        { err: string; ok?: Extract<HVal, { k: 'status' }>; fail?: Extract<HVal, { k: 'status' }> }
      >();
      this.active.add(fn.id);
      try {
        for (const stmt of fn.body) {
          if (
            stmt.k === 'assign' &&
            stmt.values.length === 1 &&
            stmt.names.length > 1 &&
            stmt.values[0]?.k === 'call'
          ) {
            const call = stmt.values[0];
            stmt.names.forEach((name, i) => {
              const got = this.statusesReturnedAt(call, inner, i, stmt.names.length, depth + 1);
              if (got !== undefined) forwarded.set(name, { err: stmt.names[stmt.names.length - 1] as string, ...got });
            });
            continue;
          }
          if (stmt.k === 'assign' && stmt.values.length === stmt.names.length)
            stmt.names.forEach((name, i) => {
              const status = this.statusValue(stmt.values[i] as Expr, inner);
              const before = inner.vars.get(name);
              if (status === undefined) return;
              // `code := http.StatusOK; if … { code = http.StatusCreated }`: either may be returned.
              inner.vars.set(
                name,
                stmt.branch === true && before?.k === 'status' ? (joinStatuses(before, status) ?? status) : status,
              );
            });
          if (stmt.k !== 'return' || stmt.values.length !== count) continue;
          const value = stmt.values[index] as Expr;
          const error = stmt.values[count - 1];
          const into = error?.k === 'none' ? ok : fail;
          const pair = value.k === 'name' ? forwarded.get(value.id) : undefined;
          if (pair !== undefined)
            add(
              into,
              error?.k === 'none'
                ? pair.ok
                : error?.k === 'name' && error.id === pair.err
                  ? pair.fail
                  : joinStatuses(pair.ok, pair.fail),
            );
          else add(into, this.statusValue(value, inner));
        }
      } finally {
        this.active.delete(fn.id);
      }
    }
    if (!found) return undefined;
    return { ...optionalStatus('ok', ok), ...optionalStatus('fail', fail) };
  }

  /**
   * A project function whose error result is `nil` at every return (`func (a *Login) GetCaptcha(ctx) (*Captcha,
   * error) { return &Captcha{…}, nil }`): the error it gives is never set.
   */
  private neverFails(e: Extract<Expr, { k: 'call' }>, scope: Scope): boolean {
    if (e.kw['#composite'] !== undefined) return false;
    const fn = this.calleeOf(e, scope)?.fn;
    if (fn === undefined || fn.results[fn.results.length - 1] !== 'error') return false;
    const returns = fn.body.filter((st): st is Extract<GoStmt, { k: 'return' }> => st.k === 'return');
    return returns.length > 0 && returns.every((r) => r.values[r.values.length - 1]?.k === 'none');
  }

  /** `status[0]` of a variadic parameter the caller passed nothing for. */
  private indexesNone(e: Expr, scope: Scope): boolean {
    return e.k === 'sub' && e.value.k === 'name' && scope.vars.get(e.value.id)?.k === 'nil';
  }

  /** `l.GetBucket(key)`, `buckets[key]`: a lookup by a key held in a variable, not in the request's own accessors. */
  private isKeyedLookup(e: Expr, scope: Scope): boolean {
    const keys = e.k === 'call' && e.kw['#composite'] === undefined ? e.args : e.k === 'sub' ? e.args : [];
    if (e.k === 'call' && e.fn.k === 'attr' && this.valueOf(e.fn.obj, scope)?.k === 'ctx') return false;
    return keys.some((a) => {
      if (a.k !== 'name') return false;
      const held = scope.vars.get(a.id);
      // `if e, ok := errors.As(err); ok`: an error examined, not a key looked up.
      const examined = held?.k === 'sentinel' || (held?.k === 'typed' && held.t.k === 'name' && held.t.id === 'error');
      return held?.k !== 'ctx' && held?.k !== 'w' && held?.k !== 'r' && !examined;
    });
  }

  /** Visits the calls of an expression, innermost first. */
  private visit(e: Expr, scope: Scope, acc: Acc, depth: number): void {
    switch (e.k) {
      case 'call':
        if (e.fn.k === 'attr') this.visit(e.fn.obj, scope, acc, depth);
        for (const a of e.args) this.visit(a, scope, acc, depth);
        // Field values of a composite literal: `Tag{PageNum: util.GetPage(c)}` reads the page query parameter.
        if (e.kw['#composite'] !== undefined)
          for (const [k, v] of Object.entries(e.kw)) if (k !== '#composite') this.visit(v, scope, acc, depth);
        this.call(e, scope, acc, depth);
        return;
      case 'attr':
        this.visit(e.obj, scope, acc, depth);
        return;
      case 'concat':
        for (const p of e.parts) this.visit(p, scope, acc, depth);
        return;
      case 'name': {
        // A function literal written in the handler (`var handler = func(w, r) { siw.Handler.X(w, r) }`) runs as
        // part of it: its body is read where it is written, with the handler's variables.
        if (!e.id.startsWith(FUNC_LITERAL)) return;
        const literal = this.literalOf(e.id, scope.file);
        if (literal !== undefined) this.walk(literal, scope.file, [], acc, depth, undefined, scope);
        return;
      }
      default:
        return;
    }
  }

  private literalOf(id: string, file: GoFile): GoFunc | undefined {
    return file.literals.get(id.slice(FUNC_LITERAL.length));
  }

  private lookup(name: string, scope: Scope): HVal | undefined {
    return scope.vars.get(name);
  }

  /** The import path a package qualifier names, when `e` is a package and not a variable. */
  /** `r.Body`, or `http.MaxBytesReader(w, r.Body, n)` that only caps how much of it is read. */
  private isRequestBody(e: Expr | undefined, scope: Scope): boolean {
    if (e?.k === 'attr') return e.name === 'Body' && this.valueOf(e.obj, scope)?.k === 'r';
    if (e?.k === 'call' && e.fn.k === 'attr' && e.fn.name === 'MaxBytesReader')
      return this.pkgOf(e.fn.obj, scope) === 'net/http' && this.isRequestBody(e.args[1], scope);
    return false;
  }

  private pkgOf(e: Expr, scope: Scope): string | undefined {
    if (e.k !== 'name' || scope.vars.has(e.id)) return undefined;
    return scope.file.imports.get(e.id);
  }

  private valueOf(e: Expr, scope: Scope): HVal | undefined {
    switch (e.k) {
      case 'name':
        return this.lookup(e.id, scope) ?? this.statusValue(e, scope) ?? this.sentinel(e, scope);
      case 'sub':
        return this.mappedStatus(e, scope);
      case 'num':
        return { k: 'status', v: e.v };
      case 'none':
        return { k: 'nil' };
      case 'attr': {
        const status = this.statusValue(e, scope) ?? this.sentinel(e, scope);
        if (status !== undefined) return status;
        const obj = this.valueOf(e.obj, scope);
        if (obj?.k === 'ctx' && e.name === 'Request') return { k: 'r' };
        if (obj?.k === 'ctx' && e.name === 'Writer') return { k: 'w' };
        if (obj?.k === 'typed') {
          const written = obj.fields?.get(e.name);
          if (written !== undefined) return written;
          // A struct field holding the context (`app.Gin{C: c}` then `g.C.JSON(...)`) is the context.
          const field = this.fieldOf(obj.t, obj.file, e.name);
          if (field !== undefined) return this.roleOfType(field.t, field.file);
        }
        return undefined;
      }
      case 'call': {
        if (e.fn.k === 'name' && e.fn.id === TYPE_ASSERTION) {
          const [operand, t] = e.args;
          return t === undefined ? undefined : this.asserted(operand, t, scope);
        }
        if (e.kw['#composite'] !== undefined) {
          const fields = this.literalFields(e, scope);
          const keyed = Object.keys(e.kw).some((key) => key.startsWith('"') || key.startsWith('`'));
          const body = keyed ? this.mapLiteral(e, scope) : undefined;
          return {
            k: 'typed',
            t: e.fn,
            file: scope.file,
            ...(fields.size > 0 ? { fields } : {}),
            ...(body !== undefined ? { body } : {}),
          };
        }
        if (e.fn.k === 'name' && e.fn.id === 'new' && !scope.vars.has('new') && e.args[0] !== undefined)
          return { k: 'typed', t: e.args[0], file: scope.file };
        // `make([]external.Order, 0, n)`: a value of the slice or map type, never nil.
        if (e.fn.k === 'name' && e.fn.id === 'make' && !scope.vars.has('make') && e.args[0]?.k === 'sub')
          return { k: 'typed', t: e.args[0], file: scope.file };
        if (e.fn.k === 'attr' && e.fn.name === 'Query' && e.args.length === 0) {
          const url = e.fn.obj;
          if (url.k === 'attr' && url.name === 'URL' && this.valueOf(url.obj, scope)?.k === 'r') return { k: 'query' };
        }
        // `int(ierr.Code)`, `int32(code)`: a conversion keeps the status its operand holds.
        if (e.fn.k === 'name' && NUMERIC_CONVERSIONS.has(e.fn.id) && !scope.vars.has(e.fn.id) && e.args.length === 1)
          return this.valueOf(e.args[0] as Expr, scope);
        const errorMethod = this.errorMethod(e, scope);
        if (errorMethod !== undefined) return errorMethod;
        const callee = this.calleeOf(e, scope);
        const result = callee?.fn.resultTypes?.[0];
        if (callee === undefined || result === undefined) return this.interfaceResult(e, scope);
        // `e, ok := errors.As(err)` of the project's own package: the error it was given, read back as its type.
        const handed = this.handedBack(callee, e.args, scope);
        if (handed !== undefined) return { ...handed, t: result, file: callee.file };
        // `util.ResError(c, errors.BadRequest("invalid id"))`: an error made and handed on at once.
        if (this.returnsOnlyError(e, scope)) {
          const carried = this.returnedSentinels(e, scope, 0);
          if (carried !== undefined) return carried;
        }
        const nilSlice = returnedNilSlice(callee.fn);
        return (
          this.returnedStatuses(
            callee.fn,
            callee.file,
            e.args.map((a) => (a.k === 'name' ? scope.vars.get(a.id) : undefined)),
          ) ?? {
            k: 'typed',
            t: result,
            file: callee.file,
            ...(nilSlice !== undefined ? { maybeNil: { element: nilSlice.element, body: callee.fn.body } } : {}),
          }
        );
      }
      default:
        return undefined;
    }
  }

  /**
   * What a method called on an interface value returns, as the interface declares it (`a.DB.GetApplicationsByUser(id)`
   * with `DB ApplicationDatabase` → `[]*model.Application`): the value is typed, whichever implementation runs.
   */
  private interfaceResult(e: Extract<Expr, { k: 'call' }>, scope: Scope): HVal | undefined {
    if (e.fn.k !== 'attr') return undefined;
    const recv = this.valueOf(e.fn.obj, scope);
    if (recv?.k !== 'typed') return undefined;
    const decl = this.declOf(recv.t, recv.file);
    const name = e.fn.name;
    const result = decl?.methods?.find((m) => m.name === name && m.arity === e.args.length)?.result;
    return result === undefined || decl === undefined ? undefined : { k: 'typed', t: result, file: decl.file };
  }

  /** A status code: a number, an `http.StatusXxx` constant, a package constant or a variable holding one. */
  private statusValue(e: Expr, scope: Scope, depth = 0): Extract<HVal, { k: 'status' }> | undefined {
    if (depth > 4) return undefined;
    if (e.k === 'num') return Number.isInteger(e.v) && e.v >= 100 && e.v < 600 ? { k: 'status', v: e.v } : undefined;
    if (e.k === 'attr' && e.obj.k === 'name') {
      // A field of a struct literal that holds a status (`resp := ErrorResponse{slug, status}` then `resp.httpStatus`).
      const held = scope.vars.get(e.obj.id);
      if (held?.k === 'typed') {
        const field = held.fields?.get(e.name);
        return field?.k === 'status' ? field : undefined;
      }
      // `appErr.Code` of an error a service returned as its own type (`(*User, *AppError)`).
      if (held?.k === 'sentinel') return carriedStatus(held, undefined, e.name);
      const path = this.pkgOf(e.obj, scope);
      if (path === 'net/http') {
        const v = HTTP_STATUS[e.name];
        return v === undefined ? undefined : { k: 'status', v };
      }
      if (path === undefined) return undefined;
      const c = this.index.constDecl(scope.file, e.obj.id, e.name);
      return c === undefined ? undefined : this.statusValue(c.e, { vars: new Map(), file: c.file }, depth + 1);
    }
    if (e.k === 'name') {
      const v = scope.vars.get(e.id);
      if (v !== undefined) return v.k === 'status' ? v : undefined;
      const c = this.index.constDecl(scope.file, undefined, e.id);
      return c === undefined ? undefined : this.statusValue(c.e, { vars: new Map(), file: c.file }, depth + 1);
    }
    return undefined;
  }

  /** A package-level error made by `errors.New` or `fmt.Errorf` (`domain.ErrDataNotFound`, `ErrForbidden`). */
  private sentinel(e: Expr, scope: Scope): Extract<HVal, { k: 'sentinel' }> | undefined {
    const decl =
      e.k === 'name' && !scope.vars.has(e.id)
        ? { c: this.index.constDecl(scope.file, undefined, e.id), name: e.id }
        : e.k === 'attr' && e.obj.k === 'name' && this.pkgOf(e.obj, scope) !== undefined
          ? { c: this.index.constDecl(scope.file, e.obj.id, e.name), name: e.name }
          : undefined;
    const made = decl?.c?.e;
    if (decl?.c === undefined || made?.k !== 'call') return undefined;
    // `ErrNotFound = &AppError{Code: http.StatusNotFound}` or `= apperror.New(http.StatusNotFound, …)`: an error value
    // made once, named as Go names error variables.
    if (/^[Ee]rr[A-Z_]/.test(decl.name)) {
      const declScope: Scope = { vars: new Map(), file: decl.c.file };
      const carried =
        made.kw['#composite'] !== undefined
          ? this.madeError(made, declScope)
          : this.returnedSentinels(made, declScope, 1);
      if (carried?.key.startsWith('made|')) return carried;
    }
    // `InvalidParams = NewError(10000001, "…")`: an error value made once by a project constructor (`*Error`), known
    // by its name, with its type kept so its methods can be read (`err.StatusCode()`).
    if (made.kw['#composite'] === undefined) {
      const ctor = this.calleeOf(made, { vars: new Map(), file: decl.c.file });
      const result = ctor?.fn.resultTypes?.[0];
      if (
        ctor !== undefined &&
        result !== undefined &&
        ctor.fn.results.length === 1 &&
        ERROR_TYPE.test(ctor.fn.results[0] ?? '')
      )
        return { k: 'sentinel', key: `${decl.c.file.dir}:${decl.name}`, t: result, file: ctor.file };
    }
    if (made.fn.k !== 'attr' || made.fn.obj.k !== 'name') return undefined;
    const pkg = decl.c.file.imports.get(made.fn.obj.id);
    const maker = `${pkg}.${made.fn.name}`;
    return maker === 'errors.New' || maker === 'fmt.Errorf'
      ? { k: 'sentinel', key: `${decl.c.file.dir}:${decl.name}` }
      : undefined;
  }

  /**
   * The sentinel errors a call may return as its last result, followed into the project's functions, methods and the
   * implementations of an interface method (`ps.productRepo.ListProducts(…)`), a few calls deep: a return of a
   * sentinel (`return nil, domain.ErrInternal`), of an error just compared with one (`if err ==
   * domain.ErrDataNotFound { return nil, err }`), or of an error another call gave. Undefined when none is found.
   */
  private returnedSentinels(
    e: Extract<Expr, { k: 'call' }>,
    scope: Scope,
    depth: number,
  ): Extract<HVal, { k: 'sentinel' }> | undefined {
    if (depth > 5) return undefined;
    const direct = this.calleeOf(e, scope);
    const callees =
      direct !== undefined
        ? [direct]
        : (this.dispatchOf(e, this.valueOf(e.fn.k === 'attr' ? e.fn.obj : e.fn, scope)) ?? []);
    const keys: string[] = [];
    const addAll = (found: readonly string[]) => {
      for (const k of found) if (!keys.includes(k)) keys.push(k);
    };
    const statusArgs = e.args.map((a) => this.statusValue(a, scope));
    // An error passed in (`errors.FromError(err)`) may be what comes back (`if errors.As(err, &rerr) { return rerr }`).
    // An error made and handed on at once (`errors.FromError(errors.InternalServerError(…))`) too.
    const errorArgs = e.args.map((a) => {
      const held =
        a.k === 'name' ? scope.vars.get(a.id) : a.k === 'call' && depth < 3 ? this.valueOf(a, scope) : undefined;
      return held?.k === 'sentinel' ? held : undefined;
    });
    // A constructor given a constant (`New(ErrTypeNotFound, msg)`) puts it in the error it makes.
    const kindArgs = e.args.map((a, i) => (statusArgs[i] === undefined ? this.kindOf(a, scope) : undefined));
    const statusKey = e.args
      .map((_, i) => {
        const s = statusArgs[i];
        const err = errorArgs[i] ?? kindArgs[i];
        if (s !== undefined) return [s.v, ...(s.alt ?? [])].join('/');
        return err === undefined ? '' : [err.key, ...(err.alt ?? [])].join('/');
      })
      .join(',');
    for (const { fn, file } of callees) {
      if (this.active.has(fn.id)) continue;
      // What a function returns depends on its caller only through the statuses it is given: read once per function,
      // depth and those.
      const memoKey = `${fn.id}@${depth}${statusKey.replace(/,+$/, '') === '' ? '' : `(${statusKey})`}`;
      const known = this.sentinelsReturned.get(memoKey);
      if (known !== undefined) {
        addAll(known);
        continue;
      }
      const own: string[] = [];
      const inner: Scope = { vars: new Map(), file };
      if (fn.receiverName !== undefined && fn.receiverType !== undefined)
        inner.vars.set(fn.receiverName, { k: 'typed', t: { k: 'name', id: fn.receiverType }, file });
      fn.params.forEach((p, i) => {
        // A constructor given the status (`NewAppError(http.StatusNotFound, msg)`) puts it in the error it makes.
        const given = statusArgs[i] ?? errorArgs[i] ?? kindArgs[i];
        if (given !== undefined) inner.vars.set(p.name, given);
        else if (p.te !== undefined) inner.vars.set(p.name, { k: 'typed', t: p.te, file });
      });
      this.active.add(fn.id);
      try {
        fn.body.forEach((stmt, at) => {
          if (stmt.k !== 'return' || stmt.values.length === 0) return;
          const last = stmt.values[stmt.values.length - 1] as Expr;
          const add = (h: Extract<HVal, { k: 'sentinel' }> | undefined) => {
            for (const k of h === undefined ? [] : [h.key, ...(h.alt ?? [])]) if (!own.includes(k)) own.push(k);
          };
          if (last.k === 'call' && last.kw['#composite'] !== undefined) {
            add(this.madeError(last, inner));
            return;
          }
          // `return nil, fmt.Errorf("find user: %w", domain.ErrNotFound)`: the sentinel, wrapped.
          const wrapped = this.wrappedSentinels(last, inner);
          if (wrapped !== undefined) {
            for (const k of wrapped) if (!own.includes(k)) own.push(k);
            return;
          }
          // `return nil, apperror.NotFound("no such user")`: the errors the constructor makes.
          if (last.k === 'call') {
            add(this.returnedSentinels(last, inner, depth + 1));
            return;
          }
          if (last.k !== 'name') {
            add(this.sentinel(last, inner));
            return;
          }
          // The statements before it, nearest first: a comparison with a sentinel, or the call that bound the name
          // (through another name it was set from: `err = lookupErr`).
          let wanted = last.id;
          for (let i = at - 1; i >= 0; i--) {
            const before = fn.body[i] as GoStmt;
            // `if errors.As(err, &rerr) { return rerr }`: the errors `err` may be that are of `rerr`'s type.
            const source = before.k === 'cond' ? this.asSource(before.values, wanted, inner) : undefined;
            if (source !== undefined) {
              const held = this.valueOf(source, inner);
              const declared = fn.body.find(
                (st): st is Extract<GoStmt, { k: 'var' }> => st.k === 'var' && st.name === wanted,
              );
              if (held?.k === 'sentinel' && declared?.te !== undefined) {
                const asserted = this.asserted(source, declared.te, inner);
                for (const [field, v] of asserted.fields ?? []) {
                  const decl = this.declOf(subOf(declared.te, '*')?.[0] ?? declared.te, file);
                  if (v.k === 'status' && decl !== undefined)
                    for (const status of [v.v, ...(v.alt ?? [])]) {
                      const k = madeErrorKey(decl, field, status);
                      if (!own.includes(k)) own.push(k);
                    }
                  if (v.k === 'kind' && decl !== undefined)
                    for (const kind of [v.key, ...(v.alt ?? [])]) {
                      const k = kindErrorKey(decl, field, kind);
                      if (!own.includes(k)) own.push(k);
                    }
                }
              }
              return;
            }
            if (before.k === 'cond' && before.values.some((v) => v.k === 'name' && v.id === wanted)) {
              const compared = before.values.map((v) => this.sentinel(v, inner)).find((x) => x !== undefined);
              if (compared !== undefined) {
                add(compared);
                return;
              }
              continue;
            }
            if (before.k === 'assign' && before.names.includes(wanted)) {
              const call = before.values.length === 1 ? before.values[0] : undefined;
              // `if verr, ok := err.(*Error); ok { return verr }`: the error passed in, when it is of that type.
              if (call?.k === 'call' && call.fn.k === 'name' && call.fn.id === TYPE_ASSERTION) {
                const operand = call.args[0];
                const passed = operand?.k === 'name' ? inner.vars.get(operand.id) : undefined;
                if (passed?.k === 'sentinel') add(passed);
                return;
              }
              if (call?.k === 'name' && before.names.length === 1 && call.id !== wanted) {
                wanted = call.id;
                continue;
              }
              if (call?.k === 'call' && call.kw['#composite'] !== undefined) add(this.madeError(call, inner));
              else if (call?.k === 'call' && before.names[before.names.length - 1] === wanted) {
                this.bindErrorArgs(call, fn.body, i, inner, depth + 1);
                add(this.returnedSentinels(call, inner, depth + 1));
              }
              return;
            }
          }
          // `return err` of an error the caller passed in.
          const passed = inner.vars.get(wanted);
          if (passed?.k === 'sentinel') add(passed);
        });
      } finally {
        this.active.delete(fn.id);
      }
      this.sentinelsReturned.set(memoKey, own);
      addAll(own);
    }
    const [key, ...alt] = keys;
    return key === undefined ? undefined : { k: 'sentinel', key, ...(alt.length > 0 ? { alt } : {}) };
  }

  /**
   * The errors a call's arguments hold that an earlier call of `body` (before statement `at`) bound (`user, repoErr :=
   * uc.repo.GetByID(…)` then `mapRepoError(repoErr, …)`), set in `scope` so the callee can hand them back.
   */
  private bindErrorArgs(
    call: Extract<Expr, { k: 'call' }>,
    body: readonly GoStmt[],
    at: number,
    scope: Scope,
    depth: number,
  ): void {
    for (const a of call.args) {
      if (a.k !== 'name' || scope.vars.has(a.id)) continue;
      for (let i = at - 1; i >= 0; i--) {
        const before = body[i] as GoStmt;
        if (before.k !== 'assign' || !before.names.includes(a.id)) continue;
        const bound = before.values.length === 1 ? before.values[0] : undefined;
        if (bound?.k === 'call' && bound.kw['#composite'] === undefined && before.names.at(-1) === a.id) {
          const held = this.returnedSentinels(bound, scope, depth);
          if (held !== undefined) scope.vars.set(a.id, held);
        }
        break;
      }
    }
  }

  /**
   * The sentinels `fmt.Errorf` wraps with `%w` (`fmt.Errorf("find user: %w", domain.ErrNotFound)`), each keyed
   * {@link WRAPPED} + its own key: `errors.Is` finds them in the chain, while `==` and a map lookup (the wrapping error is
   * another value) do not. Undefined when the expression is no such call.
   */
  private wrappedSentinels(e: Expr, scope: Scope): string[] | undefined {
    if (e.k !== 'call' || e.fn.k !== 'attr' || e.fn.name !== 'Errorf' || this.pkgOf(e.fn.obj, scope) !== 'fmt')
      return undefined;
    const [format, ...rest] = e.args;
    if (format?.k !== 'str' || !format.v.includes('%w')) return undefined;
    return rest.flatMap((a) => {
      const held = a.k === 'name' ? scope.vars.get(a.id) : undefined;
      const found = held?.k === 'sentinel' ? held : this.sentinel(a, scope);
      return found === undefined ? [] : [found.key, ...(found.alt ?? [])].map((k) => `${WRAPPED}${k}`);
    });
  }

  /**
   * A method called on an error value of a known type: one returning an `int` gives the status its switch picks for
   * that error (`func (e *Error) StatusCode() int { switch e.Code() { case InvalidParams.Code(): return 400 … } }`), one
   * returning the receiver's type (`errcode.InvalidParams.WithDetails(…)`) the same error.
   */
  private errorMethod(e: Extract<Expr, { k: 'call' }>, scope: Scope): HVal | undefined {
    if (e.fn.k !== 'attr' || (e.fn.obj.k !== 'name' && e.fn.obj.k !== 'attr')) return undefined;
    if (e.fn.obj.k === 'name' && this.pkgOf(e.fn.obj, scope) !== undefined) return undefined;
    const recv = this.valueOf(e.fn.obj, scope);
    if (recv?.k !== 'sentinel' || recv.t === undefined || recv.file === undefined) return undefined;
    const decl = this.declOf(subOf(recv.t, '*')?.[0] ?? recv.t, recv.file);
    const fn = decl === undefined ? undefined : this.index.methodDecl(decl.dir, decl.name, e.fn.name);
    const file = fn === undefined ? undefined : this.index.fileAt(fn.file);
    if (fn === undefined || file === undefined || decl === undefined) return undefined;
    const [result] = fn.results;
    if (fn.results.length === 1 && (result === decl.name || result === `*${decl.name}`)) return recv;
    if (fn.results.length === 1 && result === 'int') return this.switchedStatus(fn, file, recv);
    return undefined;
  }

  /**
   * The status a method switching on its receiver's code returns for the error values the receiver may be: the case
   * naming each (`case InvalidParams.Code():`, through `fallthrough`), else the default case or what follows the
   * switch. Undefined when a value is not one the switch can be matched against.
   */
  private switchedStatus(
    fn: GoFunc,
    file: GoFile,
    recv: Extract<HVal, { k: 'sentinel' }>,
  ): Extract<HVal, { k: 'status' }> | undefined {
    if (fn.receiverName === undefined) return undefined;
    const scope: Scope = { vars: new Map(), file };
    // The switch's cases in order, each with its values and statements, and the statements after it.
    const groups: { values: readonly Expr[]; body: GoStmt[] }[] = [];
    const after: GoStmt[] = [];
    let seen = false;
    for (const st of fn.body) {
      const when = st.when?.[st.when.length - 1];
      const tag = when?.tag;
      const onReceiver =
        tag?.k === 'call' && tag.fn.k === 'attr' && tag.fn.obj.k === 'name' && tag.fn.obj.id === fn.receiverName;
      if (when !== undefined && onReceiver) {
        seen = true;
        const last = groups[groups.length - 1];
        if (last !== undefined && last.values === when.values) last.body.push(st);
        else groups.push({ values: when.values, body: [st] });
      } else if (seen && st.when === undefined && st.branch !== true) after.push(st);
    }
    if (groups.length === 0) return undefined;
    const returned = (body: readonly GoStmt[]) => {
      const ret = body.find((st): st is Extract<GoStmt, { k: 'return' }> => st.k === 'return' && st.values.length > 0);
      return ret === undefined ? undefined : this.statusValue(ret.values[0] as Expr, scope);
    };
    const fallsThrough = (body: readonly GoStmt[]) =>
      body.some((st) => st.k === 'expr' && st.e.k === 'name' && st.e.id === FALLTHROUGH);
    const found: number[] = [];
    for (const key of [recv.key, ...(recv.alt ?? [])]) {
      let at = groups.findIndex((g) =>
        g.values.some((v) => {
          const named = v.k === 'call' && v.fn.k === 'attr' ? v.fn.obj : undefined;
          return named !== undefined && this.sentinel(named, scope)?.key === key;
        }),
      );
      if (at < 0) at = groups.findIndex((g) => g.values.length === 0);
      let status: Extract<HVal, { k: 'status' }> | undefined;
      for (let i = at; i >= 0 && i < groups.length; i++) {
        const g = groups[i] as (typeof groups)[number];
        status = returned(g.body);
        if (status !== undefined || !fallsThrough(g.body)) break;
      }
      status ??= returned(after);
      if (status === undefined) return undefined;
      for (const v of [status.v, ...(status.alt ?? [])]) if (!found.includes(v)) found.push(v);
    }
    const [v, ...alt] = found;
    return v === undefined ? undefined : { k: 'status', v, ...(alt.length > 0 ? { alt } : {}) };
  }

  /** The error `errors.As(err, &target)` reads, when one of a condition's operands is that call for `target`. */
  private asSource(values: readonly Expr[], target: string, scope: Scope): Expr | undefined {
    for (const v of values) {
      if (v.k !== 'call' || v.fn.k !== 'attr' || v.fn.name !== 'As') continue;
      const pkg = this.pkgOf(v.fn.obj, scope);
      const [source, into] = v.args;
      if (pkg !== undefined && ERRORS_PACKAGES.has(pkg) && into?.k === 'name' && into.id === target) return source;
    }
    return undefined;
  }

  /**
   * The error a converter hands back first (`func As(err error) (*Error, bool) { var merr *Error; if errors.As(err,
   * &merr) { return merr, true }; return nil, false }`, or `if verr, ok := err.(*Error); ok { return verr }`): the
   * error value passed to it, when the caller knows which errors that may be. Undefined otherwise.
   */
  private handedBack(
    { fn, file }: { fn: GoFunc; file: GoFile },
    args: readonly Expr[],
    scope: Scope,
  ): Extract<HVal, { k: 'sentinel' }> | undefined {
    const inner: Scope = { vars: new Map(), file };
    for (const stmt of fn.body) {
      const first = stmt.k === 'return' ? stmt.values[0] : undefined;
      if (first?.k !== 'name') continue;
      const source = this.assertedFrom(fn.body, fn.body.indexOf(stmt), first.id, inner);
      const at = source?.k === 'name' ? fn.params.findIndex((p) => p.name === source.id) : -1;
      const arg = at < 0 ? undefined : args[at];
      const held = arg === undefined ? undefined : this.valueOf(arg, scope);
      if (held?.k === 'sentinel') return held;
    }
    return undefined;
  }

  /**
   * The operand `name` was read from by an `errors.As(source, &name)` condition or a type assertion (`name, ok :=
   * source.(*T)`) before statement `at` of `body`.
   */
  private assertedFrom(body: readonly GoStmt[], at: number, name: string, scope: Scope): Expr | undefined {
    for (let i = at - 1; i >= 0; i--) {
      const before = body[i] as GoStmt;
      if (before.k === 'cond') {
        const source = this.asSource(before.values, name, scope);
        if (source !== undefined) return source;
      }
      if (before.k === 'assign' && before.names[0] === name) {
        const v = before.values[0];
        return v?.k === 'call' && v.fn.k === 'name' && v.fn.id === TYPE_ASSERTION ? v.args[0] : undefined;
      }
    }
    return undefined;
  }

  /** `if err := h.svc.Archive(id); err != nil`: a call to a project function or interface method whose one result is an error. */
  private returnsOnlyError(e: Extract<Expr, { k: 'call' }>, scope: Scope): boolean {
    if (e.kw['#composite'] !== undefined) return false;
    const direct = this.calleeOf(e, scope);
    // `error`, or a project error type (`Error`, `*AppError`, `*errcode.Error`) a constructor or converter returns.
    if (direct !== undefined) return direct.fn.results.length === 1 && ERROR_TYPE.test(direct.fn.results[0] ?? '');
    const result = this.interfaceResult(e, scope);
    return result?.k === 'typed' && result.t.k === 'name' && result.t.id === 'error';
  }

  /**
   * An error made as a struct literal (`&AppError{Code: http.StatusNotFound, Message: msg}`): the statuses its fields
   * hold, keyed by its type and field. Undefined when no field holds one.
   */
  private madeError(e: Extract<Expr, { k: 'call' }>, scope: Scope): Extract<HVal, { k: 'sentinel' }> | undefined {
    const decl = this.declOf(e.fn, scope.file);
    if (decl === undefined) return undefined;
    const keys: string[] = [];
    const kinds: string[] = [];
    for (const [field, value] of this.literalFields(e, scope))
      if (value.k === 'status')
        for (const v of [value.v, ...(value.alt ?? [])]) keys.push(madeErrorKey(decl, field, v));
      else if (value.k === 'kind')
        for (const v of [value.key, ...(value.alt ?? [])]) kinds.push(kindErrorKey(decl, field, v));
    // An error of a project type with neither (`&ValidationErrors{Errors: list}`) is still known by its type.
    if (decl.struct !== undefined && keys.length === 0 && kinds.length === 0) keys.push(typedErrorKey(decl));
    keys.push(...kinds);
    const [key, ...alt] = keys;
    return key === undefined ? undefined : { k: 'sentinel', key, ...(alt.length > 0 ? { alt } : {}) };
  }

  /**
   * An error value asserted to a type (`appErr, ok := err.(*AppError)`, `errors.As(err, &appErr)`, a type switch's
   * case): a value of that type whose fields hold the statuses the errors made of it carry. An error not known to be
   * made of it gives a value with no field known: its status is not guessed.
   */
  private asserted(operand: Expr | undefined, t: Expr, scope: Scope): Extract<HVal, { k: 'typed' }> {
    const held = operand === undefined ? undefined : this.valueOf(operand, scope);
    const decl = this.declOf(subOf(t, '*')?.[0] ?? t, scope.file);
    const fields = new Map<string, HVal>();
    if (held?.k === 'sentinel' && decl !== undefined)
      for (const f of decl.struct?.fields ?? []) {
        const carried = carriedStatus(held, decl, f.name) ?? carriedKind(held, decl, f.name);
        if (carried !== undefined) fields.set(f.name, carried);
      }
    return { k: 'typed', t, file: scope.file, ...(fields.size > 0 ? { fields } : {}) };
  }

  /**
   * The status a package-level map from errors to statuses gives a sentinel error
   * (`statusCode, ok := errorStatusMap[err]` in a helper called as `handleAbort(ctx, domain.ErrForbidden)`). An error
   * not known here (one a service returned) gives nothing: which of the map's statuses it stands for is not known,
   * and the helper's fallback (`if !ok { statusCode = http.StatusInternalServerError }`) still answers.
   */
  private mappedStatus(e: Extract<Expr, { k: 'sub' }>, scope: Scope): HVal | undefined {
    const key = e.args.length === 1 ? this.valueOf(e.args[0] as Expr, scope) : undefined;
    if (key?.k !== 'sentinel') return undefined;
    const m = e.value;
    const decl =
      m.k === 'name' && !scope.vars.has(m.id)
        ? this.index.constDecl(scope.file, undefined, m.id)
        : m.k === 'attr' && m.obj.k === 'name' && this.pkgOf(m.obj, scope) !== undefined
          ? this.index.constDecl(scope.file, m.obj.id, m.name)
          : undefined;
    const literal = decl?.e;
    if (decl === undefined || literal?.k !== 'call' || literal.kw['#composite'] === undefined) return undefined;
    if (literal.fn.k !== 'sub' || literal.fn.value.k !== 'name' || literal.fn.value.id !== 'map') return undefined;
    const mapScope: Scope = { vars: new Map(), file: decl.file };
    const keys = [key.key, ...(key.alt ?? [])];
    const found: number[] = [];
    for (const [written, value] of Object.entries(literal.kw)) {
      if (written.startsWith('#')) continue;
      const [qualifier, name] = written.includes('.') ? written.split('.') : [undefined, written];
      if (name === undefined) continue;
      const entry = this.sentinel(
        qualifier === undefined ? { k: 'name', id: name } : { k: 'attr', obj: { k: 'name', id: qualifier }, name },
        mapScope,
      );
      const status = entry !== undefined && keys.includes(entry.key) ? this.statusValue(value, mapScope) : undefined;
      if (status !== undefined && !found.includes(status.v)) found.push(status.v);
    }
    const [v, ...alt] = found;
    return v === undefined ? undefined : { k: 'status', v, ...(alt.length > 0 ? { alt } : {}) };
  }

  /** The statuses a helper returns first (`func BindAndValid(…) (int, int) { … return http.StatusBadRequest, … }`). */
  private returnedStatuses(
    fn: GoFunc,
    file: GoFile,
    args: readonly (HVal | undefined)[] = [],
  ): Extract<HVal, { k: 'status' }> | undefined {
    const first = fn.resultTypes?.[0];
    if (first?.k !== 'name' || first.id !== 'int') return undefined;
    const scope: Scope = { vars: new Map(), file };
    // An error passed in (`errors.StatusCode(ierr)`): `if errors.As(err, &rerr) { return rerr.StatusCode }` gives the
    // statuses the errors it may be carry.
    fn.params.forEach((p, i) => {
      const given = args[i];
      if (given?.k === 'sentinel') scope.vars.set(p.name, given);
    });
    const found: number[] = [];
    let dead = 0;
    for (const stmt of fn.body) {
      if (dead > 0) {
        dead--;
        continue;
      }
      // Only the branches the errors passed in can take: an `errors.As` to a type none of them is, a `switch` case
      // for a constant none of them carries (`case apperror.ErrTypeForbidden:` of a shared error-to-status helper).
      if (stmt.k === 'cond' && stmt.asTest !== undefined && this.assertsOtherType(stmt.asTest.call, scope)) {
        dead = stmt.asTest.length;
        continue;
      }
      if (this.switchesOtherKind(stmt, scope)) continue;
      // `if errors.As(err, &domErr) { switch … }` that returns on every path, where every error is of that type: what
      // follows it (`return http.StatusInternalServerError` for other errors) is not reached.
      const at = fn.body.indexOf(stmt);
      const closes =
        stmt.k === 'cond' &&
        stmt.asTest !== undefined &&
        stmt.branch !== true &&
        this.assertedTypes(stmt.asTest.call, scope) === 'only' &&
        this.alwaysReturns(fn.body, at, stmt.asTest.length);
      if (stmt.k === 'var' && stmt.te !== undefined) scope.vars.set(stmt.name, { k: 'typed', t: stmt.te, file });
      if (stmt.k === 'cond')
        for (const v of stmt.values) {
          const into = v.k === 'call' ? v.args[1] : undefined;
          const declared = into?.k === 'name' ? scope.vars.get(into.id) : undefined;
          if (into?.k === 'name' && declared?.k === 'typed' && this.asSource([v], into.id, scope) !== undefined)
            scope.vars.set(into.id, this.asserted((v as Extract<Expr, { k: 'call' }>).args[0], declared.t, scope));
        }
      if (closes && stmt.k === 'cond' && stmt.asTest !== undefined) {
        for (const st of fn.body.slice(at + 1, at + 1 + stmt.asTest.length)) {
          if (this.switchesOtherKind(st, scope) || st.k !== 'return' || st.values.length === 0) continue;
          const status = this.statusValue(st.values[0] as Expr, scope);
          for (const v of status === undefined ? [] : [status.v, ...(status.alt ?? [])])
            if (!found.includes(v)) found.push(v);
        }
        break;
      }
      if (stmt.k !== 'return' || stmt.values.length === 0) continue;
      const status = this.statusValue(stmt.values[0] as Expr, scope);
      for (const v of status === undefined ? [] : [status.v, ...(status.alt ?? [])])
        if (!found.includes(v)) found.push(v);
    }
    const [v, ...alt] = found;
    return v === undefined ? undefined : { k: 'status', v, ...(alt.length > 0 ? { alt } : {}) };
  }

  /** A status value and the alternatives it may hold. */
  private statusesOf(e: Expr | undefined, scope: Scope): number[] {
    // `c.JSON(err.StatusCode(), …)`: a status a call gives.
    const called = e?.k === 'call' ? this.valueOf(e, scope) : undefined;
    const s = called?.k === 'status' ? called : e === undefined ? undefined : this.statusValue(e, scope);
    return s === undefined ? [] : [s.v, ...(s.alt ?? [])];
  }

  /** The project function a call invokes: `helper(...)`, `pkg.Helper(...)`, `h.method(...)`. */
  private calleeOf(e: Extract<Expr, { k: 'call' }>, scope: Scope): { fn: GoFunc; file: GoFile } | undefined {
    let fn: GoFunc | undefined;
    if (e.fn.k === 'name' && !scope.vars.has(e.fn.id)) fn = this.index.funcDecl(scope.file, undefined, e.fn.id);
    else if (e.fn.k === 'attr') {
      const pkg = this.pkgOf(e.fn.obj, scope);
      if (pkg !== undefined && e.fn.obj.k === 'name') fn = this.index.funcDecl(scope.file, e.fn.obj.id, e.fn.name);
      else {
        const recv = this.valueOf(e.fn.obj, scope);
        if (recv?.k === 'typed') {
          const decl = this.declOf(subOf(recv.t, '*')?.[0] ?? recv.t, recv.file);
          if (decl !== undefined) fn = this.index.methodDecl(decl.dir, decl.name, e.fn.name);
        }
      }
    }
    const file = fn === undefined ? undefined : this.index.fileAt(fn.file);
    return fn === undefined || file === undefined ? undefined : { fn, file };
  }

  /**
   * The request parameter an expression reads as a string: `c.Query("page")`, `c.DefaultQuery("page", "1")`,
   * `c.Param("id")`, `r.URL.Query().Get("page")`, `chi.URLParam(r, "id")`, or a variable one was put in.
   */
  private parameterRead(e: Expr | undefined, scope: Scope): { name: string; in: ParameterLocation } | undefined {
    if (e?.k === 'name') return scope.parameterReads?.get(e.id);
    if (e?.k !== 'call' || e.fn.k !== 'attr' || e.kw['#composite'] !== undefined) return undefined;
    const [a0, a1] = e.args;
    const method = e.fn.name;
    const pkg = this.pkgOf(e.fn.obj, scope);
    if (pkg !== undefined)
      return /^github\.com\/go-chi\/chi(\/v\d+)?$/.test(pkg) && method === 'URLParam' && a1?.k === 'str'
        ? { name: a1.v, in: 'path' }
        : undefined;
    if (a0?.k !== 'str') return undefined;
    const recv = this.valueOf(e.fn.obj, scope);
    if (recv?.k === 'ctx' && (method === 'Query' || method === 'DefaultQuery')) return { name: a0.v, in: 'query' };
    if (recv?.k === 'ctx' && method === 'Param') return { name: a0.v, in: 'path' };
    if (recv?.k === 'query' && method === 'Get') return { name: a0.v, in: 'query' };
    return undefined;
  }

  /**
   * A parameter handed to a strconv parser is of the type it parses to (`page, _ := strconv.Atoi(c.DefaultQuery("page",
   * "1"))` is an integer with the default 1), when the handler reads it nowhere as a plain string first.
   */
  private parsedParameter(
    acc: Acc,
    read: { name: string; in: ParameterLocation },
    type: 'integer' | 'number' | 'boolean',
  ): void {
    const p = acc.parameters.find((x) => x.in === read.in && x.name === read.name);
    if (
      p === undefined ||
      p.schema.type?.length !== 1 ||
      p.schema.type[0] !== 'string' ||
      p.schema.format !== undefined
    )
      return;
    const { default: given, ...rest } = p.schema;
    const value =
      typeof given !== 'string'
        ? undefined
        : type === 'boolean'
          ? given === 'true'
            ? true
            : given === 'false'
              ? false
              : undefined
          : Number.isFinite(Number(given)) && given.trim() !== ''
            ? Number(given)
            : undefined;
    p.schema = { ...rest, type: [type], ...(value !== undefined ? { default: value } : {}) };
  }

  private param(acc: Acc, name: Expr | undefined, where: ParameterLocation, line: number, schema?: Schema): void {
    if (name?.k !== 'str' || name.v === '') return;
    if (acc.parameters.some((p) => p.in === where && p.name === name.v)) return;
    acc.parameters.push({
      name: name.v,
      in: where,
      required: where === 'path',
      schema: schema ?? { type: ['string'] },
      location: { file: acc.file, line },
      ...(acc.depth > 0 ? { confidence: 'likely' as const } : {}),
    });
  }

  private respond(acc: Acc, status: number | undefined, line: number, media?: string, schema?: Schema): void {
    if (status === undefined) return;
    // net/http (and so Gin and chi) never writes a body with a 204 or a 304, whatever the handler passes.
    const content: Record<string, MediaContent> =
      media === undefined || status === 204 || status === 304
        ? {}
        : { [media]: schema === undefined ? {} : { schema } };
    const existing = acc.responses.find((r) => r.status === String(status));
    if (existing !== undefined) {
      if (Object.keys(existing.content).length === 0) existing.content = content;
      else if (media !== undefined && existing.content[media] === undefined) {
        // One status answered in two media (a generated wrapper's text/plain 400, the handler's JSON 400): both.
        Object.assign(existing.content, content);
      } else if (media !== undefined && schema !== undefined) {
        // Branches answering one status with and without a value in a field: that field may be null.
        const known = existing.content[media]?.schema;
        if (known !== undefined) existing.content[media] = { schema: this.mergeNullFields(known, schema) };
      }
      return;
    }
    acc.responses.push({
      status: String(status),
      headers: {},
      content,
      location: { file: acc.file, line },
      // Written inside a helper the handler calls: inferred through the call.
      ...(acc.depth > 0 ? { confidence: 'likely' as const } : {}),
    });
  }

  private bodyOf(acc: Acc, target: Expr | undefined, scope: Scope, line: number, media = JSON_MEDIA): void {
    if (acc.requestBody !== undefined) return;
    const value = target === undefined ? undefined : this.valueOf(target, scope);
    const schema =
      value?.k === 'typed' ? this.schemaOf(subOf(value.t, '*')?.[0] ?? value.t, value.file, 0, 'decode') : undefined;
    if (value?.k === 'typed') this.noteOutside(value.t, value.file, 'request', acc.file, line);
    acc.requestBody = {
      required: true,
      content: { [media]: schema === undefined || Object.keys(schema).length === 0 ? {} : { schema } },
      location: { file: acc.file, line },
    };
  }

  /** `a` with each top-level field that is `null` in one of `a` and `b` and a value in the other made nullable. */
  private mergeNullFields(a: Schema, b: Schema): Schema {
    const resolve = (s: Schema): Schema => (s.$ref ? (this.schemas[s.$ref] ?? s) : s);
    const ra = resolve(a);
    const rb = resolve(b);
    if (ra.properties === undefined || rb.properties === undefined) return a;
    const isNull = (s: Schema | undefined) => s?.type?.length === 1 && s.type[0] === 'null';
    let out: Schema | undefined;
    for (const [name, pb] of Object.entries(rb.properties)) {
      const pa = ra.properties[name];
      if (pa === undefined || isNull(pa) === isNull(pb)) continue;
      const value = isNull(pa) ? pb : pa;
      out ??= structuredClone(ra);
      (out.properties as Record<string, Schema>)[name] =
        value.type !== undefined && !value.type.includes('null')
          ? { ...value, type: [...value.type, 'null'] }
          : { anyOf: [value, { type: ['null'] }] };
    }
    return out ?? a;
  }

  /** The schema of a response value, when its type is known. */
  private responseSchema(e: Expr | undefined, scope: Scope, line: number): Schema | undefined {
    if (e === undefined || e.k === 'none') return undefined;
    if (e.k === 'str') return { type: ['string'] };
    const value = this.valueOf(e, scope);
    if (value?.k !== 'typed') return undefined;
    // A pointer written as a body is a value the handler has checked; `nil` bodies are not what handlers document.
    const schema = this.schemaOf(subOf(value.t, '*')?.[0] ?? value.t, value.file);
    if (Object.keys(schema).length === 0) {
      this.noteOutside(value.t, value.file, 'response', scope.file.path, line);
      return undefined;
    }
    if (e.k === 'call' && e.kw['#composite'] !== undefined && schema.type?.[0] === 'object' && !schema.properties) {
      // Read once, when the literal's value was made (`valueOf`).
      const members = value.body ?? this.mapLiteral(e, scope);
      if (members !== undefined) return members;
    }
    if (e.k === 'call' && e.kw['#composite'] !== undefined)
      return this.withNilFields(
        this.withHeldValues(schema, value, Object.entries(e.kw), scope),
        value,
        Object.entries(e.kw),
        this.nilnessIn(scope),
      );
    // A variable holding a struct literal (`resp := Trainings{trainings}`) sends what the literal put in its fields.
    if (value.fields !== undefined) return this.withNilFields(schema, value, value.fields, this.nilnessIn(scope));
    return value.maybeNil !== undefined ? this.maybeNilSlice(schema, value) : schema;
  }

  /**
   * A struct literal whose `interface{}` field is given a value of a known type (`BaseResponse{Data: data}` in a helper
   * called with `gin.H{"user": u}` or a `User`): `encoding/json` writes that value there, so the field has its schema.
   */
  private withHeldValues(
    schema: Schema,
    value: Extract<HVal, { k: 'typed' }>,
    written: Iterable<[string, Expr]>,
    scope: Scope,
  ): Schema {
    let out: Schema | undefined;
    for (const { field, v } of this.writtenFields(value, written)) {
      const te = field.field.te;
      const open =
        te !== undefined &&
        ((te.k === 'name' && te.id === 'any') || (te.k === 'other' && /^interface\s*\{\s*\}$/.test(te.text)));
      if (!open) continue;
      const held = this.valueOf(v, scope);
      if (held?.k !== 'typed') continue;
      const inner = held.body ?? this.schemaOf(subOf(held.t, '*')?.[0] ?? held.t, held.file);
      if (Object.keys(inner).length === 0) continue;
      out ??= structuredClone(schema.$ref ? (this.schemas[schema.$ref] ?? schema) : schema);
      out.properties ??= {};
      out.properties[field.name] = { ...inner, location: { file: field.file.path, line: field.field.line } };
    }
    return out ?? schema;
  }

  /** The JSON fields of a struct literal's type that its written values (keyed, or `#0` by position) land in. */
  private writtenFields<V>(
    value: Extract<HVal, { k: 'typed' }>,
    written: Iterable<[string, V]>,
  ): { field: ReturnType<GoHandlerReader['jsonFields']>[number]; v: V }[] {
    const decl = this.declOf(value.t, value.file);
    if (decl?.struct === undefined) return [];
    const struct = decl.struct;
    const fields = this.jsonFields(decl, 0, 0);
    const out: { field: (typeof fields)[number]; v: V }[] = [];
    for (const [key, v] of written) {
      if (key === '#composite') continue;
      const goName = key.startsWith('#') ? struct.fields[Number(key.slice(1))]?.name : key;
      const field = fields.find((f) => f.field.name === goName);
      if (field !== undefined) out.push({ field, v });
    }
    return out;
  }

  /**
   * A map literal with string keys written as the body (`gin.H{"data": book}`, `render.M{…}`): an object with each
   * key, whatever the handler wraps in it (the wrapper the docs may not show).
   */
  private mapLiteral(e: Extract<Expr, { k: 'call' }>, scope: Scope): Schema | undefined {
    const properties: Record<string, Schema> = {};
    for (const [key, v] of Object.entries(e.kw)) {
      if (!key.startsWith('"') && !key.startsWith('`')) continue;
      let name: string;
      try {
        name = key.startsWith('"') ? (JSON.parse(key) as string) : key.slice(1, -1);
      } catch {
        continue;
      }
      properties[name] = v.k === 'none' ? { type: ['null'] } : (this.responseSchema(v, scope, e.line) ?? {});
    }
    const names = Object.keys(properties);
    return names.length === 0 ? undefined : { type: ['object'], properties, required: names };
  }

  /**
   * A struct literal written as the body with `nil` in a field (`Response{Data: data}` where the caller passed `nil`):
   * `encoding/json` sends that field as `null`, or leaves it out under `omitempty`. A field given a slice some path
   * leaves nil (`Trainings{trainings}`) may be `null`, or left out under `omitempty`. `nilness` says which a value is.
   */
  private withNilFields(
    schema: Schema,
    value: Extract<HVal, { k: 'typed' }>,
    written: Iterable<[string, Expr | HVal]>,
    nilness: (v: Expr | HVal) => 'nil' | 'maybe' | Extract<HVal, { k: 'typed' }> | undefined,
    confidence?: 'likely',
  ): Schema {
    let out: Schema | undefined;
    for (const { field, v } of this.writtenFields(value, written)) {
      const nil = nilness(v);
      if (nil === undefined) continue;
      out ??= structuredClone(schema.$ref ? (this.schemas[schema.$ref] ?? schema) : schema);
      out.properties ??= {};
      const props = out.properties;
      const location = { file: field.file.path, line: field.field.line };
      if (field.omitempty) {
        if (nil === 'nil') delete props[field.name];
        out.required = out.required?.filter((r) => r !== field.name);
      } else if (nil === 'nil') props[field.name] = { type: ['null'], location };
      else {
        const was = props[field.name] ?? {};
        const may = nil === 'maybe' || nil === undefined ? nullable(was) : this.maybeNilSlice(was, nil);
        props[field.name] = { ...may, location, ...(confidence ? { confidence } : {}) };
      }
    }
    return out ?? schema;
  }

  /** What a value written in a struct literal's field is: `nil`, a slice that may be nil (that value), or neither. */
  private nilnessIn(scope: Scope): (v: Expr | HVal) => 'nil' | Extract<HVal, { k: 'typed' }> | undefined {
    return (v) => {
      const value = isHVal(v) ? v : this.valueOf(v, scope);
      return value?.k === 'nil' ? 'nil' : value?.k === 'typed' && value.maybeNil !== undefined ? value : undefined;
    };
  }

  /**
   * A slice that may be nil, as a body: `null` besides its type, and, when the value appended to it is a struct
   * literal (`dates = append(dates, Date{Hours: hours})`), its elements with the fields that literal may leave nil
   * (inferred from the function that built it, so `likely`).
   */
  private maybeNilSlice(schema: Schema, value: Extract<HVal, { k: 'typed' }>): Schema {
    const element = value.maybeNil?.element;
    const elementType = subOf(value.t, '[]')?.[0];
    let out = schema;
    if (element?.k === 'call' && element.kw['#composite'] !== undefined && elementType !== undefined && schema.items) {
      const nilSlices = slicesThatMayStayNil(value.maybeNil?.body ?? []);
      const items = this.withNilFields(
        schema.items,
        { k: 'typed', t: elementType, file: value.file },
        Object.entries(element.kw),
        (v) => (v.k === 'none' ? 'nil' : v.k === 'name' && nilSlices.has(v.id) ? 'maybe' : undefined),
        'likely',
      );
      out = { ...schema, items };
    }
    return nullable(out);
  }

  private call(e: Extract<Expr, { k: 'call' }>, scope: Scope, acc: Acc, depth: number): void {
    const [a0, a1, a2] = e.args;
    if (e.fn.k === 'attr') {
      const method = e.fn.name;
      const pkg = this.pkgOf(e.fn.obj, scope);
      if (pkg !== undefined) {
        this.packageCall(pkg, method, e, scope, acc, depth);
        return;
      }
      const recv = this.valueOf(e.fn.obj, scope);
      if (recv?.k === 'ctx') {
        if (method === 'Param') this.param(acc, a0, 'path', e.line);
        else if (method === 'Query' || method === 'DefaultQuery' || method === 'GetQuery')
          this.param(
            acc,
            a0,
            'query',
            e.line,
            method === 'DefaultQuery' && a1?.k === 'str' ? { type: ['string'], default: a1.v } : undefined,
          );
        else if (method === 'QueryArray' || method === 'GetQueryArray')
          this.param(acc, a0, 'query', e.line, { type: ['array'], items: { type: ['string'] } });
        else if (method === 'PostForm' || method === 'DefaultPostForm' || method === 'GetPostForm')
          this.bodyOf(acc, undefined, scope, e.line, 'application/x-www-form-urlencoded');
        else if (method === 'FormFile' || method === 'MultipartForm')
          this.bodyOf(acc, undefined, scope, e.line, 'multipart/form-data');
        else if (method === 'GetHeader') this.param(acc, a0, 'header', e.line);
        else if (
          method === 'ShouldBindQuery' ||
          method === 'BindQuery' ||
          (GIN_DEFAULT_BINDERS.has(method) && acc.method !== undefined && BODILESS_METHODS.has(acc.method))
        )
          this.queryStruct(acc, a0, scope);
        else if (GIN_BODY_BINDERS.has(method)) this.bodyOf(acc, a0, scope, e.line);
        else if (method === 'ShouldBindXML' || method === 'BindXML')
          this.bodyOf(acc, a0, scope, e.line, 'application/xml');
        else if (method in GIN_WRITERS) {
          const media = method === 'Data' ? (a1?.k === 'str' ? a1.v : undefined) : GIN_WRITERS[method];
          const bodyArg = method === 'Data' ? a2 : method === 'HTML' ? undefined : a1;
          const schema = media === JSON_MEDIA ? this.responseSchema(bodyArg, scope, e.line) : undefined;
          for (const status of this.statusesOf(a0, scope)) this.respond(acc, status, e.line, media, schema);
        } else if (GIN_STATUS.has(method))
          for (const status of this.statusesOf(a0, scope)) this.respond(acc, status, e.line);
        if (GIN_MUST_BINDERS.has(method)) {
          const saved = acc.pending;
          acc.pending = undefined;
          this.respond(acc, 400, e.line);
          acc.pending = saved;
        }
        return;
      }
      if (recv?.k === 'w') {
        if (method === 'WriteHeader') {
          const status = a0 === undefined ? undefined : this.statusValue(a0, scope)?.v;
          acc.pending = status;
          acc.headerWritten = status;
          this.respond(acc, status, e.line);
        } else if (method === 'Write' || method === 'WriteString') this.respond(acc, acc.pending ?? 200, e.line);
        return;
      }
      if (recv?.k === 'r') {
        if (method === 'FormValue') this.param(acc, a0, 'query', e.line);
        else if (method === 'PostFormValue')
          this.bodyOf(acc, undefined, scope, e.line, 'application/x-www-form-urlencoded');
        else if (method === 'FormFile') this.bodyOf(acc, undefined, scope, e.line, 'multipart/form-data');
        else if (method === 'PathValue') this.param(acc, a0, 'path', e.line);
        return;
      }
      if (recv?.k === 'query' && (method === 'Get' || method === 'Has')) {
        this.param(acc, a0, 'query', e.line);
        return;
      }
      // `r.Header.Get("X")`, `c.Request.Header.Get("X")`.
      const header = e.fn.obj;
      if (method === 'Get' && header.k === 'attr' && header.name === 'Header') {
        if (this.valueOf(header.obj, scope)?.k === 'r') this.param(acc, a0, 'header', e.line);
        return;
      }
      // `json.NewDecoder(r.Body).Decode(&req)`, `json.NewEncoder(w).Encode(resp)`.
      const inner = e.fn.obj;
      if (inner.k === 'call' && inner.fn.k === 'attr' && this.pkgOf(inner.fn.obj, scope) !== undefined) {
        const path = this.pkgOf(inner.fn.obj, scope);
        if (path === 'encoding/json' || path?.endsWith('/jsoniter') || path?.endsWith('/json-iterator/go')) {
          if (inner.fn.name === 'NewDecoder' && method === 'Decode') {
            if (this.isRequestBody(inner.args[0], scope)) this.bodyOf(acc, a0, scope, e.line);
          } else if (inner.fn.name === 'NewEncoder' && method === 'Encode') {
            const target = inner.args[0] === undefined ? undefined : this.valueOf(inner.args[0], scope);
            if (target?.k === 'w')
              this.respond(acc, acc.pending ?? 200, e.line, JSON_MEDIA, this.responseSchema(a0, scope, e.line));
          }
        }
        return;
      }
    }
    this.follow(e, scope, acc, depth);
  }

  private packageCall(
    pkg: string,
    method: string,
    e: Extract<Expr, { k: 'call' }>,
    scope: Scope,
    acc: Acc,
    depth: number,
  ): void {
    const [a0, a1, a2, a3] = e.args;
    const status = (x: Expr | undefined) => (x === undefined ? undefined : this.statusValue(x, scope)?.v);
    if (pkg === 'strconv') {
      const parsed = STRCONV_PARSERS[method];
      const read = parsed === undefined ? undefined : this.parameterRead(a0, scope);
      if (parsed !== undefined && read !== undefined) this.parsedParameter(acc, read, parsed);
      return;
    }
    if (/^github\.com\/go-chi\/chi(\/v\d+)?$/.test(pkg)) {
      if (method === 'URLParam' || method === 'URLParamFromCtx') this.param(acc, a1, 'path', e.line);
      return;
    }
    if (pkg === 'net/http') {
      if (method === 'Error') this.respond(acc, status(a2), e.line, 'text/plain');
      else if (method === 'NotFound') this.respond(acc, 404, e.line, 'text/plain');
      else if (method === 'Redirect') this.respond(acc, status(a3), e.line);
      return;
    }
    if (pkg === RENDER) {
      if (method === 'Status') acc.pending = status(a1);
      else if (method === 'JSON' || method === 'Respond' || method === 'DefaultResponder')
        this.respond(acc, acc.pending ?? 200, e.line, JSON_MEDIA, this.responseSchema(a2, scope, e.line));
      else if (method === 'Render') {
        // `render.Render(w, r, v)` runs `v.Render(w, r)` first (it may set the status: `w.WriteHeader(e.httpStatus)`),
        // then responds with `v`.
        acc.headerWritten = undefined;
        this.renderMethod(e.args, scope, acc, depth);
        const status = acc.headerWritten ?? acc.pending ?? 200;
        this.respond(acc, status, e.line, JSON_MEDIA, this.responseSchema(a2, scope, e.line));
      } else if (method === 'PlainText') this.respond(acc, acc.pending ?? 200, e.line, 'text/plain');
      else if (method === 'NoContent') this.respond(acc, 204, e.line);
      else if (method === 'Bind' || method === 'Decode' || method === 'DecodeJSON') this.bodyOf(acc, a1, scope, e.line);
      return;
    }
    if (JSON_V2.has(pkg)) {
      // encoding/json/v2 reads and writes streams itself: `json.UnmarshalRead(r.Body, &form)`,
      // `json.MarshalWrite(w, book)`.
      const [s0, s1] = e.args;
      if (method === 'UnmarshalRead' && this.isRequestBody(s0, scope)) this.bodyOf(acc, s1, scope, e.line);
      else if (method === 'MarshalWrite' && s0 !== undefined && this.valueOf(s0, scope)?.k === 'w')
        this.respond(acc, acc.pending ?? 200, e.line, JSON_MEDIA, this.responseSchema(s1, scope, e.line));
      return;
    }
    if (pkg === 'encoding/json') return;
    // `var appErr *AppError; if errors.As(err, &appErr) { c.JSON(appErr.Code, …) }`: the target holds the error.
    if (ERRORS_PACKAGES.has(pkg) && method === 'As') {
      const [target, into] = e.args;
      const declared = into?.k === 'name' ? scope.vars.get(into.id) : undefined;
      if (into?.k === 'name' && declared?.k === 'typed')
        scope.vars.set(into.id, this.asserted(target, declared.t, { ...scope, file: declared.file }));
      return;
    }
    this.follow(e, scope, acc, depth);
  }

  /** Walks the project `Render(w, r)` method of the value `render.Render(w, r, v)` is given, with `v`'s fields known. */
  private renderMethod(args: Expr[], scope: Scope, acc: Acc, depth: number): void {
    const [w, r, v] = args.map((a) => this.valueOf(a, scope));
    if (v?.k !== 'typed' || depth >= MAX_DEPTH + 1) return;
    const decl = this.declOf(v.t, v.file);
    const fn = decl === undefined ? undefined : this.index.methodDecl(decl.dir, decl.name, 'Render');
    const file = fn === undefined ? undefined : this.index.fileAt(fn.file);
    if (fn === undefined || file === undefined) return;
    const saved = acc.file;
    const savedDepth = acc.depth;
    acc.depth = depth + 1;
    acc.file = fn.file;
    this.walk(fn, file, [w, r], acc, depth + 1, v);
    acc.file = saved;
    acc.depth = savedDepth;
  }

  /** True for a value of a project struct with a `*gin.Context` or `http.ResponseWriter` field (`app.Gin{C: c}`). */
  private holdsContext(value: HVal | undefined): boolean {
    if (value?.k !== 'typed') return false;
    const decl = this.declOf(subOf(value.t, '*')?.[0] ?? value.t, value.file);
    return (decl?.struct?.fields ?? []).some((f) => {
      if (f.te === undefined) return false;
      const role = this.roleOfType(f.te, decl?.file as GoFile);
      return role?.k === 'ctx' || role?.k === 'w';
    });
  }

  /** Follows a call into a project helper that receives the context, writer or request (`respondJSON(w, 200, x)`). */
  private follow(e: Extract<Expr, { k: 'call' }>, scope: Scope, acc: Acc, depth: number): void {
    const args = e.args.map((a) => this.valueOf(a, scope));
    const recv = e.fn.k === 'attr' ? this.valueOf(e.fn.obj, scope) : undefined;
    // A helper reaches the wire through a context, writer or request argument, or a receiver holding one.
    if (!args.some((a) => a?.k === 'ctx' || a?.k === 'w' || a?.k === 'r') && !this.holdsContext(recv)) return;
    const implementations = this.dispatchOf(e, recv);
    if (implementations !== undefined) {
      // A call on an interface value handing the writer on (oapi-codegen's `siw.Handler.X(w, r, params)`) is the
      // route's real handler: read at the same depth, as the handler itself.
      for (const impl of implementations) this.enter(impl, args, acc, depth);
      return;
    }
    if (depth >= MAX_DEPTH) return;
    const callee = this.calleeOf(e, scope);
    if (callee === undefined) return;
    this.enter(callee, args, acc, depth + 1, recv?.k === 'typed' && recv.fields !== undefined ? recv : undefined);
  }

  /** Walks a callee with its own file and depth; a status it sets for a body it does not write does not leak out. */
  private enter(
    callee: { fn: GoFunc; file: GoFile },
    args: (HVal | undefined)[],
    acc: Acc,
    depth: number,
    recv?: HVal,
  ): void {
    const saved = acc.file;
    const savedDepth = acc.depth;
    const savedPending = acc.pending;
    acc.depth = depth;
    acc.file = callee.fn.file;
    this.walk(callee.fn, callee.file, args, acc, depth, recv);
    acc.file = saved;
    acc.depth = savedDepth;
    acc.pending = savedPending;
  }

  /** The implementations a method call on an interface value may run, or undefined when it is no such call. */
  private dispatchOf(
    e: Extract<Expr, { k: 'call' }>,
    recv: HVal | undefined,
  ): { fn: GoFunc; file: GoFile }[] | undefined {
    if (e.fn.k !== 'attr' || recv?.k !== 'typed') return undefined;
    const decl = this.declOf(subOf(recv.t, '*')?.[0] ?? recv.t, recv.file);
    if (decl?.methods === undefined) return undefined;
    const name = e.fn.name;
    return this.index.implementationsOf(decl, name).flatMap((fn) => {
      const file = this.index.fileAt(fn.file);
      return file === undefined ? [] : [{ fn, file }];
    });
  }

  /**
   * A package-level constant written by name (`apperror.ErrTypeNotFound`, `ErrTypeNotFound` in its own package) that
   * is neither a status nor an error, or a variable holding one (a constructor's `errType` parameter). Undefined for
   * anything else, a constant made by a call included.
   */
  private kindOf(e: Expr, scope: Scope): Extract<HVal, { k: 'kind' }> | undefined {
    if (e.k === 'name' && scope.vars.has(e.id)) {
      const held = scope.vars.get(e.id);
      return held?.k === 'kind' ? held : undefined;
    }
    const ref =
      e.k === 'name'
        ? { qualifier: undefined, name: e.id }
        : e.k === 'attr' && e.obj.k === 'name' && this.pkgOf(e.obj, scope) !== undefined
          ? { qualifier: e.obj.id, name: e.name }
          : undefined;
    if (ref === undefined) return undefined;
    const decl = this.index.constDecl(scope.file, ref.qualifier, ref.name);
    if (decl === undefined || decl.e.k === 'call') return undefined;
    if (this.statusValue(e, scope) !== undefined) return undefined;
    return { k: 'kind', key: `${decl.file.dir}:${ref.name}` };
  }

  /** What a struct literal puts in its fields, keyed (`Response{Data: x}`) or by position (`ErrorResponse{slug, 500}`). */
  private literalFields(e: Extract<Expr, { k: 'call' }>, scope: Scope): Map<string, HVal> {
    const fields = new Map<string, HVal>();
    let decl: GoTypeDecl | undefined;
    for (const [key, v] of Object.entries(e.kw)) {
      if (key === '#composite') continue;
      let name = key;
      if (key.startsWith('#')) {
        decl ??= this.declOf(e.fn, scope.file);
        const field = decl?.struct?.fields[Number(key.slice(1))];
        if (field === undefined || field.name === '') continue;
        name = field.name;
      }
      // Statuses and nils only: names, constants and numbers, never calls (a literal is read each time it is met).
      if (v.k !== 'name' && v.k !== 'attr' && v.k !== 'num' && v.k !== 'none') continue;
      if (v.k === 'name' && v.id.startsWith(FUNC_LITERAL)) continue;
      const value = this.valueOf(v, scope) ?? this.kindOf(v, scope);
      if (
        value?.k === 'status' ||
        value?.k === 'nil' ||
        value?.k === 'kind' ||
        (value?.k === 'typed' && value.maybeNil !== undefined)
      )
        fields.set(name, value);
    }
    return fields;
  }

  /**
   * `c.ShouldBindQuery(&q)`: the struct's fields are query parameters named by their `form` tags. Gin's form binding
   * also fills the fields of a nested struct by their own tags (`User users.User` with `form:"username"` inside is
   * read from `?username=`); a field without a `form` tag is not named a parameter, as gin's documentation asks for a
   * tag on every field to be bound (its fallback to the Go field name is not an API a client is told). Embedded
   * structs are not read here yet.
   */
  private queryStruct(acc: Acc, target: Expr | undefined, scope: Scope): void {
    const value = target === undefined ? undefined : this.valueOf(target, scope);
    if (value?.k !== 'typed') return;
    const decl = this.declOf(value.t, value.file);
    if (decl?.struct !== undefined) this.queryFields(acc, decl, new Set());
  }

  private queryFields(acc: Acc, decl: GoTypeDecl, seen: Set<GoTypeDecl>): void {
    if (decl.struct === undefined || seen.has(decl) || seen.size > 8) return;
    seen.add(decl);
    for (const f of decl.struct.fields) {
      if (f.name === '' || !isExported(f.name)) continue;
      const [form, ...formOptions] = structTag(f.tag ?? '', 'form')?.split(',') ?? [];
      if (form === '-') continue;
      if (!form) {
        const nested = f.te === undefined ? undefined : this.declOf(f.te, decl.file);
        if (nested !== undefined) this.queryFields(acc, nested, seen);
        continue;
      }
      const name = form;
      if (acc.parameters.some((p) => p.in === 'query' && p.name === name)) continue;
      // `form:"state,default=1"`: Gin fills the default in before validating, so a request without it passes.
      const defaulted = formOptions.some((o) => o.startsWith('default='));
      const schema = f.te === undefined ? { type: ['string' as const] } : this.schemaOf(f.te, decl.file);
      const known = Object.keys(schema).length === 0 ? { type: ['string' as const] } : schema;
      const rule = fieldValidation(
        structTag(f.tag ?? '', 'binding'),
        known,
        f.te !== undefined && subOf(f.te, '*') !== undefined,
      );
      acc.parameters.push({
        name,
        in: 'query',
        required: rule.required && !defaulted,
        schema: {
          ...known,
          ...(rule.format !== undefined ? { format: rule.format } : {}),
          ...(rule.enum !== undefined ? { enum: rule.enum } : {}),
        },
        location: { file: decl.file.path, line: f.line },
      });
    }
  }

  /** The declared type a type expression names, pointers and aliases followed. */
  private declOf(t: Expr, file: GoFile): GoTypeDecl | undefined {
    const inner = subOf(t, '*')?.[0] ?? t;
    if (inner.k === 'name') return this.index.typeDecl(file, undefined, inner.id);
    if (inner.k === 'attr' && inner.obj.k === 'name') return this.index.typeDecl(file, inner.obj.id, inner.name);
    return undefined;
  }

  /**
   * The struct a type names, through named types defined from it (`type BadRequestJSONResponse Error`, as
   * oapi-codegen declares its shared responses): `encoding/json` promotes such an embedded field's members too.
   */
  private structDeclOf(t: Expr, file: GoFile): GoTypeDecl | undefined {
    let decl = this.declOf(t, file);
    for (let hops = 0; hops < 4 && decl !== undefined && decl.struct === undefined; hops++)
      decl = decl.underlying === undefined ? undefined : this.declOf(decl.underlying, decl.file);
    return decl;
  }

  private fieldOf(t: Expr, file: GoFile, name: string): { t: Expr; file: GoFile } | undefined {
    const decl = this.declOf(t, file);
    const field = decl?.struct?.fields.find((f) => f.name === name);
    return field?.te === undefined || decl === undefined ? undefined : { t: field.te, file: decl.file };
  }

  /**
   * Records a body whose type is declared in another module than the checkout (`*billing.Invoice` with `billing`
   * imported from `github.com/acme/billing`, also inside a slice or a map): its fields cannot be read, so the
   * operation's fields are not compared, and the output must say so rather than read as no drift. The standard
   * library's types and the well-known ones read above are not outside.
   */
  private noteOutside(t: Expr, file: GoFile, body: 'request' | 'response', at: string, line: number): void {
    let inner: Expr = t;
    for (let i = 0; i < 6; i++) {
      const next = subOf(inner, '*')?.[0] ?? subOf(inner, '[]')?.[0] ?? subOf(inner, 'map')?.[1];
      if (next === undefined) break;
      inner = next;
    }
    if (inner.k !== 'attr' || inner.obj.k !== 'name') return;
    const path = file.imports.get(inner.obj.id);
    // An import path whose first element has no dot is the standard library's.
    if (path === undefined || !(path.split('/')[0] ?? '').includes('.')) return;
    const type = `${path}.${inner.name}`;
    if (LIBRARY_TYPES[type] !== undefined || LIBRARY_INTERFACES.has(type) || this.index.holdsPackage(path)) return;
    if (!this.outside.some((o) => o.type === type && o.body === body))
      this.outside.push({ type, body, file: at, line });
  }

  /**
   * The schema of a Go type as `encoding/json` writes it (`encode`), or as a handler decoding a request accepts it
   * (`decode`: a field is required only when a validation tag says so, `binding:"required"` for Gin's binders or
   * `validate:"required"`; decoding never insists on a field). `{}` when unknown.
   */
  schemaOf(t: Expr, file: GoFile, depth = 0, mode: SchemaMode = 'encode'): Schema {
    if (depth > 12) return {};
    const ptr = subOf(t, '*');
    if (ptr !== undefined) return ptr[0] === undefined ? {} : nullable(this.schemaOf(ptr[0], file, depth + 1, mode));
    const slice = subOf(t, '[]');
    if (slice !== undefined) {
      const elem = slice[0];
      if (elem?.k === 'name' && (elem.id === 'byte' || elem.id === 'uint8'))
        return { type: ['string'], format: 'byte' };
      // The elements of a slice of pointers the handler fills are values (`append(out, &m)`); `null` among them
      // would take appending `nil`, which is not read, so they are not nullable.
      const value = elem === undefined ? undefined : mode === 'encode' ? (subOf(elem, '*')?.[0] ?? elem) : elem;
      return { type: ['array'], items: value === undefined ? {} : this.schemaOf(value, file, depth + 1, mode) };
    }
    const map = subOf(t, 'map');
    if (map !== undefined) {
      const value = map[1] === undefined ? {} : this.schemaOf(map[1], file, depth + 1, mode);
      return Object.keys(value).length === 0 ? { type: ['object'] } : { type: ['object'], additionalProperties: value };
    }
    if (t.k === 'name') {
      const scalar = SCALARS[t.id];
      const decl = this.index.typeDecl(file, undefined, t.id);
      if (decl !== undefined) return this.declSchema(decl, depth, mode);
      return scalar === undefined ? {} : { ...scalar };
    }
    if (t.k === 'attr' && t.obj.k === 'name') {
      const path = file.imports.get(t.obj.id);
      const known = path === undefined ? undefined : LIBRARY_TYPES[`${path}.${t.name}`];
      if (known !== undefined) return { ...known };
      const decl = this.index.typeDecl(file, t.obj.id, t.name);
      return decl === undefined ? {} : this.declSchema(decl, depth, mode);
    }
    if (t.k === 'other' && t.text.startsWith('struct')) return { type: ['object'] };
    return {};
  }

  private declSchema(decl: GoTypeDecl, depth: number, mode: SchemaMode = 'encode'): Schema {
    if (this.codesItself(decl, mode === 'encode')) return {};
    if (decl.underlying !== undefined) return this.schemaOf(decl.underlying, decl.file, depth + 1, mode);
    if (decl.struct === undefined) return {};
    const id = `${decl.dir}:${decl.name}`;
    if (mode !== 'encode') return this.decodedSchema(decl, id, depth, mode === 'decode');
    const known = this.keys.get(id);
    if (known !== undefined) return { $ref: known };
    const key = freeSchemaKey(decl.name, this.schemas, this.lastSuffix);
    this.keys.set(id, key);
    // Registered before its fields are read, so a recursive struct refers to itself instead of looping.
    const schema: Schema = {
      type: ['object'],
      properties: {},
      location: { file: decl.file.path, line: decl.struct.line },
    };
    this.schemas[key] = schema;
    const required: string[] = [];
    for (const { name, field, file, omitempty, asString } of this.jsonFields(decl, depth, 0)) {
      // `omitempty` leaves a nil pointer out instead of writing `null`: the field is optional, never null. A pointer
      // every literal of the type sets (`Priority: &msg.Priority`) is never nil either.
      const pointee = field.te === undefined ? undefined : subOf(field.te, '*')?.[0];
      const te =
        pointee !== undefined && (omitempty || this.literals.alwaysSets(decl, field.name)) ? pointee : field.te;
      let prop = asString ? { type: ['string' as const] } : te === undefined ? {} : this.schemaOf(te, file, depth + 1);
      // A slice or map field a composite literal of the type leaves unset holds nil, which `encoding/json` writes as
      // `null` (`external.Order{ID: id, Products: …}` without `Updates`), unless some code sets the field later.
      const collection = te !== undefined && (subOf(te, '[]') ?? subOf(te, 'map')) !== undefined;
      if (collection && !omitempty && !asString && this.literals.mayLeaveUnset(decl, field.name))
        prop = { ...nullable(prop), confidence: 'likely' };
      prop = { ...prop, location: { file: file.path, line: field.line } };
      (schema.properties as Record<string, Schema>)[name] = prop;
      if (!omitempty) required.push(name);
    }
    if (required.length > 0) schema.required = required;
    return { $ref: key };
  }

  /**
   * Whether `encoding/json` hands the type to a method of its own (`MarshalJSON` when writing, `UnmarshalJSON` when
   * reading) that gives it a shape of the method's choosing: one decoding into plain values (`var v any`, `var s
   * string`, a library's map) and picking from them (`api.Duration`: a number of seconds or a duration string). A
   * method going through a type of the project (the alias idiom, `type Alias Message; var a Alias`) keeps the fields'
   * shape, and is read as the struct.
   */
  private codesItself(decl: GoTypeDecl, encoding: boolean): boolean {
    const method = this.index.methodDecl(decl.dir, decl.name, encoding ? 'MarshalJSON' : 'UnmarshalJSON');
    if (method === undefined) return false;
    const builtin = (te: Expr | undefined): boolean => {
      if (te === undefined) return true;
      const inner = subOf(te, '*')?.[0] ?? subOf(te, '[]')?.[0] ?? subOf(te, 'map')?.[1] ?? te;
      if (inner !== te) return builtin(inner);
      if (te.k === 'name') return SCALARS[te.id] !== undefined || te.id === 'error';
      return te.k === 'other' && /^interface\s*\{\s*\}$/.test(te.text);
    };
    return method.body.every((st) => st.k !== 'var' || builtin(st.te));
  }

  /**
   * A struct as a request body is decoded into it: a named schema of its own beside the one of what it sends (a type
   * used both ways gets a numbered name for the second), each field required only under a validation tag;
   * `validated` when go-playground/validator checks it (the bound
   * struct, the structs of its fields, and the elements of a slice or map field tagged `dive`). The elements of a
   * slice or map field without `dive` are never checked, so their tags require nothing.
   */
  private decodedSchema(decl: GoTypeDecl, id: string, depth: number, validated = true): Schema {
    const suffix = validated ? '#decode' : '#decode-unvalidated';
    const known = this.keys.get(`${id}${suffix}`);
    if (known !== undefined) return { $ref: known };
    const key = freeSchemaKey(decl.name, this.schemas, this.lastSuffix);
    this.keys.set(`${id}${suffix}`, key);
    const properties: Record<string, Schema> = {};
    const schema: Schema = {
      type: ['object'],
      properties,
      location: { file: decl.file.path, line: decl.struct?.line ?? 0 },
    };
    // Registered before its fields are read, so a recursive struct refers to itself instead of looping.
    this.schemas[key] = schema;
    const required: string[] = [];
    for (const { name, field, file, asString } of this.jsonFields(decl, depth, 0)) {
      const tags = [structTag(field.tag ?? '', 'binding'), structTag(field.tag ?? '', 'validate')];
      const pointee = field.te === undefined ? undefined : (subOf(field.te, '*')?.[0] ?? field.te);
      const collection = pointee !== undefined && (subOf(pointee, '[]') ?? subOf(pointee, 'map')) !== undefined;
      const dives = tags.some((t) => t?.split(',').includes('dive') === true);
      const inner: SchemaMode = validated && (!collection || dives) ? 'decode' : 'unvalidated';
      const prop =
        asString || field.te === undefined
          ? asString
            ? { type: ['string' as const] }
            : {}
          : this.schemaOf(field.te, file, depth + 1, inner);
      const pointer = field.te !== undefined && subOf(field.te, '*') !== undefined;
      const rules = validated ? tags.map((tag) => fieldValidation(tag, prop, pointer)) : [];
      const format = rules.find((r) => r.format !== undefined)?.format;
      const values = rules.find((r) => r.enum !== undefined)?.enum;
      properties[name] = {
        ...prop,
        ...(format !== undefined && prop.$ref === undefined ? { format } : {}),
        ...(values !== undefined && prop.$ref === undefined ? { enum: values } : {}),
        ...(rules.some((r) => r.optional) && !rules.some((r) => r.required) ? { declaredOptional: true } : {}),
        location: { file: file.path, line: field.line },
      };
      if (rules.some((r) => r.required)) required.push(name);
    }
    if (required.length > 0) schema.required = required;
    return { $ref: key };
  }

  /** The JSON members of a struct: `json` tag names, `-` skipped, unexported skipped, embedded structs promoted. */
  private jsonFields(
    decl: GoTypeDecl,
    depth: number,
    level: number,
  ): { name: string; field: GoField; file: GoFile; omitempty: boolean; asString: boolean }[] {
    const out: { name: string; field: GoField; file: GoFile; omitempty: boolean; asString: boolean }[] = [];
    if (decl.struct === undefined || level > 5) return out;
    const promoted: typeof out = [];
    for (const field of decl.struct.fields) {
      const tag = field.tag === undefined ? undefined : structTag(field.tag, 'json');
      if (tag === '-') continue;
      const [tagName = '', ...options] = (tag ?? '').split(',');
      const embedded = field.name === '';
      if (embedded && tagName === '' && field.te !== undefined) {
        const inner = this.structDeclOf(field.te, decl.file);
        if (inner?.struct !== undefined) {
          promoted.push(...this.jsonFields(inner, depth, level + 1));
          continue;
        }
      }
      const goName = embedded
        ? field.te?.k === 'attr'
          ? field.te.name
          : field.te?.k === 'name'
            ? field.te.id
            : ''
        : field.name;
      if (goName === '' || !isExported(goName)) continue;
      out.push({
        name: tagName || goName,
        field,
        file: decl.file,
        omitempty: options.includes('omitempty') || options.includes('omitzero'),
        asString: options.includes('string'),
      });
    }
    // Fields of the outer struct win over promoted ones of the same name.
    for (const p of promoted) if (!out.some((o) => o.name === p.name)) out.push(p);
    return out;
  }
}
