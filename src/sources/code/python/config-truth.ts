import type { SettingsScalar } from '../read-yaml-settings.js';
import { dottedName, type Expr, renderExpr } from '../tree-sitter/expr.js';
import type { PyFunction, PyModule } from './python-module.js';
import type { PythonProject } from './python-project.js';

/** A Python value a configuration read can give: what a settings flag is compared with or tested for. */
export type PyLiteral = { k: 'str'; v: string } | { k: 'num'; v: number } | { k: 'bool'; v: boolean } | { k: 'none' };

/**
 * A value as the committed configuration leaves it, with what it was read from (`FLUX_REQUIRE_AUTH unset`,
 * `AUTH_ENABLED=false in the env template`), or why it cannot be known.
 */
export type ConfigOutcome = { value: PyLiteral; from: string[] } | { unknown: string };

/** What a test comes to as committed: whether it holds, or why that cannot be known. */
export type ConfigTruthOutcome = { holds: boolean; from: string[] } | { unknown: string };

/** A function's parameters bound to the expressions a call gives them (`key` → `"FLUX_REQUIRE_AUTH"`). */
interface Bound {
  names: Map<string, { mod: PyModule; e: Expr; bound?: Bound }>;
}

const MAX_DEPTH = 16;
/** Nested truth questions (a flag whose default is itself chosen by a flag), bounded against cycles. */
const MAX_NESTED = 6;

/** `os.getenv`, `os.environ.get`, `getenv` imported alone, `environ.get`. */
export const ENV_READ = /^(?:os\.)?(?:getenv|environ\.get)$/;
/** String methods a flag's text is normalised with before a comparison (`.lower() == "true"`). */
const STRING_METHODS = new Set(['lower', 'upper', 'strip', 'casefold', 'lstrip', 'rstrip']);

/** Python truthiness of a literal. */
export function truthy(v: PyLiteral): boolean {
  switch (v.k) {
    case 'str':
      return v.v !== '';
    case 'num':
      return v.v !== 0;
    case 'bool':
      return v.v;
    case 'none':
      return false;
  }
}

/** pydantic's reading of an environment string for a `bool` field (`"true"`, `"1"`, `"yes"`, `"on"`). */
function pydanticBool(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (/^(?:1|true|t|yes|y|on)$/.test(t)) return true;
  if (/^(?:0|false|f|no|n|off)$/.test(t)) return false;
  return undefined;
}

function sameLiteral(a: PyLiteral, b: PyLiteral): boolean {
  if (a.k === 'none' || b.k === 'none') return a.k === b.k;
  // `True == 1` in Python: booleans compare as numbers.
  const num = (x: PyLiteral) => (x.k === 'bool' ? Number(x.v) : x.k === 'num' ? x.v : undefined);
  if (a.k === 'str' || b.k === 'str') return a.k === b.k && a.v === b.v;
  return num(a) === num(b);
}

function known(value: PyLiteral, ...from: string[][]): ConfigOutcome {
  return { value, from: [...new Set(from.flat())] };
}

/**
 * What a settings flag comes to as the committed configuration leaves it: the Python evaluator for the tests that pick
 * an auth dependency at import time (`Depends(check_auth) if settings.require_auth else None`, `if
 * settings.AUTH_ENABLED:` around a definition). It reads literals, `not`/`and`/`or`, comparisons with literals,
 * conditional expressions, environment reads (`os.getenv("X", "false").lower() == "true"`) decided by the committed env
 * files, settings class fields (a pydantic `BaseSettings` field is read from the environment by its name first, then
 * its default) and calls of the project's own helpers with their arguments bound (`get_bool_envar("FLUX_REQUIRE_AUTH")`).
 *
 * An environment variable no committed env file sets is unset: `os.getenv` gives its default, else `None`. Anything
 * else (a value only known at run time, a field without a default nobody sets) is unknown, with the reason.
 */
export class ConfigTruth {
  private nested = 0;

  constructor(
    private readonly project: PythonProject,
    private readonly env: Readonly<Record<string, string>>,
    /** Scalars of the committed base settings files, by dotted key (see `readYamlSettings`). */
    private readonly settings: Readonly<Record<string, SettingsScalar>> = {},
  ) {}

  /** Whether a test holds as committed. */
  truth(mod: PyModule, e: Expr): ConfigTruthOutcome {
    if (this.nested >= MAX_NESTED) return { unknown: `${renderExpr(e)} depends on itself` };
    this.nested++;
    try {
      const out = this.literal(mod, e, undefined, 0);
      return 'unknown' in out ? out : { holds: truthy(out.value), from: out.from };
    } finally {
      this.nested--;
    }
  }

