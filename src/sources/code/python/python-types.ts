import type { Schema, SchemaType } from '../../../model/index.js';
import { freeSchemaKey } from '../handler-names.js';
import { dottedName, type Expr } from '../tree-sitter/expr.js';
import { ModuleValues } from './module-values.js';
import type { PyClass, PyField, PyModule } from './python-module.js';
import type { PythonProject, PyValue } from './python-project.js';

const SCALARS: Record<string, Schema> = {
  str: { type: ['string'] },
  int: { type: ['integer'] },
  float: { type: ['number'] },
  bool: { type: ['boolean'] },
  bytes: { type: ['string'] },
  Decimal: { type: ['number'] },
  datetime: { type: ['string'], format: 'date-time' },
  date: { type: ['string'], format: 'date' },
  time: { type: ['string'], format: 'time' },
  timedelta: { type: ['number'] },
  UUID: { type: ['string'], format: 'uuid' },
  UUID4: { type: ['string'], format: 'uuid' },
  EmailStr: { type: ['string'], format: 'email' },
  HttpUrl: { type: ['string'], format: 'uri' },
  AnyUrl: { type: ['string'], format: 'uri' },
  AnyHttpUrl: { type: ['string'], format: 'uri' },
  SecretStr: { type: ['string'] },
  constr: { type: ['string'] },
  conint: { type: ['integer'] },
  PositiveInt: { type: ['integer'] },
  UploadFile: { type: ['string'], format: 'binary' },
};
const ARRAYS = new Set([
  'list',
  'List',
  'Sequence',
  'Set',
  'set',
  'FrozenSet',
  'frozenset',
  'tuple',
  'Tuple',
  'Iterable',
]);
const OBJECTS = new Set(['dict', 'Dict', 'Mapping', 'MutableMapping', 'Json']);
const ENUM_BASES = new Set(['Enum', 'StrEnum', 'IntEnum']);

/** marshmallow field classes (`fields.Str(required=True)`), by name. */
const MARSHMALLOW_FIELDS: Record<string, Schema> = {
  Str: { type: ['string'] },
  String: { type: ['string'] },
  Int: { type: ['integer'] },
  Integer: { type: ['integer'] },
  Float: { type: ['number'] },
  Number: { type: ['number'] },
  Decimal: { type: ['number'] },
  Bool: { type: ['boolean'] },
  Boolean: { type: ['boolean'] },
  DateTime: { type: ['string'], format: 'date-time' },
  AwareDateTime: { type: ['string'], format: 'date-time' },
  NaiveDateTime: { type: ['string'], format: 'date-time' },
  Date: { type: ['string'], format: 'date' },
  Time: { type: ['string'], format: 'time' },
  Email: { type: ['string'], format: 'email' },
  UUID: { type: ['string'], format: 'uuid' },
  Url: { type: ['string'], format: 'uri' },
  URL: { type: ['string'], format: 'uri' },
  Dict: { type: ['object'] },
  Raw: {},
};

/** A marshmallow field declaration: `fields.Str(...)`, `ma.fields.List(fields.Int())`. */
function marshmallowField(e: Expr | undefined): Extract<Expr, { k: 'call' }> | undefined {
  if (e?.k !== 'call') return undefined;
  const name = dottedName(e.fn) ?? '';
  const parts = name.split('.');
  return parts.length >= 2 && parts[parts.length - 2] === 'fields' ? e : undefined;
}

/** How an `alias_generator` renames a field on the wire; `keep` when it cannot be told (a lambda, an unknown function). */
type AliasGenerator = 'camel' | 'pascal' | 'keep';

/**
 * What an `alias_generator` expression does, read from the function it names: pydantic's `to_camel`/`to_pascal`,
 * humps' `camelize`/`pascalize`, a project's own `snake_to_camel`, `partial(snake2camel, start_lower=True)`, and the
 * serialization half of `AliasGenerator(...)` (what responses carry). The code is never run, so a function's name is
 * the only account of what it returns.
 */
