import type * as TS from 'typescript';
import { statusOf } from './describe-handler.js';
import type { Evaluator } from './evaluator.js';
import { appWideRegistrations } from './nest-decorators.js';
import { calledServiceMethod } from './orm-loading.js';
import { unwrapExpression } from './parse-js.js';
import type { TypeSchemas } from './type-to-schema.js';
import { ts } from './typescript.js';

/** Nest's built-in HTTP exceptions, by the status Nest answers for them. */
const NEST_EXCEPTIONS: Record<string, number> = {
  BadRequestException: 400,
  UnauthorizedException: 401,
  ForbiddenException: 403,
  NotFoundException: 404,
  MethodNotAllowedException: 405,
  NotAcceptableException: 406,
  RequestTimeoutException: 408,
  ConflictException: 409,
  GoneException: 410,
  PreconditionFailedException: 412,
  PayloadTooLargeException: 413,
  UnsupportedMediaTypeException: 415,
  ImATeapotException: 418,
  UnprocessableEntityException: 422,
  InternalServerErrorException: 500,
  NotImplementedException: 501,
  BadGatewayException: 502,
  ServiceUnavailableException: 503,
  GatewayTimeoutException: 504,
};

/** ORM lookups that throw when no row matches, with the error class they throw (TypeORM's, Prisma's). */
const FAILING_LOOKUPS: readonly [RegExp, string][] = [
  [/^find\w*OrFail$/, 'EntityNotFoundError'],
  [/^find\w*OrThrow$/, 'NotFoundError'],
];

/** A status a handler answers through an exception, and whether it was thrown in the handler itself. */
export interface ThrownStatus {
  status: number;
  direct: boolean;
}

/**
 * The statuses NestJS handlers answer through exceptions: Nest's HTTP exceptions (`throw new NotFoundException()`,
 * `new HttpException(…, HttpStatus.CONFLICT)`) thrown in the handler or in the service methods it calls, two calls
 * deep, and errors an ORM lookup throws (`findOneByOrFail` → `EntityNotFoundError`) when an app-wide exception filter
 * (`app.useGlobalFilters(new EntityNotFoundFilter(…))`, an `APP_FILTER` provider) answers them with a status.
 */
export class NestExceptions {
  /** Error classes app-wide filters catch, by the status their `catch` answers. */
  private readonly filtered = new Map<string, number>();

  constructor(private readonly ev: Evaluator) {}

  /** Reads the app-wide exception filters a bootstrap or module file registers. */
  readFilters(sourceFile: TS.SourceFile): void {
    for (const { expr } of appWideRegistrations(sourceFile, 'useGlobalFilters', 'APP_FILTER')) this.readFilter(expr);
  }

  private readFilter(expression: TS.Expression): void {
    const expr = unwrapExpression(expression);
    const target = ts.isNewExpression(expr) ? expr.expression : expr;
    const value = this.ev.asValue(this.ev.evaluate(target));
    if (value?.kind !== 'class') return;
    const cls = value.node;
    const caught = (ts.canHaveDecorators(cls) ? (ts.getDecorators(cls) ?? []) : []).flatMap((d) =>
      ts.isCallExpression(d.expression) && d.expression.expression.getText() === 'Catch'
        ? d.expression.arguments.map((a) => a.getText())
        : [],
    );
    const handler = cls.members.find((m) => m.name?.getText() === 'catch');
    const status = handler === undefined ? undefined : this.answeredIn(handler);
    if (status === undefined) return;
    for (const name of caught) if (!this.filtered.has(name)) this.filtered.set(name, status);
  }

  /** The first status a filter's `catch` passes to a call (`httpAdapter.reply(response, body, 404)`). */
  private answeredIn(handler: TS.Node): number | undefined {
    let found: number | undefined;
    const visit = (node: TS.Node): void => {
      if (found !== undefined) return;
      if (ts.isCallExpression(node))
        for (const arg of node.arguments) {
          const s = statusOf(arg);
          if (s !== undefined && s >= 100 && s < 600) {
            found = s;
            return;
          }
        }
      ts.forEachChild(node, visit);
    };
    visit(handler);
    return found;
  }

  /** The statuses a handler answers through exceptions (see the class). */
  statuses(fn: TS.FunctionLikeDeclaration, types: TypeSchemas): ThrownStatus[] {
    const out: ThrownStatus[] = [];
    const add = (status: number | undefined, direct: boolean) => {
      if (status === undefined) return;
      const known = out.find((s) => s.status === status);
      if (known === undefined) out.push({ status, direct });
      else known.direct ||= direct;
    };
    const read = (body: TS.Node, depth: number): void => {
      const visit = (node: TS.Node): void => {
        if (ts.isFunctionLike(node) && node !== body) return;
        if (ts.isThrowStatement(node)) {
          const e = unwrapExpression(node.expression);
          if (ts.isNewExpression(e)) {
            const name = e.expression.getText();
            add(name === 'HttpException' ? statusOf(e.arguments?.[1], this.ev) : NEST_EXCEPTIONS[name], depth === 0);
          }
        }
        if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
          const method = node.expression.name.text;
          const error = FAILING_LOOKUPS.find(([re]) => re.test(method))?.[1];
          if (error !== undefined) {
            if (!looksUpSaved(node, body)) add(this.filtered.get(error), false);
          } else if (depth < 2) {
            const called = calledServiceMethod(node.expression, types);
            if (called !== undefined) read(called, depth + 1);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(body);
    };
    if (fn.body !== undefined) read(fn, 0);
    return out;
  }
}

/**
 * Whether a lookup asks for the row its function has just saved (`const { id } = await this.repository.save(data);
 * return this.repository.findOneByOrFail({ id })`): that lookup cannot miss.
 */
function looksUpSaved(lookup: TS.CallExpression, fn: TS.Node): boolean {
  const saved = new Set<string>();
  const visit = (node: TS.Node): void => {
    if (ts.isFunctionLike(node) && node !== fn) return;
    if (ts.isVariableDeclaration(node) && node.initializer && /\.(save|insert)\(/.test(node.initializer.getText())) {
      if (ts.isIdentifier(node.name)) saved.add(node.name.text);
      else if (ts.isObjectBindingPattern(node.name))
        for (const el of node.name.elements) if (ts.isIdentifier(el.name)) saved.add(el.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(fn);
  if (saved.size === 0) return false;
  let uses = false;
  const find = (node: TS.Node): void => {
    if (ts.isIdentifier(node) && saved.has(node.text)) uses = true;
    if (!uses) ts.forEachChild(node, find);
  };
  for (const arg of lookup.arguments) find(arg);
  return uses;
}
