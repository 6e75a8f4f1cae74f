import { tokenMatches } from './token-secret.js';
import type { Dismissal, OutboxEntry, RunRecord, RunUpdate, StoredObservation, TokenRecord } from './types.js';

/** A raw row from either driver: SQLite gives text and numbers, pg gives Dates, strings for BIGINT, parsed JSONB. */
export type Row = Record<string, unknown>;

/** ISO-8601 text of a driver timestamp (null stays null). */
export function isoOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  return new Date(String(value)).toISOString();
}

/** Normalises a caller's timestamp to ISO-8601 UTC, so SQLite's text comparison orders it correctly. */
export function normalizeIso(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid timestamp');
  return date.toISOString();
}

function jsonOf(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

function numberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** Maps an `observations` row. */
export function toObservation(row: Row): StoredObservation {
  return {
    repo: String(row.repo),
    key: String(row.key),
    accumulator: jsonOf(row.accumulator),
    count: Number(row.count),
    firstSeen: isoOf(row.first_seen)!,
    lastSeen: isoOf(row.last_seen)!,
    updatedAt: isoOf(row.updated_at)!,
  };
}

/** Maps a `tokens` row; the hash column is never part of the record. */
export function toToken(row: Row): TokenRecord {
  return {
    id: String(row.id),
    repo: String(row.repo),
    name: String(row.name),
    createdAt: isoOf(row.created_at)!,
    lastUsedAt: isoOf(row.last_used_at),
    revokedAt: isoOf(row.revoked_at),
  };
}

/** Maps a `dismissals` row. */
export function toDismissal(row: Row): Dismissal {
  return {
    repo: String(row.repo),
    fingerprint: String(row.fingerprint),
    reason: String(row.reason),
    by: String(row.dismissed_by),
    untilChanged: row.until_changed === null || row.until_changed === undefined ? null : String(row.until_changed),
    createdAt: isoOf(row.created_at)!,
  };
}

/** Maps a `runs` row. */
export function toRun(row: Row): RunRecord {
  return {
    id: Number(row.id),
    repo: String(row.repo),
    branch: String(row.branch),
    sha: String(row.sha),
    kind: String(row.kind),
    startedAt: isoOf(row.started_at)!,
    finishedAt: isoOf(row.finished_at),
    conclusion: row.conclusion === null || row.conclusion === undefined ? null : String(row.conclusion),
    counts: jsonOf(row.counts) as Record<string, number>,
    checkRunId: numberOrNull(row.check_run_id),
    docsPrNumber: numberOrNull(row.docs_pr_number),
    job: row.job === null || row.job === undefined ? null : jsonOf(row.job),
    sweeps: Number(row.sweeps ?? 0),
  };
}

/** Maps an `outbox` row. */
export function toOutboxEntry(row: Row): OutboxEntry {
  return {
    id: String(row.id),
    deliveryId: String(row.delivery_id),
    job: jsonOf(row.job),
    createdAt: isoOf(row.created_at)!,
    dispatchedAt: isoOf(row.dispatched_at),
  };
}

/** Earlier of two ISO timestamps. */
export function minIso(a: string, b: string): string {
  return a <= b ? a : b;
}

/** Later of two ISO timestamps. */
export function maxIso(a: string, b: string): string {
  return a >= b ? a : b;
}

/** How stale `last_used_at` may get before a successful verification rewrites it (keeps hot paths read-only). */
export const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Checks a presented token against the row looked up by its id (undefined when none): the live record when it
 * matches, with `lastUsedAt` moved to now when the stored one is stale. `touched` tells the store to write it back.
 * Both stores share this so the timing-safe compare and the write throttle cannot drift apart.
 */
export function acceptToken(
  token: string,
  row: Row | undefined,
  now = Date.now(),
): { record: TokenRecord; touched: boolean } | undefined {
  const matches = tokenMatches(token, row === undefined ? undefined : String(row.hash));
  if (!matches || row === undefined || row.revoked_at !== null) return undefined;
  const record = toToken(row);
  const touched = record.lastUsedAt === null || now - Date.parse(record.lastUsedAt) > LAST_USED_RESOLUTION_MS;
  if (touched) record.lastUsedAt = new Date(now).toISOString();
  return { record, touched };
}

/** The `runs` columns a {@link RunUpdate} sets, with their values as both drivers store them. */
export function runUpdateColumns(update: RunUpdate): [column: string, value: unknown][] {
  const columns: [string, unknown][] = [];
  if (update.finishedAt !== undefined) columns.push(['finished_at', normalizeIso(update.finishedAt)]);
  if (update.conclusion !== undefined) columns.push(['conclusion', update.conclusion]);
  if (update.counts !== undefined) columns.push(['counts', JSON.stringify(update.counts)]);
  if (update.checkRunId !== undefined) columns.push(['check_run_id', update.checkRunId]);
  if (update.docsPrNumber !== undefined) columns.push(['docs_pr_number', update.docsPrNumber]);
  return columns;
}
