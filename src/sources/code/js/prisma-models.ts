import type { Schema } from '../../../model/index.js';
import type { ExtractContext } from '../extractor.js';

/** One field of a Prisma model as `schema.prisma` declares it. */
export interface PrismaField {
  name: string;
  /** Scalar (`String`, `Int`, `DateTime`, …), an enum name, or another model's name (a relation). */
  type: string;
  optional: boolean;
  list: boolean;
}

/** The models and enums of a project's Prisma schema files: what `@prisma/client`'s generated types describe. */
export interface PrismaModels {
  models: Map<string, PrismaField[]>;
  enums: Map<string, string[]>;
}

const SCALARS: Record<string, Schema> = {
  String: { type: ['string'] },
  Int: { type: ['integer'] },
  BigInt: { type: ['integer'] },
  Float: { type: ['number'] },
  Decimal: { type: ['number'] },
  Boolean: { type: ['boolean'] },
  DateTime: { type: ['string'], format: 'date-time' },
  Bytes: { type: ['string'], format: 'binary' },
  Json: {},
};

/** Parses the `model` and `enum` blocks of Prisma schema text; other blocks (datasource, generator) are skipped. */
export function parsePrismaSchema(text: string, into: PrismaModels): void {
  const block = /^\s*(model|enum|view)\s+(\w+)\s*\{([^}]*)\}/gm;
  for (const m of text.matchAll(block)) {
    const [, kind, name, body] = m as unknown as [string, string, string, string];
    const lines = body
      .split('\n')
      .map((l) => l.replace(/\/\/.*$/, '').trim())
      .filter((l) => l !== '' && !l.startsWith('@@'));
    if (kind === 'enum') {
      into.enums.set(
        name,
        lines.map((l) => l.split(/\s+/)[0] as string),
      );
      continue;
    }
    const fields: PrismaField[] = [];
    for (const line of lines) {
      const field = /^(\w+)\s+(\w+)(\[\])?(\?)?/.exec(line);
      if (!field) continue;
      fields.push({
        name: field[1] as string,
        type: field[2] as string,
        list: field[3] !== undefined,
        optional: field[4] !== undefined,
      });
    }
    into.models.set(name, fields);
  }
}

/** Reads every `.prisma` file of the checkout once per run (Prisma's default `prisma/schema.prisma`, multi-file folders). */
export async function readPrismaModels(context: ExtractContext): Promise<PrismaModels | undefined> {
  const files = [...context.repoFiles].filter((f) => f.endsWith('.prisma'));
  if (files.length === 0) return undefined;
  const models: PrismaModels = { models: new Map(), enums: new Map() };
  for (const file of files) {
    const text = await context.read(file);
    if (text !== undefined) parsePrismaSchema(text, models);
  }
  return models.models.size > 0 ? models : undefined;
}

/** A loaded relation's schema, every field in it marked `likely`: its findings (PII included) are inferred. */
function inferredThroughOrm(schema: Schema): Schema {
  const out: Schema = { ...schema, confidence: 'likely' };
  if (schema.properties)
    out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, inferredThroughOrm(v)]));
  if (schema.items) out.items = inferredThroughOrm(schema.items);
  return out;
}

/**
 * The wire shape of a model as Prisma Client returns it: every scalar and enum field (an optional one is sent as
 * `null`), and a relation only when the query loads it (`include`/`select`), its fields then inferred (`likely`).
 */
export function prismaModelSchema(
  prisma: PrismaModels,
  model: string,
  loaded: Pick<ReadonlySet<string>, 'has'>,
  depth = 0,
): Schema | undefined {
  const fields = prisma.models.get(model);
  if (fields === undefined) return undefined;
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const f of fields) {
    let schema: Schema | undefined;
    if (prisma.models.has(f.type)) {
      if (!loaded.has(f.name) || depth > 2) continue;
      // Nested relations are sent only when the same query names them too (`include: { author: { include: … } }`).
      const inner = prismaModelSchema(prisma, f.type, loaded, depth + 1);
      if (inner === undefined) continue;
      schema = inferredThroughOrm(inner);
    } else {
      const values = prisma.enums.get(f.type);
      schema = values ? { type: ['string'], enum: values } : { ...(SCALARS[f.type] ?? {}) };
    }
    if (f.list) schema = { type: ['array'], items: schema };
    else if (f.optional && schema.type) schema = { ...schema, type: [...schema.type, 'null'] };
    properties[f.name] = schema;
    required.push(f.name);
  }
  return { type: ['object'], properties, ...(required.length > 0 ? { required } : {}) };
}
