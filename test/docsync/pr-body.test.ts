import { describe, expect, it } from 'vitest';
import { applyDocFixes, PR_BODY_LIMIT, renderDocsPrBody } from '../../src/docsync/index.js';
import type { DocFix, Finding } from '../../src/model/index.js';
import { readFixtures } from './helpers.js';

const SPEC = 'petstore.yaml';

function fieldFix(i: number): DocFix {
  return {
    kind: 'add-field',
    spec: SPEC,
    method: 'GET',
    path: '/pets/{petId}',
    in: 'response',
    status: '200',
    mediaType: 'application/json',
    field: `extra${i}`,
    schema: { type: ['string'] },
    required: false,
    schemas: {},
  };
}

function findingOf(fix: DocFix, i: number): Finding {
  return {
    rule: 'undocumented-response-field',
    severity: 'medium',
    class: null,
    operation: 'GET /v2/pets/{petId}',
    message: `GET /v2/pets/{petId}: traffic returns \`extra${i}\` in the 200 response, which the documentation does not list.`,
    evidence: [
      { source: 'documented', file: SPEC, line: 47 },
      { source: 'observed', count: 12 + i, firstSeen: '2024-05-01T10:00:00Z', lastSeen: '2024-05-09T18:00:00Z' },
    ],
    fix,
    fingerprint: `fp${i}`,
  };
}

describe('renderDocsPrBody', () => {
  it('lists each change with its evidence and a reviewer checklist', () => {
    const fixes = [
      fieldFix(1),
      { kind: 'deprecate-operation', spec: SPEC, method: 'DELETE', path: '/pets/{petId}' } as DocFix,
    ];
    const result = applyDocFixes({ entry: SPEC, files: readFixtures(SPEC), fixes });
    const body = renderDocsPrBody(result.patches, [findingOf(fixes[0] as DocFix, 1)]);
    expect(body).toContain(
      '- **Document the field `extra1` of the `200` response of `GET /pets/{petId}`** — `petstore.yaml`',
    );
    expect(body).toContain('observed 13 times between 2024-05-01 and 2024-05-09');
    expect(body).toContain('documented at `petstore.yaml:47`');
    expect(body).toContain('Mark `DELETE /pets/{petId}` deprecated');
    expect(body).toContain('### Reviewer checklist');
    expect(body).toContain('- [ ] ');
  });

  it(`stays under ${PR_BODY_LIMIT} characters and says what it left out`, () => {
    const fixes = Array.from({ length: 300 }, (_, i) => fieldFix(i));
    const findings = fixes.map((f, i) => ({ ...findingOf(f, i), message: `${'long evidence '.repeat(60)}${i}` }));
    const result = applyDocFixes({ entry: SPEC, files: readFixtures(SPEC), fixes });
    const body = renderDocsPrBody(result.patches, findings);
    expect(body.length).toBeLessThanOrEqual(PR_BODY_LIMIT);
    expect(body).toMatch(/\d+ more changes left out of this description/);
    expect(body).toContain('### Reviewer checklist');
  });
});
