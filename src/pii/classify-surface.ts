import {
  type ApiSurface,
  type InventoryPiiField,
  type Operation,
  operationLabel,
  resolveSchema,
  type Schema,
} from '../model/index.js';
import { type ClassifierOptions, DEFAULT_CLASSIFIER_OPTIONS } from './classifier-options.js';
import { analyzeName, classifyField } from './classify-field.js';
import type { FieldClassification, FieldInput, FieldLocation, FieldStructure, ValueStats } from './types.js';

/** The observed view's counts on a schema node, as classifier value evidence. */
function valueStatsOf(schema: Schema, resolved: Schema): ValueStats | undefined {
  const observed = schema.observed ?? resolved.observed;
  if (observed === undefined) return undefined;
  const samples = observed.samples - observed.nulls;
  return samples > 0 ? { samples, distinct: observed.distinct, hits: observed.hits } : undefined;
}

/** One field of an operation with the classifier's verdict. */
export interface OperationField {
  /** `response.200.ssn`, `request.patient.email`, `query.email`, `path.ssn`, `header.x-forwarded-for`. */
  field: string;
  location: FieldLocation;
  /** Response status for response fields. */
  status?: string;
  /** Path inside the body (`patient.email`), or the parameter name. */
  name: string;
  schema: Schema;
  classification: FieldClassification;
}

/** A PII field of an operation: the inventory entry plus the schema node it came from. */
export interface ClassifiedPiiField extends InventoryPiiField {
  location: FieldLocation;
  status?: string;
  schema: Schema;
  /** Present when the classifier (rather than only the doc's `x-pii`) found it. */
  classification: FieldClassification;
}

const MAX_DEPTH = 12;
const MAX_FIELDS_PER_BODY = 5000;
/**
 * Named schemas followed from a body's root along one path. Deeper references are other resources a response links
 * to (Stripe's expandable objects); their fields are inventoried with their own operations, and following them from
 * every operation made a 468-operation spec cost 1.6 M classifications.
 */
const MAX_REF_HOPS = 3;

function firstLiteral(schema: Schema | undefined): string | undefined {
  if (schema === undefined) return undefined;
  const candidates = [
    schema.const,
    ...(schema.enum?.length === 1 ? schema.enum : []),
    schema.default,
    ...(schema.examples ?? []),
  ];
  for (const c of candidates) if (typeof c === 'string' && c.length < 200) return c;
  return undefined;
}

/** FHIR sibling facts of an `identifier`/`telecom` element: its `system` and `type.coding[].code` literals. */
function structureOf(surface: Pick<ApiSurface, 'schemas'>, parent: Schema): FieldStructure | undefined {
  const props = parent.properties;
  if (props === undefined || props.value === undefined) return undefined;
  const system = props.system ? firstLiteral(resolveSchema(surface, props.system)) : undefined;
  let typeCode: string | undefined;
  if (props.type !== undefined) {
    const type = resolveSchema(surface, props.type);
    const coding = type.properties?.coding;
    const codingItem = coding ? resolveSchema(surface, coding) : undefined;
    const code = codingItem?.items ? resolveSchema(surface, codingItem.items).properties?.code : undefined;
    typeCode = code ? firstLiteral(resolveSchema(surface, code)) : undefined;
  }
  return system !== undefined || typeCode !== undefined ? { system, typeCode } : undefined;
}

