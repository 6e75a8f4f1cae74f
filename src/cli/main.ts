#!/usr/bin/env node
import nodeModule from 'node:module';

// Node 22.1+ keeps V8's compiled code of the modules between runs (as tsc does), so a cold start skips most of the
// compiling; Node 20 has no such cache. Enabled before the program's modules load, hence the dynamic import.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const { runCli } = await import('./program.js');

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdin: process.stdin,
  cwd: process.cwd(),
  env: process.env,
  isTTY: Boolean(process.stdout.isTTY),
}).catch((error: unknown) => {
  process.stderr.write(
    `specwatch: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return 2;
});
process.exitCode = code;
