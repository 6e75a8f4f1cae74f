import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMALL_REPO } from '../github/small-repo.js';
import { FakeGitHub } from './fake-github.js';
import {
  ensureBuilt,
  generatePrivateKey,
  pushPayload,
  type SpecwatchProcess,
  spawnSpecwatch,
  WEBHOOK_SECRET,
  waitFor,
} from './processes.js';
import { freePort, hasRedisServer, PrivateRedis, postgresBin, ThrowawayPostgres } from './services.js';

// Gated like the scale test; the services themselves are private (own redis-server, own PostgreSQL cluster).
const GATED = Boolean(process.env.SPECWATCH_TEST_PG && process.env.SPECWATCH_TEST_REDIS);
const PG_BIN = postgresBin();
const RUNNABLE = GATED && PG_BIN !== undefined && hasRedisServer();

/**
 * How long a test waits for every acknowledged push to be checked before it fails with the processes' output: a guard
 * against a run that never recovers, not a speed bound. How fast each fault is recovered from (the 90 s bound of
 * docs/self-host.md) is printed and judged by `npm run bench:faults`, from the lines this test logs.
 */
const LIVENESS_MS = 120_000;

describe.skipIf(!RUNNABLE)('faults: a killed worker, Redis and PostgreSQL restarts, GitHub 5xx and rate limits', () => {
  let github: FakeGitHub;
  let tmp: string;
  let redis: PrivateRedis;
  let postgres: ThrowawayPostgres;
  let app: SpecwatchProcess;
  let worker: SpecwatchProcess;
  const spawned: SpecwatchProcess[] = [];
  let env: Record<string, string>;
  const shas: string[] = [];
  const run = randomUUID().slice(0, 6);
  const recovery: Array<{ fault: string; seconds: number }> = [];

  /** Pushes `count` fresh commits to `repo` (its own repository per fault); returns the acknowledged shas. */
  async function push(repo: string, count: number, expect2xx = true): Promise<{ sha: string; status: number }[]> {
    const results: { sha: string; status: number }[] = [];
    for (let i = 0; i < count; i++) {
      const sha = shas[results.length % shas.length]!;
      const before = shas[(shas.indexOf(sha) + shas.length - 1) % shas.length]!;
      github.setRef(repo, 'main', sha);
      const status = await github.deliver('push', randomUUID(), pushPayload({ repo, before, after: sha }));
      if (expect2xx) expect(status, `push ${i + 1} to ${repo}`).toBeLessThan(300);
      results.push({ sha, status });
    }
    return results;
  }

  /** Waits until every sha has a completed check, then asserts exactly-once and the PR; logs the recovery time. */
  async function expectRecovered(fault: string, repo: string, acknowledged: string[], faultEnded: number) {
    const done = () =>
      acknowledged.every((sha) =>
        github.checkRuns.some((c) => c.repo === repo && c.head_sha === sha && c.status === 'completed'),
      );
    await waitFor(
      done,
      () =>
        `${fault}: checks ${JSON.stringify(github.checkRuns.filter((c) => c.repo === repo).map((c) => [c.head_sha.slice(0, 7), c.status]))}\n--- app\n${app.output().slice(-3000)}\n--- worker\n${worker.output().slice(-3000)}`,
      LIVENESS_MS,
    );
    const seconds = (Date.now() - faultEnded) / 1000;
    recovery.push({ fault, seconds });
    console.log(`faults: ${fault}: recovered in ${seconds.toFixed(1)} s after the fault ended`);
    // A moment for a stray duplicate to show up before counting.
    await new Promise((r) => setTimeout(r, 500));
    for (const sha of acknowledged) {
      const checks = github.checkRuns.filter((c) => c.repo === repo && c.head_sha === sha);
      expect(
        checks.map((c) => c.status),
        `${fault}: check runs on ${sha}`,
      ).toEqual(['completed']);
    }
    expect(
      github.checkRuns.filter((c) => c.repo === repo && c.status !== 'completed'),
      `${fault}: checks left in progress`,
    ).toEqual([]);
    expect(github.pulls.filter((p) => p.repo === repo).length, `${fault}: docs PRs`).toBe(1);
  }

  beforeAll(async () => {
    const built = ensureBuilt();
    tmp = mkdtempSync(join(tmpdir(), 'sw-faults-'));
    const source = join(tmp, 'repo');
    for (const [path, text] of Object.entries(SMALL_REPO)) {
      mkdirSync(dirname(join(source, path)), { recursive: true });
      writeFileSync(join(source, path), text);
    }
    github = new FakeGitHub(source);
    for (let i = 0; i < 6; i++) {
      github.writeFile('src/app.js', `${SMALL_REPO['src/app.js']}// build ${i}\n`);
      shas.push(github.commitAll(`change ${i}`));
    }
    const host = await github.start();
    redis = new PrivateRedis(await freePort());
    postgres = new ThrowawayPostgres(PG_BIN!, await freePort());
    postgres.init();
    postgres.start();
    await redis.start();
    await built;
    env = {
      APP_ID: '42',
      PRIVATE_KEY: generatePrivateKey(),
      WEBHOOK_SECRET,
      HOST: '127.0.0.1',
      PORT: '0',
      GHE_HOST: host,
      GHE_PROTOCOL: 'http',
      DATABASE_URL: postgres.url,
      REDIS_URL: redis.url,
      SPECWATCH_QUEUE_PREFIX: `sw-faults-${run}`,
      SPECWATCH_CONCURRENCY: '4',
      SPECWATCH_WORKER_NICE: '0',
      // Production timings scaled down (docs/self-host.md): the same mechanisms, seconds instead of minutes.
      SPECWATCH_LOCK_TTL_MS: '2000',
      SPECWATCH_JOB_ATTEMPTS: '14',
      SPECWATCH_JOB_BACKOFF_MS: '250',
      SPECWATCH_GITHUB_RETRY_BASE_MS: '50',
      SPECWATCH_SWEEP_AFTER_MS: '45000',
      SPECWATCH_SWEEP_EVERY_MS: '1000',
      SPECWATCH_OUTBOX_EVERY_MS: '250',
      SPECWATCH_OUTBOX_RECHECK_MS: '2000',
      SPECWATCH_REDELIVER_EVERY_MS: '1000',
      SPECWATCH_WRITE_INTERVAL_MS: '20',
    };
    app = spawnSpecwatch(['app'], env);
    worker = spawnSpecwatch(['worker'], env);
    spawned.push(app, worker);
    const [url] = await Promise.all([app.url, worker.url]);
    github.hookTarget = { url: url!, secret: WEBHOOK_SECRET };
  }, 300_000);

  afterAll(async () => {
    await Promise.all(spawned.map((p) => p.stop()));
    await redis?.stop();
    postgres?.dispose();
    await github?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    if (recovery.length > 0)
      console.log(`faults: recovery seconds ${recovery.map((r) => `${r.fault}=${r.seconds.toFixed(1)}`).join(' ')}`);
  }, 60_000);

  it('GitHub answering 502 to six writes in a row: retried, one check, one PR', async () => {
    const repo = `faults-${run}/github-5xx`;
    github.fault = { when: 'writes', count: 6, status: 502, message: 'Bad Gateway' };
    const pushed = await push(repo, 1);
    await waitFor(
      () => github.fault?.count === 0,
      () => 'the 502s were not all served',
    );
    await expectRecovered(
      'github-5xx',
      repo,
      pushed.map((p) => p.sha),
      Date.now(),
    );
  }, 150_000);

  it('GitHub secondary rate limit (403 with retry-after): waited out, one check, one PR', async () => {
    const repo = `faults-${run}/github-secondary-limit`;
    github.fault = {
      when: 'writes',
      count: 3,
      status: 403,
      message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      headers: { 'retry-after': '1' },
    };
    const pushed = await push(repo, 1);
    await waitFor(
      () => github.fault?.count === 0,
      () => 'the 403s were not all served',
    );
    await expectRecovered(
      'github-secondary-limit',
      repo,
      pushed.map((p) => p.sha),
      Date.now(),
    );
  }, 150_000);

  it('a worker SIGKILLed mid-job: its branch is free and its job done by a fresh worker, no second check', async () => {
    const repo = `faults-${run}/worker-killed`;
    let killedAt = 0;
    github.onWrite = (write) => {
      if (killedAt || !write.path.startsWith(`/repos/${repo}/`)) return;
      killedAt = Date.now();
      // After this write is served (the check run exists on GitHub), before the worker hears back.
      setImmediate(() => worker.child.kill('SIGKILL'));
    };
    const pushed = await push(repo, 6);
    await waitFor(
      () => killedAt > 0 && worker.child.signalCode !== null,
      () => 'the worker was not killed',
    );
    github.onWrite = undefined;
    worker = spawnSpecwatch(['worker'], env);
    spawned.push(worker);
    await worker.url;
    await expectRecovered(
      'worker-killed',
      repo,
      pushed.map((p) => p.sha),
      killedAt,
    );
  }, 200_000);

  it('Redis stopped and restarted empty: pushes meanwhile wait in the outbox, queued jobs are queued again', async () => {
    const repo = `faults-${run}/redis-restart`;
    const before = await push(repo, 1);
    await redis.stop();
    const during = await push(repo, 1);
    await redis.start();
    const ended = Date.now();
    await expectRecovered(
      'redis-restart',
      repo,
      [...before, ...during].map((p) => p.sha),
      ended,
    );
  }, 200_000);

  it('PostgreSQL stopped and started: deliveries go to the queue, jobs retried until the database is back', async () => {
    const repo = `faults-${run}/postgres-restart`;
    const before = await push(repo, 1);
    postgres.stop();
    const during = await push(repo, 1);
    postgres.start();
    const ended = Date.now();
    await expectRecovered(
      'postgres-restart',
      repo,
      [...before, ...during].map((p) => p.sha),
      ended,
    );
  }, 200_000);

  it('store and queue both down: 503, and the failed delivery is redelivered from GitHub once they are back', async () => {
    const repo = `faults-${run}/both-down`;
    await redis.stop();
    postgres.stop();
    const refused = await push(repo, 1, false);
    expect(refused.map((p) => p.status)).toEqual([503]);
    postgres.start();
    await redis.start();
    const ended = Date.now();
    await expectRecovered(
      'store-and-queue-down',
      repo,
      refused.map((p) => p.sha),
      ended,
    );
    const attempts = github.hookDeliveries.filter((d) => d.payload && JSON.stringify(d.payload).includes(repo));
    expect(attempts[0]?.status_code).toBe(503);
    expect(attempts.some((d) => d.redelivery && d.status_code < 300)).toBe(true);
  }, 200_000);
});
