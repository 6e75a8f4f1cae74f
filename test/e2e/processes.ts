import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { join } from 'node:path';

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

/** Builds dist/ when any source is newer than it (`npm test` builds first, so this is usually a no-op). */
export function ensureBuilt(): void {
  let built = 0;
  try {
    built = statSync(join(ROOT, 'dist', 'cli', 'main.js')).mtimeMs;
  } catch {}
  if (built >= newestMtime(join(ROOT, 'src'))) return;
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
}

/** A `specwatch` process (plain node on dist/), its output, and its URL once it listens. */
export interface SpecwatchProcess {
  child: ChildProcess;
  url: Promise<string>;
  output(): string;
  stop(): Promise<void>;
}

export function spawnSpecwatch(args: string[], env: Record<string, string>, nodeArgs: string[] = []): SpecwatchProcess {
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'dist', 'cli', 'main.js'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = new Promise<string>((resolve, reject) => {
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
  url.catch(() => {});
  return {
    child,
    url,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
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
