import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { JobMessage, JobRequest } from '../../src/jobs/index.js';
import { createBullmqQueue, createInProcessQueue, startBullmqWorker } from '../../src/queue/index.js';
import { deleteRedisKeys } from './redis-keys.js';

const REDIS = process.env.SPECWATCH_TEST_REDIS;

function request(repo: string, branch: string, sha: string, deliveryId = sha): JobRequest {
  return {
    name: 'analyse-commit',
    key: `acme/${repo}#${branch}`,
    id: `analyse-commit:acme/${repo}:${sha}`,
    data: { installationId: 1, owner: 'acme', repo, deliveryId, trigger: 'push', branch, sha },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A processor that records overlaps per key: two jobs of one key running at once is the bug. */
function overlapProbe() {
  const running = new Map<string, number>();
  const done: string[] = [];
  let overlaps = 0;
  const processor = async (job: JobMessage) => {
    const data = job.data as { repo: string; branch?: string; sha?: string };
    const key = `${data.repo}#${data.branch}`;
    running.set(key, (running.get(key) ?? 0) + 1);
    if ((running.get(key) ?? 0) > 1) overlaps++;
    await sleep(5);
    running.set(key, (running.get(key) ?? 0) - 1);
    done.push(`${key}@${data.sha}`);
  };
  return { processor, done, overlaps: () => overlaps };
}

describe('in-process queue', () => {
  it('runs one job at a time per key, in order, and several keys at once', async () => {
    const probe = overlapProbe();
    const queue = createInProcessQueue({ processor: probe.processor, concurrency: 4 });
    for (let i = 0; i < 5; i++) {
      await queue.enqueue(request('a', 'main', `a${i}`));
      await queue.enqueue(request('b', 'main', `b${i}`));
    }
    await queue.drain();
    expect(probe.overlaps()).toBe(0);
    expect(probe.done.filter((d) => d.startsWith('a#'))).toEqual([
      'a#main@a0',
      'a#main@a1',
      'a#main@a2',
      'a#main@a3',
      'a#main@a4',
    ]);
    expect(probe.done).toHaveLength(10);
  });

  it('drops a job whose id it already knows', async () => {
    const probe = overlapProbe();
    const queue = createInProcessQueue({ processor: probe.processor });
    expect(await queue.enqueue(request('a', 'main', 's1', 'd1'))).toBe('queued');
    expect(await queue.enqueue(request('a', 'main', 's1', 'd2'))).toBe('duplicate');
    await queue.drain();
    expect(probe.done).toEqual(['a#main@s1']);
  });

  it('retries with backoff, then gives up', async () => {
    let tries = 0;
    const failures: boolean[] = [];
    const queue = createInProcessQueue({
      processor: async () => {
        tries++;
        if (tries < 3) throw new Error('GitHub 502');
      },
      retry: { attempts: 3, backoffMs: 1 },
      onError: (_r, _e, _a, final) => failures.push(final),
    });
    await queue.enqueue(request('a', 'main', 's1'));
    await queue.drain();
    expect(tries).toBe(3);
    expect(failures).toEqual([false, false]);
  });
});

describe.skipIf(!REDIS)('BullMQ queue on Redis', () => {
  const prefix = `sw-test-${randomUUID().slice(0, 8)}`;

  afterAll(async () => {
    await deleteRedisKeys(REDIS!, prefix);
  });

  it('two workers: every job runs once, never two of one repo + branch at once; duplicates are dropped', async () => {
    const probe = overlapProbe();
    const queue = createBullmqQueue({ url: REDIS!, prefix, retry: { attempts: 2, backoffMs: 10 } });
    const workers = [1, 2].map(() =>
      startBullmqWorker({ url: REDIS!, prefix, processor: probe.processor, concurrency: 4 }),
    );
    const results: string[] = [];
    for (let i = 0; i < 6; i++) {
      for (const repo of ['a', 'b', 'c']) results.push(await queue.enqueue(request(repo, 'main', `${repo}${i}`)));
    }
    results.push(await queue.enqueue(request('a', 'main', 'a0', 'another-delivery')));
    for (let waited = 0; probe.done.length < 18 && waited < 20_000; waited += 50) await sleep(50);
    await Promise.all(workers.map((w) => w.close()));
    await queue.close();
    expect(results.filter((r) => r === 'duplicate')).toHaveLength(1);
    expect(probe.done).toHaveLength(18);
    expect(new Set(probe.done).size).toBe(18);
    expect(probe.overlaps()).toBe(0);
  });
});
