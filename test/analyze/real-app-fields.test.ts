import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.js';
import { localRepo } from '../../src/checkout/index.js';
import { defaultConfig } from '../../src/config/index.js';
import type { Finding } from '../../src/model/index.js';
import { appsWithTruth, FIELD_RULES, fieldFindingKey, ratio } from '../sources/code/real-app-scoring.js';

/**
 * Field-level findings of `scan` on real open-source backends, scored against a hand-made truth per app
 * (`fields.truth.json`, written by reading each app's code): per rule precision and recall, printed, and the
 * thresholds the field-level drift issue promises.
 */

const APPS = join(import.meta.dirname, '../fixtures/real-apps');

interface TruthFinding {
  rule: string;
  operation: string;
  subject: string;
  confidence: 'certain' | 'likely';
  why: string;
}

interface Truth {
  app: string;
  /** The committed document, or each of them when the app serves several APIs (one spec per server). */
  spec: string | string[];
  /**
   * The operations the truth covers, when the kept files and the spec hold more than were read (a few routers of a
   * large app): findings on other operations are not scored.
   */
  scoredOperations?: string[];
  findings: TruthFinding[];
}

interface Score {
  truePositives: number;
  reported: number;
  expected: number;
}

const apps = appsWithTruth(APPS, 'fields.truth.json');

describe('field-level findings on real apps', () => {
  const reported = new Map<string, Finding[]>();
  const truths = new Map<string, Truth>();

  beforeAll(async () => {
    for (const app of apps) {
      const truth = JSON.parse(readFileSync(join(APPS, app, 'fields.truth.json'), 'utf8')) as Truth;
      truths.set(app, truth);
      const result = await analyze({
        repo: localRepo(join(APPS, app)),
        config: defaultConfig(),
        docs: [truth.spec].flat(),
      });
      reported.set(
        app,
        result.findings.filter((f) => FIELD_RULES.has(f.rule)),
      );
    }
  }, 120_000);

  it('has at least three apps with a field truth', () => {
    expect(apps.length).toBeGreaterThanOrEqual(3);
  });

  it('names the subject and the confidence of every field-level finding', () => {
    for (const findings of reported.values()) {
      for (const f of findings) {
        expect(f.subject, `${f.rule} ${f.operation}`).toBeTypeOf('string');
        expect(['certain', 'likely']).toContain(f.confidence);
      }
    }
  });

  it('scores precision ≥ 0.95 and recall ≥ 0.8 over all apps, with per-rule figures', () => {
    const perRule = new Map<string, Score>();
    const score = (rule: string) => {
      let s = perRule.get(rule);
      if (s === undefined) {
        s = { truePositives: 0, reported: 0, expected: 0 };
        perRule.set(rule, s);
      }
      return s;
    };
    const lines: string[] = [];
    for (const app of apps) {
      const truth = truths.get(app) as Truth;
      const expected = new Set(truth.findings.map((t) => fieldFindingKey(t.rule, t.operation, t.subject)));
      const inScope = new Set((truth.scoredOperations ?? []).map((op) => fieldFindingKey('', op, '')));
      const got = new Set(
        (reported.get(app) ?? [])
          .filter(
            (f) => truth.scoredOperations === undefined || inScope.has(fieldFindingKey('', f.operation ?? '', '')),
          )
          .map((f) => fieldFindingKey(f.rule, f.operation ?? '', f.subject ?? '')),
      );
      for (const t of truth.findings) score(t.rule).expected++;
      for (const k of got) {
        const rule = k.split('|')[0] as string;
        score(rule).reported++;
        if (expected.has(k)) score(rule).truePositives++;
        else lines.push(`  false ${app}: ${k}`);
      }
      for (const k of expected) if (!got.has(k)) lines.push(`  missed ${app}: ${k}`);
    }
    const total: Score = { truePositives: 0, reported: 0, expected: 0 };
    const table = [...perRule.entries()].sort().map(([rule, s]) => {
      total.truePositives += s.truePositives;
      total.reported += s.reported;
      total.expected += s.expected;
      return `  ${rule.padEnd(28)} precision ${ratio(s.truePositives, s.reported).toFixed(2)} (${s.truePositives}/${s.reported})  recall ${ratio(s.truePositives, s.expected).toFixed(2)} (${s.truePositives}/${s.expected})`;
    });
    const precision = ratio(total.truePositives, total.reported);
    const recall = ratio(total.truePositives, total.expected);
    console.log(
      [
        `field-level findings on ${apps.length} real apps (${apps.join(', ')}):`,
        ...table,
        `  ${'all'.padEnd(28)} precision ${precision.toFixed(2)} (${total.truePositives}/${total.reported})  recall ${recall.toFixed(2)} (${total.truePositives}/${total.expected})`,
        ...lines,
      ].join('\n'),
    );
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.8);
    // Per rule too: one well-scored rule must not hide a rule that is mostly wrong or mostly blind.
    for (const [rule, s] of perRule) {
      expect(ratio(s.truePositives, s.reported), `${rule} precision`).toBeGreaterThanOrEqual(0.95);
      expect(ratio(s.truePositives, s.expected), `${rule} recall`).toBeGreaterThanOrEqual(0.8);
    }
  });
});
