import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatFigures, type LabelledRow, measure, readLabelledSet } from './labelled-set.js';

// The ninth held-out set: fields of eight APIs that no other labelled file holds (Cashfree, an Indian payment gateway;
// Conekta, a Mexican payments API; Dojah, an African identity-verification API; Apideck's unified HRIS API; the Casdoor
// user directory with LDAP; Nuvem Fiscal, Brazilian e-invoicing with Portuguese field names; HL7 Italy's laboratory
// report IG; EasyPost, a shipping API full of addresses and names), labelled by docs/pii-labelling.md and committed
// before the classifier first ran on them. Every other set has been read while the classifier was tuned, so this is the
// figure that says how it generalises now. Origins and labelling choices: SOURCES.md next to the set.
const holdout = readLabelledSet('holdout-9');
const labelledDir = new URL('../fixtures/pii/labelled/', import.meta.url);

// Acceptance goals of issue 17, measured on fields of APIs that no weight or word was tuned on.
const GOAL = { precision: 0.96, recall: 0.92, categoryAgreement: 0.9 };

// The first score, recorded as is (8 December 2026, main at 4cc5a0b, the classifier of 6b6bcec): 372 true positives,
// 54 false flags, 168 misses, 366 true positives with the right category, i.e. precision 0.873, recall 0.689, category
// right on 98.4 %. The second run at the end of the same round (main at ec93d5f), whose PII changes were tuned on
// tuning-13 (chosen for the classes the first run missed, from other origins): 377 true positives, 54 false flags, 163
// misses, 371 with the right category (0.875 / 0.698 / 98.4 %); the floor is the second run's.
const FLOOR = { precision: 377 / 431, recall: 377 / 540, categoryAgreement: 371 / 377 };

describe('held-out PII set 9', () => {
  it('holds only APIs and repositories that no other labelled file holds, with origins, hard cases and negatives', () => {
    // Every other labelled file, whatever its name: a tuning file added later must not share an origin with this set.
    const others = readdirSync(labelledDir)
      .filter((name) => name.endsWith('.ndjson') && name !== 'holdout-9.ndjson')
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
    expect(holdout.length).toBeGreaterThanOrEqual(1400);
    for (const row of holdout) {
      expect(row.split).toBe('holdout-9');
      expect(row.origin.repo && row.origin.commit, `${row.api} ${row.path} has no origin`).toBeTruthy();
    }
    expect(holdout.filter((r) => r.hard !== null).length / holdout.length).toBeGreaterThanOrEqual(0.3);
    for (const hard of ['precision', 'context', 'health', 'compound', 'language', 'value']) {
      expect(holdout.filter((r) => r.hard === hard).length, `no ${hard} rows`).toBeGreaterThan(0);
    }
    expect(holdout.filter((r) => !r.label.pii).length).toBeGreaterThan(holdout.length / 2);
  });

  it('prints precision, recall and category agreement per class, hard class and API, and keeps its first score', () => {
    const figures = measure(holdout);
    console.log(
      [
        formatFigures('held-out set 9 (new origins, labelled before the first run)', figures),
        `  goals: precision ≥ ${GOAL.precision}, recall ≥ ${GOAL.recall}, category right on ≥ ${GOAL.categoryAgreement * 100} % of true positives`,
      ].join('\n'),
    );
    expect(figures.precision).toBeGreaterThanOrEqual(FLOOR.precision);
    expect(figures.recall).toBeGreaterThanOrEqual(FLOOR.recall);
    expect(figures.categoryAgreement).toBeGreaterThanOrEqual(FLOOR.categoryAgreement);
  });
});