  /** The value of an expression as committed. */
  value(mod: PyModule, e: Expr): ConfigOutcome {
    if (this.nested >= MAX_NESTED) return { unknown: `${renderExpr(e)} depends on itself` };
    this.nested++;
    try {
      return this.literal(mod, e, undefined, 0);
    } finally {
      this.nested--;
    }
  }

  private literal(mod: PyModule, e: Expr, bound: Bound | undefined, depth: number): ConfigOutcome {
    const text = renderExpr(e);
    if (depth > MAX_DEPTH) return { unknown: `${text} is too deep to follow` };
    const next = (m: PyModule, x: Expr, b = bound) => this.literal(m, x, b, depth + 1);
    switch (e.k) {
      case 'str':
      case 'num':
      case 'bool':
      case 'none':
        return known(e);
      case 'concat': {
        let out = '';
        const from: string[][] = [];
        for (const part of e.parts) {
          const v = next(mod, part);
          if ('unknown' in v) return v;
          if (v.value.k !== 'str') return { unknown: `${text} joins a value that is not text` };
          out += v.value.v;
          from.push(v.from);
        }
        return known({ k: 'str', v: out }, ...from);
      }
      case 'not': {
        const v = next(mod, e.e);
        return 'unknown' in v ? v : known({ k: 'bool', v: !truthy(v.value) }, v.from);
      }
      case 'logic': {
        // `a and b` is the first falsy operand (else the last); `a or b` the first truthy one (else the last). An
        // unknown operand before the deciding one leaves the whole unknown.
        let last: PyLiteral | undefined;
        const from: string[][] = [];
        for (const item of e.items) {
          const v = next(mod, item);
          if ('unknown' in v) return v;
          from.push(v.from);
          last = v.value;
          if (truthy(v.value) === (e.op === 'or')) return known(v.value, ...from);
        }
        return last === undefined ? { unknown: text } : known(last, ...from);
      }
      case 'cmp':
        return this.compare(mod, e, bound, depth);
      case 'cond': {
        const test = next(mod, e.test);
        if ('unknown' in test) return test;
        const v = next(mod, truthy(test.value) ? e.ifTrue : e.ifFalse);
        return 'unknown' in v ? v : known(v.value, test.from, v.from);
      }
      case 'name': {
        const given = bound?.names.get(e.id);
        if (given !== undefined) return this.literal(given.mod, given.e, given.bound, depth + 1);
        const assigned = this.project.assignedExpr(mod, e.id);
        if (assigned !== undefined) return this.literal(assigned.mod, assigned.expr, undefined, depth + 1);
        return { unknown: `${e.id} has no value the code gives` };
      }
      case 'attr':
        return this.attribute(mod, e, depth);
      case 'call':
        return this.call(mod, e, bound, depth);
      case 'sub': {
        // `os.environ["X"]`: a `KeyError` when unset, so only a committed value decides it.
        const key = e.args[0] === undefined ? undefined : next(mod, e.args[0]);
        if (
          /^(?:os\.)?environ$/.test(dottedName(e.value) ?? '') &&
          key &&
          !('unknown' in key) &&
          key.value.k === 'str'
        ) {
          const set = this.env[key.value.v];
          return set === undefined
            ? { unknown: `${key.value.v} is read with os.environ[…] and no committed env file sets it` }
            : known({ k: 'str', v: set }, [`${key.value.v}=${set} in the committed env file`]);
        }
        return { unknown: `${text} could not be read` };
      }
      default:
        return { unknown: `${text} could not be read` };
    }
  }

  private compare(
    mod: PyModule,
    e: Extract<Expr, { k: 'cmp' }>,
    bound: Bound | undefined,
    depth: number,
  ): ConfigOutcome {
    const left = this.literal(mod, e.left, bound, depth + 1);
    if ('unknown' in left) return left;
    if (e.op === 'in' || e.op === 'not in') {
      const items = e.right.k === 'list' ? e.right.items : undefined;
      let found: boolean | undefined;
      const from: string[][] = [left.from];
      if (items !== undefined) {
        found = false;
        for (const item of items) {
          const v = this.literal(mod, item, bound, depth + 1);
          if ('unknown' in v) return v;
          from.push(v.from);
          if (sameLiteral(left.value, v.value)) found = true;
        }
      } else {
        const right = this.literal(mod, e.right, bound, depth + 1);
        if ('unknown' in right) return right;
        from.push(right.from);
        if (right.value.k === 'str' && left.value.k === 'str') found = right.value.v.includes(left.value.v);
      }
      if (found === undefined) return { unknown: `${renderExpr(e)} could not be compared` };
      return known({ k: 'bool', v: e.op === 'in' ? found : !found }, ...from);
    }
    const right = this.literal(mod, e.right, bound, depth + 1);
    if ('unknown' in right) return right;
    const from = [left.from, right.from];
    const same = sameLiteral(left.value, right.value);
    switch (e.op) {
      case '==':
      case 'is':
        return known({ k: 'bool', v: same && (e.op === '==' || left.value.k === right.value.k) }, ...from);
      case '!=':
      case 'is not':
        return known({ k: 'bool', v: !(same && (e.op === '!=' || left.value.k === right.value.k)) }, ...from);
      default: {
        const a = left.value;
        const b = right.value;
        if (a.k !== 'num' || b.k !== 'num') return { unknown: `${renderExpr(e)} could not be compared` };
        const v = e.op === '<' ? a.v < b.v : e.op === '<=' ? a.v <= b.v : e.op === '>' ? a.v > b.v : a.v >= b.v;
        return known({ k: 'bool', v }, ...from);
      }
    }
  }

