import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatFigures, type LabelledRow, measure, readLabelledSet } from './labelled-set.js';

// The fifth held-out set: fields of eight APIs that no other labelled file holds, half health (HL7 Israel IL Core,
// HL7 Europe Hospital Discharge Report, the US vital records IGs for death (VRDR) and for birth and fetal death
// (BFDR)) and half payments, brokerage, CRM and identity (Lithic card issuing and KYC/KYB, the Alpaca Broker API's
// accounts and CIP checks, Pipedrive CRM, the Auth0 Management API), labelled by docs/pii-labelling.md and committed
// before the classifier first ran on them. It is the acceptance set of issue 17 for the classifier as tuned on every
// earlier file, held-out set 3 and the former held-out set 4 included. Origins: SOURCES.md next to the set.
const holdout = readLabelledSet('holdout-5');
const labelledDir = new URL('../fixtures/pii/labelled/', import.meta.url);

// Acceptance goals of issue 17, measured on fields of APIs that no weight or word was tuned on.
const GOAL = { precision: 0.96, recall: 0.92, categoryAgreement: 0.9 };

// The first score, recorded as is at the first run (7 December 2026, the classifier as tuned on every earlier file,
// held-out set 4 and the eighth tuning file included, main at 5c594c0): 467 true positives, 24 false flags, 120 misses,
// 454 true positives with the right category, i.e. precision 0.951, recall 0.796, category right on 97.2 %. A later
// change may not fall below it; nothing in the labels or the classifier was changed after it. Its misses are described
// by class in docs/pii-labelling.md; the field-level mistake list is not printed, so that nobody tunes on this set.
const FIRST_SCORE = { precision: 467 / 491, recall: 467 / 587, categoryAgreement: 454 / 467 };

describe('held-out PII set 5', () => {
  it('holds only APIs and repositories that no other labelled file holds, with origins, hard cases and negatives', () => {
    // Every other labelled file, whatever its name: a tuning file added later must not share an origin with this set.
    const others = readdirSync(labelledDir)
      .filter((name) => name.endsWith('.ndjson') && name !== 'holdout-5.ndjson')
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
    expect(holdout.length).toBeGreaterThanOrEqual(1000);
    for (const row of holdout) {
      expect(row.split).toBe('holdout-5');
      expect(
        row.origin.repo && row.origin.commit && row.origin.file,
        `${row.api} ${row.path} has no origin`,
      ).toBeTruthy();
      // A personal row names its category (docs/pii-labelling.md).
      if (row.label.pii) expect(row.label.category, `${row.api} ${row.path}`).toBeTruthy();
    }
    expect(holdout.filter((r) => r.hard !== null).length / holdout.length).toBeGreaterThanOrEqual(0.3);
    expect(holdout.filter((r) => !r.label.pii).length).toBeGreaterThan(holdout.length / 3);
    expect(holdout.filter((r) => r.label.pii).length).toBeGreaterThanOrEqual(200);
    // Negatives built to look personal (a merchant's or a hospital's address, a bank's routing number, a verdict
    // named like the field it checks) are part of what the set measures.
    expect(holdout.filter((r) => r.hard === 'precision').length).toBeGreaterThanOrEqual(100);
  });

  it('prints precision, recall and category agreement per class, hard class and API, and keeps its first score', () => {
    const figures = measure(holdout);
    console.log(
      [
        formatFigures('held-out set 5 (new origins, labelled before the first run)', figures),
        `  goals: precision ≥ ${GOAL.precision}, recall ≥ ${GOAL.recall}, category right on ≥ ${GOAL.categoryAgreement * 100} % of true positives`,
      ].join('\n'),
    );
    expect(figures.precision).toBeGreaterThanOrEqual(FIRST_SCORE.precision);
    expect(figures.recall).toBeGreaterThanOrEqual(FIRST_SCORE.recall);
    expect(figures.categoryAgreement).toBeGreaterThanOrEqual(FIRST_SCORE.categoryAgreement);
  });
});
