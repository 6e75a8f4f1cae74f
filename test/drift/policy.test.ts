import { describe, expect, it } from 'vitest';
import { applyPolicy, fingerprintOf, mergeFindings } from '../../src/drift/index.js';
import type { Finding } from '../../src/model/index.js';

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

  it('applies severity overrides, off, ignore globs and dismissals, then decides against failOn', () => {
    expect(applyPolicy(findings).conclusion).toBe('failure');
    const r = applyPolicy(findings, {
      rules: { 'unobserved-operation': 'off', 'undocumented-operation': 'medium' },
      ignore: [{ operation: 'GET /internal/**' }],
    });
    expect(r.findings.map((x) => `${x.operation} ${x.severity}`)).toEqual(['GET /v1/pets medium']);
    expect(r.suppressed).toBe(2);
    expect(r.conclusion).toBe('success');
    const dismissed = applyPolicy(findings, { dismissed: new Set([findings[1]?.fingerprint as string]) });
    expect(dismissed.findings.length).toBe(2);
    expect(
      applyPolicy(findings, { ignore: [{ rule: 'undocumented-operation', operation: '/v1/**' }] }).findings.length,
    ).toBe(2);
  });

  it('merges findings of the same fingerprint, joining their evidence', () => {
    const a = f('undocumented-parameter', 'GET /v1/pets');
    const b = { ...a, evidence: [{ source: 'observed' as const, count: 3, firstSeen: 'a', lastSeen: 'b' }] };
    const [merged] = mergeFindings([a, b]);
    expect(merged?.evidence.length).toBe(2);
  });
});
