import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model/index.js';
import { petSpec } from '../drift/spec-builder.js';
import { runSpecwatch } from './run-cli.js';

const cli = (args: string[], cwd: string) => runSpecwatch(args, { cwd });

describe('specwatch diff', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'specwatch-diff-'));
    const base = petSpec();
    const head = petSpec();
    delete head.paths['/pets/{petId}'].delete;
    head.components.schemas.Pet.properties.color = { type: 'string' };
    writeFileSync(join(dir, 'base.json'), JSON.stringify(base, null, 2));
    writeFileSync(join(dir, 'head.json'), JSON.stringify(head, null, 2));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
    git('init', '-q');
    git('config', 'user.email', 'test@example.org');
    git('config', 'user.name', 'Test');
    mkdirSync(join(dir, 'api'));
    writeFileSync(join(dir, 'api', 'openapi.json'), JSON.stringify(base, null, 2));
    git('add', 'api/openapi.json');
    git('commit', '-q', '-m', 'base');
    git('tag', 'v1');
    writeFileSync(join(dir, 'api', 'openapi.json'), JSON.stringify(head, null, 2));
    git('commit', '-q', '-am', 'head');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('compares two files: JSON contract, exit 1 on a breaking change', async () => {
    const { code, stdout } = await cli(['diff', 'base.json', 'head.json', '--format', 'json'], dir);
    expect(code).toBe(1);
    const json = JSON.parse(stdout) as { findings: Finding[]; summary: Record<string, number> };
    expect(json.findings.map((f) => `${f.rule} ${f.class}`)).toContain('operation-removed breaking');
    expect(json.summary.high).toBeGreaterThan(0);
  });

  it('exits 0 with --fail-on critical', async () => {
    expect((await cli(['diff', 'base.json', 'head.json', '--fail-on', 'critical'], dir)).code).toBe(0);
  });

  it('fails on a change class: breaking, or potentially breaking and worse', async () => {
    expect((await cli(['diff', 'base.json', 'head.json', '--fail-on', 'breaking'], dir)).code).toBe(1);
    // Only a potentially breaking change (an optional response field removed): breaking lets it through.
    const soft = petSpec();
    delete soft.components.schemas.Pet.properties.tag;
    writeFileSync(join(dir, 'soft.json'), JSON.stringify(soft, null, 2));
    expect((await cli(['diff', 'base.json', 'soft.json', '--fail-on', 'breaking'], dir)).code).toBe(0);
    expect((await cli(['diff', 'base.json', 'soft.json', '--fail-on', 'potentially-breaking'], dir)).code).toBe(1);
    expect((await cli(['diff', 'base.json', 'soft.json', '--fail-on', 'nonsense'], dir)).code).toBe(2);
  });

  it('prints a changelog by operation, breaking first, in text and in Markdown', async () => {
    const { stdout } = await cli(['diff', 'base.json', 'head.json'], dir);
    expect(stdout.indexOf('DELETE /v1/pets/{petId}')).toBeLessThan(stdout.indexOf('Shared schemas'));
    expect(stdout).toContain('[BREAKING]');
    expect(stdout).toMatch(/\d+ changes: 1 breaking, 0 potentially breaking, \d+ safe/);
    const md = (await cli(['diff', 'base.json', 'head.json', '--format', 'markdown'], dir)).stdout;
    expect(md.indexOf('Breaking changes')).toBeLessThan(md.indexOf('Other changes'));
    expect(md).toContain('- 🔴 `DELETE /v1/pets/{petId}` was removed');
  });

  it('reads both sides from git revisions without a checkout', async () => {
    const { code, stdout } = await cli(['diff', '--base-ref', 'v1', '--head-ref', 'HEAD', '--format', 'json'], dir);
    expect(code).toBe(1);
    const rules = (JSON.parse(stdout) as { findings: Finding[] }).findings.map((f) => f.rule);
    expect(rules).toContain('operation-removed');
    expect(rules).toContain('response-field-added');
  });

  it('prints the changelog as Markdown and SARIF on request', async () => {
    expect((await cli(['diff', 'base.json', 'head.json', '--format', 'markdown'], dir)).stdout).toContain(
      'Breaking changes',
    );
    const sarif = JSON.parse((await cli(['diff', 'base.json', 'head.json', '--format', 'sarif'], dir)).stdout) as {
      version: string;
    };
    expect(sarif.version).toBe('2.1.0');
  });

  it('exits 2 on bad usage and unreadable input', async () => {
    expect((await cli(['diff', 'base.json'], dir)).code).toBe(2);
    expect((await cli(['diff', 'base.json', 'missing.json'], dir)).code).toBe(2);
    expect((await cli(['diff', '--base-ref', 'no-such-ref'], dir)).code).toBe(2);
    writeFileSync(join(dir, 'broken.yaml'), 'openapi: 3.0.3\npaths:\n  /pets\n    get: {}\n');
    expect((await cli(['diff', 'base.json', 'broken.yaml'], dir)).code).toBe(2);
  });

  it('has --help', async () => {
    const { code, stdout } = await cli(['diff', '--help'], dir);
    expect(code).toBe(0);
    expect(stdout).toContain('--base-ref');
  });
});

describe('specwatch scan', () => {
  it('names the bad config key and exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'specwatch-scan-'));
    mkdirSync(join(dir, '.github'));
    writeFileSync(join(dir, '.github', 'specwatch.yml'), 'failOn: urgent\n');
    const { code, stderr } = await cli(['scan', dir], dir);
    expect(code).toBe(2);
    expect(stderr).toContain('failOn');
    rmSync(dir, { recursive: true, force: true });
  });

  it('has --help', async () => {
    const { code, stdout } = await cli(['scan', '--help'], process.cwd());
    expect(code).toBe(0);
    expect(stdout).toContain('--traffic');
  });
});
