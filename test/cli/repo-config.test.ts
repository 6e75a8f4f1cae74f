import { describe, expect, it } from 'vitest';
import { loadChangeConfig } from '../../src/cli/repo-config.js';
import { defaultConfig } from '../../src/config/index.js';
import { memoryRepo } from '../../src/sources/repo/index.js';

describe('the change-check settings of a checkout', () => {
  it('are the config defaults when the repository has no config file', async () => {
    const { failOn, rules, ignore } = defaultConfig();
    expect(await loadChangeConfig(memoryRepo({ 'openapi.yaml': 'openapi: 3.0.3\n' }))).toEqual({
      failOn,
      rules,
      ignore,
    });
  });

  it('come from .github/specwatch.yml when there is one', async () => {
    const repo = memoryRepo({
      '.github/specwatch.yml':
        'failOn: low\nrules:\n  operation-removed: medium\nignore:\n  - operation: GET /internal/**\n    reason: private\n',
    });
    expect(await loadChangeConfig(repo)).toEqual({
      failOn: 'low',
      rules: { 'operation-removed': 'medium' },
      ignore: [{ operation: 'GET /internal/**', reason: 'private' }],
    });
  });
});
