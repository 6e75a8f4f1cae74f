import {
  type ApiSurface,
  type DocFix,
  type Finding,
  HTTP_METHODS,
  operationLabel,
  type PiiTag,
} from '../model/index.js';

const KINDS = new Set([
  'add-operation',
  'add-parameter',
  'add-response',
  'add-field',
  'mark-pii',
  'deprecate-operation',
  'remove-operation',
]);
const PARAM_LOCATIONS = new Set(['query', 'path', 'header', 'cookie']);

/** Whether a finding's `fix` is a {@link DocFix} docsync can apply. */
export function isDocFix(fix: unknown): fix is DocFix {
  if (typeof fix !== 'object' || fix === null) return false;
  const f = fix as Record<string, unknown>;
  return (
    typeof f.kind === 'string' &&
    KINDS.has(f.kind) &&
    typeof f.spec === 'string' &&
    typeof f.path === 'string' &&
    typeof f.method === 'string'
  );
}

/**
 * The doc fixes of a scan, grouped by spec entry file: the `DocFix` of drift findings, and `mark-pii` fixes made
 * from `undocumented-pii` findings (their fix names a field, `response.200.data[].ssn`, not a doc place). Fixes that
 * add things come first, so PII marks land on fields added in the same run.
 */
export function collectDocFixes(
  findings: readonly Finding[],
  documented: readonly ApiSurface[],
): Map<string, DocFix[]> {
  const fixes: DocFix[] = [];
  for (const finding of findings) {
    if (isDocFix(finding.fix)) fixes.push(finding.fix);
    else if (finding.rule === 'undocumented-pii') {
      const mark = piiMark(finding, documented);
      if (mark !== undefined) fixes.push(mark);
    }
  }
  const rank = (f: DocFix): number =>
    f.kind === 'mark-pii' ? 2 : f.kind === 'deprecate-operation' || f.kind === 'remove-operation' ? 1 : 0;
  const bySpec = new Map<string, DocFix[]>();
  for (const fix of [...fixes].sort((a, b) => rank(a) - rank(b))) {
    const list = bySpec.get(fix.spec) ?? [];
    list.push(fix);
    bySpec.set(fix.spec, list);
  }
  return bySpec;
}

function piiMark(finding: Finding, documented: readonly ApiSurface[]): DocFix | undefined {
  const fix = finding.fix as { field?: unknown; pii?: PiiTag } | undefined;
  if (typeof fix?.field !== 'string' || fix.pii === undefined || typeof fix.pii.category !== 'string') return undefined;
  for (const surface of documented) {
    const op = surface.operations.find((o) => operationLabel(o, surface.basePath) === finding.operation);
    if (op === undefined || !HTTP_METHODS.includes(op.method)) continue;
    const target = { spec: surface.entry ?? '', method: op.method, path: op.path };
    const pii: PiiTag = { category: fix.pii.category, ...(fix.pii.hipaa ? { hipaa: fix.pii.hipaa } : {}) };
    const [where, ...rest] = fix.field.split('.');
    if (where === 'response' && rest.length >= 2) {
      return {
        kind: 'mark-pii',
        ...target,
        in: 'response',
        status: rest[0] as string,
        field: rest.slice(1).join('.'),
        pii,
      };
    }
    if (where === 'request' && rest.length >= 1)
      return { kind: 'mark-pii', ...target, in: 'request', field: rest.join('.'), pii };
    if (where !== undefined && PARAM_LOCATIONS.has(where) && rest.length >= 1)
      return { kind: 'mark-pii', ...target, in: 'parameter', field: rest.join('.'), pii };
  }
  return undefined;
}
