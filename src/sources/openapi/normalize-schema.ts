import type { Diagnostic, PiiTag, Schema, SchemaType } from '../../model/index.js';
import { type DocumentSet, escapePointerSegment } from './document-set.js';
import type { ParsedDocument } from './parse-document.js';
import { ASSERTION_SCHEMA_KEYWORDS, COPIED_SCHEMA_KEYWORDS } from './schema-keywords.js';

const TYPE_ORDER: SchemaType[] = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'];
const SCHEMA_TYPES = new Set<string>(TYPE_ORDER);

/** Position of each copied keyword in {@link COPIED_SCHEMA_KEYWORDS}. */
const COPIED_INDEX = new Map<string, number>(COPIED_SCHEMA_KEYWORDS.map((k, i) => [k, i]));

/**
 * The keywords {@link SchemaNormalizer.normalize} reads from one raw schema object. Raw objects come in thousands of
 * shapes (one per key order), so reading forty mostly absent keywords off each one by name goes through V8's slow
 * megamorphic path; one pass over the keys the object does have fills this fixed shape instead.
 */
interface RawKeywords {
  $ref: unknown;
  type: unknown;
  nullable: unknown;
  xNullable: unknown;
  xPii: unknown;
  description: unknown;
  minimum: unknown;
  maximum: unknown;
  exclusiveMinimum: unknown;
  exclusiveMaximum: unknown;
  enum: unknown;
  examples: unknown;
  example: unknown;
  required: unknown;
  properties: unknown;
  items: unknown;
  prefixItems: unknown;
  additionalProperties: unknown;
  not: unknown;
  discriminator: unknown;
  oneOf: unknown;
  anyOf: unknown;
  allOf: unknown;
  /** Values of {@link COPIED_SCHEMA_KEYWORDS} by position; undefined when the object has none. */
  copied: unknown[] | undefined;
  /** {@link ASSERTION_SCHEMA_KEYWORDS} present, as written; undefined when the object has none. */
  assertions: Record<string, unknown> | undefined;
  /** Whether any `x-` key other than the mapped ones is present (see {@link readExtensions}). */
  hasExtensions: boolean;
}

function readKeywords(node: Record<string, unknown>): RawKeywords {
  const f: RawKeywords = {
    $ref: undefined,
    type: undefined,
    nullable: undefined,
    xNullable: undefined,
    xPii: undefined,
    description: undefined,
    minimum: undefined,
    maximum: undefined,
    exclusiveMinimum: undefined,
    exclusiveMaximum: undefined,
    enum: undefined,
    examples: undefined,
    example: undefined,
    required: undefined,
    properties: undefined,
    items: undefined,
    prefixItems: undefined,
    additionalProperties: undefined,
    not: undefined,
    discriminator: undefined,
    oneOf: undefined,
    anyOf: undefined,
    allOf: undefined,
    copied: undefined,
    assertions: undefined,
    hasExtensions: false,
  };
  // for…in, like the property reads it replaces, sees inherited enumerable keys too (plain data has none).
  for (const k in node) {
    const value = node[k];
    const copiedAt = COPIED_INDEX.get(k);
    if (copiedAt !== undefined) {
      f.copied ??= [];
      f.copied[copiedAt] = value;
    }
    switch (k) {
      case '$ref':
        f.$ref = value;
        break;
      case 'type':
        f.type = value;
        break;
      case 'nullable':
        f.nullable = value;
        break;
      case 'x-nullable':
        f.xNullable = value;
        break;
      case 'x-pii':
        f.xPii = value;
        break;
      case 'description':
        f.description = value;
        break;
      case 'minimum':
        f.minimum = value;
        break;
      case 'maximum':
        f.maximum = value;
        break;
      case 'exclusiveMinimum':
        f.exclusiveMinimum = value;
        break;
      case 'exclusiveMaximum':
        f.exclusiveMaximum = value;
        break;
      case 'enum':
        f.enum = value;
        break;
      case 'examples':
        f.examples = value;
        break;
      case 'example':
        f.example = value;
        break;
      case 'required':
        f.required = value;
        break;
      case 'properties':
        f.properties = value;
        break;
      case 'items':
        f.items = value;
        break;
      case 'prefixItems':
        f.prefixItems = value;
        break;
      case 'additionalProperties':
        f.additionalProperties = value;
        break;
      case 'not':
        f.not = value;
        break;
      case 'discriminator':
        f.discriminator = value;
        break;
      case 'oneOf':
        f.oneOf = value;
        break;
      case 'anyOf':
        f.anyOf = value;
        break;
      case 'allOf':
        f.allOf = value;
        break;
      default:
        if (k.startsWith('x-')) f.hasExtensions = true;
    }
    if (ASSERTION_SCHEMA_KEYWORDS.has(k)) {
      f.assertions ??= {};
      f.assertions[k] = value;
    }
  }
  return f;
}

