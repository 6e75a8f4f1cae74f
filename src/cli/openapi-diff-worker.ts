// The worker thread `runOpenApiDiff` starts: loads openapi-diff (an optional dependency) only here, diffs the two
// documents it is given and posts the result back. A real module rather than a script in a string, so it is
// type-checked and linted like the rest.
import { parentPort, workerData } from 'node:worker_threads';

interface Input {
  base: unknown;
  head: unknown;
}

type DiffSpecs = (options: {
  sourceSpec: { content: string; location: string; format: 'openapi3' };
  destinationSpec: { content: string; location: string; format: 'openapi3' };
}) => Promise<Record<string, unknown>>;

async function main(): Promise<void> {
  const { base, head } = workerData as Input;
  let diffSpecs: DiffSpecs;
  try {
    // A CommonJS package: its exports arrive as the default export of the namespace.
    const mod = (await import('openapi-diff')) as unknown as {
      diffSpecs?: DiffSpecs;
      default?: { diffSpecs: DiffSpecs };
    };
    diffSpecs = (mod.diffSpecs ?? mod.default?.diffSpecs) as DiffSpecs;
  } catch {
    parentPort?.postMessage({
      ok: false,
      error: 'openapi-diff is not installed (an optional dependency): `npm install openapi-diff` to get this opinion',
    });
    return;
  }
  const spec = (doc: unknown, location: string) => ({
    content: JSON.stringify(doc),
    location,
    format: 'openapi3' as const,
  });
  try {
    const result = await diffSpecs({ sourceSpec: spec(base, 'base.json'), destinationSpec: spec(head, 'head.json') });
    parentPort?.postMessage({ ok: true, result });
  } catch (error) {
    parentPort?.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) });
  }
}

void main();
