// Latency the recording proxy adds: the same requests sent directly to a local upstream and through
// `startRecordingProxy` (capturing and reducing every exchange), alternating, on keep-alive connections. Prints
// median and p99 of both and the difference, verifies every proxied response is byte-for-byte the direct one, then
// autocannon throughput both ways. Target: < 2 ms added at the median. Run on dist/ after `npm run build`.
import http from 'node:http';
import autocannon from 'autocannon';

const { startRecordingProxy } = await import('../dist/record/index.js');
const { reduceExchange } = await import('../dist/sources/traffic/index.js');

const N = Number(process.env.BENCH_REQUESTS ?? 4000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

const patient = (id) =>
  JSON.stringify({
    id,
    name: 'Ada Lovelace',
    email: 'ada@example.org',
    phone: '+1-415-555-0142',
    birthDate: '1815-12-10',
    visits: Array.from({ length: 8 }, (_, i) => ({ id: i, at: '2024-05-01T09:00:00Z', status: 'done' })),
  });

const upstream = http.createServer({ keepAlive: true }, (req, res) => {
  if (req.method === 'POST') {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(Buffer.concat(chunks));
    });
    return;
  }
  const id = Number(req.url.split('/')[3]) || 0;
  res.writeHead(200, {
    'content-type': 'application/json',
    'x-upstream': 'bench',
    date: 'Thu, 02 May 2024 10:00:00 GMT',
  });
  res.end(patient(id));
});
await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve));
const upstreamUrl = `http://127.0.0.1:${upstream.address().port}`;

let captured = 0;
const proxy = await startRecordingProxy({
  target: upstreamUrl,
  port: 0,
  onExchange: (exchange) => {
    if (reduceExchange(exchange) !== null) captured += 1;
  },
});

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function get(base, path) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const req = http.get(base + path, { agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({
          ms: Number(process.hrtime.bigint() - start) / 1e6,
          status: res.statusCode,
          headers: JSON.stringify([
            res.headers['content-type'],
            res.headers['x-upstream'],
            res.headers.date,
            res.headers['content-length'],
          ]),
          body: Buffer.concat(chunks),
        }),
      );
    });
    req.on('error', reject);
  });
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const direct = [];
const proxied = [];
let mismatches = 0;
for (let i = 0; i < N + 200; i++) {
  const path = `/v1/patients/${1000 + (i % 500)}`;
  const a = await get(upstreamUrl, path);
  const b = await get(proxy.url, path);
  if (a.status !== b.status || a.headers !== b.headers || !a.body.equals(b.body)) mismatches += 1;
  // The first 200 pairs warm up the JIT and the connection pools.
  if (i >= 200) {
    direct.push(a.ms);
    proxied.push(b.ms);
  }
}
direct.sort((x, y) => x - y);
proxied.sort((x, y) => x - y);
const fmt = (v) => v.toFixed(3);
console.log(
  `# recording proxy: ${N} sequential keep-alive GETs each way, ~${patient(1).length} B JSON responses, loopback`,
);
console.log(
  `proxy latency: direct median ${fmt(quantile(direct, 0.5))} ms, p99 ${fmt(quantile(direct, 0.99))} ms; ` +
    `proxied median ${fmt(quantile(proxied, 0.5))} ms, p99 ${fmt(quantile(proxied, 0.99))} ms; ` +
    `added median ${fmt(quantile(proxied, 0.5) - quantile(direct, 0.5))} ms, p99 ${fmt(quantile(proxied, 0.99) - quantile(direct, 0.99))} ms (target < 2 ms median)`,
);
console.log(
  `proxy fidelity: ${mismatches === 0 ? 'all' : `${N + 200 - mismatches} of`} ${N + 200} responses byte-for-byte identical (status, headers, body); ${captured} exchanges captured`,
);

async function cannon(url) {
  const r = await autocannon({ url: `${url}/v1/patients/1`, connections: 16, duration: SECONDS });
  return r;
}
const d = await cannon(upstreamUrl);
const p = await cannon(proxy.url);
console.log(
  `proxy throughput (16 connections, ${SECONDS} s): direct ${d.requests.average.toFixed(0)} req/s (p50 ${d.latency.p50} ms), ` +
    `proxied ${p.requests.average.toFixed(0)} req/s (p50 ${p.latency.p50} ms); ${p.non2xx} non-2xx, ${p.errors} errors`,
);

agent.destroy();
const stats = await proxy.close();
console.log(
  `proxy totals: ${stats.requests} requests, ${stats.captured} captured, ${stats.upstreamErrors} upstream errors`,
);
await new Promise((resolve) => upstream.close(resolve));
if (mismatches > 0) process.exitCode = 1;
