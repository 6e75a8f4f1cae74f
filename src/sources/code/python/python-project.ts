import type { SettingsScalar } from '../read-yaml-settings.js';
import { dottedName, type Expr, renderExpr } from '../tree-sitter/expr.js';
import { concatText, knownPath, type PathText, unknownPath } from '../tree-sitter/route-graph.js';
import { ConfigTruth, ENV_READ } from './config-truth.js';
import {
  type PyAlternative,
  type PyClass,
  type PyFunction,
  type PyImport,
  type PyModule,
  pythonModuleName,
} from './python-module.js';
import { readModuleWhole } from './python-module-outline.js';

/** What an expression evaluates to, as far as static reading goes. */
export type PyValue =
  | { k: 'str'; v: PathText }
  | { k: 'module'; mod: PyModule }
  /** A package folder without `__init__.py` (namespace package), known by its dotted name. */
  | { k: 'package'; dotted: string }
  | { k: 'class'; mod: PyModule; cls: PyClass }
  /**
   * An instance of a project class; `made` is the call that made it, when one did (`router = AppRouter(prefix=…)`),
   * with the key that identifies it across references like an object's.
   */
  | {
      k: 'instance';
      mod: PyModule;
      cls: PyClass;
      made?: { key: string; mod: PyModule; call: Extract<Expr, { k: 'call' }> };
    }
  | { k: 'func'; mod: PyModule; fn: PyFunction }
  /** An object made by a call (an app, router, blueprint…); `key` identifies it across references. */
  | { k: 'object'; key: string; mod: PyModule; call: Extract<Expr, { k: 'call' }> }
  | { k: 'list'; items: PyValue[] }
  | { k: 'unknown'; text: string };

const MAX_DEPTH = 24;

/**
 * The conditional definitions of a name (`PyModule.alternatives`) and the one the committed configuration picks, with
 * what decided it; or why no test could be decided.
 */
export interface ChosenDefinition {
  alternatives: PyAlternative[];
  picked?: PyAlternative;
  from?: string[];
  undecided?: string;
}

/** The part of a dotted name after its last dot (all of it without one). */
function lastPart(dotted: string): string {
  return dotted.slice(dotted.lastIndexOf('.') + 1);
}

/** Calls whose result is a configuration value with a default: `os.getenv("X", "/api")`, `config("X", default=…)`. */
const ENV_READERS = new Set(['getenv', 'get', 'config', 'env', 'str']);

/**
 * The Python files of a checkout as modules, with static evaluation of names across imports: enough to follow
 * `from app.api.routes import items` to `items.router`, and `settings.API_V1_STR` to the default of a settings class.
 */
export class PythonProject {
  /** Dotted module name → file, the first file in run order for a name. */
  private readonly byDotted = new Map<string, string>();
  private readonly packages = new Set<string>();
  private readonly suffixCache = new Map<string, PyModule | undefined>();
  /**
   * Dotted names by their last part, in {@link byDotted} order: a suffix match can only be one of these, so a lookup
   * scans a handful of names instead of every module of the project.
   */
  private readonly byLastPart = new Map<string, string[]>();
  private readonly loaded = new Map<string, PyModule | undefined>();
  private routeModuleList: PyModule[] | undefined;
  private configTruth: ConfigTruth | undefined;
  /** The definition the committed configuration picks for each conditionally defined name, once per module. */
  private readonly chosen = new Map<PyModule, Map<string, ChosenDefinition>>();

