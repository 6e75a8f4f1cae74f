import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localRepo } from '../../src/checkout/index.js';
import { applyDocFixes } from '../../src/docsync/index.js';
import type { ApiSurface, Diagnostic, DocFix } from '../../src/model/index.js';
import { readOpenApi } from '../../src/sources/openapi/index.js';
import { memoryRepo } from '../../src/sources/repo/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const STRIPE = join(ROOT, '..', 'shared', 'corpus', 'stripe');

/** Fixes that say what the doc already says: applying them must change no byte. */
function fixesFromSurface(surface: ApiSurface, limit = Number.POSITIVE_INFINITY): DocFix[] {
  const spec = surface.entry as string;
  const fixes: DocFix[] = [];
  for (const op of surface.operations.slice(0, limit)) {
    const target = { spec, method: op.method, path: op.path };
    fixes.push({ kind: 'add-operation', ...target, operation: op, schemas: {} });
    for (const parameter of op.parameters) fixes.push({ kind: 'add-parameter', ...target, parameter, schemas: {} });
    for (const response of op.responses) {
      fixes.push({ kind: 'add-response', ...target, response, schemas: {} });
      for (const [mediaType, media] of Object.entries(response.content)) {
        const schema = media.schema?.$ref !== undefined ? surface.schemas[media.schema.$ref] : media.schema;
        for (const [field, prop] of Object.entries(schema?.properties ?? {})) {
          fixes.push({
            kind: 'add-field',
            ...target,
            in: 'response',
            status: response.status,
            mediaType,
            field,
            schema: prop,
            required: false,
            schemas: {},
          });
          if (prop.pii)
            fixes.push({ kind: 'mark-pii', ...target, in: 'response', status: response.status, field, pii: prop.pii });
        }
      }
    }
    if (op.deprecated) fixes.push({ kind: 'deprecate-operation', ...target });
  }
  return fixes;
}

function listSpecs(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.(ya?ml|json)$/i.test(entry.name)) continue;
    const file = join(entry.parentPath, entry.name);
    if (/(^|\n)\s*"?(openapi|swagger)"?\s*:/.test(readFileSync(file, 'utf8').slice(0, 4000))) out.push(file);
  }
  return out;
}

async function roundTrip(root: string, entry: string, limit?: number): Promise<void> {
  const read = await readOpenApi(localRepo(root), entry);
  // Deliberately broken fixtures (other suites test the reader on them) have nothing to patch.
  if (!read.ok) return;
  const surface = read.surface;
  const files = Object.fromEntries(surface.files.map((f) => [f, readFileSync(join(root, f), 'utf8')]));
  const fixes = fixesFromSurface(surface, limit);
  const result = applyDocFixes({ entry, files, fixes });
  expect(result.patches).toEqual([]);
  expect(result.applied.filter((a) => a.changed)).toEqual([]);
  expect(result.skipped).toEqual([]);
  expect(fixes.length).toBeGreaterThan(0);
}

function errorsWithoutLines(diagnostics: readonly Diagnostic[]): Omit<Diagnostic, 'line'>[] {
  return diagnostics
    .filter((d) => d.level === 'error')
    .map(({ line: _line, ...d }) => ({ ...d, message: d.message.replace(/:\d+: /, ': ') }));
}

describe('round trip: fixes the doc already satisfies leave every byte as it was', () => {
  const fixtures = join(ROOT, 'test', 'fixtures');
  for (const file of listSpecs(fixtures)) {
    const entry = relative(fixtures, file).split('\\').join('/');
    it(entry, async () => roundTrip(fixtures, entry));
  }
  it('examples/clinic-api/openapi.yaml', async () => roundTrip(join(ROOT, 'examples', 'clinic-api'), 'openapi.yaml'));

  const stripe = existsSync(STRIPE) ? readdirSync(STRIPE).filter((f) => /\.ya?ml$/.test(f)) : [];
  it.skipIf(stripe.length === 0)(
    'Stripe corpus',
    async () => {
      for (const file of stripe) await roundTrip(STRIPE, file, 150);
    },
    60_000,
  );
});

describe('round trip with edits: every spec takes a new operation and a new field, re-reads with them, and a second run is a no-op', () => {
  const fixtures = join(ROOT, 'test', 'fixtures');
  const specs = [
    ...listSpecs(fixtures).map((f) => ({ root: fixtures, entry: relative(fixtures, f).split('\\').join('/') })),
    { root: join(ROOT, 'examples', 'clinic-api'), entry: 'openapi.yaml' },
  ];
  for (const { root, entry } of specs) {
    it(entry, async () => {
      const read = await readOpenApi(localRepo(root), entry);
      if (!read.ok) return;
      const files = Object.fromEntries(read.surface.files.map((f) => [f, readFileSync(join(root, f), 'utf8')]));
      const probe: DocFix = {
        kind: 'add-operation',
        spec: entry,
        method: 'GET',
        path: '/specwatch-probe/{probeId}',
        operation: {
          method: 'GET',
          path: '/specwatch-probe/{probeId}',
          parameters: [{ name: 'probeId', in: 'path', required: true, schema: { type: ['string'] } }],
          responses: [
            { status: '200', headers: {}, content: { 'application/json': { schema: { $ref: 'SpecwatchProbe' } } } },
          ],
          evidence: [],
        },
        schemas: {
          SpecwatchProbe: {
            type: ['object'],
            properties: { seenAt: { type: ['null', 'string'], format: 'date-time' } },
          },
        },
      };
      const result = applyDocFixes({ entry, files, fixes: [probe] });
      expect(result.skipped).toEqual([]);
      const patched = { ...files };
      for (const p of result.patches) {
        patched[p.file] = p.text;
        const kept = p.original.split('\n');
        let j = 0;
        for (const line of p.text.split('\n')) if (j < kept.length && line === kept[j]) j++;
        expect(j).toBe(kept.length);
      }
      const reread = await readOpenApi(memoryRepo(patched), entry);
      if (!reread.ok) throw new Error(reread.error.message);
      const op = reread.surface.operations.find((o) => o.path === '/specwatch-probe/{probeId}');
      expect(op?.responses[0]?.status).toBe('200');
      // The edit may add lines above an error the doc already had, so errors are compared where they are not
      // (code, file and message without its line): no new one, none lost.
      expect(errorsWithoutLines(reread.surface.diagnostics)).toEqual(errorsWithoutLines(read.surface.diagnostics));
      expect(applyDocFixes({ entry, files: patched, fixes: [probe] }).patches).toEqual([]);
    });
  }
});
