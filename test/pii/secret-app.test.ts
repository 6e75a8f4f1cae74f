import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.js';
import { localRepo } from '../../src/checkout/index.js';
import { defaultConfig } from '../../src/config/index.js';

const APP = join(import.meta.dirname, '../fixtures/pii/secret-app');

describe('a public route returning a joined user entity with its password hash', () => {
  it('gets a critical secret-in-response and fails the check', async () => {
    const result = await analyze({ repo: localRepo(APP), config: defaultConfig() });
    const secrets = result.findings.filter((f) => f.rule === 'secret-in-response');
    expect(secrets.map((f) => [f.operation, f.severity])).toEqual([['GET /api/articles', 'critical']]);
    expect(secrets[0]!.message).toContain('author.password');
    expect(secrets[0]!.evidence).toContainEqual(expect.objectContaining({ source: 'implemented', file: 'src/app.ts' }));
    expect(result.conclusion).toBe('failure');
  }, 60_000);
});

describe('a password hash seen in traffic under a neutral name', () => {
  it('gets a critical secret-in-response from the value shapes alone', async () => {
    const repo = join(import.meta.dirname, '../fixtures/pii/secret-traffic');
    const result = await analyze({ repo: localRepo(repo), config: defaultConfig() });
    const secrets = result.findings.filter((f) => f.rule === 'secret-in-response');
    expect(secrets).toHaveLength(1);
    expect(secrets[0]).toMatchObject({ severity: 'critical' });
    expect(secrets[0]!.message).toContain('profile.hash');
    expect(secrets[0]!.message).toContain('password hash');
    expect(secrets[0]!.evidence.some((e) => e.source === 'observed')).toBe(true);
    expect(JSON.stringify(result)).not.toContain('$argon2id$v=19$m=65536,t=3,p=4$c2Fsd');
    expect(result.conclusion).toBe('failure');
  }, 60_000);
});
