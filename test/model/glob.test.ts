import { describe, expect, it } from 'vitest';
import { globToRegExp } from '../../src/model/index.js';
import { selectSourceFiles } from '../../src/sources/code/index.js';

describe('config globs (picomatch)', () => {
  it('reads character classes, nested braces and ! negation, and keeps ** and operation labels', () => {
    expect(globToRegExp('specs/[ab].yaml').test('specs/a.yaml')).toBe(true);
    expect(globToRegExp('specs/[ab].yaml').test('specs/c.yaml')).toBe(false);
    expect(globToRegExp('src/{api,v{1,2}}/*.yaml').test('src/v2/pets.yaml')).toBe(true);
    expect(globToRegExp('!**/*.har').test('traffic/a.ndjson')).toBe(true);
    expect(globToRegExp('!**/*.har').test('traffic/a.har')).toBe(false);
    expect(globToRegExp('**/*.har').test('a.har')).toBe(true);
    expect(globToRegExp('**/*.har').test('.captures/x/a.har')).toBe(true);
    expect(globToRegExp('GET /internal/**').test('GET /internal/health/deep')).toBe(true);
    expect(globToRegExp('GET /internal/**').test('POST /internal/health')).toBe(false);
  });

  it('code include/exclude: a bare name matches at any depth, a folder takes everything under it', () => {
    const files = ['src/app.ts', 'src/gen/client.ts', 'lib/gen/x.ts', 'lib/util.ts'];
    expect(selectSourceFiles(files, undefined, ['gen'])).toEqual(['src/app.ts', 'lib/util.ts']);
    expect(selectSourceFiles(files, ['src/'], undefined)).toEqual(['src/app.ts', 'src/gen/client.ts']);
    expect(selectSourceFiles(files, ['src/[a]pp.ts'], undefined)).toEqual(['src/app.ts']);
  });

  it('keeps a folder named test under a file-system routes folder, where it is a path segment, and skips it elsewhere', () => {
    const files = [
      'src/routes/api/triggers/test/[nodeId]/+server.ts',
      'server/api/test/ping.get.ts',
      'src/pages/api/spec.ts',
      'src/test/helpers.ts',
      'test/routes/app.test.ts',
      'src/routes/__tests__/page.ts',
    ];
    expect(selectSourceFiles(files)).toEqual([
      'src/routes/api/triggers/test/[nodeId]/+server.ts',
      'server/api/test/ping.get.ts',
      'src/pages/api/spec.ts',
    ]);
  });
});
