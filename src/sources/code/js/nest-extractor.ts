import type * as TS from 'typescript';
import type { HttpMethod, Parameter, Response, Schema, SecurityRequirement } from '../../../model/index.js';
import type { RepoFiles } from '../../repo/index.js';
import type { CodeDocs } from '../code-docs.js';
import {
  type AnalysisSwitches,
  analysisOf,
  type ExtractContext,
  type ExtractedRoute,
  type ExtractResult,
  type RouteExtractor,
} from '../extractor.js';
import { ANY_METHODS } from '../handler-names.js';
import { statusOf } from './describe-handler.js';
import { Evaluator } from './evaluator.js';
import { loadJsProject } from './js-project.js';
import { NestAuth } from './nest-auth.js';
import { controllerWrapperNames, decoratorsOf, type NestDecorator, NestDecorators } from './nest-decorators.js';
import { NestExceptions } from './nest-exceptions.js';
import { calledServiceMethod, emptyAnswer, relationsLoadedLazily } from './orm-loading.js';
import { JS_EXTENSIONS, lineOf, propertyNameText, unwrapExpression } from './parse-js.js';
import { readPrismaModels } from './prisma-models.js';
import { joinPathValues, type PathValue } from './static-value.js';
import { NO_RELATIONS, orNull, TypeSchemas } from './type-to-schema.js';
import { ts } from './typescript.js';

const METHOD_DECORATORS: Record<string, HttpMethod[]> = {
  Get: ['GET'],
  Post: ['POST'],
  Put: ['PUT'],
  Patch: ['PATCH'],
  Delete: ['DELETE'],
  Options: ['OPTIONS'],
  Head: ['HEAD'],
  // `@All()` is Express's `router.all`: every method.
  All: ANY_METHODS,
};

interface Versioning {
  uri: boolean;
  prefix: string;
  defaultVersions: string[] | undefined;
}

interface GlobalPrefix {
  path: PathValue;
  exclude: { path: string; method?: string }[];
  /** The `setGlobalPrefix` call. */
  at: { file: string; line: number };
}

/** Nest's `RequestMethod` enum member names. */
const REQUEST_METHOD = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'ALL', 'OPTIONS', 'HEAD'];

class NestAnalysis {
  readonly ev: Evaluator;
  readonly types: TypeSchemas;
  readonly schemas: Record<string, Schema> = {};
  globalPrefix: GlobalPrefix | undefined;
  versioning: Versioning | undefined;
  /** Controller class name → RouterModule path prefixes. */
  readonly modulePrefixes = new Map<string, PathValue[]>();
  readonly auth: NestAuth;
  readonly exceptions: NestExceptions;
  readonly decorators: NestDecorators;

  constructor(
    modules: Awaited<ReturnType<typeof loadJsProject>>['modules'],
    env: Readonly<Record<string, string>>,
    resolver: (from: string, spec: string) => string | undefined,
    private readonly switches: Readonly<AnalysisSwitches>,
  ) {
    this.ev = new Evaluator(modules, env);
    this.ev.resolver = resolver;
    this.types = new TypeSchemas(modules, this.schemas);
    this.auth = new NestAuth(this.ev);
    this.exceptions = new NestExceptions(this.ev);
    this.decorators = new NestDecorators(this.ev);
  }

  private strings(expr: TS.Expression | undefined): PathValue[] | undefined {
    if (!expr) return undefined;
    const v = this.ev.evaluate(expr);
    if (v?.kind === 'array') return v.elements.flatMap((e) => this.strings(e) ?? []);
    if (v?.kind === 'object') return undefined;
    return [this.ev.evaluatePath(expr)];
  }

  private versionsOf(expr: TS.Expression | undefined): string[] | undefined {
    if (!expr) return undefined;
    const e = unwrapExpression(expr);
    if (e.getText().endsWith('VERSION_NEUTRAL')) return [''];
    const v = this.ev.evaluate(e);
    if (v?.kind === 'array') return v.elements.flatMap((x) => this.versionsOf(x) ?? []);
    if (v?.kind === 'string' && v.path.unresolved === undefined) return [v.path.text];
    return undefined;
  }

