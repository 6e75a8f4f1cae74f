import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runSpecwatch } from './run-cli.js';

const clinic = fileURLToPath(new URL('../../examples/clinic-api/', import.meta.url));

describe('specwatch scan --repo: the observed view from the store', () => {
  it('finds the route answering PHI without auth from shapes imported earlier, not from a capture in the checkout', async () => {
    const work = mkdtempSync(join(tmpdir(), 'specwatch-scan-store-'));
    const checkout = join(work, 'clinic');
    // The checkout without its captures: only the store knows the traffic.
    cpSync(join(clinic, 'src'), join(checkout, 'src'), { recursive: true });
    cpSync(join(clinic, 'openapi.yaml'), join(checkout, 'openapi.yaml'));
    cpSync(join(clinic, 'package.json'), join(checkout, 'package.json'));
    const db = join(work, 'specwatch.db');

    const observe = await runSpecwatch([
      'observe',
      join(clinic, 'traffic/clinic.har'),
      '--repo',
      'acme/clinic',
      '--db',
      db,
    ]);
    expect(observe.code).toBe(0);

    const without = await runSpecwatch(['scan', checkout, '--format', 'json']);
    expect(JSON.parse(without.stdout).findings.map((f: { rule: string }) => f.rule)).not.toContain('pii-without-auth');

    const run = await runSpecwatch(['scan', checkout, '--repo', 'acme/clinic', '--db', db, '--format', 'json']);
    expect(run.code).toBe(1);
    const findings = JSON.parse(run.stdout).findings as { rule: string; severity: string; operation: string }[];
    expect(findings).toContainEqual(
      expect.objectContaining({
        rule: 'pii-without-auth',
        severity: 'critical',
        operation: 'GET /api/v1/coverage/{id}',
      }),
    );
    // A documented operation the stored traffic only saw answering 404 still counts as observed.
    expect(findings.map((f) => f.rule)).not.toContain('unobserved-operation');
    expect(run.stderr).toMatch(/\d+ stored operation shapes for acme\/clinic/);
  });

  it('refuses --db without --repo', async () => {
    const run = await runSpecwatch(['scan', clinic, '--db', 'x.db']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--db goes with --repo');
  });
});
