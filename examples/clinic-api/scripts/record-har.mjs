#!/usr/bin/env node
// Records HTTP traffic of the clinic API as a HAR 1.2 file.
//
// A small recording reverse proxy (plain node:http) sits in front of the API and
// writes every request/response exchange it forwards: real headers in wire order,
// timings, query strings, request bodies and response bodies.
//
//   node scripts/record-har.mjs                  start the API, drive the built-in scenario, write traffic/clinic.har
//   node scripts/record-har.mjs --manual         start the API and the proxy, record until Ctrl-C (drive it yourself)
//   node scripts/record-har.mjs --target URL     proxy to an API that is already running instead of starting one
//   node scripts/record-har.mjs --out FILE       write somewhere else
//
// Only loopback addresses are used. See scripts/README.md.

import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const exampleDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const opts = { out: path.join(exampleDir, 'traffic', 'clinic.har'), manual: false, target: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--manual') opts.manual = true;
    else if (a === '--out') opts.out = path.resolve(argv[++i]);
    else if (a === '--target') opts.target = argv[++i];
    else if (a === '--help' || a === '-h') {
      console.log('usage: node scripts/record-har.mjs [--manual] [--target URL] [--out FILE]');
      process.exit(0);
    } else {
      console.error(`unknown argument: ${a}`);
      process.exit(2);
    }
  }
  return opts;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------- the API process

async function startApi() {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: exampleDir,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('clinic-api did not start within 20 s')), 20_000);
    child.once('exit', (code) => reject(new Error(`clinic-api exited with code ${code}`)));
    child.stdout.on('data', (chunk) => {
      process.stderr.write(`[api] ${chunk}`);
      if (String(chunk).includes('listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return { child, origin: `http://127.0.0.1:${port}` };
}

// ---------------------------------------------------------------- the recording proxy

/** Header pairs from Node's flat rawHeaders array, in wire order and original case. */
function headerPairs(rawHeaders) {
  const out = [];
  for (let i = 0; i < rawHeaders.length; i += 2) out.push({ name: rawHeaders[i], value: rawHeaders[i + 1] });
  return out;
}

function headerValue(pairs, name) {
  const lower = name.toLowerCase();
  return pairs.find((h) => h.name.toLowerCase() === lower)?.value;
}

function headBytes(firstLine, pairs) {
  let size = Buffer.byteLength(`${firstLine}\r\n`);
  for (const h of pairs) size += Buffer.byteLength(`${h.name}: ${h.value}\r\n`);
  return size + 2;
}

const round = (ms) => Math.round(ms * 1000) / 1000;

/**
 * Starts a reverse proxy on 127.0.0.1 that forwards to `origin` and appends one
 * HAR entry per exchange to `entries`.
 */
async function startProxy(origin, entries) {
  const target = new URL(origin);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const port = await freePort();

  const server = http.createServer((req, res) => {
    const startedDateTime = new Date().toISOString();
    const t0 = performance.now();
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const reqBody = Buffer.concat(chunks);
      const reqHeaders = headerPairs(req.rawHeaders);
      const forwardHeaders = { ...req.headers, host: target.host };
      const timings = { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait: 0, receive: 0 };
      let tSocket = t0;
      let tSent = t0;
      let tFirstByte = t0;
      let connectionId = '';

      const upstream = http.request({
        agent,
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: forwardHeaders,
      });
      upstream.on('socket', (socket) => {
        const tAssigned = performance.now();
        timings.blocked = round(tAssigned - t0);
        const remember = () => {
          connectionId = String(socket.localPort);
        };
        if (socket.connecting) {
          socket.once('connect', () => {
            const tConnected = performance.now();
            timings.connect = round(tConnected - tAssigned);
            tSocket = tConnected;
            remember();
          });
        } else {
          tSocket = tAssigned;
          remember();
        }
      });
      upstream.on('finish', () => {
        tSent = performance.now();
        timings.send = round(Math.max(0, tSent - tSocket));
      });
      upstream.on('error', (err) => {
        console.error(`proxy: ${req.method} ${req.url}: ${err.message}`);
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end('Bad gateway');
      });
      upstream.on('response', (up) => {
        tFirstByte = performance.now();
        timings.wait = round(Math.max(0, tFirstByte - tSent));
        const resChunks = [];
        up.on('data', (c) => resChunks.push(c));
        up.on('end', () => {
          const tEnd = performance.now();
          timings.receive = round(tEnd - tFirstByte);
          const resBody = Buffer.concat(resChunks);
          const resHeaders = headerPairs(up.rawHeaders);
          res.writeHead(up.statusCode, up.statusMessage, up.rawHeaders);
          res.end(resBody);

          const url = new URL(req.url, `http://${req.headers.host}`);
          const reqMime = headerValue(reqHeaders, 'content-type');
          const resMime = headerValue(resHeaders, 'content-type') ?? 'x-unknown';
          const location = headerValue(resHeaders, 'location');
          const httpVersion = `HTTP/${req.httpVersion}`;
          const entry = {
            startedDateTime,
            time: round(Object.values(timings).reduce((sum, t) => sum + Math.max(0, t), 0)),
            request: {
              method: req.method,
              url: url.href,
              httpVersion,
              cookies: [],
              headers: reqHeaders,
              queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
              ...(reqBody.length > 0 || reqMime
                ? { postData: { mimeType: reqMime ?? 'application/octet-stream', text: reqBody.toString('utf8') } }
                : {}),
              headersSize: headBytes(`${req.method} ${req.url} ${httpVersion}`, reqHeaders),
              bodySize: reqBody.length,
            },
            response: {
              status: up.statusCode,
              statusText: up.statusMessage ?? http.STATUS_CODES[up.statusCode] ?? '',
              httpVersion: `HTTP/${up.httpVersion}`,
              cookies: [],
              headers: resHeaders,
              content: { size: resBody.length, mimeType: resMime, text: resBody.toString('utf8') },
              redirectURL: up.statusCode >= 300 && up.statusCode < 400 && location ? location : '',
              headersSize: headBytes(`HTTP/${up.httpVersion} ${up.statusCode} ${up.statusMessage}`, resHeaders),
              bodySize: resBody.length,
            },
            cache: {},
            timings,
            serverIPAddress: target.hostname,
            connection: connectionId,
          };
          entries.push(entry);
        });
      });
      upstream.end(reqBody);
    });
  });

  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        agent.destroy();
        server.close(resolve);
        server.closeAllConnections();
      }),
  };
}

