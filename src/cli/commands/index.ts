import type { CommandRegistrar } from '../program.js';

/** One CLI command: its name, the line `--help` shows for it, and the module that registers it, loaded on use. */
export interface CommandModule {
  name: string;
  /** Must equal the module's own `.description()` (test/cli/lazy-commands.test.ts): `--help` shows it unloaded. */
  summary: string;
  load: () => Promise<CommandRegistrar>;
}

/**
 * Every CLI command, in the order `--help` lists them. Each part adds its own line here. Loaded on demand: a cold
 * `specwatch diff` must not pay for Probot, the store, tree-sitter or the TypeScript compiler that other commands
 * use, and `--version` or `--help` load no command at all.
 */
export const commandModules: CommandModule[] = [
  {
    name: 'inventory',
    summary: 'list every operation with where each view saw it, its auth and its PII/PHI fields',
    load: async () => (await import('./inventory.js')).registerInventory,
  },
  {
    name: 'scan',
    summary: 'compare the documented, implemented and observed views of a checkout and report drift',
    load: async () => (await import('./scan.js')).registerScan,
  },
  {
    name: 'diff',
    summary: 'classify the changes between two versions of an API spec (breaking, potentially breaking, safe)',
    load: async () => (await import('./diff.js')).registerDiff,
  },
  {
    name: 'routes',
    summary: 'list the routes the source code serves (the implemented view), read statically',
    load: async () => (await import('./routes.js')).registerRoutes,
  },
  {
    name: 'observe',
    summary: 'import HAR / NDJSON captures into the store (shapes only, never values)',
    load: async () => (await import('./observe.js')).registerObserveCommand,
  },
  {
    name: 'pii',
    summary: 'classify fields read from stdin (NDJSON) as PII/PHI, with category, HIPAA letter and confidence',
    load: async () => (await import('./pii.js')).registerPiiCommand,
  },
  {
    name: 'record',
    summary: 'reverse proxy: forward traffic unchanged, write its shapes (never values) to a file or to ingestion',
    load: async () => (await import('./record.js')).registerRecordCommand,
  },
  {
    name: 'serve',
    summary:
      'serve POST /specwatch/ingest and OTLP/HTTP POST /v1/traces (per-repo bearer tokens; shapes are stored, never values)',
    load: async () => (await import('./serve.js')).registerServeCommand,
  },
  {
    name: 'token',
    summary: 'manage ingestion tokens (per repo; only a hash is stored)',
    load: async () => (await import('./token.js')).registerTokenCommand,
  },
  {
    name: 'app',
    summary: 'run the GitHub App server (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, HOST, PORT, DATABASE_URL, REDIS_URL)',
    load: async () => (await import('./app.js')).registerAppCommand,
  },
  {
    name: 'worker',
    summary: 'run App jobs from Redis (REDIS_URL, APP_ID, PRIVATE_KEY, DATABASE_URL, SPECWATCH_CONCURRENCY)',
    load: async () => (await import('./worker.js')).registerWorkerCommand,
  },
  {
    name: 'github-action',
    summary: 'run as a GitHub Action step: check run, docs PR and PR comment with $GITHUB_TOKEN',
    load: async () => (await import('./github-action.js')).registerGithubActionCommand,
  },
];
