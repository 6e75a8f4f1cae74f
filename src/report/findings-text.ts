import pc from 'picocolors';
import { type Finding, type Severity, summarizeFindings } from '../model/index.js';
import { describeEvidence, groupByOperation } from './findings-group.js';

/** Options of {@link renderFindingsText}. */
export interface TextFindingsOptions {
  /** Colour with ANSI escapes; only when the output is a terminal. */
  color?: boolean;
  /** Show every evidence item and the fingerprint. */
  verbose?: boolean;
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
  for (const group of groupByOperation(findings)) {
    lines.push(c.bold(group.shared ? `${group.operation} (each change affects several operations)` : group.operation));
    for (const f of group.findings) {
      const cls = f.class ? ` ${c.dim(`[${f.class}]`)}` : '';
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
  lines.push(
    findings.length === 0
      ? c.green('No findings.')
      : `${findings.length} finding${findings.length === 1 ? '' : 's'}: ${parts.join(', ')}`,
  );
  return `${lines.join('\n')}\n`;
}
