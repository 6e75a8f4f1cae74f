import pc from 'picocolors';
import { type Finding, type Severity, summarizeFindings } from '../model/index.js';
import { describeEvidence, groupByOperation } from './findings-group.js';

/** Options of {@link renderFindingsText}. */
export interface TextFindingsOptions {
  /** Colour with ANSI escapes; only when the output is a terminal. */
  color?: boolean;
  /** Show every evidence item and the fingerprint. */
  verbose?: boolean;
  /**
   * A changelog of change findings (`specwatch diff`): operations with breaking changes first, then potentially
   * breaking, then safe; in each operation its breaking changes first; a count per class last.
   */
  changelog?: boolean;
  /** Some input was not read: an empty result is not an all-clear. */
  partial?: boolean;
}

const CLASS_ORDER: (Finding['class'] | undefined)[] = ['breaking', 'potentially-breaking', 'safe', null];
const classRank = (f: Finding): number => CLASS_ORDER.indexOf(f.class);

/** Operation groups in changelog order: by their most breaking change, then as {@link groupByOperation} has them. */
function changelogGroups(findings: readonly Finding[]) {
  const groups = groupByOperation(findings).map((g) => ({
    ...g,
    findings: [...g.findings].sort((a, b) => classRank(a) - classRank(b)),
  }));
  const worst = (g: { findings: Finding[] }) => classRank(g.findings[0] as Finding);
  return groups
    .map((g, i) => ({ g, i }))
    .sort((a, b) => worst(a.g) - worst(b.g) || a.i - b.i)
    .map(({ g }) => g);
}

/** Findings for a terminal: grouped by operation, one line per finding, evidence below, a summary line last. */
export function renderFindingsText(findings: readonly Finding[], options: TextFindingsOptions = {}): string {
  const c = pc.createColors(options.color === true);
  const paint: Record<Severity, (s: string) => string> = {
    critical: (s) => c.bold(c.magenta(s)),
    high: c.red,
    medium: c.yellow,
    low: c.cyan,
    info: c.dim,
  };
  const lines: string[] = [];
  for (const group of options.changelog ? changelogGroups(findings) : groupByOperation(findings)) {
    lines.push(c.bold(group.shared ? `${group.operation} (each change affects several operations)` : group.operation));
    for (const f of group.findings) {
      const cls = !f.class
        ? ''
        : options.changelog && f.class !== 'safe'
          ? ` ${c.bold(f.class === 'breaking' ? c.red('[BREAKING]') : c.yellow('[potentially breaking]'))}`
          : ` ${c.dim(`[${f.class}]`)}`;
      const where = f.location ? c.dim(` ${f.location.file}:${f.location.line}`) : '';
      lines.push(`  ${paint[f.severity](f.severity.padEnd(8))} ${f.rule}${cls}${where}`);
      lines.push(`           ${f.message}`);
      const evidence = options.verbose ? f.evidence : f.evidence.slice(0, 3);
      if (evidence.length > 0)
        lines.push(
          c.dim(
            `           ${evidence.map(describeEvidence).join('; ')}${f.evidence.length > evidence.length ? `; +${f.evidence.length - evidence.length} more` : ''}`,
          ),
        );
      if (options.verbose) lines.push(c.dim(`           fingerprint ${f.fingerprint}`));
    }
    lines.push('');
  }
  const summary = summarizeFindings(findings);
  const parts = (Object.entries(summary) as [Severity, number][])
    .filter(([, n]) => n > 0)
    .map(([s, n]) => paint[s](`${n} ${s}`));
  const count = (cls: Finding['class']) => findings.filter((f) => f.class === cls).length;
  lines.push(
    findings.length === 0
      ? options.partial && !options.changelog
        ? c.yellow('No findings in what was read (some input was not read: see "not read" above).')
        : c.green(options.changelog ? 'No change to the documented API.' : 'No findings.')
      : options.changelog
        ? `${findings.length} change${findings.length === 1 ? '' : 's'}: ${c.red(`${count('breaking')} breaking`)}, ${c.yellow(`${count('potentially-breaking')} potentially breaking`)}, ${count('safe')} safe (${parts.join(', ')})`
        : `${findings.length} finding${findings.length === 1 ? '' : 's'}: ${parts.join(', ')}`,
  );
  return `${lines.join('\n')}\n`;
}
