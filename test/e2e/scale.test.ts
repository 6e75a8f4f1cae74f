import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMALL_REPO } from '../github/small-repo.js';
import { deleteRedisKeys } from '../queue/redis-keys.js';
import { dropSchema } from '../store/store-helpers.js';
import { FakeGitHub } from './fake-github.js';
import {
  deliverWebhook,
  ensureBuilt,
  generatePrivateKey,
  pushPayload,
  type SpecwatchProcess,
  spawnSpecwatch,
  WEBHOOK_SECRET,
  waitFor,
} from './processes.js';

const PG = process.env.SPECWATCH_TEST_PG;
const REDIS = process.env.SPECWATCH_TEST_REDIS;
const REPOS = 20;
const PUSHES_PER_REPO = 10;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

describe.skipIf(!PG || !REDIS)('scale: two app processes and two workers on Redis and PostgreSQL', () => {
  let github: FakeGitHub;
  let tmp: string;
  const processes: SpecwatchProcess[] = [];
  const shas: string[] = [];
  const run = randomUUID().slice(0, 8);
  const repos = Array.from({ length: REPOS }, (_, i) => `scale-${run}/svc-${String(i + 1).padStart(2, '0')}`);
  let urls: string[] = [];

  const prefix = `sw-scale-${run}`;
  const schema = `sw_scale_${run}`;

  // Generous: on a loaded 2-core CI machine a stale dist/ is rebuilt here, and four processes load at once.
  beforeAll(async () => {
    const built = ensureBuilt();
    tmp = mkdtempSync(join(tmpdir(), 'sw-scale-'));
    const source = join(tmp, 'repo');
    for (const [path, text] of Object.entries(SMALL_REPO)) {
      mkdirSync(dirname(join(source, path)), { recursive: true });
      writeFileSync(join(source, path), text);
    }
    github = new FakeGitHub(source);
    // Ten commits, each a new sha with the same drift: every push is a fresh analysis.
    for (let i = 0; i < PUSHES_PER_REPO; i++) {
      github.writeFile('src/app.js', `${SMALL_REPO['src/app.js']}// build ${i}\n`);
      shas.push(github.commitAll(`change ${i}`));
    }
    for (const repo of repos) github.setRef(repo, 'main', shas.at(-1)!);
    const host = await github.start();
    await built;
    const env = {
      APP_ID: '42',
      PRIVATE_KEY: generatePrivateKey(),
      WEBHOOK_SECRET,
      HOST: '127.0.0.1',
      PORT: '0',
      GHE_HOST: host,
      GHE_PROTOCOL: 'http',
      DATABASE_URL: PG!,
      // Its own schema: the outbox and the runs of other runs sharing the database are not this deployment's.
      SPECWATCH_DB_SCHEMA: schema,
      REDIS_URL: REDIS!,
      SPECWATCH_QUEUE_PREFIX: prefix,
      SPECWATCH_CONCURRENCY: '16',
    };
    // All four start at once; each is awaited on its readiness (an app's /healthz, a worker's connected queue).
    for (let i = 0; i < 2; i++) processes.push(spawnSpecwatch(['app'], env));
    for (let i = 0; i < 2; i++) processes.push(spawnSpecwatch(['worker'], env));
    const ready = await Promise.all(processes.map((p) => p.url));
    urls = ready.slice(0, 2);
    // Warm-up, as a deployed replica is: connection pools open, code paths compiled. Its checks are not counted.
    const warmup = `scale-${run}/warmup`;
    github.setRef(warmup, 'main', shas.at(-1)!);
    await Promise.all(
      shas.flatMap((sha, i) =>
        urls.map((url) =>
          deliverWebhook(
            url,
            'push',
            randomUUID(),
            pushPayload({ repo: warmup, before: sha, after: sha, installationId: 6999 + i }),
          ),
        ),
      ),
    );
    await waitFor(
      () => github.checkRuns.filter((c) => c.repo === warmup && c.status === 'completed').length === shas.length,
      () => 'warm-up checks',
      120_000,
    );
    github.checkRuns.splice(0);
    github.pulls.splice(0);
    github.writes.splice(0);
  }, 360_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await github?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    await deleteRedisKeys(REDIS!, prefix);
    await dropSchema(PG!, schema);
  }, 60_000);

  it('200 pushes across 20 repos delivered at once: one check run per push, no duplicate PR, fast answers', async () => {
    const deliveries = repos.flatMap((repo, r) =>
      shas.map((sha, i) => ({ repo, sha, installationId: 7000 + r, before: i === 0 ? sha : shas[i - 1]! })),
    );
    // This process also serves the fake GitHub the workers call: its event-loop delay during the burst is printed
    // with the figures, so a stalled client (not a slow app) can be told apart.
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const started = performance.now();
    const answers = await Promise.all(
      deliveries.map((d, i) =>
        deliverWebhook(
          urls[i % 2]!,
          'push',
          randomUUID(),
          pushPayload({ repo: d.repo, before: d.before, after: d.sha, installationId: d.installationId }),
        ),
      ),
    );
    loop.disable();
    expect(answers.every((a) => a.status === 200)).toBe(true);
    // A redelivery of a few of them (same delivery id) to the other replica changes nothing.
    const ms = answers.map((a) => a.ms);
    await waitFor(
      () => github.checkRuns.filter((c) => c.status === 'completed').length >= deliveries.length,
      () =>
        `${github.checkRuns.filter((c) => c.status === 'completed').length}/${deliveries.length} checks completed\n${processes.map((p) => p.output().slice(-2000)).join('\n---\n')}`,
      170_000,
    );
    const seconds = (performance.now() - started) / 1000;
    const p50 = percentile(ms, 50);
    const p99 = percentile(ms, 99);
    console.log(
      `scale: ${deliveries.length} webhooks over 2 app processes, 2 workers: webhook p50=${p50.toFixed(1)}ms p99=${p99.toFixed(1)}ms max=${Math.max(...ms).toFixed(1)}ms; ${deliveries.length} jobs in ${seconds.toFixed(1)}s (${(deliveries.length / seconds).toFixed(1)} jobs/s)`,
    );
    console.log(
      `scale: test process event-loop delay during the burst: max=${(loop.max / 1e6).toFixed(0)}ms mean=${(loop.mean / 1e6).toFixed(1)}ms`,
    );
    await new Promise((r) => setTimeout(r, 500));
    const perPush = new Map<string, number>();
    for (const c of github.checkRuns)
      perPush.set(`${c.repo}@${c.head_sha}`, (perPush.get(`${c.repo}@${c.head_sha}`) ?? 0) + 1);
    expect(perPush.size).toBe(deliveries.length);
    expect([...perPush.values()].every((n) => n === 1)).toBe(true);
    for (const repo of repos) {
      const prs = github.pulls.filter((p) => p.repo === repo);
      expect(prs.length, repo).toBe(1);
      const head = github.refs.get(repo)!.get('specwatch/docs/tiny');
      expect(head, repo).toBeUndefined();
    }
    // The docs PR of each repo is built on the newest commit.
    const parents = github.writes
      .filter((w) => w.path.endsWith('/git/commits'))
      .map((w) => (w.body.parents as string[])[0]);
    expect(new Set(parents)).toEqual(new Set([shas.at(-1)]));
  }, 200_000);
});
