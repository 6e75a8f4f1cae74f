import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  type CheckAnnotation,
  completeCheckRun,
  createCheckRun,
  type GitHub,
  OPEN_DOCS_PR_BUTTON,
} from '../../src/github/index.js';
import { isolateNetwork, testGitHub } from './helpers.js';

const ref = { owner: 'acme', repo: 'clinic-api' };
const annotation = (i: number): CheckAnnotation => ({
  path: 'openapi.yaml',
  start_line: i + 1,
  end_line: i + 1,
  annotation_level: 'warning',
  message: `finding ${i}`,
});

describe('check runs', () => {
  let gh: GitHub;
  isolateNetwork();
  beforeEach(async () => {
    gh = await testGitHub();
  });

  it('creates "Specwatch" in progress on the sha', async () => {
    const scope = nock('https://api.github.com')
      .post('/repos/acme/clinic-api/check-runs', (body) => {
        expect(body).toEqual({
          name: 'Specwatch',
          head_sha: 'abc',
          status: 'in_progress',
          started_at: expect.any(String),
          external_id: 'analyse-commit:abc',
        });
        return true;
      })
      .reply(201, { id: 77 });
    expect(await createCheckRun({ gh, ref, sha: 'abc', externalId: 'analyse-commit:abc' })).toBe(77);
    expect(scope.isDone()).toBe(true);
  });

  it('sends annotations 50 per request, completes with the last batch, and caps with a note', async () => {
    const bodies: Record<string, unknown>[] = [];
    const scope = nock('https://api.github.com')
      .patch('/repos/acme/clinic-api/check-runs/77', (body) => {
        bodies.push(body);
        return true;
      })
      .times(3)
      .reply(200, { id: 77 });
    const result = await completeCheckRun({
      gh,
      ref,
      checkRunId: 77,
      conclusion: 'failure',
      title: '130 findings',
      summary: '## Specwatch',
      annotations: Array.from({ length: 130 }, (_, i) => annotation(i)),
      maxAnnotations: 120,
    });
    expect(scope.isDone()).toBe(true);
    expect(result).toEqual({ annotationsSent: 120, annotationsLeftOut: 10, requests: 3 });
    const batches = bodies.map((b) => (b.output as { annotations: CheckAnnotation[] }).annotations.length);
    expect(batches).toEqual([50, 50, 20]);
    expect(bodies[0]).not.toHaveProperty('conclusion');
    expect(bodies[2]).toMatchObject({ status: 'completed', conclusion: 'failure', completed_at: expect.any(String) });
    const summary = (bodies[2]!.output as { summary: string }).summary;
    expect(summary).toContain('10 more annotations not shown');
    expect((bodies[0]!.output as { annotations: CheckAnnotation[] }).annotations[0]).toEqual(annotation(0));
  });

  it('caps the summary in bytes and offers the docs PR button', async () => {
    let body: Record<string, unknown> = {};
    nock('https://api.github.com')
      .patch('/repos/acme/clinic-api/check-runs/77', (b) => {
        body = b;
        return true;
      })
      .reply(200, { id: 77 });
    await completeCheckRun({
      gh,
      ref,
      checkRunId: 77,
      conclusion: 'success',
      title: 'ok',
      summary: 'é'.repeat(40_000),
      actions: [OPEN_DOCS_PR_BUTTON],
    });
    const summary = (body.output as { summary: string }).summary;
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(65_535);
    expect(summary).toMatch(/truncated\)$/);
    expect(body.actions).toEqual([
      { label: 'Open docs PR', description: 'Open a pull request fixing the API docs', identifier: 'open-docs-pr' },
    ]);
    expect(OPEN_DOCS_PR_BUTTON.label.length).toBeLessThanOrEqual(20);
    expect(OPEN_DOCS_PR_BUTTON.description.length).toBeLessThanOrEqual(40);
  });
});