function aliasGenerator(e: Expr): AliasGenerator {
  if (e.k === 'call') {
    const fn = dottedName(e.fn)?.split('.').pop() ?? '';
    if (fn === 'AliasGenerator') {
      const chosen = e.kw.serialization_alias ?? e.kw.alias;
      return chosen === undefined ? 'keep' : aliasGenerator(chosen);
    }
    if (fn === 'partial' && e.args[0] !== undefined) {
      const lower = e.kw.start_lower;
      const inner = aliasGenerator(e.args[0]);
      return lower?.k === 'bool' ? (lower.v ? 'camel' : 'pascal') : inner;
    }
    return 'keep';
  }
  const name = dottedName(e)?.split('.').pop() ?? '';
  if (/pascal/i.test(name)) return 'pascal';
  if (/camel/i.test(name)) return 'camel';
  return 'keep';
}

/** Python's `str.title()`: each run of letters capitalised, the rest of it lowered. */
function titleCase(s: string): string {
  return s.replace(/[A-Za-z]+/g, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase());
}

/** pydantic's `to_pascal`/`to_camel` (pydantic.alias_generators), which the humps and project variants match. */
export function generatedAlias(name: string, generator: AliasGenerator): string {
  if (generator === 'keep') return name;
  // `to_camel` leaves a name that is already camelCase alone.
  if (generator === 'camel' && /^[a-z]+[A-Za-z0-9]*$/.test(name) && !/\d[a-z]/.test(name)) return name;
  const pascal = titleCase(name).replace(/([0-9A-Za-z])_(?=[0-9A-Z])/g, '$1');
  return generator === 'camel' ? pascal.replace(/^(_*[A-Z])/, (m) => m.toLowerCase()) : pascal;
}

/**
 * The name a pydantic field carries in a response: `serialization_alias`, else `alias` (both directions), else what
 * the model's `alias_generator` makes of it. FastAPI serializes responses by alias unless told otherwise.
 */
function wireName(field: PyClass['fields'][number], generator: AliasGenerator | undefined): string {
  const call = field.default?.k === 'call' ? field.default : undefined;
  for (const key of ['serialization_alias', 'alias']) {
    const alias = call?.kw[key];
    if (alias?.k === 'str') return alias.v;
  }
  return generator === undefined ? field.name : generatedAlias(field.name, generator);
}

/** Why a type could not be turned into a schema: handlers' framework-injected arguments land here. */
export const OPAQUE: Schema = {};

function withNull(schema: Schema): Schema {
  if (schema.type !== undefined)
    return { ...schema, type: [...new Set([...schema.type, 'null' as SchemaType])].sort() };
  return { anyOf: [schema, { type: ['null'] }] };
}

/** Whether an `Annotated[…]` alias carries a dependency marker (`Depends(…)`, `Security(…)`). */
function injects(e: Expr): boolean {
  if (e.k !== 'sub' || dottedName(e.value)?.split('.').pop() !== 'Annotated') return false;
  return e.args.some((a) => {
    const call = a.k === 'call' ? a : undefined;
    const name = call === undefined ? '' : (dottedName(call.fn)?.split('.').pop() ?? '');
    return name === 'Depends' || name === 'Security';
  });
}

/** Evaluates an expression written at the module level of a module (see {@link ModuleValues}). */
type Evaluate = (mod: PyModule, e: Expr) => PyValue;

/**
 * `Document` imported from Beanie (`from beanie import Document`, `beanie.Document`): a pydantic model whose `id`
 * (an `ObjectId`, sent as a string) Beanie declares itself and names `_id` on the wire (its `alias_generator`).
 */
function isBeanieBase(mod: PyModule, base: Expr): boolean {
  const dotted = dottedName(base) ?? '';
  if (dotted === 'beanie.Document') return true;
  const imp = base.k === 'name' ? mod.imports.get(base.id) : undefined;
  return imp !== undefined && imp.level === 0 && imp.module === 'beanie' && imp.name === 'Document';
}

