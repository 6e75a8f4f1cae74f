import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/index.js';
import { COMMIT_TRAILER } from '../../src/github/index.js';
import { createCoreEngine } from '../../src/jobs/index.js';
import { memoryRepo } from '../../src/sources/repo/index.js';
import { isolateNetwork, loadEvent, makeZip, nockCommit, SMALL_REPO } from '../github/helpers.js';
import { type AppHarness, startHarness } from './helpers.js';

const API = 'https://api.github.com';
const R = '/repos/acme/clinic-api';
const HEAD = '2222222222222222222222222222222222222222';
const annotation = {
  path: 'src/app.js',
  start_line: 4,
  end_line: 4,
  annotation_level: 'failure',
  title: 'undocumented-operation (high): POST /pets/{id}/adopt',
  message: 'POST /pets/{id}/adopt is served (declared at src/app.js:4) but openapi.yaml does not describe it.',
  raw_details: expect.any(String),
};

/** The doc as docsync patches it for the small repo (computed by the real core, so the test follows its output). */
async function patchedDoc(): Promise<string> {
  const engine = createCoreEngine();
  const repo = memoryRepo(SMALL_REPO);
  const analysis = await engine.analyze({ repo, config: defaultConfig() });
  const plans = await engine.planDocs({ repo, config: defaultConfig(), analysis, findings: analysis.findings });
  return plans[0]!.files[0]!.content;
}

