import { type Command, Option } from 'commander';
import { describeStoreLocation, openStore, type Store, StoreError } from '../../store/index.js';
import { type CliIo, CliUsageError } from '../io.js';

const REPO_PATTERN = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** Checks `--repo OWNER/NAME`. */
export function parseRepo(value: string): string {
  if (!REPO_PATTERN.test(value)) throw new CliUsageError(`--repo must be OWNER/NAME, got "${value}"`);
  return value;
}

/** Adds `--db PATH` (SQLite file; `$SPECWATCH_DB`; PostgreSQL when `$DATABASE_URL` is set and no --db). */
export function addDbOption(command: Command): Command {
  return command.addOption(
    new Option(
      '--db <path>',
      'SQLite store file (default $SPECWATCH_DB or .specwatch/specwatch.db; $DATABASE_URL selects PostgreSQL)',
    ),
  );
}

/** Opens the store the options name, runs `work`, and always closes it; store failures become exit code 2. */
export async function withStore<T>(io: CliIo, db: string | undefined, work: (store: Store) => Promise<T>): Promise<T> {
  let store: Store;
  try {
    store = await openStore({ ...(db === undefined ? {} : { db }), env: io.env, cwd: io.cwd });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliUsageError(
      `${describeStoreLocation({ ...(db === undefined ? {} : { db }), env: io.env })}: ${reason}`,
    );
  }
  try {
    return await work(store);
  } catch (error) {
    if (error instanceof StoreError) throw new CliUsageError(error.message);
    throw error;
  } finally {
    await store.close();
  }
}

/**
 * Per-install secret keying the value sketches (`$SPECWATCH_SKETCH_SECRET`): with it, shapes from many processes
 * and days merge without over-counting distinct values.
 */
export function sketchSecret(io: CliIo): string | undefined {
  const secret = io.env.SPECWATCH_SKETCH_SECRET;
  return secret === undefined || secret === '' ? undefined : secret;
}

/** Resolves on the first SIGINT or SIGTERM (listeners removed afterwards), for long-running commands. */
export function waitForShutdown(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Parses a non-negative integer option (a port, a byte count). */
export function parseCount(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new CliUsageError(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}
