export {
  type ClassifierOptions,
  compileClassifierOptions,
  compileFieldGlob,
  DEFAULT_CLASSIFIER_OPTIONS,
  type PiiSettings,
} from './classifier-options.js';
export { classifyField, confidenceBand, detectSecret, wilsonLowerBound } from './classify-field.js';
export {
  type ClassifiedPiiField,
  classifyOperationFields,
  classifyOperationPii,
  createInventoryPiiClassifier,
  type OperationField,
  toInventoryPiiField,
  toPiiFields,
} from './classify-surface.js';
export {
  type CodeAuthView,
  findPiiInUrl,
  findPiiWithoutAuth,
  findSecretsInResponses,
  findUndocumentedPii,
  type PiiFindingOptions,
  type PiiRule,
  type UnauthenticatedObservation,
} from './pii-findings.js';
export { parseFieldPath, tokenizeName } from './tokenize.js';
export type {
  ConfidenceBand,
  FieldClassification,
  FieldInput,
  FieldLocation,
  FieldStructure,
  Subject,
  ValidatorName,
  ValueStats,
} from './types.js';
export {
  detectValueKinds,
  ipVersion,
  isAbaRouting,
  isCnpj,
  isCpf,
  isDea,
  isDelimitedSsn,
  isEmail,
  isHandle,
  isHonorificName,
  isIban,
  isMbi,
  isNpi,
  isPaymentCard,
  isPersonNameShape,
  isPhone,
  isUndelimitedSsn,
  isVin,
  MAX_VALIDATED_VALUES,
  passesLuhn,
  secretShape,
  summarizeValues,
} from './validators.js';
