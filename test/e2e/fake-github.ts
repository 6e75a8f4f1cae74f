import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One write the app made, as the fake GitHub received it. */
export interface RecordedWrite {
  method: string;
  path: string;
  body: Record<string, unknown>;
}

export interface CheckRunRecord {
  id: number;
  repo: string;
  head_sha: string;
  name: string;
  status: string;
  external_id?: string;
  conclusion?: string;
  output?: { title: string; summary: string; annotations?: unknown[] };
  annotations: unknown[];
  updates: number;
}

/** A fault the fake answers with instead of serving: `count` requests matching `when` get `status`. */
export interface FaultPlan {
  /** Which requests: writes only (POST/PATCH/PUT/DELETE other than token requests), or every repository request. */
  when: 'writes' | 'repo-requests';
  count: number;
  status: number;
  message?: string;
  headers?: Record<string, string>;
}

/** One webhook delivery as GitHub records it (`GET /app/hook/deliveries`). */
export interface HookDeliveryRecord {
  id: number;
  guid: string;
  event: string;
  delivered_at: string;
  redelivery: boolean;
  status_code: number;
  status: string;
  payload: unknown;
}

export interface PullRecord {
  number: number;
  repo: string;
  head: string;
  base: string;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
}

const git = (dir: string, args: string[], input?: string | Buffer, env?: Record<string, string>): string =>
  execFileSync('git', args, {
    cwd: dir,
    input,
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['pipe', 'pipe', 'pipe'],
  }).toString();

/**
 * A local GitHub REST API (the `/api/v3` of an Enterprise host) backed by a real git repository: trees, blobs,
 * commits and contents come from git objects, blobs/trees/commits the app creates are written into the same
 * repository with git plumbing, refs and PRs are kept per repository name. Every write is recorded.
 */
export class FakeGitHub {
  readonly dir: string;
  readonly writes: RecordedWrite[] = [];
  readonly checkRuns: CheckRunRecord[] = [];
  readonly pulls: PullRecord[] = [];
  readonly comments: Array<{ repo: string; issue: number; body: string }> = [];
  /** repo full name → branch → sha */
  readonly refs = new Map<string, Map<string, string>>();
  tokenRequests = 0;
  /** Every webhook delivery made through {@link deliver}, newest last. */
  readonly hookDeliveries: HookDeliveryRecord[] = [];
  /** Where {@link deliver} and redeliveries send webhooks (the App's URL) and the secret they are signed with. */
  hookTarget: { url: string; secret: string } | undefined;
  /** Requests answered with a fault while it lasts (see {@link FaultPlan}). */
  fault: FaultPlan | undefined;
  /** Faults answered so far. */
  faultsServed = 0;
  /** Called on each write the fake serves (after recording it), e.g. to kill a worker mid-job. */
  onWrite: ((write: RecordedWrite) => void) | undefined;
  /** GET requests per kind (`trees`, `blobs`, `tarball`, …), to show how a commit was read. */
  readonly reads = new Map<string, number>();
  #server: Server | undefined;
  #blobCache = new Map<string, Buffer>();
  #treeCache = new Map<string, unknown>();
  #nextId = 1000;

  constructor(sourceDir: string) {
    this.dir = mkdtempSync(join(tmpdir(), 'sw-fake-gh-'));
    cpSync(sourceDir, this.dir, { recursive: true, filter: (src) => !src.includes('node_modules') });
    git(this.dir, ['init', '-q', '-b', 'main']);
    git(this.dir, ['add', '-A']);
    this.commitAll('Initial commit');
  }

  /** Commits the working tree (after edits) and returns the sha. */
  commitAll(message: string): string {
    git(this.dir, ['add', '-A']);
    git(this.dir, [
      '-c',
      'user.name=Alice',
      '-c',
      'user.email=alice@example.org',
      'commit',
      '-q',
      '--allow-empty',
      '-m',
      message,
    ]);
    return git(this.dir, ['rev-parse', 'HEAD']).trim();
  }