/** True when a class or a project base of it is built on Beanie's `Document`. */
function isBeanieDocument(evaluate: Evaluate, mod: PyModule, cls: PyClass, depth = 0): boolean {
  if (depth > 6) return false;
  return cls.bases.some((base) => {
    if (isBeanieBase(mod, base)) return true;
    const value = evaluate(mod, base);
    return value.k === 'class' && isBeanieDocument(evaluate, value.mod, value.cls, depth + 1);
  });
}

/** The `id` Beanie's `Document` declares: `Optional[PydanticObjectId] = Field(default=None)`, an ObjectId string. */
function beanieIdField(line: number): PyField {
  return {
    name: 'id',
    annotation: { k: 'sub', value: { k: 'name', id: 'Optional' }, args: [{ k: 'name', id: 'str' }] },
    default: { k: 'none' },
    line,
  };
}

/** True when a class (or a project base of it) is a pydantic/SQLModel model, dataclass or TypedDict with fields. */
function isModelClass(evaluate: Evaluate, mod: PyModule, cls: PyClass, depth = 0): boolean {
  if (depth > 6) return false;
  for (const base of cls.bases) {
    const name = dottedName(base)?.split('.').pop() ?? '';
    if (['BaseModel', 'SQLModel', 'TypedDict', 'Schema', 'BaseSchema'].includes(name)) return true;
    if (isBeanieBase(mod, base)) return true;
    const value = evaluate(mod, base);
    if (value.k === 'class' && isModelClass(evaluate, value.mod, value.cls, depth + 1)) return true;
  }
  return cls.decorators.some((d) => /dataclass/.test(dottedName(d.expr.k === 'call' ? d.expr.fn : d.expr) ?? ''));
}

function isEnumClass(evaluate: Evaluate, mod: PyModule, cls: PyClass, depth = 0): boolean {
  if (depth > 6) return false;
  return cls.bases.some((base) => {
    if (ENUM_BASES.has(dottedName(base)?.split('.').pop() ?? '')) return true;
    const value = evaluate(mod, base);
    return value.k === 'class' && isEnumClass(evaluate, value.mod, value.cls, depth + 1);
  });
}

/** Turns Python type annotations into schemas, registering project model classes as named schemas. */
export class PythonTypeReader {
  private readonly keys = new Map<PyClass, string>();
  /** The same for schemas read with declared field names, which differ from the wire names where aliases are set. */
  private readonly keysByName = new Map<PyClass, string>();
  /** Per class name, the suffix {@link freeSchemaKey} last handed out (1: the bare name). */
  private readonly lastSuffix = new Map<string, number>();
  /** Whether each class is an enum or a model, told once per class: every model that names a class asks again. */
  private readonly kinds = new Map<PyClass, 'enum' | 'model' | 'other'>();
  private readonly evaluate: Evaluate = (mod, e) => this.values.of(mod, e);

  constructor(
    private readonly project: PythonProject,
    readonly schemas: Record<string, Schema>,
    private readonly values: ModuleValues = new ModuleValues(project),
  ) {}