  /**
   * @param files every Python file of the run, in order
   * @param load parses a file into its module facts (undefined when it cannot be read), called once per file when a
   *   lookup first reaches it: whole for a route file, else for name lookups only (see `readPythonModuleOutline`)
   * @param routeFiles the files that can declare, mount or guard routes: the route graph starts from them
   */
  constructor(
    files: readonly string[],
    private readonly env: Readonly<Record<string, string>>,
    private readonly load: (file: string, whole: boolean) => PyModule | undefined,
    private routeFiles: readonly string[],
    /** Scalars of the committed base settings files (`settings.yaml`), by dotted key. */
    private readonly settings: Readonly<Record<string, SettingsScalar>> = {},
  ) {
    for (const file of files) {
      const { dotted } = pythonModuleName(file);
      if (!this.byDotted.has(dotted)) {
        this.byDotted.set(dotted, file);
        const last = lastPart(dotted);
        const list = this.byLastPart.get(last);
        if (list === undefined) this.byLastPart.set(last, [dotted]);
        else list.push(dotted);
      }
      const parts = dotted.split('.');
      for (let i = 1; i < parts.length; i++) this.packages.add(parts.slice(0, i).join('.'));
    }
  }

  /** The module of a file, parsed on first use: whole for a route file, else for name lookups. */
  private module(file: string, whole = false): PyModule | undefined {
    // Route files are read whole before any lookup can reach one of them for its names.
    if (!whole) void this.routeModules;
    if (this.loaded.has(file)) {
      const mod = this.loaded.get(file);
      // A route file added after a lookup read it for its names (a caller of a route decorator factory).
      if (whole && mod !== undefined) readModuleWhole(mod);
      return mod;
    }
    const mod = this.load(file, whole);
    this.loaded.set(file, mod);
    return mod;
  }

  /** The modules that can declare, mount or guard routes (every module when the prefilter is off), parsed whole. */
  get routeModules(): readonly PyModule[] {
    this.routeModuleList ??= this.routeFiles.flatMap((file) => this.module(file, true) ?? []);
    return this.routeModuleList;
  }

  /** Adds files found to declare routes through the project's own helpers once the first route modules were read. */
  addRouteFiles(files: readonly string[]): void {
    const known = new Set(this.routeFiles);
    const extra = files.filter((f) => !known.has(f));
    if (extra.length === 0) return;
    this.routeFiles = [...this.routeFiles, ...extra];
    this.routeModuleList = undefined;
  }

  /**
   * Finds a module by dotted name. Projects import relative to a source root we do not know (`src/`, `backend/`),
   * so a unique-enough suffix match stands in for `sys.path`.
   */
  findModule(dotted: string): PyModule | undefined {
    const exact = this.byDotted.get(dotted);
    if (exact !== undefined) return this.module(exact);
    if (this.suffixCache.has(dotted)) return this.suffixCache.get(dotted);
    let best: string | undefined;
    const tail = `.${dotted}`;
    // A name ending in `.${dotted}` has the same last part as `dotted`.
    for (const name of this.byLastPart.get(lastPart(dotted)) ?? []) {
      if (name.endsWith(tail) && (best === undefined || name.length < best.length)) best = name;
    }
    const found = best === undefined ? undefined : this.module(this.byDotted.get(best) as string);
    this.suffixCache.set(dotted, found);
    return found;
  }

  private isPackage(dotted: string): boolean {
    if (this.packages.has(dotted)) return true;
    const tail = `.${dotted}`;
    for (const p of this.packages) if (p.endsWith(tail)) return true;
    return false;
  }

  /** Absolute dotted module of an import, relative imports resolved against the importing module. */
  absoluteModule(from: PyModule, imp: PyImport): string {
    if (imp.level === 0) return imp.module;
    const base = from.dotted.split('.').filter((s) => s !== '');
    // A module's package is its dotted name minus the last part; a package's `__init__` is its own package.
    let pkg = from.isPackage ? base : base.slice(0, -1);
    pkg = pkg.slice(0, Math.max(0, pkg.length - (imp.level - 1)));
    return [...pkg, ...(imp.module ? [imp.module] : [])].join('.');
  }

  /** Module files an import statement may point to (the module itself, or a submodule for `from pkg import sub`). */
  importTargets(from: PyModule): string[] {
    const out: string[] = [];
    for (const imp of from.imports.values()) {
      const abs = this.absoluteModule(from, imp);
      out.push(abs);
      if (imp.name !== undefined) out.push(abs ? `${abs}.${imp.name}` : imp.name);
    }
    return out;
  }

