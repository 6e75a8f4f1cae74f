import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runSpecwatch } from '../cli/run-cli.js';
import { fetchRaw } from '../record/upstream.js';
import { ndjsonBatch } from './traffic-helpers.js';

describe('specwatch serve', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sw-serve-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('serves ingestion until SIGTERM, logging value-free JSON lines, then summarises', async () => {
    const token = (
      await runSpecwatch(['token', 'create', '--repo', 'acme/clinic', '--db', 's.db'], { cwd: dir })
    ).stdout.trim();
    const serve = runSpecwatch(['serve', '--port', '0', '--db', 's.db', '--burst', '2', '--rate', '0.001'], {
      cwd: dir,
    });
    const [, url] = await serve.waitFor(/listening on (http:\/\/\S+)/);
    expect(url).toMatch(/\/specwatch\/ingest$/);
    const post = () =>
      fetchRaw(url!, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
        body: ndjsonBatch(3),
      });
    expect((await post()).status).toBe(200);
    expect((await post()).status).toBe(200);
    expect((await post()).status).toBe(429);
    expect((await fetchRaw(url!.replace('/specwatch/ingest', '/healthz'))).status).toBe(200);
    const served = await serve.stop();
    expect(served.code).toBe(0);
    const lines = served.stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => l.status)).toEqual([200, 200, 429]);
    expect(lines[0]).toMatchObject({ repo: 'acme/clinic', exchanges: 3, operations: 2, reason: 'ok' });
    expect(served.stderr).not.toContain(token.slice(4));
    expect(served.stderr).toMatch(/2 batches accepted \(6 exchanges\), 1 refused/);
  });

  it('exits 2 on bad options', async () => {
    expect((await runSpecwatch(['serve', '--port', 'eighty'], { cwd: dir })).code).toBe(2);
    expect((await runSpecwatch(['record', '--target', 'http://127.0.0.1:1'], { cwd: dir })).code).toBe(2);
    expect((await runSpecwatch(['record', '--target', 'ftp://x', '--out', 'x'], { cwd: dir })).code).toBe(2);
    const noToken = await runSpecwatch(
      ['record', '--target', 'http://127.0.0.1:1', '--ingest', 'http://127.0.0.1:2/specwatch/ingest'],
      {
        cwd: dir,
      },
    );
    expect(noToken).toMatchObject({ code: 2 });
    expect(noToken.stderr).toMatch(/SPECWATCH_TOKEN/);
  });
});