  /** `settings.require_auth`: a settings field (the environment first for a `BaseSettings` class), or a module's name. */
  private attribute(mod: PyModule, e: Extract<Expr, { k: 'attr' }>, depth: number): ConfigOutcome {
    const text = renderExpr(e);
    const fromFile = this.settingsFileValue(mod, e);
    if (fromFile !== undefined) return fromFile;
    const owner = this.project.evaluate(mod, e.obj);
    if (owner.k === 'module') {
      const assigned = this.project.assignedExpr(owner.mod, e.name);
      if (assigned !== undefined) return this.literal(assigned.mod, assigned.expr, undefined, depth + 1);
      return { unknown: `${text} has no value the code gives` };
    }
    if (owner.k !== 'instance' && owner.k !== 'class') return { unknown: `${text} could not be read` };
    const settings =
      this.project.externalBase(owner.mod, owner.cls, (dotted) => /(?:^|\.)BaseSettings$/.test(dotted)) !== undefined;
    const field = this.project.fieldOf(owner.mod, owner.cls, e.name);
    if (settings) {
      // pydantic-settings reads a field from the environment by its name (case-insensitively) before its default.
      const name = Object.keys(this.env).find((k) => k.toLowerCase() === e.name.toLowerCase());
      if (name !== undefined) {
        const set = this.env[name] as string;
        const isBool = field?.annotation !== undefined && dottedName(field.annotation) === 'bool';
        const asBool = isBool ? pydanticBool(set) : undefined;
        const from = [`${name}=${set} in the committed env file`];
        return asBool !== undefined ? known({ k: 'bool', v: asBool }, from) : known({ k: 'str', v: set }, from);
      }
    }
    if (field?.expr === undefined) return { unknown: `${text} has no default and no committed env file sets it` };
    let def = field.expr;
    // pydantic `Field(False, …)` and `Field(default=False)` carry the default inside a call.
    if (def.k === 'call' && /(?:^|\.)Field$/.test(dottedName(def.fn) ?? '')) {
      const inner = def.kw.default ?? def.args[0];
      if (inner === undefined) return { unknown: `${text} has no default and no committed env file sets it` };
      def = inner;
    }
    return this.literal(field.mod, def, undefined, depth + 1);
  }

