// The drift and change engines: compare surfaces into findings, and policy. The rule catalogue lives in rules/.

export { affectedOperationsText, type ChangeOptions, compareChanges, countChanges } from './compare-changes.js';
export { type CodeChange, compareCodeChanges } from './compare-code-changes.js';
export { basePathMismatchFinding, compareDrift, type DriftOptions, mountGuessDiagnostic } from './compare-drift.js';
export {
  type Conclusion,
  conclude,
  type DismissalRecord,
  findingDigest,
  permanentDismissals,
} from './conclude.js';
export { collectSchemas, docRelativePath } from './doc-fix.js';
export {
  holdBackPartialFindings,
  type PartialViews,
  partialViews,
} from './hold-back-partial.js';
export { type MatchedPair, matchOperations, matchStatus, type OperationMatching } from './match-operations.js';
export { applyPolicy, mergeFindings, type Policy, type PolicyResult, sortFindings } from './policy.js';
export { type Direction, type SchemaChange, type SchemaChangeKind, SchemaDiffer } from './schema-diff.js';