  /** Writes a file in the working tree (then {@link commitAll}). */
  writeFile(path: string, text: string): void {
    writeFileSync(join(this.dir, path), text);
  }

  setRef(repo: string, branch: string, sha: string): void {
    const branches = this.refs.get(repo) ?? new Map<string, string>();
    this.refs.set(repo, branches);
    branches.set(branch, sha);
  }

  #showCache = new Map<string, string | null>();

  /** Text of a file at a commit (cached: objects never change, and a blocking git call stalls this event loop). */
  show(sha: string, path: string): string {
    const key = `${sha}:${path}`;
    if (!this.#showCache.has(key)) {
      try {
        this.#showCache.set(key, git(this.dir, ['show', key]));
      } catch {
        this.#showCache.set(key, null);
      }
    }
    const text = this.#showCache.get(key);
    if (text === null || text === undefined) throw new Error(`${key}: no such file`);
    return text;
  }

  #nextDelivery = 1;

  /**
   * Delivers a webhook to {@link hookTarget} as GitHub does (signed, `X-GitHub-Delivery` = `guid`, the same on a
   * redelivery) and records the attempt with the status it got (0: no answer), so the App can list and redeliver it.
   */
  async deliver(event: string, guid: string, payload: unknown, redelivery = false): Promise<number> {
    if (!this.hookTarget) throw new Error('fake GitHub: no hook target');
    const record: HookDeliveryRecord = {
      id: this.#nextDelivery++,
      guid,
      event,
      delivered_at: new Date().toISOString(),
      redelivery,
      status_code: 0,
      status: 'pending',
      payload,
    };
    this.hookDeliveries.push(record);
    const text = JSON.stringify(payload);
    const signature = `sha256=${createHmac('sha256', this.hookTarget.secret).update(text).digest('hex')}`;
    try {
      const response = await fetchOnce(
        `${this.hookTarget.url}/api/github/webhooks`,
        {
          'content-type': 'application/json',
          'x-github-event': event,
          'x-github-delivery': guid,
          'x-hub-signature-256': signature,
          'user-agent': 'GitHub-Hookshot/fake',
        },
        text,
      );
      record.status_code = response;
    } catch {
      record.status_code = 0;
    }
    record.status = record.status_code >= 200 && record.status_code < 300 ? 'OK' : 'failed';
    return record.status_code;
  }

