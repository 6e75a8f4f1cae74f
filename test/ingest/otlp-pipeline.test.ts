import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnalysisResult, analyze } from '../../src/analyze/index.js';
import { defaultConfig } from '../../src/config/index.js';
import { memoryRepo } from '../../src/sources/repo/index.js';
import type { ShapeAccumulator } from '../../src/sources/traffic/index.js';
import { openSqliteStore } from '../../src/store/index.js';
import { runSpecwatch } from '../cli/run-cli.js';

const SERVER = join(import.meta.dirname, '../fixtures/otel/instrumented-server.cjs');
const ROOT = join(import.meta.dirname, '../..');

// What the service's docs say: secured, mounted under /api, one operation never called.
const SPEC = `openapi: 3.0.3
info: {title: Clinic, version: '1'}
servers: [{url: 'https://clinic.example.com/api'}]
security: [{bearerAuth: []}]
components:
  securitySchemes:
    bearerAuth: {type: http, scheme: bearer}
paths:
  /patients:
    get:
      responses: {'200': {description: ok}}
  /patients/{patientId}:
    get:
      parameters: [{name: patientId, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: ok}}
    delete:
      parameters: [{name: patientId, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: gone}}
  /patients/{patientId}/notes:
    post:
      parameters: [{name: patientId, in: path, required: true, schema: {type: string}}]
      responses: {'201': {description: created}}
`;

// Personal data the requests carry in url.path, url.query and custom span attributes.
const SSN = '123-45-6789';
const EMAIL = 'jane.roe@example.com';

function startService(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SERVER], { cwd: ROOT, env: { ...process.env, ...env }, stdio: 'pipe' });
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]), output: () => out });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`service exited ${code}: ${out}`)));
  });
}

function stopService(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

describe('OTLP pipeline: an instrumented Express service exports spans to `specwatch serve`', () => {
  let dir: string;
  let result: AnalysisResult;
  let stored: ShapeAccumulator[];
  let storeBytes: string;
  let serveLog: string;
  let serviceOutput: string;
  let inventoryJson: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sw-otlp-'));
    const token = (
      await runSpecwatch(['token', 'create', '--repo', 'acme/clinic', '--db', 's.db'], { cwd: dir })
    ).stdout.trim();
    const serve = runSpecwatch(['serve', '--port', '0', '--db', 's.db'], { cwd: dir });
    const [, url] = await serve.waitFor(/listening on (http:\/\/\S+)\/specwatch\/ingest/);
    const service = await startService({ SPECWATCH_OTLP_URL: `${url}/v1/traces`, SPECWATCH_TOKEN: token });
    const base = `http://127.0.0.1:${service.port}/api`;
    const calls: [string, string, unknown?][] = [
      ['GET', '/patients'],
      ['GET', '/patients/p-100'],
      ['GET', `/patients/${SSN}?email=${encodeURIComponent(EMAIL)}&ssn=${SSN}`],
      ['GET', '/patients/boom'],
      ['POST', '/patients/p-100/notes', { text: 'hello' }],
      ['POST', '/patients/p-100/notes', { duplicate: true }],
      ['GET', '/internal/metrics'],
    ];
    for (const [method, path, body] of calls) {
      const res = await fetch(`${base}${path}`, {
        method,
        ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      });
      await res.arrayBuffer();
    }
    await stopService(service.child);
    serviceOutput = service.output();
    const served = await serve.stop();
    serveLog = served.stderr;

    const store = openSqliteStore(join(dir, 's.db'));
    stored = (await store.listObservations('acme/clinic')).map((o) => o.accumulator as ShapeAccumulator);
    await store.close();
    storeBytes = readdirSync(dir)
      .filter((f) => f.startsWith('s.db'))
      .map((f) => readFileSync(join(dir, f)).toString('latin1'))
      .join('\n');
    const config = defaultConfig();
    config.code.enabled = false;
    result = await analyze({ repo: memoryRepo({ 'openapi.yaml': SPEC }), config, observedShapes: stored });
    inventoryJson = JSON.stringify(result.inventory);
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stores the spans and lines them up with the documented operations, statuses included', () => {
    expect(stored.length).toBeGreaterThan(0);
    const rows = Object.fromEntries(
      result.inventory.operations.map((op) => [
        `${op.method} ${op.path}`,
        { sources: op.sources, statuses: op.statuses },
      ]),
    );
    expect(rows).toEqual({
      'GET /api/patients': { sources: ['documented', 'observed'], statuses: ['200'] },
      'GET /api/patients/{patientId}': { sources: ['documented', 'observed'], statuses: ['200', '500'] },
      'DELETE /api/patients/{patientId}': { sources: ['documented'], statuses: ['204'] },
      'POST /api/patients/{patientId}/notes': { sources: ['documented', 'observed'], statuses: ['201', '409'] },
      'GET /api/internal/metrics': { sources: ['observed'], statuses: ['200'] },
    });
    const get = result.observed?.operations.find((op) => op.path === '/api/patients/{patientId}');
    expect(get?.observed).toMatchObject({ count: 3, spans: 3, statuses: { '200': 2, '500': 1 } });
  });

  it('judges undocumented-operation, undocumented-status and unobserved-operation from spans, and no auth or field drift', () => {
    const rules = result.findings.map((f) => `${f.rule} ${f.operation}`).sort();
    expect(rules).toContain('undocumented-operation GET /api/internal/metrics');
    expect(rules).toContain('undocumented-status POST /api/patients/{patientId}/notes');
    expect(rules).toContain('unobserved-operation DELETE /api/patients/{patientId}');
    // Spans say nothing about credentials or bodies: a secured spec is not contradicted by them.
    expect(result.findings.filter((f) => /auth|field|pii-without/.test(f.rule))).toEqual([]);
    expect(result.diagnostics.find((d) => d.code === 'observed-from-spans')?.message).toMatch(
      /auth and field drift only from HAR/,
    );
  });

  it('logs value-free lines: no token, no path value, no query, no custom attribute', () => {
    const lines = serveLog.split('\n').filter((l) => l.startsWith('{'));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.map((l) => JSON.parse(l))).toContainEqual(
      expect.objectContaining({ status: 200, reason: 'ok', format: 'otlp-protobuf', repo: 'acme/clinic' }),
    );
    expect(serviceOutput).not.toMatch(/error|failed/i);
  });

  it('seeded PII in url.path, url.query and custom attributes is in no store row, output or log line', () => {
    for (const text of [storeBytes, JSON.stringify(stored), serveLog, inventoryJson, JSON.stringify(result.findings)]) {
      expect(text).not.toContain(SSN);
      expect(text).not.toContain(SSN.replaceAll('-', ''));
      expect(text).not.toContain(EMAIL);
      expect(text).not.toContain('p-100');
      expect(text).not.toContain('patient.ssn');
      expect(text).not.toContain('enduser');
    }
  });
});
