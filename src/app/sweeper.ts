import { completeCheckRun, type GitHub } from '../github/index.js';
import { type JobMessage, jobRequestOf } from '../jobs/index.js';
import type { RunRecord, Store } from '../store/index.js';
import { every, type Periodic } from './outbox-dispatcher.js';
import type { AppQueue } from './types.js';

interface SweepLog {
  info(message: string): void;
  warn(message: string): void;
}

/** Sweeps of one run after which it is given up: its check stays neutral, naming why. */
export const MAX_SWEEPS = 3;

/** What a sweep did, per run. */
export interface SweepResult {
  requeued: number;
  givenUp: number;
}

const minutes = (ms: number) => (ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`);

function isJobMessage(value: unknown): value is JobMessage {
  if (typeof value !== 'object' || value === null) return false;
  const { name, data } = value as { name?: unknown; data?: { installationId?: unknown } };
  return typeof name === 'string' && typeof data?.installationId === 'number';
}

/**
 * One sweep: every run of ours still unfinished `staleAfterMs` after it started (its worker died and its job was
 * lost with it, or it kept failing) gets its check run completed as `neutral` with the reason — a required check
 * never blocks merging forever — and its job queued again. The re-queued job reuses that check run (the run record
 * holds its id) and, when it finishes, replaces the neutral conclusion with the real one: still one check run per
 * sha. After {@link MAX_SWEEPS} sweeps the run is given up and recorded as finished.
 */
export async function sweepStaleRuns(params: {
  store: Store;
  queue: AppQueue;
  github: (installationId: number) => Promise<GitHub>;
  staleAfterMs: number;
  log: SweepLog;
  limit?: number;
}): Promise<SweepResult> {
  const { store, queue, log } = params;
  const result: SweepResult = { requeued: 0, givenUp: 0 };
  const runs = await store.claimStaleRuns(new Date(Date.now() - params.staleAfterMs).toISOString(), params.limit ?? 20);
  for (const run of runs) {
    const givenUp = run.sweeps > MAX_SWEEPS || !isJobMessage(run.job);
    try {
      if (isJobMessage(run.job) && run.checkRunId !== null) {
        await completeNeutral(params, run, run.job, givenUp);
      }
      if (givenUp) {
        await store.updateRun(run.id, { finishedAt: new Date().toISOString(), conclusion: 'neutral' });
        result.givenUp++;
        log.warn(
          `sweeper: ${run.repo}@${run.sha} (${run.kind}) never finished; given up after ${run.sweeps - 1} re-runs`,
        );
        continue;
      }
      const message = run.job as JobMessage;
      // A forced re-run is re-queued as a plain one: it must complete the check run it made, not make another.
      const data = { ...message.data, force: undefined } as JobMessage['data'];
      const request = jobRequestOf({ name: message.name, data } as JobMessage);
      await queue.enqueue({ ...request, id: `${request.id}:sweep-${run.sweeps}` });
      result.requeued++;
      log.info(
        `sweeper: ${run.repo}@${run.sha} (${run.kind}) unfinished after ${minutes(params.staleAfterMs)}; queued again`,
      );
    } catch (error) {
      // The run's clock was reset by the claim: it is tried again after another `staleAfterMs`.
      log.warn(`sweeper: ${run.repo}@${run.sha}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return result;
}

async function completeNeutral(
  params: { github: (installationId: number) => Promise<GitHub>; staleAfterMs: number },
  run: RunRecord,
  job: JobMessage,
  givenUp: boolean,
): Promise<void> {
  const gh = await params.github(job.data.installationId);
  const reason = givenUp
    ? `Specwatch's analysis of \`${run.sha.slice(0, 12)}\` did not finish after ${run.sweeps} tries (a worker kept stopping or the job kept failing). It was given up: push again or press **Re-run** to analyse this commit.`
    : `Specwatch's analysis of \`${run.sha.slice(0, 12)}\` did not finish within ${minutes(params.staleAfterMs)} (a worker stopped, or GitHub, Redis or the database kept failing). It has been queued again; this check is updated with the findings when it finishes.`;
  await completeCheckRun({
    gh,
    ref: { owner: job.data.owner, repo: job.data.repo },
    checkRunId: run.checkRunId!,
    conclusion: 'neutral',
    title: givenUp ? 'Analysis did not finish' : 'Analysis delayed: queued again',
    summary: reason,
  });
}

/** Starts the periodic sweeper where jobs run (workers, or the web process with the in-process queue). */
export function startSweeper(params: {
  store: Store;
  queue: AppQueue;
  github: (installationId: number) => Promise<GitHub>;
  staleAfterMs: number;
  everyMs: number;
  log: SweepLog;
}): Periodic {
  return every(params.everyMs, 'sweeper', params.log, () =>
    params.queue.runAlone('sweeper', () => sweepStaleRuns(params)),
  );
}
