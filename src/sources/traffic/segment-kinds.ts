import { isDelimitedSsn, isEmail, isPhone } from '../../pii/index.js';
import type { SegmentKind } from './exchange-shape.js';
import { isIp, isJwt } from './value-kinds.js';

const INT = /^\d+$/;
const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;
const ULID = /^[0-7][0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{25}$/;
const OBJECT_ID = /^[0-9a-f]{24}$/i;
const HEX = /^[0-9a-f]+$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}/;
const VERSION = /^v\d+(?:\.\d+)*(?:-?(?:alpha|beta|rc)\d*)?$|^\d+\.\d+(?:\.\d+)?$/i;
const DATED_VERSION = /^(?:19|20)\d\d-\d\d-\d\d$/;
/** Words: letters (any case) with `-`, `_`, `.` joins and at most two digits (`oauth2`, `s3`, `v1beta1`). */
const WORD = /^[A-Za-z][A-Za-z0-9]*(?:[-_.~][A-Za-z0-9]+)*$/;
const FHIR_OPERATION = /^\$[A-Za-z][A-Za-z0-9-]*$/;

/** Segments that are route structure wherever they appear. */
const RESERVED = new Set([
  'api',
  'rest',
  'graphql',
  'metadata',
  '_history',
  '_search',
  '.well-known',
  'fhir',
  'r4',
  'r5',
  'stu3',
  'dstu2',
]);

/**
 * FHIR R4 resource types commonly served; they are route structure though capitalised, and their child segment is
 * a logical id named `{id}`.
 */
export const FHIR_RESOURCE_TYPES = new Set([
  'Account',
  'AllergyIntolerance',
  'Appointment',
  'AppointmentResponse',
  'AuditEvent',
  'Basic',
  'Binary',
  'BodyStructure',
  'Bundle',
  'CapabilityStatement',
  'CarePlan',
  'CareTeam',
  'ChargeItem',
  'Claim',
  'ClaimResponse',
  'ClinicalImpression',
  'CodeSystem',
  'Communication',
  'CommunicationRequest',
  'Composition',
  'ConceptMap',
  'Condition',
  'Consent',
  'Contract',
  'Coverage',
  'CoverageEligibilityRequest',
  'CoverageEligibilityResponse',
  'DetectedIssue',
  'Device',
  'DeviceRequest',
  'DeviceUseStatement',
  'DiagnosticReport',
  'DocumentReference',
  'Encounter',
  'Endpoint',
  'EpisodeOfCare',
  'ExplanationOfBenefit',
  'FamilyMemberHistory',
  'Flag',
  'Goal',
  'Group',
  'HealthcareService',
  'ImagingStudy',
  'Immunization',
  'ImmunizationRecommendation',
  'Invoice',
  'List',
  'Location',
  'Media',
  'Medication',
  'MedicationAdministration',
  'MedicationDispense',
  'MedicationRequest',
  'MedicationStatement',
  'MessageHeader',
  'NutritionOrder',
  'Observation',
  'OperationOutcome',
  'Organization',
  'OrganizationAffiliation',
  'Patient',
  'PaymentNotice',
  'PaymentReconciliation',
  'Person',
  'Practitioner',
  'PractitionerRole',
  'Procedure',
  'Provenance',
  'Questionnaire',
  'QuestionnaireResponse',
  'RelatedPerson',
  'RequestGroup',
  'ResearchStudy',
  'ResearchSubject',
  'RiskAssessment',
  'Schedule',
  'ServiceRequest',
  'Slot',
  'Specimen',
  'Subscription',
  'Substance',
  'SupplyDelivery',
  'SupplyRequest',
  'Task',
  'ValueSet',
  'VisionPrescription',
]);

/**
 * Words that stay constants under a collection even beside `{id}` children and never collapse by cardinality
 * (`/patients/search` vs `/patients/{patientId}`, `/users/me`).
 */
export const PROTECTED_WORDS = new Set([
  'me',
  'self',
  'current',
  'mine',
  'search',
  'count',
  'export',
  'import',
  'new',
  'edit',
  'batch',
  'bulk',
  'all',
  'latest',
  'first',
  'last',
  'recent',
  'summary',
  'stats',
  'status',
  'health',
  'healthz',
  'ready',
  'readyz',
  'live',
  'livez',
  'ping',
  'metrics',
  'login',
  'logout',
  'token',
  'refresh',
  'callback',
  'authorize',
  'register',
  'verify',
  'settings',
  'config',
  'profile',
  'history',
  'default',
  'list',
  'find',
  'query',
  'lookup',
  'validate',
  'upload',
  'download',
  'create',
  'update',
  'delete',
  'cancel',
  'confirm',
  'approve',
  'reject',
  'archive',
  'restore',
]);

