import type { Diagnostic, PiiTag, Schema, SchemaType } from '../../model/index.js';
import { type DocumentSet, escapePointerSegment } from './document-set.js';
import type { ParsedDocument } from './parse-document.js';
import { COPIED_SCHEMA_KEYWORDS } from './schema-keywords.js';

const TYPE_ORDER: SchemaType[] = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'];
const SCHEMA_TYPES = new Set<string>(TYPE_ORDER);

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
  private readonly keyByRef = new Map<string, string>();
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

    if (typeof node.$ref === 'string') {
      const ref = this.refNode(node.$ref, doc, node);
      const nullable = node.nullable === true || node['x-nullable'] === true || hasNullType(node.type);
      const out: Schema = nullable ? { anyOf: [ref, { type: ['null'] }] } : ref;
      // A PII mark beside a ref (3.1 allows siblings; 3.0 docs write them anyway) belongs to this use of the schema.
      const pii = readPii(node['x-pii']);
      if (pii) out.pii = pii;
      if (typeof node.description === 'string' && nullable) out.description = node.description;
      if (location) out.location = location;
      return out;
    }

    const out: Schema = {};
    const types = normalizeType(node);
    if (types) out.type = types;
    for (const k of COPIED_SCHEMA_KEYWORDS) {
      if (node[k] !== undefined) (out as Record<string, unknown>)[k] = node[k];
    }
    // 3.0 boolean exclusive bounds become 3.1 numeric ones so the same API compares equal across versions.
    if (node.exclusiveMinimum === true && typeof node.minimum === 'number') {
      out.exclusiveMinimum = node.minimum;
      delete out.minimum;
    } else if (typeof node.exclusiveMinimum === 'number') out.exclusiveMinimum = node.exclusiveMinimum;
    if (node.exclusiveMaximum === true && typeof node.maximum === 'number') {
      out.exclusiveMaximum = node.maximum;
      delete out.maximum;
    } else if (typeof node.exclusiveMaximum === 'number') out.exclusiveMaximum = node.exclusiveMaximum;
    if (Array.isArray(node.enum)) {
      // 3.0 writes `nullable` beside an enum; 3.1 lists null as a value. Keep null out of the enum, in `type`.
      const values = node.enum.filter((v) => v !== null);
      if (values.length !== node.enum.length) out.type = mergeTypes(out.type, ['null']);
      out.enum = values;
    }
    if (Array.isArray(node.examples)) out.examples = node.examples;
    else if (node.example !== undefined) out.examples = [node.example];
    // Order of `required` carries no meaning; sorted so equal schemas compare equal.
    if (Array.isArray(node.required))
      out.required = node.required.filter((r): r is string => typeof r === 'string').sort();

    if (typeof node.properties === 'object' && node.properties !== null) {
      const props: Record<string, Schema> = {};
      for (const [name, value] of Object.entries(node.properties as Record<string, unknown>)) {
        props[name] = this.normalize(value, doc, node.properties, name);
      }
      out.properties = props;
    }
    if (node.items !== undefined && !Array.isArray(node.items)) out.items = this.normalize(node.items, doc);
    else if (Array.isArray(node.prefixItems) && node.prefixItems.length > 0)
      out.items = this.normalize(node.prefixItems[0], doc);
    if (node.additionalProperties === true || node.additionalProperties === false) {
      out.additionalProperties = node.additionalProperties;
    } else if (typeof node.additionalProperties === 'object' && node.additionalProperties !== null) {
      out.additionalProperties = this.normalize(node.additionalProperties, doc);
    }
    if (typeof node.not === 'object' && node.not !== null) out.not = this.normalize(node.not, doc);
    if (typeof node.discriminator === 'object' && node.discriminator !== null) {
      const d = node.discriminator as Record<string, unknown>;
      if (typeof d.propertyName === 'string') {
        out.discriminator = { propertyName: d.propertyName };
        if (typeof d.mapping === 'object' && d.mapping !== null)
          out.discriminator.mapping = d.mapping as Record<string, string>;
      }
    } else if (typeof node.discriminator === 'string') out.discriminator = { propertyName: node.discriminator };

    for (const combinator of ['oneOf', 'anyOf'] as const) {
      const members = node[combinator];
      if (Array.isArray(members)) out[combinator] = members.map((m) => this.normalize(m, doc));
    }
    simplifyNullableUnion(out);

    const pii = readPii(node['x-pii']);
    if (pii) out.pii = pii;
    const extensions = readExtensions(node, ['x-pii', 'x-nullable']);
    if (extensions) out.extensions = extensions;

    let result = out;
    if (Array.isArray(node.allOf)) result = this.applyAllOf(out, node.allOf, doc);
    if (location) result.location = location;
    return result;
  }

  /** Key of the named schema a `$ref` points to, normalising it on first use. */
  private refNode(ref: string, doc: ParsedDocument, holder: unknown): Schema {
    const refId = `${doc.file}\u0000${ref}`;
    const known = this.keyByRef.get(refId);
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
    this.keyByRef.set(refId, key);
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
    if (merged !== undefined) return merged;
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

function normalizeType(node: Record<string, unknown>): SchemaType[] | undefined {
  const raw = node.type;
  let types: SchemaType[] | undefined;
  if (typeof raw === 'string' && SCHEMA_TYPES.has(raw)) types = [raw as SchemaType];
  else if (Array.isArray(raw)) types = raw.filter((t): t is SchemaType => typeof t === 'string' && SCHEMA_TYPES.has(t));
  else if (raw === 'file') types = ['string'];
  if (node.nullable === true || node['x-nullable'] === true) types = types ? mergeTypes(types, ['null']) : undefined;
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
    if (['type', 'properties', 'required', 'enum', 'location'].includes(key)) continue;
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
