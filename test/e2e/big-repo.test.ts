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
  type SpecwatchProcess,
  spawnSpecwatch,
  WEBHOOK_SECRET,
  waitFor,
} from './processes.js';

// A checkout of DigitalOcean's published API description (github.com/digitalocean/openapi, Apache-2.0: the entry
// `specification/DigitalOcean-public.v2.yaml` and ~2,000 files it references). Not vendored: `npm run bench:big-repo
// -- PATH` sets this; without it the run is skipped (and the bench says so).
const SOURCE = process.env.SPECWATCH_BIG_REPO;
const REPO = 'digitalocean/openapi';

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); undefined elsewhere. */
function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / 100 : undefined;
  } catch {
    return undefined;
  }
}

describe.skipIf(!SOURCE)('big repository: a push of a 2,000-file API description to its completed check run', () => {
  let github: FakeGitHub;
  let app: SpecwatchProcess;
  let url: string;
  let tmp: string;
  let sha: string;

  beforeAll(async () => {
    const built = ensureBuilt();
    github = new FakeGitHub(SOURCE as string);
    sha = github.commitAll('baseline');
    github.setRef(REPO, 'main', sha);
    const host = await github.start();
    await built;
    tmp = mkdtempSync(join(tmpdir(), 'sw-big-'));
    // SPECWATCH_BIG_REPO_PROFILE=DIR writes a CPU profile of the App there when it stops.
    const profile = process.env.SPECWATCH_BIG_REPO_PROFILE;
    app = spawnSpecwatch(
      ['app'],
      {
        APP_ID: '42',
        PRIVATE_KEY: generatePrivateKey(),
        WEBHOOK_SECRET,
        HOST: '127.0.0.1',
        PORT: '0',
        GHE_HOST: host,
        GHE_PROTOCOL: 'http',
        SPECWATCH_DB: join(tmp, 'specwatch.db'),
      },
      profile ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profile}`] } : {},
    );
    url = await app.url;
  }, 300_000);

  afterAll(async () => {
    await app?.stop();
    await github?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('finds the description without config and completes the check run', async () => {
    const cpuBefore = cpuSeconds(app.child.pid);
    const started = performance.now();
    const answer = await deliverWebhook(url, 'push', 'big-1', pushPayload({ repo: REPO, before: sha, after: sha }));
    expect(answer.status).toBe(200);
    await waitFor(
      () => github.checkRuns.some((c) => c.status === 'completed'),
      () => `check runs: ${JSON.stringify(github.checkRuns)}\n${app.output()}`,
      120_000,
    );
    const seconds = (performance.now() - started) / 1000;
    const cpuAfter = cpuSeconds(app.child.pid);
    const cpu =
      cpuBefore !== undefined && cpuAfter !== undefined ? `${(cpuAfter - cpuBefore).toFixed(2)} s CPU` : 'CPU unknown';
    const [check] = github.checkRuns;
    const summary = check?.output?.summary ?? '';
    expect(summary).toContain('specification/DigitalOcean-public.v2.yaml');
    const reads = [...github.reads].map(([k, v]) => `${k}=${v}`).join(' ');
    console.log(
      `big-repo: push to completed check run in ${seconds.toFixed(2)} s (${cpu} in the App; target ≤ 10 s); title "${check?.output?.title}"; GitHub reads: ${reads}`,
    );
    expect(github.reads.get('tarball')).toBe(1);
  }, 180_000);
});
