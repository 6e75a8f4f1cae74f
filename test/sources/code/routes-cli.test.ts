import { describe, expect, it } from 'vitest';
import { extractImplementedSurface } from '../../../src/sources/code/index.js';
import { memoryRepo } from '../../../src/sources/repo/index.js';
import { runSpecwatch } from '../../cli/run-cli.js';

const run = (argv: string[]) => runSpecwatch(argv);

describe('specwatch routes', () => {
  it('prints the implemented view as the JSON contract says', async () => {
    const { code, stdout } = await run(['routes', 'test/fixtures/code/koa', '--format', 'json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { operations: Record<string, unknown>[]; unparsed: unknown[] };
    expect(out.unparsed).toEqual([]);
    expect(out.operations).toContainEqual(
      expect.objectContaining({
        method: 'GET',
        path: '/api/books/{bookId}/reviews',
        file: 'src/routes/reviews.ts',
        line: 4,
        framework: 'koa',
      }),
    );
  });

  it('applies --base-path to every path', async () => {
    const { stdout } = await run(['routes', 'test/fixtures/code/hono', '--format', 'json', '--base-path', '/svc']);
    const paths = (JSON.parse(stdout) as { operations: { path: string }[] }).operations.map((o) => o.path);
    expect(paths).toContain('/svc/api/books/{id}');
  });

  it('lists routes as text and explains itself with --help', async () => {
    const text = await run(['routes', 'test/fixtures/code/nestjs']);
    expect(text.stdout).toMatch(
      /^GET\s+\/api\/v1\/admin\/reports\s+src\/admin\/reports\.controller\.ts:5\s+nestjs\s+auth: none$/m,
    );
    const help = await run(['routes', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--format');
  });

  it('refuses a folder that does not exist', async () => {
    const { code, stderr } = await run(['routes', 'test/fixtures/code/no-such-app']);
    expect(code).toBe(2);
    expect(stderr).toContain('not a folder');
  });
});

describe('generated spec', () => {
  it('reads the spec the build writes as the implemented view', async () => {
    const repo = memoryRepo({
      'build/openapi.json': JSON.stringify({
        openapi: '3.0.3',
        info: { title: 'x', version: '1' },
        paths: { '/pets/{petId}': { get: { responses: { '200': { description: 'ok' } } } } },
      }),
    });
    const result = await extractImplementedSurface(repo, { generatedSpec: 'build/openapi.json' });
    expect(result.frameworks).toEqual(['generated']);
    expect(result.surface.source).toBe('implemented');
    expect(result.surface.operations.map((o) => `${o.method} ${o.path}`)).toEqual(['GET /pets/{petId}']);
    expect(result.surface.operations[0]?.evidence[0]).toMatchObject({
      source: 'implemented',
      framework: 'generated',
      file: 'build/openapi.json',
    });
  });

  it('reports a generated spec that cannot be read', async () => {
    const result = await extractImplementedSurface(memoryRepo({}), { generatedSpec: 'build/openapi.json' });
    expect(result.surface.operations).toEqual([]);
    expect(result.unparsed[0]?.file).toBe('build/openapi.json');
  });
});
