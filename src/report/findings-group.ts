import { type Evidence, type Finding, SEVERITIES, type Severity } from '../model/index.js';

/** Findings of one operation, most severe first. */
export interface OperationGroup {
  operation: string;
  worst: Severity;
  findings: Finding[];
}

const rank = (s: Severity): number => SEVERITIES.indexOf(s);

/** Groups findings by operation; groups ordered by their worst finding, then by operation. */
export function groupByOperation(findings: readonly Finding[]): OperationGroup[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = groups.get(f.operation) ?? [];
    list.push(f);
    groups.set(f.operation, list);
  }
  return [...groups.entries()]
    .map(([operation, list]) => {
      const sorted = [...list].sort((a, b) => rank(a.severity) - rank(b.severity) || a.rule.localeCompare(b.rule));
      return { operation, worst: (sorted[0] as Finding).severity, findings: sorted };
    })
    .sort((a, b) => rank(a.worst) - rank(b.worst) || a.operation.localeCompare(b.operation));
}

/** One evidence item as a short text: `openapi.yaml:12`, `src/app.ts:40 (express)`, `traffic: 12× 2024-01-01…2024-01-31`. */
export function describeEvidence(e: Evidence): string {
  if (e.source === 'documented') return `doc ${e.file}:${e.line}`;
  if (e.source === 'implemented') return `code ${e.file}:${e.line} (${e.framework})`;
  const first = e.firstSeen.slice(0, 10);
  const last = e.lastSeen.slice(0, 10);
  return `traffic ${e.count}× ${first === last ? first : `${first}…${last}`}`;
}
