import { describe, expect, it } from 'vitest';
import { applyPolicy, conclude, findingDigest, mergeFindings } from '../../src/drift/index.js';
import type { Finding } from '../../src/model/index.js';
import { fingerprintOf } from '../../src/rules/index.js';

const f = (rule: string, operation: string, severity: Finding['severity'] = 'high'): Finding => ({
  rule,
  severity,
  class: null,
  operation,
  message: `${operation}: ${rule}`,
  evidence: [{ source: 'documented', file: 'openapi.yaml', line: 3 }],
  fingerprint: fingerprintOf(rule, operation),
});

describe('policy', () => {
  const findings = [
    f('undocumented-operation', 'GET /internal/health'),
    f('undocumented-operation', 'GET /v1/pets'),
    f('unobserved-operation', 'GET /v1/pets', 'info'),
  ];

  it('applies severity overrides, off, ignore globs and dismissals, then concludes against failOn', () => {
    expect(conclude(applyPolicy(findings).findings, { failOn: 'high' }).conclusion).toBe('failure');
    const r = applyPolicy(findings, {
      rules: { 'unobserved-operation': 'off', 'undocumented-operation': 'medium' },
      ignore: [{ operation: 'GET /internal/**' }],
    });
    expect(r.findings.map((x) => `${x.operation} ${x.severity}`)).toEqual(['GET /v1/pets medium']);
    expect(r.suppressed).toBe(2);
    expect(conclude(r.findings, { failOn: 'high' })).toMatchObject({ conclusion: 'success', failing: 0 });
    expect(conclude(r.findings, { failOn: 'medium' })).toMatchObject({ conclusion: 'failure', failing: 1 });
    const dismissed = applyPolicy(findings, { dismissed: new Set([findings[1]?.fingerprint as string]) });
    expect(dismissed.findings.length).toBe(2);
    expect(
      applyPolicy(findings, { ignore: [{ rule: 'undocumented-operation', operation: '/v1/**' }] }).findings.length,
    ).toBe(2);
  });

  it('concludes without the findings dismissed until they change, and with them once they changed', () => {
    const [internal, pets] = findings as [Finding, Finding];
    const dismissals = [
      { fingerprint: pets.fingerprint, untilChanged: findingDigest(pets) },
      { fingerprint: internal.fingerprint, untilChanged: null },
    ];
    const held = conclude(findings, { failOn: 'high', dismissals });
    expect(held).toMatchObject({ conclusion: 'success', failing: 0, counts: { high: 0, info: 1 } });
    expect(held.dismissed).toEqual([internal, pets]);
    const changed = { ...pets, message: `${pets.message} (now also 201)` };
    const after = conclude([internal, changed], { failOn: 'high', dismissals });
    expect(after).toMatchObject({ conclusion: 'failure', failing: 1, dismissed: [internal] });
  });

  it('merges findings of the same fingerprint, joining their evidence', () => {
    const a = f('undocumented-parameter', 'GET /v1/pets');
    const b = { ...a, evidence: [{ source: 'observed' as const, count: 3, firstSeen: 'a', lastSeen: 'b' }] };
    const [merged] = mergeFindings([a, b]);
    expect(merged?.evidence.length).toBe(2);
  });

  it('ignores a shared-schema change only when every operation it affects is ignored', () => {
    const shared: Finding = {
      ...f('response-field-enum-widened', 'GET /internal/health', 'medium'),
      operations: ['GET /internal/health', 'GET /v1/pets'],
    };
    expect(applyPolicy([shared], { ignore: [{ operation: 'GET /internal/**' }] }).findings).toHaveLength(1);
    expect(applyPolicy([shared], { ignore: [{ operation: 'GET /**' }] }).findings).toHaveLength(0);
  });

  it('merges the operations of shared-schema findings with one fingerprint (two specs, one schema name)', () => {
    const a: Finding = {
      ...f('response-field-added', 'GET /v1/a', 'low'),
      operations: ['GET /v1/a', 'GET /v1/c'],
      message: '`x` in the schema `Error`: optional field added; affects 2 operations: GET /v1/a, GET /v1/c.',
    };
    const b: Finding = { ...a, operation: 'DELETE /v1/b', operations: ['DELETE /v1/b', 'GET /v1/a'] };
    const [merged] = mergeFindings([a, b]);
    expect(merged?.operations).toEqual(['DELETE /v1/b', 'GET /v1/a', 'GET /v1/c']);
    expect(merged?.operation).toBe('DELETE /v1/b');
    expect(merged?.message).toBe(
      '`x` in the schema `Error`: optional field added; affects 3 operations: DELETE /v1/b, GET /v1/a, GET /v1/c.',
    );
    expect(a.operations).toEqual(['GET /v1/a', 'GET /v1/c']);
  });
});
