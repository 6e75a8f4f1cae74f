import { createHash } from 'node:crypto';
import { type Finding, isAtLeast, type Severity, type SeveritySummary, summarizeFindings } from '../../model/index.js';
import type { Dismissal } from '../../store/index.js';

/**
 * Digest of what a finding says (rule, operation, message, proposed fix): a dismissal "until it changes" holds while
 * the finding keeps this digest.
 */
export function findingDigest(finding: Finding): string {
  const content = JSON.stringify([finding.rule, finding.operation, finding.message, finding.fix ?? null]);
  return createHash('sha256').update(content).digest('hex').slice(0, 16);
}

/** Fingerprints dismissed for good (no digest): the core drops these itself. */
export function permanentDismissals(dismissals: readonly Dismissal[]): Set<string> {
  return new Set(dismissals.filter((d) => d.untilChanged === null).map((d) => d.fingerprint));
}

/** Drops findings dismissed until they change and not changed since; the rest keep their order. */
export function dropDismissed(findings: readonly Finding[], dismissals: readonly Dismissal[]): Finding[] {
  const byFingerprint = new Map(dismissals.map((d) => [d.fingerprint, d]));
  return findings.filter((f) => {
    const d = byFingerprint.get(f.fingerprint);
    if (!d) return true;
    return d.untilChanged !== null && d.untilChanged !== findingDigest(f);
  });
}

/** Counts and conclusion of a finding list under `failOn`. */
export function concludeFindings(
  findings: readonly Finding[],
  failOn: Severity,
): { summary: SeveritySummary; conclusion: 'success' | 'failure' } {
  return {
    summary: summarizeFindings(findings),
    conclusion: findings.some((f) => isAtLeast(f.severity, failOn)) ? 'failure' : 'success',
  };
}
