import type { ChangeClass, Severity } from '../model/index.js';

/** What a rule belongs to: drift (documented vs implemented/observed), change (base vs head), or input problems. */
export type RuleFamily = 'drift' | 'change' | 'input';

/** One rule of the catalogue: its default severity and, for the change family, its class. */
export interface RuleInfo {
  family: RuleFamily;
  severity: Severity;
  class: ChangeClass | null;
  /** One line for reports and docs/rules.md. */
  title: string;
}

const drift = (severity: Severity, title: string): RuleInfo => ({ family: 'drift', severity, class: null, title });
const breaking = (severity: Severity, title: string): RuleInfo => ({
  family: 'change',
  severity,
  class: 'breaking',
  title,
});
const potentially = (severity: Severity, title: string): RuleInfo => ({
  family: 'change',
  severity,
  class: 'potentially-breaking',
  title,
});
const safe = (severity: Severity, title: string): RuleInfo => ({ family: 'change', severity, class: 'safe', title });

/**
 * Every rule id Specwatch emits, with its default severity and class. Ids are stable: reports, dismissals and
 * user config name them. docs/rules.md documents each one; a test keeps the two in step.
 */
export const RULES = {
  // Drift family.
  'undocumented-operation': drift('high', 'The code or traffic has an operation the documentation lacks'),
  'unimplemented-operation': drift('medium', 'The documentation has an operation the code does not serve'),
  'unobserved-operation': drift('info', 'A documented operation never appeared in the traffic'),
  'undocumented-parameter': drift('medium', 'The code or traffic uses a parameter the documentation lacks'),
  'undocumented-status': drift('medium', 'The code or traffic answers with a status the documentation lacks'),
  'undocumented-request-field': drift(
    'medium',
    'The code or traffic accepts a request body field the documentation lacks',
  ),
  'undocumented-response-field': drift(
    'medium',
    'The code or traffic returns a response field the documentation lacks',
  ),
  'field-type-mismatch': drift('medium', "A field's type differs between the documentation and the code or traffic"),
  'field-required-mismatch': drift('low', 'A field is required in one view and optional in the other'),
  'auth-drift': drift('high', 'Documented as secured, observed answering 2xx without credentials'),
  'undocumented-auth-scheme': drift('medium', 'Traffic authenticates with a scheme the documentation does not declare'),
  'spec-unreadable': { family: 'input', severity: 'high', class: null, title: 'A spec file could not be read' },

  // Change family: operations.
  'operation-removed': breaking('high', 'An operation was removed'),
  'deprecated-operation-removed': breaking('medium', 'A deprecated operation was removed'),
  'operation-added': safe('info', 'An operation was added'),
  'operation-deprecated': safe('info', 'An operation was deprecated'),
  'operation-id-changed': potentially('low', 'An operationId changed (generated client method names change)'),
  'base-path-changed': breaking('high', 'The base path every operation is served under changed'),
  'server-removed': potentially('low', 'A server URL was removed'),
  'server-added': safe('info', 'A server URL was added'),

  // Parameters.
  'parameter-added-required': breaking('high', 'A required parameter was added'),
  'parameter-added-optional': safe('info', 'An optional parameter was added'),
  'parameter-removed': potentially('medium', 'A parameter was removed'),
  'parameter-became-required': breaking('high', 'A parameter became required'),
  'parameter-became-optional': safe('info', 'A parameter became optional'),
  'parameter-moved': breaking('high', 'A parameter moved to another location (query, header, path, cookie)'),
  'parameter-type-changed': breaking('high', "A parameter's type changed or narrowed"),
  'parameter-type-widened': safe('info', "A parameter's type was widened"),
  'parameter-format-changed': potentially('medium', "A parameter's format changed"),
  'parameter-enum-narrowed': breaking('high', 'Values were removed from a parameter enum'),
  'parameter-enum-widened': safe('info', 'Values were added to a parameter enum'),
  'parameter-range-narrowed': breaking('medium', "A parameter's min/max/length/items bounds were tightened"),
  'parameter-range-widened': safe('info', "A parameter's min/max/length/items bounds were relaxed"),
  'parameter-pattern-changed': potentially('medium', "A parameter's pattern was added or changed"),
  'parameter-default-changed': potentially('medium', "A parameter's default value changed"),
  'parameter-became-non-nullable': breaking('medium', 'A parameter no longer accepts null'),
  'parameter-deprecated': safe('info', 'A parameter was deprecated'),

  // Request bodies.
  'request-body-added-required': breaking('high', 'A required request body was added'),
  'request-body-became-required': breaking('high', 'The request body became required'),
  'request-body-became-optional': safe('info', 'The request body became optional'),
  'request-body-removed': potentially('medium', 'The request body was removed'),
  'request-media-type-removed': breaking('high', 'A request media type is no longer accepted'),
  'request-media-type-added': safe('info', 'A request media type was added'),
  'request-field-added-required': breaking('high', 'A required request field was added'),
  'request-field-added-optional': safe('info', 'An optional request field was added'),
  'request-field-removed': potentially('medium', 'A request field was removed'),
  'request-field-became-required': breaking('high', 'A request field became required'),
  'request-field-became-optional': safe('info', 'A request field became optional'),
  'request-field-type-changed': breaking('high', "A request field's type changed or narrowed"),
  'request-field-type-widened': safe('info', "A request field's type was widened"),
  'request-field-format-changed': potentially('medium', "A request field's format changed"),
  'request-field-enum-narrowed': breaking('high', 'Values were removed from a request field enum'),
  'request-field-enum-widened': safe('info', 'Values were added to a request field enum'),
  'request-field-became-non-nullable': breaking('high', 'A request field no longer accepts null'),
  'request-field-became-nullable': safe('info', 'A request field now accepts null'),
  'request-field-range-narrowed': breaking('medium', "A request field's min/max/length/items bounds were tightened"),
  'request-field-range-widened': safe('info', "A request field's min/max/length/items bounds were relaxed"),
  'request-field-pattern-changed': potentially('medium', "A request field's pattern was added or changed"),
  'request-field-default-changed': potentially('medium', "A request field's default value changed"),
  'request-additional-properties-disallowed': breaking('high', 'A request object no longer accepts extra properties'),
  'request-additional-properties-allowed': safe('info', 'A request object now accepts extra properties'),
  'request-schema-branch-removed': breaking('high', 'A oneOf/anyOf alternative was removed from a request schema'),
  'request-schema-branch-added': safe('info', 'A oneOf/anyOf alternative was added to a request schema'),

  // Responses.
  'response-status-removed': breaking('high', 'A success response status was removed'),
  'response-error-status-removed': potentially('low', 'An error response status was removed'),
  'response-status-added': safe('info', 'A response status was added'),
  'response-media-type-removed': breaking('high', 'A response media type was removed'),
  'response-media-type-added': safe('info', 'A response media type was added'),
  'response-field-removed': breaking('high', 'A required response field was removed'),
  'response-optional-field-removed': potentially('medium', 'An optional response field was removed'),
  'response-field-added': safe('info', 'A response field was added'),
  'response-field-became-optional': breaking('high', 'A response field is no longer always present'),
  'response-field-became-required': safe('info', 'A response field is now always present'),
  'response-field-type-changed': breaking('high', "A response field's type changed or widened"),
  'response-field-type-narrowed': safe('info', "A response field's type was narrowed"),
  'response-field-format-changed': potentially('medium', "A response field's format changed"),
  'response-field-became-nullable': breaking('high', 'A response field may now be null'),
  'response-field-became-non-nullable': safe('info', 'A response field is no longer null'),
  'response-field-enum-widened': potentially('medium', 'Values were added to a response field enum'),
  'response-field-enum-narrowed': safe('info', 'Values were removed from a response field enum'),
  'response-field-range-widened': potentially('low', "A response field's min/max/length/items bounds were relaxed"),
  'response-schema-branch-added': potentially('medium', 'A oneOf/anyOf alternative was added to a response schema'),
  'response-schema-branch-removed': safe('info', 'A oneOf/anyOf alternative was removed from a response schema'),
  'response-header-removed': potentially('medium', 'A response header was removed'),
  'field-deprecated': safe('info', 'A request or response field was deprecated'),

  // Security.
  'security-added': breaking('high', 'An operation that was public now requires authentication'),
  'security-removed': potentially('medium', 'An operation that required authentication is now public'),
  'security-scheme-removed': breaking('high', 'A way to authenticate an operation was removed'),
  'security-scheme-added': safe('info', 'A new way to authenticate an operation was added'),
  'security-scope-added': breaking('high', 'An operation requires an additional OAuth scope'),
  'security-scope-removed': safe('info', 'An operation requires fewer OAuth scopes'),
  'security-scheme-changed': breaking('high', 'A security scheme definition changed (type, location or name)'),
} as const satisfies Record<string, RuleInfo>;

/** A rule id of the catalogue. */
export type RuleId = keyof typeof RULES;

/** Every rule id of the given family. */
export function rulesOf(family: RuleFamily): RuleId[] {
  return (Object.keys(RULES) as RuleId[]).filter((id) => RULES[id].family === family);
}

/** The catalogue entry of a rule id; PII rules and unknown ids fall back to a drift rule of medium severity. */
export function ruleInfo(rule: string): RuleInfo {
  return (RULES as Record<string, RuleInfo>)[rule] ?? drift('medium', rule);
}
