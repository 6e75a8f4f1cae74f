import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model/index.js';
import {
  findingsToAnnotations,
  findingsToJson,
  findingsToSarif,
  GITHUB_MARKDOWN_LIMIT,
  renderChangelogMarkdown,
  renderFindingsMarkdown,
  renderFindingsText,
} from '../../src/report/index.js';
import { fingerprintOf } from '../../src/rules/index.js';

const require = createRequire(import.meta.url);

function sample(n: number, extra: Partial<Finding> = {}): Finding {
  return {
    rule: n % 2 === 0 ? 'undocumented-response-field' : 'response-field-removed',
    severity: n % 3 === 0 ? 'high' : 'medium',
    class: n % 2 === 0 ? null : 'breaking',
    operation: `GET /v1/patients/{id}/notes/${n % 40}`,
    location: { file: 'openapi.yaml', line: 10 + n },
    message: `GET /v1/patients/{id}: \`note${n}.text\` — ünïcödé ✂️ <b>not html</b> | pipe`,
    evidence: [
      { source: 'documented', file: 'openapi.yaml', line: 10 + n },
      { source: 'implemented', file: 'src/routes/notes.ts', line: 40, framework: 'express' },
      { source: 'observed', count: 12, firstSeen: '2025-01-01T00:00:00Z', lastSeen: '2025-01-31T00:00:00Z' },
    ],
    fingerprint: fingerprintOf('x', 'GET /v1/patients/{}', String(n)),
    ...extra,
  };
}

/** The SARIF 2.1.0 schema shipped by @microsoft/jest-sarif, a draft-04 document: ajv 8 reads it once `id` is `$id`. */
function sarifValidator() {
  const path = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const text = readFileSync(path, 'utf8');
  const schema = JSON.parse(text) as Record<string, unknown>;
  delete schema.$schema;
  schema.$id = schema.id;
  delete schema.id;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false });
  return ajv.compile(schema);
}

