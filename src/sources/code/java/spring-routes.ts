import type {
  AuthEvidence,
  HttpMethod,
  OperationAuth,
  Parameter,
  RequestBody,
  Response,
  Schema,
} from '../../../model/index.js';
import type { ExtractedRoute } from '../extractor.js';
import { ANY_METHODS, STATUS_BY_NAME } from '../handler-names.js';
import { dottedName, type Expr, renderExpr } from '../tree-sitter/expr.js';
import { concatText, joinText, knownPath, type PathText, unknownPath } from '../tree-sitter/route-graph.js';
import { templatePath } from '../tree-sitter/template-path.js';
import type { JavaAnnotation, JavaClass, JavaFile, JavaMethod } from './java-module.js';
import { resolvePlaceholders, type SpringProperties } from './spring-properties.js';
import type { SpringSecurity } from './spring-security.js';

/** The parameter through which Spring hands a handler the signed-in caller; `null` when it takes none. */
function principalParam(method: JavaMethod, file: string): AuthEvidence | null {
  for (const p of method.params) {
    const type = renderExpr(p.type);
    const annotated = p.annotations.some(
      (a) => a.name === 'AuthenticationPrincipal' || a.name === 'CurrentSecurityContext',
    );
    if (annotated || /^(java\.security\.)?Principal$|Authentication$|AuthenticationToken$/.test(type))
      return { file, line: method.line, what: `${annotated ? '@AuthenticationPrincipal ' : ''}${type} ${p.name}` };
  }
  return null;
}

/**
 * Patterns of a handler's tests of the caller: the principal parameter, or a local holding SecurityContextHolder's
 * authentication, found absent (`principal == null`, `!auth.isAuthenticated()`) or present (`user != null`).
 */
function principalTests(text: string, principal: AuthEvidence | null): { absent: string; present: string } | undefined {
  const names = [
    principal?.what.split(' ').pop(),
    /(\w+)\s*=\s*SecurityContextHolder\s*\.\s*getContext\(\s*\)\s*\.\s*getAuthentication\(\s*\)/.exec(text)?.[1],
  ].filter((n): n is string => n !== undefined && /^\w+$/.test(n));
  if (names.length === 0) return undefined;
  const name = `(?:${names.join('|')})`;
  return {
    absent: String.raw`(?:${name}\s*==\s*null|null\s*==\s*${name}|Objects\.isNull\(\s*${name}\s*\)|!\s*${name}\.isAuthenticated\(\s*\))`,
    present: String.raw`(?:${name}\s*!=\s*null|null\s*!=\s*${name}|Objects\.nonNull\(\s*${name}\s*\)|Optional\.ofNullable\(\s*${name}\s*\))`,
  };
}

/** The line of a handler's body at an index of its text. */
function bodyLine(method: JavaMethod, index: number): number {
  if (!method.body) return method.line;
  return method.body.line + (method.body.text.slice(0, index).match(/\n/g)?.length ?? 0);
}

/**
 * A route `permitAll()` lets through whose handler tests whether Spring handed it a principal and serves both ways
 * (`if (user == null) return new ResponseEntity<>("", HttpStatus.OK)`, `principal != null ? "Hello " +
 * principal.getName() : "Hello"`): the chain still reads the session or token a caller sends, and the handler answers
 * a signed-in caller differently, so the route is optional, the test and its line the evidence.
 */
function permittedOptional(
  auth: OperationAuth,
  handler: JavaMethod,
  principal: AuthEvidence | null,
  file: string,
): OperationAuth {
  if (auth.state !== 'none' || !auth.evidence.some((e) => /\.permitAll\(\)/.test(e.what))) return auth;
  const tests = principalTests(handler.body?.text ?? '', principal);
  const found = tests && new RegExp(`${tests.absent}|${tests.present}`).exec(handler.body?.text ?? '');
  if (!found) return auth;
  const what = `${found[0].replace(/\s+/g, ' ').slice(0, 100)}: serves callers with and without a principal`;
  return {
    ...auth,
    state: 'optional',
    evidence: [...auth.evidence, { file, line: bodyLine(handler, found.index), what }],
    reason: 'permitAll() lets anonymous callers on; the handler reads the principal when one is signed in',
  };
}

