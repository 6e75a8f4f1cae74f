export {
  isRuleId,
  noticeRuleId,
  RULE_FAMILIES,
  RULES,
  type RuleFamily,
  type RuleId,
  type RuleInfo,
  rulesOf,
} from './catalogue.js';
export { fingerprintOf } from './fingerprint.js';
export { RULES_REFERENCE_MARKER, renderRuleSection, renderRulesReference } from './render-reference.js';
