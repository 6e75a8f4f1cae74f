import pg from 'pg';
import { StoreError } from './errors.js';
import { MIGRATIONS } from './migrations.js';
import {
  acceptToken,
  isoOf,
  maxIso,
  minIso,
  normalizeIso,
  type Row,
  runUpdateColumns,
  toDismissal,
  toObservation,
  toOutboxEntry,
  toRun,
  toToken,
} from './rows.js';
import { generateTokenSecret, parseTokenId } from './token-secret.js';
import type {
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
  StoredObservation,
  TokenRecord,
} from './types.js';

/** Options of the PostgreSQL store. */
export interface PostgresStoreOptions {
  /** `postgres://…` (DATABASE_URL). */
  connectionString: string;
  /** Schema to create and use instead of `public` (tests use one per run). */
  schema?: string;
  /** Pool size; default 10. */
  max?: number;
}

// Serialises migrations across replicas starting together.
const MIGRATION_LOCK = 0x5377_6d67;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function migratePostgres(pool: pg.Pool, schema: string | undefined): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)',
    );
    const applied = new Set(
      (await client.query('SELECT version FROM schema_migrations')).rows.map((row) => Number(row.version)),
    );
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      await client.query(migration.sql.postgres);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())', [
        migration.version,
        migration.name,
      ]);
    }
  });
}

