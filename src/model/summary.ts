import { type Finding, SEVERITIES, type Severity, type SeveritySummary } from './finding.js';

/** Counts findings per severity, every severity present. */
export function summarizeFindings(findings: readonly Finding[]): SeveritySummary {
  const summary = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as SeveritySummary;
  for (const f of findings) summary[f.severity]++;
  return summary;
}

/** True when `severity` is at or above `threshold` (critical is the top). */
export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}
