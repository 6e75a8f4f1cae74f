export type { AuthEvidence, AuthState, GatewayDeclaration, OperationAuth } from './auth.js';
export { documentedAuthState, weakerAuth, weakerAuthState } from './auth.js';
export type {
  DocumentedEvidence,
  Evidence,
  ImplementedEvidence,
  ObservedEvidence,
  SourceLocation,
  ViewSource,
} from './evidence.js';
export type { ChangeClass, Diagnostic, Finding, Severity, SeveritySummary } from './finding.js';
export { DEFAULT_FAIL_ON, SEVERITIES } from './finding.js';
export type { DocFix, FixTarget } from './fix.js';
export { globTester, globToRegExp } from './glob.js';
export {
  compareSpecificity,
  erasePathParams,
  joinPaths,
  operationKey,
  operationLabel,
  pathParamNames,
  toTemplatePath,
} from './identity.js';
export type { Inventory, InventoryAuth, InventoryOperation, InventoryPiiField } from './inventory.js';
export { lineAt, lineIndexer, lineStarts } from './line-index.js';
export {
  type AlignedView,
  alignToDocs,
  documentedViews,
  hostOfOrigin,
  type Mount,
  type MountGuess,
  type MountServer,
  mountOf,
  normalizeHost,
  orderMountServers,
  parseServerUrl,
  serversForHosts,
  stripMount,
} from './mount.js';
export {
  dedupeNotices,
  formatNotice,
  type InputNotice,
  NOTICES_LISTED,
  type NoticeReason,
  pickListedNotices,
  REJECTED_LISTED,
  type SourceExtensions,
  summarizeNotices,
} from './notice.js';
export type { ObservedOperationStats, ObservedValueStats } from './observed.js';
export type {
  HttpMethod,
  MediaContent,
  Operation,
  Parameter,
  ParameterLocation,
  RequestBody,
  Response,
  ResponseHeader,
  SecurityRequirement,
} from './operation.js';
export { HTTP_METHODS } from './operation.js';
export { isProxyHeader } from './proxy-headers.js';
export { DEFAULT_READ_LIMITS, type ReadLimits } from './read-limits.js';
export { resolveSchema, walkSchemaProperties } from './resolve-schema.js';
export type { Confidence, PiiTag, Schema, SchemaType } from './schema.js';
export { isAtLeast, summarizeFindings } from './summary.js';
export type { ApiSurface, SecurityScheme } from './surface.js';
export { emptySurface } from './surface.js';
