import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { dump } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, InputNotice } from '../../src/model/index.js';
import { petSpec } from '../drift/spec-builder.js';
import { runSpecwatch } from './run-cli.js';

const clinic = fileURLToPath(new URL('../../examples/clinic-api/', import.meta.url));

/** The pet spec with its keys sorted, as generators of published specs write them: `openapi` comes last-but-one. */
function sortedSpecYaml(): string {
  return dump(petSpec(), { sortKeys: true, lineWidth: -1 });
}

describe('never silent', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'specwatch-silent-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const folder = (name: string, files: Record<string, string | Buffer>): string => {
    const dir = join(root, name);
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    mkdirSync(dir, { recursive: true });
    return dir;
  };

  it('reads a sorted spec whole beside bad files and names each bad file once, with its reason', async () => {
    const spec = sortedSpecYaml();
    expect(spec.indexOf('openapi:')).toBeGreaterThan(spec.indexOf('components:'));
    const dir = folder('mixed', {
      'published/api-description.yaml': spec,
      'broken.yaml': 'key: [unclosed\n  - x: :\n',
      'huge.json': `{"openapi":"3.0.0","x":"${'a'.repeat(300_000)}"}`,
      'deploy/values.yaml': 'replicas: 2\nimage: app\n',
      '.github/specwatch.yml': 'limits:\n  maxFileBytes: 200000\n',
    });
    const run = await runSpecwatch(['inventory', dir, '--no-code', '--format', 'json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as { operations: unknown[]; notices: InputNotice[] };
    const documented = Object.values(petSpec().paths as Record<string, object>).flatMap((item) =>
      Object.keys(item).filter((k) => ['get', 'put', 'post', 'delete', 'patch'].includes(k)),
    );
    expect(json.operations.length).toBe(documented.length);
    expect(json.notices.map((n) => [n.file, n.reason])).toEqual([
      ['broken.yaml', 'not-openapi'],
      ['deploy/values.yaml', 'not-openapi'],
      ['huge.json', 'oversized'],
    ]);
    for (const file of ['broken.yaml', 'deploy/values.yaml', 'huge.json'])
      expect(run.stderr.split(file).length - 1).toBe(1);
    expect(run.stderr).toMatch(/huge\.json \(documented\): oversized — \d+ bytes is over the 200000-byte file limit/);
  });

  it('does not call an empty folder or a folder of non-OpenAPI YAML clean', async () => {
    for (const dir of [folder('empty', {}), folder('yaml-only', { 'config.yaml': 'a: 1\n' })]) {
      const run = await runSpecwatch(['scan', dir]);
      expect(run.code).toBe(2);
      expect(run.stdout).not.toContain('No findings.');
      expect(run.stderr).toMatch(/nothing to compare/);
      expect(run.stderr).toMatch(/not-found — no OpenAPI\/Swagger description/);
      const json = await runSpecwatch(['scan', dir, '--format', 'json']);
      expect(json.code).toBe(2);
      expect((JSON.parse(json.stdout) as { notices: InputNotice[] }).notices[0]?.reason).toBe('not-found');
      // Markdown is what gets posted as a comment: it says nothing was compared and what was looked for.
      const markdown = await runSpecwatch(['scan', dir, '--format', 'markdown']);
      expect(markdown.code).toBe(2);
      expect(markdown.stdout).toContain('**Nothing was compared**');
      expect(markdown.stdout).toMatch(/### Not read[\s\S]*\| `\.` \| documented \| not-found \|/);
    }
  });

  it('exits 2 when a spec named with --docs is not OpenAPI', async () => {
    const dir = folder('named-bad', { 'notes.yaml': 'title: release notes\n' });
    const run = await runSpecwatch(['scan', dir, '--docs', join(dir, 'notes.yaml')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/notes\.yaml.*not-openapi/);
  });

  it('trusts a spec the user names outside the folder, and keeps its $refs inside its own folder', async () => {
    const spec = petSpec();
    spec.paths['/pets'].get.responses['200'] = { $ref: '../../secret.yaml#/x' };
    const docs = folder('elsewhere/docs', { 'openapi.json': JSON.stringify(spec) });
    const app = folder('app', { 'README.md': '# app\n' });
    const run = await runSpecwatch(['scan', app, '--docs', join(docs, 'openapi.json'), '--format', 'json'], {
      cwd: root,
    });
    expect(run.stderr).not.toMatch(/leaves the repository root.*openapi\.json/);
    const json = JSON.parse(run.stdout) as { findings: Finding[]; notices: InputNotice[] };
    expect(json.findings.some((f) => f.rule === 'spec-unreadable')).toBe(false);
    expect(json.notices.some((n) => n.reason === 'rejected' || n.reason === 'unresolved')).toBe(true);
    // Relative to the current folder, like --traffic.
    const relative = await runSpecwatch(['scan', 'app', '--docs', 'elsewhere/docs/openapi.json'], { cwd: root });
    expect(relative.stderr).toMatch(/scanned 1 spec/);
  });

  it('gives the same clinic findings from clinic.har and clinic.har.gz', async () => {
    const plain = join(root, 'clinic-plain');
    const gz = join(root, 'clinic-gz');
    cpSync(clinic, plain, { recursive: true });
    cpSync(clinic, gz, { recursive: true });
    const har = join(gz, 'traffic', 'clinic.har');
    writeFileSync(`${har}.gz`, gzipSync(readFileSync(har)));
    rmSync(har);
    const a = await runSpecwatch(['scan', plain, '--format', 'json', '--fail-on', 'critical']);
    const b = await runSpecwatch(['scan', gz, '--format', 'json', '--fail-on', 'critical']);
    const findings = (r: { stdout: string }) => (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
    expect(findings(a).some((f) => f.rule === 'pii-without-auth')).toBe(true);
    expect(findings(b)).toEqual(findings(a));
    expect(b.code).toBe(a.code);
    expect(a.code).toBe(1);
  });
});