  /**
   * `settings().server.auth.enabled`: the value a committed base settings file (`settings.yaml`) sets at the path the
   * attribute chain spells below a project settings object (a call of a project function, or a project class or its
   * instance). A `${VAR:default}` value (the expansion settings loaders apply) is the env file's value, else the
   * default; text that spells a boolean is read as one, as a pydantic `bool` field reads it. Undefined when no file
   * sets that path.
   */
  private settingsFileValue(mod: PyModule, e: Extract<Expr, { k: 'attr' }>): ConfigOutcome | undefined {
    const path: string[] = [];
    let root: Expr = e;
    while (root.k === 'attr') {
      path.unshift(root.name);
      root = root.obj;
    }
    const key = path.join('.');
    if (!(key in this.settings)) return undefined;
    const base = root.k === 'call' ? this.project.evaluate(mod, root.fn) : this.project.evaluate(mod, root);
    const isSettings = base.k === 'instance' || base.k === 'class' || (root.k === 'call' && base.k === 'func');
    if (!isSettings) return undefined;
    const raw = this.settings[key] as SettingsScalar;
    const from = [`${key}: ${String(raw)} in the committed settings file`];
    if (raw === null) return known({ k: 'none' }, from);
    if (typeof raw === 'boolean') return known({ k: 'bool', v: raw }, from);
    if (typeof raw === 'number') return known({ k: 'num', v: raw }, from);
    const expansion = /^\$\{(\w+)(?::([^}]*))?\}$/.exec(raw.trim());
    let text = raw;
    if (expansion !== null) {
      const name = expansion[1] as string;
      const set = this.env[name];
      if (set === undefined && expansion[2] === undefined)
        return {
          unknown: `${key} is \${${name}} in the committed settings file and no committed env file sets ${name}`,
        };
      text = set ?? (expansion[2] as string);
      from.push(set !== undefined ? `${name}=${set} in the committed env file` : `${name} unset`);
    }
    const asBool = pydanticBool(text);
    return asBool !== undefined && expansion !== null
      ? known({ k: 'bool', v: asBool }, from)
      : known({ k: 'str', v: text }, from);
  }

  private call(mod: PyModule, e: Extract<Expr, { k: 'call' }>, bound: Bound | undefined, depth: number): ConfigOutcome {
    const text = renderExpr(e);
    const next = (x: Expr) => this.literal(mod, x, bound, depth + 1);
    const dotted = dottedName(e.fn) ?? '';
    if (ENV_READ.test(dotted) && e.args[0] !== undefined) {
      const key = next(e.args[0]);
      if ('unknown' in key) return key;
      if (key.value.k !== 'str') return { unknown: `${text} reads no named variable` };
      const name = key.value.v;
      const set = this.env[name];
      if (set !== undefined) return known({ k: 'str', v: set }, [`${name}=${set} in the committed env file`]);
      const fallback = e.args[1] ?? e.kw.default;
      if (fallback === undefined) return known({ k: 'none' }, [`${name} unset`]);
      const v = next(fallback);
      return 'unknown' in v ? v : known(v.value, [`${name} unset`], v.from);
    }
    // `os.getenv("X", "false").lower()`: the methods a flag's text is normalised with.
    if (e.fn.k === 'attr' && STRING_METHODS.has(e.fn.name) && e.args.length === 0) {
      const v = next(e.fn.obj);
      if ('unknown' in v) return v;
      if (v.value.k !== 'str') return { unknown: `${text} is called on a value that is not text` };
      const s = v.value.v;
      const out =
        e.fn.name === 'lower' || e.fn.name === 'casefold'
          ? s.toLowerCase()
          : e.fn.name === 'upper'
            ? s.toUpperCase()
            : e.fn.name === 'lstrip'
              ? s.trimStart()
              : e.fn.name === 'rstrip'
                ? s.trimEnd()
                : s.trim();
      return known({ k: 'str', v: out }, v.from);
    }
    if (e.fn.k === 'name' && /^(?:bool|str|int)$/.test(e.fn.id) && e.args.length === 1 && e.args[0]) {
      const v = next(e.args[0]);
      if ('unknown' in v) return v;
      if (e.fn.id === 'bool') return known({ k: 'bool', v: truthy(v.value) }, v.from);
      if (e.fn.id === 'str')
        return known(
          {
            k: 'str',
            v:
              v.value.k === 'none' ? 'None' : v.value.k === 'bool' ? (v.value.v ? 'True' : 'False') : String(v.value.v),
          },
          v.from,
        );
      const n =
        v.value.k === 'str'
          ? Number(v.value.v.trim())
          : v.value.k === 'bool'
            ? Number(v.value.v)
            : v.value.k === 'num'
              ? v.value.v
              : Number.NaN;
      return Number.isInteger(n) ? known({ k: 'num', v: n }, v.from) : { unknown: `${text} is no integer` };
    }
    // A project helper (`get_bool_envar("FLUX_REQUIRE_AUTH")`): its returned expression with the call's arguments.
    const callee = this.project.evaluate(mod, e.fn);
    if (callee.k === 'func' && callee.fn.returnValue !== undefined && callee.fn.decorators.length <= 1) {
      const args = this.bind(mod, callee.mod, callee.fn, e, bound);
      return this.literal(callee.mod, callee.fn.returnValue, args, depth + 1);
    }
    return { unknown: `${text} could not be evaluated` };
  }

  /** The callee's parameters bound to the call's arguments, else to their defaults (read in the callee's module). */
  private bind(
    mod: PyModule,
    calleeMod: PyModule,
    fn: PyFunction,
    call: Extract<Expr, { k: 'call' }>,
    bound: Bound | undefined,
  ): Bound {
    const names: Bound['names'] = new Map();
    const params = fn.params.filter(
      (p) => !p.rest && !(fn.className !== undefined && (p.name === 'self' || p.name === 'cls')),
    );
    params.forEach((p, i) => {
      const given = call.kw[p.name] ?? call.args[i];
      if (given !== undefined) names.set(p.name, { mod, e: given, ...(bound ? { bound } : {}) });
      else if (p.default !== undefined) names.set(p.name, { mod: calleeMod, e: p.default });
    });
    return { names };
  }
}
