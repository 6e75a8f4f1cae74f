import { describe, expect, it } from 'vitest';
import { runSpecwatch } from './run-cli.js';

interface ScanOutput {
  findings: {
    rule: string;
    severity: string;
    operation: string;
    subject?: string;
    message: string;
    evidence: { source: string; file?: string; line?: number }[];
  }[];
}

// A Gin service whose API sits under the deployment prefix `/inventory/v1` (a health probe at the root), documented
// by a spec whose server path is `/v1`: the gateway prefix the docs leave out.
const DIR = 'test/fixtures/code/gin-deployment-prefix';

describe('code served under a prefix the docs leave out', () => {
  it('is one base-path-mismatch finding, and the aligned operations are compared field by field', async () => {
    const scan = await runSpecwatch(['scan', DIR, '--docs', 'openapi.yaml', '--format', 'json']);
    const output = JSON.parse(scan.stdout) as ScanOutput;
    const mismatch = output.findings.filter((f) => f.rule === 'base-path-mismatch');
    expect(mismatch).toHaveLength(1);
    expect(mismatch[0]?.severity).toBe('medium');
    expect(mismatch[0]?.message).toContain('under /inventory/v1');
    expect(mismatch[0]?.message).toContain('server path /v1');
    expect(mismatch[0]?.message).toContain('4 operations line up only with that prefix');
    expect(mismatch[0]?.evidence).toEqual([
      { source: 'documented', file: 'openapi.yaml', line: 5 },
      expect.objectContaining({ source: 'implemented', file: 'main.go', line: 18 }),
    ]);
    const rows = output.findings.map((f) => `${f.rule} ${f.operation} ${f.subject ?? ''}`.trim());
    // No operation is reported both undocumented and unimplemented; the probe outside the prefix still is.
    expect(rows.filter((r) => r.includes('items') && /(un)?(documented|implemented)-operation/.test(r))).toEqual([]);
    expect(rows).toContain('undocumented-operation GET /health');
    // Field drift on the aligned pairs, named by the docs' paths.
    expect(rows).toContain('field-type-mismatch GET /v1/items response.200.[].quantity');
    expect(rows).toContain('undocumented-response-field GET /v1/items response.200.[].warehouse');
    expect(rows).toContain('undocumented-response-field POST /v1/items response.201.warehouse');
  });

  it('is described in SARIF like every other rule', async () => {
    const scan = await runSpecwatch(['scan', DIR, '--docs', 'openapi.yaml', '--format', 'sarif']);
    const sarif = JSON.parse(scan.stdout) as {
      runs: { tool: { driver: { rules: { id: string; shortDescription?: { text: string } }[] } } }[];
    };
    const rule = sarif.runs[0]?.tool.driver.rules.find((r) => r.id === 'base-path-mismatch');
    expect(rule?.shortDescription?.text).toContain('prefix the documentation does not declare');
  });

  it('in Express too: PII and auth findings are made on the aligned pairs, under the docs paths', async () => {
    // An Express router mounted at `/crm/api/v2` (a probe at the root), documented under a server path `/api/v2`.
    const dir = 'test/fixtures/code/express-deployment-prefix';
    const scan = await runSpecwatch(['scan', dir, '--docs', 'openapi.yaml', '--format', 'json']);
    const output = JSON.parse(scan.stdout) as ScanOutput;
    const rows = output.findings.map((f) => `${f.rule} ${f.operation} ${f.subject ?? ''}`.trim());
    const mismatch = output.findings.filter((f) => f.rule === 'base-path-mismatch');
    expect(mismatch).toHaveLength(1);
    expect(mismatch[0]?.message).toMatch(/under \/crm\/api\/v2 .* server path \/api\/v2 /);
    expect(rows.filter((r) => /(un)?(documented|implemented)-operation/.test(r))).toEqual([
      'undocumented-operation GET /healthz',
    ]);
    expect(rows).toContain('undocumented-pii GET /api/v2/customers/{id} response.200.email');
    expect(rows).toContain('field-type-mismatch GET /api/v2/customers response.200.[].tier');
    expect(rows.filter((r) => r.startsWith('pii-without-auth'))).toEqual([
      'pii-without-auth GET /api/v2/customers',
      'pii-without-auth GET /api/v2/customers/{id}',
    ]);
  });
});
