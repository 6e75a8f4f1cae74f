import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPostgresStore, openSqliteStore, type Store } from '../../src/store/index.js';

/** PostgreSQL URL for store tests; the PG half of each suite is skipped without it. */
export const PG_URL = process.env.SPECWATCH_TEST_PG;

/** A store under test, with a way to dump everything it holds as text and to remove it. */
export interface StoreFixture {
  store: Store;
  /** Every row of every table as text (for privacy assertions), or the raw file bytes for SQLite. */
  dumpText(): Promise<string>;
  /** The PostgreSQL schema (or the SQLite file) the fixture lives in. */
  dumpSchemaName(): Promise<string>;
  dispose(): Promise<void>;
}

/** Opens a fresh SQLite store in a temporary directory. */
export function makeSqliteFixture(): StoreFixture {
  const dir = mkdtempSync(join(tmpdir(), 'sw-store-'));
  const file = join(dir, 'specwatch.db');
  const store = openSqliteStore(file);
  return {
    store,
    dumpSchemaName: async () => file,
    dumpText: async () => {
      const { readFileSync, existsSync } = await import('node:fs');
      // The WAL may hold pages not yet checkpointed into the main file: read both.
      const parts = [file, `${file}-wal`]
        .filter((path) => existsSync(path))
        .map((path) => readFileSync(path).toString('latin1'));
      return parts.join('\n');
    },
    dispose: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Opens a fresh PostgreSQL store in its own schema (parallel test files never collide). */
export async function makePostgresFixture(url: string): Promise<StoreFixture> {
  const schema = `sw_test_${randomBytes(6).toString('hex')}`;
  const store = await openPostgresStore({ connectionString: url, schema, max: 4 });
  return {
    store,
    dumpSchemaName: async () => schema,
    dumpText: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const tables = await client.query(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
          [schema],
        );
        const parts: string[] = [];
        for (const { table_name: table } of tables.rows) {
          const rows = await client.query(`SELECT t::text AS row FROM ${schema}."${table}" t`);
          for (const row of rows.rows) parts.push(`${table}: ${row.row}`);
        }
        return parts.join('\n');
      } finally {
        await client.end();
      }
    },
    dispose: async () => {
      await store.close();
      await dropSchema(url, schema);
    },
  };
}

/** Drops a test's PostgreSQL schema and everything in it. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/** The backends a parametrised suite runs against: SQLite always, PostgreSQL when configured. */
export const BACKENDS: Array<{ name: string; available: boolean; make: () => Promise<StoreFixture> }> = [
  { name: 'sqlite', available: true, make: async () => makeSqliteFixture() },
  { name: 'postgres', available: Boolean(PG_URL), make: () => makePostgresFixture(PG_URL!) },
];
