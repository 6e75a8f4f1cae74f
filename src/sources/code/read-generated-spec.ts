import { type ApiSurface, type Evidence, emptySurface, joinPaths } from '../../model/index.js';
import { readOpenApi } from '../openapi/index.js';
import type { RepoFiles } from '../repo/index.js';
import type { Unparsed } from './extractor.js';

/**
 * Reads the spec a build generates as the implemented view: its operations become implemented operations with
 * evidence framework `generated` at the spec's own lines. The spec's base path is kept unless config sets one.
 */
export async function readGeneratedSpec(
  repo: RepoFiles,
  file: string,
  basePath: string | undefined,
): Promise<{ surface: ApiSurface; unparsed: Unparsed[] }> {
  const read = await readOpenApi(repo, file);
  if (!read.ok) {
    const surface = emptySurface('implemented');
    surface.diagnostics.push(read.error);
    return { surface, unparsed: [{ file, line: read.error.line ?? 1, reason: read.error.message }] };
  }
  const spec = read.surface;
  const surface: ApiSurface = {
    ...spec,
    source: 'implemented',
    basePath: basePath ? joinPaths(basePath) : spec.basePath,
    ...(basePath ? { mount: { servers: [{ basePath: joinPaths(basePath) }], origin: 'override' as const } } : {}),
    operations: spec.operations.map((op) => {
      const doc = op.evidence.find((e) => e.source === 'documented');
      const line = doc && 'line' in doc ? doc.line : (op.location?.line ?? 1);
      const docFile = doc && 'file' in doc ? doc.file : file;
      const evidence: Evidence[] = [{ source: 'implemented', file: docFile, line, framework: 'generated' }];
      return { ...op, evidence, location: { file: docFile, line } };
    }),
  };
  return { surface, unparsed: [] };
}
