import { type Finding, formatNotice, type InputNotice, type Severity } from '../model/index.js';
import { fingerprintOf, isRuleId, noticeRuleId, RULES, renderRuleSection } from '../rules/index.js';
import { isShared } from './findings-group.js';

/** Options of {@link findingsToSarif}. */
export interface SarifOptions {
  toolVersion?: string;
  /** Where rule docs live, e.g. `https://github.com/OWNER/specwatch/blob/main/docs/rules.md`. */
  helpUri?: string;
  /** Inputs not read: one result each under its `input-*` rule, so code scanning shows where the check was blind. */
  notices?: readonly InputNotice[];
}

/** A notice as a result of its `input-*` rule: at its file (and line) when it concerns one. */
function noticeFinding(n: InputNotice): Finding {
  const rule = noticeRuleId(n.reason);
  return {
    rule,
    severity: RULES[rule].severity,
    class: null,
    operation: '*',
    ...(n.file !== '.' ? { location: { file: n.file, line: n.line ?? 1 } } : {}),
    message: formatNotice(n),
    evidence: [],
    fingerprint: fingerprintOf(rule, '*', `${n.view}:${n.file}`),
  };
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** GitHub code scanning's numeric severity (0–10) per level. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

/**
 * Findings as a SARIF 2.1.0 log for GitHub code scanning: one run, one result per finding (and per input not read)
 * with its location, `partialFingerprints` from our stable fingerprint (so alerts survive unrelated edits), the rule
 * catalogue in `tool.driver.rules`.
 */
export function findingsToSarif(reported: readonly Finding[], options: SarifOptions = {}): Record<string, unknown> {
  const findings = [...reported, ...(options.notices ?? []).map(noticeFinding)];
  const ruleIds = [...new Set(findings.map((f) => f.rule))].sort();
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  const rules = ruleIds.map((id) => {
    // Every rule Specwatch emits is in the catalogue; a finding of another origin still gets a bare entry.
    const info = isRuleId(id) ? RULES[id] : undefined;
    const sample = findings.find((f) => f.rule === id) as Finding;
    const severity = info?.severity ?? sample.severity;
    const tags = ['api', info?.class ?? sample.class ?? info?.family ?? 'drift'];
    return {
      id,
      name: id.replace(/(^|-)([a-z])/g, (_m, _d, ch: string) => ch.toUpperCase()),
      shortDescription: { text: info?.summary ?? id },
      ...(info && isRuleId(id)
        ? {
            fullDescription: { text: `${info.summary}.` },
            help: { text: `${info.summary}.`, markdown: renderRuleSection(id) },
          }
        : {}),
      ...(options.helpUri ? { helpUri: `${options.helpUri}#${id}` } : {}),
      defaultConfiguration: { level: LEVEL[severity] },
      properties: { tags, 'security-severity': SECURITY_SEVERITY[severity] },
    };
  });
  const results = findings.map((f) => {
    const result: Record<string, unknown> = {
      ruleId: f.rule,
      ruleIndex: index.get(f.rule),
      level: LEVEL[f.severity],
      message: {
        text: `${f.operation === '*' || isShared(f) ? '' : `${f.operation}: `}${f.message.startsWith(f.operation) ? f.message.slice(f.operation.length).replace(/^[:\s]+/, '') : f.message}`,
      },
      partialFingerprints: { specwatchFingerprint: f.fingerprint },
      properties: {
        severity: f.severity,
        class: f.class,
        operation: f.operation,
        ...(f.operations ? { operations: f.operations } : {}),
      },
    };
    if (f.location) {
      result.locations = [
        {
          physicalLocation: {
            artifactLocation: { uri: f.location.file },
            region: {
              startLine: Math.max(1, f.location.line),
              ...(f.location.column ? { startColumn: f.location.column } : {}),
            },
          },
        },
      ];
    }
    return result;
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Specwatch',
            ...(options.toolVersion ? { version: options.toolVersion, semanticVersion: options.toolVersion } : {}),
            informationUri: 'https://github.com/specwatch/specwatch',
            rules,
          },
        },
        results,
      },
    ],
  };
}

/** The SARIF log as text. */
export function renderFindingsSarif(findings: readonly Finding[], options: SarifOptions = {}): string {
  return `${JSON.stringify(findingsToSarif(findings, options), null, 2)}\n`;
}