/**
 * A handler that answers 401/403 itself when Spring hands it no principal (`if (principal == null) return
 * ResponseEntity.status(HttpStatus.UNAUTHORIZED).build()`, `ResponseEntity.status(principal == null ?
 * HttpStatus.UNAUTHORIZED : HttpStatus.OK)`): behind a `permitAll()` matcher it still turns anonymous callers away.
 */
function handlerRejectsAnonymous(
  method: JavaMethod,
  principal: AuthEvidence | null,
  file: string,
): AuthEvidence | undefined {
  if (!method.body) return undefined;
  const text = method.body.text;
  const denied = String.raw`(?:HttpStatus\.(?:UNAUTHORIZED|FORBIDDEN)|\b40[13]\b|[Uu]nauthori[sz]ed\w*|\w+\.(?:UNAUTHORI[SZ]ED|FORBIDDEN)\b|AccessDenied\w*|\.forbidden\()`;
  const refused = (found: RegExpExecArray | null, when = 'without a principal'): AuthEvidence | undefined => {
    if (!found) return undefined;
    return {
      file,
      line: bodyLine(method, found.index),
      what: `${found[0].replace(/\s+/g, ' ').slice(0, 100)} → 401/403 ${when}`,
    };
  };
  // The handler hands its request to a call that reads the token from it, and answers 401/403 when that fails:
  // `try { jwtUtil.invalidateJWT(request); } catch (SecurityException e) { throw new SecurityException(UNAUTHORIZED); }`.
  const request = method.params.find((p) =>
    /^(?:jakarta|javax)?\.?(?:servlet\.http\.)?HttpServletRequest$/.test(renderExpr(p.type)),
  );
  if (request !== undefined && /^\w+$/.test(request.name)) {
    const tokenCall = String.raw`\w*(?:[Jj]wt|JWT|[Tt]oken|[Cc]redential)\w*\s*\([^;{}]*\b${request.name}\b[^;{}]*\)`;
    const own = refused(
      new RegExp(
        String.raw`try\s*\{[^{}]*${tokenCall}[^{}]*\}\s*catch\s*\([^)]*\)\s*\{\s*(?:return|throw)\b[^;]*${denied}`,
      ).exec(text),
      "when the request's token cannot be read",
    );
    if (own) return own;
  }
  const tests = principalTests(text, principal);
  if (tests === undefined) return undefined;
  const { absent, present } = tests;
  const forms = [
    // if (principal == null) { return …UNAUTHORIZED…; }, if (auth == null || !auth.isAuthenticated()) throw …
    new RegExp(String.raw`if\s*\(\s*${absent}[^{};]{0,200}?\)\s*\{?\s*(?:return|throw)\b[^;]*${denied}`),
    // principal == null ? HttpStatus.UNAUTHORIZED : …
    new RegExp(String.raw`${absent}\s*\?\s*[^:;]*${denied}`),
    // principal != null ? … : HttpStatus.UNAUTHORIZED
    new RegExp(String.raw`${present}\s*\?[^:;]*:\s*[^;]*${denied}`),
  ];
  return refused(forms.map((f) => f.exec(text)).find((m) => m !== null) ?? null);
}

const VERB_ANNOTATIONS: Record<string, HttpMethod> = {
  GetMapping: 'GET',
  PostMapping: 'POST',
  PutMapping: 'PUT',
  DeleteMapping: 'DELETE',
  PatchMapping: 'PATCH',
};
const SCALARS: Record<string, Schema> = {
  String: { type: ['string'] },
  CharSequence: { type: ['string'] },
  char: { type: ['string'] },
  Character: { type: ['string'] },
  int: { type: ['integer'], format: 'int32' },
  Integer: { type: ['integer'], format: 'int32' },
  long: { type: ['integer'], format: 'int64' },
  Long: { type: ['integer'], format: 'int64' },
  short: { type: ['integer'] },
  Short: { type: ['integer'] },
  BigInteger: { type: ['integer'] },
  double: { type: ['number'], format: 'double' },
  Double: { type: ['number'], format: 'double' },
  float: { type: ['number'], format: 'float' },
  Float: { type: ['number'], format: 'float' },
  BigDecimal: { type: ['number'] },
  boolean: { type: ['boolean'] },
  Boolean: { type: ['boolean'] },
  UUID: { type: ['string'], format: 'uuid' },
  LocalDate: { type: ['string'], format: 'date' },
  LocalDateTime: { type: ['string'], format: 'date-time' },
  OffsetDateTime: { type: ['string'], format: 'date-time' },
  ZonedDateTime: { type: ['string'], format: 'date-time' },
  Instant: { type: ['string'], format: 'date-time' },
  Date: { type: ['string'], format: 'date-time' },
  MultipartFile: { type: ['string'], format: 'binary' },
};
const WRAPPERS = new Set([
  'ResponseEntity',
  'Optional',
  'Mono',
  'CompletableFuture',
  'Callable',
  'DeferredResult',
  'HttpEntity',
]);
const ARRAYS = new Set(['List', 'Set', 'Collection', 'Iterable', 'Flux', 'Page', 'Stream']);
const REQUIRED_MARKERS = new Set(['NotNull', 'NotBlank', 'NotEmpty', 'NonNull']);