  /**
   * The schema of an annotation, or {@link OPAQUE} when it names something we cannot describe. `byName`: the
   * fields of models keep their declared names (a route's `response_model_by_alias=False`), aliases ignored.
   */
  schemaOf(mod: PyModule, type: Expr, depth = 0, byName = false): Schema {
    if (depth > 12) return OPAQUE;
    switch (type.k) {
      case 'none':
        return { type: ['null'] };
      case 'str':
        // A forward reference written as a string: `"Item"`.
        return /^[A-Za-z_][\w.]*$/.test(type.v)
          ? this.schemaOf(mod, { k: 'name', id: type.v }, depth + 1, byName)
          : OPAQUE;
      case 'union': {
        const members = type.items.map((t) => this.schemaOf(mod, t, depth + 1, byName));
        return this.union(members);
      }
      case 'sub': {
        const head = dottedName(type.value)?.split('.').pop() ?? '';
        const args = type.args.flatMap((a) => (a.k === 'list' ? a.items : [a]));
        if (head === 'Optional') return withNull(this.schemaOf(mod, args[0] ?? { k: 'none' }, depth + 1, byName));
        if (head === 'Union') return this.union(args.map((a) => this.schemaOf(mod, a, depth + 1, byName)));
        if (head === 'Annotated') return this.schemaOf(mod, args[0] ?? { k: 'none' }, depth + 1, byName);
        if (head === 'Literal') {
          const values = args.map((a) => (a.k === 'str' || a.k === 'num' || a.k === 'bool' ? a.v : null));
          const kind: SchemaType =
            typeof values[0] === 'number' ? 'integer' : typeof values[0] === 'boolean' ? 'boolean' : 'string';
          return { type: [kind], enum: values };
        }
        if (ARRAYS.has(head)) {
          const item = args[0] === undefined ? OPAQUE : this.schemaOf(mod, args[0], depth + 1, byName);
          return { type: ['array'], items: item };
        }
        if (OBJECTS.has(head)) {
          const value = args[1] === undefined ? undefined : this.schemaOf(mod, args[1], depth + 1, byName);
          return value === undefined || value === OPAQUE
            ? { type: ['object'] }
            : { type: ['object'], additionalProperties: value };
        }
        return this.schemaOf(mod, type.value, depth + 1, byName);
      }
      case 'name':
      case 'attr': {
        const name = dottedName(type)?.split('.').pop() ?? '';
        if (name === 'Any' || name === 'object') return {};
        const value = this.values.of(mod, type);
        if (value.k === 'class') return this.classSchema(value.mod, value.cls, depth, byName);
        const scalar = SCALARS[name];
        if (scalar !== undefined) return { ...scalar };
        if (ARRAYS.has(name)) return { type: ['array'], items: {} };
        if (OBJECTS.has(name)) return { type: ['object'] };
        // A type alias assigned in a module, imports followed: `ModelId = Annotated[str, Field(min_length=1)]`,
        // `Granularities = list[Literal["segment", "word"]]`.
        // An alias carrying `Depends(…)` (`CurrentUser = Annotated[User, Depends(get_user)]`) is a dependency, no type.
        const alias = type.k === 'name' ? this.project.assignedExpr(mod, type.id) : undefined;
        if (alias !== undefined && (alias.expr.k === 'sub' || alias.expr.k === 'union') && !injects(alias.expr))
          return this.schemaOf(alias.mod, alias.expr, depth + 1, byName);
        return OPAQUE;
      }
      default:
        return OPAQUE;
    }
  }

  private marshmallowSchema(mod: PyModule, field: Extract<Expr, { k: 'call' }>, depth: number): Schema {
    if (depth > 12) return {};
    const kind = dottedName(field.fn)?.split('.').pop() ?? '';
    const arg = field.args[0];
    if (kind === 'List' || kind === 'Tuple') {
      const inner = marshmallowField(arg);
      return { type: ['array'], items: inner === undefined ? {} : this.marshmallowSchema(mod, inner, depth + 1) };
    }
    if (kind === 'Nested' || kind === 'Pluck') {
      if (arg === undefined) return {};
      const target = arg.k === 'call' ? arg.fn : arg;
      const nested = this.schemaOf(mod, target, depth + 1);
      const many = field.kw.many?.k === 'bool' && field.kw.many.v;
      const s = nested === OPAQUE ? {} : nested;
      return many ? { type: ['array'], items: s } : s;
    }
    const known = MARSHMALLOW_FIELDS[kind];
    return known === undefined ? {} : { ...known };
  }

