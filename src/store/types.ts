/** Which database a {@link Store} talks to. */
export type StoreDialect = 'sqlite' | 'postgres';

/**
 * One observed operation's accumulated shape, as the traffic reducer produces it. The store treats `accumulator`
 * as opaque JSON: it holds counts and types, never a value (DESIGN.md, principle 3).
 */
export interface ObservationDelta {
  /** Stable key of the accumulator (e.g. `GET /patients/{int}`), unique per repo. */
  key: string;
  /** JSON-serialisable, mergeable accumulator. */
  accumulator: unknown;
  /** Exchanges folded into this accumulator. */
  count: number;
  /** ISO-8601 timestamps. */
  firstSeen: string;
  lastSeen: string;
}

/** An observation as stored for a repo. */
export interface StoredObservation extends ObservationDelta {
  repo: string;
  /** ISO-8601 time of the last write. */
  updatedAt: string;
}

/** Folds an incoming accumulator into the stored one; must be associative (the order of batches is not kept). */
export type MergeAccumulators = (stored: unknown, incoming: unknown) => unknown;

/** What a merge wrote. */
export interface MergeResult {
  /** Keys seen for the first time. */
  inserted: number;
  /** Keys merged into an existing row. */
  updated: number;
  /** Exchanges added across all keys. */
  exchanges: number;
}

/** An ingestion token as listed: the secret itself is never stored, only its sha256. */
export interface TokenRecord {
  /** Public id, also embedded in the token (`swt_<id>_<secret>`), so a lookup needs no secret comparison in SQL. */
  id: string;
  /** `owner/name`: the token's repo is authoritative for what it may write. */
  repo: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** A freshly created token: `token` is shown once and then only its hash exists. */
export interface CreatedToken {
  token: string;
  record: TokenRecord;
}

/** A finding dismissed for a repo. */
export interface Dismissal {
  repo: string;
  /** Finding fingerprint (rule + operation + location). */
  fingerprint: string;
  reason: string;
  /** Who dismissed it (a GitHub login, or `specwatch` for a docs PR closed unmerged). */
  by: string;
  /**
   * Digest of the finding's content when dismissed: the dismissal holds only while the finding still has this
   * digest ("until it changes"). Null dismisses the fingerprint for good.
   */
  untilChanged: string | null;
  createdAt: string;
}

/** What a run is doing. */
export type RunKind = 'analyse-commit' | 'analyse-pull-request' | 'apply-docs' | (string & {});

/** A run record: one analysis of one sha, used by the App to dedupe and to find its check run and docs PR. */
export interface RunRecord {
  id: number;
  repo: string;
  branch: string;
  sha: string;
  kind: RunKind;
  startedAt: string;
  finishedAt: string | null;
  /** `success`, `failure`, `neutral`, … once finished. */
  conclusion: string | null;
  /** Finding counts per severity, or any small summary the job wants to keep. */
  counts: Record<string, number>;
  checkRunId: number | null;
  docsPrNumber: number | null;
  /** The job that started the run (what the sweeper re-queues when it never finished); null for older rows. */
  job: unknown;
  /** How often the sweeper found this run unfinished and re-queued it. */
  sweeps: number;
}

/** A job accepted from a webhook and kept until it has run: the dispatcher moves it into the queue. */
export interface OutboxEntry {
  /** The job's dedupe id (the queue's job id). */
  id: string;
  /** The webhook delivery that brought it. */
  deliveryId: string;
  /** The queued request, as JSON. */
  job: unknown;
  createdAt: string;
  /** When it was last handed to the queue; null while it never was. */
  dispatchedAt: string | null;
}

/** Depth of the outbox, for readiness. */
export interface OutboxStats {
  depth: number;
  /** The oldest entry's creation time, or null when empty. */
  oldestAt: string | null;
}

/** What `finishRun` may set. */
export interface RunUpdate {
  finishedAt?: string;
  conclusion?: string | null;
  counts?: Record<string, number>;
  checkRunId?: number | null;
  docsPrNumber?: number | null;
}

/** Result of an idempotent claim: `claimed` is false when another delivery already started the same run. */
export interface RunClaim {
  claimed: boolean;
  run: RunRecord;
}

/** Row counts per table, for `specwatch` summaries and tests. */
export type StoreCounts = Record<'observations' | 'tokens' | 'dismissals' | 'runs' | 'deliveries' | 'outbox', number>;

/**
 * The observation store: observed shapes, ingestion tokens, dismissals and run records. SQLite by default,
 * PostgreSQL at scale; both behave the same (one test suite runs against both).
 */
export interface Store {
  readonly dialect: StoreDialect;