  private objectProp(obj: TS.Expression | undefined, key: string): TS.Expression | undefined {
    const v = obj ? this.ev.evaluate(obj) : undefined;
    if (v?.kind !== 'object') return undefined;
    for (const p of v.node.properties) {
      if (ts.isPropertyAssignment(p) && propertyNameText(p.name) === key) return p.initializer;
      if (ts.isShorthandPropertyAssignment(p) && p.name.text === key) return p.name;
    }
    return undefined;
  }

  /** Reads `setGlobalPrefix`, `enableVersioning` and `RouterModule.register` anywhere in the code. */
  readBootstrap(sourceFile: TS.SourceFile): void {
    const visit = (node: TS.Node): void => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
        const name = node.expression.name.text;
        const [a0, a1] = node.arguments;
        // A prefix set under a condition the configuration's defaults make false (`if (serveClient)
        // app.setGlobalPrefix('/api')` with SERVE_CLIENT empty in the env example) is not the app's default prefix.
        const reached = name === 'setGlobalPrefix' && a0 ? this.reachedWhen(node) : undefined;
        if (name === 'setGlobalPrefix' && a0 && reached?.holds !== false) {
          const exclude: GlobalPrefix['exclude'] = [];
          const ex = this.objectProp(a1, 'exclude');
          const exv = ex ? this.ev.evaluate(ex) : undefined;
          for (const el of exv?.kind === 'array' ? exv.elements : []) {
            const v = this.ev.evaluate(el);
            if (v?.kind === 'string') exclude.push({ path: v.path.text });
            else if (v?.kind === 'object') {
              const p = this.objectProp(el, 'path');
              const m = this.objectProp(el, 'method');
              const pv = p ? this.ev.evaluate(p) : undefined;
              if (pv?.kind === 'string') {
                const method = m ? REQUEST_METHOD.find((rm) => m.getText().endsWith(`.${rm}`)) : undefined;
                exclude.push({ path: pv.path.text, ...(method && method !== 'ALL' ? { method } : {}) });
              }
            }
          }
          this.globalPrefix = {
            path: this.prefixUnder(a0, reached?.undecided ?? []),
            exclude,
            at: { file: sourceFile.fileName, line: lineOf(node) },
          };
        } else if (name === 'enableVersioning') {
          const type = this.objectProp(a0, 'type');
          const uri = !type || /URI$/.test(type.getText());
          const prefixExpr = this.objectProp(a0, 'prefix');
          const prefixValue = prefixExpr ? this.ev.evaluate(prefixExpr) : undefined;
          const prefix =
            prefixExpr?.kind === ts.SyntaxKind.FalseKeyword
              ? ''
              : prefixValue?.kind === 'string'
                ? prefixValue.path.text
                : 'v';
          this.versioning = { uri, prefix, defaultVersions: this.versionsOf(this.objectProp(a0, 'defaultVersion')) };
        } else if (
          (name === 'register' || name === 'forRoutes') &&
          node.expression.expression.getText() === 'RouterModule' &&
          a0
        ) {
          this.readRouterModule(a0, { text: '' });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }

  /**
   * Whether the conditions around a statement (`if`, `cond && …`, `cond ? … : …`) hold with the configuration's
   * defaults: false when one of them is decided false, true when all are decided true, undefined otherwise.
   */
  private reachedWhen(node: TS.Node): { holds: boolean | undefined; undecided: string[] } {
    let verdict: boolean | undefined = true;
    const undecided: string[] = [];
    for (
      let child = node, parent = node.parent;
      parent && !ts.isSourceFile(parent);
      child = parent, parent = parent.parent
    ) {
      let needed: boolean | undefined;
      let condition: TS.Expression | undefined;
      if (ts.isIfStatement(parent) && child !== parent.expression) {
        condition = parent.expression;
        needed = child === parent.thenStatement;
      } else if (ts.isConditionalExpression(parent) && child !== parent.condition) {
        condition = parent.condition;
        needed = child === parent.whenTrue;
      } else if (
        ts.isBinaryExpression(parent) &&
        child === parent.right &&
        (parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken ||
          parent.operatorToken.kind === ts.SyntaxKind.BarBarToken)
      ) {
        condition = parent.left;
        needed = parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken;
      }
      if (condition === undefined) continue;
      const holds = this.truthOf(condition, 0);
      if (holds === undefined) {
        verdict = undefined;
        undecided.push(`${needed ? '' : 'not '}${condition.getText().replace(/\s+/g, ' ')}`);
      } else if (holds !== needed) return { holds: false, undecided };
    }
    return { holds: verdict, undecided };
  }

  /**
   * The global prefix as the app sets it. Under a condition the configuration's defaults leave undecided (`if
   * (process.env.X) app.setGlobalPrefix('api')`), or chosen by one (`setGlobalPrefix(cond ? 'api' : '')`), the app
   * may serve its routes with the prefix or without: the prefix is unresolved, named with its condition, so each
   * route matches either reading and the output says so.
   */
  private prefixUnder(arg: TS.Expression, undecided: readonly string[]): PathValue {
    const e = unwrapExpression(arg);
    if (ts.isConditionalExpression(e)) {
      const holds = this.truthOf(e.condition, 0);
      if (holds !== undefined) return this.prefixUnder(holds ? e.whenTrue : e.whenFalse, undecided);
      const [yes, no] = [this.ev.evaluatePath(e.whenTrue), this.ev.evaluatePath(e.whenFalse)];
      if (yes.unresolved !== undefined || no.unresolved !== undefined || yes.text !== no.text)
        return { text: '', unresolved: `setGlobalPrefix(${e.getText().replace(/\s+/g, ' ')})` };
      return this.prefixUnder(e.whenTrue, undecided);
    }
    const path = this.ev.evaluatePath(arg);
    if (undecided.length === 0 || (path.unresolved === undefined && (path.text === '' || path.text === '/')))
      return path;
    return { text: '', unresolved: `setGlobalPrefix(${arg.getText()}) only when ${undecided.join(' and ')}` };
  }

  /** The truth of a condition on configuration (`Boolean(process.env.X)`, `!flag`, `env.MODE === 'x'`), if decided. */
  private truthOf(expression: TS.Expression, depth: number): boolean | undefined {
    if (depth > 6) return undefined;
    const e = unwrapExpression(expression);
    if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
    if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
      const inner = this.truthOf(e.operand, depth + 1);
      return inner === undefined ? undefined : !inner;
    }
    if (ts.isCallExpression(e) && e.expression.getText() === 'Boolean' && e.arguments[0])
      return this.truthOf(e.arguments[0], depth + 1);
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) {
        const [l, r] = [this.truthOf(e.left, depth + 1), this.truthOf(e.right, depth + 1)];
        const and = op === ts.SyntaxKind.AmpersandAmpersandToken;
        if (l === !and || r === !and) return !and;
        return l === undefined || r === undefined ? undefined : and;
      }
      const equal = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
      if (equal || op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken) {
        const [l, r] = [this.resolvedText(e.left), this.resolvedText(e.right)];
        return l === undefined || r === undefined ? undefined : (l === r) === equal;
      }
      return undefined;
    }
    if (ts.isIdentifier(e)) {
      const bound = this.ev.bindingOf(e.text, e);
      const decl = bound?.access.length === 0 ? bound.decl : undefined;
      if (
        decl &&
        ts.isVariableDeclaration(decl) &&
        decl.initializer &&
        ts.getCombinedNodeFlags(decl) & ts.NodeFlags.Const
      )
        return this.truthOf(decl.initializer, depth + 1);
      return undefined;
    }
    const text = this.resolvedText(e);
    return text === undefined ? undefined : text !== '';
  }

  /** A string the expression holds when nothing in it is left unresolved. */
  private resolvedText(expr: TS.Expression): string | undefined {
    const v = this.ev.evaluate(expr);
    return v?.kind === 'string' && v.path.unresolved === undefined ? v.path.text : undefined;
  }

  private readRouterModule(routes: TS.Expression, parent: PathValue): void {
    const v = this.ev.evaluate(routes);
    if (v?.kind !== 'array') return;
    for (const el of v.elements) {
      const pathExpr = this.objectProp(el, 'path');
      const path = pathExpr ? joinPathValues(parent, this.ev.evaluatePath(pathExpr)) : parent;
      const moduleExpr = this.objectProp(el, 'module');
      const mod = moduleExpr ? this.ev.evaluate(moduleExpr) : undefined;
      if (mod?.kind === 'class') {
        for (const d of decoratorsOf(mod.node)) {
          if (d.name !== 'Module') continue;
          for (const cname of this.controllerNames(this.objectProp(d.args[0], 'controllers')))
            this.modulePrefixes.set(cname, [...(this.modulePrefixes.get(cname) ?? []), path]);
        }
      }
      const children = this.objectProp(el, 'children');
      if (children) this.readRouterModule(children, path);
    }
  }

  /**
   * Class names of a module's `controllers`: a list (spreads followed), or `Object.values(ns)` of a namespace import
   * (`import * as controllers from './controllers'`), which lists every class that folder exports.
   */
  private controllerNames(expr: TS.Expression | undefined, depth = 0): string[] {
    if (!expr || depth > 4) return [];
    const e = unwrapExpression(expr);
    if (ts.isCallExpression(e) && e.expression.getText() === 'Object.values' && e.arguments[0] !== undefined) {
      const ns = this.ev.evaluate(e.arguments[0]);
      if (ns?.kind !== 'module') return [];
      return this.ev.exportNames(ns.file).flatMap((n) => {
        const v = this.ev.exportValue(ns.file, n);
        return v?.kind === 'class' && v.node.name ? [v.node.name.text] : [];
      });
    }
    const list = this.ev.evaluate(e);
    if (list?.kind !== 'array') return [];
    return list.elements.flatMap((c) => {
      if (ts.isSpreadElement(c)) return this.controllerNames(c.expression, depth + 1);
      const cls = this.ev.evaluate(c);
      return cls?.kind === 'class' && cls.node.name ? [cls.node.name.text] : [];
    });
  }

  private excluded(path: string, method: HttpMethod): boolean {
    const bare = path.replace(/^\//, '');
    return (this.globalPrefix?.exclude ?? []).some(
      (e) => e.path.replace(/^\//, '') === bare && (e.method === undefined || e.method === method),
    );
  }

  /** Routes of one controller class. */
  controllerRoutes(cls: TS.ClassDeclaration): ExtractedRoute[] {
    // `@Controller(…)` as written, or applied by a custom decorator of the project (`@ApiController('users')`).
    const classDecorators = this.decorators.expand(decoratorsOf(cls));
    const controller = classDecorators.find((d) => d.name === 'Controller' && !d.composite);
    if (!controller) return [];
    let controllerPaths: PathValue[] = [{ text: '' }];
    let controllerVersions: string[] | undefined;
    const arg = controller.args[0];
    if (arg) {
      this.ev.withBindings(controller.bindings, () => {
        const v = this.ev.evaluate(arg);
        if (v?.kind === 'object') {
          const p = this.objectProp(arg, 'path');
          controllerPaths = (p && this.strings(p)) || [{ text: '' }];
          controllerVersions = this.versionsOf(this.objectProp(arg, 'version'));
        } else controllerPaths = this.strings(arg) ?? [{ text: '' }];
      });
    }
    const classVersion = classDecorators.find((d) => d.name === 'Version' && !d.composite);
    if (classVersion)
      controllerVersions = this.ev.withBindings(classVersion.bindings, () => this.versionsOf(classVersion.args[0]));
    const modulePaths = this.modulePrefixes.get(cls.name?.text ?? '') ?? [{ text: '' }];
    const file = cls.getSourceFile().fileName;
    const routes: ExtractedRoute[] = [];
    for (const member of cls.members) {
      if (!ts.isMethodDeclaration(member)) continue;
      const decorators = this.decorators.expand(decoratorsOf(member));
      const versionDecorator = decorators.find((d) => d.name === 'Version' && !d.composite);
      const versions = (versionDecorator
        ? this.ev.withBindings(versionDecorator.bindings, () => this.versionsOf(versionDecorator.args[0]))
        : controllerVersions) ??
        this.versioning?.defaultVersions ?? [''];
      for (const d of decorators) {
        const methods = d.composite ? undefined : METHOD_DECORATORS[d.name];
        if (!methods) continue;
        const methodPaths = this.ev.withBindings(d.bindings, () =>
          d.args[0] ? (this.strings(d.args[0]) ?? [{ text: '' }]) : [{ text: '' }],
        );
        const evidence: Pick<
          ExtractedRoute,
          'parameters' | 'requestBody' | 'responses' | 'operationId' | 'notCompared'
        > = this.switches.wire
          ? this.withRefusals(
              this.describeMethod(member, methods[0] as HttpMethod, file, lineOf(d.node)),
              member,
              this.auth.routeRejections(classDecorators, decorators),
              file,
              lineOf(d.node),
            )
          : operationIdOf(member);
        const docs = this.swaggerDocs(
          cls,
          member,
          [...classDecorators, ...decorators],
          evidence.responses?.[0]?.status,
          file,
          lineOf(d.node),
        );
        const hidden = this.usesSwagger ? hiddenFromSwagger(cls, member) : undefined;
        const auth = this.switches.auth
          ? this.auth.routeAuth(classDecorators, decorators, {
              member,
              serviceMethod: (callee) => calledServiceMethod(callee, this.types),
            })
          : undefined;
        for (const modulePath of modulePaths) {
          for (const cp of controllerPaths) {
            for (const mp of methodPaths) {
              const local = joinPathValues(joinPathValues(modulePath, cp), mp);
              for (const method of methods) {
                for (const version of this.versioning?.uri ? versions : ['']) {
                  let full: PathValue = { text: '' };
                  const prefixed = this.globalPrefix !== undefined && !this.excluded(local.text, method);
                  if (prefixed) full = this.globalPrefix?.path ?? full;
                  if (version) full = joinPathValues(full, { text: `${this.versioning?.prefix ?? 'v'}${version}` });
                  full = joinPathValues(full, local);
                  routes.push({
                    method,
                    path: full.text || '/',
                    file,
                    line: lineOf(d.node),
                    framework: 'nestjs',
                    ...(full.unresolved !== undefined ? { unresolvedPrefix: full.unresolved } : {}),
                    // An unresolved global prefix is said at the call that sets it.
                    ...(prefixed && this.globalPrefix?.path.unresolved !== undefined && local.unresolved === undefined
                      ? { prefixAt: this.globalPrefix.at }
                      : {}),
                    ...evidence,
                    ...(docs ? { documentedInCode: docs } : {}),
                    ...(hidden ? { hidden } : {}),
                    ...(auth ? { auth } : {}),
                  });
                }
              }
            }
          }
        }
      }
    }
    return routes;
  }

  /** Set when the app builds its spec with `SwaggerModule` (from `@nestjs/swagger`). */
  usesSwagger = false;
  /** A `ValidationPipe` runs on every handler (`app.useGlobalPipes(new ValidationPipe(…))`, an `APP_PIPE` provider). */
  validatesGlobally = false;

  /**
   * The statuses Nest answers before the handler runs, beside the handler's own: the guards' refusals (401, 403), and
   * 400 from a `Parse…Pipe` on a parameter (`@Param('id', ParseIntPipe)`) or from a `ValidationPipe` checking the
   * body's class (global, `@UsePipes(ValidationPipe)`, or `@Body(new ValidationPipe())`), inferred through the
   * framework, so `likely`; and the statuses of exceptions the handler or its services throw ({@link NestExceptions}).
   */
  private withRefusals<T extends { responses?: Response[]; requestBody?: unknown }>(
    described: T,
    member: TS.MethodDeclaration,
    refusals: readonly number[],
    file: string,
    line: number,
  ): T {
    const statuses = [...refusals];
    const pipes = member.parameters.flatMap((p) =>
      decoratorsOf(p).flatMap((d) => d.args.map((a) => ({ decorator: d.name, pipe: unwrapExpression(a).getText() }))),
    );
    const validated =
      this.validatesGlobally ||
      decoratorsOf(member).some(
        (d) => d.name === 'UsePipes' && d.args.some((a) => /ValidationPipe/.test(a.getText())),
      ) ||
      pipes.some((p) => p.decorator === 'Body' && /ValidationPipe/.test(p.pipe));
    if (
      pipes.some((p) => /^(new\s+)?Parse\w+Pipe\b/.test(p.pipe)) ||
      (validated && described.requestBody !== undefined)
    )
      statuses.push(400);
    const responses = [...(described.responses ?? [])];
    const answer = (status: number, confidence?: 'likely') => {
      if (!responses.some((r) => r.status === String(status)))
        responses.push({
          status: String(status),
          headers: {},
          content: {},
          ...(confidence ? { confidence } : {}),
          location: { file, line },
        });
    };
    // Exceptions thrown in the handler are its own answers; through a service or an exception filter, inferred.
    for (const thrown of this.exceptions.statuses(member, this.types))
      answer(thrown.status, thrown.direct ? undefined : 'likely');
    for (const status of statuses) answer(status, 'likely');
    return responses.length === (described.responses?.length ?? 0) ? described : { ...described, responses };
  }

  /**
   * What `@nestjs/swagger` documents for a route: every route of an app that builds its spec with `SwaggerModule`,
   * unless excluded; the default status plus each `@Api…Response` status, and the security its `@ApiBearerAuth`-like
   * decorators (on the method or the controller) require. Documentation only — the statuses here are never the
   * handler's behaviour.
   */
  private swaggerDocs(
    cls: TS.ClassDeclaration,
    member: TS.MethodDeclaration,
    applied: readonly NestDecorator[],
    defaultStatus: string | undefined,
    file: string,
    line: number,
  ): CodeDocs | undefined {
    if (!this.usesSwagger || hiddenFromSwagger(cls, member)) return undefined;
    const statuses: string[] = [];
    for (const d of decoratorsOf(member)) {
      const named = /^Api(\w*)Response$/.exec(d.name);
      if (!named) continue;
      const s = statusOf(this.objectProp(d.args[0], 'status'), this.ev) ?? SWAGGER_RESPONSE_STATUS[named[1] as string];
      if (s !== undefined && !statuses.includes(String(s))) statuses.push(String(s));
    }
    // Nest documents the handler's default status only when no decorator declares a 2XX one.
    if (defaultStatus !== undefined && !statuses.some((s) => s.startsWith('2'))) statuses.unshift(defaultStatus);
    const security = this.swaggerSecurity(applied);
    return { how: '@nestjs/swagger', file, line, statuses, ...(security.length > 0 ? { security } : {}) };
  }

  /** One security alternative per `@ApiBearerAuth`, `@ApiSecurity`, … applied, named as Swagger names its scheme. */
  private swaggerSecurity(applied: readonly NestDecorator[]): SecurityRequirement[] {
    const security: SecurityRequirement[] = [];
    for (const d of applied) {
      const fallback = SWAGGER_SECURITY_SCHEME[d.name];
      if (fallback === undefined || d.composite) continue;
      const arg = d.name === 'ApiOAuth2' ? d.args[1] : d.args[0];
      const v = arg ? this.ev.withBindings(d.bindings, () => this.ev.evaluate(arg)) : undefined;
      const name = v?.kind === 'string' && v.path.unresolved === undefined ? v.path.text : fallback;
      if (!security.some((alt) => name in alt)) security.push({ [name]: [] });
    }
    return security;
  }

  private describeMethod(
    member: TS.MethodDeclaration,
    method: HttpMethod,
    file: string,
    line: number,
  ): Pick<ExtractedRoute, 'parameters' | 'requestBody' | 'responses' | 'operationId' | 'notCompared'> {
    const parameters: Parameter[] = [];
    const notCompared: NonNullable<ExtractedRoute['notCompared']> = [];
    let requestSchema: Schema | undefined;
    for (const p of member.parameters) {
      for (const d of decoratorsOf(p)) {
        const nameArg = d.args[0] && ts.isStringLiteralLike(d.args[0]) ? d.args[0].text : undefined;
        const schema = this.types.fromTypeNode(p.type);
        if (d.name === 'Query' && nameArg)
          parameters.push({ name: nameArg, in: 'query', required: false, schema: schema ?? { type: ['string'] } });
        else if (d.name === 'Query' && schema) {
          const resolved = schema.$ref ? this.schemas[schema.$ref] : schema;
          for (const [name, s] of Object.entries(resolved?.properties ?? {})) {
            parameters.push({ name, in: 'query', required: (resolved?.required ?? []).includes(name), schema: s });
          }
        } else if (d.name === 'Param' && nameArg) {
          parameters.push({ name: nameArg, in: 'path', required: true, schema: schema ?? { type: ['string'] } });
        } else if ((d.name === 'Headers' || d.name === 'Header') && nameArg) {
          parameters.push({ name: nameArg.toLowerCase(), in: 'header', required: false, schema: { type: ['string'] } });
        } else if (d.name === 'Body' && !nameArg) {
          requestSchema = schema;
          const outside = schema === undefined ? this.types.outsideType(p.type) : undefined;
          if (outside !== undefined) notCompared.push({ type: outside, body: 'request', file, line: lineOf(p) });
        }
      }
    }
    const decorators = decoratorsOf(member);
    const httpCode = decorators.find((d) => d.name === 'HttpCode');
    const status = (httpCode && statusOf(httpCode.args[0], this.ev)) ?? (method === 'POST' ? 201 : 200);
    // The entity's relations are on the wire only when this method's queries (or its services') load them.
    this.types.loadedRelations = relationsLoadedLazily(member, this.types);
    const declared = member.type === undefined ? this.types.fromReturns(member) : this.types.fromTypeNode(member.type);
    // A type read all the same (a Prisma model generated from the checkout's schema.prisma) is compared.
    const sentOutside = declared === undefined ? this.types.outsideType(member.type) : undefined;
    if (sentOutside !== undefined)
      notCompared.push({ type: sentOutside, body: 'response', file, line: lineOf(member.type ?? member) });
    this.types.loadedRelations = NO_RELATIONS;
    // `null`, `undefined` and `void` results go out as an empty 200, which the docs' body does not allow.
    const empty = emptyAnswer(member, this.types);
    const responseSchema =
      empty === 'never' && declared === undefined
        ? { type: ['null' as const] }
        : empty === 'maybe' && declared !== undefined
          ? orNull(declared)
          : declared;
    const responses: Response[] = [
      {
        status: String(status),
        headers: {},
        content: responseSchema ? { 'application/json': { schema: responseSchema } } : {},
        location: { file, line },
      },
    ];
    const name = propertyNameText(member.name);
    return {
      ...(name ? { operationId: name } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(notCompared.length > 0 ? { notCompared } : {}),
      ...(requestSchema
        ? { requestBody: { required: true, content: { 'application/json': { schema: requestSchema } } } }
        : {}),
      responses,
    };
  }
}

/** How a route is hidden from the app's own Swagger docs, when it is. */
function hiddenFromSwagger(cls: TS.ClassDeclaration, member: TS.MethodDeclaration): string | undefined {
  if (decoratorsOf(cls).some((d) => d.name === 'ApiExcludeController')) return '@ApiExcludeController()';
  if (decoratorsOf(member).some((d) => d.name === 'ApiExcludeEndpoint')) return '@ApiExcludeEndpoint()';
  return undefined;
}

/** `@nestjs/swagger`'s security decorators and the scheme name each uses when given none. */
const SWAGGER_SECURITY_SCHEME: Record<string, string> = {
  ApiBearerAuth: 'bearer',
  ApiBasicAuth: 'basic',
  ApiCookieAuth: 'cookie',
  ApiOAuth2: 'oauth2',
  ApiSecurity: 'security',
};

/** Statuses of the named `@nestjs/swagger` response decorators (`@ApiNotFoundResponse()` → 404). */
const SWAGGER_RESPONSE_STATUS: Record<string, number> = {
  Ok: 200,
  Created: 201,
  Accepted: 202,
  NoContent: 204,
  MovedPermanently: 301,
  Found: 302,
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  NotAcceptable: 406,
  RequestTimeout: 408,
  Conflict: 409,
  Gone: 410,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  UnprocessableEntity: 422,
  TooManyRequests: 429,
  InternalServerError: 500,
  NotImplemented: 501,
  BadGateway: 502,
  ServiceUnavailable: 503,
  GatewayTimeout: 504,
};

/** The method's name as the operation id: all that is read of a handler without the wire model. */
function operationIdOf(member: TS.MethodDeclaration): Pick<ExtractedRoute, 'operationId'> {
  const name = propertyNameText(member.name);
  return name ? { operationId: name } : {};
}

/** Text a file needs to set the global prefix or versioning, mount modules or guard globally. */
const NEST_IDIOMS =
  /setGlobalPrefix|enableVersioning|RouterModule|useGlobalGuards|APP_GUARD|useGlobalFilters|APP_FILTER/;

/** NestJS: `@Controller` + `@Get`/`@Post`/…, `setGlobalPrefix`, URI versioning, `RouterModule`. */
export const nestExtractor: RouteExtractor = {
  id: 'nestjs',
  language: 'javascript',
  extensions: JS_EXTENSIONS,
  detect: (manifest) => manifest.npm.has('@nestjs/core') || manifest.npm.has('@nestjs/common'),
  async extract(files: readonly string[], _repo: RepoFiles, context: ExtractContext): Promise<ExtractResult> {
    const project = await loadJsProject(files, context);
    const switches = analysisOf(context);
    const analysis = new NestAnalysis(project.modules, context.env, (f, s) => project.resolver.resolve(f, s), switches);
    // Handlers typed with `@prisma/client` models return what schema.prisma declares, relations as the query loads.
    analysis.types.prisma = await readPrismaModels(context);
    // A controller is declared with `@Controller` or with a custom decorator of the project that applies it.
    const wrappers = controllerWrapperNames(
      project.modules.matching((text) => text.includes('@nestjs/') && /\bController\b/.test(text)),
    );
    const controllerAt = new RegExp(`@(?:${['Controller', ...wrappers].join('|')})\\b`);
    // Only files that name Nest and one of its route idioms can declare, prefix or guard a controller's routes.
    const candidates = project.modules
      .matching((text) => text.includes('@nestjs/') && (controllerAt.test(text) || NEST_IDIOMS.test(text)))
      .filter((m) => m.packages.has('@nestjs/common') || m.packages.has('@nestjs/core'));
    analysis.validatesGlobally = project.modules
      .matching((text) => text.includes('ValidationPipe'))
      .some((m) =>
        /useGlobalPipes\(\s*new\s+ValidationPipe\b|APP_PIPE[\s\S]{0,160}ValidationPipe/.test(m.sourceFile.text),
      );
    analysis.usesSwagger = project.modules
      .matching((text) => text.includes('SwaggerModule'))
      .some((m) => m.packages.has('@nestjs/swagger') && m.sourceFile.text.includes('SwaggerModule'));
    for (const mod of candidates) {
      const text = mod.sourceFile.text;
      if (text.includes('setGlobalPrefix') || text.includes('enableVersioning') || text.includes('RouterModule'))
        analysis.readBootstrap(mod.sourceFile);
      if (switches.auth && (text.includes('useGlobalGuards') || text.includes('APP_GUARD')))
        analysis.auth.readGlobals(mod.sourceFile);
      if (switches.wire && (text.includes('useGlobalFilters') || text.includes('APP_FILTER')))
        analysis.exceptions.readFilters(mod.sourceFile);
    }
    const operations: ExtractedRoute[] = [];
    for (const mod of candidates) {
      if (project.prefilter && !controllerAt.test(mod.sourceFile.text)) continue;
      const visit = (node: TS.Node): void => {
        if (ts.isClassDeclaration(node)) operations.push(...analysis.controllerRoutes(node));
        ts.forEachChild(node, visit);
      };
      visit(mod.sourceFile);
    }
    return { operations, unparsed: project.unparsed, schemas: analysis.schemas };
  },
};
