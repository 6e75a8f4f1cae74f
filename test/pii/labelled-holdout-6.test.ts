import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatFigures, type LabelledRow, measure, readLabelledSet } from './labelled-set.js';

// The sixth held-out set: fields of nine APIs that no other labelled file holds (the Clerk Backend API, WorkOS,
// Chargebee, Lob, the Dutch Kadaster's Haal Centraal BRK API, HL7 CARIN Digital Insurance Card, HL7 Europe Laboratory
// Report, HL7 PACIO Advance Directive Interoperability, HL7 Specialty Rx), labelled by docs/pii-labelling.md and
// committed before the classifier first ran on them. Every other set has been read while the classifier was tuned, so this is
// the figure that says how it generalises now. Origins and labelling choices: SOURCES.md next to the set.
const holdout = readLabelledSet('holdout-6');
const labelledDir = new URL('../fixtures/pii/labelled/', import.meta.url);

// Acceptance goals of issue 17, measured on fields of APIs that no weight or word was tuned on.
const GOAL = { precision: 0.96, recall: 0.92, categoryAgreement: 0.9 };

// The first score, recorded as is at the first run (7 December 2026, main at 70fd926): 377 true positives, 46 false
// flags, 87 misses, 368 true positives with the right category, i.e. precision 0.891, recall 0.813, category right on
// 97.6 %. Nothing in the labels changed after it. The seventh set having been scored, this set was run a second time
// at the end of that round (main at 7b23c87), after PII changes tuned on other files: 377 true positives, 43 false
// flags, 87 misses, 367 with the right category (0.898 / 0.813 / 97.3 %: one field's category changed). The set is
// spent from then on (a tuning set like the fifth); the floor is the second run's. Its misses are described by class
// in docs/pii-labelling.md; the field-level mistake list is not printed.
const FLOOR = { precision: 377 / 420, recall: 377 / 464, categoryAgreement: 367 / 377 };

describe('held-out PII set 6', () => {
  it('holds only APIs and repositories that no other labelled file holds, with origins, hard cases and negatives', () => {
    // Every other labelled file, whatever its name: a tuning file added later must not share an origin with this set.
    const others = readdirSync(labelledDir)
      .filter((name) => name.endsWith('.ndjson') && name !== 'holdout-6.ndjson')
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
      expect(row.split).toBe('holdout-6');
      expect(row.origin.repo && row.origin.commit, `${row.api} ${row.path} has no origin`).toBeTruthy();
    }
    expect(holdout.filter((r) => r.hard !== null).length / holdout.length).toBeGreaterThanOrEqual(0.3);
    expect(holdout.filter((r) => r.hard === 'language').length).toBeGreaterThan(0);
    expect(holdout.filter((r) => !r.label.pii).length).toBeGreaterThan(holdout.length / 2);
  });

  it('prints precision, recall and category agreement per class, hard class and API, and keeps its first score', () => {
    const figures = measure(holdout);
    console.log(
      [
        formatFigures('held-out set 6 (new origins, labelled before the first run)', figures),
        `  goals: precision ≥ ${GOAL.precision}, recall ≥ ${GOAL.recall}, category right on ≥ ${GOAL.categoryAgreement * 100} % of true positives`,
      ].join('\n'),
    );
    expect(figures.precision).toBeGreaterThanOrEqual(FLOOR.precision);
    expect(figures.recall).toBeGreaterThanOrEqual(FLOOR.recall);
    expect(figures.categoryAgreement).toBeGreaterThanOrEqual(FLOOR.categoryAgreement);
  });
});
