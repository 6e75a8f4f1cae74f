import { readAppEnv, startWorker } from '../../app/index.js';
import type { CommandRegistrar } from '../io.js';
import { CliUsageError, EXIT, progress } from '../io.js';
import { waitForShutdown } from './store-options.js';

/** `specwatch worker`: runs queued jobs from Redis (BullMQ); scale these separately from the web replicas. */
export const registerWorkerCommand: CommandRegistrar = (program, io, setExit) => {
  program
    .command('worker')
    .description('run App jobs from Redis (REDIS_URL, APP_ID, PRIVATE_KEY, DATABASE_URL, SPECWATCH_CONCURRENCY)')
    .option('--concurrency <n>', 'jobs at once in this process (overrides $SPECWATCH_CONCURRENCY)')
    .action(async (options: { concurrency?: string }) => {
      const env = { ...io.env, ...(options.concurrency ? { SPECWATCH_CONCURRENCY: options.concurrency } : {}) };
      const settings = readAppEnv(env);
      if (!settings.redisUrl) throw new CliUsageError('REDIS_URL must be set: workers take their jobs from Redis');
      if (settings.appId === undefined || !settings.privateKey)
        throw new CliUsageError('APP_ID and PRIVATE_KEY must be set');
      const shutdown = waitForShutdown();
      const worker = await startWorker({ settings, env, cwd: io.cwd });
      progress(io, `specwatch worker: running (concurrency ${settings.concurrency})`);
      const signal = await shutdown;
      progress(io, `specwatch worker: ${signal}, finishing running jobs`);
      await worker.stop();
      setExit(EXIT.ok);
    });
};
