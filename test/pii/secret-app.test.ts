import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.js';
import { defaultConfig } from '../../src/config/index.js';
import { localRepo } from '../../src/sources/repo/index.js';

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