  private resolveImport(from: PyModule, imp: PyImport, depth: number): PyValue {
    const abs = this.absoluteModule(from, imp);
    if (imp.name === undefined) {
      const mod = this.findModule(abs);
      if (mod !== undefined) return { k: 'module', mod };
      return this.isPackage(abs) ? { k: 'package', dotted: abs } : { k: 'unknown', text: abs };
    }
    const owner = this.findModule(abs);
    if (owner !== undefined && owner !== from) {
      const inOwner = this.lookupName(owner, imp.name, depth + 1, true);
      if (inOwner !== undefined) return inOwner;
    }
    const sub = this.findModule(abs ? `${abs}.${imp.name}` : imp.name);
    if (sub !== undefined) return { k: 'module', mod: sub };
    return { k: 'unknown', text: imp.name };
  }

  /**
   * Which of a module's definitions of a name under module-level `if`s the committed configuration picks (see
   * `PyModule.alternatives`): the first whose tests all come out as written; undecided, with the reason, when a test
   * cannot be decided; none when the name has no such definitions or none of them is picked.
   */
  chosenDefinition(mod: PyModule, name: string): ChosenDefinition | undefined {
    const alternatives = mod.alternatives?.get(name);
    if (alternatives === undefined) return undefined;
    let known = this.chosen.get(mod);
    if (known === undefined) {
      known = new Map();
      this.chosen.set(mod, known);
    }
    const memo = known.get(name);
    if (memo !== undefined) return memo;
    // A test that reads the name itself (or loops back to it) is undecided while it is being decided.
    known.set(name, { alternatives, undecided: `${name} depends on itself` });
    let out: ChosenDefinition = { alternatives };
    for (const alt of alternatives) {
      let holds = true;
      const from: string[] = [];
      for (const guard of alt.when) {
        const t = this.config.truth(mod, guard.test);
        if ('unknown' in t) {
          out = { alternatives, undecided: `${renderExpr(guard.test)}: ${t.unknown}` };
          break;
        }
        from.push(...t.from);
        if (t.holds !== guard.holds) {
          holds = false;
          break;
        }
      }
      if (out.undecided !== undefined) break;
      if (holds) {
        out = { alternatives, picked: alt, from: [...new Set(from)] };
        break;
      }
    }
    known.set(name, out);
    return out;
  }

