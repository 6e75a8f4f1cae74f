import { Command, CommanderError } from 'commander';
import { commandModules } from './commands/index.js';
import { type CliIo, CliUsageError, EXIT } from './io.js';
import { SPECWATCH_VERSION } from './version.js';

/** A command module adds itself to the program; its action returns the exit code. */
export type { CommandRegistrar } from './io.js';

/** Runs the CLI with the given arguments (without `node` and the script) and returns the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('specwatch')
    .description('Keeps API documentation true: compares documented, implemented and observed API surfaces.')
    .version(SPECWATCH_VERSION, '-V, --version')
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  // Only the command the line names is loaded. Without one (`--help`, `--version`, a typo) every command is listed
  // from its summary alone, so help and commander's suggestions name them all without loading any; `help NAME`
  // loads NAME for its full help.
  const words = argv.filter((a) => !a.startsWith('-'));
  const wanted = words[0] === 'help' ? words[1] : words[0];
  const named = commandModules.find((c) => c.name === wanted);
  if (named) {
    const register = await named.load();
    register(program, io, (code) => {
      exitCode = code;
    });
  } else {
    for (const c of commandModules) program.command(c.name).description(c.summary);
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
