import { Readable } from 'node:stream';
import { runCli } from '../../src/cli/program.js';

/** A CLI run with its output captured. */
export interface CliRun {
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first stderr match (e.g. the URL a server listens on). */
  waitFor: (pattern: RegExp) => Promise<RegExpMatchArray>;
  /** Sends SIGTERM (in-process) and resolves with the exit code. */
  stop: () => Promise<number>;
  done: Promise<number>;
}

/** Runs `specwatch …argv` in-process with captured output. */
export function startCli(
  argv: string[],
  options: { env?: Record<string, string | undefined>; cwd?: string } = {},
): CliRun {
  let out = '';
  let err = '';
  const done = runCli(argv, {
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
    stdin: Readable.from([]),
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? {},
    isTTY: false,
  });
  return {
    stdout: () => out,
    stderr: () => err,
    waitFor: async (pattern) => {
      for (let i = 0; i < 400; i++) {
        const match = err.match(pattern);
        if (match) return match;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`no ${pattern} in stderr: ${err}`);
    },
    stop: async () => {
      // No listener of the test worker reacts to this: only the command's own shutdown handler.
      process.emit('SIGTERM', 'SIGTERM');
      return done;
    },
    done,
  };
}

/** Runs a short command to completion. */
export async function runToEnd(
  argv: string[],
  options: { env?: Record<string, string | undefined>; cwd?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const run = startCli(argv, options);
  const code = await run.done;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}
