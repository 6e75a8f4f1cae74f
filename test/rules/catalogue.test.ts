import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../src/model/index.js';
import { RULES, RULES_REFERENCE_MARKER, renderRulesReference, rulesOf } from '../../src/rules/index.js';

describe('the rule catalogue', () => {
  it('docs/rules.md is generated from it and current (run `npm run docs:rules` after editing the catalogue)', () => {
    const doc = readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8');
    const at = doc.indexOf(RULES_REFERENCE_MARKER);
    expect(at, 'docs/rules.md lost its generated-part marker').toBeGreaterThan(0);
    expect(doc.slice(at)).toBe(renderRulesReference());
  });

  it('holds every family, each rule with a severity, a one-line summary and help', () => {
    for (const family of ['drift', 'change', 'input', 'pii'] as const)
      expect(rulesOf(family).length).toBeGreaterThan(0);
    expect(rulesOf('pii')).toEqual(expect.arrayContaining(['undocumented-pii', 'pii-without-auth', 'pii-in-url']));
    for (const [id, info] of Object.entries(RULES)) {
      expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(SEVERITIES, id).toContain(info.severity);
      expect(info.summary, id).not.toMatch(/\n|\.$/);
      expect(info.help.trim().length, id).toBeGreaterThan(0);
      expect(info.class === null, id).toBe(info.family !== 'change');
    }
  });
});
