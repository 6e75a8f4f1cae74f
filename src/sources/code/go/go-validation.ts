import type { Schema } from '../../../model/index.js';

/**
 * What go-playground/validator (Gin's `binding` tag, `validate` with a `validator.Struct` call) enforces on one field
 * of a decoded request: whether a body without it is refused, and the format or values it allows.
 */
export interface FieldValidation {
  required: boolean;
  /**
   * The tag says outright that the field may be left out: an `omit…` rule, and no rule that refuses its absence
   * before it (`binding:"omitempty,required"`, `validate:"omitempty,email"`).
   */
  optional?: boolean;
  format?: string;
  enum?: unknown[];
}

/** Validator rules that are a string format of OpenAPI. */
const FORMATS: Record<string, string> = {
  url: 'uri',
  uri: 'uri',
  http_url: 'uri',
  email: 'email',
  uuid: 'uuid',
  uuid3: 'uuid',
  uuid4: 'uuid',
  uuid5: 'uuid',
  uuid_rfc4122: 'uuid',
  ipv4: 'ipv4',
  ipv6: 'ipv6',
  hostname: 'hostname',
  hostname_rfc1123: 'hostname',
  fqdn: 'hostname',
};

/** Rules a string's zero value (`""`) fails besides the formats. */
const NON_EMPTY_STRING = new Set(['alpha', 'alphanum', 'alphaunicode', 'alphanumunicode', 'numeric', 'number']);

/**
 * The validation of a field from its struct tag and the schema of its type. The validator runs on the value decoding
 * left, so a field the body leaves out holds its zero value: a rule that zero value fails (`url`, `email`, `min=3`,
 * a `oneof` that does not list it) refuses the body as `required` does, unless `omitempty` comes first (then
 * `required` itself does not run either). A nil pointer
 * fails every rule but the `omit…` ones. Rules after `dive` are the elements' and are not read; `a|b` alternatives
 * are not judged.
 */
export function fieldValidation(tag: string | undefined, schema: Schema, pointer: boolean): FieldValidation {
  const out: FieldValidation = { required: false };
  if (tag === undefined || tag === '' || tag === '-') return out;
  const type = schema.type?.find((t) => t !== 'null');
  let skipsZero = false;
  for (const rule of tag.split(',')) {
    if (rule === 'dive') break;
    const eq = rule.indexOf('=');
    const name = eq < 0 ? rule : rule.slice(0, eq);
    const param = eq < 0 ? '' : rule.slice(eq + 1);
    if (name === 'omitempty' || name === 'omitnil' || name === 'omitzero') {
      skipsZero = true;
      continue;
    }
    // `omitempty,required`: the validator stops at `omitempty` on a zero value, so `required` after it never runs.
    if (name === 'required') {
      if (!skipsZero) out.required = true;
      continue;
    }
    if (name === '' || name.includes('|')) continue;
    const format = FORMATS[name];
    if (format !== undefined && type === 'string') out.format = format;
    if (name === 'oneof' && param !== '') {
      const words = oneOf(param);
      const numeric = type === 'integer' || type === 'number';
      const values = numeric ? words.map(Number).filter((n) => !Number.isNaN(n)) : words;
      if (values.length === words.length) out.enum = values;
    }
    if (!skipsZero && (pointer || rejectsZero(name, param, type, format !== undefined))) out.required = true;
  }
  if (skipsZero && !out.required) out.optional = true;
  return out;
}

/** Whether the zero value of a field of this JSON type fails the rule. */
function rejectsZero(name: string, param: string, type: string | undefined, isFormat: boolean): boolean {
  const n = Number(param);
  const sized = type === 'string' || type === 'array' || type === 'integer' || type === 'number';
  if (sized && param !== '' && !Number.isNaN(n)) {
    if (name === 'min' || name === 'gte' || name === 'len') return n > 0;
    if (name === 'gt') return n >= 0;
  }
  if (name === 'oneof') {
    const zero = type === 'string' ? '' : type === 'integer' || type === 'number' ? '0' : undefined;
    return zero !== undefined && !oneOf(param).includes(zero);
  }
  return type === 'string' && (isFormat || NON_EMPTY_STRING.has(name));
}

/** The values of `oneof=a b 'c d'`, as written. */
function oneOf(param: string): string[] {
  return param.match(/'[^']*'|\S+/g)?.map((w) => w.replace(/^'(.*)'$/, '$1')) ?? [];
}