/** Whether a static segment is route structure that never becomes a parameter. */
export function isReservedSegment(text: string, index: number, previous?: string): boolean {
  if (index === 0) return true;
  if (RESERVED.has(text.toLowerCase()) || VERSION.test(text) || FHIR_OPERATION.test(text)) return true;
  if (FHIR_RESOURCE_TYPES.has(text)) return true;
  // A date right after the root, `api` or a version segment is a dated API version (`/2023-10-01/…`).
  if (DATED_VERSION.test(text) && (previous === undefined || index <= 1 || isVersionLike(previous))) return true;
  return false;
}

function isVersionLike(text: string): boolean {
  return RESERVED.has(text.toLowerCase()) || VERSION.test(text);
}

/** Whether `text` passes the secret-like entropy test: mixed classes, many unique characters. */
function looksOpaque(text: string): boolean {
  if (text.length < 10) return false;
  let digits = 0;
  let lower = 0;
  let upper = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c >= 97 && c <= 122) lower++;
    else if (c >= 65 && c <= 90) upper++;
    else other++;
  }
  const classes = (lower > 0 ? 1 : 0) + (upper > 0 ? 1 : 0) + (other > 0 ? 1 : 0);
  return digits > 0 && classes >= 2 && new Set(text).size / text.length > 0.5;
}

/**
 * Reduces one decoded path segment to its kind. A `static` result means the text may be kept: a word, a version,
 * a FHIR resource type or operation. Everything that looks like an id or a personal value is typed and its text
 * dropped.
 *
 * @param previous the previous segment's text when it was static (for dated versions).
 */
export function classifySegment(text: string, index: number, previous?: string): SegmentKind {
  if (staticWords.has(text)) return 'static';
  if (text.length === 0) return 'other';
  if (INT.test(text)) return 'int';
  if (text.length === 36 && UUID.test(text)) return 'uuid';
  if (DATE.test(text) || DATE_TIME.test(text)) {
    if (DATED_VERSION.test(text) && (index === 0 || previous === undefined || isVersionLike(previous))) return 'static';
    return 'date';
  }
  if (text.length === 24 && OBJECT_ID.test(text)) return 'objectid';
  if ((text.length === 32 || text.length === 40 || text.length === 64 || text.length === 128) && HEX.test(text))
    return 'hash';
  if (text.length === 26 && ULID.test(text) && /\d/.test(text)) return 'ulid';
  if (text.includes('@')) return isEmail(text) ? 'email' : 'other';
  if (isDelimitedSsn(text)) return 'ssn';
  if (isIp(text)) return 'ip';
  if (isPhone(text)) return 'phone';
  if (text.length > 20 && isJwt(text)) return 'token';
  if (FHIR_OPERATION.test(text) || FHIR_RESOURCE_TYPES.has(text)) return rememberStatic(text);
  if (VERSION.test(text) || RESERVED.has(text.toLowerCase())) return rememberStatic(text);
  if (text.length <= 64 && WORD.test(text)) {
    const digits = countDigits(text);
    if (digits === 0) return rememberStatic(text);
    // A few digits in a word (oauth2, v1beta1, s3) are structure; more are an id (INV-2024-0001, abc123).
    if (digits <= 2 && !/[-_.~]\d+$/.test(text) && !looksOpaque(text)) return rememberStatic(text);
    return 'opaque';
  }
  if (looksOpaque(text)) return 'opaque';
  return 'other';
}

// Words found static past the date test: their kind depends on neither position nor neighbour, and they are
// structure (kept in accumulators anyway), so they may be remembered; a value-like text never is.
const staticWords = new Set<string>();

function rememberStatic(text: string): 'static' {
  if (staticWords.size >= 10_000) staticWords.clear();
  staticWords.add(text);
  return 'static';
}

function countDigits(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/** Whether an object key looks like a value (an id, email, date…), making the object a map. */
export function keyLooksLikeValue(key: string): boolean {
  // Only answers are cached, and only for keys that are structure: a value-like key is never remembered.
  if (structuralKeys.has(key)) return false;
  const kind = classifySegment(key, 1);
  const valueLike = kind !== 'static' && kind !== 'other';
  if (!valueLike) {
    if (structuralKeys.size >= 10_000) structuralKeys.clear();
    structuralKeys.add(key);
  }
  return valueLike;
}

const structuralKeys = new Set<string>();

/** Kinds whose value is personal data in a URL. */
export const PII_SEGMENT_KINDS: ReadonlySet<SegmentKind> = new Set<SegmentKind>(['email', 'ip', 'phone', 'ssn']);
