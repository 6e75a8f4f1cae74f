import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSpecwatch } from './run-cli.js';

interface Finding {
  rule: string;
  operation: string;
  severity: string;
  message: string;
}

/**
 * Google's Cloud Endpoints sample: the ESP proxy checks the JWTs and the API key its openapi.yaml configures, and the
 * Flask app behind it checks none, by design. No critical auth finding; each says which gateway line guards it.
 */
describe('scan of an API behind the gateway its spec configures (gcp-endpoints-echo)', () => {
  const dir = 'test/fixtures/real-apps/gcp-endpoints-echo';

  it('reports no critical auth finding, and cites the gateway declaration', async () => {
    const run = await runSpecwatch(['scan', dir, '--docs', `${dir}/openapi.yaml`, '--format', 'json']);
    expect(run.code).toBe(0);
    const findings = (JSON.parse(run.stdout) as { findings: Finding[] }).findings;
    expect(findings.filter((f) => f.severity === 'critical')).toEqual([]);
    expect(findings.filter((f) => f.rule === 'pii-without-auth')).toEqual([]);
    const auth = findings.filter((f) => f.rule === 'auth-missing-in-code');
    expect(auth.map((f) => `${f.operation} ${f.severity}`).sort()).toEqual([
      'GET /auth/info/firebase info',
      'GET /auth/info/googleidtoken info',
      'GET /auth/info/googlejwt info',
      'POST /echo info',
    ]);
    expect(auth.find((f) => f.operation === 'GET /auth/info/firebase')?.message).toContain(
      'security enforced by the gateway declared at openapi.yaml:169 (x-google-issuer, Google Cloud Endpoints / API Gateway)',
    );
  });

  it('reports them critical again with auth.trustGateway: false in .github/specwatch.yml', async () => {
    const checkout = mkdtempSync(join(tmpdir(), 'specwatch-gateway-'));
    try {
      cpSync(dir, checkout, { recursive: true });
      mkdirSync(join(checkout, '.github'));
      writeFileSync(join(checkout, '.github/specwatch.yml'), 'auth:\n  trustGateway: false\n');
      const run = await runSpecwatch(['scan', checkout, '--docs', join(checkout, 'openapi.yaml'), '--format', 'json']);
      expect(run.code).toBe(1);
      const findings = (JSON.parse(run.stdout) as { findings: Finding[] }).findings;
      const auth = findings.filter((f) => f.rule === 'auth-missing-in-code');
      expect(auth.map((f) => f.severity)).toEqual(['critical', 'critical', 'critical', 'critical']);
      expect(auth[0]?.message).toContain('is not trusted (config `auth.trustGateway: false`)');
    } finally {
      rmSync(checkout, { recursive: true, force: true });
    }
  });
});
