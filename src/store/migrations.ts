import type { StoreDialect } from './types.js';

/** One schema step; applied in `version` order and recorded in `schema_migrations`. */
export interface Migration {
  version: number;
  name: string;
  sql: Record<StoreDialect, string>;
}

/**
 * Versioned migrations, one SQL text per dialect. Never edit a released step: add the next one.
 * SQLite keeps timestamps as ISO-8601 text (sortable); PostgreSQL uses timestamptz.
 */
export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'initial',
    sql: {
      sqlite: `
        CREATE TABLE observations (
          repo TEXT NOT NULL,
          key TEXT NOT NULL,
          accumulator TEXT NOT NULL,
          count INTEGER NOT NULL,
          first_seen TEXT NOT NULL,
          last_seen TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          PRIMARY KEY (repo, key)
        );
        CREATE INDEX observations_last_seen ON observations (repo, last_seen);
        CREATE TABLE tokens (
          id TEXT PRIMARY KEY,
          repo TEXT NOT NULL,
          name TEXT NOT NULL,
          hash TEXT NOT NULL UNIQUE,
          created_at TEXT NOT NULL,
          last_used_at TEXT,
          revoked_at TEXT
        );
        CREATE INDEX tokens_repo ON tokens (repo);
        CREATE TABLE dismissals (
          repo TEXT NOT NULL,
          fingerprint TEXT NOT NULL,
          reason TEXT NOT NULL,
          dismissed_by TEXT NOT NULL,
          until_changed TEXT,
          created_at TEXT NOT NULL,
          PRIMARY KEY (repo, fingerprint)
        );
        CREATE TABLE runs (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          repo TEXT NOT NULL,
          branch TEXT NOT NULL,
          sha TEXT NOT NULL,
          kind TEXT NOT NULL,
          started_at TEXT NOT NULL,
          finished_at TEXT,
          conclusion TEXT,
          counts TEXT NOT NULL DEFAULT '{}',
          check_run_id INTEGER,
          docs_pr_number INTEGER,
          UNIQUE (repo, branch, sha, kind)
        );
        CREATE INDEX runs_repo ON runs (repo, id);
        CREATE TABLE deliveries (
          id TEXT PRIMARY KEY,
          event TEXT NOT NULL,
          received_at TEXT NOT NULL
        );`,
      postgres: `
        CREATE TABLE observations (
          repo TEXT NOT NULL,
          key TEXT NOT NULL,
          accumulator JSONB NOT NULL,
          count BIGINT NOT NULL,
          first_seen TIMESTAMPTZ NOT NULL,
          last_seen TIMESTAMPTZ NOT NULL,
          updated_at TIMESTAMPTZ NOT NULL,
          PRIMARY KEY (repo, key)
        );
        CREATE INDEX observations_last_seen ON observations (repo, last_seen);
        CREATE TABLE tokens (
          id TEXT PRIMARY KEY,
          repo TEXT NOT NULL,
          name TEXT NOT NULL,
          hash TEXT NOT NULL UNIQUE,
          created_at TIMESTAMPTZ NOT NULL,
          last_used_at TIMESTAMPTZ,
          revoked_at TIMESTAMPTZ
        );
        CREATE INDEX tokens_repo ON tokens (repo);
        CREATE TABLE dismissals (
          repo TEXT NOT NULL,
          fingerprint TEXT NOT NULL,
          reason TEXT NOT NULL,
          dismissed_by TEXT NOT NULL,
          until_changed TEXT,
          created_at TIMESTAMPTZ NOT NULL,
          PRIMARY KEY (repo, fingerprint)
        );
        CREATE TABLE runs (
          id BIGSERIAL PRIMARY KEY,
          repo TEXT NOT NULL,
          branch TEXT NOT NULL,
          sha TEXT NOT NULL,
          kind TEXT NOT NULL,
          started_at TIMESTAMPTZ NOT NULL,
          finished_at TIMESTAMPTZ,
          conclusion TEXT,
          counts JSONB NOT NULL DEFAULT '{}',
          check_run_id BIGINT,
          docs_pr_number INTEGER,
          UNIQUE (repo, branch, sha, kind)
        );
        CREATE INDEX runs_repo ON runs (repo, id);
        CREATE TABLE deliveries (
          id TEXT PRIMARY KEY,
          event TEXT NOT NULL,
          received_at TIMESTAMPTZ NOT NULL
        );`,
    },
  },
  {
    version: 2,
    name: 'webhook outbox and stale-run sweep',
    // The outbox holds each accepted job until it has run (at-least-once across a lost queue); `runs.job` keeps
    // what re-queues an unfinished run, `runs.sweeps` how often the sweeper did so.
    sql: {
      sqlite: `
        CREATE TABLE outbox (
          id TEXT PRIMARY KEY,
          delivery_id TEXT NOT NULL,
          job TEXT NOT NULL,
          created_at TEXT NOT NULL,
          dispatched_at TEXT
        );
        CREATE INDEX outbox_created ON outbox (created_at);
        ALTER TABLE runs ADD COLUMN job TEXT;
        ALTER TABLE runs ADD COLUMN sweeps INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX runs_unfinished ON runs (started_at) WHERE finished_at IS NULL;`,
      postgres: `
        CREATE TABLE outbox (
          id TEXT PRIMARY KEY,
          delivery_id TEXT NOT NULL,
          job JSONB NOT NULL,
          created_at TIMESTAMPTZ NOT NULL,
          dispatched_at TIMESTAMPTZ
        );
        CREATE INDEX outbox_created ON outbox (created_at);
        ALTER TABLE runs ADD COLUMN job JSONB;
        ALTER TABLE runs ADD COLUMN sweeps INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX runs_unfinished ON runs (started_at) WHERE finished_at IS NULL;`,
    },
  },
  {
    version: 3,
    name: 'OpenTelemetry service names of a repo',
    // The App's ingest keeps only the spans of the services a repo's config names; the config lives in the repo, so
    // the analysis of its default branch records the names here for the ingest route to read.
    sql: {
      sqlite: `
        CREATE TABLE otel_services (
          repo TEXT PRIMARY KEY,
          service_names TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );`,
      postgres: `
        CREATE TABLE otel_services (
          repo TEXT PRIMARY KEY,
          service_names JSONB NOT NULL,
          updated_at TIMESTAMPTZ NOT NULL
        );`,
    },
  },
];
