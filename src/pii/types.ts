import type { SchemaType } from '../model/index.js';

/** Where a field travels: the prefix of inventory field paths (`response.200.ssn`, `query.email`). */
export type FieldLocation = 'request' | 'response' | 'query' | 'path' | 'header' | 'cookie';

/** Names of the value validators; observed shapes record hit counts under these names. */
export type ValidatorName =
  | 'email'
  | 'phone'
  | 'ssn'
  | 'ssn-undelimited'
  | 'npi'
  | 'card'
  | 'dea'
  | 'mbi'
  | 'iban'
  | 'aba'
  | 'ip'
  | 'zip'
  | 'zip4'
  | 'date'
  | 'vin'
  | 'url'
  | 'uuid'
  | 'epoch'
  | 'cpf'
  | 'cnpj'
  | 'person-name'
  | 'organisation-name'
  | 'masked'
  | 'honorific-name'
  | 'password-hash'
  | 'jwt'
  | 'private-key'
  | 'api-key'
  | 'numeral'
  | 'handle';

/**
 * What the edge keeps of a field's values: how many were seen and how many passed each validator.
 * Never the values themselves.
 */
export interface ValueStats {
  /** Non-null values seen. */
  samples: number;
  /** Distinct values seen, when the edge counts them (keyed hashes, never values). */
  distinct?: number;
  /** Validator name → values that passed it. */
  hits: Partial<Record<ValidatorName, number>>;
}

/** FHIR sibling facts that decide what an `identifier[].value` or `telecom[].value` is. Codes, never values. */
export interface FieldStructure {
  /** Sibling `system`: an identifier NamingSystem URI (`http://hl7.org/fhir/sid/us-ssn`) or a ContactPoint system (`email`). */
  system?: string;
  /** Sibling `type.coding[].code` of an identifier (v2-0203: `SS`, `MR`, `MB`, `DL`, …). */
  typeCode?: string;
}

/** One field to classify: a documented schema property or an observed shape. */
export interface FieldInput {
  /**
   * Dotted path, arrays as `[]`: `customer.address.line1`, `name[].given[]`. May start with a location and a status
   * (`response.200.ssn`, `query.email`) and with a FHIR resource type (`Patient.birthDate`).
   */
  path: string;
  /** Leaf property name when the caller already knows it (with {@link ancestry}): saves parsing the path. */
  leaf?: string;
  /** JSON Schema type(s) of the field; `array` fields should give their item type in {@link itemType}. */
  type?: SchemaType | string | readonly (SchemaType | string)[];
  /** Type of the items when the field is an array. */
  itemType?: SchemaType | string;
  format?: string;
  /** Documented `pattern`: a regex the values match (an email or E.164 pattern is evidence like a format). */
  pattern?: string;
  enum?: readonly unknown[];
  description?: string;
  /** Documented examples; validated in memory only. */
  examples?: readonly unknown[];
  /** Observed value statistics recorded at the edge. */
  values?: ValueStats;
  /** Overrides the location read from the path prefix. */
  location?: FieldLocation;
  /** `GET /v1/customers/{customer}`: its path gives context (`/patients/{id}` is patient-scoped). */
  operation?: string;
  /** Names of the sibling properties (same parent object). */
  siblings?: readonly string[];
  /**
   * Enclosing names nearest first, property names and named-schema keys interleaved (`['address', 'Address',
   * 'customer', 'Customer']`). When given it replaces the ancestors read from the path.
   */
  ancestry?: readonly string[];
  structure?: FieldStructure;
  /** The operation carries health data (set by the surface classifier); derived from the path when absent. */
  healthContext?: boolean;
}

/** Whose data a field describes. */
export type Subject = 'patient' | 'person' | 'provider' | 'organization' | 'thing' | 'unknown';

/** Confidence bands (research A6.6): confirmed ≥ 0.85, likely ≥ 0.60, candidate ≥ 0.35. */
export type ConfidenceBand = 'confirmed' | 'likely' | 'candidate' | 'none';

/** The classifier's verdict on one field. */
export interface FieldClassification {
  /** True from the `likely` band up. */
  pii: boolean;
  /** PII that identifies a patient (or relative) on an endpoint carrying health data. */
  phi: boolean;
  /** Top category (`email`, `ssn`, `name`, …), null when nothing reached the candidate band. */
  category: string | null;
  /** HIPAA Safe Harbor letter A–R, when the category has one. */
  hipaa: string | null;
  /** Probability of the top category, rounded to 2 decimals. */
  confidence: number;
  band: ConfidenceBand;
  subject: Subject;
  /** Why: short tokens such as `name:strong`, `value:npi 20/20`, `structure:us-ssn`, `negative:id`. */
  evidence: string[];
  /**
   * A credential the field carries (`password-hash`, `access-token`, `api-key`, …): never PII, always a secret that
   * must not leave in a response. Absent when the field is not one.
   */
  secret?: string;
}
