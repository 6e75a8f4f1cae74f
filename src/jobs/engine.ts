import type { AnalysisResult, ChangeResult } from '../analyze/index.js';
import type { SpecwatchConfig } from '../config/index.js';
import type { DocPlan } from '../docsync/index.js';
import type { Conclusion } from '../drift/index.js';
import type { Finding } from '../model/index.js';
import type { RepoFiles } from '../sources/repo/index.js';
import type { ShapeAccumulator } from '../sources/traffic/index.js';

/** What the core's `analyze()` and `analyzeChange()` return. */
export type { AnalysisResult, ChangeResult };

/** The check run's rendered output. */
export interface CheckRender {
  title: string;
  summary: string;
  annotations: Array<{
    path: string;
    start_line: number;
    end_line: number;
    annotation_level: 'notice' | 'warning' | 'failure';
    message: string;
    title?: string;
  }>;
}

/**
 * The pure core as the jobs see it: analysis, change analysis, doc patching and rendering. The App and the Action
 * bind the real core ({@link createCoreEngine}); unit tests of the GitHub side may bind small fakes.
 */
export interface Engine {
  analyze(input: {
    repo: RepoFiles;
    config: SpecwatchConfig;
    trafficFiles?: string[];
    observedShapes?: readonly ShapeAccumulator[];
    dismissed?: Set<string>;
  }): Promise<AnalysisResult>;
  analyzeChange(input: {
    base: RepoFiles;
    head: RepoFiles;
    config: SpecwatchConfig;
    /** The head's implemented view from its drift analysis, so the code is read once per side. */
    implementedHead?: AnalysisResult['implemented'];
  }): Promise<ChangeResult>;
  /** Doc patches for the fixable findings (docsync's `planDocFixes`), one plan per spec that changes. */
  planDocs(input: {
    repo: RepoFiles;
    config: SpecwatchConfig;
    analysis: AnalysisResult;
    findings: Finding[];
  }): Promise<DocPlan[]>;
  /** The check run's title, summary Markdown and annotations for a conclusion: `failOn` shapes title and summary. */
  renderCheck(input: { concluded: Conclusion; analysis?: AnalysisResult }): CheckRender;
}
