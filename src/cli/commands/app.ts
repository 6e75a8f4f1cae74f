import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { AppSettingError, readAppEnv, startAppServer } from '../../app/index.js';
import { CliUsageError, type CommandRegistrar, EXIT, progress } from '../io.js';
import { waitForShutdown } from './store-options.js';

/**
 * `specwatch app`: the GitHub App server (webhooks, traffic ingestion, `/healthz`). Settings come from the
 * environment (docs/self-host.md); without APP_ID/PRIVATE_KEY it opens Probot's registration page.
 */
export const registerAppCommand: CommandRegistrar = (program, io, setExit) => {
  program
    .command('app')
    .description('run the GitHub App server (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, HOST, PORT, DATABASE_URL, REDIS_URL)')
    .option('--port <port>', 'port to listen on (overrides $PORT)')
    .option('--host <host>', 'interface to listen on (overrides $HOST; use 0.0.0.0 in a container)')
    .action(async (options: { port?: string; host?: string }) => {
      const env = {
        ...readDotEnv(io.cwd),
        ...io.env,
        ...(options.port ? { PORT: options.port } : {}),
        ...(options.host ? { HOST: options.host } : {}),
      };
      const settings = readAppEnv(env);
      const shutdown = waitForShutdown();
      const app = await startAppServer({ settings, env, cwd: io.cwd }).catch((error: unknown) => {
        throw error instanceof AppSettingError ? new CliUsageError(error.message) : error;
      });
      const mode =
        settings.appId === undefined
          ? 'setup mode: open it to register the App from app.yml'
          : `queue: ${app.queue.kind}`;
      progress(io, `specwatch app: listening on ${app.url} (${mode})`);
      const signal = await shutdown;
      progress(io, `specwatch app: ${signal}, shutting down`);
      await app.stop();
      setExit(EXIT.ok);
    });
};

/** `.env` in the working directory (where the registration flow writes APP_ID, PRIVATE_KEY, WEBHOOK_SECRET). */
function readDotEnv(cwd: string): Record<string, string> {
  try {
    return parseEnv(readFileSync(join(cwd, '.env'), 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}
