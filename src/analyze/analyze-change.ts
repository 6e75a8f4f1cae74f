import type { SpecwatchConfig } from '../config/index.js';
import {
  applyPolicy,
  type ChangeOptions,
  type CodeChange,
  compareChanges,
  compareCodeChanges,
  conclude,
  mergeFindings,
  sortFindings,
} from '../drift/index.js';
import {
  type ApiSurface,
  alignToDocs,
  type Diagnostic,
  documentedViews,
  emptySurface,
  type Finding,
  type SeveritySummary,
} from '../model/index.js';
import { renderChangelogMarkdown } from '../report/index.js';
import type { ImplementedSurfaceResult } from '../sources/code/index.js';
import { readDocumentedSurfaces, type SpecReadResult } from '../sources/openapi/index.js';
import type { RepoFiles } from '../sources/repo/index.js';
import { readImplementedSurface, unreadableSpecFinding } from './analyze.js';

/** Input of {@link analyzeChange}: the two sides of a pull request and the head's config. */
export interface AnalyzeChangeInput {
  base: RepoFiles;
  head: RepoFiles;
  config: SpecwatchConfig;
  /** Spec entry files or globs, overriding config `docs` and discovery (on both sides). */
  docs?: string[];
  /** Fingerprints the user dismissed. */
  dismissed?: Set<string>;
  /** The head's implemented view when the caller already read it (the App's drift analysis did). */
  implementedHead?: ImplementedSurfaceResult;
}

/** What a pull request changes in the documented API, and in the implemented one. */
export interface ChangeResult {
  /** After policy; most severe first. */
  findings: Finding[];
  summary: SeveritySummary;
  conclusion: 'success' | 'failure';
  /** Markdown changelog (breaking first), ready for a PR comment; capped to GitHub's comment size. */
  changelog: string;
  /** Spec pairs compared, by entry path (`base` absent for a new spec, `head` for a deleted one). */
  pairs: { base?: string; head?: string }[];
  diagnostics: Diagnostic[];
  /**
   * Operations the change adds to or changes in the code (config `code.enabled`), named by the head's docs; each is
   * a new or changed operation for the design review even when the docs did not move.
   */
  codeChanges?: CodeChange[];
  /** The head's implemented view lined up with its docs (the code's auth per operation for the design review). */
  implementedHead?: ApiSurface;
}

function pairSpecs(base: SpecReadResult[], head: SpecReadResult[]): { base?: SpecReadResult; head?: SpecReadResult }[] {
  const pairs: { base?: SpecReadResult; head?: SpecReadResult }[] = [];
  const headByFile = new Map(head.map((s) => [s.file, s]));
  const unpairedBase: SpecReadResult[] = [];
  for (const b of base) {
    const h = headByFile.get(b.file);
    if (h) {
      pairs.push({ base: b, head: h });
      headByFile.delete(b.file);
    } else unpairedBase.push(b);
  }
  const unpairedHead = [...headByFile.values()];
  // One spec on each side that moved: a rename, not a deletion plus a new API.
  if (unpairedBase.length === 1 && unpairedHead.length === 1) {
    pairs.push({ base: unpairedBase[0], head: unpairedHead[0] });
    return pairs;
  }
  for (const b of unpairedBase) pairs.push({ base: b });
  for (const h of unpairedHead) pairs.push({ head: h });
  return pairs;
}

/** Policy inputs shared by {@link analyzeChange} and {@link analyzeSpecChanges}. */
export interface ChangePolicyInput {
  config: Pick<SpecwatchConfig, 'failOn' | 'rules' | 'ignore'>;
  dismissed?: Set<string>;
  /** Lifecycle options of the comparison (the day sunsets are judged on, a sunset grace period). */
  lifecycle?: Pick<ChangeOptions, 'today' | 'minSunsetDays'>;
}

/**
 * Classifies the changes between two sets of read specs (paired by entry path; a lone spec on each side is a
 * rename). The CLI's `diff FILE FILE` comes here directly.
 */
