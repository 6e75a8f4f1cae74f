import { describe, expect, it } from 'vitest';
import type { InputNotice } from '../../src/model/index.js';
import { renderNoticesMarkdown } from '../../src/report/notices-markdown.js';
import { runSpecwatch } from './run-cli.js';

interface ScanOutput {
  notices?: { file: string; line?: number; view: string; reason: string; detail: string }[];
}

describe('a body whose type is declared in another Go module', () => {
  it('is said to be not compared in every output, per operation, at the line that sends it', async () => {
    // free5gc's AUSF answers its errors with `models.ProblemDetails` from the github.com/free5gc/openapi module,
    // which go.mod requires and the checkout does not hold: those fields cannot be read.
    const dir = 'test/fixtures/real-apps/free5gc-ausf';
    const json = await runSpecwatch(['scan', dir, '--format', 'json']);
    const outside = (JSON.parse(json.stdout) as ScanOutput).notices?.filter((n) =>
      n.detail.includes('outside the checkout'),
    );
    expect(outside?.map((n) => `${n.file}:${n.line} ${n.view} ${n.reason} ${n.detail}`)).toEqual([
      'internal/sbi/api_ueauthentication.go:123 implemented unresolved POST /nausf-auth/v1/ue-authentications/{authCtxId}/eap-session: response body type github.com/free5gc/openapi/models.ProblemDetails is outside the checkout: not compared',
      'internal/sbi/api_ueauthentication.go:158 implemented unresolved POST /nausf-auth/v1/ue-authentications: response body type github.com/free5gc/openapi/models.ProblemDetails is outside the checkout: not compared',
      'internal/sbi/api_ueauthentication.go:192 implemented unresolved PUT /nausf-auth/v1/ue-authentications/{authCtxId}/5g-aka-confirmation: response body type github.com/free5gc/openapi/models.ProblemDetails is outside the checkout: not compared',
    ]);
    expect(json.stderr).toContain(
      'POST /nausf-auth/v1/ue-authentications: response body type github.com/free5gc/openapi/models.ProblemDetails is outside the checkout: not compared',
    );
    // The PR comment and the check run list the same notices under "Not read".
    expect(renderNoticesMarkdown(outside as InputNotice[])).toContain(
      'models.ProblemDetails is outside the checkout: not compared',
    );
  });

  it('names a request body bound from another module, and not a type of the checkout or the standard library', async () => {
    // iam-apiserver binds `v1.Policy` and `v1.Secret` from github.com/marmotedu/api; its own request types (in the
    // checkout) and `metav1` options read through the standard binders are compared as usual.
    const scan = await runSpecwatch(['scan', 'test/fixtures/real-apps-holdout-5/iam-apiserver', '--format', 'json']);
    const outside = (JSON.parse(scan.stdout) as ScanOutput).notices
      ?.filter((n) => n.detail.includes('outside the checkout'))
      .map((n) => n.detail.replace(/ is outside.*/, ''));
    expect(outside).toEqual(
      expect.arrayContaining([
        'POST /v1/policies: request body type github.com/marmotedu/api/apiserver/v1.Policy',
        'PUT /v1/secrets/{name}: request body type github.com/marmotedu/api/apiserver/v1.Secret',
      ]),
    );
    expect(outside?.every((d) => d.includes('github.com/marmotedu/'))).toBe(true);
  });
});
