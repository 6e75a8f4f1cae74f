import type { GatewayDeclaration } from './auth.js';
import type { SourceLocation, ViewSource } from './evidence.js';
import type { Diagnostic } from './finding.js';
import type { Mount } from './mount.js';
import type { Operation } from './operation.js';
import type { Schema } from './schema.js';

/** A security scheme, normalised across 2.0 and 3.x. */
export interface SecurityScheme {
  type: 'http' | 'apiKey' | 'oauth2' | 'openIdConnect' | 'mutualTLS';
  /** For `http`: `bearer`, `basic`, … (lower case). */
  scheme?: string;
  bearerFormat?: string;
  /** For `apiKey`. */
  in?: 'header' | 'query' | 'cookie';
  name?: string;
  /** For `oauth2`: all scopes across flows. */
  scopes?: string[];
  location?: SourceLocation;
  /**
   * An API gateway the document itself configures to check this scheme before a request reaches the code (Google
   * Cloud Endpoints' `x-google-issuer`, AWS API Gateway's `x-amazon-apigateway-authorizer`, Tyk's
   * `x-tyk-api-gateway` authentication): the code rightly checks no credential for it.
   */
  gateway?: GatewayDeclaration;
}

/** The API as one view sees it. Plain, JSON-serialisable data. */
export interface ApiSurface {
  source: ViewSource;
  /** For documented surfaces: the entry file. */
  entry?: string;
  /** `2.0`, `3.0.3`, `3.1.0`, … for documented surfaces. */
  specVersion?: string;
  title?: string;
  version?: string;
  /**
   * Path prefix operations are named under (2.0 `basePath`, the path of the first 3.x server, `code.basePath`): the
   * first server of {@link mount}. Reports name operations with it.
   */
  basePath: string;
  /** Every place the view is served from (all servers, hosts); absent means `basePath` alone. */
  mount?: Mount;
  /** Server URLs as written (2.0 host/basePath/schemes turned into URLs). */
  servers: string[];
  /** Where the docs declare their servers (3.x `servers`, 2.0 `basePath`), when they do. */
  serversLocation?: SourceLocation;
  operations: Operation[];
  /** OpenAPI 3.1 `webhooks` (calls the API makes to its clients), by name, where written. */
  webhooks?: Record<string, SourceLocation | undefined>;
  /** Named schemas that `$ref` nodes point to. */
  schemas: Record<string, Schema>;
  securitySchemes: Record<string, SecurityScheme>;
  /** Files that contributed, relative to the checkout root. */
  files: string[];
  diagnostics: Diagnostic[];
}

/** An empty surface of the given view. */
export function emptySurface(source: ViewSource): ApiSurface {
  return {
    source,
    basePath: '',
    servers: [],
    operations: [],
    schemas: {},
    securitySchemes: {},
    files: [],
    diagnostics: [],
  };
}
