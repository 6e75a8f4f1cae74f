// Inference throughput of the observed view: generates a HAR of N exchanges and one 5× larger in a temp dir, then
// reads each in a fresh child process (stream → reduce → accumulate → template → infer) and prints exchanges/s and
// peak RSS. Run on dist/: `npm run build && npm run bench:traffic [N]`; `--generate FILE N` only writes a HAR.
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(import.meta.url);

async function child(file) {
  // SPECWATCH_DIST points at another build output (default: this checkout's dist/).
  const dist = process.env.SPECWATCH_DIST;
  const { readTrafficFiles } = await import(
    dist ? pathToFileURL(join(dist, 'sources/traffic/index.js')).href : '../dist/sources/traffic/index.js'
  );
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  let exchanges = 0;
  const surface = await readTrafficFiles([file], { onFile: (_f, n) => (exchanges = n) });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    JSON.stringify({ exchanges, seconds, cpuSeconds, peakMb, operations: surface.operations.length }),
  );
}

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'John'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Backus'];

function pick(list, i) {
  return list[i % list.length];
}

function uuid(i) {
  const h = ((i * 2654435761) >>> 0).toString(16).padStart(8, '0');
  return `${h}-${h.slice(0, 4)}-4${h.slice(1, 4)}-8${h.slice(5, 8)}-${h}${h.slice(0, 4)}`;
}

function patient(i) {
  return {
    id: 100000 + i,
    uuid: uuid(i),
    firstName: pick(FIRST, i),
    lastName: pick(LAST, i >> 3),
    birthDate: `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`,
    email: `${pick(FIRST, i).toLowerCase()}.${i}@example.org`,
    phone: `+1 555-01${String(i % 100).padStart(2, '0')}`,
    status: i % 7 === 0 ? 'inactive' : 'active',
    address: { line: [`${i % 900} Main St`], city: 'Springfield', postalCode: String(10000 + (i % 89999)) },
    insurance: i % 3 === 0 ? null : { memberId: `M${i}`, plan: 'gold' },
    tags: ['vip', 'new'].slice(0, i % 3),
    updatedAt: new Date(1_700_000_000_000 + i * 1000).toISOString(),
  };
}

function headers(list) {
  return list.map(([name, value]) => ({ name, value }));
}

function entry(i) {
  const kind = i % 10;
  const started = new Date(1_714_000_000_000 + i * 50).toISOString();
  const reqHeaders = headers([
    [':authority', 'api.clinic.example'],
    ['accept', 'application/json'],
    ['accept-encoding', 'gzip, deflate, br'],
    ['authorization', `Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIke2l9In0.sig${i}`],
    ['user-agent', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36'],
    ['x-tenant-id', 'north'],
  ]);
  const resHeaders = headers([
    ['content-type', 'application/json; charset=utf-8'],
    ['date', new Date(1_714_000_000_000 + i * 50).toUTCString()],
    ['etag', `W/"${i.toString(16)}"`],
    ['x-ratelimit-remaining', String(1000 - (i % 1000))],
  ]);
  let method = 'GET';
  let url;
  let status = 200;
  let body;
  let postData;
  if (kind < 5) {
    url = `https://api.clinic.example/api/v1/patients/${100000 + i}`;
    body = patient(i);
  } else if (kind < 7) {
    url = `https://api.clinic.example/api/v1/patients?limit=20&offset=${i % 500}&status=active`;
    body = { data: [patient(i), patient(i + 1), patient(i + 2)], total: 3000 };
  } else if (kind === 7) {
    method = 'POST';
    url = 'https://api.clinic.example/api/v1/patients';
    status = 201;
    postData = { mimeType: 'application/json', text: JSON.stringify(patient(i)) };
    body = patient(i);
  } else if (kind === 8) {
    url = `https://api.clinic.example/api/v1/patients/${100000 + i}/observations/${uuid(i)}`;
    body = { id: uuid(i), code: 'bp', value: 120 + (i % 30), unit: 'mmHg', effectiveDateTime: started };
  } else {
    url = `https://api.clinic.example/api/v1/appointments/${uuid(i)}`;
    status = i % 20 === 9 ? 404 : 200;
    body =
      status === 404
        ? { error: 'not_found' }
        : { id: uuid(i), start: started, patientId: 100000 + i, reason: 'checkup' };
  }
  const text = JSON.stringify(body);
  const e = {
    _initiator: { type: 'script' },
    _resourceType: 'fetch',
    cache: {},
    connection: '443',
    request: {
      method,
      url,
      httpVersion: 'http/2.0',
      headers: reqHeaders,
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: postData ? postData.text.length : 0,
      ...(postData ? { postData } : {}),
    },
    response: {
      status,
      statusText: '',
      httpVersion: 'http/2.0',
      headers: resHeaders,
      cookies: [],
      content: { size: text.length, mimeType: 'application/json', compression: 0, text },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
      _transferSize: text.length + 200,
    },
    serverIPAddress: '203.0.113.7',
    startedDateTime: started,
    time: 12.5,
    timings: { blocked: 1, dns: -1, ssl: -1, connect: -1, send: 0.1, wait: 10, receive: 1.4 },
  };
  return JSON.stringify(e, null, 2);
}

async function generate(file, n) {
  const out = createWriteStream(file);
  const write = async (s) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(
    '{\n  "log": {\n    "version": "1.2",\n    "creator": {"name": "WebInspector", "version": "537.36"},\n    "pages": [],\n    "entries": [\n',
  );
  for (let i = 0; i < n; i++) await write((i === 0 ? '' : ',\n') + entry(i));
  await write('\n    ]\n  }\n}\n');
  out.end();
  await once(out, 'finish');
}

async function main() {
  const base = Number(process.argv[2] ?? 50_000);
  const dir = mkdtempSync(join(tmpdir(), 'specwatch-bench-'));
  try {
    console.log('traffic inference (HAR → observed ApiSurface), one core');
    for (const n of [base, base * 5]) {
      const file = join(dir, `capture-${n}.har`);
      await generate(file, n);
      const mb = statSync(file).size / 1024 / 1024;
      const run = spawnSync(process.execPath, [here, '--child', file], { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (run.status !== 0) throw new Error(run.stderr);
      const r = JSON.parse(run.stdout);
      const rate = (n) => Math.round(n).toLocaleString('en-US').padStart(8);
      console.log(
        `  ${String(r.exchanges).padStart(7)} exchanges  ${mb.toFixed(0).padStart(5)} MB HAR  ` +
          `${rate(r.exchanges / r.seconds)} exchanges/s (${rate(r.exchanges / r.cpuSeconds)} per CPU-second)  ` +
          `peak RSS ${r.peakMb.toFixed(0)} MB  (${r.operations} operations, ${r.seconds.toFixed(2)} s)`,
      );
    }
    console.log('  target: ≥ 20,000 exchanges/s; peak RSS should stay flat across sizes');
    console.log('  (per CPU-second counts GC helper threads too; wall-clock figures drop on a loaded machine)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3]);
else if (process.argv[2] === '--generate') await generate(process.argv[3], Number(process.argv[4] ?? 50_000));
else await main();
