import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import type { Probot } from 'probot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSpecwatchApp } from '../../src/app/index.js';
import type { Store } from '../../src/store/index.js';
import { createTestProbot, loadEvent } from '../github/helpers.js';
import { encodeProtobuf } from '../ingest/otlp-encode.js';
import { recordingQueue, tempStore } from './helpers.js';

const HEAD = '2222222222222222222222222222222222222222';
const BASE = '1111111111111111111111111111111111111111';
const common = { installationId: 5005, owner: 'acme', repo: 'clinic-api' };

describe('webhook handlers filter and enqueue (no GitHub call in the request)', () => {
  let probot: Probot;
  let queue: ReturnType<typeof recordingQueue>;
  let store: Store;
  let dispose: () => Promise<void>;
  let handlers: Array<(req: IncomingMessage, res: ServerResponse) => unknown>;
  let delivery = 0;
  const receive = (name: string, payload: unknown, id = `d-${++delivery}`) =>
    probot.receive({ id, name, payload } as Parameters<Probot['receive']>[0]);

  beforeEach(async () => {
    // Any request to GitHub from a handler fails the test: the work belongs to the jobs.
    nock.disableNetConnect();
    ({ store, dispose } = tempStore());
    queue = recordingQueue();
    probot = createTestProbot();
    handlers = [];
    await probot.load(createSpecwatchApp({ queue, store, appId: 42 }), {
      cwd: process.cwd(),
      addHandler: (h: (req: IncomingMessage, res: ServerResponse) => unknown) => handlers.push(h),
    });
  });
  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await dispose();
  });

  it('push → analyse-commit of the pushed sha, keyed by repo + branch', async () => {
    await receive('push', loadEvent('push'), 'delivery-1');
    expect(queue.requests).toEqual([
      {
        name: 'analyse-commit',
        key: 'acme/clinic-api#main',
        id: `analyse-commit:acme/clinic-api:${HEAD}`,
        data: {
          ...common,
          deliveryId: 'delivery-1',
          trigger: 'push',
          branch: 'main',
          sha: HEAD,
          defaultBranch: 'main',
        },
      },
    ]);
  });

  it('drops a redelivery (same delivery id)', async () => {
    await receive('push', loadEvent('push'), 'same');
    await receive('push', loadEvent('push'), 'same');
    expect(queue.requests).toHaveLength(1);
  });

  it('ignores bots, our own docs branches, tags and branch deletions', async () => {
    const push = loadEvent<Record<string, unknown>>('push');
    await receive('push', { ...push, sender: { login: 'specwatch[bot]', id: 3, type: 'Bot' } });
    await receive('push', { ...push, ref: 'refs/heads/specwatch/docs/openapi' });
    await receive('push', { ...push, ref: 'refs/tags/v1.0.0' });
    await receive('push', { ...push, deleted: true, after: '0000000000000000000000000000000000000000' });
    expect(queue.requests).toEqual([]);
  });

  it('pull_request opened → analyse-pull-request base → head', async () => {
    await receive('pull_request', loadEvent('pull_request.opened'), 'pr-1');
    expect(queue.requests).toEqual([
      {
        name: 'analyse-pull-request',
        key: 'acme/clinic-api#feature/cancel',
        id: `analyse-pull-request:acme/clinic-api:7:${HEAD}`,
        data: {
          ...common,
          deliveryId: 'pr-1',
          number: 7,
          baseRef: 'main',
          baseSha: BASE,
          headRef: 'feature/cancel',
          headSha: HEAD,
        },
      },
    ]);
  });

  it('pull_request synchronize and reopened analyse too; our own docs PR does not', async () => {
    const opened = loadEvent<Record<string, unknown>>('pull_request.opened');
    await receive('pull_request', { ...opened, action: 'synchronize' });
    await receive('pull_request', { ...opened, action: 'reopened' });
    const pr = opened.pull_request as Record<string, unknown>;
    await receive('pull_request', {
      ...opened,
      pull_request: { ...pr, head: { ...(pr.head as object), ref: 'specwatch/docs/openapi' } },
    });
    expect(queue.requests.map((r) => r.name)).toEqual(['analyse-pull-request', 'analyse-pull-request']);
  });

  it('pull_request closed on our docs PR → record-docs-pr with its body; other PRs are ignored', async () => {
    const closed = loadEvent<Record<string, Record<string, unknown>>>('pull_request.closed');
    await receive('pull_request', closed, 'close-1');
    await receive('pull_request', {
      ...closed,
      pull_request: { ...closed.pull_request, head: { ref: 'feature/x', sha: HEAD } },
    });
    expect(queue.requests).toEqual([
      {
        name: 'record-docs-pr',
        key: 'acme/clinic-api#main',
        id: 'record-docs-pr:acme/clinic-api:12:close-1',
        data: {
          ...common,
          deliveryId: 'close-1',
          number: 12,
          base: 'main',
          merged: false,
          body: closed.pull_request!.body,
          closedBy: 'alice',
        },
      },
    ]);
  });

  it("check_run rerequested → a forced analyse-commit; other apps' runs are ignored", async () => {
    const event = loadEvent<Record<string, Record<string, unknown>>>('check_run.rerequested');
    await receive('check_run', event, 'rr-1');
    await receive('check_run', { ...event, check_run: { ...event.check_run, app: { id: 99 } } });
    expect(queue.requests).toEqual([
      {
        name: 'analyse-commit',
        key: 'acme/clinic-api#main',
        id: `analyse-commit:acme/clinic-api:${HEAD}:rr-1`,
        data: {
          ...common,
          deliveryId: 'rr-1',
          trigger: 'rerequest',
          branch: 'main',
          sha: HEAD,
          defaultBranch: 'main',
          force: true,
        },
      },
    ]);
  });

  it('check_run requested_action "open-docs-pr" → apply-docs', async () => {
    await receive('check_run', loadEvent('check_run.requested_action'), 'ra-1');
    expect(queue.requests).toEqual([
      {
        name: 'apply-docs',
        key: 'acme/clinic-api#main',
        id: 'apply-docs:ra-1',
        data: { ...common, deliveryId: 'ra-1', sha: HEAD, branch: 'main', checkRunId: 8008 },
      },
    ]);
  });

  it('installation created / repositories added → a first scan of each repository', async () => {
    await receive('installation', loadEvent('installation.created'), 'inst-1');
    await receive('installation_repositories', loadEvent('installation_repositories.added'), 'inst-2');
    expect(queue.requests.map((r) => [r.name, r.key, r.data.deliveryId])).toEqual([
      ['analyse-commit', 'acme/clinic-api#(default)', 'inst-1'],
      ['analyse-commit', 'acme/billing#(default)', 'inst-1'],
      ['analyse-commit', 'acme/billing#(default)', 'inst-2'],
    ]);
    expect(queue.requests[0]!.data).toEqual({ ...common, deliveryId: 'inst-1', trigger: 'installation' });
  });

  it('workflow_run completed → analyse-commit with the run id; failed runs are ignored', async () => {
    const event = loadEvent<Record<string, Record<string, unknown>>>('workflow_run.completed');
    await receive('workflow_run', event, 'wr-1');
    await receive('workflow_run', { ...event, workflow_run: { ...event.workflow_run, conclusion: 'failure' } });
    expect(queue.requests).toEqual([
      {
        name: 'analyse-commit',
        key: 'acme/clinic-api#main',
        id: 'analyse-commit:acme/clinic-api:run-6006',
        data: {
          ...common,
          deliveryId: 'wr-1',
          trigger: 'workflow-run',
          branch: 'main',
          sha: HEAD,
          defaultBranch: 'main',
          workflowRunId: 6006,
        },
      },
    ]);
  });

  it('mounts the ingestion endpoint and /healthz with addHandler', async () => {
    expect(handlers).toHaveLength(2);
    const res = {
      status: 0,
      body: '',
      writeHead(status: number) {
        this.status = status;
        return this;
      },
      end(body: string) {
        this.body = body;
      },
    };
    const handled = await handlers[1]!(
      { method: 'GET', url: '/healthz' } as IncomingMessage,
      res as unknown as ServerResponse,
    );
    expect(handled).toBe(true);
    expect(res.body).toContain('"ok":true');
  });

  it("keeps on the App's OTLP route only the spans of the services the repo's config names", async () => {
    nock.enableNetConnect('127.0.0.1');
    const ingest = handlers[0]!;
    const server = createServer((req, res) => void ingest(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { token } = await store.createToken('acme/clinic-api', 'otel');
      const span = (route: string) => ({
        kind: 2,
        attributes: [
          { key: 'http.request.method', value: { stringValue: 'GET' } },
          { key: 'http.route', value: { stringValue: route } },
          { key: 'http.response.status_code', value: { intValue: 200 } },
        ],
      });
      const service = (name: string, route: string) => ({
        resource: { attributes: [{ key: 'service.name', value: { stringValue: name } }] },
        scopeSpans: [{ spans: [span(route)] }],
      });
      const body = encodeProtobuf({
        resourceSpans: [service('clinic-api', '/patients'), service('billing', '/invoices')],
      });
      // node:http rather than fetch: nock, on for the webhook tests, wraps fetch.
      const send = () =>
        new Promise<number | undefined>((resolve, reject) => {
          const req = request(
            {
              host: '127.0.0.1',
              port: (server.address() as AddressInfo).port,
              path: '/v1/traces',
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-protobuf' },
            },
            (res) => {
              res.resume();
              res.on('end', () => resolve(res.statusCode));
            },
          );
          req.on('error', reject);
          req.end(body);
        });
      const counts = async () =>
        Object.fromEntries((await store.listObservations('acme/clinic-api')).map((o) => [o.key, o.count]));

      // Before an analysis of the default branch recorded the config, every service's spans are kept.
      expect(await send()).toBe(200);
      expect(await counts()).toEqual({ 'GET /patients': 1, 'GET /invoices': 1 });
      await store.setOtelServiceNames('acme/clinic-api', ['clinic-api']);
      expect(await send()).toBe(200);
      expect(await counts()).toEqual({ 'GET /patients': 2, 'GET /invoices': 1 });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