function toHar(entries) {
  return {
    log: {
      version: '1.2',
      creator: { name: 'clinic-api record-har', version: '1.0.0', comment: 'examples/clinic-api/scripts/record-har.mjs' },
      entries: [...entries].sort((a, b) => a.startedDateTime.localeCompare(b.startedDateTime)),
      comment: 'Synthetic traffic of the clinic-api demo. All people, numbers and addresses are fictional.',
    },
  };
}

// ---------------------------------------------------------------- the scenario

const TOKENS = {
  clinician: 'demo-clinician-token',
  frontDesk: 'demo-frontdesk-token',
  billing: 'demo-billing-token',
};

const AGENTS = {
  portal: 'clinic-portal-web/2.4.1 (+https://clinic.example.org)',
  frontDesk: 'frontdesk-app/1.9.0 (Windows NT 10.0; Win64; x64)',
  billing: 'billing-sync/0.7.3 node/20',
  kiosk: 'checkin-kiosk/3.1.0 (Linux; armv7l)',
  admin: 'curl/8.5.0',
};

/** A client of the proxy; `as` picks the user agent and token of a caller. */
function makeClient(baseUrl) {
  return async function call(method, pathAndQuery, { as = 'portal', token, json, raw, contentType } = {}) {
    const url = new URL(`/api/v1${pathAndQuery}`, baseUrl);
    const headers = { Accept: 'application/json', 'User-Agent': AGENTS[as] };
    const auth =
      token === undefined
        ? { portal: TOKENS.clinician, frontDesk: TOKENS.frontDesk, billing: TOKENS.billing, admin: TOKENS.clinician }[as]
        : token;
    if (auth) headers.Authorization = auth.includes(' ') ? auth : `Bearer ${auth}`;
    let body;
    if (json !== undefined) body = JSON.stringify(json);
    if (raw !== undefined) body = raw;
    if (body !== undefined) {
      headers['Content-Type'] = contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }
    const res = await new Promise((resolve, reject) => {
      const r = http.request(url, { method, headers }, (response) => {
        const parts = [];
        response.on('data', (c) => parts.push(c));
        response.on('end', () => resolve({ status: response.statusCode, text: Buffer.concat(parts).toString('utf8') }));
      });
      r.on('error', reject);
      r.end(body);
    });
    // a little think time so timestamps spread like a real session
    await sleep(3 + Math.floor(Math.random() * 25));
    let data;
    try {
      data = res.text ? JSON.parse(res.text) : undefined;
    } catch {
      data = undefined;
    }
    return { status: res.status, data };
  };
}

