import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSpecwatch } from './run-cli.js';

/**
 * `specwatch scan` on the real apps whose truth lists say which operations drift (routes.truth.json `drift`: the
 * committed specs, or the docs written in code, against the routes of the truth): exactly those undocumented and
 * unimplemented operations, and no machinery or hidden route as a finding. Tuning apps of both sets; the held-out
 * sets are not read here.
 */
const ROOTS = ['test/fixtures/real-apps', 'test/fixtures/real-apps-former-holdout'];
const OPERATION_RULES = new Set(['undocumented-operation', 'unimplemented-operation']);

interface Truth {
  machinery: { method: string; path: string }[];
  hidden: { method: string; path: string }[];
  drift?: { docs: string[]; operations: { rule: string; operation: string; severity: string }[] };
}
interface Finding {
  rule: string;
  operation: string;
  severity: string;
}

const apps = ROOTS.flatMap((root) =>
  readdirSync(root).flatMap((app) => {
    try {
      const truth = JSON.parse(readFileSync(join(root, app, 'routes.truth.json'), 'utf8')) as Truth;
      return truth.drift ? [{ app, dir: join(root, app), truth }] : [];
    } catch {
      return [];
    }
  }),
);

describe('scan of real apps', () => {
  it('has apps whose truth says what drifts', () => {
    expect(apps.length).toBeGreaterThanOrEqual(5);
  });

  for (const { app, dir, truth } of apps) {
    it(`${app}: reports exactly the undocumented and unimplemented operations the truth implies`, async () => {
      const docs = truth.drift?.docs ?? [];
      const args = ['scan', dir, ...(docs.length > 0 ? ['--docs', ...docs] : []), '--format', 'json'];
      const { stdout } = await runSpecwatch(args);
      const findings = (JSON.parse(stdout) as { findings: Finding[] }).findings;
      const operations = findings
        .filter((f) => OPERATION_RULES.has(f.rule))
        .map((f) => `${f.rule} ${f.operation} ${f.severity}`)
        .sort();
      const wanted = (truth.drift?.operations ?? []).map((o) => `${o.rule} ${o.operation} ${o.severity}`).sort();
      console.log(`${app}: ${operations.length} operation findings, ${wanted.length} expected`);
      expect(operations).toEqual(wanted);
      for (const m of [...truth.machinery, ...truth.hidden])
        expect(findings.filter((f) => f.operation === `${m.method} ${m.path}`)).toEqual([]);
      // Nothing about operations is high unless the truth says so: no machinery or hidden route ranks as an API one.
      expect(findings.filter((f) => OPERATION_RULES.has(f.rule) && f.severity === 'high').length).toBe(
        wanted.filter((w) => w.endsWith(' high')).length,
      );
    });
  }
});

describe('docs written in code', () => {
  it('@ApiResponse is documentation: it never makes the code "answer" a status', async () => {
    const dir = 'test/fixtures/code/nest-swagger';
    const { stdout } = await runSpecwatch(['scan', dir, '--docs', 'openapi.yaml', '--format', 'json']);
    const findings = (JSON.parse(stdout) as { findings: (Finding & { message: string })[] }).findings;
    expect(findings.some((f) => f.message.includes('the code answers 201'))).toBe(false);
    // The documented view written in code is compared too: its wrong annotation is what disagrees with the code.
    expect(findings.filter((f) => f.rule === 'undocumented-status').map((f) => f.message)).toEqual([
      expect.stringContaining('the code answers 204'),
    ]);
    expect(findings.filter((f) => OPERATION_RULES.has(f.rule))).toEqual([]);
  });
});
