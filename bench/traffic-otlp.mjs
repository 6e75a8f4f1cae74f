// OTLP ingestion: spans/s from an OTLP/HTTP protobuf export request into the store (decode with the published
// .proto files, reduce each HTTP server span at the edge, accumulate, merge into SQLite), on one core, beside the
// NDJSON exchange ingest in the same run; and memory after 100k and after 1M spans (it should stay flat: only
// per-operation accumulators are kept). Run on dist/: `npm run build && node --expose-gc bench/traffic-otlp.mjs`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import protobuf from 'protobufjs';

const { parseBatch, storeAccumulators } = await import('../dist/ingest/index.js');
const { openSqliteStore } = await import('../dist/store/index.js');
const { OTLP_TRACE_PROTOS } = await import('../dist/sources/traffic/otlp/proto-text.js');

const SPANS_PER_REQUEST = Number(process.env.BENCH_SPANS_PER_REQUEST ?? 1000);
const TOTAL = Number(process.env.BENCH_SPANS ?? 1_000_000);
const NDJSON_TOTAL = Number(process.env.BENCH_EXCHANGES ?? 100_000);

const str = (key, value) => ({ key, value: { stringValue: value } });
const int = (key, value) => ({ key, value: { intValue: value } });
const ROUTES = [
  '/v1/patients',
  '/v1/patients/:id',
  '/v1/patients/:id/visits',
  '/v1/appointments/:id',
  '/v1/coverage/:id',
];

/** A realistic HTTP server span (new semantic conventions, plus custom attributes the reader must skip). */
function span(i) {
  const route = ROUTES[i % ROUTES.length];
  const path = route.replace(':id', String(10_000 + i));
  const attributes = [
    str('http.request.method', i % 7 === 0 ? 'POST' : 'GET'),
    str('url.scheme', 'https'),
    str('server.address', 'api.clinic.test'),
    int('server.port', 443),
    str('url.path', path),
    str('url.query', `include=visits&email=ada${i}@example.org`),
    int('http.response.status_code', i % 50 === 0 ? 500 : 200),
    int('http.response.body.size', 512 + (i % 100)),
    str('user_agent.original', 'Mozilla/5.0 (X11; Linux x86_64)'),
    str('network.peer.address', '10.0.0.7'),
    str('enduser.id', `user-${i}`),
    str('app.patient.ssn', '512-44-8821'),
  ];
  // Half the instrumentations set the route template.
  if (i % 2 === 0) attributes.push(str('http.route', route));
  return {
    traceId: Buffer.alloc(16, i % 256),
    spanId: Buffer.alloc(8, i % 256),
    name: `GET ${route}`,
    kind: 2,
    startTimeUnixNano: 1767261600000000000 + i * 1_000_000,
    endTimeUnixNano: 1767261600000000000 + i * 1_000_000 + 5_000_000,
    attributes,
  };
}

const root = new protobuf.Root();
for (const [, text] of OTLP_TRACE_PROTOS) protobuf.parse(text, root);
const Request = root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
const request = {
  resourceSpans: [
    {
      resource: { attributes: [str('service.name', 'clinic-api')] },
      scopeSpans: [
        {
          scope: { name: '@opentelemetry/instrumentation-http' },
          spans: Array.from({ length: SPANS_PER_REQUEST }, (_, i) => span(i)),
        },
      ],
    },
  ],
};
const otlpBody = Buffer.from(Request.encode(Request.fromObject(request)).finish());

function exchange(i) {
  return {
    time: new Date(Date.UTC(2024, 4, 2, 10, 0, i % 60)).toISOString(),
    method: i % 7 === 0 ? 'POST' : 'GET',
    url: `https://api.clinic.test/v1/patients/${10_000 + i}?include=visits`,
    status: 200,
    request: { headers: { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln' } },
    response: {
      headers: { 'content-type': 'application/json' },
      body: {
        id: 10_000 + i,
        name: 'Ada Lovelace',
        email: 'ada@example.org',
        ssn: '512-44-8821',
        birthDate: '1815-12-10',
      },
    },
  };
}
const NDJSON_BATCH = 1000;
const ndjsonBody = Buffer.from(
  `${Array.from({ length: NDJSON_BATCH }, (_, i) => JSON.stringify(exchange(i))).join('\n')}\n`,
);

const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;
function memory() {
  globalThis.gc?.();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss };
}

async function run(label, body, format, perBatch, total, checkpoints) {
  const dir = mkdtempSync(join(tmpdir(), 'sw-bench-otlp-'));
  const store = openSqliteStore(join(dir, 'bench.db'));
  const marks = [];
  let done = 0;
  const start = process.hrtime.bigint();
  try {
    while (done < total) {
      const { accumulators } = await parseBatch(body, format, { secret: 'bench' });
      await storeAccumulators(store, 'bench/clinic', accumulators);
      done += perBatch;
      if (checkpoints.includes(done)) marks.push({ at: done, ...memory() });
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const stored = (await store.listObservations('bench/clinic')).reduce((sum, o) => sum + o.count, 0);
    console.log(
      `${label}: ${(done / seconds).toFixed(0)} /s into the store (${done} in ${seconds.toFixed(1)} s, ` +
        `${(body.length / perBatch).toFixed(0)} bytes each on the wire, ${stored} counted in the store)`,
    );
    return { rate: done / seconds, marks };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(
  `# OTLP ingest on one core: ${SPANS_PER_REQUEST} spans per protobuf export request (${(otlpBody.length / 1024).toFixed(0)} KiB), SQLite store; node ${process.version}${globalThis.gc ? '' : ' (run with --expose-gc for exact memory figures)'}`,
);
const otlp = await run('otlp spans', otlpBody, 'otlp-protobuf', SPANS_PER_REQUEST, TOTAL, [100_000, TOTAL]);
const ndjson = await run('ndjson exchanges', ndjsonBody, 'ndjson', NDJSON_BATCH, NDJSON_TOTAL, []);
const [at100k, atEnd] = otlp.marks;
if (at100k && atEnd) {
  console.log(
    `memory after ${at100k.at} spans: heap ${mb(at100k.heap)}, rss ${mb(at100k.rss)}; after ${atEnd.at}: heap ${mb(atEnd.heap)}, rss ${mb(atEnd.rss)} ` +
      `(heap ratio ${(atEnd.heap / at100k.heap).toFixed(2)}, rss ratio ${(atEnd.rss / at100k.rss).toFixed(2)})`,
  );
}
console.log(
  `otlp spans/s ÷ ndjson exchanges/s = ${(otlp.rate / ndjson.rate).toFixed(1)}; goal ≥ 50000 spans/s: ${otlp.rate >= 50_000 ? 'met' : 'not met'}`,
);
