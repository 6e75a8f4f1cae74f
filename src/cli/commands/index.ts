import type { CommandRegistrar } from '../program.js';

/** Every CLI command, in the order `--help` lists them. Each part adds its own line here. */
export const commandRegistrars: CommandRegistrar[] = [];