export function analyzeSpecChanges(
  baseSpecs: SpecReadResult[],
  headSpecs: SpecReadResult[],
  input: ChangePolicyInput,
): ChangeResult {
  const { config } = input;
  const diagnostics: Diagnostic[] = [];
  const raw: Finding[] = [];
  const pairs: { base?: string; head?: string }[] = [];
  const sections: { title: string; findings: Finding[] }[] = [];
  for (const pair of pairSpecs(baseSpecs, headSpecs)) {
    pairs.push({ ...(pair.base ? { base: pair.base.file } : {}), ...(pair.head ? { head: pair.head.file } : {}) });
    if (pair.head && !pair.head.ok) {
      diagnostics.push(pair.head.error);
      raw.push(unreadableSpecFinding(pair.head));
      continue;
    }
    if (pair.base && !pair.base.ok) {
      diagnostics.push({ ...pair.base.error, level: 'warning', message: `base: ${pair.base.error.message}` });
      continue;
    }
    const baseSurface: ApiSurface = pair.base?.ok ? pair.base.surface : emptySurface('documented');
    const headSurface: ApiSurface = pair.head?.ok ? pair.head.surface : emptySurface('documented');
    const found = compareChanges(baseSurface, headSurface, input.lifecycle ?? {});
    raw.push(...found);
    sections.push({ title: pair.head?.file ?? pair.base?.file ?? 'spec', findings: found });
  }
  const policy = applyPolicy(mergeFindings(raw), {
    rules: config.rules,
    ignore: config.ignore,
    ...(input.dismissed ? { dismissed: input.dismissed } : {}),
  });
  const findings = sortFindings(policy.findings);
  const concluded = conclude(findings, { failOn: config.failOn });
  const changelog = renderChangelogMarkdown(
    sections.map((s) => {
      const mine = new Set(s.findings.map((f) => f.fingerprint));
      return { title: s.title, findings: findings.filter((f) => mine.has(f.fingerprint)) };
    }),
  );
  return {
    findings,
    summary: concluded.counts,
    conclusion: concluded.conclusion,
    changelog,
    pairs,
    diagnostics,
  };
}

/**
 * The change analysis of a pull request: reads the documented view of both sides, pairs specs by entry path, and
 * classifies every difference (breaking / potentially-breaking / safe). An unreadable head spec fails with
 * `spec-unreadable`; an unreadable base spec only costs the comparison (a diagnostic).
 */
export async function analyzeChange(input: AnalyzeChangeInput): Promise<ChangeResult> {
  const { config } = input;
  const docs = input.docs ?? config.docs;
  const options = { ...(docs ? { docs } : {}), limits: config.limits };
  const [baseRead, headRead] = await Promise.all([
    readDocumentedSurfaces(input.base, options),
    readDocumentedSurfaces(input.head, options),
  ]);
  const result = analyzeSpecChanges(baseRead.specs, headRead.specs, input);
  if (!config.code.enabled) return result;
  // Both code views are named by the head's docs, so an operation keeps one name across the change and the inventory.
  const [baseCode, headCode] = await Promise.all([
    readImplementedSurface(input.base, config).catch((error: unknown) => error),
    input.implementedHead ?? readImplementedSurface(input.head, config).catch((error: unknown) => error),
  ]);
  if (headCode instanceof Error || !isImplemented(headCode)) return result;
  const headDocs = documentedViews(
    headRead.specs.flatMap((s) => (s.ok ? [s.surface] : [])),
    headCode.codeDocs,
  );
  const head = alignToDocs(headCode.surface, headDocs).surface;
  result.implementedHead = head;
  if (!isImplemented(baseCode)) {
    // Without the base's code every head route would read as new: say so and review only the docs' changes.
    result.diagnostics.push({
      level: 'warning',
      code: 'code-unreadable',
      message: `base source code could not be read (${baseCode instanceof Error ? baseCode.message : String(baseCode)}): the design review covers the docs' changes only`,
    });
    return result;
  }
  result.codeChanges = compareCodeChanges(alignToDocs(baseCode.surface, headDocs).surface, head);
  return result;
}

function isImplemented(value: unknown): value is ImplementedSurfaceResult {
  return typeof value === 'object' && value !== null && 'surface' in value && 'notices' in value;
}
