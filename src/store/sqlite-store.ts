import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
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

type Db = Database.Database;

/** Applies pending migrations inside one immediate transaction, so two processes opening a new file don't race. */
function migrateSqlite(db: Db): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  db.transaction(() => {
    const applied = new Set(
      (db.prepare('SELECT version FROM schema_migrations').all() as Row[]).map((row) => Number(row.version)),
    );
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      db.exec(migration.sql.sqlite);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
    }
  }).immediate();
}

/**
 * Opens (creating when needed) the embedded SQLite store at `path` (`:memory:` for a throwaway store) and migrates it.
 */
export function openSqliteStore(path: string): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: Db;
  try {
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    migrateSqlite(db);
  } catch (error) {
    throw new StoreError(`cannot open the SQLite store: ${error instanceof Error ? error.message : String(error)}`);
  }
  return new SqliteStore(db);
}

class SqliteStore implements Store {
  readonly dialect = 'sqlite' as const;
  readonly #db: Db;
  readonly #selectObservation;
  readonly #insertObservation;
  readonly #updateObservation;

  constructor(db: Db) {
    this.#db = db;
    this.#selectObservation = db.prepare(
      'SELECT accumulator, count, first_seen, last_seen FROM observations WHERE repo = ? AND key = ?',
    );
    this.#insertObservation = db.prepare(
      'INSERT INTO observations (repo, key, accumulator, count, first_seen, last_seen, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.#updateObservation = db.prepare(
      'UPDATE observations SET accumulator = ?, count = ?, first_seen = ?, last_seen = ?, updated_at = ? WHERE repo = ? AND key = ?',
    );
  }

  async mergeObservations(repo: string, deltas: ObservationDelta[], merge: MergeAccumulators): Promise<MergeResult> {
    const now = new Date().toISOString();
    const result: MergeResult = { inserted: 0, updated: 0, exchanges: 0 };
    this.#db.transaction(() => {
      for (const delta of deltas) {
        const first = normalizeIso(delta.firstSeen);
        const last = normalizeIso(delta.lastSeen);
        const row = this.#selectObservation.get(repo, delta.key) as Row | undefined;
        if (row === undefined) {
          this.#insertObservation.run(
            repo,
            delta.key,
            JSON.stringify(delta.accumulator),
            delta.count,
            first,
            last,
            now,
          );
          result.inserted += 1;
        } else {
          const merged = merge(JSON.parse(String(row.accumulator)), delta.accumulator);
          this.#updateObservation.run(
            JSON.stringify(merged),
            Number(row.count) + delta.count,
            minIso(String(row.first_seen), first),
            maxIso(String(row.last_seen), last),
            now,
            repo,
            delta.key,
          );
          result.updated += 1;
        }
        result.exchanges += delta.count;
      }
    })();
    return result;
  }

  async listObservations(repo: string, options: { since?: string } = {}): Promise<StoredObservation[]> {
    const rows =
      options.since === undefined
        ? this.#db.prepare('SELECT * FROM observations WHERE repo = ? ORDER BY key').all(repo)
        : this.#db
            .prepare('SELECT * FROM observations WHERE repo = ? AND last_seen >= ? ORDER BY key')
            .all(repo, normalizeIso(options.since));
    return (rows as Row[]).map(toObservation);
  }

  async createToken(repo: string, name: string): Promise<CreatedToken> {
    const secret = generateTokenSecret();
    const createdAt = new Date().toISOString();
    this.#db.transaction(() => {
      const live = this.#db
        .prepare('SELECT 1 FROM tokens WHERE repo = ? AND name = ? AND revoked_at IS NULL')
        .get(repo, name);
      if (live !== undefined) throw new StoreError(`${repo} already has a live token named "${name}"`);
      this.#db
        .prepare('INSERT INTO tokens (id, repo, name, hash, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(secret.id, repo, name, secret.hash, createdAt);
    })();
    return {
      token: secret.token,
      record: { id: secret.id, repo, name, createdAt, lastUsedAt: null, revokedAt: null },
    };
  }

  async listTokens(repo: string): Promise<TokenRecord[]> {
    const rows = this.#db.prepare('SELECT * FROM tokens WHERE repo = ? ORDER BY created_at, id').all(repo) as Row[];
    return rows.map(toToken);
  }

  async revokeToken(repo: string, idOrName: string): Promise<boolean> {
    const info = this.#db
      .prepare('UPDATE tokens SET revoked_at = ? WHERE repo = ? AND (id = ? OR name = ?) AND revoked_at IS NULL')
      .run(new Date().toISOString(), repo, idOrName, idOrName);
    return info.changes > 0;
  }

  async verifyToken(token: string): Promise<TokenRecord | undefined> {
    const id = parseTokenId(token);
    const row =
      id === undefined ? undefined : (this.#db.prepare('SELECT * FROM tokens WHERE id = ?').get(id) as Row | undefined);
    const accepted = acceptToken(token, row);
    if (accepted?.touched)
      this.#db
        .prepare('UPDATE tokens SET last_used_at = ? WHERE id = ?')
        .run(accepted.record.lastUsedAt, accepted.record.id);
    return accepted?.record;
  }

  async dismiss(dismissal: Omit<Dismissal, 'createdAt'>): Promise<Dismissal> {
    const createdAt = new Date().toISOString();
    this.#db
      .prepare(
        `INSERT INTO dismissals (repo, fingerprint, reason, dismissed_by, until_changed, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (repo, fingerprint) DO UPDATE SET reason = excluded.reason, dismissed_by = excluded.dismissed_by,
           until_changed = excluded.until_changed, created_at = excluded.created_at`,
      )
      .run(dismissal.repo, dismissal.fingerprint, dismissal.reason, dismissal.by, dismissal.untilChanged, createdAt);
    return { ...dismissal, createdAt };
  }

  async setOtelServiceNames(repo: string, names: readonly string[] | undefined): Promise<void> {
    if (names === undefined) {
      this.#db.prepare('DELETE FROM otel_services WHERE repo = ?').run(repo);
      return;
    }
    this.#db
      .prepare(
        `INSERT INTO otel_services (repo, service_names, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (repo) DO UPDATE SET service_names = excluded.service_names, updated_at = excluded.updated_at`,
      )
      .run(repo, JSON.stringify(names), new Date().toISOString());
  }

  async getOtelServiceNames(repo: string): Promise<string[] | undefined> {
    const row = this.#db.prepare('SELECT service_names FROM otel_services WHERE repo = ?').get(repo) as
      | { service_names: string }
      | undefined;
    return row === undefined ? undefined : (JSON.parse(row.service_names) as string[]);
  }

  async listDismissals(repo: string): Promise<Dismissal[]> {
    const rows = this.#db.prepare('SELECT * FROM dismissals WHERE repo = ? ORDER BY fingerprint').all(repo) as Row[];
    return rows.map(toDismissal);
  }

  async undismiss(repo: string, fingerprint: string): Promise<boolean> {
    return (
      this.#db.prepare('DELETE FROM dismissals WHERE repo = ? AND fingerprint = ?').run(repo, fingerprint).changes > 0
    );
  }

  async claimDelivery(deliveryId: string, event: string): Promise<boolean> {
    const info = this.#db
      .prepare('INSERT INTO deliveries (id, event, received_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING')
      .run(deliveryId, event, new Date().toISOString());
    return info.changes > 0;
  }

  async knowsDelivery(deliveryId: string): Promise<boolean> {
    return this.#db.prepare('SELECT 1 FROM deliveries WHERE id = ?').get(deliveryId) !== undefined;
  }

  async claimRun(
    repo: string,
    branch: string,
    sha: string,
    kind: RunKind = 'analyse-commit',
    job?: unknown,
  ): Promise<RunClaim> {
    const info = this.#db
      .prepare(
        `INSERT INTO runs (repo, branch, sha, kind, started_at, job) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (repo, branch, sha, kind) DO NOTHING`,
      )
      .run(repo, branch, sha, kind, new Date().toISOString(), job === undefined ? null : JSON.stringify(job));
    const run = await this.getRun(repo, branch, sha, kind);
    return { claimed: info.changes > 0, run: run! };
  }

  async updateRun(id: number, update: RunUpdate): Promise<RunRecord | undefined> {
    const columns = runUpdateColumns(update);
    const sets = columns.map(([column]) => `${column} = ?`);
    const values = columns.map(([, value]) => value);
    if (sets.length > 0) this.#db.prepare(`UPDATE runs SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
    const row = this.#db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as Row | undefined;
    return row === undefined ? undefined : toRun(row);
  }

  async getRun(
    repo: string,
    branch: string,
    sha: string,
    kind: RunKind = 'analyse-commit',
  ): Promise<RunRecord | undefined> {
    const row = this.#db
      .prepare('SELECT * FROM runs WHERE repo = ? AND branch = ? AND sha = ? AND kind = ?')
      .get(repo, branch, sha, kind) as Row | undefined;
    return row === undefined ? undefined : toRun(row);
  }

  async claimStaleRuns(startedBefore: string, limit: number): Promise<RunRecord[]> {
    const now = new Date().toISOString();
    return this.#db
      .transaction(() => {
        const rows = this.#db
          .prepare('SELECT id FROM runs WHERE finished_at IS NULL AND started_at < ? ORDER BY started_at LIMIT ?')
          .all(normalizeIso(startedBefore), limit) as Row[];
        const update = this.#db.prepare('UPDATE runs SET started_at = ?, sweeps = sweeps + 1 WHERE id = ? RETURNING *');
        return rows.map((row) => toRun(update.get(now, row.id) as Row));
      })
      .immediate();
  }

  async addToOutbox(entries: Array<Pick<OutboxEntry, 'id' | 'deliveryId' | 'job'>>): Promise<void> {
    const insert = this.#db.prepare(
      'INSERT INTO outbox (id, delivery_id, job, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
    );
    const now = new Date().toISOString();
    this.#db.transaction(() => {
      for (const entry of entries) insert.run(entry.id, entry.deliveryId, JSON.stringify(entry.job), now);
    })();
  }

  async listOutbox(options: { dispatchedBefore: string; limit: number }): Promise<OutboxEntry[]> {
    const rows = this.#db
      .prepare('SELECT * FROM outbox WHERE dispatched_at IS NULL OR dispatched_at < ? ORDER BY created_at, id LIMIT ?')
      .all(normalizeIso(options.dispatchedBefore), options.limit) as Row[];
    return rows.map(toOutboxEntry);
  }

  async markDispatched(ids: string[]): Promise<void> {
    const update = this.#db.prepare('UPDATE outbox SET dispatched_at = ? WHERE id = ?');
    const now = new Date().toISOString();
    this.#db.transaction(() => {
      for (const id of ids) update.run(now, id);
    })();
  }

  async removeFromOutbox(ids: string[]): Promise<void> {
    const remove = this.#db.prepare('DELETE FROM outbox WHERE id = ?');
    this.#db.transaction(() => {
      for (const id of ids) remove.run(id);
    })();
  }

  async outboxStats(): Promise<OutboxStats> {
    const row = this.#db.prepare('SELECT COUNT(*) AS depth, MIN(created_at) AS oldest FROM outbox').get() as Row;
    return { depth: Number(row.depth), oldestAt: isoOf(row.oldest) };
  }

  async ping(): Promise<void> {
    this.#db.prepare('SELECT 1').get();
  }

  async listRuns(repo: string, limit = 50): Promise<RunRecord[]> {
    const rows = this.#db
      .prepare('SELECT * FROM runs WHERE repo = ? ORDER BY id DESC LIMIT ?')
      .all(repo, limit) as Row[];
    return rows.map(toRun);
  }

  async count(): Promise<StoreCounts> {
    const countOf = (table: string): number =>
      Number((this.#db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as Row).n);
    return {
      observations: countOf('observations'),
      tokens: countOf('tokens'),
      dismissals: countOf('dismissals'),
      runs: countOf('runs'),
      deliveries: countOf('deliveries'),
      outbox: countOf('outbox'),
    };
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }
}
