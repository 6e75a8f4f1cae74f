import { type Evidence, type Finding, SEVERITIES, type Severity } from '../model/index.js';

/** Findings of one operation, most severe first. */
export interface OperationGroup {
  /** The operation, or {@link SHARED_SCHEMAS_GROUP} for the group of shared-schema changes. */
  operation: string;
  /** The group holds changes of shared schemas, each affecting several operations (listed in its message). */
  shared?: boolean;
  worst: Severity;
  findings: Finding[];
}

/** Title of the group of changes inside named schemas that several operations embed. */
export const SHARED_SCHEMAS_GROUP = 'Shared schemas';

const rank = (s: Severity): number => SEVERITIES.indexOf(s);

/** Whether a finding stands for several operations (a change inside a schema they share). */
export function isShared(f: Finding): boolean {
  return (f.operations?.length ?? 0) > 1;
}

/**
 * Groups findings by operation; groups ordered by their worst finding, then by operation. Findings affecting
 * several operations go to one {@link SHARED_SCHEMAS_GROUP} group, ahead of operations of the same severity: filing
 * them under their first operation would single out an arbitrary one.
 */
export function groupByOperation(findings: readonly Finding[]): OperationGroup[] {
  const groups = new Map<string, Finding[]>();
  const shared: Finding[] = [];
  for (const f of findings) {
    if (isShared(f)) {
      shared.push(f);
      continue;
    }
    const list = groups.get(f.operation) ?? [];
    list.push(f);
    groups.set(f.operation, list);
  }
  const bySeverity = (list: Finding[]) =>
    [...list].sort((a, b) => rank(a.severity) - rank(b.severity) || a.rule.localeCompare(b.rule));
  const out: OperationGroup[] = [...groups.entries()].map(([operation, list]) => {
    const sorted = bySeverity(list);
    return { operation, worst: (sorted[0] as Finding).severity, findings: sorted };
  });
  if (shared.length > 0) {
    const sorted = bySeverity(shared);
    out.push({
      operation: SHARED_SCHEMAS_GROUP,
      shared: true,
      worst: (sorted[0] as Finding).severity,
      findings: sorted,
    });
  }
  return out.sort(
    (a, b) =>
      rank(a.worst) - rank(b.worst) ||
      Number(b.shared === true) - Number(a.shared === true) ||
      a.operation.localeCompare(b.operation),
  );
}

/** One evidence item as a short text: `openapi.yaml:12`, `src/app.ts:40 (express)`, `traffic: 12× 2024-01-01…2024-01-31`. */
export function describeEvidence(e: Evidence): string {
  if (e.source === 'documented') return `doc ${e.file}:${e.line}`;
  if (e.source === 'implemented') return `code ${e.file}:${e.line} (${e.framework})`;
  const first = e.firstSeen.slice(0, 10);
  const last = e.lastSeen.slice(0, 10);
  return `traffic ${e.count}× ${first === last ? first : `${first}…${last}`}`;
}
