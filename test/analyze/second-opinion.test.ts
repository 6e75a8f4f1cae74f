import { describe, expect, it } from 'vitest';
import { secondOpinion } from '../../src/analyze/index.js';
import { runOpenApiDiff } from '../../src/cli/run-openapi-diff.js';
import { compareChanges } from '../../src/drift/index.js';
import { type Json, petSpec, readSpec } from '../drift/spec-builder.js';

async function opinion(edit: (s: Json) => void) {
  const base = await readSpec(petSpec());
  const headSpec = petSpec();
  edit(headSpec);
  const head = await readSpec(headSpec);
  const findings = compareChanges(base, head);
  return {
    findings,
    // A liveness bound, not a speed bound: openapi-diff is a separate Node process, and on a loaded machine its start
    // alone can take tens of seconds. The time-limit behaviour itself is tested below with a 1 ms limit.
    opinion: await secondOpinion(base, head, findings, { timeoutMs: 120_000, runDiff: runOpenApiDiff }),
  };
}

describe('openapi-diff as a bounded second opinion on body schemas', () => {
  it('agrees that removing a required response field breaks clients', async () => {
    const { opinion: o } = await opinion((s) => {
      delete s.components.schemas.Error.properties.message;
      s.components.schemas.Error.required = [];
    });
    expect(o.compared).toBeGreaterThan(0);
    expect(o.disagreements).toEqual([]);
  }, 150_000);

  it('shows a disagreement: an optional request field added', async () => {
    const { findings, opinion: o } = await opinion(
      (s) => (s.components.schemas.NewPet.properties.shelterId = { type: 'string' }),
    );
    // Ours: safe, clients that do not send it are unaffected. openapi-diff's set theory: constraining a property of an
    // open object narrows the accepted request bodies.
    expect(findings.map((f) => `${f.rule}:${f.class}`)).toEqual(['request-field-added-optional:safe']);
    expect(o.disagreements).toEqual([
      {
        operation: 'POST /v1/pets',
        body: 'request',
        ours: 'not breaking',
        theirs: 'breaking',
        codes: ['request.body.scope.remove'],
      },
    ]);
  }, 150_000);

  it('refuses 3.1 specs and recursive schemas', async () => {
    const spec31 = petSpec();
    spec31.openapi = '3.1.0';
    const s = await readSpec(spec31);
    expect((await secondOpinion(s, s, [], { runDiff: runOpenApiDiff })).skipped).toEqual([
      'openapi-diff reads OpenAPI 2.0/3.0 only',
    ]);
    const base = await readSpec(petSpec());
    const o = await secondOpinion(base, base, [], { runDiff: runOpenApiDiff });
    expect(o.skipped.some((x) => x.includes('recursive'))).toBe(true);
  }, 150_000);
});

describe('the openapi-diff runner', () => {
  it('stops openapi-diff at its time limit and says so', async () => {
    const doc = { openapi: '3.0.3', info: { title: 't', version: '1' }, paths: {} };
    expect(await runOpenApiDiff(doc, doc, 1)).toEqual({ ok: false, error: 'openapi-diff timed out after 1 ms' });
  });
});
