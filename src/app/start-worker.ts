import { setPriority } from 'node:os';
import { Probot } from 'probot';
import type { GitHub } from '../github/index.js';
import { type BullmqWorker, createBullmqQueue, startBullmqWorker } from '../queue/index.js';
import { openStore, type Store } from '../store/index.js';
import type { AppEnv } from './app-env.js';
import { createAppOctokit } from './github-client.js';
import { createJobProcessor, jobLogOf, warnEveryMinute } from './job-runtime.js';
import { startSweeper } from './sweeper.js';

/** A running `specwatch worker`. */
export interface RunningWorker {
  store: Store;
  worker: BullmqWorker;
  stop(): Promise<void>;
}

/**
 * Starts a worker: takes jobs from BullMQ (`REDIS_URL`), runs them with installation clients of the App
 * (`APP_ID`/`PRIVATE_KEY`), `SPECWATCH_CONCURRENCY` at a time, one at a time per repo + branch across all workers,
 * and sweeps runs that never finished (one worker at a time).
 */
export async function startWorker(params: {
  settings: AppEnv;
  env: Record<string, string | undefined>;
  cwd: string;
}): Promise<RunningWorker> {
  const { settings } = params;
  if (!settings.redisUrl) throw new Error('REDIS_URL is not set: workers take their jobs from Redis');
  const redisUrl: string = settings.redisUrl;
  if (settings.appId === undefined || !settings.privateKey) throw new Error('APP_ID and PRIVATE_KEY are required');
  lowerPriority(settings.workerNice);
  const store = await openStore({ env: params.env, cwd: params.cwd });
  const { faults } = settings;
  const octokit = createAppOctokit({
    redisUrl,
    prefix: settings.queuePrefix,
    writeIntervalMs: faults.writeIntervalMs,
    retryBaseMs: faults.githubRetryBaseMs,
    log: () => probot.log,
  });
  const probot = new Probot({
    appId: settings.appId,
    privateKey: settings.privateKey,
    logLevel: settings.logLevel,
    logFormat: settings.logFormat,
    ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
    Octokit: octokit.Octokit,
  });
  const log = jobLogOf(probot);
  const onRedisError = warnEveryMinute((message) => probot.log.warn(`redis: ${message}`));
  const worker = startBullmqWorker({
    url: redisUrl,
    prefix: settings.queuePrefix,
    concurrency: settings.concurrency,
    timing: { lockTtlMs: faults.lockTtlMs },
    attempts: faults.jobAttempts,
    processor: createJobProcessor({ probot: () => probot, store, log }),
    // The job ran (or gave up): its outbox entry is done. A store that is down keeps the entry; the dispatcher
    // then finds the job finished in the queue and removes it.
    onSettled: (id) => store.removeFromOutbox([id]),
    onRedisError,
    onError: (job, error) =>
      probot.log.error(
        `${job.name} failed (try ${job.attemptsMade}): ${error instanceof Error ? error.message : String(error)}`,
      ),
  });
  // The sweeper re-queues runs that never finished; it needs a producer of its own.
  const queue = createBullmqQueue({
    url: redisUrl,
    prefix: settings.queuePrefix,
    retry: { attempts: faults.jobAttempts, backoffMs: faults.jobBackoffMs },
    onRedisError,
  });
  const sweeper = startSweeper({
    store,
    queue,
    github: async (id) => (await probot.auth(id)) as unknown as GitHub,
    staleAfterMs: faults.sweepAfterMs,
    everyMs: faults.sweepEveryMs,
    log,
  });
  // "running" is printed once jobs can flow: orchestrators and tests wait for it.
  await worker.ready();
  return {
    store,
    worker,
    async stop() {
      await sweeper.stop();
      await worker.close();
      await queue.close();
      await octokit.close();
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