  /**
   * The conditional definitions of a name and the one picked, in the module that defines it (followed through
   * imports), for auth to say which definition counts and why.
   */
  definitionsOf(mod: PyModule, name: string, depth = 0): { mod: PyModule; chosen: ChosenDefinition } | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const chosen = this.chosenDefinition(mod, name);
    if (chosen !== undefined) return { mod, chosen };
    if (mod.assigns.has(name) || mod.functions.has(name) || mod.classes.has(name)) return undefined;
    const imp = mod.imports.get(name);
    if (imp === undefined || imp.name === undefined) return undefined;
    const owner = this.findModule(this.absoluteModule(mod, imp));
    return owner !== undefined && owner !== mod ? this.definitionsOf(owner, imp.name, depth + 1) : undefined;
  }

  /** The value of a definition picked among a name's conditional ones. */
  private alternativeValue(mod: PyModule, alt: PyAlternative, name: string, depth: number): PyValue {
    const v = alt.value;
    if (v.k === 'func') return { k: 'func', mod, fn: v.fn };
    if (v.k === 'class') return { k: 'class', mod, cls: v.cls };
    return this.evaluate(mod, v.e, depth + 1, name);
  }

  /** The expression a name is assigned, followed through imports (`CurrentUser = Annotated[User, Depends(…)]`). */
  assignedExpr(mod: PyModule, name: string, depth = 0): { mod: PyModule; expr: Expr } | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const picked = this.chosenDefinition(mod, name)?.picked;
    if (picked !== undefined) return picked.value.k === 'assign' ? { mod, expr: picked.value.e } : undefined;
    const assigned = mod.assigns.get(name);
    if (assigned !== undefined) return { mod, expr: assigned };
    const imp = mod.imports.get(name);
    if (imp === undefined || imp.name === undefined) return undefined;
    const owner = this.findModule(this.absoluteModule(mod, imp));
    return owner !== undefined && owner !== mod ? this.assignedExpr(owner, imp.name, depth + 1) : undefined;
  }

  /** Looks a name up in a module: assignments, definitions, imports, loop variables. */
  lookupName(mod: PyModule, name: string, depth = 0, exportedOnly = false): PyValue | undefined {
    if (depth > MAX_DEPTH) return undefined;
    // A name defined differently under module-level `if`s is the definition the committed configuration picks; when
    // it picks none that can be told, the first binding stands, as before (auth asks `definitionsOf` to say so).
    const picked = this.chosenDefinition(mod, name)?.picked;
    if (picked !== undefined) return this.alternativeValue(mod, picked, name, depth);
    const assigned = mod.assigns.get(name);
    if (assigned !== undefined) return this.evaluate(mod, assigned, depth + 1, name);
    const cls = mod.classes.get(name);
    if (cls !== undefined) return { k: 'class', mod, cls };
    const fn = mod.functions.get(name);
    if (fn !== undefined) return { k: 'func', mod, fn };
    const imp = mod.imports.get(name);
    if (imp !== undefined) return this.resolveImport(mod, imp, depth + 1);
    if (!exportedOnly) {
      const loop = mod.loopBindings.get(name);
      if (loop !== undefined) return this.evaluate(mod, loop, depth + 1);
    }
    return undefined;
  }

  /** Settings flags and the tests on them as the committed configuration leaves them (see {@link ConfigTruth}). */
  get config(): ConfigTruth {
    this.configTruth ??= new ConfigTruth(this, this.env, this.settings);
    return this.configTruth;
  }

  /** A class attribute (own or inherited within the project): its default, if written, and its annotation. */
  fieldOf(mod: PyModule, cls: PyClass, name: string): { mod: PyModule; expr?: Expr; annotation?: Expr } | undefined {
    return this.classField(mod, cls, name, 0);
  }

  /** Finds a class attribute (own or inherited within the project). */
  private classField(
    mod: PyModule,
    cls: PyClass,
    name: string,
    depth: number,
  ): { mod: PyModule; expr?: Expr; annotation?: Expr } | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const field = cls.fields.find((f) => f.name === name);
    if (field !== undefined)
      return {
        mod,
        ...(field.default !== undefined ? { expr: field.default } : {}),
        ...(field.annotation !== undefined ? { annotation: field.annotation } : {}),
      };
    for (const base of cls.bases) {
      const value = this.evaluate(mod, base, depth + 1);
      if (value.k === 'class') {
        const found = this.classField(value.mod, value.cls, name, depth + 1);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  }

  private attribute(_mod: PyModule, objValue: PyValue, name: string, expr: Expr, depth: number): PyValue {
    switch (objValue.k) {
      case 'module':
        return (
          this.lookupName(objValue.mod, name, depth + 1, true) ??
          (() => {
            const sub = this.findModule(`${objValue.mod.dotted}.${name}`);
            return sub === undefined ? undefined : ({ k: 'module', mod: sub } as PyValue);
          })() ?? { k: 'unknown', text: renderExpr(expr) }
        );
      case 'package': {
        const sub = this.findModule(`${objValue.dotted}.${name}`);
        if (sub !== undefined) return { k: 'module', mod: sub };
        return this.isPackage(`${objValue.dotted}.${name}`)
          ? { k: 'package', dotted: `${objValue.dotted}.${name}` }
          : { k: 'unknown', text: renderExpr(expr) };
      }
      case 'class':
      case 'instance': {
        const field = this.classField(objValue.mod, objValue.cls, name, depth + 1);
        if (field?.expr !== undefined) {
          const value = this.evaluate(field.mod, field.expr, depth + 1);
          // pydantic `Field("/api", …)` and `Field(default="/api")` carry the default inside a call.
          if (value.k === 'unknown' && field.expr.k === 'call') {
            const inner = field.expr.kw.default ?? field.expr.args[0];
            if (inner !== undefined) return this.evaluate(field.mod, inner, depth + 1);
          }
          return value;
        }
        // Settings classes read unset fields from the environment; committed examples give the value.
        const fromEnv = this.env[name] ?? this.env[name.toUpperCase()];
        if (fromEnv !== undefined) return { k: 'str', v: knownPath(fromEnv) };
        return { k: 'unknown', text: renderExpr(expr) };
      }
      default:
        return { k: 'unknown', text: renderExpr(expr) };
    }
  }

  private evaluateCall(mod: PyModule, e: Extract<Expr, { k: 'call' }>, depth: number, boundName?: string): PyValue {
    const fnName = e.fn.k === 'attr' ? e.fn.name : e.fn.k === 'name' ? e.fn.id : undefined;
    const dotted = dottedName(e.fn) ?? '';
    if (fnName !== undefined && ENV_READERS.has(fnName) && e.args[0]?.k === 'str') {
      const isEnv = /(^|\.)(getenv|environ\.get|config|env|env\.str)$/.test(dotted) || dotted === 'os.getenv';
      if (isEnv) {
        const key = e.args[0].v;
        const fromEnv = this.env[key];
        if (fromEnv !== undefined) return { k: 'str', v: knownPath(fromEnv) };
        const fallback = e.args[1] ?? e.kw.default;
        if (fallback !== undefined) return this.evaluate(mod, fallback, depth + 1);
        return { k: 'unknown', text: renderExpr(e) };
      }
    }
    if (e.fn.k === 'attr' && e.fn.name === 'format') {
      const template = this.evaluate(mod, e.fn.obj, depth + 1);
      if (template.k === 'str' && template.v.unresolved === undefined)
        return this.format(mod, template.v.known, e, depth);
    }
    const key = boundName !== undefined ? `${mod.path}:${boundName}` : `${mod.path}:${e.line}:${renderExpr(e.fn)}`;
    const callee = this.evaluate(mod, e.fn, depth + 1);
    if (callee.k === 'class') return { k: 'instance', mod: callee.mod, cls: callee.cls, made: { key, mod, call: e } };
    if (callee.k === 'func') {
      const returnValue =
        callee.fn.returnValue === undefined ? undefined : this.chooseBranch(callee.fn, callee.fn.returnValue, e);
      const returned =
        returnValue !== undefined && callee.fn.decorators.length <= 1
          ? this.evaluateIn(callee.mod, returnValue, callee.fn, depth + 1)
          : undefined;
      if (returned !== undefined && returned.k !== 'unknown' && returned.k !== 'object') return returned;
      // A settings factory that picks its class at run time (`return environments[app_env]()`) still says what it
      // returns: `-> AppSettings` gives the class whose field defaults a prefix is read from.
      if (callee.fn.returns !== undefined) {
        const declared = this.evaluate(callee.mod, callee.fn.returns, depth + 1);
        if (declared.k === 'class') return { k: 'instance', mod: declared.mod, cls: declared.cls };
      }
      if (returned !== undefined && returned.k !== 'unknown') return returned;
    }
    return { k: 'object', key, mod, call: e };
  }

  /**
   * `return a if required else b` in a factory: the branch the call picks when `required` is a parameter that the call
   * (or the parameter's default) sets to a literal boolean. Any other expression is returned as is.
   */
  private chooseBranch(fn: PyFunction, returned: Expr, call: Extract<Expr, { k: 'call' }>): Expr {
    if (returned.k !== 'cond' || returned.test.k !== 'name') return returned;
    const name = returned.test.id;
    const index = fn.params.findIndex((p) => p.name === name);
    if (index < 0) return returned;
    const given = call.kw[name] ?? call.args[index] ?? fn.params[index]?.default;
    if (given?.k !== 'bool') return returned;
    return given.v ? returned.ifTrue : returned.ifFalse;
  }

  private format(mod: PyModule, template: string, e: Extract<Expr, { k: 'call' }>, depth: number): PyValue {
    let out: PathText = knownPath('');
    let index = 0;
    let last = 0;
    for (const m of template.matchAll(/\{([^{}]*)\}/g)) {
      out = concatText(out, knownPath(template.slice(last, m.index)));
      const field = m[1] ?? '';
      const arg = field === '' ? e.args[index++] : /^\d+$/.test(field) ? e.args[Number(field)] : e.kw[field];
      const value = arg === undefined ? undefined : this.evaluate(mod, arg, depth + 1);
      out = concatText(out, value?.k === 'str' ? value.v : unknownPath(field));
      last = (m.index ?? 0) + m[0].length;
    }
    return { k: 'str', v: concatText(out, knownPath(template.slice(last))) };
  }

  /**
   * Evaluates an expression written in a function's body: a name the function binds itself is its own object
   * (`router` of `def make_login_router()` is not `router` of `def make_link_router()` beside it).
   */
  evaluateIn(mod: PyModule, e: Expr, fn: PyFunction | undefined, depth = 0): PyValue {
    const local = e.k === 'name' ? fn?.locals?.get(e.id) : undefined;
    if (local === undefined || e.k !== 'name' || mod.assigns.get(e.id) === local) return this.evaluate(mod, e, depth);
    return this.evaluate(mod, local, depth + 1, `${fn?.name}.${e.id}`);
  }

  /**
   * Evaluates a name or attribute chain written in a function's body (a callee: `repository.get_by_id`) where the
   * function's own names hide the module's: a parameter is unknown (the caller gives it), a name the body binds is
   * its own value. Other expressions and names are the module's.
   */
  evaluateInFunction(mod: PyModule, e: Expr, fn: PyFunction, depth = 0): PyValue {
    if (depth > MAX_DEPTH) return { k: 'unknown', text: renderExpr(e) };
    if (e.k === 'attr')
      return this.attribute(mod, this.evaluateInFunction(mod, e.obj, fn, depth + 1), e.name, e, depth);
    if (e.k !== 'name') return this.evaluate(mod, e, depth);
    if (fn.params.some((p) => p.name === e.id)) return { k: 'unknown', text: e.id };
    const local = fn.locals?.get(e.id);
    return local === undefined
      ? this.evaluate(mod, e, depth)
      : this.evaluate(mod, local, depth + 1, `${fn.name}.${e.id}`);
  }

  /** Evaluates an expression in a module. `boundName` names the variable it is assigned to, for object identity. */
  evaluate(mod: PyModule, e: Expr, depth = 0, boundName?: string): PyValue {
    if (depth > MAX_DEPTH) return { k: 'unknown', text: renderExpr(e) };
    switch (e.k) {
      case 'str':
        return { k: 'str', v: knownPath(e.v) };
      case 'num':
        return { k: 'str', v: knownPath(String(e.v)) };
      case 'name':
        return this.lookupName(mod, e.id, depth + 1) ?? { k: 'unknown', text: e.id };
      case 'attr':
        return this.attribute(mod, this.evaluate(mod, e.obj, depth + 1), e.name, e, depth);
      case 'call':
        return this.evaluateCall(mod, e, depth, boundName);
      case 'list':
        return { k: 'list', items: e.items.map((item) => this.evaluate(mod, item, depth + 1)) };
      case 'cond': {
        // `prefix="/api" if settings.API_ENABLED else ""`, `Depends(check) if settings.require_auth else None`: the
        // branch the committed configuration picks; unknown when it does not decide.
        const test = this.config.truth(mod, e.test);
        if ('unknown' in test) return { k: 'unknown', text: renderExpr(e) };
        return this.evaluate(mod, test.holds ? e.ifTrue : e.ifFalse, depth + 1, boundName);
      }
      case 'concat': {
        let out: PathText = knownPath('');
        for (const part of e.parts) {
          const value = this.evaluate(mod, part, depth + 1);
          out = concatText(out, value.k === 'str' ? value.v : unknownPath(renderExpr(part)));
        }
        return { k: 'str', v: out };
      }
      default:
        return { k: 'unknown', text: renderExpr(e) };
    }
  }

  /**
   * The dotted name outside the checkout that an expression stands for (`_APIRouter` imported as
   * `from fastapi import APIRouter as _APIRouter` is `fastapi.APIRouter`), followed through the project's imports,
   * re-exports and aliases; undefined for what the project defines itself or what cannot be followed.
   */
  externalName(mod: PyModule, e: Expr, depth = 0): string | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (e.k === 'attr') {
      const owner = this.externalName(mod, e.obj, depth + 1);
      return owner === undefined ? undefined : `${owner}.${e.name}`;
    }
    if (e.k !== 'name') return undefined;
    const assigned = mod.assigns.get(e.id);
    if (assigned !== undefined) return this.externalName(mod, assigned, depth + 1);
    if (mod.classes.has(e.id) || mod.functions.has(e.id)) return undefined;
    const imp = mod.imports.get(e.id);
    if (imp === undefined) return undefined;
    const abs = this.absoluteModule(mod, imp);
    if (imp.name === undefined) return this.findModule(abs) === undefined ? abs : undefined;
    const owner = this.findModule(abs);
    if (owner === undefined) return abs ? `${abs}.${imp.name}` : imp.name;
    return owner === mod ? undefined : this.externalName(owner, { k: 'name', id: imp.name }, depth + 1);
  }

  /**
   * The first base class outside the checkout that `accept` takes, searched through a project class's bases
   * transitively (bases defined in other modules, aliased, or made by a project factory function included).
   */
  externalBase(mod: PyModule, cls: PyClass, accept: (dotted: string) => boolean, depth = 0): string | undefined {
    if (depth > 8) return undefined;
    for (const base of cls.bases) {
      const name = this.externalName(mod, base);
      if (name !== undefined && accept(name)) return name;
      const value = this.evaluate(mod, base);
      if (value.k !== 'class' || value.cls === cls) continue;
      const found = this.externalBase(value.mod, value.cls, accept, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /**
   * Whether an environment read (`os.getenv("X", "")`, `os.environ.get("X")`, `os.environ["X"]`) is truthy as the
   * committed env template leaves it: the template's value, else the read's default, else `None` (unset is falsy).
   * With no env template committed, the code's own default decides (`os.environ.get("X")` is `None`), and
   * `os.environ["X"]`, which fails when unset, says the deployment sets it: truthy. Undefined when the expression is
   * no such read.
   */
  configRead(mod: PyModule, e: Expr): { name: string; truthy: boolean } | undefined {
    if (e.k === 'sub' && e.args[0]?.k === 'str' && /^(?:os\.)?environ$/.test(dottedName(e.value) ?? '')) {
      const name = e.args[0].v;
      if (Object.keys(this.env).length === 0) return { name, truthy: true };
      return { name, truthy: (this.env[name] ?? '') !== '' };
    }
    if (e.k !== 'call' || e.args[0]?.k !== 'str' || !ENV_READ.test(dottedName(e.fn) ?? '')) return undefined;
    // The one evaluator of configuration values decides the read, its default included.
    const outcome = this.config.truth(mod, e);
    return 'unknown' in outcome ? undefined : { name: e.args[0].v, truthy: outcome.holds };
  }

  /** Evaluates to path text; anything that is not a string is an unresolved piece. */
  evaluatePath(mod: PyModule, e: Expr): PathText {
    const value = this.evaluate(mod, e);
    return value.k === 'str' ? value.v : unknownPath(renderExpr(e));
  }

  /** Evaluates to a list of strings (HTTP methods), or undefined when not statically known. */
  evaluateStrings(mod: PyModule, e: Expr): string[] | undefined {
    const value = this.evaluate(mod, e);
    // An item that is itself a list is a loop variable, which stands for each element of what it loops over
    // (`for method in ("GET", "POST"): add(methods=[method])`): each element counts.
    const items = (value.k === 'list' ? value.items : [value]).flatMap((item) =>
      item.k === 'list' ? item.items : [item],
    );
    const out: string[] = [];
    for (const item of items) {
      if (item.k !== 'str' || item.v.unresolved !== undefined) return undefined;
      out.push(item.v.known);
    }
    return out;
  }
}
