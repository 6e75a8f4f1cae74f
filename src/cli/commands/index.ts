import type { CommandRegistrar } from '../program.js';
import { registerAppCommand } from './app.js';
import { registerDiff } from './diff.js';
import { registerGithubActionCommand } from './github-action.js';
import { registerInventory } from './inventory.js';
import { registerObserveCommand } from './observe.js';
import { registerPiiCommand } from './pii.js';
import { registerRecordCommand } from './record.js';
import { registerRoutes } from './routes.js';
import { registerScan } from './scan.js';
import { registerServeCommand } from './serve.js';
import { registerTokenCommand } from './token.js';
import { registerWorkerCommand } from './worker.js';

/** Every CLI command, in the order `--help` lists them. Each part adds its own line here. */
export const commandRegistrars: CommandRegistrar[] = [
  registerInventory,
  registerScan,
  registerDiff,
  registerRoutes,
  registerObserveCommand,
  registerPiiCommand,
  registerRecordCommand,
  registerServeCommand,
  registerTokenCommand,
  registerAppCommand,
  registerWorkerCommand,
  registerGithubActionCommand,
];