  /** Merges shapes into the repo's stored observations in one transaction (all or nothing). */
  mergeObservations(repo: string, deltas: ObservationDelta[], merge: MergeAccumulators): Promise<MergeResult>;
  /** The repo's observations, optionally only those seen at or after `since` (ISO-8601). */
  listObservations(repo: string, options?: { since?: string }): Promise<StoredObservation[]>;

  /** Creates a token for a repo; the returned secret is never stored. */
  createToken(repo: string, name: string): Promise<CreatedToken>;
  /** Tokens of a repo (revoked ones included), oldest first. */
  listTokens(repo: string): Promise<TokenRecord[]>;
  /** Revokes a token by id or by name; false when the repo has no such live token. */
  revokeToken(repo: string, idOrName: string): Promise<boolean>;
  /** The live token record a presented secret belongs to, compared in constant time; undefined otherwise. */
  verifyToken(token: string): Promise<TokenRecord | undefined>;

  /**
   * Records the `traffic.otel.serviceName`s of a repo's config (from its default branch); `undefined` forgets them,
   * and the repo's ingest keeps every service's spans again.
   */
  setOtelServiceNames(repo: string, names: readonly string[] | undefined): Promise<void>;
  /** The recorded service names of a repo; undefined when none are recorded (every service is kept). */
  getOtelServiceNames(repo: string): Promise<string[] | undefined>;

  /** Records (or replaces) a dismissal. */
  dismiss(dismissal: Omit<Dismissal, 'createdAt'>): Promise<Dismissal>;
  listDismissals(repo: string): Promise<Dismissal[]>;
  /** Removes a dismissal; false when there was none. */
  undismiss(repo: string, fingerprint: string): Promise<boolean>;

  /**
   * Records a webhook delivery id once: true the first time, false for a redelivery. The App drops redeliveries.
   */
  claimDelivery(deliveryId: string, event: string): Promise<boolean>;
  /** True when the delivery id was claimed before (read only: the claim is made once its jobs are durable). */
  knowsDelivery(deliveryId: string): Promise<boolean>;
  /**
   * Starts the run for (repo, branch, sha, kind) unless one exists: idempotent across deliveries and replicas.
   * `job` (JSON) is kept with a new run so that the sweeper can re-queue it if it never finishes.
   */
  claimRun(repo: string, branch: string, sha: string, kind?: RunKind, job?: unknown): Promise<RunClaim>;
  /**
   * Takes up to `limit` unfinished runs started before `startedBefore` (ISO-8601) for the sweeper: each is returned
   * once per sweep, its start time moved to now and its `sweeps` count raised in the same statement, so replicas
   * sweeping at once never take the same run.
   */
  claimStaleRuns(startedBefore: string, limit: number): Promise<RunRecord[]>;

  /** Adds jobs to the outbox; an id already there is left as it is. */
  addToOutbox(entries: Array<Pick<OutboxEntry, 'id' | 'deliveryId' | 'job'>>): Promise<void>;
  /** Entries never dispatched or dispatched before `dispatchedBefore` (ISO-8601), oldest first. */
  listOutbox(options: { dispatchedBefore: string; limit: number }): Promise<OutboxEntry[]>;
  /** Notes that these entries were handed to the queue now. */
  markDispatched(ids: string[]): Promise<void>;
  /** Removes an entry once its job has run (or given up). */
  removeFromOutbox(ids: string[]): Promise<void>;
  outboxStats(): Promise<OutboxStats>;
  /** Resolves when the database answers a trivial query (readiness). */
  ping(): Promise<void>;
  /** Updates a run (finish time, conclusion, counts, check run id, docs PR number). */
  updateRun(id: number, update: RunUpdate): Promise<RunRecord | undefined>;
  getRun(repo: string, branch: string, sha: string, kind?: RunKind): Promise<RunRecord | undefined>;
  /** Recent runs of a repo, newest first. */
  listRuns(repo: string, limit?: number): Promise<RunRecord[]>;

  /** Row counts per table. */
  count(): Promise<StoreCounts>;
  /** Closes connections; the store is unusable afterwards. */
  close(): Promise<void>;
}
