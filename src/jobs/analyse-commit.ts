import { otelServiceNames } from '../analyze/index.js';
import type { SpecwatchConfig } from '../config/index.js';
import {
  completeCheckRun,
  DOCS_BRANCH_PREFIX,
  type GitHub,
  OPEN_DOCS_PR_BUTTON,
  type RepoRef,
  readConfigAt,
  readDefaultBranchHead,
  readRepoAt,
  readRunArtifact,
} from '../github/index.js';
import type { RepoFiles } from '../sources/repo/index.js';
import { analyzeWithStore } from './steps/analyze-with-store.js';
import { claimCheckRun } from './steps/check-run-slot.js';
import { failCheckOnConfig, isConfigError } from './steps/config-failure.js';
import { overlayRepo } from './steps/overlay-repo.js';
import { type DocsPrReport, publishDocsPrs, renderDocsPrSection } from './steps/publish-docs.js';
import type { AnalyseCommitData, JobDeps, JobOutcome } from './types.js';

/** Folder a workflow artifact's files are laid under in the analysed checkout. */
const ARTIFACT_ROOT = '.specwatch-artifacts';

/**
 * Analyses one commit and publishes the result: a push, a first scan after installation, a re-run, or a workflow
 * run's artifacts.
 * 1. resolve the commit (the default branch head for a first scan); our own docs branches are never analysed;
 * 2. claim the run and its check run (one per sha; duplicates stop here);
 * 3. read the config at the sha (invalid → failing check naming the key); on the default branch, record the
 *    OpenTelemetry services whose spans the repo's ingest keeps;
 * 4. read the checkout lazily from GitHub, plus the workflow's artifacts when configured;
 * 5. load dismissals and observed traffic from the store;
 * 6. analyse;
 * 7. on the default branch: keep the docs PRs current (or offer the "Open docs PR" button when they are off);
 * 8. complete the check run (summary, annotations, conclusion from `failOn`) and record the run.
 */
export async function analyseCommit(data: AnalyseCommitData, deps: JobDeps): Promise<JobOutcome> {
  const gh = await deps.github(data.installationId);
  const ref: RepoRef = { owner: data.owner, repo: data.repo };
  const repoName = `${data.owner}/${data.repo}`;

  // 1.
  let { branch, sha, defaultBranch } = data;
  if (!branch || !sha) {
    const head = await readDefaultBranchHead({ gh, ref });
    branch = head.branch;
    sha = head.sha;
    defaultBranch = head.branch;
  }
  if (branch.startsWith(DOCS_BRANCH_PREFIX)) return { status: 'skipped', reason: 'own-branch' };

  // 3 (before the check for workflow runs: a run with no configured artifact must not add a check).
  let config: SpecwatchConfig | undefined;
  let configError: unknown;
  try {
    config = (await readConfigAt({ gh, ref, sha })).config;
  } catch (error) {
    if (!isConfigError(error)) throw error;
    configError = error;
  }
  const artifactNames = config ? configuredArtifacts(config) : [];
  if (data.trigger === 'workflow-run' && artifactNames.length === 0)
    return { status: 'skipped', reason: 'no-artifact' };

  // 2.
  const kind = data.trigger === 'workflow-run' ? 'analyse-artifacts' : 'analyse-commit';
  const slot = await claimCheckRun({
    gh,
    store: deps.store,
    ref,
    repo: repoName,
    branch,
    sha,
    kind,
    force: data.force,
    job: { name: 'analyse-commit', data },
  });
  if ('duplicate' in slot)
    return { status: 'skipped', reason: 'duplicate', checkRunId: slot.duplicate.checkRunId ?? undefined };
  const { run, checkRunId } = slot;

  if (!config) {
    if (isConfigError(configError)) await failCheckOnConfig({ gh, ref, checkRunId, error: configError });
    await deps.store.updateRun(run.id, { finishedAt: new Date().toISOString(), conclusion: 'failure' });
    return { status: 'done', reason: 'invalid-config', checkRunId, conclusion: 'failure' };
  }
  const onDefault = defaultBranch === undefined || branch === defaultBranch;
  if (onDefault) await deps.store.setOtelServiceNames(repoName, otelServiceNames(config));

  // 4.
  let repoFiles: RepoFiles = await readRepoAt({ gh, ref, sha, limits: { maxFileBytes: config.limits.maxFileBytes } });
  let trafficFiles: string[] | undefined;
  if (data.workflowRunId !== undefined) {
    const artifacts = await readArtifacts(gh, ref, data.workflowRunId, config);
    repoFiles = overlayRepo(repoFiles, artifacts.files);
    config = artifacts.config;
    trafficFiles = artifacts.trafficFiles;
  }

  // 5. and 6.
  const { analysis, concluded } = await analyzeWithStore({
    deps,
    repoName,
    repo: repoFiles,
    config,
    ...(trafficFiles ? { trafficFiles } : {}),
  });
  const { findings, conclusion } = concluded;

  // 7.
  const plans = onDefault ? await deps.engine.planDocs({ repo: repoFiles, config, analysis, findings }) : [];
  let docsReports: DocsPrReport[] = [];
  if (onDefault && config.docsPr.enabled) {
    docsReports = await publishDocsPrs({
      gh,
      ref,
      base: branch,
      baseSha: sha,
      plans,
      specs: analysis.specs.map((s) => s.file),
      config,
    });
  }
  const offerButton = onDefault && !config.docsPr.enabled && plans.length > 0;

  // 8.
  const rendered = deps.engine.renderCheck({ concluded, analysis });
  const buttonNote = offerButton
    ? '\n\nAutomatic docs PRs are off (`docsPr.enabled: false`): press **Open docs PR** above to open one for this commit.'
    : '';
  await completeCheckRun({
    gh,
    ref,
    checkRunId,
    conclusion,
    title: rendered.title,
    summary: rendered.summary + renderDocsPrSection(docsReports) + buttonNote,
    annotations: rendered.annotations,
    ...(offerButton ? { actions: [OPEN_DOCS_PR_BUTTON] } : {}),
  });
  const docsPr = firstDocsPrNumber(docsReports);
  await deps.store.updateRun(run.id, {
    finishedAt: new Date().toISOString(),
    conclusion,
    counts: concluded.counts,
    ...(docsPr === undefined ? {} : { docsPrNumber: docsPr }),
  });
  return { status: 'done', checkRunId, conclusion, ...(docsPr === undefined ? {} : { docsPr }) };
}

