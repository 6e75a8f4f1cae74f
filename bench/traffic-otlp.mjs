// OTLP ingestion: spans per CPU-second from an OTLP/HTTP protobuf export request into the store (decoded by protobufjs,
// reduce each HTTP server span at the edge, accumulate, merge into SQLite), beside the NDJSON exchange ingest in the
// same run; memory after GC at checkpoints from 100k to 1M spans (it should stay flat: only per-operation
// accumulators are kept); and the reader (decode walked in place) beside decode + toObject of the same request.
// Run on dist/: `npm run build && npm run bench:otlp`. Node runs JavaScript on one thread; the CPU time printed
// counts every thread of the process (GC helpers included), so per-CPU-second figures are, if anything, low.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const { parseBatch, storeAccumulators } = await import('../dist/ingest/index.js');
const { openSqliteStore } = await import('../dist/store/index.js');
const { readServerSpans, readServerSpansProtobuf } = await import('../dist/sources/traffic/index.js');

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

// The published .proto files (test fixtures, verbatim), encoded with protobufjs as the SDKs and the Collector do.
const PROTO_ROOT = fileURLToPath(new URL('../test/fixtures/otel/opentelemetry-proto/', import.meta.url));
const root = new protobuf.Root();
root.resolvePath = (_origin, target) => PROTO_ROOT + target;
root.loadSync('opentelemetry/proto/collector/trace/v1/trace_service.proto');
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
const cpuSeconds = (since) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
};

async function run(label, body, format, perBatch, total, checkpoints) {
  const dir = mkdtempSync(join(tmpdir(), 'sw-bench-otlp-'));
  const store = openSqliteStore(join(dir, 'bench.db'));
  const marks = [];
  let done = 0;
  let cpu = 0;
  let wall = 0;
  try {
    while (done < total) {
      const cpuStart = process.cpuUsage();
      const wallStart = process.hrtime.bigint();
      const { accumulators } = await parseBatch(body, format, { secret: 'bench' });
      await storeAccumulators(store, 'bench/clinic', accumulators);
      cpu += cpuSeconds(cpuStart);
      wall += Number(process.hrtime.bigint() - wallStart) / 1e9;
      done += perBatch;
      // Memory checkpoints (a full GC each) are outside the timed part.
      if (checkpoints.includes(done)) marks.push({ at: done, ...memory() });
    }
    const stored = (await store.listObservations('bench/clinic')).reduce((sum, o) => sum + o.count, 0);
    console.log(
      `${label}: ${(done / cpu).toFixed(0)} per CPU-second into the store, ${(done / wall).toFixed(0)} per wall second ` +
        `(${done} in ${cpu.toFixed(2)} CPU-s, ${wall.toFixed(2)} s wall; ${(body.length / perBatch).toFixed(0)} bytes each ` +
        `on the wire, ${stored} counted in the store)`,
    );
    return { rate: done / cpu, marks };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Reading alone (no reduce, no store): the decoded message walked in place beside toObject read as OTLP JSON. */
function readOnly(label, read, rounds) {
  read();
  const start = process.cpuUsage();
  let spans = 0;
  for (let i = 0; i < rounds; i++) spans += read();
  const rate = spans / cpuSeconds(start);
  console.log(`  read only, ${label}: ${rate.toFixed(0)} spans per CPU-second`);
  return rate;
}

console.log(
  `# OTLP ingest: ${SPANS_PER_REQUEST} spans per protobuf export request (${(otlpBody.length / 1024).toFixed(0)} KiB), SQLite store; node ${process.version}${globalThis.gc ? '' : ' (run with --expose-gc for exact memory figures)'}`,
);
const checkpoints = [100_000, 250_000, 500_000, 750_000, TOTAL].filter(
  (n, i, all) => n <= TOTAL && all.indexOf(n) === i,
);
const otlp = await run('otlp spans', otlpBody, 'otlp-protobuf', SPANS_PER_REQUEST, TOTAL, checkpoints);
const ndjson = await run('ndjson exchanges', ndjsonBody, 'ndjson', NDJSON_BATCH, NDJSON_TOTAL, []);
console.log(
  `memory after GC, heap / rss: ${otlp.marks.map((m) => `${m.at / 1000}k ${mb(m.heap)} / ${mb(m.rss)}`).join('; ')}`,
);
const [first, last] = [otlp.marks[0], otlp.marks[otlp.marks.length - 1]];
if (first && last && last !== first)
  console.log(
    `  from ${first.at / 1000}k to ${last.at / 1000}k spans: heap ×${(last.heap / first.heap).toFixed(2)}, rss ×${(last.rss / first.rss).toFixed(2)}`,
  );
const rounds = Math.max(1, Math.round(20_000 / SPANS_PER_REQUEST));
const wireRate = readOnly('protobufjs decode walked in place', () => readServerSpansProtobuf(otlpBody).length, rounds);
const fullRate = readOnly(
  'protobufjs decode + toObject',
  () => [...readServerSpans(Request.toObject(Request.decode(otlpBody), { longs: String, enums: Number }))].length,
  rounds,
);
console.log(`  walked in place ÷ decode + toObject = ${(wireRate / fullRate).toFixed(1)}`);
console.log(
  `otlp spans ÷ ndjson exchanges (per CPU-second) = ${(otlp.rate / ndjson.rate).toFixed(1)}; goal ≥ 50000 spans per CPU-second: ${otlp.rate >= 50_000 ? 'met' : 'not met'}`,
);