/**
 * Spring MVC controllers of a checkout: class-level and method-level mappings, constants from any class, mappings
 * inherited from interfaces and base classes, parameters, bodies and statuses.
 */
export class SpringReader {
  private readonly bySimpleName = new Map<string, JavaClass[]>();
  readonly schemas: Record<string, Schema> = {};
  private readonly schemaKeys = new Map<JavaClass, string>();

  /**
   * Jackson's inclusion for properties no annotation rules on: `spring.jackson.default-property-inclusion`, else
   * ALWAYS. Unknown when the app sets it in code (`setSerializationInclusion`, a builder's `serializationInclusion`),
   * or under a profile nothing activates: then no property counts as always sent.
   */
  private readonly defaultInclusion: string | undefined;

  constructor(
    private readonly files: readonly JavaFile[],
    private readonly properties: SpringProperties,
    private readonly security?: SpringSecurity,
    /** Off: handlers are not described (no parameters, bodies or statuses), to measure what that costs. */
    private readonly wire = true,
    /** The app configures Jackson's inclusion in code, which is not read. */
    inclusionSetInCode = false,
  ) {
    const key = 'spring.jackson.default-property-inclusion';
    const configured = properties.values.get(key);
    this.defaultInclusion =
      inclusionSetInCode || properties.uncertain.has(key)
        ? undefined
        : configured === undefined
          ? 'ALWAYS'
          : configured.trim().toUpperCase().replace(/-/g, '_');
    for (const file of files) {
      for (const cls of file.classes) {
        const list = this.bySimpleName.get(cls.name) ?? [];
        list.push(cls);
        this.bySimpleName.set(cls.name, list);
      }
    }
  }

  /** A class by simple name, preferring one the importing file names explicitly. */
  private findClass(name: string, from?: JavaFile): JavaClass | undefined {
    const candidates = this.bySimpleName.get(name);
    if (candidates === undefined) return undefined;
    const fqn = from?.imports.get(name);
    if (fqn !== undefined) {
      const pkgPath = fqn.split('.').slice(0, -1).join('/');
      const hit = candidates.find((c) => c.file.path.includes(`${pkgPath}/`));
      if (hit !== undefined) return hit;
    }
    return candidates.find((c) => c.file === from) ?? candidates[0];
  }

  private fieldValue(cls: JavaClass, name: string, depth: number): PathText | undefined {
    if (depth > 12) return undefined;
    const field = cls.fields.find((f) => f.name === name && f.value !== undefined);
    if (field?.value !== undefined) return this.evaluate(field.value, cls, depth + 1);
    const related = [cls.outer, cls.superclass, ...cls.interfaces].filter((n): n is string => n !== undefined);
    for (const n of related) {
      const other = this.findClass(n, cls.file);
      if (other !== undefined && other !== cls) {
        const v = this.fieldValue(other, name, depth + 1);
        if (v !== undefined) return v;
      }
    }
    return undefined;
  }

