import type { ApplicationFunction } from 'probot';
import { openStore } from '../store/index.js';
import { readAppEnv } from './app-env.js';
import { createSpecwatchApp } from './create-app.js';

export { type AppEnv, AppSettingError, readAppEnv, readPrivateKey, requireWebhookSecret } from './app-env.js';
export { createSpecwatchApp } from './create-app.js';
export { createJobProcessor } from './job-runtime.js';
export { type RunningApp, startAppServer } from './start-app-server.js';
export { type RunningWorker, startWorker } from './start-worker.js';
export type { AppDeps } from './types.js';

/**
 * For `probot run dist/app/index.js`: the app with the store from the environment and the in-process queue.
 * `specwatch app` is the documented entry (it also wires BullMQ when `REDIS_URL` is set).
 */
const specwatchApp: ApplicationFunction = async (app, options) => {
  const { createInProcessQueue } = await import('../queue/index.js');
  const { createJobProcessor } = await import('./job-runtime.js');
  const settings = readAppEnv(process.env);
  const store = await openStore({ env: process.env, cwd: options.cwd });
  const queue = createInProcessQueue({
    processor: createJobProcessor({
      probot: () => app,
      store,
      log: { info: (m) => app.log.info(m), warn: (m) => app.log.warn(m), error: (m) => app.log.error(m) },
    }),
    concurrency: settings.concurrency,
    onSettled: (id) => store.removeFromOutbox([id]),
  });
  return createSpecwatchApp({ queue, store, ...(settings.appId === undefined ? {} : { appId: settings.appId }) })(
    app,
    options,
  );
};

export default specwatchApp;