describe('findings reports', () => {
  const findings = Array.from({ length: 12 }, (_, i) => sample(i));

  it('SARIF validates against the SARIF 2.1.0 schema', () => {
    const validate = sarifValidator();
    const log = findingsToSarif([...findings, sample(99, { location: undefined, operation: '*' })], {
      toolVersion: '0.1.0',
    });
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const run = (log.runs as { results: { partialFingerprints: Record<string, string> }[] }[])[0];
    expect(run?.results[0]?.partialFingerprints.specwatchFingerprint).toBe(findings[0]?.fingerprint);
  });

  it('SARIF describes a PII rule from the catalogue: name, help and severity mapping', () => {
    const pii = sample(1, { rule: 'pii-without-auth', severity: 'critical', class: null });
    const log = findingsToSarif([pii]);
    expect(sarifValidator()(log)).toBe(true);
    type SarifRule = {
      id: string;
      name: string;
      shortDescription: { text: string };
      help: { markdown: string };
      defaultConfiguration: { level: string };
      properties: { tags: string[]; 'security-severity': string };
    };
    const rule = (log.runs as { tool: { driver: { rules: SarifRule[] } } }[])[0]?.tool.driver.rules[0];
    expect(rule?.id).toBe('pii-without-auth');
    expect(rule?.name).toBe('PiiWithoutAuth');
    expect(rule?.shortDescription.text).toMatch(/^An operation returns PII\/PHI/);
    expect(rule?.help.markdown).toContain('Default severity: **critical**');
    expect(rule?.help.markdown).toContain('7 × 200 without Authorization');
    expect(rule?.defaultConfiguration.level).toBe('error');
    expect(rule?.properties['security-severity']).toBe('9.5');
    expect(rule?.properties.tags).toEqual(['api', 'pii']);
  });

  it('SARIF of an empty run validates too', () => {
    expect(sarifValidator()(findingsToSarif([]))).toBe(true);
  });

  it('JSON follows the contract: findings and a summary, class null for drift', () => {
    const json = findingsToJson(findings);
    expect(Object.keys(json)).toEqual(['findings', 'summary']);
    expect(json.summary).toEqual({ critical: 0, high: 4, medium: 8, low: 0, info: 0 });
    expect(json.findings[0]?.class).toBeNull();
    expect(Object.keys(json.findings[0] as object)).toEqual([
      'rule',
      'severity',
      'class',
      'operation',
      'location',
      'message',
      'evidence',
      'fingerprint',
    ]);
  });

  it('text has no colour unless asked, and colours when it is', () => {
    const plain = renderFindingsText(findings);
    expect(plain).not.toContain('\u001b[');
    expect(plain).toContain('12 findings: 4 high, 8 medium');
    expect(renderFindingsText(findings, { color: true })).toContain('\u001b[');
  });

  it('Markdown groups by operation in collapsible blocks and escapes HTML', () => {
    const md = renderFindingsMarkdown(findings, { title: 'Specwatch' });
    expect(md).toContain('<details>');
    expect(md).toContain('&lt;b&gt;not html&lt;/b&gt;');
    expect(md.match(/<summary>/g)?.length).toBe(new Set(findings.map((f) => f.operation)).size);
  });

  it('Markdown is capped at 65,535 bytes and says what it left out', () => {
    const many = Array.from({ length: 3000 }, (_, i) => sample(i, { operation: `GET /v1/op/${i}` }));
    const md = renderFindingsMarkdown(many);
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(GITHUB_MARKDOWN_LIMIT);
    expect(md).toMatch(/Truncated to fit GitHub's 65,535-byte limit: \d+ more findings on \d+ operations left out \(/);
    const small = renderFindingsMarkdown(many, { maxBytes: 2000 });
    expect(Buffer.byteLength(small)).toBeLessThanOrEqual(2000);
    expect(small).toContain('left out');
  });

  it('the changelog lists breaking changes first and fits the cap', () => {
    const md = renderChangelogMarkdown([
      {
        title: 'openapi.yaml',
        findings: Array.from({ length: 4000 }, (_, i) => sample(i, { class: i % 2 ? 'breaking' : 'safe' })),
      },
    ]);
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(GITHUB_MARKDOWN_LIMIT);
    expect(md.indexOf('Breaking changes')).toBeGreaterThan(0);
    expect(md).toContain('left out');
  });

  it("the changelog groups an operation's several changes under it", () => {
    const md = renderChangelogMarkdown([
      {
        title: 'openapi.yaml',
        findings: [
          sample(1, { class: 'breaking', operation: 'GET /v1/pets', message: 'GET /v1/pets: `name` removed.' }),
          sample(2, { class: 'breaking', operation: 'GET /v1/pets', message: 'GET /v1/pets: `tag` removed.' }),
        ],
      },
    ]);
    expect(md).toMatch(/- `GET \/v1\/pets`\n {2}- \S+ `name` removed\. .*\n {2}- \S+ `tag` removed\./);
  });

  it('annotations take GitHub check annotation shape', () => {
    const [a] = findingsToAnnotations([sample(3), sample(5, { location: undefined })]);
    expect(a).toMatchObject({ path: 'openapi.yaml', start_line: 13, end_line: 13, annotation_level: 'failure' });
    expect(a?.title).toContain('response-field-removed');
    expect(findingsToAnnotations([sample(5, { location: undefined })])).toEqual([]);
  });

  describe('a change inside a shared schema (one finding, several operations)', () => {
    const operations = ['DELETE /v1/pets/{id}', 'GET /v1/pets', 'GET /v1/pets/{id}', 'POST /v1/pets'];
    const shared = sample(1, {
      rule: 'response-field-enum-widened',
      class: 'potentially-breaking',
      operation: operations[0] as string,
      operations,
      message: '`status` in the schema `Pet`: enum values added: "adopted"; affects 4 operations: …',
    });
    const own = sample(3, { operation: 'GET /v1/pets' });

    it('JSON carries the operations list, after operation', () => {
      const [json] = findingsToJson([shared]).findings;
      expect(json?.operations).toEqual(operations);
      expect(Object.keys(json as object).slice(3, 5)).toEqual(['operation', 'operations']);
      expect(Object.keys(findingsToJson([own]).findings[0] as object)).not.toContain('operations');
    });

    it('Markdown and text show it once, in a shared-schemas group rather than under an operation', () => {
      const md = renderFindingsMarkdown([shared, own]);
      expect(md.match(/<summary>/g)?.length).toBe(2);
      expect(md).toContain('Shared schemas (each change affects several operations)');
      expect(md.match(/enum values added/g)?.length).toBe(1);
      const text = renderFindingsText([shared, own]);
      expect(text.match(/enum values added/g)?.length).toBe(1);
      expect(text).toContain('Shared schemas');
      expect(text).toContain('2 findings');
    });

    it('the changelog row leads with the schema, not the first operation', () => {
      const md = renderChangelogMarkdown([{ title: 'openapi.yaml', findings: [shared] }]);
      expect(md).toContain('- 🟠 `status` in the schema `Pet`');
      expect(md).not.toContain('`DELETE /v1/pets/{id}`');
    });

    it('SARIF lists the operations and does not prefix the first one', () => {
      const log = findingsToSarif([shared]);
      const [result] =
        (log.runs as { results: { message: { text: string }; properties: Record<string, unknown> }[] }[])[0]?.results ??
        [];
      expect(result?.message.text.startsWith('`status`')).toBe(true);
      expect(result?.properties.operations).toEqual(operations);
    });
  });
});
