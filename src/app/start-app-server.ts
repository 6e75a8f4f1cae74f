import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createNodeMiddleware, Probot, run } from 'probot';
import type { GitHub } from '../github/index.js';
import { createBullmqQueue, createInProcessQueue } from '../queue/index.js';
import { openStore, type Store } from '../store/index.js';
import { type AppEnv, requireWebhookSecret } from './app-env.js';
import { createSpecwatchApp } from './create-app.js';
import { createAppOctokit } from './github-client.js';
import { createJobProcessor, jobLogOf, warnEveryMinute } from './job-runtime.js';
import { every, startOutboxDispatcher } from './outbox-dispatcher.js';
import { redeliverFailed } from './redeliver.js';
import { startSweeper } from './sweeper.js';
import type { AppQueue } from './types.js';

/** A running `specwatch app`. */
export interface RunningApp {
  url: string;
  queue: AppQueue;
  store: Store;
  stop(): Promise<void>;
}

/**
 * Starts the App's HTTP server: webhooks at `webhookPath`, traffic ingestion, `/healthz` and `/readyz`. Jobs go to
 * BullMQ when `REDIS_URL` is set (run `specwatch worker` processes), else run in this process after each webhook is
 * answered. In the background: the outbox dispatcher, the redelivery of failed deliveries, and (in-process queue)
 * the sweeper of runs that never finished.
 * Without `APP_ID`/`PRIVATE_KEY` it starts Probot's setup mode instead: a page that registers the App from
 * `app.yml` (the manifest flow) and writes the credentials to `.env`.
 */
export async function startAppServer(params: {
  settings: AppEnv;
  env: Record<string, string | undefined>;
  cwd: string;
}): Promise<RunningApp> {
  const { settings } = params;
  // Checked before anything opens: a configured App never runs on a default secret.
  const secret =
    settings.appId !== undefined && settings.privateKey !== undefined ? requireWebhookSecret(settings) : undefined;
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
  const { faults } = settings;
  // Writes are paced across replicas on Redis by a pacer that tolerates Redis restarting empty; Probot's own
  // Redis-clustered throttling is not used (it breaks for good when Redis loses its keys).
  const octokit = createAppOctokit({
    ...(settings.redisUrl ? { redisUrl: settings.redisUrl } : {}),
    prefix: settings.queuePrefix,
    writeIntervalMs: faults.writeIntervalMs,
    retryBaseMs: faults.githubRetryBaseMs,
    log: () => probot.log,
  });
  const probot = new Probot({
    appId: settings.appId,
    privateKey: settings.privateKey,
    secret,
    logLevel: settings.logLevel,
    logFormat: settings.logFormat,
    webhookPath: settings.webhookPath,
    ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
    Octokit: octokit.Octokit,
  });
  const log = jobLogOf(probot);
  const retry = { attempts: faults.jobAttempts, backoffMs: faults.jobBackoffMs };
  const queue: AppQueue = settings.redisUrl
    ? createBullmqQueue({
        url: settings.redisUrl,
        prefix: settings.queuePrefix,
        retry,
        onRedisError: warnEveryMinute((message) => probot.log.warn(`redis: ${message}`)),
      })
    : createInProcessQueue({
        processor: createJobProcessor({ probot: () => probot, store, log }),
        concurrency: settings.concurrency,
        retry,
        onSettled: (id) => store.removeFromOutbox([id]),
        onError: (request, error, attempt, final) =>
          probot.log.error(
            `${request.name} ${request.key} failed (try ${attempt}${final ? ', giving up' : ''}): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
          ),
      });
  const background = [
    startOutboxDispatcher({
      store,
      queue,
      everyMs: faults.outboxEveryMs,
      recheckAfterMs: faults.outboxRecheckMs,
      log,
    }),
    // With BullMQ the workers sweep; the in-process queue runs its jobs here, so it sweeps here too.
    ...(settings.redisUrl
      ? []
      : [
          startSweeper({
            store,
            queue,
            github: async (id) => (await probot.auth(id)) as unknown as GitHub,
            staleAfterMs: faults.sweepAfterMs,
            everyMs: faults.sweepEveryMs,
            log,
          }),
        ]),
    ...(faults.redeliverEveryMs > 0
      ? [
          every(faults.redeliverEveryMs, 'redelivery', log, () =>
            queue.runAlone('redelivery', async () =>
              redeliverFailed({
                gh: (await probot.auth()) as unknown as GitHub,
                since: new Date(Date.now() - faults.redeliverWindowMs),
                log,
              }),
            ),
          ),
        ]
      : []),
  ];
  const appFn = createSpecwatchApp({
    queue,
    store,
    appId: settings.appId,
    ...(settings.sketchSecret ? { sketchSecret: settings.sketchSecret } : {}),
  });
  // Probot's middleware on a plain Node server rather than Probot's `Server`: the webhook request then does only
  // what it must (verify, filter, claim, enqueue, answer). `Server` adds a request logger that pretty-prints a line
  // per delivery at info, whatever LOG_LEVEL says, plus static pages this App does not serve.
  const middleware = await createNodeMiddleware(appFn, { probot, webhooksPath: settings.webhookPath });
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void middleware(req, res, () => {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}\n');
    });
  });
  // Idle keep-alive connections outlive a load balancer's idle timeout (60 s on the common ones), so the balancer,
  // not this server, closes them, and a delivery never lands on a connection being closed.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await listen(server, settings.port, settings.host);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  return {
    url: `http://${settings.host}:${port}`,
    queue,
    store,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive connections would hold close() open until they time out.
        server.closeIdleConnections();
      });
      await Promise.all(background.map((task) => task.stop()));
      await queue.close();
      await octokit.close();
      await store.close();
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
