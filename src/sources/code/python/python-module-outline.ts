import type { Parser } from 'web-tree-sitter';
import type { SyntaxProblem } from '../tree-sitter/syntax-error.js';
import {
  BODY_FACT_KEYS,
  type PyBodyFacts,
  type PyCall,
  type PyClass,
  type PyFunction,
  type PyModule,
  type PyModuleFacts,
  readPythonFunctionAlone,
  readPythonModuleFacts,
} from './python-module.js';
import { type BlankedBody, outlinePython } from './python-outline.js';

/**
 * A module read for its names only (a service, helper or models module that a lookup reaches), parsed from its
 * outline: function bodies are left out until something asks for them.
 *
 * The facts it gives are the facts of the whole file:
 * - a name that a left-out body never mentions has the binding the outline shows (bodies can bind names: a local
 *   assignment fills a name the module level does not bind, a nested `def` or `class` can come first); a name that one
 *   mentions makes the whole file parsed before the lookup answers;
 * - a function's body facts (its first `return`, raises, callees, docstring, Flask effects) are read when first asked,
 *   from the function alone, or from the whole file when it cannot be parsed alone;
 * - objects keep their identity when the whole file is parsed later, so caches keyed on them stay right.
 */

/** A name map that makes sure, before each lookup, that the facts it holds are whole for that name. */
class GuardedNames<V> extends Map<string, V> {
  constructor(private readonly guard: (name: string) => unknown) {
    super();
  }
  override get(name: string): V | undefined {
    this.guard(name);
    return super.get(name);
  }
  override has(name: string): boolean {
    this.guard(name);
    return super.has(name);
  }
}

function refill<V>(target: Map<string, V>, source: Map<string, V>, swap: (v: V) => V): void {
  target.clear();
  for (const [k, v] of source) target.set(k, swap(v));
}

/**
 * Whether a function body could bind `name` for the module's name maps: as the target of an assignment at the start
 * of a statement or in a chain (`name = …`, `name: T = …`, `other = name = …`), a `for name in` loop, or a nested
 * `def name` / `class name`. Bodies that
 * import are never left out. The test errs towards yes (a keyword argument on its own line also matches).
 */
function mayBind(text: string, name: string): boolean {
  if (!text.includes(name)) return false;
  const n = name.replace(/[^\w]/g, (c) => `\\${c}`);
  return new RegExp(
    `(?:^|[;:=])[ \\t]*${n}[ \\t]*(?::[^\\n]*)?=|\\bfor[ \\t]+${n}[ \\t]+in\\b|\\b(?:def|class)[ \\t]+${n}(?!\\w)`,
    'm',
  ).test(text);
}

/**
 * Reads a module for name lookups from its outline, or whole when it has no body worth leaving out or the outline
 * does not parse cleanly. `onProblem` hears of a syntax problem found when the whole file is parsed later.
 */
export function readPythonModuleOutline(
  parser: Parser,
  path: string,
  text: string,
  onProblem: (problem: SyntaxProblem) => void,
): PyModule {
  const outline = outlinePython(text);
  if (outline === undefined || outline.bodies.length === 0) return readPythonModuleFacts(parser, path, text).module;
  const leftOut = new Set(outline.bodies.map((b) => b.defRow + 1));
  const facts = readPythonModuleFacts(parser, path, outline.text, leftOut);
  // The outline must read as the file does: no syntax problem, and every function whose body it left out.
  if (
    facts.module.problem !== undefined ||
    outline.bodies.some((b) => facts.functionsByLine.get(b.defRow + 1)?.fn.line !== b.defRow + 1)
  )
    return readPythonModuleFacts(parser, path, text).module;
  const outlined = new OutlinedModule(parser, text, facts, outline.bodies, onProblem);
  outlines.set(outlined.module, outlined);
  return outlined.module;
}

const outlines = new WeakMap<PyModule, OutlinedModule>();

/** Makes a module read from its outline whole (a route file found after a lookup read it for names); else nothing. */
export function readModuleWhole(mod: PyModule): void {
  outlines.get(mod)?.readWhole();
}

class OutlinedModule {
  readonly module: PyModule;
  private whole = false;
  private readonly bodyText: string;
  private readonly checked = new Map<string, boolean>();
  private readonly lines: string[];
  /** Functions read apart from the file so far (with the functions nested in them), by line. */
  private readonly alone = new Map<number, PyFunction>();

  constructor(
    private readonly parser: Parser,
    private readonly text: string,
    private readonly facts: PyModuleFacts,
    bodies: readonly BlankedBody[],
    private readonly onProblem: (problem: SyntaxProblem) => void,
  ) {
    this.lines = text.split('\n');
    this.bodyText = bodies.map((b) => b.text).join('\n');
    const outlined = facts.module;
    const guard = (name: string) => this.guard(name);
    const guarded = <V>(source: Map<string, V>, exact?: Set<string>): Map<string, V> => {
      const map = new GuardedNames<V>(exact ? (name) => exact.has(name) || this.guard(name) : guard);
      for (const [k, v] of source) map.set(k, v);
      return map;
    };
    this.module = {
      ...outlined,
      imports: guarded(outlined.imports),
      // A module-level assignment wins over any a function body makes.
      assigns: guarded(outlined.assigns, facts.moduleLevel),
      loopBindings: guarded(outlined.loopBindings),
      functions: guarded(outlined.functions),
      classes: guarded(outlined.classes),
    };
    for (const body of bodies) {
      const entry = facts.functionsByLine.get(body.defRow + 1);
      if (entry !== undefined) this.deferBody(entry.fn, body, entry.flaskish);
    }
  }

