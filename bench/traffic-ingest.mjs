// Ingestion throughput: POST /specwatch/ingest on loopback under autocannon, NDJSON batches of realistic exchanges
// (reduced to shapes in memory, merged into the store). Prints requests/s and exchanges/s, SQLite by default and
// PostgreSQL too when $DATABASE_URL is set. Run on dist/: `npm run build && node bench/traffic-ingest.mjs`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

const { startIngestServer } = await import('../dist/ingest/index.js');
const { openSqliteStore, openPostgresStore } = await import('../dist/store/index.js');

const BATCH = Number(process.env.BENCH_BATCH ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);

function exchange(i) {
  return {
    time: new Date(Date.UTC(2024, 4, 2, 10, 0, i % 60)).toISOString(),
    method: i % 5 === 0 ? 'POST' : 'GET',
    url:
      i % 5 === 0
        ? 'https://api.clinic.test/v1/patients'
        : `https://api.clinic.test/v1/patients/${1000 + i}?include=visits`,
    status: i % 5 === 0 ? 201 : 200,
    request: {
      headers: {
        authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln',
        'content-type': 'application/json',
      },
      ...(i % 5 === 0 ? { body: { name: 'Ada Lovelace', email: 'ada@example.org', birthDate: '1815-12-10' } } : {}),
    },
    response: {
      headers: { 'content-type': 'application/json' },
      body: {
        id: 1000 + i,
        name: 'Ada Lovelace',
        email: 'ada@example.org',
        phone: '+1-415-555-0142',
        ssn: '512-44-8821',
        birthDate: '1815-12-10',
        address: { line: ['12 St James Sq'], city: 'London', postalCode: 'SW1Y 4JH' },
        visits: [
          { id: 1, at: '2024-05-01T09:00:00Z', reason: 'checkup', status: 'done' },
          { id: 2, at: '2024-05-02T09:00:00Z', reason: 'follow-up', status: 'planned' },
        ],
      },
    },
  };
}

const body = `${Array.from({ length: BATCH }, (_, i) => JSON.stringify(exchange(i))).join('\n')}\n`;

async function measure(label, store) {
  const { token } = await store.createToken('bench/clinic', `bench-${Date.now()}`);
  const server = await startIngestServer({
    store,
    port: 0,
    rateLimit: { burst: 1e9, perSecond: 1e9 },
    secret: 'bench',
  });
  const result = await autocannon({
    url: `${server.url}/specwatch/ingest`,
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
    body,
    connections: CONNECTIONS,
    duration: SECONDS,
  });
  await server.close();
  const stored = (await store.listObservations('bench/clinic')).reduce((sum, o) => sum + o.count, 0);
  const rps = result.requests.average;
  console.log(
    `ingest ${label}: ${rps.toFixed(0)} batches/s × ${BATCH} = ${(rps * BATCH).toFixed(0)} exchanges/s ` +
      `(latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms; ${result.non2xx} non-2xx, ` +
      `${result.errors} errors; ${stored} exchanges stored; ${(body.length / 1024).toFixed(1)} KiB per batch)`,
  );
}

console.log(`# ingestion: ${CONNECTIONS} connections, ${SECONDS} s, ${BATCH} exchanges per batch, loopback`);
const dir = mkdtempSync(join(tmpdir(), 'sw-bench-ingest-'));
const sqlite = openSqliteStore(join(dir, 'bench.db'));
try {
  await measure('sqlite', sqlite);
} finally {
  await sqlite.close();
  rmSync(dir, { recursive: true, force: true });
}
if (process.env.DATABASE_URL) {
  const schema = `sw_bench_${process.pid}`;
  const pgStore = await openPostgresStore({ connectionString: process.env.DATABASE_URL, schema });
  try {
    await measure('postgres', pgStore);
  } finally {
    await pgStore.close();
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}
