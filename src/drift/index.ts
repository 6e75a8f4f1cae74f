// The drift and change engines: compare surfaces into findings, the rule catalogue, and policy.

export { affectedOperationsText, type ChangeOptions, compareChanges, countChanges } from './compare-changes.js';
export { compareDrift, type DriftOptions } from './compare-drift.js';
export { collectSchemas, docRelativePath } from './doc-fix.js';
export { fingerprintOf } from './fingerprint.js';
export { type MatchedPair, matchOperations, matchStatus, type OperationMatching } from './match-operations.js';
export { applyPolicy, mergeFindings, type Policy, type PolicyResult, sortFindings } from './policy.js';
export { RULES, type RuleFamily, type RuleId, type RuleInfo, ruleInfo, rulesOf } from './rules.js';
export { type Direction, type SchemaChange, type SchemaChangeKind, SchemaDiffer } from './schema-diff.js';
