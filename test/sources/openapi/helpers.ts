import { fileURLToPath } from 'node:url';
import { localRepo } from '../../../src/checkout/index.js';
import type { ApiSurface } from '../../../src/model/index.js';
import { readOpenApi } from '../../../src/sources/openapi/index.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/openapi/', import.meta.url));
export const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/stripe/', import.meta.url));

/** Reads a fixture spec, failing the test with the reader's message when it cannot be read. */
export async function readFixture(file: string): Promise<ApiSurface> {
  const result = await readOpenApi(localRepo(FIXTURES), file);
  if (!result.ok) throw new Error(result.error.message);
  return result.surface;
}

/** A surface without where-it-was-written details, to compare the API itself across spellings. */
export function apiOnly(surface: ApiSurface): unknown {
  return JSON.parse(
    JSON.stringify(
      {
        basePath: surface.basePath,
        servers: surface.servers,
        operations: [...surface.operations].sort((a, b) =>
          `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`),
        ),
        schemas: surface.schemas,
        securitySchemes: surface.securitySchemes,
      },
      // `allOfRefs` records how a schema was composed, which the same API may write either way.
      (key, value) =>
        ['location', 'evidence', 'description', 'summary', 'allOfRefs'].includes(key) ? undefined : value,
    ),
  );
}
