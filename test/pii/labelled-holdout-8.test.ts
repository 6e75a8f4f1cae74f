import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatFigures, type LabelledRow, measure, readLabelledSet } from './labelled-set.js';

// The eighth held-out set: fields of eight APIs that no other labelled file holds (Keap's CRM, Netlify, Deel,
// Mercado Pago, Smile ID, HL7 Finland's base profiles, Open Insurance Brasil, the French companies' register search
// (recherche d'entreprises, French field names)), labelled by docs/pii-labelling.md and committed before the
// classifier first ran on them. Held out for three runs; spent now, as sets 3 to 7 are. Origins and labelling choices: SOURCES.md next to the set.
const holdout = readLabelledSet('holdout-8');
const labelledDir = new URL('../fixtures/pii/labelled/', import.meta.url);

// Acceptance goals of issue 17, measured on fields of APIs that no weight or word was tuned on.
const GOAL = { precision: 0.96, recall: 0.92, categoryAgreement: 0.9 };

// The first score, recorded as is (7 December 2026, main at 6b08d24, the classifier of the round before: no PII change
// had landed in this round yet): 326 true positives, 33 false flags, 58 misses, 315 true positives with the right
// category, i.e. precision 0.908, recall 0.849, category right on 96.6 %. The second run, at the end of that round
// (main at 78baa6d, the classifier tuned on tuning-12): 326 true positives, 29 false flags, 58 misses, 315 with the
// right category (0.918 / 0.849 / 96.6 %). The third run, at the end of the round that built set 9 (8 December 2026,
// main at ec93d5f, the classifier tuned on tuning-13): the same 326 / 29 / 58 / 315. The set is spent now that set 9
// is scored; the floor is the third run's. The field-level mistake list is not printed.
const FLOOR = { precision: 326 / 355, recall: 326 / 384, categoryAgreement: 315 / 326 };

describe('held-out PII set 8', () => {
  it('holds only APIs and repositories that no other labelled file holds, with origins, hard cases and negatives', () => {
    // Every other labelled file, whatever its name: a tuning file added later must not share an origin with this set.
    const others = readdirSync(labelledDir)
      .filter((name) => name.endsWith('.ndjson') && name !== 'holdout-8.ndjson')
      .flatMap((name) =>
        readFileSync(new URL(name, labelledDir), 'utf8')
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as LabelledRow),
      );
    const apis = new Set(others.map((r) => r.api));
    const repos = new Set(others.map((r) => r.origin.repo));
    for (const row of holdout) {
      expect(apis.has(row.api), `${row.api} is labelled elsewhere`).toBe(false);
      expect(repos.has(row.origin.repo), `${row.origin.repo} is labelled elsewhere`).toBe(false);
    }
    expect(new Set(holdout.map((r) => r.api)).size).toBeGreaterThanOrEqual(8);
    expect(holdout.length).toBeGreaterThanOrEqual(1200);
    for (const row of holdout) {
      expect(row.split).toBe('holdout-8');
      expect(
        row.origin.repo && row.origin.commit && row.origin.file,
        `${row.api} ${row.path} has no origin`,
      ).toBeTruthy();
    }
    expect(holdout.filter((r) => r.hard !== null).length / holdout.length).toBeGreaterThanOrEqual(0.3);
    expect(holdout.filter((r) => r.hard === 'language').length).toBeGreaterThan(0);
    expect(holdout.filter((r) => !r.label.pii).length).toBeGreaterThan(holdout.length / 2);
  });

  it('prints precision, recall and category agreement per class, hard class and API, and keeps its first score', () => {
    const figures = measure(holdout);
    console.log(
      [
        formatFigures('held-out set 8 (new origins, labelled before the first run)', figures),
        `  goals: precision ≥ ${GOAL.precision}, recall ≥ ${GOAL.recall}, category right on ≥ ${GOAL.categoryAgreement * 100} % of true positives`,
      ].join('\n'),
    );
    expect(figures.precision).toBeGreaterThanOrEqual(FLOOR.precision);
    expect(figures.recall).toBeGreaterThanOrEqual(FLOOR.recall);
    expect(figures.categoryAgreement).toBeGreaterThanOrEqual(FLOOR.categoryAgreement);
  });
});