function configuredArtifacts(config: SpecwatchConfig): string[] {
  return [config.code.generatedSpecArtifact, config.traffic.artifact].filter((n): n is string => Boolean(n));
}

/**
 * Downloads the configured artifacts of a workflow run and points the config at them: the generated spec becomes
 * the implemented view, capture files join the observed view.
 */
async function readArtifacts(
  gh: GitHub,
  ref: RepoRef,
  runId: number,
  config: SpecwatchConfig,
): Promise<{ files: Record<string, string>; config: SpecwatchConfig; trafficFiles?: string[] }> {
  const files: Record<string, string> = {};
  let next = config;
  let trafficFiles: string[] | undefined;
  const specName = config.code.generatedSpecArtifact;
  if (specName) {
    const content = await readRunArtifact({ gh, ref, runId, name: specName });
    const entry = content ? pickSpecFile(Object.keys(content), config.code.generatedSpec) : undefined;
    if (content && entry) {
      const path = `${ARTIFACT_ROOT}/${specName}/${entry}`;
      files[path] = content[entry]!;
      next = { ...next, code: { ...next.code, generatedSpec: path } };
    }
  }
  const trafficName = config.traffic.artifact;
  if (trafficName) {
    const content = await readRunArtifact({ gh, ref, runId, name: trafficName });
    trafficFiles = [];
    for (const [name, text] of Object.entries(content ?? {})) {
      if (!/\.(har|ndjson|jsonl)$/i.test(name)) continue;
      const path = `${ARTIFACT_ROOT}/${trafficName}/${name}`;
      files[path] = text;
      trafficFiles.push(path);
    }
  }
  return { files, config: next, ...(trafficFiles ? { trafficFiles } : {}) };
}

/** The artifact file holding the generated spec: the configured file name if present, else the only spec-like file. */
function pickSpecFile(names: string[], configured: string | undefined): string | undefined {
  const base = configured?.split('/').pop();
  if (base && names.includes(base)) return base;
  const specs = names.filter((n) => /\.(json|ya?ml)$/i.test(n));
  return specs.length >= 1 ? specs[0] : undefined;
}

function firstDocsPrNumber(reports: readonly DocsPrReport[]): number | undefined {
  for (const r of reports) {
    if ('outcome' in r && 'number' in r.outcome && typeof r.outcome.number === 'number') return r.outcome.number;
  }
  return undefined;
}
