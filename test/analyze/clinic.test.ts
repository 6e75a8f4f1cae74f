import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AnalysisResult, analyze } from '../../src/analyze/index.js';
import { localRepo } from '../../src/checkout/index.js';
import { defaultConfig } from '../../src/config/index.js';
import type { Finding } from '../../src/model/index.js';
import { findingsToAnnotations } from '../../src/report/index.js';
import { runSpecwatch } from '../cli/run-cli.js';

const CLINIC = join(import.meta.dirname, '../../examples/clinic-api');

describe('analyze() on the clinic example (its README truth list)', () => {
  let result: AnalysisResult;
  const find = (rule: string, operation: string): Finding[] =>
    result.findings.filter((f) => f.rule === rule && f.operation === operation);

  beforeAll(async () => {
    result = await analyze({ repo: localRepo(CLINIC), config: defaultConfig() });
  }, 60_000);

  it('1: reports the undocumented cancel endpoint with its code line', () => {
    const [f] = find('undocumented-operation', 'POST /api/v1/appointments/{id}/cancel');
    expect(f?.evidence).toContainEqual({
      source: 'implemented',
      file: 'src/routes/appointments.ts',
      line: 177,
      framework: 'express',
    });
    expect(f?.evidence.some((e) => e.source === 'observed')).toBe(true);
  });

  it('2: reports the documented DELETE the code no longer serves, with its doc line', () => {
    const [f] = find('unimplemented-operation', 'DELETE /api/v1/practitioners/{id}');
    expect(f?.location).toMatchObject({ file: 'openapi.yaml', line: 218 });
    expect(f?.fix).toMatchObject({ kind: 'deprecate-operation', path: '/practitioners/{id}' });
  });

  it('3: reports the undocumented ssn response field on the four Patient operations', () => {
    const ops = result.findings
      .filter((f) => f.rule === 'undocumented-response-field' && /ssn/.test(f.message))
      .map((f) => f.operation);
    expect(ops.sort()).toEqual([
      'GET /api/v1/patients',
      'GET /api/v1/patients/{id}',
      'POST /api/v1/patients',
      'PUT /api/v1/patients/{id}',
    ]);
    expect(find('undocumented-pii', 'GET /api/v1/patients/{id}').some((f) => /ssn/.test(f.message))).toBe(true);
  });

  it('4: reports the renamed query parameter', () => {
    const [f] = find('undocumented-parameter', 'GET /api/v1/patients');
    expect(f?.message).toContain('`familyName`');
    expect(f?.evidence).toContainEqual(
      expect.objectContaining({ source: 'implemented', file: 'src/routes/patients.ts' }),
    );
  });

  it('5: reports PII answered without credentials as critical, from the HAR', () => {
    const [f] = find('pii-without-auth', 'GET /api/v1/coverage/{id}');
    expect(f?.severity).toBe('critical');
    expect(f?.evidence).toContainEqual(expect.objectContaining({ source: 'observed', count: 7 }));
    expect(result.conclusion).toBe('failure');
  });

  it('reports the kiosk route the code serves unguarded, from the code alone, on the route line', () => {
    const [f] = find('auth-missing-in-code', 'GET /api/v1/coverage/{id}');
    expect(f?.severity).toBe('critical');
    expect(f?.location).toMatchObject({ file: 'src/routes/coverage.ts', line: 67 });
    const annotation = findingsToAnnotations([f!])[0];
    expect(annotation).toMatchObject({ path: 'src/routes/coverage.ts', start_line: 67, annotation_level: 'failure' });
    expect(result.conclusion).toBe('failure');
  });

  it('reports no other drift', () => {
    const drift = result.findings.filter((f) => !['undocumented-pii', 'pii-in-url'].includes(f.rule));
    expect(drift.map((f) => `${f.rule} ${f.operation}`).sort()).toEqual([
      'auth-missing-in-code GET /api/v1/coverage/{id}',
      'pii-without-auth GET /api/v1/coverage/{id}',
      'undocumented-operation POST /api/v1/appointments/{id}/cancel',
      'undocumented-parameter GET /api/v1/patients',
      'undocumented-response-field GET /api/v1/patients',
      'undocumented-response-field GET /api/v1/patients/{id}',
      'undocumented-response-field POST /api/v1/patients',
      'undocumented-response-field PUT /api/v1/patients/{id}',
      'unimplemented-operation DELETE /api/v1/practitioners/{id}',
    ]);
  });

  it('builds the inventory across the three views', () => {
    const cancel = result.inventory.operations.find(
      (o) => o.method === 'POST' && o.path === '/api/v1/appointments/{id}/cancel',
    );
    expect(cancel?.sources).toEqual(['implemented', 'observed']);
  });
});

describe('specwatch scan on the clinic example', () => {
  it('prints the JSON contract and exits 1', async () => {
    const { code, stdout } = await runSpecwatch(['scan', CLINIC, '--format', 'json']);
    expect(code).toBe(1);
    const json = JSON.parse(stdout) as { findings: Finding[]; summary: Record<string, number> };
    expect(json.summary.critical).toBe(2);
    expect(json.findings.find((f) => f.rule === 'undocumented-operation')?.class).toBeNull();
  }, 60_000);
});
