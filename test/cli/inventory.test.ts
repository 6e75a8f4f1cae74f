import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runSpecwatch } from './run-cli.js';

const fixtures = fileURLToPath(new URL('../fixtures/openapi/', import.meta.url));
const clinic = fileURLToPath(new URL('../../examples/clinic-api/', import.meta.url));
const stripe = fileURLToPath(new URL('../../../shared/corpus/stripe/stripe-api.2023-09-13.yaml', import.meta.url));

describe('specwatch inventory', () => {
  it('prints the JSON contract for a multi-file spec', async () => {
    const run = await runSpecwatch(['inventory', 'multi/openapi.yaml', '--format', 'json'], { cwd: fixtures });
    expect(run.code).toBe(0);
    const inventory = JSON.parse(run.stdout);
    expect(inventory.operations.map((op: { method: string; path: string }) => `${op.method} ${op.path}`)).toEqual([
      'GET /api/v2/health',
      'GET /api/v2/patients',
      'POST /api/v2/patients',
      'GET /api/v2/patients/{patientId}',
      'DELETE /api/v2/patients/{patientId}',
      'GET /api/v2/patients/{patientId}/encounters',
    ]);
    const get = inventory.operations[3];
    expect(get).toMatchObject({
      method: 'GET',
      path: '/api/v2/patients/{patientId}',
      sources: ['documented'],
      evidence: [{ source: 'documented', file: 'multi/paths/patient-by-id.yaml', line: 8 }],
      security: ['bearerAuth'],
    });
    expect(inventory.operations[0].security).toEqual([]);
    expect(run.stderr).toContain('6 operations, 4 with PII/PHI');
  });

  it('prints a table with method, path, file:line, parameters, statuses and auth', async () => {
    const run = await runSpecwatch(['inventory', 'versions/pharmacy-3.0.yaml'], { cwd: fixtures });
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^METHOD\s+PATH\s+WHERE\s+VIEWS\s+AUTH\s+EXPOSURE\s+PARAMETERS\s+STATUSES$/);
    expect(lines.find((l) => l.startsWith('GET') && l.includes('/v1/prescriptions '))).toMatch(
      /GET\s+\/v1\/prescriptions\s+versions\/pharmacy-3\.0\.yaml:11\s+documented\s+apiKey\s+-\s+query:status query:limit\s+200$/,
    );
  });

  it('keeps going past a broken spec, and exits 2', async () => {
    const run = await runSpecwatch(['inventory', 'bad/invalid.yaml', 'bad/remote-ref.yaml', '--format', 'json'], {
      cwd: fixtures,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\/invalid\.yaml:\d+ \(documented\): unparsable — invalid YAML/);
    expect(run.stderr).toMatch(/remote URL is never fetched/);
    const inventory = JSON.parse(run.stdout);
    expect(inventory.operations.map((op: { path: string }) => op.path)).toContain('/claims/{claimId}');
  });

  it('names a missing input and exits 2', async () => {
    const run = await runSpecwatch(['inventory', 'nope.yaml'], { cwd: fixtures });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('nope.yaml: no such file or folder');
  });

  it('has --help', async () => {
    const run = await runSpecwatch(['inventory', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: specwatch inventory');
  });

  it.skipIf(!existsSync(stripe))(
    existsSync(stripe)
      ? 'lists the 468 operations of the Stripe spec'
      : 'lists the 468 operations of the Stripe spec (SKIPPED: ../shared/corpus/stripe is missing)',
    async () => {
      const run = await runSpecwatch(['inventory', stripe, '--format', 'json']);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).operations).toHaveLength(468);
    },
    120_000,
  );

  it.skipIf(!existsSync(stripe))(
    'finds the Stripe spec alone in a folder, though its openapi key comes last',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'specwatch-stripe-'));
      try {
        copyFileSync(stripe, join(dir, 'openapi.yaml'));
        const run = await runSpecwatch(['inventory', dir, '--format', 'json']);
        expect(run.code).toBe(0);
        expect(JSON.parse(run.stdout).operations).toHaveLength(468);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('joins docs, code and traffic of a folder: the undocumented SSN and the route answering without auth', async () => {
    const run = await runSpecwatch(['inventory', clinic, '--format', 'json']);
    expect(run.code).toBe(0);
    const { operations } = JSON.parse(run.stdout);
    const byLabel = new Map(operations.map((op: { method: string; path: string }) => [`${op.method} ${op.path}`, op]));
    const patient = byLabel.get('GET /api/v1/patients/{id}') as {
      sources: string[];
      pii: { field: string; category: string; hipaa: string; phi: boolean }[];
    };
    expect(patient.sources).toEqual(['documented', 'implemented', 'observed']);
    expect(patient.pii).toContainEqual(
      expect.objectContaining({ field: 'response.200.ssn', category: 'ssn', hipaa: 'G', phi: true }),
    );
    const cancel = byLabel.get('POST /api/v1/appointments/{id}/cancel') as { sources: string[] };
    expect(cancel.sources).toEqual(['implemented', 'observed']);
    const removed = byLabel.get('DELETE /api/v1/practitioners/{id}') as { sources: string[] };
    expect(removed.sources).not.toContain('implemented');

    const text = await runSpecwatch(['inventory', clinic]);
    expect(text.stdout).toMatch(/GET\s+\/api\/v1\/coverage\/\{id\}.*bearerAuth \(seen without credentials ×7\)/);
    expect(text.stdout).toContain('response.200.ssn (ssn, G, PHI)');
  });

  it('lists the observed operations alone from --traffic', async () => {
    const run = await runSpecwatch(['inventory', '--traffic', 'traffic/clinic.har', '--format', 'csv'], {
      cwd: clinic,
    });
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^method,path,/);
    expect(lines.some((l) => l.startsWith('GET,/api/v1/patients/{patientId},'))).toBe(true);
    expect(run.stdout).not.toContain('078-05-1120');
  });

  it('renders a self-contained HTML page', async () => {
    const run = await runSpecwatch(['inventory', 'multi/openapi.yaml', '--format', 'html'], { cwd: fixtures });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^<!doctype html>/i);
    expect(run.stdout).not.toMatch(/(src|href)="https?:/);
    expect(run.stdout).toContain('/api/v2/patients/{patientId}');
  });
});
