import { describe, expect, it } from 'vitest';
import { dedupeNotices, type InputNotice, summarizeNotices } from '../../src/model/index.js';
import {
  findingsToSarif,
  renderFindingsMarkdown,
  renderNoticesMarkdown,
  renderPrComment,
} from '../../src/report/index.js';

const notice = (i: number, reason: InputNotice['reason'] = 'not-openapi'): InputNotice => ({
  file: `config/file-${String(i).padStart(2, '0')}.yaml`,
  view: 'documented',
  reason,
  detail: 'no top-level openapi or swagger key',
});

describe('the "not read" account', () => {
  it('lists the telling notices first, a few rejected candidates, and counts the rest per reason', () => {
    // A monorepo: 22 YAML files that are not specs, one spec over the size bound, one source file unreadable.
    const unreadable = { ...notice(40, 'unreadable'), file: 'src/routes/orders.ts', view: 'implemented' as const };
    const notices = [...Array.from({ length: 22 }, (_, i) => notice(i)), notice(30, 'oversized'), unreadable];
    const lines = summarizeNotices(notices);
    expect(lines).toHaveLength(8);
    expect(lines[0]).toMatch(/^config\/file-30\.yaml \(documented\): oversized/);
    expect(lines[1]).toMatch(/^src\/routes\/orders\.ts \(implemented\): unreadable/);
    expect(lines[7]).toBe('… and 17 more (17 not-openapi); --format json lists them all');
    const md = renderNoticesMarkdown(notices);
    expect(md).toContain('### Not read');
    expect(md).toContain('| `config/file-30.yaml` | documented | oversized |');
    expect(md).toContain('| `config/file-04.yaml` | documented | not-openapi |');
    expect(md).not.toContain('file-05.yaml');
    expect(md).toContain('… and 17 more (17 not-openapi)');
  });

  it('lists at most 20 telling notices and counts the rest, rejected candidates included', () => {
    const notices = [...Array.from({ length: 25 }, (_, i) => notice(i, 'unparsable')), notice(40)];
    const lines = summarizeNotices(notices);
    expect(lines).toHaveLength(21);
    expect(lines[20]).toBe('… and 6 more (5 unparsable, 1 not-openapi); --format json lists them all');
  });

  it('keeps two different notices about one line, and drops a notice repeated word for word', () => {
    const at = { file: 'src/app.ts', view: 'implemented' as const, reason: 'unresolved' as const, line: 12 };
    const prefix = { ...at, detail: 'route prefix not resolved: process.env.API_PREFIX' };
    const body = { ...at, detail: 'request body type CreateOrder is defined outside the checkout' };
    expect(dedupeNotices([prefix, body, { ...prefix }])).toEqual([prefix, body]);
  });

  it('never reads as an all-clear in a check summary or a PR comment when something was not read', () => {
    const unread = [
      { ...notice(1), file: 'src/routes/orders.ts', view: 'implemented' as const, reason: 'unreadable' as const },
    ];
    const summary = renderFindingsMarkdown([], { notices: unread });
    expect(summary).not.toContain('No findings.');
    expect(summary).toContain('No findings in what was read');
    expect(summary).toContain('`src/routes/orders.ts` | implemented | unreadable');
    expect(renderFindingsMarkdown([])).toContain('No findings.');
    const comment = renderPrComment({
      changeFindings: [],
      changelog: '',
      driftFindings: [],
      driftSummary: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
      reviews: [],
      headSha: 'abcdef0123',
      notices: unread,
    });
    expect(comment).toContain('### Not read');
    expect(comment).toContain('src/routes/orders.ts');
  });
});

describe('notices in SARIF', () => {
  it('gives each notice a result under its input-* rule, described by the catalogue', () => {
    const notices: InputNotice[] = [
      { file: 'src/app.ts', view: 'implemented', reason: 'unparsable', detail: "syntax error: ';' expected", line: 42 },
      { file: '.', view: 'checkout', reason: 'oversized', detail: 'the budget of one analysis is spent' },
    ];
    const run = (findingsToSarif([], { notices }).runs as Record<string, unknown>[])[0] as {
      tool: { driver: { rules: { id: string; shortDescription: { text: string }; help?: { markdown: string } }[] } };
      results: { ruleId: string; level: string; message: { text: string }; locations?: unknown[] }[];
    };
    expect(run.results.map((r) => [r.ruleId, r.level])).toEqual([
      ['input-unparsable', 'note'],
      ['input-oversized', 'note'],
    ]);
    expect(run.results[0]?.message.text).toBe("src/app.ts:42 (implemented): unparsable — syntax error: ';' expected");
    expect(run.results[0]?.locations).toEqual([
      { physicalLocation: { artifactLocation: { uri: 'src/app.ts' }, region: { startLine: 42 } } },
    ]);
    expect(run.results[1]?.locations).toBeUndefined();
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(['input-oversized', 'input-unparsable']);
    expect(run.tool.driver.rules[1]?.shortDescription.text).toBe(
      'An input is not valid for its format and was not read whole',
    );
    expect(run.tool.driver.rules[1]?.help?.markdown).toContain('syntax error');
  });
});
