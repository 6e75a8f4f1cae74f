import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { localRepo } from '../../src/checkout/index.js';
import { RepoAccessError } from '../../src/sources/repo/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function checkout() {
  const base = mkdtempSync(join(tmpdir(), 'sw-local-'));
  dirs.push(base);
  const root = join(base, 'repo');
  mkdirSync(join(root, 'api', 'schemas'), { recursive: true });
  writeFileSync(join(base, 'secret.yaml'), 'token: s3cr3t\n');
  mkdirSync(join(base, 'elsewhere'));
  writeFileSync(join(base, 'elsewhere', 'b.yaml'), 'b: 1\n');
  writeFileSync(join(root, 'api', 'openapi.yaml'), 'openapi: 3.0.0\n');
  writeFileSync(join(root, 'api', 'schemas', 'pet.yaml'), 'type: object\n');
  symlinkSync(join(root, 'api', 'schemas', 'pet.yaml'), join(root, 'api', 'pet-link.yaml'));
  symlinkSync(join(base, 'secret.yaml'), join(root, 'api', 'secret.yaml'));
  symlinkSync(join(base, 'elsewhere'), join(root, 'outside-dir'));
  return root;
}

describe('localRepo', () => {
  it('reads files and links inside the checkout, and refuses links to files or folders outside it', async () => {
    const repo = localRepo(checkout());
    expect(await repo.list()).toEqual([
      'api/openapi.yaml',
      'api/pet-link.yaml',
      'api/schemas/pet.yaml',
      'api/secret.yaml',
      'outside-dir',
    ]);
    expect(await repo.read('api/pet-link.yaml')).toBe('type: object\n');
    expect(await repo.size('api/schemas/../openapi.yaml')).toBe(15);
    expect(await repo.size('api/missing.yaml')).toBeUndefined();
    expect(await repo.readHead?.('api/openapi.yaml', 7)).toEqual({ text: 'openapi', size: 15 });
    for (const path of ['api/secret.yaml', 'outside-dir/b.yaml', '../secret.yaml']) {
      await expect(repo.read(path)).rejects.toMatchObject({ reason: 'escapes-root' });
      await expect(repo.size(path)).rejects.toBeInstanceOf(RepoAccessError);
      await expect(repo.readHead?.(path, 10)).rejects.toMatchObject({ reason: 'escapes-root' });
    }
    await expect(repo.read('api/missing.yaml')).rejects.toMatchObject({ reason: 'not-found' });
  });
});
