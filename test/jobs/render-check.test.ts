import { describe, expect, it } from 'vitest';
import { conclude } from '../../src/drift/index.js';
import { createCoreEngine } from '../../src/jobs/index.js';
import type { Finding, Severity } from '../../src/model/index.js';
import { fingerprintOf } from '../../src/rules/index.js';

const finding = (operation: string, severity: Severity): Finding => ({
  rule: 'undocumented-operation',
  severity,
  class: null,
  operation,
  message: `${operation} is not documented.`,
  evidence: [{ source: 'implemented', file: 'src/app.ts', line: 3, framework: 'express' }],
  fingerprint: fingerprintOf('undocumented-operation', operation),
});

describe('the check run under failOn', () => {
  const findings = [finding('GET /a', 'high'), finding('GET /b', 'medium'), finding('GET /c', 'low')];
  const render = (failOn: Severity) => createCoreEngine().renderCheck({ concluded: conclude(findings, { failOn }) });

  it('names what fails the check in its title and summary', () => {
    const high = render('high');
    expect(high.title).toBe('1 of 3 findings at or above high');
    expect(high.summary).toContain(
      'The check fails on findings at or above **high** (`failOn`): 1 finding is, so it fails.',
    );
    expect(render('low').title).toBe('3 findings');
  });

  it('says a passing check has findings below failOn, and counts what dismissals hid', () => {
    const critical = createCoreEngine().renderCheck({
      concluded: conclude(findings, {
        failOn: 'critical',
        dismissals: [{ fingerprint: findings[2]!.fingerprint, untilChanged: null }],
      }),
    });
    expect(critical.title).toBe('2 findings, none at or above critical');
    expect(critical.summary).toContain('none here, so it passes.');
    expect(critical.summary).toContain('1 finding dismissed until they change is not shown.');
  });
});
