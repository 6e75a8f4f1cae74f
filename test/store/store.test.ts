import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MergeAccumulators, openSqliteStore, type Store } from '../../src/store/index.js';
import { BACKENDS, type StoreFixture } from './store-helpers.js';

/** A toy accumulator: per-field counts, merged by addition (associative, like the real ones). */
type Counts = Record<string, number>;
const addCounts: MergeAccumulators = (a, b) => {
  const out: Counts = { ...(a as Counts) };
  for (const [key, n] of Object.entries(b as Counts)) out[key] = (out[key] ?? 0) + n;
  return out;
};

describe.each(BACKENDS)('store on $name', ({ available, make }) => {
  let fixture: StoreFixture;
  let store: Store;

  beforeEach(async (context) => {
    if (!available) context.skip();
    fixture = await make();
    store = fixture.store;
  });
  afterEach(async () => {
    if (available) await fixture.dispose();
  });

  describe('observations', () => {
    it('merges shapes on write, summing counts and widening first/last seen', async () => {
      const first = await store.mergeObservations(
        'acme/clinic',
        [
          {
            key: 'GET /patients/{int}',
            accumulator: { id: 2 },
            count: 2,
            firstSeen: '2024-05-02T10:00:00Z',
            lastSeen: '2024-05-02T11:00:00Z',
          },
          {
            key: 'POST /patients',
            accumulator: { name: 1 },
            count: 1,
            firstSeen: '2024-05-02T10:30:00Z',
            lastSeen: '2024-05-02T10:30:00Z',
          },
        ],
        addCounts,
      );
      expect(first).toEqual({ inserted: 2, updated: 0, exchanges: 3 });
      const second = await store.mergeObservations(
        'acme/clinic',
        [
          {
            key: 'GET /patients/{int}',
            accumulator: { id: 3, ssn: 1 },
            count: 3,
            firstSeen: '2024-05-01T09:00:00Z',
            lastSeen: '2024-05-03T12:00:00Z',
          },
        ],
        addCounts,
      );
      expect(second).toEqual({ inserted: 0, updated: 1, exchanges: 3 });
      const observations = await store.listObservations('acme/clinic');
      expect(observations.map((o) => o.key)).toEqual(['GET /patients/{int}', 'POST /patients']);
      expect(observations[0]).toMatchObject({
        repo: 'acme/clinic',
        accumulator: { id: 5, ssn: 1 },
        count: 5,
        firstSeen: '2024-05-01T09:00:00.000Z',
        lastSeen: '2024-05-03T12:00:00.000Z',
      });
    });

    it('folds repeated keys within one batch', async () => {
      const at = '2024-05-02T10:00:00Z';
      const result = await store.mergeObservations(
        'acme/clinic',
        [
          { key: 'GET /a', accumulator: { x: 1 }, count: 1, firstSeen: at, lastSeen: at },
          { key: 'GET /a', accumulator: { x: 1 }, count: 1, firstSeen: at, lastSeen: at },
        ],
        addCounts,
      );
      expect(result.exchanges).toBe(2);
      expect((await store.listObservations('acme/clinic'))[0]).toMatchObject({ count: 2, accumulator: { x: 2 } });
    });

    it('keeps repos apart and filters by last seen', async () => {
      await store.mergeObservations(
        'acme/a',
        [
          {
            key: 'GET /old',
            accumulator: {},
            count: 1,
            firstSeen: '2024-01-01T00:00:00Z',
            lastSeen: '2024-01-01T00:00:00Z',
          },
        ],
        addCounts,
      );
      await store.mergeObservations(
        'acme/a',
        [
          {
            key: 'GET /new',
            accumulator: {},
            count: 1,
            firstSeen: '2024-06-01T00:00:00Z',
            lastSeen: '2024-06-01T00:00:00Z',
          },
        ],
        addCounts,
      );
      await store.mergeObservations(
        'acme/b',
        [
          {
            key: 'GET /other',
            accumulator: {},
            count: 1,
            firstSeen: '2024-06-01T00:00:00Z',
            lastSeen: '2024-06-01T00:00:00Z',
          },
        ],
        addCounts,
      );
      expect((await store.listObservations('acme/a')).map((o) => o.key)).toEqual(['GET /new', 'GET /old']);
      expect((await store.listObservations('acme/a', { since: '2024-03-01T00:00:00Z' })).map((o) => o.key)).toEqual([
        'GET /new',
      ]);
      expect((await store.listObservations('acme/b')).map((o) => o.key)).toEqual(['GET /other']);
    });

    it('writes nothing from a batch whose merge fails', async () => {
      const at = '2024-05-02T10:00:00Z';
      await store.mergeObservations(
        'acme/a',
        [{ key: 'GET /a', accumulator: { x: 1 }, count: 1, firstSeen: at, lastSeen: at }],
        addCounts,
      );
      const failing: MergeAccumulators = () => {
        throw new Error('incompatible accumulator');
      };
      await expect(
        store.mergeObservations(
          'acme/a',
          [
            { key: 'GET /b', accumulator: { y: 1 }, count: 1, firstSeen: at, lastSeen: at },
            { key: 'GET /a', accumulator: { x: 1 }, count: 1, firstSeen: at, lastSeen: at },
          ],
          failing,
        ),
      ).rejects.toThrow('incompatible');
      const rows = await store.listObservations('acme/a');
      expect(rows.map((o) => [o.key, o.count])).toEqual([['GET /a', 1]]);
    });

    it('loses no exchange when batches for the same operation arrive concurrently', async () => {
      const at = '2024-05-02T10:00:00Z';
      await Promise.all(
        Array.from({ length: 12 }, () =>
          store.mergeObservations(
            'acme/a',
            [{ key: 'GET /a', accumulator: { x: 1 }, count: 1, firstSeen: at, lastSeen: at }],
            addCounts,
          ),
        ),
      );
      expect((await store.listObservations('acme/a'))[0]).toMatchObject({ count: 12, accumulator: { x: 12 } });
    });
  });

  describe('ingestion tokens', () => {
    it('prints a token once and keeps only its sha256', async () => {
      const { token, record } = await store.createToken('acme/clinic', 'staging');
      expect(token).toMatch(/^swt_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
      expect(record).toMatchObject({ repo: 'acme/clinic', name: 'staging', lastUsedAt: null, revokedAt: null });
      const dump = await fixture.dumpText();
      expect(dump).not.toContain(token);
      expect(dump).not.toContain(token.slice(22));
      expect(dump).toContain(createHash('sha256').update(token).digest('hex'));
      expect(await store.listTokens('acme/clinic')).toEqual([record]);
      expect(await store.listTokens('acme/other')).toEqual([]);
    });

    it('verifies the right secret and nothing else', async () => {
      const { token, record } = await store.createToken('acme/clinic', 'ci');
      const verified = await store.verifyToken(token);
      expect(verified).toMatchObject({ id: record.id, repo: 'acme/clinic' });
      expect(verified?.lastUsedAt).not.toBeNull();
      const wrongSecret = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
      expect(await store.verifyToken(wrongSecret)).toBeUndefined();
      expect(await store.verifyToken('swt_nope')).toBeUndefined();
      expect(await store.verifyToken('')).toBeUndefined();
      expect((await store.listTokens('acme/clinic'))[0]?.lastUsedAt).not.toBeNull();
    });

    it('refuses a revoked token, by id or by name', async () => {
      const a = await store.createToken('acme/clinic', 'a');
      const b = await store.createToken('acme/clinic', 'b');
      expect(await store.revokeToken('acme/clinic', a.record.id)).toBe(true);
      expect(await store.revokeToken('acme/clinic', 'b')).toBe(true);
      expect(await store.revokeToken('acme/clinic', 'b')).toBe(false);
      expect(await store.revokeToken('acme/other', 'nothing')).toBe(false);
      expect(await store.verifyToken(a.token)).toBeUndefined();
      expect(await store.verifyToken(b.token)).toBeUndefined();
      const listed = await store.listTokens('acme/clinic');
      expect(listed.every((t) => t.revokedAt !== null)).toBe(true);
    });

    it("won't revoke another repo's token", async () => {
      const a = await store.createToken('acme/a', 'ci');
      expect(await store.revokeToken('acme/b', a.record.id)).toBe(false);
      expect(await store.verifyToken(a.token)).toBeDefined();
    });

    it('rejects a second live token with the same name, but allows it after revocation', async () => {
      await store.createToken('acme/clinic', 'ci');
      await expect(store.createToken('acme/clinic', 'ci')).rejects.toThrow(/already has a live token/);
      await store.revokeToken('acme/clinic', 'ci');
      await expect(store.createToken('acme/clinic', 'ci')).resolves.toBeDefined();
    });
  });

  describe('OpenTelemetry service names', () => {
    it('records, replaces and forgets the service names of a repo', async () => {
      expect(await store.getOtelServiceNames('acme/a')).toBeUndefined();
      await store.setOtelServiceNames('acme/a', ['clinic-api']);
      await store.setOtelServiceNames('acme/b', ['billing']);
      await store.setOtelServiceNames('acme/a', ['clinic-api', 'clinic-worker']);
      expect(await store.getOtelServiceNames('acme/a')).toEqual(['clinic-api', 'clinic-worker']);
      expect(await store.getOtelServiceNames('acme/b')).toEqual(['billing']);
      await store.setOtelServiceNames('acme/a', undefined);
      expect(await store.getOtelServiceNames('acme/a')).toBeUndefined();
      expect(await store.getOtelServiceNames('acme/b')).toEqual(['billing']);
    });
  });

  describe('dismissals', () => {
    it('records, replaces, lists and removes dismissals per repo', async () => {
      await store.dismiss({
        repo: 'acme/a',
        fingerprint: 'fp1',
        reason: 'docs PR closed',
        by: 'specwatch',
        untilChanged: 'd1',
      });
      await store.dismiss({
        repo: 'acme/a',
        fingerprint: 'fp2',
        reason: 'internal',
        by: 'octocat',
        untilChanged: null,
      });
      await store.dismiss({ repo: 'acme/a', fingerprint: 'fp1', reason: 'again', by: 'octocat', untilChanged: 'd2' });
      await store.dismiss({ repo: 'acme/b', fingerprint: 'fp1', reason: 'other repo', by: 'x', untilChanged: null });
      const listed = await store.listDismissals('acme/a');
      expect(listed.map(({ createdAt: _, ...rest }) => rest)).toEqual([
        { repo: 'acme/a', fingerprint: 'fp1', reason: 'again', by: 'octocat', untilChanged: 'd2' },
        { repo: 'acme/a', fingerprint: 'fp2', reason: 'internal', by: 'octocat', untilChanged: null },
      ]);
      expect(await store.undismiss('acme/a', 'fp1')).toBe(true);
      expect(await store.undismiss('acme/a', 'fp1')).toBe(false);
      expect((await store.listDismissals('acme/a')).map((d) => d.fingerprint)).toEqual(['fp2']);
    });
  });

  describe('runs and deliveries', () => {
    it('accepts a delivery id once', async () => {
      expect(await store.claimDelivery('d-1', 'push')).toBe(true);
      expect(await store.claimDelivery('d-1', 'push')).toBe(false);
      expect(await store.claimDelivery('d-2', 'push')).toBe(true);
    });

    it('claims a run once per repo, branch, sha and kind, even under concurrent claims', async () => {
      const claims = await Promise.all(Array.from({ length: 6 }, () => store.claimRun('acme/a', 'main', 'abc123')));
      expect(claims.filter((c) => c.claimed)).toHaveLength(1);
      expect(new Set(claims.map((c) => c.run.id)).size).toBe(1);
      const otherKind = await store.claimRun('acme/a', 'main', 'abc123', 'apply-docs');
      expect(otherKind.claimed).toBe(true);
      expect(otherKind.run.id).not.toBe(claims[0]?.run.id);
    });

    it('finishes a run with its conclusion, counts, check run and docs PR', async () => {
      const { run } = await store.claimRun('acme/a', 'main', 'abc123');
      expect(run).toMatchObject({
        finishedAt: null,
        conclusion: null,
        counts: {},
        checkRunId: null,
        docsPrNumber: null,
      });
      const updated = await store.updateRun(run.id, {
        finishedAt: '2024-05-02T10:00:05Z',
        conclusion: 'failure',
        counts: { high: 2, low: 1 },
        checkRunId: 9_876_543_210,
        docsPrNumber: 42,
      });
      expect(updated).toMatchObject({
        finishedAt: '2024-05-02T10:00:05.000Z',
        conclusion: 'failure',
        counts: { high: 2, low: 1 },
        checkRunId: 9_876_543_210,
        docsPrNumber: 42,
      });
      expect(await store.getRun('acme/a', 'main', 'abc123')).toEqual(updated);
      await store.claimRun('acme/a', 'main', 'def456');
      expect((await store.listRuns('acme/a')).map((r) => r.sha)).toEqual(['def456', 'abc123']);
      expect(await store.updateRun(999_999, { conclusion: 'success' })).toBeUndefined();
    });
  });

  describe('outbox and stale runs', () => {
    const job = (sha: string) => ({
      name: 'analyse-commit',
      key: 'acme/a#main',
      id: `analyse-commit:acme/a:${sha}`,
      data: { sha },
    });

    it('keeps each job once until it is removed; lists what was never dispatched or is due a recheck', async () => {
      await store.addToOutbox([
        { id: 'j1', deliveryId: 'd1', job: job('1') },
        { id: 'j2', deliveryId: 'd1', job: job('2') },
      ]);
      // A redelivery adds nothing twice.
      await store.addToOutbox([{ id: 'j1', deliveryId: 'd2', job: job('1') }]);
      expect((await store.outboxStats()).depth).toBe(2);
      const now = new Date().toISOString();
      expect((await store.listOutbox({ dispatchedBefore: now, limit: 10 })).map((e) => [e.id, e.deliveryId])).toEqual([
        ['j1', 'd1'],
        ['j2', 'd1'],
      ]);
      expect((await store.listOutbox({ dispatchedBefore: now, limit: 10 }))[0]?.job).toEqual(job('1'));
      await store.markDispatched(['j1']);
      const past = new Date(Date.now() - 60_000).toISOString();
      expect((await store.listOutbox({ dispatchedBefore: past, limit: 10 })).map((e) => e.id)).toEqual(['j2']);
      const future = new Date(Date.now() + 60_000).toISOString();
      expect((await store.listOutbox({ dispatchedBefore: future, limit: 10 })).map((e) => e.id)).toEqual(['j1', 'j2']);
      await store.removeFromOutbox(['j1', 'j2']);
      expect(await store.outboxStats()).toEqual({ depth: 0, oldestAt: null });
    });

    it('claims a delivery only once, and says whether it knows one', async () => {
      expect(await store.knowsDelivery('d9')).toBe(false);
      expect(await store.claimDelivery('d9', 'push')).toBe(true);
      expect(await store.knowsDelivery('d9')).toBe(true);
    });

    it('hands an unfinished run to the sweeper with its job, restarting its clock so no other sweeper takes it', async () => {
      const { run } = await store.claimRun('acme/a', 'main', 's1', 'analyse-commit', job('s1'));
      const done = await store.claimRun('acme/a', 'main', 's2', 'analyse-commit', job('s2'));
      await store.updateRun(done.run.id, { finishedAt: new Date().toISOString(), conclusion: 'success' });
      // Runs started before "a moment from now" are stale for this test.
      await new Promise((r) => setTimeout(r, 5));
      const cutoff = new Date().toISOString();
      const swept = await store.claimStaleRuns(cutoff, 10);
      expect(swept.map((r) => [r.id, r.sweeps])).toEqual([[run.id, 1]]);
      expect(swept[0]!.job).toEqual(job('s1'));
      // Its clock was restarted by the claim: another sweeper with the same cutoff finds nothing.
      expect(await store.claimStaleRuns(cutoff, 10)).toEqual([]);
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });

  it('counts rows per table', async () => {
    await store.createToken('acme/a', 'ci');
    await store.claimDelivery('d', 'push');
    expect(await store.count()).toEqual({
      observations: 0,
      tokens: 1,
      dismissals: 0,
      runs: 0,
      deliveries: 1,
      outbox: 0,
    });
  });
});

describe('SQLite file', () => {
  it('reopens an existing file without reapplying migrations', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-reopen-'));
    const file = join(dir, 'nested', 'specwatch.db');
    const first = openSqliteStore(file);
    const { token } = await first.createToken('acme/a', 'ci');
    await first.close();
    const second = openSqliteStore(file);
    expect((await second.verifyToken(token))?.repo).toBe('acme/a');
    await second.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
