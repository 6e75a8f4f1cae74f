import { setPriority } from 'node:os';
import { Probot } from 'probot';
import { type BullmqWorker, startBullmqWorker } from '../queue/index.js';
import { openStore, type Store } from '../store/index.js';
import type { AppEnv } from './app-env.js';
import { createJobProcessor } from './job-runtime.js';
import { throttleRedis } from './throttle-redis.js';

/** A running `specwatch worker`. */
export interface RunningWorker {
  store: Store;
  worker: BullmqWorker;
  stop(): Promise<void>;
}

/**
 * Starts a worker: takes jobs from BullMQ (`REDIS_URL`), runs them with installation clients of the App
 * (`APP_ID`/`PRIVATE_KEY`), `SPECWATCH_CONCURRENCY` at a time, one at a time per repo + branch across all workers.
 */
export async function startWorker(params: {
  settings: AppEnv;
  env: Record<string, string | undefined>;
  cwd: string;
}): Promise<RunningWorker> {
  const { settings } = params;
  if (!settings.redisUrl) throw new Error('REDIS_URL is not set: workers take their jobs from Redis');
  if (settings.appId === undefined || !settings.privateKey) throw new Error('APP_ID and PRIVATE_KEY are required');
  lowerPriority(settings.workerNice);
  const store = await openStore({ env: params.env, cwd: params.cwd });
  // Workers make the GitHub calls, so they above all share Probot's rate-limit state through Redis.
  const throttle = throttleRedis();
  const probot = new Probot({
    appId: settings.appId,
    privateKey: settings.privateKey,
    logLevel: settings.logLevel,
    logFormat: settings.logFormat,
    ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
    redisConfig: settings.redisUrl,
    Octokit: throttle.Octokit,
  });
  const worker = startBullmqWorker({
    url: settings.redisUrl,
    prefix: settings.queuePrefix,
    concurrency: settings.concurrency,
    processor: createJobProcessor({
      probot: () => probot,
      store,
      log: { info: (m) => probot.log.info(m), warn: (m) => probot.log.warn(m), error: (m) => probot.log.error(m) },
    }),
    onRedisError: (error) => probot.log.warn(`redis: ${error.message}`),
    onError: (job, error) =>
      probot.log.error(
        `${job.name} failed (try ${job.attemptsMade}): ${error instanceof Error ? error.message : String(error)}`,
      ),
  });
  // "running" is printed once jobs can flow: orchestrators and tests wait for it.
  await worker.ready();
  return {
    store,
    worker,
    async stop() {
      await worker.close();
      // Probot opens its throttling connection while it initialises; wait for that, so none is opened after close.
      await probot.auth().catch(() => undefined);
      await throttle.close();
      await store.close();
    },
  };
}

/**
 * Jobs are background work and webhooks have a deadline (GitHub gives up after 10 s): when a worker shares cores
 * with a web replica, the scheduler should run the web replica first. A no-op on a dedicated node; a platform that
 * forbids it (no permission) leaves the priority as it was.
 */
function lowerPriority(nice: number): void {
  if (nice <= 0) return;
  try {
    setPriority(0, Math.min(19, nice));
  } catch {}
}