/**
 * Turns raw schema objects of any OpenAPI version into {@link Schema} nodes, registering named schemas in
 * `schemas` so that recursive definitions stay finite.
 */
export class SchemaNormalizer {
  readonly schemas: Record<string, Schema> = {};
  private readonly keyByTarget = new Map<string, string>();
  /**
   * Key of each `$ref` already resolved, by the file it is written in and its text. A big spec repeats the same
   * few hundred refs tens of thousands of times; resolving is deterministic, so each is followed once.
   */
  private readonly keyByRef = new Map<ParsedDocument, Map<string, string>>();
  private readonly targetByKey = new Map<string, string>();
  private readonly pending = new Set<string>();

  constructor(
    private readonly docs: DocumentSet,
    private readonly diagnostics: Diagnostic[],
  ) {}

  /** Normalises a schema written in `doc`. `location` is where it is written (a property key, a named schema). */
  normalize(raw: unknown, doc: ParsedDocument, holder?: unknown, key?: string): Schema {
    if (raw === true || raw === undefined || raw === null) return {};
    if (raw === false) return { not: {} };
    if (typeof raw !== 'object' || Array.isArray(raw)) return {};
    const node = raw as Record<string, unknown>;
    const location = holder !== undefined ? doc.locate(holder, key) : undefined;
    const f = readKeywords(node);

    if (typeof f.$ref === 'string') {
      const ref = this.refNode(f.$ref, doc, node);
      const nullable = f.nullable === true || f.xNullable === true || hasNullType(f.type);
      const out: Schema = nullable ? { anyOf: [ref, { type: ['null'] }] } : ref;
      // A PII mark beside a ref (3.1 allows siblings; 3.0 docs write them anyway) belongs to this use of the schema.
      const pii = readPii(f.xPii);
      if (pii) out.pii = pii;
      if (typeof f.description === 'string' && nullable) out.description = f.description;
      if (location) out.location = location;
      return out;
    }

    const out: Schema = {};
    const types = normalizeType(f);
    if (types) out.type = types;
    if (f.copied !== undefined) {
      for (let i = 0; i < f.copied.length; i++) {
        const value = f.copied[i];
        if (value !== undefined) (out as Record<string, unknown>)[COPIED_SCHEMA_KEYWORDS[i] as string] = value;
      }
    }
    // 3.0 boolean exclusive bounds become 3.1 numeric ones so the same API compares equal across versions.
    if (f.exclusiveMinimum === true && typeof f.minimum === 'number') {
      out.exclusiveMinimum = f.minimum;
      delete out.minimum;
    } else if (typeof f.exclusiveMinimum === 'number') out.exclusiveMinimum = f.exclusiveMinimum;
    if (f.exclusiveMaximum === true && typeof f.maximum === 'number') {
      out.exclusiveMaximum = f.maximum;
      delete out.maximum;
    } else if (typeof f.exclusiveMaximum === 'number') out.exclusiveMaximum = f.exclusiveMaximum;
    if (Array.isArray(f.enum)) {
      // 3.0 writes `nullable` beside an enum; 3.1 lists null as a value. Keep null out of the enum, in `type`.
      const values = f.enum.filter((v) => v !== null);
      if (values.length !== f.enum.length) out.type = mergeTypes(out.type, ['null']);
      out.enum = values;
    }
    if (Array.isArray(f.examples)) out.examples = f.examples;
    else if (f.example !== undefined) out.examples = [f.example];
    // Order of `required` carries no meaning; sorted so equal schemas compare equal.
    if (Array.isArray(f.required)) out.required = f.required.filter((r): r is string => typeof r === 'string').sort();

    if (typeof f.properties === 'object' && f.properties !== null) {
      const props: Record<string, Schema> = {};
      for (const [name, value] of Object.entries(f.properties as Record<string, unknown>)) {
        props[name] = this.normalize(value, doc, f.properties, name);
      }
      out.properties = props;
    }
    if (f.items !== undefined && !Array.isArray(f.items)) out.items = this.normalize(f.items, doc);
    else if (Array.isArray(f.prefixItems) && f.prefixItems.length > 0)
      out.items = this.normalize(f.prefixItems[0], doc);
    if (f.additionalProperties === true || f.additionalProperties === false) {
      out.additionalProperties = f.additionalProperties;
    } else if (typeof f.additionalProperties === 'object' && f.additionalProperties !== null) {
      out.additionalProperties = this.normalize(f.additionalProperties, doc);
    }
    if (f.assertions !== undefined) out.assertions = f.assertions;
    if (typeof f.not === 'object' && f.not !== null) out.not = this.normalize(f.not, doc);
    if (typeof f.discriminator === 'object' && f.discriminator !== null) {
      const d = f.discriminator as Record<string, unknown>;
      if (typeof d.propertyName === 'string') {
        out.discriminator = { propertyName: d.propertyName };
        if (typeof d.mapping === 'object' && d.mapping !== null)
          out.discriminator.mapping = d.mapping as Record<string, string>;
      }
    } else if (typeof f.discriminator === 'string') out.discriminator = { propertyName: f.discriminator };

    if (Array.isArray(f.oneOf)) out.oneOf = f.oneOf.map((m) => this.normalize(m, doc));
    if (Array.isArray(f.anyOf)) out.anyOf = f.anyOf.map((m) => this.normalize(m, doc));
    simplifyNullableUnion(out);

    const pii = readPii(f.xPii);
    if (pii) out.pii = pii;
    if (f.hasExtensions) {
      const extensions = readExtensions(node, ['x-pii', 'x-nullable']);
      if (extensions) out.extensions = extensions;
    }

    let result = out;
    if (Array.isArray(f.allOf)) result = this.applyAllOf(out, f.allOf, doc);
    if (location) result.location = location;
    return result;
  }

