import { createHash } from 'node:crypto';
import { type Finding, isAtLeast, type Severity, type SeveritySummary, summarizeFindings } from '../model/index.js';

/** A user's dismissal of a finding, as the store keeps it. */
export interface DismissalRecord {
  fingerprint: string;
  /** The finding's digest when dismissed: the dismissal holds while the finding keeps it. Null: for good. */
  untilChanged: string | null;
}

/** What the CLI's exit code, the check run and the Action conclude from a list of findings. */
export interface Conclusion {
  conclusion: 'success' | 'failure';
  /** The severity at or above which a finding fails the conclusion. */
  failOn: Severity;
  /** Counts of the findings that stand (dismissed ones excluded), per severity. */
  counts: SeveritySummary;
  /** How many standing findings are at or above `failOn`. */
  failing: number;
  /** The findings that stand, in their input order. */
  findings: Finding[];
  /** Findings dropped by a dismissal "until it changes" that still holds. */
  dismissed: Finding[];
}

/**
 * Digest of what a finding says (rule, operation, message, proposed fix): a dismissal "until it changes" holds while
 * the finding keeps this digest.
 */
export function findingDigest(finding: Finding): string {
  const content = JSON.stringify([finding.rule, finding.operation, finding.message, finding.fix ?? null]);
  return createHash('sha256').update(content).digest('hex').slice(0, 16);
}

/** Fingerprints dismissed for good (no digest): `analyze()` drops these with the rest of policy. */
export function permanentDismissals(dismissals: readonly DismissalRecord[]): Set<string> {
  return new Set(dismissals.filter((d) => d.untilChanged === null).map((d) => d.fingerprint));
}

/**
 * The one conclusion of a run: drops the findings dismissed until they change (and not changed since), counts
 * the rest and fails when one is at or above `failOn`. The CLI's exit code, the check run and the Action all
 * conclude through here.
 */
export function conclude(
  findings: readonly Finding[],
  config: { failOn: Severity; dismissals?: readonly DismissalRecord[] },
): Conclusion {
  const byFingerprint = new Map((config.dismissals ?? []).map((d) => [d.fingerprint, d]));
  const standing: Finding[] = [];
  const dismissed: Finding[] = [];
  for (const f of findings) {
    const d = byFingerprint.get(f.fingerprint);
    const holds = d !== undefined && (d.untilChanged === null || d.untilChanged === findingDigest(f));
    (holds ? dismissed : standing).push(f);
  }
  const failing = standing.filter((f) => isAtLeast(f.severity, config.failOn)).length;
  return {
    conclusion: failing > 0 ? 'failure' : 'success',
    failOn: config.failOn,
    counts: summarizeFindings(standing),
    failing,
    findings: standing,
    dismissed,
  };
}