  /** Evaluates a constant expression (literals, constants of any class, concatenation, property placeholders). */
  evaluate(e: Expr, cls: JavaClass, depth = 0): PathText {
    switch (e.k) {
      case 'str':
        return resolvePlaceholders(e.v, this.properties);
      case 'num':
        return knownPath(String(e.v));
      case 'concat': {
        let out = knownPath('');
        for (const part of e.parts) out = concatText(out, this.evaluate(part, cls, depth + 1));
        return out;
      }
      case 'name': {
        const own = this.fieldValue(cls, e.id, depth);
        if (own !== undefined) return own;
        const fqn = cls.file.imports.get(e.id);
        const owner = fqn?.split('.').slice(-2)[0];
        const target = owner === undefined ? undefined : this.findClass(owner, cls.file);
        const imported = target === undefined ? undefined : this.fieldValue(target, e.id, depth + 1);
        return imported ?? unknownPath(e.id);
      }
      case 'attr': {
        const owner = dottedName(e.obj)?.split('.').pop();
        const target = owner === undefined ? undefined : this.findClass(owner, cls.file);
        const value = target === undefined ? undefined : this.fieldValue(target, e.name, depth + 1);
        return value ?? unknownPath(renderExpr(e));
      }
      default:
        return unknownPath(renderExpr(e));
    }
  }

  private paths(annotation: JavaAnnotation, cls: JavaClass): PathText[] {
    const expr = annotation.args.value ?? annotation.args.path;
    if (expr === undefined) return [knownPath('')];
    const items = expr.k === 'list' ? expr.items : [expr];
    return items.length === 0 ? [knownPath('')] : items.map((item) => this.evaluate(item, cls));
  }

  private methodsOf(annotation: JavaAnnotation): HttpMethod[] {
    const verb = VERB_ANNOTATIONS[annotation.name];
    if (verb !== undefined) return [verb];
    const expr = annotation.args.method;
    if (expr === undefined) return ANY_METHODS;
    const items = expr.k === 'list' ? expr.items : [expr];
    const out: HttpMethod[] = [];
    for (const item of items) {
      const name = item.k === 'attr' ? item.name : item.k === 'name' ? item.id : '';
      if ((ANY_METHODS as string[]).includes(name) || name === 'TRACE') out.push(name as HttpMethod);
    }
    return out.length > 0 ? out : ANY_METHODS;
  }

  private isController(cls: JavaClass): boolean {
    return cls.kind === 'class' && cls.annotations.some((a) => a.name.endsWith('Controller'));
  }

  /** The class and its project ancestors (base classes, interfaces), nearest first. */
  private lineage(cls: JavaClass): JavaClass[] {
    const out: JavaClass[] = [];
    const queue: JavaClass[] = [cls];
    while (queue.length > 0 && out.length < 20) {
      const c = queue.shift() as JavaClass;
      if (out.includes(c)) continue;
      out.push(c);
      for (const n of [c.superclass, ...c.interfaces]) {
        const parent = n === undefined ? undefined : this.findClass(n, c.file);
        if (parent !== undefined) queue.push(parent);
      }
    }
    return out;
  }

  /** Every route of every controller. */
  routes(): ExtractedRoute[] {
    const out: ExtractedRoute[] = [];
    for (const file of this.files) {
      for (const cls of file.classes) {
        if (!this.isController(cls)) continue;
        const lineage = this.lineage(cls);
        const classMapping = lineage
          .map((c) => c.annotations.find((a) => a.name === 'RequestMapping'))
          .find((a) => a !== undefined);
        const owner = lineage.find((c) => c.annotations.includes(classMapping as JavaAnnotation)) ?? cls;
        const prefixes = classMapping === undefined ? [knownPath('')] : this.paths(classMapping, owner);
        const seen = new Set<string>();
        for (const declaring of lineage) {
          for (const method of declaring.methods) {
            const mapping = method.annotations.find(
              (a) => a.name === 'RequestMapping' || VERB_ANNOTATIONS[a.name] !== undefined,
            );
            const signature = `${method.name}/${method.params.length}`;
            if (mapping === undefined || seen.has(signature)) continue;
            seen.add(signature);
            const own = cls.methods.find((m) => m.name === method.name && m.params.length === method.params.length);
            const where = own ?? method;
            const whereFile = own !== undefined ? cls.file : declaring.file;
            const line = own !== undefined ? own.line : mapping.line;
            for (const prefix of prefixes) {
              for (const p of this.paths(mapping, declaring)) {
                const full = joinText(prefix, p);
                for (const verb of this.methodsOf(mapping)) {
                  const path = templatePath(full.known, 'braces');
                  // Method security on the method (its override or declaration) and on the controller's lineage.
                  const guards = [
                    ...(own?.annotations ?? []),
                    ...(own !== method ? method.annotations : []),
                    ...lineage.flatMap((c) => c.annotations),
                  ];
                  const hidden = hiddenFromDocs(guards, whereFile);
                  out.push({
                    method: verb,
                    path,
                    file: whereFile.path,
                    line,
                    framework: 'spring',
                    ...(hidden !== undefined ? { hidden } : {}),
                    ...(full.unresolved !== undefined ? { unresolvedPrefix: full.unresolved } : {}),
                    ...(this.wire ? this.describe(method, declaring, where) : {}),
                    ...(this.security ? { auth: this.routeAuth(verb, path, guards, where, whereFile.path) } : {}),
                  });
                }
              }
            }
          }
        }
      }
    }
    return out;
  }