  async start(): Promise<string> {
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ message: String(error) }));
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    return `127.0.0.1:${(this.#server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()) ?? resolve());
    rmSync(this.dir, { recursive: true, force: true });
  }

  #blob(sha: string): Buffer {
    let blob = this.#blobCache.get(sha);
    if (!blob) {
      blob = execFileSync('git', ['cat-file', 'blob', sha], { cwd: this.dir, maxBuffer: 64 * 1024 * 1024 });
      this.#blobCache.set(sha, blob);
    }
    return blob;
  }

  #tree(sha: string): unknown {
    let tree = this.#treeCache.get(sha);
    if (!tree) {
      const lines = git(this.dir, ['ls-tree', '-r', '-l', sha]).split('\n').filter(Boolean);
      tree = {
        sha,
        truncated: false,
        tree: lines.map((line) => {
          const [meta, path] = line.split('\t') as [string, string];
          const [mode, type, objectSha, size] = meta.split(/\s+/) as [string, string, string, string];
          return { path, mode, type, sha: objectSha, size: Number(size) };
        }),
      };
      this.#treeCache.set(sha, tree);
    }
    return tree;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(url.pathname.replace(/^\/api\/v3/, ''));
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>) : {};
    const method = req.method ?? 'GET';
    const send = (status: number, data: unknown, type = 'application/json') => {
      const text = typeof data === 'string' ? data : JSON.stringify(data);
      res.writeHead(status, { 'content-type': type, 'x-ratelimit-remaining': '4999' }).end(text);
    };
    const isToken = method === 'POST' && /^\/app\/installations\/\d+\/access_tokens$/.test(path);
    const fault = this.fault;
    if (
      fault &&
      fault.count > 0 &&
      !isToken &&
      path.startsWith('/repos/') &&
      (fault.when === 'repo-requests' || method !== 'GET')
    ) {
      fault.count--;
      this.faultsServed++;
      res
        .writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers })
        .end(JSON.stringify({ message: fault.message ?? 'Server Error' }));
      return;
    }
    if (method !== 'GET') {
      const write = { method, path, body };
      this.writes.push(write);
      if (!isToken) this.onWrite?.(write);
    }

    if (method === 'GET' && path === '/app/hook/deliveries') {
      // Newest first, like GitHub; one page is enough for a test.
      return send(
        200,
        [...this.hookDeliveries].reverse().map(({ payload: _payload, ...delivery }) => delivery),
      );
    }
    let hook = method === 'POST' ? /^\/app\/hook\/deliveries\/(\d+)\/attempts$/.exec(path) : null;
    if (hook) {
      const original = this.hookDeliveries.find((d) => d.id === Number(hook![1]));
      if (!original) return send(404, { message: 'Not Found' });
      send(202, {});
      void this.deliver(original.event, original.guid, original.payload, true);
      return;
    }
    hook = null;
    if (method === 'GET') {
      const kind =
        /^\/repos\/[^/]+\/[^/]+\/(?:git\/)?([a-z-]+)/.exec(path)?.[1] ??
        (path.startsWith('/_codeload') ? 'codeload' : path);
      this.reads.set(kind, (this.reads.get(kind) ?? 0) + 1);
    }
    // codeload: the archive a `/tarball/{ref}` request is redirected to (as github.com does).
    const load = method === 'GET' ? /^\/_codeload\/([^/]+)\/([^/]+)\/(\w+)$/.exec(path) : null;
    if (load) {
      const [, owner, name, sha] = load as unknown as [string, string, string, string];
      const archive = execFileSync(
        'git',
        ['archive', '--format=tar.gz', `--prefix=${owner}-${name}-${sha.slice(0, 7)}/`, sha],
        { cwd: this.dir, maxBuffer: 512 * 1024 * 1024 },
      );
      res.writeHead(200, { 'content-type': 'application/x-gzip' }).end(archive);
      return;
    }

    if (method === 'POST' && /^\/app\/installations\/\d+\/access_tokens$/.test(path)) {
      this.tokenRequests++;
      return send(201, {
        token: 'ghs_test',
        expires_at: new Date(Date.now() + 3600_000).toISOString(),
        permissions: {},
      });
    }
    const m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
    if (!m) return send(404, { message: 'Not Found' });
    const repo = `${m[1]}/${m[2]}`;
    const rest = m[3] ?? '';
    const refs = this.refs.get(repo) ?? new Map<string, string>();
    let r: RegExpExecArray | null;

    if (method === 'GET' && rest === '') return send(200, { full_name: repo, default_branch: 'main' });
    r = method === 'GET' ? /^\/contents\/(.+)$/.exec(rest) : null;
    if (r) {
      try {
        return send(200, this.show(url.searchParams.get('ref') ?? 'HEAD', r[1]!), 'text/plain');
      } catch {
        return send(404, { message: 'Not Found' });
      }
    }
    r = method === 'GET' ? /^\/tarball\/(\w+)$/.exec(rest) : null;
    if (r) {
      const host = req.headers.host ?? '127.0.0.1';
      res.writeHead(302, { location: `http://${host}/_codeload/${repo}/${r[1]}` }).end();
      return;
    }
    r = method === 'GET' ? /^\/git\/trees\/(\w+)$/.exec(rest) : null;
    if (r) return send(200, this.#tree(r[1]!));
    r = method === 'GET' ? /^\/git\/blobs\/(\w+)$/.exec(rest) : null;
    if (r) {
      return send(200, { sha: r[1], encoding: 'base64', content: this.#blob(r[1]!).toString('base64') });
    }
    r = method === 'GET' ? /^\/git\/ref\/heads\/(.+)$/.exec(rest) : null;
    if (r) {
      const sha = refs.get(r[1]!);
      return sha
        ? send(200, { ref: `refs/heads/${r[1]}`, object: { sha, type: 'commit' } })
        : send(404, { message: 'Not Found' });
    }
    r = method === 'GET' ? /^\/git\/commits\/(\w+)$/.exec(rest) : null;
    if (r) {
      const raw = git(this.dir, ['cat-file', 'commit', r[1]!]);
      const [headers, ...message] = raw.split('\n\n');
      const tree = /^tree (\w+)/m.exec(headers!)![1];
      const parents = [...headers!.matchAll(/^parent (\w+)/gm)].map((p) => ({ sha: p[1] }));
      const author = /^author (.+?) </m.exec(headers!)?.[1];
      return send(200, {
        sha: r[1],
        tree: { sha: tree },
        parents,
        message: message.join('\n\n').trimEnd(),
        author: { name: author },
      });
    }
    if (method === 'POST' && rest === '/git/blobs') {
      const sha = git(this.dir, ['hash-object', '-w', '--stdin'], Buffer.from(String(body.content), 'base64')).trim();
      return send(201, { sha });
    }
    if (method === 'POST' && rest === '/git/trees') {
      const index = join(this.dir, '.git', `index-${this.#nextId++}`);
      const env = { GIT_INDEX_FILE: index };
      git(this.dir, ['read-tree', String(body.base_tree)], undefined, env);
      for (const entry of body.tree as Array<{ path: string; mode: string; sha: string }>) {
        git(
          this.dir,
          ['update-index', '--add', '--cacheinfo', `${entry.mode},${entry.sha},${entry.path}`],
          undefined,
          env,
        );
      }
      const sha = git(this.dir, ['write-tree'], undefined, env).trim();
      rmSync(index, { force: true });
      return send(201, { sha });
    }
    if (method === 'POST' && rest === '/git/commits') {
      const args = ['commit-tree', String(body.tree), ...(body.parents as string[]).flatMap((p) => ['-p', p])];
      const env = {
        GIT_AUTHOR_NAME: 'specwatch[bot]',
        GIT_AUTHOR_EMAIL: 'bot@example.org',
        GIT_COMMITTER_NAME: 'GitHub',
        GIT_COMMITTER_EMAIL: 'noreply@example.org',
      };
      const sha = git(this.dir, args, String(body.message), env).trim();
      return send(201, { sha });
    }
    if (method === 'POST' && rest === '/git/refs') {
      const branch = String(body.ref).replace(/^refs\/heads\//, '');
      if (refs.has(branch)) return send(422, { message: 'Reference already exists' });
      this.setRef(repo, branch, String(body.sha));
      return send(201, { ref: body.ref, object: { sha: body.sha } });
    }
    r = method === 'PATCH' ? /^\/git\/refs\/heads\/(.+)$/.exec(rest) : null;
    if (r) {
      this.setRef(repo, r[1]!, String(body.sha));
      return send(200, { object: { sha: body.sha } });
    }
    r = method === 'DELETE' ? /^\/git\/refs\/heads\/(.+)$/.exec(rest) : null;
    if (r) {
      refs.delete(r[1]!);
      res.writeHead(204).end();
      return;
    }
    r = method === 'GET' ? /^\/commits\/(\w+)\/check-runs$/.exec(rest) : null;
    if (r) {
      const name = url.searchParams.get('check_name');
      const runs = this.checkRuns.filter((c) => c.repo === repo && c.head_sha === r![1] && (!name || c.name === name));
      return send(200, {
        total_count: runs.length,
        check_runs: runs
          .slice()
          .reverse()
          .map((c) => ({ id: c.id, name: c.name, head_sha: c.head_sha, status: c.status, external_id: c.external_id })),
      });
    }
    if (method === 'POST' && rest === '/check-runs') {
      const run: CheckRunRecord = {
        id: this.#nextId++,
        repo,
        head_sha: String(body.head_sha),
        name: String(body.name),
        status: String(body.status ?? 'queued'),
        ...(body.external_id ? { external_id: String(body.external_id) } : {}),
        annotations: [],
        updates: 0,
      };
      this.checkRuns.push(run);
      return send(201, { id: run.id, head_sha: run.head_sha, name: run.name });
    }
    r = method === 'PATCH' ? /^\/check-runs\/(\d+)$/.exec(rest) : null;
    if (r) {
      const run = this.checkRuns.find((c) => c.id === Number(r![1]));
      if (!run) return send(404, { message: 'Not Found' });
      run.updates++;
      if (body.status) run.status = String(body.status);
      if (body.conclusion) run.conclusion = String(body.conclusion);
      if (body.output) {
        run.output = body.output as CheckRunRecord['output'];
        run.annotations.push(...((body.output as { annotations?: unknown[] }).annotations ?? []));
      }
      return send(200, { id: run.id });
    }
    if (method === 'GET' && rest === '/pulls') {
      const head = url.searchParams.get('head')?.split(':')[1];
      const base = url.searchParams.get('base');
      const state = url.searchParams.get('state') ?? 'open';
      const found = this.pulls.filter(
        (p) =>
          p.repo === repo &&
          (!head || p.head === head) &&
          (!base || p.base === base) &&
          (state === 'all' || p.state === state),
      );
      return send(
        200,
        found.map((p) => ({ number: p.number, html_url: `https://github.example/${repo}/pull/${p.number}` })),
      );
    }
    if (method === 'POST' && rest === '/pulls') {
      if (this.pulls.some((p) => p.repo === repo && p.head === body.head && p.state === 'open')) {
        return send(422, { message: `A pull request already exists for ${repo.split('/')[0]}:${body.head}.` });
      }
      const pr: PullRecord = {
        number: this.pulls.filter((p) => p.repo === repo).length + 1,
        repo,
        head: String(body.head),
        base: String(body.base),
        title: String(body.title),
        body: String(body.body),
        state: 'open',
        labels: [],
      };
      this.pulls.push(pr);
      return send(201, { number: pr.number, html_url: `https://github.example/${repo}/pull/${pr.number}` });
    }
    r = method === 'PATCH' ? /^\/pulls\/(\d+)$/.exec(rest) : null;
    if (r) {
      const pr = this.pulls.find((p) => p.repo === repo && p.number === Number(r![1]));
      if (!pr) return send(404, { message: 'Not Found' });
      if (body.title) pr.title = String(body.title);
      if (body.body) pr.body = String(body.body);
      if (body.state) pr.state = body.state as PullRecord['state'];
      return send(200, { number: pr.number });
    }
    r = method === 'POST' ? /^\/issues\/(\d+)\/labels$/.exec(rest) : null;
    if (r) {
      const pr = this.pulls.find((p) => p.repo === repo && p.number === Number(r![1]));
      pr?.labels.push(...(body.labels as string[]));
      return send(200, []);
    }
    if (method === 'POST' && /^\/pulls\/\d+\/requested_reviewers$/.test(rest)) return send(201, {});
    r = method === 'GET' ? /^\/issues\/(\d+)\/comments$/.exec(rest) : null;
    if (r) {
      return send(
        200,
        this.comments
          .filter((c) => c.repo === repo && c.issue === Number(r![1]))
          .map((c, i) => ({ id: i + 1, body: c.body })),
      );
    }
    r = method === 'POST' ? /^\/issues\/(\d+)\/comments$/.exec(rest) : null;
    if (r) {
      this.comments.push({ repo, issue: Number(r[1]), body: String(body.body) });
      return send(201, { id: this.comments.length });
    }
    return send(404, { message: `fake GitHub: no route for ${method} ${path}` });
  }
}

/** POSTs `body` with plain `node:http` (nock, loaded by other suites, replaces fetch); resolves to the status. */
function fetchOnce(url: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) }, timeout: 10_000 },
      (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
        res.once('error', reject);
      },
    );
    req.once('timeout', () => req.destroy(new Error('timeout')));
    req.once('error', reject);
    req.end(body);
  });
}