function expect(res, status, what) {
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status}`);
  return res.data;
}

async function scenario(call) {
  // --- callers without valid credentials
  expect(await call('GET', '/patients', { token: '' }), 401, 'no token');
  expect(await call('GET', '/patients?limit=5', { token: 'expired-token-7c1e' }), 401, 'bad token');
  expect(await call('GET', '/appointments', { token: 'Basic ZnJvbnRkZXNrOmxldG1laW4=' }), 401, 'basic auth');

  // --- patient lists, pages of 10
  const patients = [];
  for (let offset = 0; ; offset += 10) {
    const page = expect(await call('GET', `/patients?limit=10&offset=${offset}`), 200, 'patients page');
    patients.push(...page.data);
    if (offset + 10 >= page.total) break;
  }
  const ids = patients.map((p) => p.id);
  expect(await call('GET', '/patients?familyName=Sample', { as: 'frontDesk' }), 200, 'by family name');
  expect(await call('GET', '/patients?familyName=exam', { as: 'frontDesk' }), 200, 'by prefix');
  expect(await call('GET', '/patients?familyName=Test&limit=5'), 200, 'prefix + limit');
  expect(await call('GET', `/patients?birthDate=${patients[7].birthDate}`, { as: 'frontDesk' }), 200, 'by birth date');
  expect(await call('GET', `/patients?familyName=${patients[3].familyName}&birthDate=${patients[3].birthDate}`), 200, 'both');
  // an older integration still following the documented `name` parameter
  expect(await call('GET', '/patients?name=Sample', { as: 'billing' }), 200, 'doc param');
  expect(await call('GET', '/patients?name=Fixture&limit=5', { as: 'billing' }), 200, 'doc param');
  expect(await call('GET', '/patients?limit=500'), 400, 'limit too big');
  expect(await call('GET', '/patients?birthDate=03%2F04%2F1980', { as: 'frontDesk' }), 400, 'bad date');
  expect(await call('GET', '/patients?offset=-1'), 400, 'negative offset');

  // --- every patient, some twice
  for (const [i, id] of ids.entries()) {
    expect(await call('GET', `/patients/${id}`, { as: i % 3 === 0 ? 'frontDesk' : 'portal' }), 200, 'patient');
  }
  for (const id of ids.slice(4, 12)) expect(await call('GET', `/patients/${id}`), 200, 'patient again');
  for (let i = 0; i < 3; i++) expect(await call('GET', `/patients/${randomUUID()}`), 404, 'unknown patient');
  expect(await call('GET', `/patients/${ids[2]}`, { token: '' }), 401, 'patient without token');
  expect(await call('GET', `/patients/${ids[9]}`, { as: 'frontDesk', token: 'demo-frontdesk-tokn' }), 401, 'typo token');

  // --- allergies
  for (const id of ids.filter((_, i) => i % 2 === 0)) expect(await call('GET', `/patients/${id}/allergies`), 200, 'allergies');
  expect(await call('GET', `/patients/${randomUUID()}/allergies`), 404, 'allergies of unknown');
  expect(await call('GET', `/patients/${ids[1]}/allergies`, { token: '' }), 401, 'allergies without token');

  // --- registering and editing patients
  const newPeople = [
    { givenName: 'Marisol', familyName: 'Testcase', birthDate: '1988-02-29', sex: 'female', email: 'marisol.testcase@example.org', phone: '+1 312-555-0160', address: { line1: '41 Fixture Lane', city: 'Springfield', state: 'IL', postalCode: '62704' } },
    { givenName: 'Oskar', familyName: 'Mockwell', birthDate: '1975-10-09', sex: 'male', phone: '+1 415-555-0161' },
    { givenName: 'Ren', familyName: 'Placeholder', birthDate: '2019-06-17', sex: 'other', email: 'ren.placeholder@example.org', address: { line1: '8 Sample Street', line2: 'Apt 2B', city: 'Madison', state: 'WI', postalCode: '53703' } },
  ];
  const created = [];
  for (const person of newPeople) created.push(expect(await call('POST', '/patients', { as: 'frontDesk', json: person }), 201, 'create patient'));
  expect(await call('POST', '/patients', { as: 'frontDesk', json: { givenName: 'Nadia', email: 'not-an-email' } }), 400, 'invalid patient');
  expect(await call('POST', '/patients', { as: 'frontDesk', raw: '{"givenName": "Lee", "familyName": ' }), 400, 'broken JSON');
  expect(await call('POST', '/patients', { token: '', json: newPeople[0] }), 401, 'create without token');
  for (const p of created) expect(await call('GET', `/patients/${p.id}`), 200, 'created patient');
  expect(
    await call('PUT', `/patients/${created[0].id}`, { as: 'frontDesk', json: { ...newPeople[0], phone: '+1 312-555-0162', address: { line1: '77 Example Avenue', city: 'Springfield', state: 'IL', postalCode: '62711' } } }),
    200,
    'replace patient',
  );
  const { ssn: _ssn, id: _id, mrn: _mrn, createdAt: _c, updatedAt: _u, ...editable } = patients[5];
  expect(await call('PUT', `/patients/${patients[5].id}`, { json: { ...editable, email: 'new.address@example.org' } }), 200, 'replace seeded');
  expect(await call('PUT', `/patients/${created[1].id}`, { as: 'frontDesk', json: { ...newPeople[1], sex: 'M' } }), 400, 'invalid replace');
  expect(await call('PUT', `/patients/${randomUUID()}`, { as: 'frontDesk', json: newPeople[2] }), 404, 'replace unknown');

  // --- practitioners
  const practitioners = expect(await call('GET', '/practitioners'), 200, 'practitioners').data;
  expect(await call('GET', '/practitioners', { as: 'frontDesk' }), 200, 'practitioners');
  expect(await call('GET', '/practitioners?specialty=cardiology', { as: 'frontDesk' }), 200, 'by specialty');
  expect(await call('GET', '/practitioners?specialty=pediatrics'), 200, 'by specialty');
  expect(await call('GET', '/practitioners?specialty=neurology', { as: 'frontDesk' }), 400, 'unknown specialty');
  expect(await call('GET', '/practitioners', { token: '' }), 401, 'practitioners without token');
  for (const p of practitioners) expect(await call('GET', `/practitioners/${p.id}`), 200, 'practitioner');
  for (const p of practitioners.slice(0, 3)) expect(await call('GET', `/practitioners/${p.id}`, { as: 'frontDesk' }), 200, 'practitioner');
  expect(await call('GET', '/practitioners/9999'), 404, 'unknown practitioner');
  expect(await call('GET', '/practitioners/2001'), 404, 'unknown practitioner');
  const newPractitioners = [
    { npi: '1299999916', givenName: 'Greer', familyName: 'Examplewood', specialty: 'dermatology', email: 'greer.examplewood@clinic.example.org', phone: '+1 202-555-0163' },
    { npi: '1299999924', givenName: 'Anselm', familyName: 'Fauxley', specialty: 'family-medicine', email: 'anselm.fauxley@clinic.example.org', phone: '+1 202-555-0164' },
  ];
  for (const p of newPractitioners) expect(await call('POST', '/practitioners', { as: 'admin', json: p }), 201, 'create practitioner');
  expect(await call('POST', '/practitioners', { as: 'admin', json: { ...newPractitioners[0], npi: '12345' } }), 400, 'bad npi');
  // an admin script written against the docs tries to remove a leaver
  const leaver = practitioners.find((p) => !p.active) ?? practitioners[0];
  expect(await call('DELETE', `/practitioners/${leaver.id}`, { as: 'admin' }), 404, 'delete practitioner');

  // --- appointments
  for (const id of ids.slice(0, 10)) expect(await call('GET', `/appointments?patientId=${id}`), 200, 'appointments of patient');
  for (const [pid, day] of [[1001, '2025-06-16'], [1004, '2025-06-20'], [1007, '2025-06-05'], [1010, '2025-06-24']]) {
    expect(await call('GET', `/appointments?practitionerId=${pid}&date=${day}`, { as: 'frontDesk' }), 200, 'day sheet');
  }
  const booked = expect(await call('GET', '/appointments?status=booked&limit=50', { as: 'frontDesk' }), 200, 'booked').data;
  expect(await call('GET', '/appointments?status=cancelled', { as: 'frontDesk' }), 200, 'cancelled');
  const completed = expect(await call('GET', '/appointments?status=completed&limit=5&offset=5'), 200, 'completed').data;
  expect(await call('GET', '/appointments?date=June', { as: 'frontDesk' }), 400, 'bad date');
  expect(await call('GET', '/appointments?status=pending'), 400, 'bad status');
  const all = expect(await call('GET', '/appointments?limit=100'), 200, 'all appointments').data;
  for (const a of all.filter((_, i) => i % 3 === 0)) expect(await call('GET', `/appointments/${a.id}`), 200, 'appointment');
  expect(await call('GET', '/appointments/apt_doesNotExist0'), 404, 'unknown appointment');

  const b0 = booked.find((a) => practitioners.find((p) => p.id === a.practitionerId)?.active) ?? booked[0];
  const newBookings = [
    { patientId: ids[0], practitionerId: 1001, start: '2025-07-01T09:00:00Z', end: '2025-07-01T09:30:00Z', reason: 'Annual physical' },
    { patientId: created[0].id, practitionerId: 1003, start: '2025-07-01T10:00:00Z', end: '2025-07-01T10:30:00Z', reason: 'New patient visit' },
    { patientId: ids[12], practitionerId: 1005, start: '2025-07-02T14:30:00Z', end: '2025-07-02T15:00:00Z', reason: 'Knee pain' },
  ];
  const appts = [];
  for (const b of newBookings) appts.push(expect(await call('POST', '/appointments', { as: 'frontDesk', json: b }), 201, 'book'));
  expect(
    await call('POST', '/appointments', { as: 'frontDesk', json: { patientId: ids[20], practitionerId: b0.practitionerId, start: b0.start, end: b0.end, reason: 'Follow-up visit' } }),
    409,
    'double booking',
  );
  expect(await call('POST', '/appointments', { as: 'frontDesk', json: { ...newBookings[2], start: '2025-07-02T15:00:00Z', end: '2025-07-02T14:30:00Z' } }), 400, 'end before start');
  expect(await call('POST', '/appointments', { as: 'frontDesk', json: { ...newBookings[2], patientId: randomUUID() } }), 400, 'unknown patient');
  expect(await call('POST', '/appointments', { token: '', json: newBookings[0] }), 401, 'book without token');

  expect(await call('PATCH', `/appointments/${appts[0].id}`, { as: 'frontDesk', json: { start: '2025-07-01T11:00:00Z', end: '2025-07-01T11:30:00Z' } }), 200, 'reschedule');
  expect(await call('PATCH', `/appointments/${appts[2].id}`, { json: { reason: 'Knee pain, left, after fall' } }), 200, 'edit reason');
  expect(await call('PATCH', `/appointments/${appts[2].id}`, { as: 'frontDesk', json: { start: 'tomorrow 9am' } }), 400, 'bad start');
  expect(await call('PATCH', '/appointments/apt_doesNotExist0', { as: 'frontDesk', json: { reason: 'x' } }), 404, 'patch unknown');
  if (completed[0]) expect(await call('PATCH', `/appointments/${completed[0].id}`, { as: 'frontDesk', json: { reason: 'Typo fixed' } }), 409, 'patch completed');

  expect(await call('POST', `/appointments/${appts[1].id}/cancel`, { as: 'frontDesk', json: { reason: 'Patient request' } }), 200, 'cancel');
  expect(await call('POST', `/appointments/${appts[1].id}/cancel`, { as: 'frontDesk', json: { reason: 'Patient request' } }), 409, 'cancel twice');
  expect(await call('POST', `/appointments/${booked[3].id}/cancel`), 200, 'cancel without body');
  expect(await call('POST', `/appointments/${booked[5].id}/cancel`, { as: 'frontDesk', json: {} }), 200, 'cancel, no reason');
  expect(await call('POST', '/appointments/apt_doesNotExist0/cancel', { as: 'frontDesk', json: { reason: 'Duplicate' } }), 404, 'cancel unknown');
  expect(await call('POST', `/appointments/${booked[6].id}/cancel`, { token: '', json: { reason: 'Sick' } }), 401, 'cancel without token');
  for (const a of appts) expect(await call('GET', `/appointments/${a.id}`, { as: 'frontDesk' }), 200, 'booked appointment');

  // --- prescriptions
  const rxSeen = [];
  for (const id of ids.slice(0, 14)) {
    rxSeen.push(...expect(await call('GET', `/prescriptions?patientId=${id}`), 200, 'prescriptions').data);
  }
  for (const id of ids.slice(14, 17)) expect(await call('GET', `/prescriptions?patientId=${id}&status=active`), 200, 'active rx');
  expect(await call('GET', '/prescriptions'), 400, 'rx without patient');
  expect(await call('GET', `/prescriptions?patientId=${ids[0]}&status=paused`), 400, 'bad rx status');
  expect(await call('GET', `/prescriptions?patientId=${ids[0]}`, { token: '' }), 401, 'rx without token');
  for (const rx of rxSeen.slice(0, 16)) expect(await call('GET', `/prescriptions/${rx.id}`), 200, 'prescription');
  expect(await call('GET', '/prescriptions/rx_999999'), 404, 'unknown rx');
  const newRx = [
    { patientId: ids[0], prescriberId: 1001, medication: { name: 'Lisinopril', rxnormCode: '314076', strength: '10 mg tablet' }, dosageInstructions: 'Take 1 tablet by mouth once daily', quantity: 90, refills: 3 },
    { patientId: created[0].id, prescriberId: 1003, medication: { name: 'Hydrocortisone', rxnormCode: '106258', strength: '1% cream' }, dosageInstructions: 'Apply a thin layer to affected area twice daily', quantity: 1, refills: 0 },
  ];
  for (const rx of newRx) {
    const made = expect(await call('POST', '/prescriptions', { json: rx }), 201, 'prescribe');
    expect(await call('GET', `/prescriptions/${made.id}`), 200, 'new prescription');
  }
  expect(await call('POST', '/prescriptions', { json: { ...newRx[0], refills: 20 } }), 400, 'too many refills');

  // --- insurance coverage
  const coverages = [];
  for (const id of ids.slice(0, 12)) coverages.push(...expect(await call('GET', `/coverage?patientId=${id}`, { as: 'billing' }), 200, 'coverage').data);
  expect(await call('GET', '/coverage', { as: 'billing' }), 400, 'coverage without patient');
  expect(await call('GET', `/coverage?patientId=${ids[0]}`, { token: '' }), 401, 'coverage list without token');
  for (const c of coverages) expect(await call('GET', `/coverage/${c.id}`, { as: 'billing' }), 200, 'coverage record');
  // the check-in kiosk looks coverage up without any credentials
  for (const c of coverages.slice(0, 7)) expect(await call('GET', `/coverage/${c.id}`, { as: 'kiosk', token: '' }), 200, 'kiosk lookup');
  expect(await call('GET', '/coverage/cov_0000000000', { as: 'kiosk', token: '' }), 404, 'kiosk unknown');
  const newCoverage = [
    { patientId: created[0].id, payer: 'Example Health Mutual', planName: 'Silver PPO 2500', memberId: 'XEH620418337', groupNumber: 'GRP-48213', subscriber: { name: 'Marisol Testcase', birthDate: '1988-02-29', relationship: 'self' }, effectiveFrom: '2025-01-01' },
    { patientId: created[2].id, payer: 'Sample Blue Plan', planName: 'HMO Select', memberId: 'SBP771203945', groupNumber: 'GRP-30977', subscriber: { name: 'Dana Placeholder', birthDate: '1986-03-12', relationship: 'child' }, effectiveFrom: '2024-07-01', effectiveTo: '2025-12-31' },
  ];
  for (const c of newCoverage) {
    const made = expect(await call('POST', '/coverage', { as: 'billing', json: c }), 201, 'add coverage');
    expect(await call('GET', `/coverage/${made.id}`, { as: 'billing' }), 200, 'new coverage');
  }
  expect(await call('POST', '/coverage', { as: 'billing', json: { ...newCoverage[0], subscriber: { name: 'M. Testcase', relationship: 'sibling' } } }), 400, 'bad subscriber');
  expect(await call('POST', '/coverage', { as: 'billing', token: '', json: newCoverage[1] }), 401, 'coverage without token');
}

// ---------------------------------------------------------------- main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const entries = [];
  const api = opts.target ? { child: null, origin: opts.target } : await startApi();
  const proxy = await startProxy(api.origin, entries);
  console.error(`recording proxy ${proxy.url} -> ${api.origin}`);

  const finish = async () => {
    await proxy.close();
    api.child?.kill('SIGTERM');
    await writeFile(opts.out, `${JSON.stringify(toHar(entries), null, 2)}\n`);
    console.error(`wrote ${entries.length} entries to ${path.relative(process.cwd(), opts.out) || opts.out}`);
  };

  if (opts.manual) {
    console.error(`send requests to ${proxy.url}/api/v1/...; press Ctrl-C to write the HAR`);
    process.once('SIGINT', () => finish().then(() => process.exit(0)));
    return;
  }
  try {
    await scenario(makeClient(proxy.url));
  } catch (err) {
    api.child?.kill('SIGTERM');
    await proxy.close();
    throw err;
  }
  await finish();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