  /** The chain's and method security's verdict, then the handler's own check of the principal. */
  private routeAuth(
    verb: HttpMethod,
    path: string,
    guards: readonly JavaAnnotation[],
    handler: JavaMethod,
    file: string,
  ): OperationAuth {
    const principal = principalParam(handler, file);
    const auth: OperationAuth = { ...(this.security as SpringSecurity).authOf(verb, path, guards, file), principal };
    if (auth.state === 'required') return auth;
    const own = handlerRejectsAnonymous(handler, principal, file);
    if (!own) return permittedOptional(auth, handler, principal, file);
    const { reason: _reason, ...rest } = auth;
    return { ...rest, state: 'required', evidence: [...auth.evidence, own] };
  }

  private describe(
    method: JavaMethod,
    cls: JavaClass,
    impl: JavaMethod,
  ): Pick<ExtractedRoute, 'parameters' | 'requestBody' | 'responses'> {
    const parameters: Parameter[] = [];
    let requestBody: RequestBody | undefined;
    for (const param of method.params) {
      const annotation = param.annotations.find((a) =>
        ['PathVariable', 'RequestParam', 'RequestHeader', 'CookieValue', 'RequestBody'].includes(a.name),
      );
      if (annotation === undefined) continue;
      const schema = this.schemaOf(param.type, cls);
      if (annotation.name === 'RequestBody') {
        const required = annotation.args.required?.k !== 'bool' || annotation.args.required.v;
        requestBody = { required, content: { 'application/json': { schema } } };
        continue;
      }
      const nameExpr = annotation.args.value ?? annotation.args.name;
      const name = nameExpr?.k === 'str' ? nameExpr.v : param.name;
      const typeName = dottedName(param.type.k === 'sub' ? param.type.value : param.type) ?? '';
      const optional =
        (annotation.args.required?.k === 'bool' && !annotation.args.required.v) ||
        annotation.args.defaultValue !== undefined ||
        typeName === 'Optional';
      const where =
        annotation.name === 'PathVariable'
          ? 'path'
          : annotation.name === 'RequestHeader'
            ? 'header'
            : annotation.name === 'CookieValue'
              ? 'cookie'
              : 'query';
      parameters.push({ name, in: where, required: where === 'path' || !optional, schema });
    }
    const statusAnnotation =
      impl.annotations.find((a) => a.name === 'ResponseStatus') ??
      method.annotations.find((a) => a.name === 'ResponseStatus');
    const statusExpr = statusAnnotation?.args.value ?? statusAnnotation?.args.code;
    const status = statusExpr?.k === 'attr' ? (STATUS_BY_NAME[statusExpr.name] ?? 200) : 200;
    const returns = dottedName(method.returns) ?? '';
    const body = returns === 'void' || returns === 'Void' ? undefined : this.schemaOf(method.returns, cls);
    const hasBody = body !== undefined && Object.keys(body).length > 0;
    const responses: Response[] = [
      { status: String(status), headers: {}, content: hasBody ? { 'application/json': { schema: body } } : {} },
    ];
    return { parameters, ...(requestBody ? { requestBody } : {}), responses };
  }

