import { describe, expect, it } from 'vitest';
import { discoverSpecs } from '../../../src/sources/openapi/index.js';
import { memoryRepo } from '../../../src/sources/repo/index.js';

const spec = (title: string) => `openapi: 3.0.3\ninfo:\n  title: ${title}\n  version: "1"\npaths: {}\n`;

describe('discoverSpecs', () => {
  it('finds specs by name and by folder, skipping dependencies, vendored code and test fixtures', async () => {
    const repo = memoryRepo({
      'openapi.yaml': spec('Root'),
      'services/billing/swagger.json':
        '{\n  "swagger": "2.0",\n  "info": {"title": "Billing", "version": "1"},\n  "paths": {}\n}\n',
      'docs/api/claims.yml': spec('Claims'),
      'api-docs/eligibility.yaml': spec('Eligibility'),
      'openapi/paths/patients.yaml': 'get:\n  responses:\n    "200": {description: ok}\n',
      'node_modules/some-lib/openapi.yaml': spec('Dependency'),
      'vendor/github.com/x/openapi.yaml': spec('Vendored'),
      'test/fixtures/openapi.yaml': spec('Fixture'),
      'config/app.yaml': 'port: 8080\n',
      'package.json': '{"name": "x"}',
    });
    const { specs, skipped } = await discoverSpecs(repo);
    expect(specs).toEqual([
      'api-docs/eligibility.yaml',
      'docs/api/claims.yml',
      'openapi.yaml',
      'services/billing/swagger.json',
    ]);
    expect(skipped).toEqual([
      { file: 'openapi/paths/patients.yaml', reason: 'not an OpenAPI document (no top-level openapi or swagger key)' },
    ]);
  });

  it('skips files over the size limit with the reason', async () => {
    const repo = memoryRepo({ 'openapi.yaml': spec('Big') + `x-padding: "${'a'.repeat(4000)}"\n` });
    const { specs, skipped } = await discoverSpecs(repo, { maxFileBytes: 1024 });
    expect(specs).toEqual([]);
    expect(skipped[0]?.reason).toMatch(/size limit/);
  });
});
