import type { Readable } from 'node:stream';
import type { Command } from 'commander';

/** What a command may touch of the outside world; tests pass buffers, main.ts passes the process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: Readable;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Colour and progress only when stderr/stdout is a terminal. */
  isTTY: boolean;
}

/** Bad usage or unreadable input: printed on stderr, exit code 2. */
export class CliUsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/** Exit codes of every command (DESIGN.md). */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** Writes a progress line on stderr (stdout stays machine-readable). */
export function progress(io: CliIo, message: string): void {
  io.stderr(`${message}\n`);
}

/** A command module adds itself to the program; its action sets the exit code. */
export type CommandRegistrar = (program: Command, io: CliIo, setExit: (code: number) => void) => void;
