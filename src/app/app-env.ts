import { readFileSync } from 'node:fs';

/** The settings of `specwatch app` and `specwatch worker`, read from the environment (docs/self-host.md). */
export interface AppEnv {
  appId?: number;
  privateKey?: string;
  /** Required once APP_ID and a key are set: without it anyone could sign deliveries (see {@link requireWebhookSecret}). */
  webhookSecret?: string;
  host: string;
  port: number;
  webhookPath: string;
  /** GitHub's REST base URL: `https://api.github.com`, or `GHE_PROTOCOL://GHE_HOST/api/v3`. */
  baseUrl?: string;
  /** BullMQ on this Redis when set; the in-process queue otherwise. */
  redisUrl?: string;
  queuePrefix: string;
  /** Jobs one process runs at once. */
  concurrency: number;
  /** Niceness a worker process gives itself, so web replicas sharing its cores answer webhooks first (0: none). */
  workerNice: number;
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  /** `LOG_FORMAT=json` for log collectors; Probot's pretty lines otherwise. */
  logFormat: 'json' | 'pretty';
  sketchSecret?: string;
  /** Fault tolerance timings (docs/self-host.md, "What happens when…"); tests shorten them. */
  faults: FaultTimings;
}

/** How fast faults are noticed and recovered from. */
export interface FaultTimings {
  /** Repo + branch lock and BullMQ job lock life (renewed every third of it): a dead worker frees its branch after it. */
  lockTtlMs: number;
  /** Tries of a job, and the first backoff (doubling each retry). */
  jobAttempts: number;
  jobBackoffMs: number;
  /** A run unfinished this long after it started is swept: its check completed as neutral, its job re-queued. */
  sweepAfterMs: number;
  sweepEveryMs: number;
  /** Outbox dispatcher period, and how long a dispatched entry waits before it is checked against the queue. */
  outboxEveryMs: number;
  outboxRecheckMs: number;
  /** Failed webhook deliveries are redelivered from GitHub every this long (0: never), looking back this far. */
  redeliverEveryMs: number;
  redeliverWindowMs: number;
  /** Space between writes per installation across replicas (with Redis). */
  writeIntervalMs: number;
  /** Unit of Octokit's in-request retries of 5xx answers (waits of 1, 4 and 9 units before the job's own retry). */
  githubRetryBaseMs: number;
}

const number = (value: string | undefined, fallback: number, min = 0): number => {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) ? Math.max(min, n) : fallback;
};

/** Reads {@link FaultTimings}; each default is documented in docs/self-host.md. */
export function readFaultTimings(env: Record<string, string | undefined>): FaultTimings {
  return {
    lockTtlMs: number(env.SPECWATCH_LOCK_TTL_MS, 20_000, 200),
    jobAttempts: number(env.SPECWATCH_JOB_ATTEMPTS, 9, 1),
    jobBackoffMs: number(env.SPECWATCH_JOB_BACKOFF_MS, 2000, 10),
    sweepAfterMs: number(env.SPECWATCH_SWEEP_AFTER_MS, 15 * 60_000, 1000),
    sweepEveryMs: number(env.SPECWATCH_SWEEP_EVERY_MS, 60_000, 100),
    outboxEveryMs: number(env.SPECWATCH_OUTBOX_EVERY_MS, 2000, 50),
    outboxRecheckMs: number(env.SPECWATCH_OUTBOX_RECHECK_MS, 60_000, 100),
    redeliverEveryMs: number(env.SPECWATCH_REDELIVER_EVERY_MS, 5 * 60_000),
    redeliverWindowMs: number(env.SPECWATCH_REDELIVER_WINDOW_MS, 6 * 3600_000, 60_000),
    writeIntervalMs: number(env.SPECWATCH_WRITE_INTERVAL_MS, 1000),
    githubRetryBaseMs: number(env.SPECWATCH_GITHUB_RETRY_BASE_MS, 1000, 1),
  };
}

/** A setting the App cannot run without; the message names the variable. */
export class AppSettingError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'AppSettingError';
  }
}

/**
 * The webhook secret of a configured App (APP_ID and a private key set). There is no default: a known secret would
 * let anyone sign deliveries and trigger jobs, check re-runs and docs PRs on every installed repository. Setup mode
 * (no APP_ID) needs none.
 */
export function requireWebhookSecret(settings: AppEnv): string {
  if (settings.webhookSecret) return settings.webhookSecret;
  throw new AppSettingError(
    'WEBHOOK_SECRET',
    'WEBHOOK_SECRET is not set: the App refuses to start without it, since unsigned or forged webhook deliveries would be accepted. Set it to the webhook secret of the GitHub App (Settings → Developer settings → GitHub Apps → your App → Webhook secret).',
  );
}

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

/** The App's private key: `PRIVATE_KEY` (PEM, `\n`-escaped PEM, or base64 of the PEM) or the file `PRIVATE_KEY_PATH`. */
export function readPrivateKey(env: Record<string, string | undefined>): string | undefined {
  const raw = env.PRIVATE_KEY;
  if (raw) {
    if (raw.includes('-----BEGIN')) return raw.replace(/\\n/g, '\n');
    const decoded = Buffer.from(raw, 'base64').toString('utf8');
    return decoded.includes('-----BEGIN') ? decoded : raw;
  }
  if (env.PRIVATE_KEY_PATH) return readFileSync(env.PRIVATE_KEY_PATH, 'utf8');
  return undefined;
}

/** Reads {@link AppEnv}; HOST defaults to `localhost` like Probot (set `HOST=0.0.0.0` in a container). */
export function readAppEnv(env: Record<string, string | undefined>): AppEnv {
  const appId = env.APP_ID ? Number(env.APP_ID) : undefined;
  const privateKey = readPrivateKey(env);
  const level = (env.LOG_LEVEL ?? 'info') as AppEnv['logLevel'];
  return {
    ...(appId && Number.isFinite(appId) ? { appId } : {}),
    ...(privateKey ? { privateKey } : {}),
    ...(env.WEBHOOK_SECRET ? { webhookSecret: env.WEBHOOK_SECRET } : {}),
    host: env.HOST ?? 'localhost',
    port: Number(env.PORT ?? 3000),
    webhookPath: env.WEBHOOK_PATH ?? '/api/github/webhooks',
    ...(env.GHE_HOST ? { baseUrl: `${env.GHE_PROTOCOL ?? 'https'}://${env.GHE_HOST}/api/v3` } : {}),
    ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
    queuePrefix: env.SPECWATCH_QUEUE_PREFIX ?? 'specwatch',
    concurrency: Math.max(1, Number(env.SPECWATCH_CONCURRENCY ?? 4) || 4),
    workerNice: Math.max(0, Math.min(19, Math.trunc(Number(env.SPECWATCH_WORKER_NICE ?? 10)) || 0)),
    logLevel: LEVELS.includes(level) ? level : 'info',
    logFormat: env.LOG_FORMAT === 'json' ? 'json' : 'pretty',
    ...(env.SPECWATCH_SKETCH_SECRET ? { sketchSecret: env.SPECWATCH_SKETCH_SECRET } : {}),
    faults: readFaultTimings(env),
  };
}
