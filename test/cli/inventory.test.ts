import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runSpecwatch } from './run-cli.js';

const fixtures = fileURLToPath(new URL('../fixtures/openapi/', import.meta.url));
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
    expect(run.stderr).toContain('6 operations in 1 spec');
  });

  it('prints a table with method, path, file:line, parameters, statuses and auth', async () => {
    const run = await runSpecwatch(['inventory', 'versions/pharmacy-3.0.yaml'], { cwd: fixtures });
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^METHOD\s+PATH\s+WHERE\s+PARAMETERS\s+STATUSES\s+AUTH$/);
    expect(lines.find((l) => l.startsWith('GET') && l.includes('/v1/prescriptions '))).toMatch(
      /GET\s+\/v1\/prescriptions\s+versions\/pharmacy-3\.0\.yaml:11\s+query:status query:limit\s+200\s+apiKey/,
    );
  });

  it('keeps going past a broken spec, and exits 2', async () => {
    const run = await runSpecwatch(['inventory', 'bad/invalid.yaml', 'bad/remote-ref.yaml', '--format', 'json'], {
      cwd: fixtures,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\/invalid\.yaml:\d+:\d+: invalid YAML/);
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

  it.skipIf(!existsSync(stripe))('lists the 468 operations of the Stripe spec', async () => {
    const run = await runSpecwatch(['inventory', stripe, '--format', 'json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).operations).toHaveLength(468);
  });
});
