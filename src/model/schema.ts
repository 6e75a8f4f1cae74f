import type { SourceLocation } from './evidence.js';
import type { ObservedValueStats } from './observed.js';

/** JSON Schema primitive type names, `null` included (3.0 `nullable: true` becomes a `null` entry). */
export type SchemaType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

/** PII tag carried by a schema node: from an `x-pii` extension in the doc, or added by the classifier. */
export interface PiiTag {
  category: string;
  /** HIPAA Safe Harbor identifier letter, A–R. */
  hipaa?: string;
  phi?: boolean;
  confidence?: number;
}

/**
 * A normalised JSON Schema node.
 *
 * Normalisation rules shared by every view:
 * - `type` is always an array when present, sorted, with `null` for nullable (3.0 `nullable`, 3.1 type arrays and
 *   2.0 `x-nullable` all land here);
 * - `allOf` is merged into the node where the members are compatible (kept as `allOf` only when they conflict);
 * - a named schema (`#/components/schemas/X`, `#/definitions/X`, or a schema in another file) is kept as a
 *   `{ $ref: key }` node pointing into {@link ApiSurface.schemas}, so recursive schemas stay finite; use
 *   `resolveSchema()` to follow it.
 * - documentation-only keywords (`description`, `title`, `example(s)`) are kept but never compared.
 */
export interface Schema {
  /** Key into {@link ApiSurface.schemas} when this node is a reference to a named schema. */
  $ref?: string;
  type?: SchemaType[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  /** Only when members could not be merged. */
  allOf?: Schema[];
  /**
   * The named schemas an `allOf` of this node listed, when the members were merged into it: a request schema gaining
   * a member is a change generated clients see (a new parent type) even where it adds no constraint.
   */
  allOfRefs?: string[];
  /**
   * JSON Schema 2020-12 assertions the engines do not interpret (`contains`, `if`/`then`/`else`, `dependentRequired`,
   * `dependentSchemas`, `unevaluatedItems`, `unevaluatedProperties`, `prefixItems`, `propertyNames`,
   * `patternProperties`, `contentEncoding`, `contentMediaType`, `contentSchema`), as written: compared by value, so
   * adding, removing or changing one is still seen.
   */
  assertions?: Record<string, unknown>;
  not?: Schema;
  discriminator?: { propertyName: string; mapping?: Record<string, string> };
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minProperties?: number;
  maxProperties?: number;
  minContains?: number;
  maxContains?: number;
  readOnly?: boolean;
  writeOnly?: boolean;
  deprecated?: boolean;
  title?: string;
  description?: string;
  examples?: unknown[];
  /** `x-pii` from the doc, or the classifier's tag. */
  pii?: PiiTag;
  /** Other `x-*` extensions, verbatim. */
  extensions?: Record<string, unknown>;
  /** Where this node is written (doc line, or code line for declared types). */
  location?: SourceLocation;
  /** Observed view only: what traffic showed for this value (counts, validator hits), never a value. */
  observed?: ObservedValueStats;
  /**
   * Implemented view only: the framework's serializer puts this property in every response even though the
   * declaration makes it optional (a pydantic field with a default, a Go field without `omitempty`).
   */
  alwaysSent?: boolean;
  /**
   * Implemented view only, request fields: the code says outright that the field may be left out (Go's
   * `binding:"omitempty,…"`, which skips every rule after it on an absent field; Flask's `content.get("text", "")`,
   * a default for an absent field), so a request without it is accepted whatever the docs say. Silence is not this: a
   * field no rule names may still be checked by hand.
   */
  declaredOptional?: boolean;
  /** Implemented view only: `likely` when the code view inferred this node (through a call, an ORM query); else certain. */
  confidence?: Confidence;
}

/** How sure the implemented view is of a fact: written outright in the handler, or inferred through a call or an ORM. */
export type Confidence = 'certain' | 'likely';
