import {
  type ApiSurface,
  emptySurface,
  type ImplementedEvidence,
  joinPaths,
  type Operation,
  type OperationAuth,
  operationKey,
  type Parameter,
  pathParamNames,
  type Schema,
  weakerAuth,
} from '../../model/index.js';
import { type ExtractedRoute, routeTemplate } from './extractor.js';

function pathParameters(path: string, declared: readonly Parameter[]): Parameter[] {
  const names = pathParamNames(path);
  const out = declared.filter((p) => p.in !== 'path' || names.includes(p.name));
  for (const name of names) {
    if (!out.some((p) => p.in === 'path' && p.name === name)) {
      out.push({ name, in: 'path', required: true, schema: { type: ['string'] } });
    }
  }
  return out;
}

/**
 * One route as the code declares it: what `specwatch routes` lists. Usually one per operation, but a framework can
 * tell apart two routes that OpenAPI cannot (Flask `/users/<int:id>` and `/users/<username>`, chi `/{id}` and
 * `/{slug:[a-z-]+}`): both are served, so both are listed, while the drift view holds them as one operation.
 */
export interface DeclaredRoute {
  method: string;
  /** The path as declared (its own parameter names), every resolved prefix applied, `code.basePath` not. */
  path: string;
  /** Where it is first declared. */
  file: string;
  line: number;
  framework: string;
  unresolvedPrefix?: string;
  /** Its own auth (the less protected one when the same path is declared twice), not that of the route it is folded into. */
  auth?: OperationAuth;
  /**
   * The operation this route is folded into, when it differs from that operation's path only in parameter names:
   * OpenAPI holds one operation per path shape, so the drift view keeps the first declared (and says so in a
   * `merged` notice).
   */
  mergedInto?: Pick<Operation, 'method' | 'path'>;
}

/**
 * Turns extracted routes into an implemented surface (one operation per identity, evidence from every declaration)
 * and the list of declared routes (one per method and path as written).
 */
export function buildImplementedSurface(
  routes: readonly ExtractedRoute[],
  schemas: Record<string, Schema>,
  basePath: string | undefined,
): { surface: ApiSurface; declared: DeclaredRoute[] } {
  const surface = emptySurface('implemented');
  surface.basePath = basePath ? joinPaths(basePath) : '';
  // Route paths carry every resolved prefix; `code.basePath` is the override for what the code cannot tell.
  surface.mount = { servers: [{ basePath: surface.basePath }], origin: basePath ? 'override' : 'resolved' };
  surface.schemas = schemas;
  const byKey = new Map<string, Operation>();
  const declared = new Map<string, DeclaredRoute>();
  const files = new Set<string>();
  for (const route of routes) {
    const path = routeTemplate(route);
    const key = operationKey(route.method, path);
    declare(declared, route, path, byKey.get(key));
    const evidence: ImplementedEvidence = {
      source: 'implemented',
      file: route.file,
      line: route.line,
      framework: route.framework,
    };
    files.add(route.file);
    const existing = byKey.get(key);
    if (existing) {
      // Two routes a framework tells apart by converter (Flask `/users/<int:id>` and `/users/<username>`) are one
      // OpenAPI operation: kept as one, and the merge is said, as the documented view does for its templates.
      if (existing.path !== path)
        surface.diagnostics.push({
          level: 'warning',
          code: 'template-merged',
          message: `${route.file}:${route.line}: ${route.method} ${path} differs from ${existing.method} ${existing.path} only in a parameter name (a converter or pattern tells them apart at run time): one operation for drift (the first), both listed by specwatch routes`,
          file: route.file,
          line: route.line,
        });
      if (
        !existing.evidence.some((e) => e.source === 'implemented' && e.file === route.file && e.line === route.line)
      ) {
        existing.evidence.push(evidence);
      }
      for (const p of route.parameters ?? []) {
        if (!existing.parameters.some((q) => q.in === p.in && q.name === p.name)) existing.parameters.push(p);
      }
      for (const r of route.responses ?? [])
        if (!existing.responses.some((q) => q.status === r.status)) existing.responses.push(r);
      existing.requestBody ??= route.requestBody;
      if (route.auth) existing.auth = existing.auth ? weakerAuth(existing.auth, route.auth) : route.auth;
      continue;
    }
    const op: Operation = {
      method: route.method,
      path,
      parameters: pathParameters(path, route.parameters ?? []),
      responses: [...(route.responses ?? [])],
      evidence: [evidence],
      location: { file: route.file, line: route.line, ...(route.column !== undefined ? { column: route.column } : {}) },
    };
    if (route.operationId) op.operationId = route.operationId;
    if (route.requestBody) op.requestBody = route.requestBody;
    if (route.unresolvedPrefix !== undefined) op.unresolvedPrefix = route.unresolvedPrefix;
    if (route.auth) op.auth = route.auth;
    byKey.set(key, op);
  }
  surface.operations = [...byKey.values()].sort(byPathThenMethod);
  surface.files = [...files].sort();
  return { surface, declared: [...declared.values()].sort(byPathThenMethod) };
}

function byPathThenMethod(a: { method: string; path: string }, b: { method: string; path: string }): number {
  return a.path === b.path ? a.method.localeCompare(b.method) : a.path < b.path ? -1 : 1;
}

/** Adds a route to the declared list: a new entry per method and path as written, folded ones naming their operation. */
function declare(
  declared: Map<string, DeclaredRoute>,
  route: ExtractedRoute,
  path: string,
  operation: Operation | undefined,
): void {
  const key = `${route.method} ${path}`;
  const existing = declared.get(key);
  if (existing) {
    if (route.auth) existing.auth = existing.auth ? weakerAuth(existing.auth, route.auth) : route.auth;
    return;
  }
  declared.set(key, {
    method: route.method,
    path,
    file: route.file,
    line: route.line,
    framework: route.framework,
    ...(route.unresolvedPrefix !== undefined ? { unresolvedPrefix: route.unresolvedPrefix } : {}),
    ...(route.auth ? { auth: route.auth } : {}),
    ...(operation && operation.path !== path ? { mergedInto: { method: operation.method, path: operation.path } } : {}),
  });
}
