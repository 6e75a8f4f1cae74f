import { createServer } from 'node:net';
import { Probot, run, Server } from 'probot';
import { createBullmqQueue, createInProcessQueue, type JobQueue } from '../queue/index.js';
import { openStore, type Store } from '../store/index.js';
import type { AppEnv } from './app-env.js';
import { createSpecwatchApp } from './create-app.js';
import { createJobProcessor } from './job-runtime.js';
import { throttleRedis } from './throttle-redis.js';

/** A running `specwatch app`. */
export interface RunningApp {
  url: string;
  queue: JobQueue;
  store: Store;
  stop(): Promise<void>;
}

/**
 * Starts the App's HTTP server: webhooks at `webhookPath`, traffic ingestion, `/healthz`. Jobs go to BullMQ when
 * `REDIS_URL` is set (run `specwatch worker` processes), else run in this process after each webhook is answered.
 * Without `APP_ID`/`PRIVATE_KEY` it starts Probot's setup mode instead: a page that registers the App from
 * `app.yml` (the manifest flow) and writes the credentials to `.env`.
 */
export async function startAppServer(params: {
  settings: AppEnv;
  env: Record<string, string | undefined>;
  cwd: string;
}): Promise<RunningApp> {
  const { settings } = params;
  const store = await openStore({ env: params.env, cwd: params.cwd });
  if (settings.appId === undefined || settings.privateKey === undefined) {
    // Probot's setup mode reads app.yml from the working directory; Redis is not needed to register.
    const server = await run(() => {}, { env: { ...params.env, REDIS_URL: undefined } });
    return {
      url: `http://${server.host}:${server.port}`,
      queue: createInProcessQueue({ processor: async () => {} }),
      store,
      stop: async () => {
        await server.stop();
        await store.close();
      },
    };
  }
  // REDIS_URL goes to Probot too: its rate-limit state (Bottleneck on ioredis) is then shared by every replica.
  const throttle = settings.redisUrl ? throttleRedis() : undefined;
  const ProbotWithDefaults = Probot.defaults({
    appId: settings.appId,
    privateKey: settings.privateKey,
    secret: settings.webhookSecret,
    logLevel: settings.logLevel,
    ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
    ...(throttle ? { redisConfig: settings.redisUrl, Octokit: throttle.Octokit } : {}),
  });
  let probot: Probot | undefined;
  const getProbot = (): Probot => {
    if (!probot) throw new Error('the app is not loaded yet');
    return probot;
  };
  const log = { info: () => {}, warn: () => {}, error: () => {} };
  const queue: JobQueue = settings.redisUrl
    ? createBullmqQueue({
        url: settings.redisUrl,
        prefix: settings.queuePrefix,
        onRedisError: (error) => probot?.log.warn(`redis: ${error.message}`),
      })
    : createInProcessQueue({
        processor: createJobProcessor({ probot: getProbot, store, log: { ...log, info: (m) => probot?.log.info(m) } }),
        concurrency: settings.concurrency,
        onError: (request, error, attempt, final) =>
          probot?.log.error(
            `${request.name} ${request.key} failed (try ${attempt}${final ? ', giving up' : ''}): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
          ),
      });
  const server = new Server({
    Probot: ProbotWithDefaults,
    host: settings.host,
    // Probot treats port 0 as "use 3000": pick a free port ourselves so tests and side-by-side replicas can ask for any.
    port: settings.port === 0 ? await findFreePort(settings.host) : settings.port,
    webhookPath: settings.webhookPath,
  });
  const appFn = createSpecwatchApp({
    queue,
    store,
    ...(settings.appId === undefined ? {} : { appId: settings.appId }),
    ...(settings.sketchSecret ? { sketchSecret: settings.sketchSecret } : {}),
  });
  await server.load((app, options) => {
    probot = app;
    return appFn(app, options);
  });
  await server.start();
  return {
    url: `http://${settings.host}:${server.port}`,
    queue,
    store,
    async stop() {
      await server.stop();
      await queue.close();
      await throttle?.close();
      await store.close();
    },
  };
}

/** A port nothing listens on right now. */
function findFreePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
