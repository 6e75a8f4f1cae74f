import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocPatch } from '../../src/docsync/index.js';
import type { Operation, Schema } from '../../src/model/index.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'docsync');

/** Reads fixture files, keyed the way a checkout keys them (relative paths). */
export function readFixtures(...files: string[]): Record<string, string> {
  return Object.fromEntries(files.map((f) => [f, readFileSync(join(FIXTURES, f), 'utf8')]));
}

/** The changed lines of a diff (`+`/`-`), without the file header. */
export function changedLines(patch: DocPatch): string[] {
  return patch.diff.split('\n').filter((l) => /^[+-]/.test(l) && !/^(\+\+\+|---) /.test(l));
}

/** Every original line is still there, in order, byte for byte (the patch only adds lines). */
export function keepsEveryLine(patch: DocPatch): boolean {
  const kept = patch.original.split('\n');
  const now = patch.text.split('\n');
  let j = 0;
  for (const line of now) if (j < kept.length && line === kept[j]) j++;
  return j === kept.length;
}

const str = (extra: Partial<Schema> = {}): Schema => ({ type: ['string'], ...extra });

/** An operation as the code extractor and traffic would give it. */
export function inferredOperation(
  method: Operation['method'],
  path: string,
  extra: Partial<Operation> = {},
): Operation {
  return {
    method,
    path,
    parameters: [],
    responses: [
      {
        status: '200',
        headers: {},
        content: { 'application/json': { schema: { type: ['object'], properties: { ok: { type: ['boolean'] } } } } },
      },
    ],
    evidence: [{ source: 'implemented', file: 'src/routes.ts', line: 12, framework: 'express' }],
    location: { file: 'src/routes.ts', line: 12 },
    ...extra,
  };
}

export { str };
