import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/index.js';
import { runSpecwatch } from '../cli/run-cli.js';
import { harDocument, ndjsonBatch } from '../ingest/traffic-helpers.js';

describe('specwatch token and observe', () => {
  let dir: string;
  const run = (...argv: string[]) => runSpecwatch(argv, { cwd: dir, env: {} });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sw-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a token once, lists it without the secret, and revokes it', async () => {
    const created = await run('token', 'create', '--repo', 'acme/clinic', '--name', 'staging');
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^swt_/);
    expect(created.stderr).toMatch(/shown only this once/);

    const listed = await run('token', 'list', '--repo', 'acme/clinic', '--format', 'json');
    expect(listed.code).toBe(0);
    const { tokens } = JSON.parse(listed.stdout);
    expect(tokens).toEqual([expect.objectContaining({ repo: 'acme/clinic', name: 'staging', revokedAt: null })]);
    expect(listed.stdout).not.toContain(token.slice(4));

    expect((await run('token', 'revoke', 'staging', '--repo', 'acme/clinic')).code).toBe(0);
    const again = await run('token', 'revoke', 'staging', '--repo', 'acme/clinic');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/no live token/);
    // The default store is .specwatch/specwatch.db under the working directory.
    const store = openSqliteStore(join(dir, '.specwatch', 'specwatch.db'));
    expect(await store.verifyToken(token)).toBeUndefined();
    await store.close();
  });

  it('uses $SPECWATCH_DB and --db, and rejects a bad --repo', async () => {
    const viaEnv = await runSpecwatch(['token', 'create', '--repo', 'acme/a'], {
      cwd: dir,
      env: { SPECWATCH_DB: 'env.db' },
    });
    expect(viaEnv.code).toBe(0);
    const store = openSqliteStore(join(dir, 'env.db'));
    expect(await store.listTokens('acme/a')).toHaveLength(1);
    await store.close();
    expect((await run('token', 'list', '--repo', 'not a repo')).code).toBe(2);
  });

  it('imports HAR and NDJSON captures into the store and prints counts', async () => {
    writeFileSync(join(dir, 'a.har'), harDocument(6));
    writeFileSync(join(dir, 'b.ndjson'), ndjsonBatch(3));
    const first = await run(
      'observe',
      'a.har',
      'b.ndjson',
      '--repo',
      'acme/clinic',
      '--db',
      'obs.db',
      '--format',
      'json',
    );
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({
      repo: 'acme/clinic',
      files: [
        { file: 'a.har', exchanges: 6 },
        { file: 'b.ndjson', exchanges: 3 },
      ],
      exchanges: 9,
      operations: 2,
      newOperations: 2,
      updatedOperations: 0,
    });
    const second = await run('observe', 'b.ndjson', '--repo', 'acme/clinic', '--db', 'obs.db');
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/3 exchanges from 1 file → 2 operation shapes \(0 new, 2 updated\)/);
    const store = openSqliteStore(join(dir, 'obs.db'));
    const counts = (await store.listObservations('acme/clinic')).map((o) => o.count);
    await store.close();
    expect(counts.reduce((a, b) => a + b, 0)).toBe(12);
  });

  it('exits 2 naming the file and line of a malformed capture, storing nothing', async () => {
    writeFileSync(join(dir, 'bad.ndjson'), `${ndjsonBatch(2)}{not json}\n`);
    const result = await run('observe', 'bad.ndjson', '--repo', 'acme/clinic', '--db', 'obs.db');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bad\.ndjson: line 3/);
    const missing = await run('observe', 'nope.har', '--repo', 'acme/clinic', '--db', 'obs.db');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read nope\.har/);
    const store = openSqliteStore(join(dir, 'obs.db'));
    expect(await store.listObservations('acme/clinic')).toEqual([]);
    await store.close();
  });
});
