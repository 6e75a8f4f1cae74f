import { Command, CommanderError } from 'commander';
import { commandModules } from './commands/index.js';

export { formatOption } from './options.js';

import { type CliIo, CliUsageError, EXIT } from './io.js';
import { SPECWATCH_VERSION } from './version.js';

/** A command module adds itself to the program; its action returns the exit code. */
export type { CommandRegistrar } from './io.js';

export { SPECWATCH_VERSION };

/** Runs the CLI with the given arguments (without `node` and the script) and returns the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('specwatch')
    .description('Keeps API documentation true: compares documented, implemented and observed API surfaces.')
    .version(SPECWATCH_VERSION, '-V, --version')
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  // The command named first on the line is the only one loaded; without one (`--help`, a typo) all are, so help
  // and commander's suggestions still list every command.
  const named = commandModules.filter((c) => c.name === argv.find((a) => !a.startsWith('-')));
  const registrars = await Promise.all((named.length > 0 ? named : commandModules).map((c) => c.load()));
  for (const register of registrars) {
    register(program, io, (code) => {
      exitCode = code;
    });
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version are successful exits; every other commander error is bad usage.
      if (error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version')
        return EXIT.ok;
      if (error.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    if (error instanceof CliUsageError) {
      io.stderr(`specwatch: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  return exitCode;
}
