import { isAbsolute, join } from 'node:path';
import { openPostgresStore } from './postgres-store.js';
import { openSqliteStore } from './sqlite-store.js';
import type { Store } from './types.js';

/** Default SQLite file, relative to the working directory. */
export const DEFAULT_DB_PATH = '.specwatch/specwatch.db';

/** Where the store lives: an explicit choice, else the environment. */
export interface OpenStoreOptions {
  /** SQLite file (`--db`); wins over `$SPECWATCH_DB`. */
  db?: string;
  /** Environment to read `DATABASE_URL` and `SPECWATCH_DB` from. */
  env?: Record<string, string | undefined>;
  /** Base for a relative SQLite path. */
  cwd?: string;
  /** PostgreSQL schema; wins over `$SPECWATCH_DB_SCHEMA` (default: the connection's own, usually `public`). */
  schema?: string;
}

/** Describes which backend {@link openStore} would pick, without opening it (for messages; never the URL). */
export function describeStoreLocation(options: OpenStoreOptions = {}): string {
  const env = options.env ?? {};
  if (options.db === undefined && env.DATABASE_URL) return 'PostgreSQL ($DATABASE_URL)';
  return `SQLite ${options.db ?? env.SPECWATCH_DB ?? DEFAULT_DB_PATH}`;
}

/**
 * Opens the store: PostgreSQL when `$DATABASE_URL` is set (and no `--db` is given), else SQLite at `--db`,
 * `$SPECWATCH_DB` or `.specwatch/specwatch.db`. Migrations run on open.
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const env = options.env ?? {};
  if (options.db === undefined && env.DATABASE_URL) {
    // A schema of its own lets several deployments (or test runs) share one database without seeing each other's
    // outbox and runs.
    const schema = options.schema ?? env.SPECWATCH_DB_SCHEMA;
    return openPostgresStore({
      connectionString: env.DATABASE_URL,
      ...(schema ? { schema } : {}),
    });
  }
  const path = options.db ?? env.SPECWATCH_DB ?? DEFAULT_DB_PATH;
  const resolved = path === ':memory:' || isAbsolute(path) ? path : join(options.cwd ?? process.cwd(), path);
  return openSqliteStore(resolved);
}
