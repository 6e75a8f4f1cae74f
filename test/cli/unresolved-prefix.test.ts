import { describe, expect, it } from 'vitest';
import { runSpecwatch } from './run-cli.js';

interface ScanOutput {
  findings: { rule: string; operation: string }[];
}

describe('a route prefix that cannot be resolved', () => {
  it('is said, matched as a wildcard prefix, and never gives an undocumented/unimplemented pair', async () => {
    const dir = 'test/fixtures/code/unresolved-prefix';
    const routes = await runSpecwatch(['routes', dir, '--format', 'json']);
    const ops = (JSON.parse(routes.stdout) as { operations: { path: string; unresolvedPrefix?: string }[] }).operations;
    expect(ops.map((o) => o.unresolvedPrefix)).toEqual(Array(3).fill('process.env.ORDERS_PREFIX'));

    const scan = await runSpecwatch(['scan', dir, '--docs', 'openapi.yaml', '--format', 'json']);
    expect(scan.stderr).toContain('prefix not resolved: process.env.ORDERS_PREFIX at src/orders.js:4');
    const findings = (JSON.parse(scan.stdout) as ScanOutput).findings.map((f) => `${f.rule} ${f.operation}`);
    // Both documented orders operations are matched through the wildcard prefix.
    expect(findings.filter((f) => f.includes('/orders'))).toEqual([]);
    // What truly differs is still reported: the refunds route is served, the invoices one is not.
    expect(findings).toContain('undocumented-operation POST /refunds');
    expect(findings).toContain('unimplemented-operation GET /shop/v2/invoices');
  });
});
