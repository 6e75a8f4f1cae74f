// The one orchestrator the CLI and the GitHub App call: a checkout in, findings, inventory and conclusion out.

export {
  type AnalysisResult,
  type AnalyzeInput,
  analyze,
  otelServiceNames,
  readImplementedSurface,
  unreadableSpecFinding,
} from './analyze.js';
export {
  type AnalyzeChangeInput,
  analyzeChange,
  analyzeSpecChanges,
  type ChangePolicyInput,
  type ChangeResult,
} from './analyze-change.js';
export {
  type Disagreement,
  type OpenApiDiffEntry,
  type OpenApiDiffRunner,
  type SecondOpinion,
  type SecondOpinionInput,
  type SecondOpinionOptions,
  secondOpinion,
} from './second-opinion.js';
