import type { Probot } from 'probot';
import type { GitHub } from '../github/index.js';
import { createCoreEngine, type JobDeps, type JobLog, type JobMessage, runJob } from '../jobs/index.js';
import type { JobProcessor } from '../queue/index.js';
import type { Store } from '../store/index.js';

/**
 * The processor that runs jobs with the real core and installation clients minted by Probot (`probot.auth(id)`:
 * token cache, throttling and retries included).
 */
export function createJobProcessor(params: {
  probot: () => Probot;
  store: Store;
  log: JobLog;
}): JobProcessor<JobMessage> {
  const deps: JobDeps = {
    github: async (installationId) => (await params.probot().auth(installationId)) as unknown as GitHub,
    store: params.store,
    engine: createCoreEngine(),
    log: params.log,
  };
  return async (job) => {
    const outcome = await runJob(job, deps);
    params.log.info(
      `${job.name} ${job.data.owner}/${job.data.repo}: ${outcome.status}${outcome.reason ? ` (${outcome.reason})` : ''}`,
    );
    return outcome;
  };
}

/**
 * Wraps a warning sink so that a dependency that stays down (Redis refusing connections several times a second)
 * is reported once a minute with how many times it happened, not once per reconnect attempt.
 */
export function warnEveryMinute(warn: (message: string) => void): (error: Error) => void {
  let last = 0;
  let missed = 0;
  return (error) => {
    const now = Date.now();
    if (now - last < 60_000) {
      missed++;
      return;
    }
    warn(missed > 0 ? `${error.message} (and ${missed} more in the last minute)` : error.message);
    last = now;
    missed = 0;
  };
}

/** The {@link JobLog} of a Probot instance (its pino logger, read at each call). */
export function jobLogOf(probot: Pick<Probot, 'log'>): JobLog {
  return {
    info: (m) => probot.log.info(m),
    warn: (m) => probot.log.warn(m),
    error: (m) => probot.log.error(m),
  };
}
