import { readFileSync } from 'node:fs';
import {
  type ClassifierOptions,
  classifyField,
  type FieldClassification,
  type FieldInput,
  type FieldLocation,
  parseFieldPath,
  summarizeValues,
} from '../../src/pii/index.js';

/** One labelled field of the PII set (docs/pii-labelling.md explains the rules behind `label`). */
export interface LabelledRow {
  api: string;
  /**
   * The file the row is in: `tuning`, `test`, `fresh`, `widening`, `tuning-4` … `tuning-13`, the former held-out sets
   * `holdout-4` and `holdout-5`, or a held-out set (`holdout-3`, `holdout-6`, `holdout-7`, `holdout-8`,
   * `holdout-9`).
   */
  split: string;
  operation?: string;
  in?: FieldLocation;
  path: string;
  schema?: string;
  type?: string;
  format?: string;
  examples?: unknown[];
  samples?: unknown[];
  enum?: unknown[];
  pattern?: string;
  structure?: FieldInput['structure'];
  values?: FieldInput['values'];
  label: { pii: boolean; phi: boolean | null; category: string | null; hipaa: string | null; secret?: boolean };
  hard: string | null;
  note?: string;
  origin: { repo: string | null; file: string; commit: string | null };
}

export function readLabelledSet(split: LabelledRow['split']): LabelledRow[] {
  return readFileSync(new URL(`../fixtures/pii/labelled/${split}.ndjson`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as LabelledRow);
}

const parentOf = (path: string): string => path.replace(/(?:\.|^)[^.]+$/, '');

/**
 * The classifier input a row stands for: what a documented schema (type, format, examples, enum, pattern), or a
 * recorded payload (samples, summarised in memory), tells about the field, with its siblings and schema name.
 */
export function toFieldInputs(rows: readonly LabelledRow[]): FieldInput[] {
  const siblings = new Map<string, string[]>();
  const groupOf = (r: LabelledRow): string =>
    `${r.api}\u0000${r.operation ?? ''}\u0000${r.schema ?? ''}\u0000${parentOf(r.path)}`;
  for (const r of rows) {
    const leaf = parseFieldPath(r.path).segments.at(-1) ?? r.path;
    const list = siblings.get(groupOf(r)) ?? [];
    list.push(leaf);
    siblings.set(groupOf(r), list);
  }
  return rows.map((r) => {
    const values = r.values ?? (r.samples ? summarizeValues(r.samples) : undefined);
    const input: FieldInput = {
      path: r.schema ? `${r.schema}.${r.path}` : r.path,
      type: r.type,
      format: r.format,
      enum: r.enum,
      pattern: r.pattern,
      examples: r.examples,
      operation: r.operation,
      location: r.in,
      structure: r.structure,
      siblings: siblings.get(groupOf(r)),
    };
    if (values) input.values = values;
    return input;
  });
}

export interface ClassFigures {
  tp: number;
  fp: number;
  fn: number;
}

export interface SetFigures {
  rows: number;
  precision: number;
  recall: number;
  categoryAgreement: number;
  phiAgreement: number;
  /** True positives whose PHI flag is labelled (the tuning half's older rows carry none). */
  phiLabelled: number;
  byCategory: Map<string, ClassFigures>;
  byHard: Map<string, ClassFigures>;
  byApi: Map<string, ClassFigures>;
  mistakes: string[];
}

const bump = (map: Map<string, ClassFigures>, key: string, field: keyof ClassFigures): void => {
  const figures = map.get(key) ?? { tp: 0, fp: 0, fn: 0 };
  figures[field]++;
  map.set(key, figures);
};

/** Precision and recall of the `pii` verdict, category agreement on true positives, per class, hard class and API. */
export function measure(rows: readonly LabelledRow[], options?: ClassifierOptions): SetFigures {
  const inputs = toFieldInputs(rows);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let agree = 0;
  let phiRight = 0;
  let phiLabelled = 0;
  const byCategory = new Map<string, ClassFigures>();
  const byHard = new Map<string, ClassFigures>();
  const byApi = new Map<string, ClassFigures>();
  const mistakes: string[] = [];
  rows.forEach((row, i) => {
    const result: FieldClassification = classifyField(inputs[i]!, options);
    const want = row.label;
    const hard = row.hard ?? 'plain';
    if (result.pii && want.pii) {
      tp++;
      bump(byCategory, want.category ?? '?', 'tp');
      bump(byHard, hard, 'tp');
      bump(byApi, row.api, 'tp');
      if (result.category === want.category) agree++;
      else mistakes.push(`CAT ${row.api} ${row.path}: ${result.category} ≠ ${want.category}`);
      if (want.phi !== null) {
        phiLabelled++;
        if (result.phi === want.phi) phiRight++;
      }
    } else if (result.pii) {
      fp++;
      bump(byCategory, result.category ?? '?', 'fp');
      bump(byHard, hard, 'fp');
      bump(byApi, row.api, 'fp');
      mistakes.push(
        `FP ${row.api} ${row.operation ?? ''} ${row.path} → ${result.category} [${result.evidence.join(', ')}]`,
      );
    } else if (want.pii) {
      fn++;
      bump(byCategory, want.category ?? '?', 'fn');
      bump(byHard, hard, 'fn');
      bump(byApi, row.api, 'fn');
      mistakes.push(
        `FN ${row.api} ${row.operation ?? ''} ${row.path} (want ${want.category}) [${result.evidence.join(', ')}]`,
      );
    }
  });
  return {
    rows: rows.length,
    precision: tp / Math.max(1, tp + fp),
    recall: tp / Math.max(1, tp + fn),
    categoryAgreement: agree / Math.max(1, tp),
    phiAgreement: phiRight / Math.max(1, phiLabelled),
    phiLabelled,
    byCategory,
    byHard,
    byApi,
    mistakes,
  };
}

const ratio = (a: number, b: number): string => (b === 0 ? '  -  ' : (a / b).toFixed(3));

/** A printable table: one line per class with tp/fp/fn, precision and recall. */
export function formatFigures(title: string, figures: SetFigures): string {
  const lines = [
    `${title}: ${figures.rows} fields, precision ${figures.precision.toFixed(3)}, recall ${figures.recall.toFixed(3)}, category right on ${(figures.categoryAgreement * 100).toFixed(1)} % of true positives, PHI flag right on ${figures.phiLabelled === 0 ? '- (not labelled)' : `${(figures.phiAgreement * 100).toFixed(1)} %`}`,
  ];
  for (const [name, map] of [
    ['class', figures.byCategory],
    ['hard class', figures.byHard],
    ['api', figures.byApi],
  ] as const) {
    for (const [key, f] of [...map.entries()].sort()) {
      lines.push(
        `  ${name.padEnd(10)} ${key.padEnd(24)} tp ${String(f.tp).padStart(3)} fp ${String(f.fp).padStart(3)} fn ${String(f.fn).padStart(3)}  precision ${ratio(f.tp, f.tp + f.fp)} recall ${ratio(f.tp, f.tp + f.fn)}`,
      );
    }
  }
  return lines.join('\n');
}
