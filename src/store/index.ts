export { StoreError } from './errors.js';
export { MIGRATIONS, type Migration } from './migrations.js';
export { DEFAULT_DB_PATH, describeStoreLocation, type OpenStoreOptions, openStore } from './open-store.js';
export { openPostgresStore, type PostgresStoreOptions } from './postgres-store.js';
export { openSqliteStore } from './sqlite-store.js';
export { hashToken, parseTokenId } from './token-secret.js';
export type {
  CreatedToken,
  Dismissal,
  MergeAccumulators,
  MergeResult,
  ObservationDelta,
  OutboxEntry,
  OutboxStats,
  RunClaim,
  RunKind,
  RunRecord,
  RunUpdate,
  Store,
  StoreCounts,
  StoreDialect,
  StoredObservation,
  TokenRecord,
} from './types.js';
