import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { commandModules } from '../../src/cli/commands/index.js';
import { ensureBuilt } from '../e2e/processes.js';
import { runSpecwatch } from './run-cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

// Prints every module the process loads through the ESM loader (our files and the packages they import), on stderr.
const LOAD_HOOK = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(
  'export async function load(url, context, next) { process.stderr.write("loaded " + url + "\\\\n"); return next(url, context); }'));`,
)}`;

// Says on stderr at exit whether the process loaded the TypeScript compiler, which is loaded with `require` (the load
// hook above sees ES modules only).
const TS_PROBE = `data:text/javascript,${encodeURIComponent(
  `import { createRequire } from 'node:module';
const cache = createRequire(process.cwd() + '/').cache;
process.on('exit', () => process.stderr.write('typescript loaded: ' + Object.keys(cache).some((k) => /[\\/]node_modules[\\/]typescript[\\/]/.test(k)) + '\\n'));`,
)}`;

/** The modules a cold `node dist/cli/main.js ARGS` loads, as paths relative to the project (packages by name). */
async function loadedModules(args: string[]): Promise<string[]> {
  const { stderr } = await run(
    process.execPath,
    ['--import', LOAD_HOOK, join(ROOT, 'dist', 'cli', 'main.js'), ...args],
    {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const modules = stderr
    .split('\n')
    .filter((l) => l.startsWith('loaded file:'))
    .map((l) => {
      const path = decodeURIComponent(l.slice('loaded file://'.length));
      const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
      return pkg ? (pkg[1] as string) : path.slice(path.indexOf('/dist/') + 1);
    });
  return [...new Set(modules)];
}

/** Packages a command that only reads a spec has no use for: code parsers, the App, the store, config, editors. */
const HEAVY = [
  'typescript',
  'web-tree-sitter',
  '@vscode/tree-sitter-wasm',
  'probot',
  '@octokit/rest',
  'better-sqlite3',
  'pg',
  'ioredis',
  'bullmq',
  'zod',
  'yaml',
  'protobufjs',
];

describe('commands load on use', () => {
  it('lists every command in --help from its summary, as the loaded command describes itself', async () => {
    const help = await runSpecwatch(['--help']);
    expect(help.code).toBe(0);
    for (const c of commandModules) {
      const program = new Command('specwatch');
      (await c.load())(
        program,
        { stdout() {}, stderr() {}, stdin: process.stdin, cwd: ROOT, env: {}, isTTY: false },
        () => {},
      );
      const loaded = program.commands.find((cmd) => cmd.name() === c.name);
      expect(loaded?.description(), c.name).toBe(c.summary);
      expect(help.stdout).toMatch(new RegExp(`^  ${c.name} `, 'm'));
    }
  });

  it("shows a command's full help through `help NAME` and suggests a command for a typo", async () => {
    const help = await runSpecwatch(['help', 'inventory']);
    expect(help.stdout).toContain('--traffic <files...>');
    const typo = await runSpecwatch(['invntory']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('Did you mean inventory?');
  });

  it('loads no command for --version, and no code parser, App, store or config schema for inventory of a spec', async () => {
    await ensureBuilt();
    const version = await loadedModules(['--version']);
    expect(version.filter((m) => m.startsWith('dist/cli/commands/') && !m.endsWith('/index.js'))).toEqual([]);
    expect(version.filter((m) => !m.startsWith('dist/'))).toEqual(['commander']);
    const inventory = await loadedModules(['inventory', 'examples/clinic-api/openapi.yaml', '--format', 'json']);
    expect(inventory).toContain('dist/cli/commands/inventory.js');
    expect(inventory.filter((m) => HEAVY.includes(m))).toEqual([]);
    expect(inventory.filter((m) => /^dist\/(sources\/code|analyze|config|docsync|app|github|store)\//.test(m))).toEqual(
      [],
    );
  }, 300_000);

  it('loads the TypeScript compiler for `routes` of a JavaScript checkout only', async () => {
    await ensureBuilt();
    const routes = async (dir: string) => {
      const { stdout, stderr } = await run(
        process.execPath,
        ['--import', TS_PROBE, join(ROOT, 'dist', 'cli', 'main.js'), 'routes', dir, '--format', 'json'],
        { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
      );
      return { stdout, typescript: /typescript loaded: (true|false)/.exec(stderr)?.[1] };
    };
    const python = await routes('test/fixtures/code/fastapi');
    expect(python.stdout).toContain('/admin/stats');
    expect(python.typescript).toBe('false');
    const express = await routes('test/fixtures/code/express');
    expect(express.stdout).toContain('/api/articles/feed');
    expect(express.typescript).toBe('true');
  }, 300_000);

  it('loads no config schema, PII classifier, doc editor or code parser for a diff of two spec files', async () => {
    await ensureBuilt();
    const spec = 'examples/clinic-api/openapi.yaml';
    const diff = await loadedModules(['diff', spec, spec, '--format', 'json']);
    expect(diff).toContain('dist/cli/commands/diff.js');
    expect(diff.filter((m) => HEAVY.includes(m))).toEqual([]);
    expect(diff.filter((m) => /^dist\/(sources\/code|config|pii|docsync|app|github|store)\//.test(m))).toEqual([]);
  }, 300_000);
});
