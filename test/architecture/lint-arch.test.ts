import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const DEPCRUISE = join(ROOT, 'node_modules', '.bin', 'depcruise');
const { PARTS } = createRequire(import.meta.url)(join(ROOT, 'architecture.cjs')) as {
  PARTS: Record<string, { owns: string; imports: string[] }>;
};

/** `npm run lint:arch` on a copy of the sources: its exit code and its report. */
async function lintArch(dir: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(DEPCRUISE, ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], {
      cwd: dir,
    });
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, out: e.stdout };
  }
}

describe('npm run lint:arch (dependency-cruiser over architecture.cjs)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'specwatch-arch-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails on a queue → jobs arrow, a core part spawning a process, and a circle', async () => {
    for (const f of ['src', 'architecture.cjs', '.dependency-cruiser.cjs', 'tsconfig.json', 'package.json'])
      cpSync(join(ROOT, f), join(dir, f), { recursive: true });
    // A test branch that adds the arrows the architecture forbids.
    writeFileSync(join(dir, 'src/queue/run-analysis.ts'), "export { runJob } from '../jobs/index.js';\n");
    // Even a type-only arrow: the queue knows a job only as a name and a payload.
    writeFileSync(
      join(dir, 'src/queue/job-names.ts'),
      "import type { JobName } from '../jobs/index.js';\nexport type QueuedName = JobName;\n",
    );
    writeFileSync(join(dir, 'src/drift/run-git.ts'), "export { spawnSync } from 'node:child_process';\n");
    writeFileSync(join(dir, 'src/model/loop-a.ts'), "import { b } from './loop-b.js';\nexport const a = () => b;\n");
    writeFileSync(join(dir, 'src/model/loop-b.ts'), "import { a } from './loop-a.js';\nexport const b = () => a;\n");
    const { code, out } = await lintArch(dir);
    expect(code).not.toBe(0);
    expect(out).toMatch(/not-in-allowed: src\/queue\/run-analysis\.ts → src\/jobs\/index\.ts/);
    expect(out).toMatch(/not-in-allowed: src\/queue\/job-names\.ts → src\/jobs\/index\.ts/);
    expect(out).toMatch(/core-without-io: src\/drift\/run-git\.ts → (node:)?child_process/);
    expect(out).toMatch(/no-circular: src\/model\/loop-a\.ts → /);
  }, 240_000);

  it('docs/architecture.md lists every part with what it owns and may import, as architecture.cjs declares', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
    for (const [part, info] of Object.entries(PARTS)) {
      const imports = info.imports.length > 0 ? info.imports.map((i) => `\`${i}\``).join(', ') : '—';
      expect(doc, part).toContain(`| \`${part}/\` | ${info.owns} | ${imports} |`);
    }
    expect(doc).toContain('```mermaid');
  });
});
