import { describe, expect, it } from 'vitest';
import { holdBackPartialFindings, partialViews } from '../../src/drift/index.js';
import type { Finding, InputNotice } from '../../src/model/index.js';
import { fingerprintOf } from '../../src/rules/index.js';

const finding = (rule: string, operation: string): Finding => ({
  rule,
  severity: 'high',
  class: null,
  operation,
  message: `${operation}: ${rule}.`,
  evidence: [],
  fingerprint: fingerprintOf(rule, operation),
});
const notice = (file: string, view: InputNotice['view'], reason: InputNotice['reason']): InputNotice => ({
  file,
  view,
  reason,
  detail: 'x',
});
const express = { read: ['.js', '.ts'], known: ['.js', '.ts', '.py', '.go', '.java'] };

describe('holding back findings a partial view cannot support', () => {
  const findings = [
    finding('unimplemented-operation', 'GET /owners/{id}'),
    finding('undocumented-operation', 'POST /pets'),
    finding('auth-drift', 'GET /pets'),
  ];

  it('an unread source file of the run holds back unimplemented-operation only, naming the file', () => {
    const out = holdBackPartialFindings(
      findings,
      partialViews([notice('src/owners.js', 'implemented', 'unreadable')], express),
    );
    expect(out.map((f) => f.severity)).toEqual(['info', 'high', 'high']);
    expect(out[0]?.message).toContain('not read: src/owners.js (unreadable)');
  });

  it('another language, a binary file or a merged template leaves the code view whole', () => {
    const out = holdBackPartialFindings(
      findings,
      partialViews(
        [
          notice('tools/seed.py', 'implemented', 'unreadable'),
          notice('assets/intro.ts', 'implemented', 'binary'),
          notice('openapi.yaml', 'documented', 'merged'),
        ],
        express,
      ),
    );
    expect(out.map((f) => f.severity)).toEqual(['high', 'high', 'high']);
  });

  it('an unread manifest, an unresolved $ref or a partial checkout could hide anything', () => {
    const code = holdBackPartialFindings(
      findings,
      partialViews([notice('package.json', 'implemented', 'unparsable')], express),
    );
    expect(code[0]?.severity).toBe('info');
    const docs = holdBackPartialFindings(
      findings,
      partialViews([notice('paths/owners.yaml', 'documented', 'unresolved')]),
    );
    expect(docs.map((f) => f.severity)).toEqual(['high', 'info', 'high']);
    const tree = holdBackPartialFindings(findings, partialViews([notice('.', 'checkout', 'oversized')], express));
    expect(tree.map((f) => f.severity)).toEqual(['info', 'info', 'high']);
    expect(tree[1]?.message).toContain('not read: the checkout (oversized)');
  });

  it('names three files and counts the rest', () => {
    const unread = ['a.js', 'b.js', 'c.js', 'd.js', 'e.js'].map((f) => notice(f, 'implemented', 'oversized'));
    const [f] = holdBackPartialFindings(findings.slice(0, 1), partialViews(unread, express));
    expect(f?.message).toContain('not read: a.js (oversized), b.js (oversized), c.js (oversized) and 2 more.');
  });
});