  private union(written: Schema[]): Schema {
    // `A | B | C` parses as `(A | B) | C`: one union of three, as pydantic (and FastAPI's spec) has it, not nested ones
    // whose branches could never be matched one to one with the documented alternatives.
    const members = written.flatMap((m) => (m.anyOf !== undefined && Object.keys(m).length === 1 ? m.anyOf : [m]));
    const nullable = members.some((m) => m.type?.length === 1 && m.type[0] === 'null');
    const rest = members.filter((m) => !(m.type?.length === 1 && m.type[0] === 'null'));
    if (rest.some((m) => m === OPAQUE)) return OPAQUE;
    const base: Schema = rest.length === 1 ? (rest[0] as Schema) : { anyOf: rest };
    return nullable ? withNull(base) : base;
  }

  /** Whether a class is an enum, a model (with fields, see {@link isModelClass}) or neither, once per class. */
  private kindOf(mod: PyModule, cls: PyClass): 'enum' | 'model' | 'other' {
    let kind = this.kinds.get(cls);
    if (kind === undefined) {
      kind = isEnumClass(this.evaluate, mod, cls) ? 'enum' : isModelClass(this.evaluate, mod, cls) ? 'model' : 'other';
      this.kinds.set(cls, kind);
    }
    return kind;
  }

  private classSchema(mod: PyModule, cls: PyClass, depth: number, byName = false): Schema {
    const kind = this.kindOf(mod, cls);
    if (kind === 'enum') {
      const values = cls.fields.map((f) => (f.default?.k === 'str' || f.default?.k === 'num' ? f.default.v : f.name));
      return { type: [typeof values[0] === 'number' ? 'integer' : 'string'], enum: values };
    }
    if (kind !== 'model') return OPAQUE;
    const keys = byName ? this.keysByName : this.keys;
    let key = keys.get(cls);
    if (key !== undefined) return { $ref: key };
    key = freeSchemaKey(cls.name, this.schemas, this.lastSuffix);
    keys.set(cls, key);
    // Registered before its fields are read, so a recursive model refers to itself instead of looping.
    const schema: Schema = { type: ['object'], properties: {}, location: { file: mod.path, line: cls.line } };
    this.schemas[key] = schema;
    const required: string[] = [];
    const naming = byName ? undefined : this.aliasGeneratorOf(mod, cls);
    const fields = this.fieldsOf(mod, cls);
    // Beanie's `Document` declares `id` and, by its alias generator, sends it as `_id` (also when a model redeclares
    // `id` without an alias of its own).
    const beanie = isBeanieDocument(this.evaluate, mod, cls);
    if (beanie && !fields.some(([, f]) => f.name === 'id')) fields.unshift([mod, beanieIdField(cls.line)]);
    for (const [fieldMod, field] of fields) {
      const mfield = field.annotation === undefined ? marshmallowField(field.default) : undefined;
      if (mfield !== undefined && !field.name.startsWith('_')) {
        const key = mfield.kw.data_key;
        const name = key?.k === 'str' ? key.v : field.name;
        let prop = this.marshmallowSchema(fieldMod, mfield, depth + 1);
        if (mfield.kw.allow_none?.k === 'bool' && mfield.kw.allow_none.v) prop = withNull(prop);
        (schema.properties as Record<string, Schema>)[name] = {
          ...prop,
          location: { file: fieldMod.path, line: field.line },
        };
        if (mfield.kw.required?.k === 'bool' && mfield.kw.required.v) required.push(name);
        continue;
      }
      if (field.annotation === undefined || field.name.startsWith('_') || field.name === 'model_config') continue;
      if (dottedName(field.annotation)?.endsWith('ClassVar')) continue;
      let prop = this.schemaOf(fieldMod, field.annotation, depth + 1, byName);
      if (prop === OPAQUE) prop = {};
      const name = byName
        ? field.name
        : beanie && naming === undefined && field.name === 'id' && wireName(field, undefined) === 'id'
          ? '_id'
          : wireName(field, naming);
      const requiredField = this.isRequiredField(field.default);
      (schema.properties as Record<string, Schema>)[name] = {
        ...prop,
        location: { file: fieldMod.path, line: field.line },
        // Pydantic serializes every declared field, its default included: optional to send, always received.
        ...(requiredField ? {} : { alwaysSent: true }),
      };
      if (requiredField) required.push(name);
    }
    if (required.length > 0) schema.required = required;
    return { $ref: key };
  }

