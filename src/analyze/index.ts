// The one orchestrator the CLI and the GitHub App call: a checkout in, findings, inventory and conclusion out.

export { type AnalysisResult, type AnalyzeInput, analyze, unreadableSpecFinding } from './analyze.js';
export { type AnalyzeChangeInput, type ChangeResult, analyzeChange } from './analyze-change.js';