  /** Parses the whole file before a lookup of a name that a left-out body could bind. */
  private guard(name: string): void {
    if (this.whole) return;
    let binds = this.checked.get(name);
    if (binds === undefined) {
      binds = mayBind(this.bodyText, name);
      this.checked.set(name, binds);
    }
    if (binds) this.readWhole();
  }

  /** Turns a function's body facts into properties read on first use. */
  private deferBody(fn: PyFunction, body: BlankedBody, flaskish: boolean): void {
    const load = () => {
      const facts = this.whole ? undefined : this.readBodyAlone(body, flaskish);
      if (facts !== undefined) setBodyFacts(fn, facts);
      else this.readWhole();
      // The whole read found no function on this line (it cannot happen with a clean outline): no body facts.
      if (Object.getOwnPropertyDescriptor(fn, 'raises')?.get !== undefined) setBodyFacts(fn, {});
    };
    for (const key of BODY_FACT_KEYS)
      Object.defineProperty(fn, key, {
        configurable: true,
        enumerable: true,
        get() {
          load();
          return fn[key];
        },
      });
  }

  /**
   * The function parsed alone: the headers of the classes around it, then its own lines. Not when a block other than
   * a class encloses it, or its body imports (a Flask import there would change what the functions after it read).
   */
  private readBodyAlone(body: BlankedBody, flaskish: boolean): PyBodyFacts | undefined {
    if (body.classHeaders === undefined || body.imports) return undefined;
    const headers = body.classHeaders.flatMap(([a, b]) => this.lines.slice(a, b + 1));
    const own = this.lines.slice(body.startRow, body.bodyRows[1] + 1);
    const shift = body.startRow - headers.length;
    const text = [...headers, ...own].join('\n');
    const read = readPythonFunctionAlone(this.parser, this.module.path, text, body.defRow + 1, shift, flaskish);
    if (read === undefined) return undefined;
    for (const [line, { fn }] of read.functionsByLine) if (line !== body.defRow + 1) this.alone.set(line, fn);
    return read.fn;
  }

  /** Parses the whole file and puts its facts into the objects already handed out. */
  readWhole(): void {
    if (this.whole) return;
    this.whole = true;
    const full = readPythonModuleFacts(this.parser, this.module.path, this.text);
    // Each function of the whole read stands for the one handed out before at its line, if any.
    const fns = new Map<PyFunction, PyFunction>();
    for (const [line, { fn }] of full.functionsByLine) {
      const mine = this.facts.functionsByLine.get(line)?.fn ?? this.alone.get(line);
      if (mine !== undefined && mine.name === fn.name) fns.set(fn, mine);
    }
    const swapFn = (fn: PyFunction) => fns.get(fn) ?? fn;
    for (const [fn, mine] of fns) {
      for (const key of Object.keys(fn) as (keyof PyFunction)[])
        Object.defineProperty(mine, key, { configurable: true, enumerable: true, writable: true, value: fn[key] });
      // Body facts the whole read did not find are absent, not deferred.
      setBodyFacts(mine, { ...fn, ...(fn.nested ? { nested: fn.nested.map(swapFn) } : {}) });
    }
    const classes = new Map<PyClass, PyClass>();
    for (const [line, cls] of full.classesByLine) {
      const mine = this.facts.classesByLine.get(line);
      if (mine !== undefined && mine.name === cls.name) classes.set(cls, mine);
    }
    const swapClass = (cls: PyClass) => classes.get(cls) ?? cls;
    for (const [cls, mine] of classes) {
      mine.bases = cls.bases;
      mine.decorators = cls.decorators;
      mine.fields = cls.fields;
      mine.methods = cls.methods;
      if (cls.functions !== undefined) {
        mine.functions = new Map();
        for (const [k, v] of cls.functions) mine.functions.set(k, swapFn(v));
      } else delete mine.functions;
    }
    const m = this.module;
    const f = full.module;
    refill(m.imports, f.imports, (v) => v);
    refill(m.assigns, f.assigns, (v) => v);
    refill(m.loopBindings, f.loopBindings, (v) => v);
    refill(m.functions, f.functions, swapFn);
    refill(m.classes, f.classes, swapClass);
    m.decorated.splice(0, m.decorated.length, ...f.decorated.map(swapFn));
    const swapCall = (c: PyCall): PyCall => (c.within ? { ...c, within: swapFn(c.within) } : c);
    m.calls.splice(0, m.calls.length, ...f.calls.map(swapCall));
    m.helperCalls.splice(0, m.helperCalls.length, ...f.helperCalls.map(swapCall));
    if (f.dispatchers !== undefined) m.dispatchers = f.dispatchers;
    else delete m.dispatchers;
    m.imported.clear();
    for (const fw of f.imported) m.imported.add(fw);
    if (f.problem !== undefined) {
      m.problem = f.problem;
      this.onProblem(f.problem);
    }
  }
}

/** Sets a function's body facts as plain properties (absent ones undefined), replacing deferred ones. */
function setBodyFacts(fn: PyFunction, facts: PyBodyFacts): void {
  for (const key of BODY_FACT_KEYS)
    Object.defineProperty(fn, key, { configurable: true, enumerable: true, writable: true, value: facts[key] });
}
