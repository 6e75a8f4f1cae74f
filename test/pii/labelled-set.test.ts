import { describe, expect, it } from 'vitest';
import { formatFigures, measure, readLabelledSet } from './labelled-set.js';

// The labelled set is split BY API: weights and words were tuned on the tuning half only; the test half holds APIs
// (Square, Adyen, PayPal, Onfido, SCIM RFC 7643, Open Finance Brasil, Bundestag DIP, US Core examples) that no
// weight or word list was fitted on, but whose error lists were read while the classifier was built, and whose SCIM
// and FHIR vocabulary the tuning half shares (standard names). The fresh set (French api-particulier, CAMARA KYC) was
// labelled and committed before the classifier first ran on it: it is the figure that says how the classifier
// generalises. docs/pii-labelling.md has the labelling rules and the figures.
const tuning = readLabelledSet('tuning');
const test = readLabelledSet('test');
const fresh = readLabelledSet('fresh');

describe('labelled PII set', () => {
  it('is large, split by API, explained and has its hard cases', () => {
    expect(tuning.length + test.length).toBeGreaterThanOrEqual(400);
    const tuningApis = new Set(tuning.map((r) => r.api));
    for (const row of test) expect(tuningApis.has(row.api), `${row.api} is in both halves`).toBe(false);
    const testApis = new Set(test.map((r) => r.api));
    for (const row of fresh)
      expect(tuningApis.has(row.api) || testApis.has(row.api), `${row.api} of the fresh set is not new`).toBe(false);
    const newRows = test.filter((r) => r.origin.repo !== null && r.origin.commit !== null);
    expect(newRows.length).toBe(test.length);
    expect(test.filter((r) => r.hard !== null).length / test.length).toBeGreaterThanOrEqual(0.3);
    for (const row of [...tuning, ...test])
      expect(row.label.pii || row.label.category !== 'name' || row.hard !== null).toBe(true);
  });

  it('reaches precision ≥ 0.96, recall ≥ 0.92 and the right category on ≥ 90 % on the held-out test half', () => {
    const tuned = measure(tuning);
    const held = measure(test);
    const unseen = measure(fresh);
    console.log(
      [
        formatFigures('tuning half', tuned),
        formatFigures('test half (held out; error lists read during development)', held),
        formatFigures('fresh set (new origins, labelled before the first run)', unseen),
      ].join('\n\n'),
    );
    expect(held.precision, held.mistakes.join('\n')).toBeGreaterThanOrEqual(0.96);
    expect(held.recall, held.mistakes.join('\n')).toBeGreaterThanOrEqual(0.92);
    expect(held.categoryAgreement, held.mistakes.join('\n')).toBeGreaterThanOrEqual(0.9);
  });

  it('keeps precision on the fresh set of APIs it never saw (its recall is printed, not yet at the goal)', () => {
    const unseen = measure(fresh);
    // Measured at its first run: precision 1.000, recall 0.655, category 97.2 %. Its misses (French compound names,
    // identity-document numbers, compound KYC names) are the next work; a mistake list is not printed for it.
    expect(unseen.precision).toBeGreaterThanOrEqual(0.96);
    expect(unseen.categoryAgreement).toBeGreaterThanOrEqual(0.9);
  });
});