  /**
   * The `alias_generator` of a pydantic model's `model_config = ConfigDict(...)` (or a name bound to one), its own or
   * inherited: pydantic merges a model's config over its bases', so the nearest one that sets it wins.
   */
  private aliasGeneratorOf(mod: PyModule, cls: PyClass, depth = 0): AliasGenerator | undefined {
    if (depth > 6) return undefined;
    const config = cls.fields.find((f) => f.name === 'model_config')?.default;
    const resolved = config?.k === 'name' ? this.project.assignedExpr(mod, config.id) : undefined;
    const call = resolved?.expr ?? config;
    if (call?.k === 'call' && /(^|\.)ConfigDict$/.test(dottedName(call.fn) ?? '')) {
      const generator = call.kw.alias_generator;
      if (generator !== undefined) return aliasGenerator(generator);
    }
    for (const base of cls.bases) {
      const value = this.values.of(mod, base);
      if (value.k !== 'class') continue;
      const inherited = this.aliasGeneratorOf(value.mod, value.cls, depth + 1);
      if (inherited !== undefined) return inherited;
    }
    return undefined;
  }

  private isRequiredField(value: Expr | undefined): boolean {
    if (value === undefined) return true;
    if (value.k === 'call' && /(^|\.)Field$/.test(dottedName(value.fn) ?? '')) {
      if (value.kw.default !== undefined || value.kw.default_factory !== undefined) return false;
      const first = value.args[0];
      return first === undefined || (first.k === 'other' && first.text === '...');
    }
    return value.k === 'other' && value.text === '...';
  }

  private fieldsOf(mod: PyModule, cls: PyClass, depth = 0): [PyModule, PyClass['fields'][number]][] {
    if (depth > 6) return [];
    const out: [PyModule, PyClass['fields'][number]][] = [];
    for (const base of cls.bases) {
      const value = this.values.of(mod, base);
      if (value.k === 'class') out.push(...this.fieldsOf(value.mod, value.cls, depth + 1));
    }
    for (const field of cls.fields) {
      const at = out.findIndex(([, f]) => f.name === field.name);
      if (at >= 0) out.splice(at, 1);
      out.push([mod, field]);
    }
    return out;
  }
}

/** Python's own and the web stack's modules: their classes are no app's body. */
const FRAMEWORK_MODULES =
  /^(?:fastapi|starlette|pydantic|typing|typing_extensions|sqlalchemy|sqlmodel|datetime|uuid|decimal|enum|collections|pathlib|flask|flask_\w+|werkzeug|marshmallow|webargs)(?:\.|$)/;

/**
 * `package.Model` when a type (or the one item type of `list[…]`, `Optional[…]`) is a class imported from an
 * installed package rather than a module of the checkout (`from acme_contracts.orders import OrderIn`): its fields
 * cannot be read.
 */
export function outsideModel(project: PythonProject, mod: PyModule, type: Expr | undefined): string | undefined {
  let t = type;
  for (let i = 0; i < 3 && t?.k === 'sub'; i++) t = t.args.length === 1 ? t.args[0] : undefined;
  if (t?.k !== 'name') return undefined;
  const imp = mod.imports.get(t.id);
  if (imp === undefined || imp.level > 0 || imp.name === undefined || FRAMEWORK_MODULES.test(imp.module))
    return undefined;
  if (project.findModule(imp.module) !== undefined || project.findModule(`${imp.module}.${imp.name}`) !== undefined)
    return undefined;
  return `${imp.module}.${imp.name}`;
}
