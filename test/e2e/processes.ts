import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash, createHmac, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const ROOT = join(import.meta.dirname, '..', '..');
export const WEBHOOK_SECRET = 'e2e-secret';

/** A throwaway RSA key for App (JWT) auth. */
export function generatePrivateKey(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs1', format: 'pem' })
    .toString();
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const abs = join(dir, name);
    const info = statSync(abs);
    newest = Math.max(newest, info.isDirectory() ? newestMtime(abs) : info.mtimeMs);
  }
  return newest;
}

function isBuilt(): boolean {
  try {
    return statSync(join(ROOT, 'dist', 'cli', 'main.js')).mtimeMs >= newestMtime(join(ROOT, 'src'));
  } catch {
    return false;
  }
}

// One build at a time across vitest's workers (the e2e files run in parallel forks): a directory is created
// atomically, so whoever creates it builds and the others wait for it to go, then find dist/ fresh.
const BUILD_LOCK = join(
  tmpdir(),
  `specwatch-build-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}.lock`,
);
// A lock older than this was left by a killed run.
const STALE_LOCK_MS = 10 * 60_000;

/**
 * Builds dist/ once when any source is newer than it, and reuses it otherwise (`npm test` builds first, so this is
 * usually a no-op). Asynchronous, so a waiting test worker's event loop keeps running.
 */
export async function ensureBuilt(): Promise<void> {
  while (!isBuilt()) {
    try {
      mkdirSync(BUILD_LOCK);
    } catch {
      try {
        if (Date.now() - statSync(BUILD_LOCK).mtimeMs > STALE_LOCK_MS)
          rmSync(BUILD_LOCK, { recursive: true, force: true });
      } catch {}
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    try {
      if (isBuilt()) return;
      await execFileAsync(
        process.execPath,
        [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
        { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
      ).catch((error: { stdout?: string; message: string }) => {
        throw new Error(`building dist/ failed:\n${error.stdout ?? ''}${error.message}`);
      });
      return;
    } finally {
      rmSync(BUILD_LOCK, { recursive: true, force: true });
    }
  }
}

/** A `specwatch` process (plain node on dist/), its output, and its readiness. */
export interface SpecwatchProcess {
  child: ChildProcess;
  /**
   * Resolves when the process is ready: an app with its URL once `/healthz` answers, a worker with '' once it is
   * connected and taking jobs. Rejects if the process exits first or is not ready within `readyTimeoutMs`.
   */
  url: Promise<string>;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `specwatch <args>`. `nodeArgs` go to node itself, e.g. `['--cpu-prof', '--cpu-prof-dir=/tmp/prof']` to
 * profile an app process (Node 20 refuses `--cpu-prof` in NODE_OPTIONS); the profile is written on a clean stop.
 */
export function spawnSpecwatch(
  args: string[],
  env: Record<string, string>,
  options: { nodeArgs?: string[]; readyTimeoutMs?: number } = {},
): SpecwatchProcess {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), join(ROOT, 'dist', 'cli', 'main.js'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const started = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) resolve(m[1]!);
      if (/running \(concurrency/.test(output)) resolve('');
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`specwatch ${args[0]} exited with ${code}:\n${output}`)));
  });
  const timeoutMs = options.readyTimeoutMs ?? 180_000;
  const url = withTimeout(
    started.then(async (base) => {
      if (base) await waitHealthy(base, child);
      return base;
    }),
    timeoutMs,
    () => `specwatch ${args[0]} not ready after ${timeoutMs / 1000}s:\n${output}`,
  );
  url.catch(() => {});
  return {
    child,
    url,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

/** Polls the app's `/healthz` until it answers 200 (the server is listening and its handlers are loaded). */
async function waitHealthy(base: string, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`exited before ${base}/healthz answered`);
    const ok = await new Promise<boolean>((resolve) => {
      const req = httpRequest(`${base}/healthz`, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.once('error', () => resolve(false));
      req.end();
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message())), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

// One keep-alive agent for every delivery, as a sender that talks to a replica often would use.
const deliveryAgent = new HttpAgent({ keepAlive: true });

/**
 * Delivers a webhook over HTTP, signed like GitHub does; returns the status and the time to the answer. Plain
 * `node:http`, not the global fetch, which nock (imported by other test modules) replaces with an interceptor that
 * would add its own time to the measurement.
 */
export function deliverWebhook(
  url: string,
  event: string,
  deliveryId: string,
  payload: unknown,
  secret = WEBHOOK_SECRET,
): Promise<{ status: number; ms: number }> {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${url}/api/github/webhooks`,
      {
        method: 'POST',
        agent: deliveryAgent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-github-event': event,
          'x-github-delivery': deliveryId,
          'x-hub-signature-256': signature,
          'user-agent': 'GitHub-Hookshot/e2e',
        },
      },
      (res) => {
        res.resume();
        res.once('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
        res.once('error', reject);
      },
    );
    req.once('error', reject);
    req.end(body);
  });
}

/** Waits until `done()` holds (polling), or fails with `describe()` after `timeoutMs`. */
export async function waitFor(done: () => boolean, describe: () => string, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!done()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting: ${describe()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A push payload for a repository of the fake GitHub. */
export function pushPayload(params: { repo: string; before: string; after: string; installationId?: number }): unknown {
  const [owner, name] = params.repo.split('/') as [string, string];
  return {
    ref: 'refs/heads/main',
    before: params.before,
    after: params.after,
    created: false,
    deleted: false,
    forced: false,
    repository: {
      id: 4004,
      name,
      full_name: params.repo,
      private: true,
      owner: { login: owner, name: owner, id: 1001, type: 'Organization' },
      default_branch: 'main',
    },
    pusher: { name: 'alice', email: 'alice@example.org' },
    sender: { login: 'alice', id: 2002, type: 'User' },
    installation: { id: params.installationId ?? 5005 },
    head_commit: { id: params.after, message: 'change', timestamp: '2026-11-29T09:00:00Z' },
    commits: [],
  };
}