  /** The schema of a Java type; project DTOs, records and enums become named schemas. */
  schemaOf(type: Expr, from: JavaClass, depth = 0): Schema {
    if (depth > 10) return {};
    if (type.k === 'sub') {
      const head = dottedName(type.value)?.split('.').pop() ?? '';
      const [first, second] = type.args;
      if (WRAPPERS.has(head)) return first === undefined ? {} : this.schemaOf(first, from, depth + 1);
      if (ARRAYS.has(head))
        return { type: ['array'], items: first === undefined ? {} : this.schemaOf(first, from, depth + 1) };
      if (head === 'Map')
        return {
          type: ['object'],
          ...(second ? { additionalProperties: this.schemaOf(second, from, depth + 1) } : {}),
        };
      return this.schemaOf(type.value, from, depth + 1);
    }
    const name = dottedName(type)?.split('.').pop() ?? '';
    const scalar = SCALARS[name];
    if (scalar !== undefined) return { ...scalar };
    if (name === 'Object' || name === '?' || name === 'JsonNode') return {};
    if (name === 'Map' || name === 'HashMap') return { type: ['object'] };
    const cls = this.findClass(name, from.file);
    if (cls === undefined) return {};
    if (cls.kind === 'enum') return { type: ['string'], enum: [...cls.enumConstants] };
    let key = this.schemaKeys.get(cls);
    if (key !== undefined) return { $ref: key };
    key = cls.name;
    for (let n = 2; key in this.schemas; n++) key = `${cls.name}${n}`;
    this.schemaKeys.set(cls, key);
    const schema: Schema = { type: ['object'], properties: {}, location: { file: cls.file.path, line: cls.line } };
    this.schemas[key] = schema;
    const required: string[] = [];
    const classInclusion = this.lineage(cls)
      .map((c) => jacksonInclusion(c.annotations))
      .find((i) => i !== undefined);
    for (const c of this.lineage(cls).reverse()) {
      for (const field of c.fields) {
        if (field.isStatic || field.annotations.some((a) => a.name === 'JsonIgnore')) continue;
        const rename = field.annotations.find((a) => a.name === 'JsonProperty')?.args.value;
        const prop = rename?.k === 'str' ? rename.v : field.name;
        // Jackson writes every property, null or not, unless an inclusion rule says otherwise (field, class, then the
        // app's default): such a property is always in the response, whatever its declaration requires.
        const inclusion = jacksonInclusion(field.annotations) ?? classInclusion ?? this.defaultInclusion;
        (schema.properties as Record<string, Schema>)[prop] = {
          ...this.schemaOf(field.type, c, depth + 1),
          location: { file: c.file.path, line: field.line },
          ...(inclusion === 'ALWAYS' ? { alwaysSent: true } : {}),
        };
        if (field.annotations.some((a) => REQUIRED_MARKERS.has(a.name))) required.push(prop);
      }
    }
    if (required.length > 0) schema.required = required;
    return { $ref: key };
  }
}

/**
 * The inclusion a `@JsonInclude` annotation sets (`ALWAYS`, `NON_NULL`, `NON_EMPTY`, …); `@JsonInclude` alone is
 * ALWAYS, and `USE_DEFAULTS` defers to the enclosing rule (undefined, as no annotation).
 */
function jacksonInclusion(annotations: readonly JavaAnnotation[]): string | undefined {
  const a = annotations.find((x) => x.name === 'JsonInclude');
  if (a === undefined) return undefined;
  const value = a.args.value;
  const name = value === undefined ? 'ALWAYS' : value.k === 'attr' ? value.name : undefined;
  return name === 'USE_DEFAULTS' ? undefined : (name ?? 'UNKNOWN');
}

/**
 * How a route is kept out of the app's generated docs, when it is: springdoc's (swagger-core's) `@Hidden` on the
 * method or its controller, `@Operation(hidden = true)`, or springfox's `@ApiIgnore`. The route still serves
 * requests; it is listed as left out with its auth. `annotations` are the method's first, then its classes'.
 */
function hiddenFromDocs(annotations: readonly JavaAnnotation[], file: JavaFile): string | undefined {
  const from = (name: string) => file.imports.get(name);
  for (const a of annotations) {
    if (a.name === 'Hidden' && (from('Hidden') ?? 'io.swagger.v3.oas.annotations.Hidden').startsWith('io.swagger.'))
      return '@Hidden';
    if (a.name === 'ApiIgnore') return '@ApiIgnore';
    const hidden = a.args.hidden;
    if (a.name === 'Operation' && hidden?.k === 'bool' && hidden.v) return '@Operation(hidden = true)';
  }
  return undefined;
}
