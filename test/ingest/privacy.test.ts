import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IngestLogEntry, startIngestServer } from '../../src/ingest/index.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';
import { runSpecwatch } from '../cli/run-cli.js';
import { fetchRaw, startUpstream } from '../record/upstream.js';
import { makePostgresFixture, PG_URL, type StoreFixture } from '../store/store-helpers.js';
import { exchangeLine, harDocument, leakedSecrets, ndjsonBatch, SECRETS } from './traffic-helpers.js';

/**
 * Acceptance: traffic carrying SSNs, emails, names, phone numbers and bearer tokens goes through HAR import
 * (`observe`), ingestion and the recording proxy; afterwards no planted value is anywhere Specwatch wrote.
 */
describe.each([
  { name: 'sqlite', available: true },
  { name: 'postgres', available: Boolean(PG_URL) },
])('privacy on $name', ({ name, available }) => {
  const dir = mkdtempSync(join(tmpdir(), 'sw-privacy-'));
  const dbFile = join(dir, 'store', 'specwatch.db');
  let fixture: StoreFixture | undefined;
  let store: Store;
  let cliEnv: Record<string, string | undefined>;
  let dbArgs: string[];
  const logText: string[] = [];
  let outFile: string;

  beforeAll(async () => {
    if (!available) return;
    if (name === 'postgres') {
      fixture = await makePostgresFixture(PG_URL!);
      store = fixture.store;
      const schema = /sw_test_[0-9a-f]+/.exec(await fixture.dumpSchemaName())![0];
      const url = new URL(PG_URL!);
      url.searchParams.set('options', `-c search_path=${schema}`);
      cliEnv = { DATABASE_URL: url.toString() };
      dbArgs = [];
    } else {
      store = openSqliteStore(dbFile);
      cliEnv = {};
      dbArgs = ['--db', dbFile];
    }

    // 1. HAR and NDJSON import through the CLI.
    writeFileSync(join(dir, 'capture.har'), harDocument(12));
    writeFileSync(join(dir, 'capture.ndjson'), ndjsonBatch(12));
    const observed = await runSpecwatch(
      ['observe', 'capture.har', 'capture.ndjson', '--repo', 'acme/clinic', ...dbArgs, '--format', 'json'],
      {
        cwd: dir,
        env: cliEnv,
      },
    );
    logText.push(observed.stdout, observed.stderr);
    expect(observed.code).toBe(0);
    expect(JSON.parse(observed.stdout)).toMatchObject({ exchanges: 24, operations: 2 });

    // 2. Ingestion, with a token made by the CLI.
    const created = await runSpecwatch(['token', 'create', '--repo', 'acme/clinic', ...dbArgs], {
      cwd: dir,
      env: cliEnv,
    });
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    logText.push(created.stderr);
    const ingestLogs: IngestLogEntry[] = [];
    const server = await startIngestServer({ store, port: 0, log: (entry) => ingestLogs.push(entry) });
    const endpoint = `${server.url}/specwatch/ingest`;
    const post = (type: string, body: string) =>
      fetchRaw(endpoint, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body });
    expect((await post('application/x-ndjson', ndjsonBatch(9))).status).toBe(200);
    expect((await post('application/har+json', harDocument(9))).status).toBe(200);
    const malformed = await post(
      'application/x-ndjson',
      `${JSON.stringify(exchangeLine(1))}\n{"ssn": "${SECRETS.ssns[0]}",}\n`,
    );
    expect(malformed.status).toBe(400);
    logText.push(malformed.body.toString());

    // 3. The recording proxy, sending shapes to ingestion and to a file.
    const upstream = await startUpstream();
    outFile = join(dir, 'shapes.ndjson');
    const toIngest = runSpecwatch(['record', '--target', upstream.url, '--listen', '0', '--ingest', endpoint], {
      cwd: dir,
      env: { ...cliEnv, SPECWATCH_TOKEN: token },
    });
    const toFile = runSpecwatch(['record', '--target', upstream.url, '--listen', '0', '--out', outFile], {
      cwd: dir,
      env: cliEnv,
    });
    for (const run of [toIngest, toFile]) {
      const [, proxyUrl] = await run.waitFor(/record: (http:\/\/[^ ]+) →/);
      for (let i = 0; i < 6; i++) {
        const reply = await fetchRaw(
          `${proxyUrl}/v1/patients/${1000 + i}?email=${encodeURIComponent(SECRETS.emails[i % 2]!)}`,
          {
            headers: { authorization: `Bearer ${SECRETS.tokens[i % 2]}`, 'x-patient-phone': SECRETS.phones[0] },
          },
        );
        expect(reply.status).toBe(200);
        expect(reply.body.toString()).toContain(SECRETS.ssns[i % 2]);
      }
      const posted = await fetchRaw(`${proxyUrl}/v1/clinics/3/patients`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRETS.tokens[1]}` },
        body: JSON.stringify({ fullName: 'Chidi Okafor', ssn: SECRETS.ssns[1], email: SECRETS.emails[1] }),
      });
      expect(posted.status).toBe(201);
    }
    // Both recorders stop on the same signal; each finishes and flushes.
    process.emit('SIGTERM', 'SIGTERM');
    const ingested = await toIngest;
    const filed = await toFile;
    expect(ingested.code).toBe(0);
    expect(filed.code).toBe(0);
    logText.push(ingested.stdout, ingested.stderr, filed.stdout, filed.stderr);
    expect(ingested.stderr).toMatch(/7 shapes written/);
    await upstream.close();
    await server.close();
    logText.push(JSON.stringify(ingestLogs));
    if (name === 'sqlite') await store.close();
  }, 60_000);

  afterAll(async () => {
    if (fixture) await fixture.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it.runIf(available)('stored every operation seen through the three paths', async () => {
    const reader = name === 'sqlite' ? openSqliteStore(dbFile) : store;
    const observations = await reader.listObservations('acme/clinic');
    if (name === 'sqlite') await reader.close();
    const total = observations.reduce((sum, o) => sum + o.count, 0);
    expect(total).toBe(24 + 18 + 7);
    expect(observations.some((o) => o.key.startsWith('POST /v1/clinics/'))).toBe(true);
  });

  it.runIf(available)('the store holds no planted value', async () => {
    const dump =
      name === 'sqlite'
        ? ['', '-wal', '-shm']
            .map((suffix) => {
              try {
                return readFileSync(dbFile + suffix).toString('latin1');
              } catch {
                return '';
              }
            })
            .join('\n')
        : await fixture!.dumpText();
    expect(dump.length).toBeGreaterThan(1000);
    expect(dump).toContain('ssn');
    expect(leakedSecrets(dump)).toEqual([]);
  });

  it.runIf(available)('the shapes file and all log output hold no planted value', () => {
    const shapes = readFileSync(outFile, 'utf8');
    expect(shapes.trim().split('\n')).toHaveLength(7);
    expect(leakedSecrets(shapes)).toEqual([]);
    expect(leakedSecrets(logText.join('\n'))).toEqual([]);
  });
});
