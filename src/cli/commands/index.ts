import type { CommandRegistrar } from '../program.js';
import { registerInventory } from './inventory.js';
import { registerObserveCommand } from './observe.js';
import { registerPiiCommand } from './pii.js';
import { registerRecordCommand } from './record.js';
import { registerRoutes } from './routes.js';
import { registerServeCommand } from './serve.js';
import { registerTokenCommand } from './token.js';

/** Every CLI command, in the order `--help` lists them. Each part adds its own line here. */
export const commandRegistrars: CommandRegistrar[] = [
  registerInventory,
  registerRoutes,
  registerObserveCommand,
  registerPiiCommand,
  registerRecordCommand,
  registerServeCommand,
  registerTokenCommand,
];
