import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from './fake-github.js';
import {
  deliverWebhook,
  ensureBuilt,
  generatePrivateKey,
  pushPayload,
  ROOT,
  type SpecwatchProcess,
  spawnSpecwatch,
  WEBHOOK_SECRET,
  waitFor,
} from './processes.js';

const REPO = 'acme/clinic-api';

describe('end to end: the real server process, signed webhooks, a local GitHub serving the clinic repository', () => {
  let github: FakeGitHub;
  let app: SpecwatchProcess;
  let url: string;
  let tmp: string;
  let first: string;

  // Generous: on a loaded CI machine a stale dist/ is rebuilt here before the server process starts.
  beforeAll(async () => {
    const built = ensureBuilt();
    github = new FakeGitHub(join(ROOT, 'examples', 'clinic-api'));
    first = github.commitAll('baseline');
    github.setRef(REPO, 'main', first);
    const host = await github.start();
    await built;
    tmp = mkdtempSync(join(tmpdir(), 'sw-e2e-'));
    app = spawnSpecwatch(['app'], {
      APP_ID: '42',
      PRIVATE_KEY: generatePrivateKey(),
      WEBHOOK_SECRET,
      HOST: '127.0.0.1',
      PORT: '0',
      GHE_HOST: host,
      GHE_PROTOCOL: 'http',
      SPECWATCH_DB: join(tmp, 'specwatch.db'),
    });
    url = await app.url;
  }, 300_000);

  afterAll(async () => {
    await app?.stop();
    await github?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('rejects a wrongly signed webhook', async () => {
    const { status } = await deliverWebhook(
      url,
      'push',
      'forged',
      pushPayload({ repo: REPO, before: first, after: first }),
      'wrong',
    );
    expect([400, 401]).toContain(status);
    expect(github.checkRuns).toHaveLength(0);
  });

  it('a push: the check run with its annotations, and the docs PR built on the pushed commit', async () => {
    const answer = await deliverWebhook(
      url,
      'push',
      'push-1',
      pushPayload({ repo: REPO, before: first, after: first }),
    );
    expect(answer.status).toBe(200);
    await waitFor(
      () => github.checkRuns.some((c) => c.status === 'completed'),
      () => `check runs: ${JSON.stringify(github.checkRuns)}\n${app.output()}`,
    );
    expect(github.tokenRequests).toBeGreaterThan(0);
    const [check] = github.checkRuns;
    expect(check).toMatchObject({
      repo: REPO,
      head_sha: first,
      name: 'Specwatch',
      status: 'completed',
      conclusion: 'failure',
    });
    // The clinic's drift is annotated on the doc and code lines (see examples/clinic-api/README.md).
    expect(check!.annotations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'src/routes/appointments.ts', start_line: 177, annotation_level: 'failure' }),
        expect.objectContaining({ path: 'openapi.yaml', start_line: 218 }),
      ]),
    );
    expect(check!.output!.summary).toContain('opened docs PR #1');
    expect(github.pulls).toHaveLength(1);
    const [pr] = github.pulls;
    expect(pr).toMatchObject({
      repo: REPO,
      head: 'specwatch/docs/openapi',
      base: 'main',
      state: 'open',
      labels: ['documentation'],
    });
    expect(pr!.body).toMatch(/<!-- specwatch:findings \{.+\} -->$/);
    const head = github.refs.get(REPO)!.get('specwatch/docs/openapi')!;
    const commit = github.writes.find((w) => w.path === `/repos/${REPO}/git/commits`)!;
    expect(commit.body.parents).toEqual([first]);
    const patched = github.show(head, 'openapi.yaml');
    const original = readFileSync(join(ROOT, 'examples', 'clinic-api', 'openapi.yaml'), 'utf8');
    expect(patched).not.toBe(original);
    expect(patched.length).toBeGreaterThan(original.length);
  });

  it('the same delivery again: one check run, no second PR', async () => {
    const writes = github.writes.length;
    const answer = await deliverWebhook(
      url,
      'push',
      'push-1',
      pushPayload({ repo: REPO, before: first, after: first }),
    );
    expect(answer.status).toBe(200);
    // A different delivery of the same sha is also answered by the run record, not a second check.
    await deliverWebhook(url, 'push', 'push-1-again', pushPayload({ repo: REPO, before: first, after: first }));
    await new Promise((r) => setTimeout(r, 1000));
    expect(github.checkRuns).toHaveLength(1);
    expect(github.pulls).toHaveLength(1);
    expect(github.writes.length).toBe(writes);
  });

  it('two pushes in quick succession: a check for each sha, one PR at the newer state', async () => {
    const routes = join(github.dir, 'src', 'routes', 'appointments.ts');
    const text = readFileSync(routes, 'utf8');
    github.writeFile('src/routes/appointments.ts', text.replace("'/:id/cancel'", "'/:id/cancellation'"));
    const second = github.commitAll('rename cancel route');
    github.writeFile('src/routes/appointments.ts', text.replace("'/:id/cancel'", "'/:id/void'"));
    const third = github.commitAll('rename it again');
    github.setRef(REPO, 'main', third);
    const answers = await Promise.all([
      deliverWebhook(url, 'push', 'push-2', pushPayload({ repo: REPO, before: first, after: second })),
      deliverWebhook(url, 'push', 'push-3', pushPayload({ repo: REPO, before: second, after: third })),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    await waitFor(
      () => github.checkRuns.filter((c) => c.status === 'completed').length === 3,
      () => `check runs: ${JSON.stringify(github.checkRuns.map((c) => [c.head_sha, c.status]))}\n${app.output()}`,
    );
    expect(github.checkRuns.map((c) => c.head_sha).sort()).toEqual([first, second, third].sort());
    expect(github.pulls).toHaveLength(1);
    const head = github.refs.get(REPO)!.get('specwatch/docs/openapi')!;
    const patched = github.show(head, 'openapi.yaml');
    expect(patched).toContain('/appointments/{id}/void');
    expect(patched).not.toContain('/appointments/{id}/cancellation');
    const parents = github.writes
      .filter((w) => w.path === `/repos/${REPO}/git/commits`)
      .map((w) => (w.body.parents as string[])[0]);
    expect(parents.at(-1)).toBe(third);
  });
});
