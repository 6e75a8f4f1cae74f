import { type DocFix, type Finding, globToRegExp, isAtLeast, type Severity } from '../model/index.js';
import { RULES } from '../rules/index.js';
import { affectedOperationsText } from './compare-changes.js';

/** The policy part of `.github/specwatch.yml`. */
export interface Policy {
  /** Severity per rule id, or `off`. */
  rules?: Record<string, Severity | 'off'>;
  /** Findings to drop: by rule, by operation glob (`GET /internal/**`, or a path glob `/internal/**`), or both. */
  ignore?: { rule?: string; operation?: string; reason?: string }[];
  /** Fingerprints dismissed by the user for good (dismissals "until it changes" are `conclude()`'s). */
  dismissed?: ReadonlySet<string>;
  /** `certain`: field-level findings the code view only inferred (`likely`) drop to `info`, in the details. */
  fieldConfidence?: 'certain' | 'likely';
}

/** What policy made of a list of findings. */
export interface PolicyResult {
  findings: Finding[];
  /** Findings dropped by `off`, `ignore` or a dismissal. */
  suppressed: number;
}

function operationMatcher(glob: string): (operation: string) => boolean {
  const re = globToRegExp(glob.trim());
  // A glob without a method (`/internal/**`) matches the path part of `METHOD /path`.
  if (glob.trim().startsWith('/')) return (op) => re.test(op.slice(op.indexOf(' ') + 1));
  return (op) => re.test(op);
}

/**
 * A rule's severity from config replaces the rule's own default. A finding its rule already made milder than that
 * default, for a reason its message gives (an `auth-missing-in-code` a gateway declared in the docs enforces), keeps
 * the milder of the two: setting the rule to `high` must not raise those to `high`.
 */
function overridden(f: Finding, override: Severity | undefined): Severity {
  if (override === undefined) return f.severity;
  const base = (RULES as Record<string, { severity: string } | undefined>)[f.rule]?.severity as Severity | undefined;
  const lowered = base !== undefined && !isAtLeast(f.severity, base);
  return lowered && isAtLeast(override, f.severity) ? f.severity : override;
}

/**
 * Applies per-rule severities, `off`, `ignore` entries and permanent dismissals; `conclude()` then decides.
 * Pure: the same findings and policy always give the same result.
 */
export function applyPolicy(findings: readonly Finding[], policy: Policy = {}): PolicyResult {
  const ignores = (policy.ignore ?? []).map((entry) => ({
    rule: entry.rule,
    matches: entry.operation ? operationMatcher(entry.operation) : () => true,
  }));
  const out: Finding[] = [];
  let suppressed = 0;
  for (const f of findings) {
    const override = policy.rules?.[f.rule];
    if (override === 'off' || policy.dismissed?.has(f.fingerprint)) {
      suppressed++;
      continue;
    }
    // A change in a shared schema is ignored only when every operation it affects is: ignoring `/internal/**` must
    // not hide what the same change does to public operations.
    const affected = f.operations ?? [f.operation];
    if (ignores.some((i) => (i.rule === undefined || i.rule === f.rule) && affected.every((op) => i.matches(op)))) {
      suppressed++;
      continue;
    }
    const severity =
      policy.fieldConfidence === 'certain' && f.confidence === 'likely' ? 'info' : overridden(f, override);
    out.push(severity !== f.severity ? { ...f, severity } : f);
  }
  return { findings: out, suppressed };
}

/** Merges findings with the same fingerprint (the code and the traffic saw the same drift): one finding, both evidences. */
export function mergeFindings(findings: readonly Finding[]): Finding[] {
  const byPrint = new Map<string, Finding>();
  for (const f of findings) {
    const existing = byPrint.get(f.fingerprint);
    if (!existing) {
      byPrint.set(f.fingerprint, { ...f, evidence: [...f.evidence] });
      continue;
    }
    for (const e of f.evidence) {
      const key = JSON.stringify(e);
      if (!existing.evidence.some((x) => JSON.stringify(x) === key)) existing.evidence.push(e);
    }
    existing.location ??= f.location;
    if (f.operations) mergeOperations(existing, f.operations);
    existing.fix = existing.fix === undefined ? f.fix : mergeAddOperationFixes(existing.fix, f.fix);
  }
  return [...byPrint.values()];
}

/**
 * Two specs of one run can hold a same-named schema with the same change: one finding, the operations of both
 * (the message's list follows when it carries one).
 */
function mergeOperations(into: Finding, more: readonly string[]): void {
  const before = into.operations ?? [into.operation];
  const all = [...new Set([...before, ...more])].sort();
  if (all.length === before.length) return;
  const tail = `${affectedOperationsText(before)}.`;
  if (into.message.endsWith(tail))
    into.message = `${into.message.slice(0, -tail.length)}${affectedOperationsText(all)}.`;
  into.operations = all;
  into.operation = all[0] as string;
}

/**
 * Code and traffic can both report one undocumented operation: the docs fix must carry what each saw (code
 * declares 200/404, traffic also saw a 401), or a scan after the fix reports the rest again.
 */
function mergeAddOperationFixes(fa: DocFix, fb: DocFix | undefined): DocFix {
  if (fa.kind !== 'add-operation' || fb?.kind !== 'add-operation') return fa;
  const params = new Set(fa.operation.parameters.map((p) => `${p.in}:${p.name}`));
  const statuses = new Set(fa.operation.responses.map((r) => r.status));
  return {
    ...fa,
    operation: {
      ...fa.operation,
      parameters: [
        ...fa.operation.parameters,
        ...fb.operation.parameters.filter((p) => !params.has(`${p.in}:${p.name}`)),
      ],
      responses: [...fa.operation.responses, ...fb.operation.responses.filter((r) => !statuses.has(r.status))],
      ...((fa.operation.requestBody ?? fb.operation.requestBody)
        ? { requestBody: fa.operation.requestBody ?? fb.operation.requestBody }
        : {}),
    },
    schemas: { ...fb.schemas, ...fa.schemas },
  };
}

const RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/** Orders findings for reports: most severe first, then by operation and rule. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      RANK[a.severity] - RANK[b.severity] ||
      a.operation.localeCompare(b.operation) ||
      a.rule.localeCompare(b.rule) ||
      a.fingerprint.localeCompare(b.fingerprint),
  );
}
