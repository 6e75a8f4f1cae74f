import type { Finding, Severity } from '../model/index.js';
import { isShared } from './findings-group.js';

/** One check-run annotation, in the shape GitHub's Checks API takes (`output.annotations[]`). */
export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'failure' | 'warning' | 'notice';
  title: string;
  message: string;
  raw_details?: string;
}

const LEVEL: Record<Severity, CheckAnnotation['annotation_level']> = {
  critical: 'failure',
  high: 'failure',
  medium: 'warning',
  low: 'notice',
  info: 'notice',
};

/** GitHub caps an annotation message at 64 KB; keep well under with room for the title. */
const MAX_MESSAGE = 4000;

/**
 * Check annotations for findings that have a location (doc or code line); findings without one stay in the summary.
 * Raw details list the evidence and the fingerprint.
 */
export function findingsToAnnotations(findings: readonly Finding[]): CheckAnnotation[] {
  const out: CheckAnnotation[] = [];
  for (const f of findings) {
    if (!f.location?.file) continue;
    const line = Math.max(1, f.location.line);
    const message = f.message.length > MAX_MESSAGE ? `${f.message.slice(0, MAX_MESSAGE - 1)}…` : f.message;
    out.push({
      path: f.location.file,
      start_line: line,
      end_line: line,
      annotation_level: LEVEL[f.severity],
      title:
        `${f.rule} (${f.severity}${f.class ? `, ${f.class}` : ''}): ${isShared(f) ? `${f.operations?.length} operations` : f.operation}`.slice(
          0,
          255,
        ),
      message,
      raw_details: JSON.stringify({ fingerprint: f.fingerprint, evidence: f.evidence }).slice(0, MAX_MESSAGE),
    });
  }
  return out;
}
