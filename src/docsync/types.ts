import type { DocFix } from '../model/index.js';

/** What to do with documented operations the code no longer serves (`docsPr.unimplemented`). */
export type UnimplementedPolicy = 'deprecate' | 'remove' | 'ignore';

/** A fix that was applied (or was already true of the doc: then `changed` is false). */
export interface AppliedFix {
  fix: DocFix;
  /** One line for the commit message and the PR body (markdown). */
  description: string;
  changed: boolean;
  /** Files whose text this fix edits. */
  files: string[];
}

/** A fix that could not be applied, and why. */
export interface SkippedFix {
  fix: DocFix;
  reason: string;
}

/** The new text of one file of the doc set. */
export interface DocPatch {
  /** Path relative to the checkout root. */
  file: string;
  original: string;
  text: string;
  /** Unified diff of `original` → `text` (for display). */
  diff: string;
  /** The fixes that changed this file. */
  changes: AppliedFix[];
}

/** One spec's doc set and the fixes accepted for it. */
export interface FixInput {
  /** Entry file of the spec (the `spec` of its fixes). */
  entry: string;
  /**
   * Text of the files of the doc set, keyed by path relative to the checkout root: the entry and every file its
   * `$ref`s reach (`ApiSurface.files`). Files not given are not edited.
   */
  files: Readonly<Record<string, string>>;
  fixes: readonly DocFix[];
  /** Default `deprecate`: removal happens only when the configuration allows it. */
  unimplemented?: UnimplementedPolicy;
}

/** The outcome for one spec: the changed files only (an empty list when the doc already says it all). */
export interface FixResult {
  entry: string;
  patches: DocPatch[];
  applied: AppliedFix[];
  skipped: SkippedFix[];
}