  /** Key of the named schema a `$ref` points to, normalising it on first use. */
  private refNode(ref: string, doc: ParsedDocument, holder: unknown): Schema {
    let byRef = this.keyByRef.get(doc);
    if (byRef === undefined) {
      byRef = new Map();
      this.keyByRef.set(doc, byRef);
    }
    const known = byRef.get(ref);
    if (known !== undefined) return { $ref: known };
    const target = this.docs.resolve(ref, doc, holder);
    if (target.kind === 'unresolved') {
      this.diagnostics.push(target.diagnostic);
      return { extensions: { 'x-unresolved-ref': ref } };
    }
    const id = `${target.doc.file}#${target.pointer}`;
    let key = this.keyByTarget.get(id);
    if (key === undefined) {
      key = this.uniqueKey(schemaName(target.doc.file, target.pointer), id);
      this.keyByTarget.set(id, key);
      this.pending.add(key);
      const normalized = this.normalize(target.value, target.doc, target.container, target.key);
      // A ref to a ref collapses onto the final target so aliases compare equal.
      this.schemas[key] = normalized;
      this.pending.delete(key);
    }
    byRef.set(ref, key);
    return { $ref: key };
  }

  private uniqueKey(base: string, id: string): string {
    let key = base;
    let n = 2;
    while (this.targetByKey.has(key) && this.targetByKey.get(key) !== id) key = `${base}_${n++}`;
    this.targetByKey.set(key, id);
    return key;
  }

  /** Merges `allOf` members into the node where they agree; keeps `allOf` only on conflict or recursion. */
  private applyAllOf(base: Schema, members: unknown[], doc: ParsedDocument): Schema {
    const normalized = members.map((m) => this.normalize(m, doc));
    const structuralSiblings = Object.keys(base).some(
      (k) => !['description', 'title', 'examples', 'type', 'extensions'].includes(k),
    );
    // `allOf: [$ref]` beside doc-only keywords is the 3.0 way to annotate a ref: it is the ref.
    if (normalized.length === 1 && normalized[0]?.$ref !== undefined && !structuralSiblings) {
      const only = normalized[0];
      if (base.type?.length === 1 && base.type[0] === 'null') return { anyOf: [only, { type: ['null'] }] };
      if (base.type === undefined) return base.description ? { ...only } : only;
    }
    let merged: Schema | undefined = { ...base };
    for (const member of normalized) {
      const resolved = this.resolveForMerge(member);
      if (resolved === undefined) {
        merged = undefined;
        break;
      }
      merged = mergeSchemas(merged, resolved);
      if (merged === undefined) break;
    }
    if (merged !== undefined) {
      const refs = normalized.flatMap((m) => (m.$ref !== undefined ? [m.$ref] : []));
      if (refs.length > 0) merged.allOfRefs = refs;
      return merged;
    }
    return { ...base, allOf: normalized };
  }

  private resolveForMerge(schema: Schema): Schema | undefined {
    let current = schema;
    const seen = new Set<string>();
    while (current.$ref !== undefined) {
      if (this.pending.has(current.$ref) || seen.has(current.$ref)) return undefined;
      seen.add(current.$ref);
      const next = this.schemas[current.$ref];
      if (next === undefined) return undefined;
      current = next;
    }
    return current;
  }
}

/** Name for a schema at `pointer` in `file`: the component name where there is one. */
function schemaName(file: string, pointer: string): string {
  const segments = pointer.split('/').filter(Boolean);
  const last = segments[segments.length - 1];
  const parent = segments[segments.length - 2];
  if (last !== undefined && (parent === 'schemas' || parent === 'definitions'))
    return last.replace(/~1/g, '/').replace(/~0/g, '~');
  const base = (file.split('/').pop() ?? file).replace(/\.(ya?ml|json)$/i, '');
  return segments.length === 0 ? base : `${base}#/${segments.map(escapePointerSegment).join('/')}`;
}

