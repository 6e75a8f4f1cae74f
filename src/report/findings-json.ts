import type { Finding, InputNotice, SeveritySummary } from '../model/index.js';
import { summarizeFindings } from '../model/index.js';

/** The `--format json` contract of `scan` and `diff` (DESIGN.md): findings and a per-severity summary. */
export interface FindingsJson {
  findings: Finding[];
  summary: SeveritySummary;
}

/** Findings as the JSON contract shapes them: `class` is null for drift, every key present in a fixed order. */
export function findingsToJson(findings: readonly Finding[]): FindingsJson {
  return {
    findings: findings.map((f) => {
      const out: Finding = {
        rule: f.rule,
        severity: f.severity,
        class: f.class ?? null,
        operation: f.operation,
        // Additive to DESIGN's contract: present only on changes inside shared schemas.
        ...(f.operations ? { operations: f.operations } : {}),
        ...(f.location ? { location: f.location } : {}),
        // Additive: field-level findings name what they are about and how sure the code view is.
        ...(f.subject !== undefined ? { subject: f.subject } : {}),
        ...(f.confidence !== undefined ? { confidence: f.confidence } : {}),
        message: f.message,
        evidence: f.evidence,
        ...(f.fix !== undefined ? { fix: f.fix } : {}),
        fingerprint: f.fingerprint,
      };
      return out;
    }),
    summary: summarizeFindings(findings),
  };
}

/** The `notices` array of every `--format json` output: inputs not read, or not read whole, with the reason. */
export function noticesToJson(notices: readonly InputNotice[]): InputNotice[] {
  return notices.map((n) => ({
    file: n.file,
    view: n.view,
    reason: n.reason,
    detail: n.detail,
    ...(n.line !== undefined ? { line: n.line } : {}),
  }));
}

/** Renders the JSON contract as text (two-space indent, trailing newline). */
export function renderFindingsJson(findings: readonly Finding[], extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ ...findingsToJson(findings), ...extra }, null, 2)}\n`;
}
