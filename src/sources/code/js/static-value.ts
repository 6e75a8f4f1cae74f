import type ts from 'typescript';

/** A path or prefix as far as it is statically known: `text` is the known tail after any unresolved part. */
export interface PathValue {
  text: string;
  /** Source text of the part that could not be resolved (env var without default, config lookups, …). */
  unresolved?: string;
}

/** JS/TS frameworks that declare routes on router objects. */
export type RouterFramework = 'express' | 'fastify' | 'koa' | 'hono';

/** Something routes are declared on: an app, a router, or a function parameter that receives one. */
export interface RouterNode {
  id: number;
  /** Undefined for parameters until a mount or a hint tells. */
  framework: RouterFramework | undefined;
  file: string;
  line: number;
  kind: 'created' | 'param' | 'derived';
  /** Koa-router `prefix` option / `router.prefix()`: applies to this router's own routes. */
  ownPrefix?: PathValue;
  /** For parameter routers, the parameter. */
  param?: ts.ParameterDeclaration;
  /** A framework hint from the parameter's type annotation. */
  hint?: RouterFramework;
  /** Made by a sub-router factory (`express.Router()`): it serves nothing until something mounts it. */
  sub?: boolean;
}

/** A router mounted under another one. */
export interface MountEdge {
  parent: RouterNode;
  child: RouterNode;
  prefix: PathValue;
}

/** What static evaluation knows of an expression. */
export type StaticValue =
  | { kind: 'string'; path: PathValue }
  | { kind: 'router'; router: RouterNode }
  | { kind: 'routeChain'; router: RouterNode; path: PathValue }
  | { kind: 'function'; node: ts.SignatureDeclaration }
  | { kind: 'param'; decl: ts.ParameterDeclaration }
  | { kind: 'module'; file: string }
  | { kind: 'package'; name: string; path: string[] }
  | { kind: 'object'; node: ts.ObjectLiteralExpression }
  | { kind: 'array'; elements: readonly ts.Expression[] }
  | { kind: 'class'; node: ts.ClassLikeDeclaration }
  | { kind: 'instance'; node: ts.ClassLikeDeclaration }
  | { kind: 'enum'; node: ts.EnumDeclaration };

/** Joins two path values; an unresolved right side makes everything before it unresolved too. */
export function concatPaths(a: PathValue, b: PathValue): PathValue {
  if (b.unresolved !== undefined) return { text: b.text, unresolved: (a.unresolved ?? '') + a.text + b.unresolved };
  return a.unresolved !== undefined ? { text: a.text + b.text, unresolved: a.unresolved } : { text: a.text + b.text };
}

/** Joins mount prefix and route path with exactly one `/` between them. */
export function joinPathValues(a: PathValue, b: PathValue): PathValue {
  if (b.unresolved !== undefined) return concatPaths(a, b);
  const left = a.text.endsWith('/') ? a.text.slice(0, -1) : a.text;
  const right = b.text === '' || b.text === '/' ? '' : b.text.startsWith('/') ? b.text : `/${b.text}`;
  return a.unresolved !== undefined ? { text: left + right, unresolved: a.unresolved } : { text: left + right };
}
