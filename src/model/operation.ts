import type { GatewayDeclaration, OperationAuth } from './auth.js';
import type { Evidence, SourceLocation } from './evidence.js';
import type { ObservedOperationStats } from './observed.js';
import type { Confidence, Schema } from './schema.js';

export const HTTP_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

/** One parameter of an operation (2.0 body/formData parameters become a {@link RequestBody}). */
export interface Parameter {
  name: string;
  in: ParameterLocation;
  required: boolean;
  schema: Schema;
  deprecated?: boolean;
  description?: string;
  style?: string;
  explode?: boolean;
  location?: SourceLocation;
  /** Implemented view only: `likely` when read through a helper the handler calls. */
  confidence?: Confidence;
  /** `x-*` extensions of the parameter object (`x-sunset`, `x-stability-level`, …). */
  extensions?: Record<string, unknown>;
}

/** One media type's content. */
export interface MediaContent {
  schema?: Schema;
}

/** The request body, keyed by media type (`application/json`, `multipart/form-data`, …). */
export interface RequestBody {
  required: boolean;
  content: Record<string, MediaContent>;
  /**
   * Code view: nothing checks the body before the handler uses it (its shape is only a TypeScript type, erased at
   * run time), so a request without a field the docs require is accepted.
   */
  unchecked?: boolean;
  description?: string;
  location?: SourceLocation;
}

/** A response header. */
export interface ResponseHeader {
  required: boolean;
  schema: Schema;
}

/** One response of an operation. */
export interface Response {
  /** `200`, `2XX` or `default`. */
  status: string;
  description?: string;
  headers: Record<string, ResponseHeader>;
  content: Record<string, MediaContent>;
  location?: SourceLocation;
  /** Implemented view only: `likely` when the status comes from a dependency, service or helper the handler calls. */
  confidence?: Confidence;
}

/**
 * One alternative of a security requirement: scheme name → scopes. An operation's `security` lists alternatives
 * (any one suffices); an empty list means explicitly public.
 */
export type SecurityRequirement = Record<string, string[]>;

/** One operation: METHOD + path template. */
export interface Operation {
  method: HttpMethod;
  /** Path template as the view writes it, `{name}` parameters, without the surface's base path. */
  path: string;
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  deprecated?: boolean;
  parameters: Parameter[];
  requestBody?: RequestBody;
  responses: Response[];
  /** Effective security (document default applied); undefined when the view cannot tell (e.g. some code). */
  security?: SecurityRequirement[];
  /** Documented view: the security above is the document's root default (the operation sets none of its own). */
  securityFromRoot?: boolean;
  /** Implemented view: who may call it, as the code's guards, middleware and matchers tell. */
  auth?: OperationAuth;
  /** Where each view saw this operation. */
  evidence: Evidence[];
  /** Primary location: the doc line of the method key, or the code line of the route. */
  location?: SourceLocation;
  /** Set when a code prefix could not be resolved statically; the path then starts at the known part. */
  unresolvedPrefix?: string;
  /** Other `x-*` extensions of the operation. */
  extensions?: Record<string, unknown>;
  /**
   * Documented view: an API gateway the document configures to authenticate this operation itself, whatever its
   * `security` says (a Kong auth plugin, `x-kong-plugin-jwt`, on the operation, its path or the document).
   */
  gateway?: GatewayDeclaration;
  /** Observed view only: exchange counts per status, and auth statistics. */
  observed?: ObservedOperationStats;
}