/** Connects to PostgreSQL, migrates, and returns the store. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
    throw new StoreError(`invalid schema name "${options.schema}"`);
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    // A restarted or unreachable server fails a query within seconds instead of hanging a webhook or a job; the
    // pool drops broken clients and opens new ones on the next query, which is how a database restart is survived.
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  // An idle client's network error must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  try {
    await migratePostgres(pool, options.schema);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new StoreError(`cannot open the PostgreSQL store: ${error instanceof Error ? error.message : String(error)}`);
  }
  return new PostgresStore(pool);
}

class PostgresStore implements Store {
  readonly dialect = 'postgres' as const;
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async mergeObservations(repo: string, deltas: ObservationDelta[], merge: MergeAccumulators): Promise<MergeResult> {
    if (deltas.length === 0) return { inserted: 0, updated: 0, exchanges: 0 };
    return inTransaction(this.#pool, async (client) => {
      // One writer per repo at a time: read-merge-write of an accumulator must not lose a concurrent batch.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [repo]);
      const keys = [...new Set(deltas.map((delta) => delta.key))];
      const existing = new Map<string, { accumulator: unknown; count: number; firstSeen: string; lastSeen: string }>();
      const { rows } = await client.query(
        'SELECT key, accumulator, count, first_seen, last_seen, updated_at, repo FROM observations WHERE repo = $1 AND key = ANY($2::text[])',
        [repo, keys],
      );
      for (const row of rows) {
        const obs = toObservation(row);
        existing.set(obs.key, obs);
      }
      const result: MergeResult = { inserted: 0, updated: 0, exchanges: 0 };
      const touched = new Set<string>();
      for (const delta of deltas) {
        const first = normalizeIso(delta.firstSeen);
        const last = normalizeIso(delta.lastSeen);
        const current = existing.get(delta.key);
        if (current === undefined) {
          existing.set(delta.key, {
            accumulator: delta.accumulator,
            count: delta.count,
            firstSeen: first,
            lastSeen: last,
          });
          result.inserted += 1;
        } else {
          current.accumulator = merge(current.accumulator, delta.accumulator);
          current.count += delta.count;
          current.firstSeen = minIso(current.firstSeen, first);
          current.lastSeen = maxIso(current.lastSeen, last);
          result.updated += 1;
        }
        touched.add(delta.key);
        result.exchanges += delta.count;
      }
      const now = new Date().toISOString();
      for (const key of touched) {
        const value = existing.get(key)!;
        await client.query(
          `INSERT INTO observations (repo, key, accumulator, count, first_seen, last_seen, updated_at)
           VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7)
           ON CONFLICT (repo, key) DO UPDATE SET accumulator = excluded.accumulator, count = excluded.count,
             first_seen = excluded.first_seen, last_seen = excluded.last_seen, updated_at = excluded.updated_at`,
          [repo, key, JSON.stringify(value.accumulator), value.count, value.firstSeen, value.lastSeen, now],
        );
      }
      return result;
    });
  }

  async listObservations(repo: string, options: { since?: string } = {}): Promise<StoredObservation[]> {
    const { rows } =
      options.since === undefined
        ? await this.#pool.query('SELECT * FROM observations WHERE repo = $1 ORDER BY key COLLATE "C"', [repo])
        : await this.#pool.query(
            'SELECT * FROM observations WHERE repo = $1 AND last_seen >= $2 ORDER BY key COLLATE "C"',
            [repo, normalizeIso(options.since)],
          );
    return rows.map(toObservation);
  }

  async createToken(repo: string, name: string): Promise<CreatedToken> {
    const secret = generateTokenSecret();
    const createdAt = new Date().toISOString();
    await inTransaction(this.#pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`tokens:${repo}`]);
      const live = await client.query('SELECT 1 FROM tokens WHERE repo = $1 AND name = $2 AND revoked_at IS NULL', [
        repo,
        name,
      ]);
      if ((live.rowCount ?? 0) > 0) throw new StoreError(`${repo} already has a live token named "${name}"`);
      await client.query('INSERT INTO tokens (id, repo, name, hash, created_at) VALUES ($1, $2, $3, $4, $5)', [
        secret.id,
        repo,
        name,
        secret.hash,
        createdAt,
      ]);
    });
    return { token: secret.token, record: { id: secret.id, repo, name, createdAt, lastUsedAt: null, revokedAt: null } };
  }

  async listTokens(repo: string): Promise<TokenRecord[]> {
    const { rows } = await this.#pool.query('SELECT * FROM tokens WHERE repo = $1 ORDER BY created_at, id', [repo]);
    return rows.map(toToken);
  }

  async revokeToken(repo: string, idOrName: string): Promise<boolean> {
    const result = await this.#pool.query(
      'UPDATE tokens SET revoked_at = now() WHERE repo = $1 AND (id = $2 OR name = $2) AND revoked_at IS NULL',
      [repo, idOrName],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async verifyToken(token: string): Promise<TokenRecord | undefined> {
    const id = parseTokenId(token);
    const row: Row | undefined =
      id === undefined ? undefined : (await this.#pool.query('SELECT * FROM tokens WHERE id = $1', [id])).rows[0];
    const accepted = acceptToken(token, row);
    if (accepted?.touched)
      await this.#pool.query('UPDATE tokens SET last_used_at = $1 WHERE id = $2', [
        accepted.record.lastUsedAt,
        accepted.record.id,
      ]);
    return accepted?.record;
  }

  async dismiss(dismissal: Omit<Dismissal, 'createdAt'>): Promise<Dismissal> {
    const createdAt = new Date().toISOString();
    await this.#pool.query(
      `INSERT INTO dismissals (repo, fingerprint, reason, dismissed_by, until_changed, created_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (repo, fingerprint) DO UPDATE SET reason = excluded.reason, dismissed_by = excluded.dismissed_by,
         until_changed = excluded.until_changed, created_at = excluded.created_at`,
      [dismissal.repo, dismissal.fingerprint, dismissal.reason, dismissal.by, dismissal.untilChanged, createdAt],
    );
    return { ...dismissal, createdAt };
  }

  async setOtelServiceNames(repo: string, names: readonly string[] | undefined): Promise<void> {
    if (names === undefined) {
      await this.#pool.query('DELETE FROM otel_services WHERE repo = $1', [repo]);
      return;
    }
    await this.#pool.query(
      `INSERT INTO otel_services (repo, service_names, updated_at) VALUES ($1, $2::jsonb, now())
       ON CONFLICT (repo) DO UPDATE SET service_names = excluded.service_names, updated_at = excluded.updated_at`,
      [repo, JSON.stringify(names)],
    );
  }

  async getOtelServiceNames(repo: string): Promise<string[] | undefined> {
    const { rows } = await this.#pool.query('SELECT service_names FROM otel_services WHERE repo = $1', [repo]);
    return rows[0] === undefined ? undefined : (rows[0].service_names as string[]);
  }

  async listDismissals(repo: string): Promise<Dismissal[]> {
    const { rows } = await this.#pool.query(
      'SELECT * FROM dismissals WHERE repo = $1 ORDER BY fingerprint COLLATE "C"',
      [repo],
    );
    return rows.map(toDismissal);
  }

  async undismiss(repo: string, fingerprint: string): Promise<boolean> {
    const result = await this.#pool.query('DELETE FROM dismissals WHERE repo = $1 AND fingerprint = $2', [
      repo,
      fingerprint,
    ]);
    return (result.rowCount ?? 0) > 0;
  }

  async claimDelivery(deliveryId: string, event: string): Promise<boolean> {
    const result = await this.#pool.query(
      'INSERT INTO deliveries (id, event, received_at) VALUES ($1, $2, now()) ON CONFLICT (id) DO NOTHING',
      [deliveryId, event],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async knowsDelivery(deliveryId: string): Promise<boolean> {
    const result = await this.#pool.query('SELECT 1 FROM deliveries WHERE id = $1', [deliveryId]);
    return (result.rowCount ?? 0) > 0;
  }

  async claimRun(
    repo: string,
    branch: string,
    sha: string,
    kind: RunKind = 'analyse-commit',
    job?: unknown,
  ): Promise<RunClaim> {
    const inserted = await this.#pool.query(
      `INSERT INTO runs (repo, branch, sha, kind, started_at, job) VALUES ($1, $2, $3, $4, now(), $5::jsonb)
       ON CONFLICT (repo, branch, sha, kind) DO NOTHING RETURNING *`,
      [repo, branch, sha, kind, job === undefined ? null : JSON.stringify(job)],
    );
    if (inserted.rows[0] !== undefined) return { claimed: true, run: toRun(inserted.rows[0]) };
    const run = await this.getRun(repo, branch, sha, kind);
    return { claimed: false, run: run! };
  }

  async updateRun(id: number, update: RunUpdate): Promise<RunRecord | undefined> {
    const sets: string[] = [];
    const values: unknown[] = [];
    const set = (column: string, value: unknown): void => {
      values.push(value);
      sets.push(`${column} = $${values.length}`);
    };
    for (const [column, value] of runUpdateColumns(update)) set(column, value);
    values.push(id);
    const sql =
      sets.length > 0
        ? `UPDATE runs SET ${sets.join(', ')} WHERE id = $${values.length} RETURNING *`
        : `SELECT * FROM runs WHERE id = $${values.length}`;
    const { rows } = await this.#pool.query(sql, values);
    return rows[0] === undefined ? undefined : toRun(rows[0]);
  }

  async getRun(
    repo: string,
    branch: string,
    sha: string,
    kind: RunKind = 'analyse-commit',
  ): Promise<RunRecord | undefined> {
    const { rows } = await this.#pool.query(
      'SELECT * FROM runs WHERE repo = $1 AND branch = $2 AND sha = $3 AND kind = $4',
      [repo, branch, sha, kind],
    );
    return rows[0] === undefined ? undefined : toRun(rows[0]);
  }

  async claimStaleRuns(startedBefore: string, limit: number): Promise<RunRecord[]> {
    // SKIP LOCKED: two sweepers at once each take different runs instead of waiting on each other.
    const { rows } = await this.#pool.query(
      `UPDATE runs SET started_at = now(), sweeps = sweeps + 1 WHERE id IN (
         SELECT id FROM runs WHERE finished_at IS NULL AND started_at < $1 ORDER BY started_at LIMIT $2
         FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [normalizeIso(startedBefore), limit],
    );
    return rows.map(toRun);
  }

  async addToOutbox(entries: Array<Pick<OutboxEntry, 'id' | 'deliveryId' | 'job'>>): Promise<void> {
    if (entries.length === 0) return;
    await this.#pool.query(
      `INSERT INTO outbox (id, delivery_id, job, created_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[], array_fill(now(), ARRAY[$4::int]))
       ON CONFLICT (id) DO NOTHING`,
      [
        entries.map((e) => e.id),
        entries.map((e) => e.deliveryId),
        entries.map((e) => JSON.stringify(e.job)),
        entries.length,
      ],
    );
  }

  async listOutbox(options: { dispatchedBefore: string; limit: number }): Promise<OutboxEntry[]> {
    const { rows } = await this.#pool.query(
      `SELECT * FROM outbox WHERE dispatched_at IS NULL OR dispatched_at < $1 ORDER BY created_at, id LIMIT $2`,
      [normalizeIso(options.dispatchedBefore), options.limit],
    );
    return rows.map(toOutboxEntry);
  }

  async markDispatched(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.#pool.query('UPDATE outbox SET dispatched_at = now() WHERE id = ANY($1::text[])', [ids]);
  }

  async removeFromOutbox(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.#pool.query('DELETE FROM outbox WHERE id = ANY($1::text[])', [ids]);
  }

  async outboxStats(): Promise<OutboxStats> {
    const { rows } = await this.#pool.query('SELECT COUNT(*) AS depth, MIN(created_at) AS oldest FROM outbox');
    const row = rows[0] as Row;
    return { depth: Number(row.depth), oldestAt: isoOf(row.oldest) };
  }

  async ping(): Promise<void> {
    await this.#pool.query('SELECT 1');
  }

  async listRuns(repo: string, limit = 50): Promise<RunRecord[]> {
    const { rows } = await this.#pool.query('SELECT * FROM runs WHERE repo = $1 ORDER BY id DESC LIMIT $2', [
      repo,
      limit,
    ]);
    return rows.map(toRun);
  }

  async count(): Promise<StoreCounts> {
    const { rows } = await this.#pool.query(
      `SELECT (SELECT COUNT(*) FROM observations) AS observations, (SELECT COUNT(*) FROM tokens) AS tokens,
              (SELECT COUNT(*) FROM dismissals) AS dismissals, (SELECT COUNT(*) FROM runs) AS runs,
              (SELECT COUNT(*) FROM deliveries) AS deliveries, (SELECT COUNT(*) FROM outbox) AS outbox`,
    );
    const row = rows[0] as Row;
    return {
      observations: Number(row.observations),
      tokens: Number(row.tokens),
      dismissals: Number(row.dismissals),
      runs: Number(row.runs),
      deliveries: Number(row.deliveries),
      outbox: Number(row.outbox),
    };
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}