describe('analyse-commit (push, first scan, re-run, workflow artifacts)', () => {
  let app: AppHarness;
  isolateNetwork();
  beforeEach(async () => {
    app = await startHarness();
  });
  afterEach(async () => {
    await app.dispose();
  });

  it('push to the default branch: one check run with the annotation, and a docs PR', async () => {
    const doc = await patchedDoc();
    const calls: string[] = [];
    const scope = nock(API);
    nockCommit(scope, { repo: 'acme/clinic-api', sha: HEAD, files: SMALL_REPO });
    let prBody = '';
    let final: Record<string, unknown> = {};
    scope
      .post(`${R}/check-runs`, {
        name: 'Specwatch',
        head_sha: HEAD,
        status: 'in_progress',
        started_at: /.+/,
        external_id: `analyse-commit:${HEAD}`,
      })
      .reply(201, () => {
        calls.push('create check');
        return { id: 501 };
      })
      .get(`${R}/git/ref/heads%2Fmain`)
      .reply(200, { object: { sha: HEAD } })
      .get(`${R}/pulls`)
      .query({ state: 'open', head: 'acme:specwatch/docs/openapi', base: 'main', per_page: '10' })
      .reply(200, [])
      .get(`${R}/git/ref/heads%2Fspecwatch%2Fdocs%2Fopenapi`)
      .reply(404, {})
      .get(`${R}/git/commits/${HEAD}`)
      .reply(200, { sha: HEAD, tree: { sha: 'tree-head' }, parents: [], message: 'x' })
      .post(`${R}/git/blobs`, { content: Buffer.from(doc).toString('base64'), encoding: 'base64' })
      .reply(201, () => {
        calls.push('write docs');
        return { sha: 'blob-doc' };
      })
      .post(`${R}/git/trees`, {
        base_tree: 'tree-head',
        tree: [{ path: 'openapi.yaml', mode: '100644', type: 'blob', sha: 'blob-doc' }],
      })
      .reply(201, { sha: 'tree-docs' })
      .post(
        `${R}/git/commits`,
        (body) => body.tree === 'tree-docs' && body.parents[0] === HEAD && body.message.endsWith(COMMIT_TRAILER),
      )
      .reply(201, { sha: 'commit-docs' })
      .post(`${R}/git/refs`, { ref: 'refs/heads/specwatch/docs/openapi', sha: 'commit-docs' })
      .reply(201, {})
      .post(`${R}/pulls`, (body) => {
        prBody = body.body;
        return (
          body.head === 'specwatch/docs/openapi' &&
          body.base === 'main' &&
          body.title === 'docs(api): 1 change from Specwatch'
        );
      })
      .reply(201, { number: 12, html_url: 'https://github.com/acme/clinic-api/pull/12' })
      .post(`${R}/issues/12/labels`, { labels: ['documentation'] })
      .reply(200, [])
      .patch(`${R}/check-runs/501`, (body) => {
        final = body;
        calls.push('complete check');
        return true;
      })
      .reply(200, {});

    await app.deliver('push', loadEvent('push'));
    expect(app.errors).toEqual([]);
    expect(scope.pendingMocks().filter((m) => !m.includes('/git/blobs/'))).toEqual([]);
    expect(final).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
      output: { title: '1 finding', annotations: [annotation] },
    });
    expect((final.output as { summary: string }).summary).toContain('opened docs PR #12');
    expect(prBody).toMatch(/<!-- specwatch:findings \{"84c1f0c3c84181b470aa54308f276742":"[0-9a-f]{16}"\} -->$/);
    // The check is created before any write of the docs PR, and completes last (it reports the PR).
    expect(calls).toEqual(['create check', 'write docs', 'complete check']);
    const [run] = await app.store.listRuns('acme/clinic-api');
    expect(run).toMatchObject({
      sha: HEAD,
      kind: 'analyse-commit',
      checkRunId: 501,
      docsPrNumber: 12,
      conclusion: 'failure',
    });
  });

  it('an invalid config gives a failing check naming the key, and reads nothing else', async () => {
    let final: Record<string, unknown> = {};
    const scope = nock(API)
      .get(`${R}/contents/.github%2Fspecwatch.yml`)
      .query({ ref: HEAD })
      .reply(200, 'docsPr:\n  enabled: yes-please\n')
      .post(`${R}/check-runs`)
      .reply(201, { id: 502 })
      .patch(`${R}/check-runs/502`, (body) => {
        final = body;
        return true;
      })
      .reply(200, {});
    await app.deliver('push', loadEvent('push'));
    expect(app.errors).toEqual([]);
    expect(scope.isDone()).toBe(true);
    expect(final).toMatchObject({
      conclusion: 'failure',
      output: {
        title: 'Invalid .github/specwatch.yml',
        annotations: [
          {
            path: '.github/specwatch.yml',
            start_line: 1,
            end_line: 1,
            annotation_level: 'failure',
            title: 'Invalid Specwatch config',
            message: expect.stringMatching(/^\.github\/specwatch\.yml: docsPr\.enabled: /),
          },
        ],
      },
    });
    expect((final.output as { summary: string }).summary).toContain('`docsPr.enabled` is invalid');
  });

  it('docs PRs off: no PR, the check offers the "Open docs PR" button', async () => {
    let final: Record<string, unknown> = {};
    const scope = nock(API);
    nockCommit(scope, { repo: 'acme/clinic-api', sha: HEAD, files: SMALL_REPO, config: 'docsPr:\n  enabled: false\n' });
    scope
      .post(`${R}/check-runs`)
      .reply(201, { id: 503 })
      .patch(`${R}/check-runs/503`, (body) => {
        final = body;
        return true;
      })
      .reply(200, {});
    await app.deliver('push', loadEvent('push'));
    expect(app.errors).toEqual([]);
    expect(final.actions).toEqual([
      { label: 'Open docs PR', description: 'Open a pull request fixing the API docs', identifier: 'open-docs-pr' },
    ]);
    expect((final.output as { summary: string }).summary).toContain('press **Open docs PR**');
  });

  it('the same sha twice (another delivery) gives one check run; a re-run gives a fresh one', async () => {
    const scope = nock(API);
    nockCommit(scope, { repo: 'acme/clinic-api', sha: HEAD, files: SMALL_REPO, config: 'docsPr:\n  enabled: false\n' });
    nockCommit(scope, { repo: 'acme/clinic-api', sha: HEAD, files: SMALL_REPO, config: 'docsPr:\n  enabled: false\n' });
    scope.post(`${R}/check-runs`).times(2).reply(201, { id: 504 }).patch(`${R}/check-runs/504`).times(2).reply(200, {});
    // The re-run looks for an unfinished check run of its own first (a retry of it would find the one it made).
    scope
      .get(`${R}/commits/${HEAD}/check-runs`)
      .query(true)
      .reply(200, {
        total_count: 1,
        check_runs: [{ id: 504, name: 'Specwatch', status: 'completed', external_id: `analyse-commit:${HEAD}` }],
      });
    await app.deliver('push', loadEvent('push'), 'first');
    await app.deliver('push', loadEvent('push'), 'second');
    expect(app.errors).toEqual([]);
    expect(scope.pendingMocks().filter((m) => m.includes('check-runs'))).toHaveLength(3);
    await app.deliver('check_run', loadEvent('check_run.rerequested'), 'rerun');
    expect(app.errors).toEqual([]);
    expect(scope.pendingMocks().filter((m) => m.includes('check-runs'))).toEqual([]);
  });

  it('a job retried after its worker died between creating the check run and recording it completes that one', async () => {
    // The dead attempt claimed the run and created check run 777 on GitHub, but never stored its id.
    await app.store.claimRun('acme/clinic-api', 'main', HEAD, 'analyse-commit');
    const scope = nock(API);
    nockCommit(scope, { repo: 'acme/clinic-api', sha: HEAD, files: SMALL_REPO, config: 'docsPr:\n  enabled: false\n' });
    let created = 0;
    let final: Record<string, unknown> = {};
    scope
      .get(`${R}/commits/${HEAD}/check-runs`)
      .query((q) => q.check_name === 'Specwatch')
      .reply(200, {
        total_count: 2,
        check_runs: [
          { id: 777, name: 'Specwatch', status: 'in_progress', external_id: `analyse-commit:${HEAD}` },
          { id: 778, name: 'Specwatch', status: 'in_progress', external_id: `analyse-pull-request:${HEAD}` },
        ],
      })
      .post(`${R}/check-runs`)
      .optionally()
      .reply(201, () => {
        created++;
        return { id: 779 };
      })
      .patch(`${R}/check-runs/777`, (body) => {
        final = body;
        return true;
      })
      .reply(200, {});
    await app.deliver('push', loadEvent('push'));
    expect(app.errors).toEqual([]);
    expect(created).toBe(0);
    expect(final).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect((await app.store.getRun('acme/clinic-api', 'main', HEAD))?.checkRunId).toBe(777);
  });

  it('a feature branch gets its check but never a docs PR', async () => {
    const push = loadEvent<Record<string, unknown>>('push');
    const scope = nock(API);
    nockCommit(scope, { repo: 'acme/clinic-api', sha: HEAD, files: SMALL_REPO });
    scope.post(`${R}/check-runs`).reply(201, { id: 505 }).patch(`${R}/check-runs/505`).reply(200, {});
    await app.store.setOtelServiceNames('acme/clinic-api', ['clinic-api']);
    await app.deliver('push', { ...push, ref: 'refs/heads/feature/cancel' });
    expect(app.errors).toEqual([]);
    expect(scope.pendingMocks().filter((m) => !m.includes('/git/blobs/'))).toEqual([]);
    // Only the default branch's config says which services the ingest keeps.
    expect(await app.store.getOtelServiceNames('acme/clinic-api')).toEqual(['clinic-api']);
  });

  it('installation_repositories added: a first scan of the default branch head', async () => {
    const scope = nock(API)
      .get('/repos/acme/billing')
      .reply(200, { default_branch: 'trunk' })
      .get('/repos/acme/billing/git/ref/heads%2Ftrunk')
      .reply(200, { object: { sha: HEAD } });
    const config = 'docsPr:\n  enabled: false\ntraffic:\n  otel:\n    serviceName: billing-api\n';
    nockCommit(scope, { repo: 'acme/billing', sha: HEAD, files: SMALL_REPO, config });
    scope
      .post('/repos/acme/billing/check-runs', (b) => b.head_sha === HEAD)
      .reply(201, { id: 506 })
      .patch('/repos/acme/billing/check-runs/506', (b) => b.conclusion === 'failure')
      .reply(200, {});
    await app.deliver('installation_repositories', loadEvent('installation_repositories.added'));
    expect(app.errors).toEqual([]);
    expect(scope.pendingMocks().filter((m) => !m.includes('/git/blobs/'))).toEqual([]);
    // The default branch's config names the service whose spans the App's ingest keeps for this repo.
    expect(await app.store.getOtelServiceNames('acme/billing')).toEqual(['billing-api']);
  });

  it('workflow_run completed: reads the configured generated-spec artifact; without one, does nothing', async () => {
    const event = loadEvent<{ workflow_run: Record<string, unknown> }>('workflow_run.completed');
    const quiet = nock(API).get(`${R}/contents/.github%2Fspecwatch.yml`).query({ ref: HEAD }).reply(404, {});
    await app.deliver('workflow_run', { ...event, workflow_run: { ...event.workflow_run, id: 6005 } }, 'wr-none');
    expect(app.errors).toEqual([]);
    expect(quiet.isDone()).toBe(true);

    const generated = JSON.stringify({
      openapi: '3.0.3',
      info: { title: 'Tiny', version: '1.0' },
      paths: { '/pets': { get: { responses: { '200': { description: 'ok' } } } } },
    });
    const config =
      'code:\n  generatedSpec: build/openapi.json\n  generatedSpecArtifact: openapi-spec\ndocsPr:\n  enabled: false\n';
    let final: Record<string, unknown> = {};
    const scope = nock(API);
    nockCommit(scope, { repo: 'acme/clinic-api', sha: HEAD, files: SMALL_REPO, config });
    scope
      .get(`${R}/actions/runs/6006/artifacts`)
      .query({ name: 'openapi-spec', per_page: '100' })
      .reply(200, { total_count: 1, artifacts: [{ id: 77, name: 'openapi-spec', expired: false }] })
      .get(`${R}/actions/artifacts/77/zip`)
      .reply(200, makeZip({ 'openapi.json': generated }), { 'content-type': 'application/zip' })
      .post(`${R}/check-runs`, (b) => b.external_id === `analyse-artifacts:${HEAD}`)
      .reply(201, { id: 507 })
      .patch(`${R}/check-runs/507`, (body) => {
        final = body;
        return true;
      })
      .reply(200, {});
    await app.deliver('workflow_run', event, 'wr-spec');
    expect(app.errors).toEqual([]);
    expect(scope.pendingMocks().filter((m) => !m.includes('/git/blobs/'))).toEqual([]);
    // The generated spec (no adopt route) is the implemented view now: the doc matches it.
    expect(final).toMatchObject({ conclusion: 'success' });
  });
});