function hasNullType(type: unknown): boolean {
  return Array.isArray(type) && type.includes('null');
}

function normalizeType(f: RawKeywords): SchemaType[] | undefined {
  const raw = f.type;
  let types: SchemaType[] | undefined;
  if (typeof raw === 'string' && SCHEMA_TYPES.has(raw)) types = [raw as SchemaType];
  else if (Array.isArray(raw)) types = raw.filter((t): t is SchemaType => typeof t === 'string' && SCHEMA_TYPES.has(t));
  else if (raw === 'file') types = ['string'];
  if (f.nullable === true || f.xNullable === true) types = types ? mergeTypes(types, ['null']) : undefined;
  return types ? sortTypes(types) : undefined;
}

function sortTypes(types: SchemaType[]): SchemaType[] {
  // Nearly every schema has one type: nothing to dedupe or order.
  if (types.length === 1) return [types[0] as SchemaType];
  return [...new Set(types)].sort((a, b) => TYPE_ORDER.indexOf(a) - TYPE_ORDER.indexOf(b));
}

function mergeTypes(a: SchemaType[] | undefined, b: SchemaType[]): SchemaType[] {
  return sortTypes([...(a ?? []), ...b]);
}

/** `anyOf: [X, {type: null}]` (3.1's nullable) becomes X with `null` in its type when X is inline. */
function simplifyNullableUnion(schema: Schema): void {
  if (schema.oneOf === undefined && schema.anyOf === undefined) return;
  for (const combinator of ['oneOf', 'anyOf'] as const) {
    const members = schema[combinator];
    if (members?.length !== 2) continue;
    const nullIndex = members.findIndex(
      (m) => m.type?.length === 1 && m.type[0] === 'null' && Object.keys(m).length === 1,
    );
    if (nullIndex === -1) continue;
    const other = members[1 - nullIndex] as Schema;
    if (other.$ref !== undefined) {
      if (combinator === 'oneOf') {
        delete schema.oneOf;
        schema.anyOf = [other, { type: ['null'] }];
      }
      continue;
    }
    if (other.type === undefined) continue;
    delete schema[combinator];
    Object.assign(schema, { ...other, type: mergeTypes(other.type, ['null']) });
  }
}

/** Merges two schemas for `allOf`; undefined when they conflict. */
function mergeSchemas(a: Schema, b: Schema): Schema | undefined {
  const out: Schema = { ...a };
  if (b.type !== undefined) {
    if (a.type === undefined) out.type = b.type;
    else {
      const both = a.type.filter((t) => b.type?.includes(t) || (t === 'integer' && b.type?.includes('number')));
      if (both.length === 0) return undefined;
      out.type = both;
    }
  }
  if (b.properties) {
    const props: Record<string, Schema> = { ...(a.properties ?? {}) };
    for (const [name, value] of Object.entries(b.properties)) {
      const existing = props[name];
      if (existing === undefined) props[name] = value;
      else {
        const m = mergeSchemas(existing, value);
        if (m === undefined) return undefined;
        props[name] = m;
      }
    }
    out.properties = props;
  }
  if (b.required) out.required = [...new Set([...(a.required ?? []), ...b.required])].sort();
  if (b.enum) out.enum = a.enum ? a.enum.filter((v) => b.enum?.includes(v)) : b.enum;
  for (const [key, value] of Object.entries(b) as [keyof Schema, unknown][]) {
    if (['type', 'properties', 'required', 'enum', 'location', 'allOfRefs'].includes(key)) continue;
    if (out[key] === undefined) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

/** `x-pii: ssn` or `x-pii: {category, hipaa}`. */
export function readPii(raw: unknown): PiiTag | undefined {
  if (typeof raw === 'string') return { category: raw };
  if (raw === true) return { category: 'unspecified' };
  if (typeof raw === 'object' && raw !== null && typeof (raw as { category?: unknown }).category === 'string') {
    const r = raw as Record<string, unknown>;
    const tag: PiiTag = { category: r.category as string };
    if (typeof r.hipaa === 'string') tag.hipaa = r.hipaa;
    if (typeof r.phi === 'boolean') tag.phi = r.phi;
    return tag;
  }
  return undefined;
}

/** `x-*` keys of an object, verbatim, minus the ones already mapped. */
export function readExtensions(
  node: Record<string, unknown>,
  skip: string[] = [],
): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(node)) {
    if (key.startsWith('x-') && !skip.includes(key)) {
      out ??= {};
      out[key] = node[key];
    }
  }
  return out;
}
