import { describe, expect, it } from 'vitest';
import { runSpecwatch } from './run-cli.js';

interface ScanOutput {
  findings: { rule: string; operation: string }[];
  notices?: { file: string; line?: number; view: string; reason: string }[];
}

describe('a route prefix that cannot be resolved', () => {
  it('is said, matched as a wildcard prefix, and never gives an undocumented/unimplemented pair', async () => {
    const dir = 'test/fixtures/code/unresolved-prefix';
    const routes = await runSpecwatch(['routes', dir, '--format', 'json']);
    const ops = (JSON.parse(routes.stdout) as { operations: { path: string; unresolvedPrefix?: string }[] }).operations;
    expect(ops.map((o) => o.unresolvedPrefix)).toEqual(Array(3).fill('process.env.ORDERS_PREFIX'));

    const scan = await runSpecwatch(['scan', dir, '--docs', 'openapi.yaml', '--format', 'json']);
    expect(scan.stderr).toContain('prefix not resolved: process.env.ORDERS_PREFIX at src/orders.js:4');
    const output = JSON.parse(scan.stdout) as ScanOutput;
    // A machine reader is told too: the view under that prefix is a guess.
    expect(output.notices?.filter((n) => n.reason === 'unresolved')).toEqual([
      expect.objectContaining({ file: 'src/orders.js', line: 4, view: 'implemented' }),
    ]);
    const findings = output.findings.map((f) => `${f.rule} ${f.operation}`);
    // Both documented orders operations are matched through the wildcard prefix.
    expect(findings.filter((f) => f.includes('/orders'))).toEqual([]);
    // What truly differs is still reported: the refunds route is served, the invoices one is not.
    expect(findings).toContain('undocumented-operation POST /refunds');
    expect(findings).toContain('unimplemented-operation GET /shop/v2/invoices');
  });
});

describe('a Spring mapping placeholder that only a build or deployment profile sets', () => {
  it('is carried as unresolved, said with the file that sets it, and gives no undocumented/unimplemented pair', async () => {
    // `spring.profiles.active: @profileActive@` is filled by Maven at build time, and `shop.api-prefix` is set only
    // in application-dev.yml and application-prod.yml (to different values): the checkout cannot say which one runs.
    const dir = 'test/fixtures/code/spring-unresolved-prefix';
    const routes = await runSpecwatch(['routes', dir, '--format', 'json']);
    const ops = (
      JSON.parse(routes.stdout) as { operations: { method: string; path: string; unresolvedPrefix?: string }[] }
    ).operations;
    expect(ops.map((o) => `${o.method} ${o.path} ${o.unresolvedPrefix ?? '-'}`).sort()).toEqual([
      `GET /orders \${shop.api-prefix} (set only under profile dev in src/main/resources/application-dev.yml)`,
      `GET /orders/{orderId} \${shop.api-prefix} (set only under profile dev in src/main/resources/application-dev.yml)`,
      'POST /refunds -',
    ]);

    const scan = await runSpecwatch(['scan', dir, '--docs', 'openapi.yaml', '--format', 'json']);
    expect(scan.stderr).toContain(
      `prefix not resolved: \${shop.api-prefix} (set only under profile dev in src/main/resources/application-dev.yml) at src/main/java/com/example/shop/OrderController.java:`,
    );
    const output = JSON.parse(scan.stdout) as ScanOutput;
    expect(output.notices?.filter((n) => n.reason === 'unresolved').map((n) => n.view)).toEqual(['implemented']);
    const findings = output.findings.map((f) => `${f.rule} ${f.operation}`);
    expect(findings.filter((f) => f.includes('/orders'))).toEqual([]);
    expect(findings).toContain('undocumented-operation POST /refunds');
    expect(findings).toContain('unimplemented-operation GET /shop/v2/invoices');
  });
});
