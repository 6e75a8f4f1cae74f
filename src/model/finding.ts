import type { Evidence, SourceLocation } from './evidence.js';
import type { DocFix } from './fix.js';
import type { Confidence } from './schema.js';

/** Severity ladder, most severe first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];
/** The severity at or above which a check fails when the config does not say (`failOn`). */
export const DEFAULT_FAIL_ON: Severity = 'high';

/** Class of a change-family finding; drift findings have `null`. */
export type ChangeClass = 'breaking' | 'potentially-breaking' | 'safe';

/** A drift or change finding, as every report format and the GitHub check render it. */
export interface Finding {
  /** Stable kebab-case rule id, documented in docs/rules.md. */
  rule: string;
  severity: Severity;
  class: ChangeClass | null;
  /** `METHOD /path` of the operation concerned, or `*` for API-wide findings (servers, security schemes). */
  operation: string;
  /**
   * Every operation a change finding concerns, sorted, when the change lies inside a named (shared) schema: such a
   * change is reported once for the schema, not once per operation embedding it, and `operation` is then the first
   * of these. Absent for findings about one operation's own surface (parameters, statuses, inline schemas) and for
   * drift findings.
   */
  operations?: string[];
  /** Where to annotate: the doc line for documented things, else the code line. */
  location?: SourceLocation;
  message: string;
  evidence: Evidence[];
  /**
   * Field-level drift findings only (parameters, statuses, body fields, types, required-ness, PII): `certain` when the
   * code says it outright, `likely` when inferred through a call, a dependency or an ORM query.
   */
  confidence?: Confidence;
  /**
   * What inside the operation the finding is about, as the fingerprint hashes it: `404`, `query.page`,
   * `request.name`, `response.200.data.email`. Absent for operation-wide findings.
   */
  subject?: string;
  /** The doc edit that resolves this finding, when its rule can fix it (docsync applies it). */
  fix?: DocFix;
  /**
   * Stable hash of rule + operation + location-independent subject; drives dismissals. For a change inside a named
   * schema, of rule + schema key + path inside it + subject instead, so a dismissal outlives operations starting or
   * ceasing to embed the schema.
   */
  fingerprint: string;
}

/** Count of findings per severity. */
export type SeveritySummary = Record<Severity, number>;

/** Problems met while reading input: unresolved refs, unparsable files, skipped files. */
export interface Diagnostic {
  level: 'error' | 'warning' | 'info';
  /** Short kebab-case id, e.g. `invalid-yaml`, `remote-ref`, `ref-escapes-root`. */
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}
