export { applyDocFixes } from './apply-fixes.js';
export { collectDocFixes } from './collect-fixes.js';
export { type DocPlan, type DocPlanAnalysis, type DocPlanConfig, planDocFixes } from './plan-doc-fixes.js';
export { PR_BODY_LIMIT, renderCommitMessage, renderDocsPrBody } from './render-pr-body.js';
export { type SchemaWriteOptions, type SpecFamily, specFamily, toOpenApiSchema } from './to-openapi.js';
export type { AppliedFix, DocPatch, FixInput, FixResult, SkippedFix, UnimplementedPolicy } from './types.js';
