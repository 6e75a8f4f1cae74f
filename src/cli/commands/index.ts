import type { CommandRegistrar } from '../program.js';

/** One CLI command: its name, and the module that registers it, loaded only when the command runs. */
export interface CommandModule {
  name: string;
  load: () => Promise<CommandRegistrar>;
}

/**
 * Every CLI command, in the order `--help` lists them. Each part adds its own line here. Loaded on demand: a cold
 * `specwatch diff` must not pay for Probot, the store, tree-sitter or the TypeScript compiler that other commands use.
 */
export const commandModules: CommandModule[] = [
  { name: 'inventory', load: async () => (await import('./inventory.js')).registerInventory },
  { name: 'scan', load: async () => (await import('./scan.js')).registerScan },
  { name: 'diff', load: async () => (await import('./diff.js')).registerDiff },
  { name: 'routes', load: async () => (await import('./routes.js')).registerRoutes },
  { name: 'observe', load: async () => (await import('./observe.js')).registerObserveCommand },
  { name: 'pii', load: async () => (await import('./pii.js')).registerPiiCommand },
  { name: 'record', load: async () => (await import('./record.js')).registerRecordCommand },
  { name: 'serve', load: async () => (await import('./serve.js')).registerServeCommand },
  { name: 'token', load: async () => (await import('./token.js')).registerTokenCommand },
  { name: 'app', load: async () => (await import('./app.js')).registerAppCommand },
  { name: 'worker', load: async () => (await import('./worker.js')).registerWorkerCommand },
  { name: 'github-action', load: async () => (await import('./github-action.js')).registerGithubActionCommand },
];
