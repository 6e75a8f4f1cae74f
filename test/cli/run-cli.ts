import { Readable } from 'node:stream';
import { runCli } from '../../src/cli/program.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  cwd?: string;
  /** The whole of stdin as text, or a stream for a command that reads while it runs. */
  stdin?: string | Readable;
  env?: Record<string, string | undefined>;
}

/**
 * A command in flight. Awaiting it gives the finished run; a long-running command (serve, record) is watched
 * through the extra members while it runs and ended with `stop()`.
 */
export type SpecwatchRun = Promise<CliRun> & {
  /** What the command has printed so far. */
  output: () => { stdout: string; stderr: string };
  /** Resolves with the first stderr match (e.g. the URL a server listens on). */
  waitFor: (pattern: RegExp) => Promise<RegExpMatchArray>;
  /** Sends SIGTERM (in-process) and resolves with the finished run. */
  stop: () => Promise<CliRun>;
};

/** Runs the CLI in-process with captured output, as a user would call `specwatch …` from `cwd`. */
export function runSpecwatch(args: string[], options: CliRunOptions = {}): SpecwatchRun {
  let stdout = '';
  let stderr = '';
  const stdin = options.stdin;
  const done = runCli(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    stdin: stdin instanceof Readable ? stdin : Readable.from([stdin ?? '']),
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? {},
    isTTY: false,
  }).then((code): CliRun => ({ code, stdout, stderr }));
  return Object.assign(done, {
    output: () => ({ stdout, stderr }),
    waitFor: async (pattern: RegExp) => {
      for (let i = 0; i < 400; i++) {
        const match = stderr.match(pattern);
        if (match) return match;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`no ${pattern} in stderr: ${stderr}`);
    },
    stop: async () => {
      // No listener of the test worker reacts to this: only the command's own shutdown handler.
      process.emit('SIGTERM', 'SIGTERM');
      return done;
    },
  });
}
