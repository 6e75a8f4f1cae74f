import { load, YAMLException } from 'js-yaml';
import { FixSkip, sameValue } from './doc-model.js';
import { detectStyle } from './doc-style.js';
import { applySplices, computeSplices, type Splice } from './edit-text.js';
import { planFixes } from './plan-fixes.js';
import type { DocPatch, FixInput, FixResult } from './types.js';
import { renderUnifiedDiff } from './unified-diff.js';
import { YamlLocator } from './yaml-locator.js';

/** Re-planning rounds after a fix fails at the text level (each round drops at least one fix). */
const MAX_ROUNDS = 8;

/**
 * Applies accepted fixes to one spec's doc set and returns one patch per changed file: the new full text and a
 * unified diff. Pure: text in, text out. Untouched lines stay byte-identical; every patched file is re-read and
 * must equal the planned document exactly, or the fixes that touched it are dropped (and listed as skipped).
 * A fix the doc already satisfies changes nothing, so running the same fixes on the patched doc gives no patch.
 */
export function applyDocFixes(input: FixInput): FixResult {
  const unimplemented = input.unimplemented ?? 'deprecate';
  const excluded = new Map<number, string>();
  for (let round = 0; ; round++) {
    const plan = planFixes(input.files, input.entry, input.fixes, unimplemented, excluded);
    const patches: DocPatch[] = [];
    const failed = new Map<number, string>();
    const byFile = new Map<string, typeof plan.model.ops>();
    for (const op of plan.model.ops) {
      const list = byFile.get(op.file) ?? [];
      list.push(op);
      byFile.set(op.file, list);
    }
    for (const [file, ops] of byFile) {
      const original = input.files[file] as string;
      const style = detectStyle(original, /\.json$/i.test(file));
      const locator = new YamlLocator(original);
      let splices: Splice[];
      try {
        splices = computeSplices(original, ops, locator, style);
      } catch (error) {
        if (!(error instanceof FixSkip)) throw error;
        // Which op failed is not known from here: retry op by op to blame the right fix.
        for (const op of ops) {
          try {
            computeSplices(original, [op], locator, style);
          } catch (inner) {
            if (!(inner instanceof FixSkip)) throw inner;
            failed.set(op.fix, `${file}: ${inner.message}`);
          }
        }
        if (failed.size === 0) for (const op of ops) failed.set(op.fix, `${file}: ${error.message}`);
        continue;
      }
      const text = applySplices(original, splices);
      const problem = verify(text, file, plan.model.dataOf(file));
      if (problem !== undefined) {
        for (const op of ops)
          failed.set(op.fix, `${file}: the edited text did not read back as planned (${problem}); left unchanged`);
        continue;
      }
      if (text === original) continue;
      patches.push({
        file,
        original,
        text,
        diff: renderUnifiedDiff(file, original, splices),
        changes: plan.applied.filter((a) => a.files.includes(file)),
      });
    }
    if (failed.size === 0 || round >= MAX_ROUNDS) {
      return {
        entry: input.entry,
        patches: patches.sort((a, b) => a.file.localeCompare(b.file)),
        applied: plan.applied,
        skipped: plan.skipped,
      };
    }
    for (const [index, reason] of failed) excluded.set(index, reason);
  }
}

/**
 * Re-reads a patched file; returns what is wrong, or undefined when it equals the planned data. A plain js-yaml
 * load suffices (and is the fastest reader): the original passed the reader's alias-expansion bound when the model
 * read it, and splices never add an alias.
 */
function verify(text: string, file: string, expected: unknown): string | undefined {
  let data: unknown;
  try {
    data = load(text, { filename: file, json: /\.json$/i.test(file) });
  } catch (error) {
    if (error instanceof YAMLException) return error.message;
    throw error;
  }
  return sameValue(data, expected) ? undefined : 'content differs';
}
