import type { DocFix, Finding } from '../model/index.js';

/** Fixes that add things come first, so PII marks land on fields added in the same run. */
function rank(fix: DocFix): number {
  return fix.kind === 'mark-pii' ? 2 : fix.kind === 'deprecate-operation' || fix.kind === 'remove-operation' ? 1 : 0;
}

/** The doc fixes of a list of findings, grouped by spec entry file, in the order docsync applies them. */
export function collectDocFixes(findings: readonly Finding[]): Map<string, DocFix[]> {
  const fixes = findings.flatMap((f) => (f.fix === undefined ? [] : [f.fix]));
  const bySpec = new Map<string, DocFix[]>();
  for (const fix of [...fixes].sort((a, b) => rank(a) - rank(b))) {
    const list = bySpec.get(fix.spec) ?? [];
    list.push(fix);
    bySpec.set(fix.spec, list);
  }
  return bySpec;
}