function refName(ref: string): string {
  const last = ref.split(/[/#]/).filter(Boolean).pop() ?? ref;
  return last.replace(/\.(?:ya?ml|json)$/i, '');
}

interface WalkTarget {
  location: FieldLocation;
  status?: string;
  prefix: string;
}

/**
 * Visits the properties of a body schema breadth-first with their enclosing names (property names and named-schema
 * keys interleaved, nearest first). Each named schema is expanded once per body, at its shallowest place: the same
 * schema under another path carries the same data, and Stripe-like specs with expandable references would otherwise
 * multiply into millions of paths.
 */
function walkBody(
  surface: Pick<ApiSurface, 'schemas'>,
  root: Schema,
  visit: (
    path: string,
    schema: Schema,
    resolved: Schema,
    parent: Schema,
    ancestry: readonly string[],
    name: string,
    instances: readonly unknown[] | undefined,
  ) => void,
): void {
  let count = 0;
  const expanded = new Set<string>();
  const queue: {
    node: Schema;
    path: string;
    ancestry: readonly string[];
    depth: number;
    hops: number;
    /** Example instances of this node, from its own schema or the example of an enclosing object or array. */
    instances?: readonly unknown[];
  }[] = [{ node: root, path: '', ancestry: [], depth: 0, hops: 0 }];
  for (let head = 0; head < queue.length && count < MAX_FIELDS_PER_BODY; head++) {
    const { node, path, ancestry, depth } = queue[head]!;
    let { hops } = queue[head]!;
    if (depth > MAX_DEPTH) continue;
    const ref = node.$ref;
    let context = ancestry;
    if (ref !== undefined) {
      if (expanded.has(ref) || ++hops > MAX_REF_HOPS) continue;
      expanded.add(ref);
      context = [refName(ref), ...ancestry];
    }
    const s = resolveSchema(surface, node);
    const instances = s.examples ?? node.examples ?? queue[head]!.instances;
    for (const [name, child] of Object.entries(s.properties ?? {})) {
      count++;
      const childPath = path ? `${path}.${name}` : name;
      const childInstances = memberInstances(instances, name);
      visit(childPath, child, resolveSchema(surface, child), s, context, name, childInstances);
      queue.push({
        node: child,
        path: childPath,
        ancestry: [name, ...context],
        depth: depth + 1,
        hops,
        instances: childInstances,
      });
    }
    if (s.items)
      queue.push({
        node: s.items,
        path: path ? `${path}[]` : '[]',
        ancestry: context,
        depth: depth + 1,
        hops,
        instances: itemInstances(instances),
      });
    for (const branch of [...(s.oneOf ?? []), ...(s.anyOf ?? []), ...(s.allOf ?? [])]) {
      queue.push({ node: branch, path, ancestry: context, depth: depth + 1, hops, instances });
    }
    if (typeof s.additionalProperties === 'object') {
      queue.push({
        node: s.additionalProperties,
        path: path ? `${path}.*` : '*',
        ancestry: context,
        depth: depth + 1,
        hops,
      });
    }
  }
}

const MAX_INSTANCES = 8;

/** The values an object's example instances give one of its properties (`{ email: "jane@…" }` → `["jane@…"]`). */
function memberInstances(instances: readonly unknown[] | undefined, name: string): readonly unknown[] | undefined {
  if (instances === undefined) return undefined;
  const out: unknown[] = [];
  for (const instance of instances) {
    if (typeof instance !== 'object' || instance === null || Array.isArray(instance)) continue;
    const value = (instance as Record<string, unknown>)[name];
    if (value !== undefined && value !== null) out.push(value);
    if (out.length >= MAX_INSTANCES) break;
  }
  return out.length > 0 ? out : undefined;
}

/** The items of an array's example instances. */
function itemInstances(instances: readonly unknown[] | undefined): readonly unknown[] | undefined {
  if (instances === undefined) return undefined;
  const out: unknown[] = [];
  for (const instance of instances) {
    if (!Array.isArray(instance)) continue;
    for (const item of instance) if (out.length < MAX_INSTANCES) out.push(item);
  }
  return out.length > 0 ? out : undefined;
}

/** Scalar example values a leaf's enclosing examples give it, as its own `examples` would. */
function scalarInstances(instances: readonly unknown[] | undefined): unknown[] | undefined {
  if (instances === undefined) return undefined;
  const out = instances.filter((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean');
  return out.length > 0 ? out : undefined;
}

function itemTypeOf(surface: Pick<ApiSurface, 'schemas'>, schema: Schema): string | undefined {
  if (schema.items === undefined) return undefined;
  const items = resolveSchema(surface, schema.items);
  return items.type?.find((t) => t !== 'null') ?? (items.properties ? 'object' : undefined);
}

const siblingCache = new WeakMap<Schema, readonly string[]>();

/** Property names of a parent schema, one array per schema so the classifier can memoise on it. */
function siblingNames(parent: Schema): readonly string[] {
  let names = siblingCache.get(parent);
  if (names === undefined) {
    names = Object.keys(parent.properties ?? {});
    siblingCache.set(parent, names);
  }
  return names;
}

function isContainer(schema: Schema): boolean {
  return schema.properties !== undefined && Object.keys(schema.properties).length > 0;
}

/**
 * Every field of an operation (request body, responses per status, path/query/header/cookie parameters) with the
 * classifier's verdict. Container objects are walked but not listed themselves; their leaves are.
 */
export function classifyOperationFields(
  surface: Pick<ApiSurface, 'schemas' | 'basePath'>,
  operation: Operation,
  options: ClassifierOptions = DEFAULT_CLASSIFIER_OPTIONS,
): OperationField[] {
  const label = operationLabel(operation, surface.basePath);
  const pending: { input: FieldInput; target: WalkTarget; name: string; schema: Schema }[] = [];
  let health = false;

  for (const parameter of operation.parameters) {
    const resolved = resolveSchema(surface, parameter.schema);
    const location: FieldLocation = parameter.in;
    pending.push({
      input: {
        path: `${location}.${parameter.name}`,
        type: resolved.type,
        itemType: itemTypeOf(surface, resolved),
        format: resolved.format,
        enum: resolved.enum,
        description: parameter.description ?? resolved.description,
        examples: resolved.examples,
        values: valueStatsOf(parameter.schema, resolved),
        location,
        operation: label,
      },
      target: { location, prefix: location },
      name: parameter.name,
      schema: parameter.schema,
    });
  }

  const bodies: { target: WalkTarget; schema: Schema }[] = [];
  for (const media of Object.values(operation.requestBody?.content ?? {})) {
    if (media.schema) bodies.push({ target: { location: 'request', prefix: 'request' }, schema: media.schema });
  }
  for (const response of operation.responses) {
    // Error bodies describe a failure; where they embed resources (Stripe's error carries a payment intent), listing
    // those fields on every operation buries the real exposure.
    if (isErrorStatus(response.status)) continue;
    for (const media of Object.values(response.content)) {
      if (media.schema) {
        bodies.push({
          target: { location: 'response', status: response.status, prefix: `response.${response.status}` },
          schema: media.schema,
        });
      }
    }
  }
  const seen = new Set<string>();
  for (const body of bodies) {
    if (body.schema.$ref !== undefined && analyzeName(refName(body.schema.$ref)).health) health = true;
    walkBody(surface, body.schema, (path, schema, resolved, parent, ancestry, name, instances) => {
      const field = `${body.target.prefix}.${path}`;
      if (seen.has(field)) return;
      seen.add(field);
      if (!health && analyzeName(name).health) health = true;
      if (isContainer(resolved) && resolved.pii === undefined) return;
      pending.push({
        input: {
          path: field,
          type: resolved.type,
          itemType: itemTypeOf(surface, resolved),
          format: resolved.format,
          enum: resolved.enum,
          description: resolved.description,
          // A spec often gives one example of the whole object rather than one per property: its members are the
          // properties' examples.
          examples: resolved.examples ?? scalarInstances(instances),
          values: valueStatsOf(schema, resolved),
          location: body.target.location,
          operation: label,
          leaf: name,
          siblings: siblingNames(parent),
          ancestry,
          structure: name === 'value' ? structureOf(surface, parent) : undefined,
        },
        target: body.target,
        name: path,
        schema,
      });
    });
  }

  return pending.map(({ input, target, name, schema }) => ({
    field: input.path,
    location: target.location,
    status: target.status,
    name,
    schema,
    classification: classifyField(health ? { ...input, healthContext: true } : input, options),
  }));
}

/** Turns classified fields into inventory PII entries: classifier hits, plus fields the doc tags with `x-pii`. */
export function toPiiFields(
  surface: Pick<ApiSurface, 'schemas'>,
  fields: readonly OperationField[],
): ClassifiedPiiField[] {
  const out: ClassifiedPiiField[] = [];
  for (const f of fields) {
    const tag = resolveSchema(surface, f.schema).pii ?? f.schema.pii;
    const c = f.classification;
    if (!c.pii && tag === undefined) continue;
    const entry: ClassifiedPiiField = {
      field: f.field,
      category: c.pii ? (c.category as string) : (tag?.category ?? 'pii'),
      phi: c.pii ? c.phi : (tag?.phi ?? false),
      confidence: c.pii ? c.confidence : (tag?.confidence ?? 1),
      documented: tag !== undefined,
      location: f.location,
      schema: f.schema,
      classification: c,
    };
    const hipaa = c.pii ? (c.hipaa ?? undefined) : tag?.hipaa;
    if (hipaa !== undefined) entry.hipaa = hipaa;
    if (f.status !== undefined) entry.status = f.status;
    out.push(entry);
  }
  return out;
}

/** The PII fields of one operation, ready for the inventory. */
export function classifyOperationPii(
  surface: Pick<ApiSurface, 'schemas' | 'basePath'>,
  operation: Operation,
  options: ClassifierOptions = DEFAULT_CLASSIFIER_OPTIONS,
): ClassifiedPiiField[] {
  return toPiiFields(surface, classifyOperationFields(surface, operation, options));
}

/** Strips a classified field down to the inventory contract. */
export function toInventoryPiiField(field: ClassifiedPiiField): InventoryPiiField {
  const out: InventoryPiiField = {
    field: field.field,
    category: field.category,
    phi: field.phi,
    confidence: field.confidence,
  };
  if (field.hipaa !== undefined) out.hipaa = field.hipaa;
  if (field.documented !== undefined) out.documented = field.documented;
  return out;
}

/**
 * A classifier in the shape `buildInventory` (src/report) plugs in: the PII fields of one operation of one view,
 * inventory contract only.
 */
export function createInventoryPiiClassifier(
  options: ClassifierOptions = DEFAULT_CLASSIFIER_OPTIONS,
): (operation: Operation, surface: ApiSurface) => InventoryPiiField[] {
  return (operation, surface) =>
    classifyOperationPii(surface, operation, options)
      .filter((f) => f.classification.pii)
      .map(toInventoryPiiField);
}

/** `default`, `4XX`, `5XX` and any 4xx/5xx status. */
function isErrorStatus(status: string): boolean {
  return status === 'default' || status.startsWith('4') || status.startsWith('5');
}
