import type { Parser } from 'web-tree-sitter';
import type { Expr } from '../tree-sitter/expr.js';
import type { SyntaxProblem } from '../tree-sitter/syntax-error.js';
import {
  BODY_FACT_KEYS,
  type PyBodyFacts,
  type PyCall,
  type PyClass,
  type PyFunction,
  type PyImport,
  type PyModule,
  type PyModuleFacts,
  readPythonFunctionAlone,
  readPythonModuleFacts,
} from './python-module.js';
import { type BlankedBody, outlinePython, type TopStatement } from './python-outline.js';

/**
 * A module read for its names only (a service, helper or models module that a lookup reaches), parsed from its
 * outline: function bodies are left out until something asks for them, and top-level functions and classes until a
 * lookup names something they could bind.
 *
 * The facts it gives are the facts of the whole file:
 * - a name's bindings gather those of every top-level function and class that could bind it, read when the name is
 *   first looked up, in the order of the file (the first function or class of a name, the first assignment a body
 *   makes, the last loop binding, the last import); module-level assignments are read at once, and imports too in a
 *   file that names a web framework; a class read this way gets its methods when they are first asked for;
 * - a name that a left-out body never mentions has the binding the outline shows (bodies can bind names: a local
 *   assignment fills a name the module level does not bind, a nested `def` or `class` can come first); each body that
 *   could bind a looked-up name is parsed alone before the lookup answers, its bindings ordered as a whole read
 *   orders them, and the whole file when one cannot be parsed alone;
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
 * Whether a function body, or a top-level function or class read later, could bind `name` for the module's name
 * maps: as the target of an assignment at the start of a statement or in a chain (`name = …`, `name: T = …`,
 * `other = name = …`), a `for name in` loop, or a nested `def name` / `class name`. Bodies and statements that import
 * are never left out. The test errs towards yes (a keyword argument on its own line also matches).
 */
function mayBind(text: string, name: string): boolean {
  if (!IDENTIFIER.test(name)) return text.includes(name) && bindingPattern(name).test(text);
  // The pattern's alternatives have no common start: testing around each place the name is spelled costs less.
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1))
    if (bindsAt(text, at, at + name.length)) return true;
  return false;
}

const IDENTIFIER = /^\w+$/;

/**
 * Whether a body that {@link mayBind} `name` could bind it only as an assignment's target: no line that spells the
 * name also spells a keyword that binds some other way (a loop target, tuple ones included; `def`, `class`, `as`,
 * `global`, `import`, `lambda`). Errs towards no.
 */
function bindsOnlyByAssigning(text: string, name: string): boolean {
  if (!IDENTIFIER.test(name)) return false;
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    const start = text.lastIndexOf('\n', at) + 1;
    const newline = text.indexOf('\n', at);
    if (OTHER_BINDERS.test(text.slice(start, newline < 0 ? text.length : newline))) return false;
  }
  return true;
}

const OTHER_BINDERS = /\b(?:for|def|class|as|global|nonlocal|import|lambda)\b/;

/** Whether the name spelled from `start` to `end` is where {@link bindingPattern} matches. */
function bindsAt(text: string, start: number, end: number): boolean {
  let before = start - 1;
  while (isBlank(text.charCodeAt(before))) before--;
  const previous = text.charCodeAt(before);
  // `name =`, `name: T =`, at the start of a line or after `;`, `:`, `=`.
  if (before < 0 || isLineEnd(previous) || previous === 59 || previous === 58 || previous === 61) {
    let after = end;
    while (isBlank(text.charCodeAt(after))) after++;
    const next = text.charCodeAt(after);
    if (next === 61) return true;
    if (next === 58) {
      const equals = text.indexOf('=', after + 1);
      const newline = text.indexOf('\n', after + 1);
      if (equals >= 0 && (newline < 0 || equals < newline)) return true;
    }
  }
  if (before === start - 1) return false;
  // `def name`, `class name`, `for name in`.
  const keyword = (word: string) =>
    text.startsWith(word, before - word.length + 1) && !isWordChar(text.charCodeAt(before - word.length));
  if (keyword('def') || keyword('class')) return !isWordChar(text.charCodeAt(end));
  if (!keyword('for')) return false;
  let after = end;
  while (isBlank(text.charCodeAt(after))) after++;
  return after > end && text.startsWith('in', after) && !isWordChar(text.charCodeAt(after + 2));
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

function isLineEnd(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

/** The pattern {@link mayBind} tests, made once per name. */
const bindingPatterns = new Map<string, RegExp>();

function bindingPattern(name: string): RegExp {
  let pattern = bindingPatterns.get(name);
  if (pattern === undefined) {
    const n = name.replace(/[^\w]/g, (c) => `\\${c}`);
    pattern = new RegExp(
      `(?:^|[;:=])[ \\t]*${n}[ \\t]*(?::[^\\n]*)?=|\\bfor[ \\t]+${n}[ \\t]+in\\b|\\b(?:def|class)[ \\t]+${n}(?!\\w)`,
      'm',
    );
    bindingPatterns.set(name, pattern);
  }
  return pattern;
}

/** A top-level `def`, `class` or import statement read only when a looked-up name could be bound in it. */
interface DeferredStatement {
  rows: [number, number];
  /**
   * The lines of its outline that can bind a module name: those naming `def`, `class` or `for`, and the functions
   * written on one line with their body (other bodies are left out; assignments in a class body are its fields); all
   * of an import statement.
   */
  binders: string;
  /** An import statement: it binds the names it spells. */
  imports?: boolean;
  /** The import statements of a function or class (those its bodies keep): they bind the names they spell. */
  importLines?: string;
  read: boolean;
  /** Whether its classes were read again with their methods. */
  methodsRead?: boolean;
}

/**
 * Reads a module for name lookups from its outline, or whole when the outline does not parse cleanly. Top-level
 * functions and classes are read when a lookup first names something they mention; imports and every other
 * top-level statement are read at once. `onProblem` hears of a syntax problem found when the whole file is parsed
 * later.
 */
export function readPythonModuleOutline(
  parser: Parser,
  path: string,
  text: string,
  onProblem: (problem: SyntaxProblem) => void,
): PyModule {
  const outline = outlinePython(text);
  if (outline === undefined) return readPythonModuleFacts(parser, path, text).module;
  const outlineLines = outline.lines;
  // Without a web framework's name no import of the file can be Flask's (see `frameworkOf`).
  const namesNoFramework = !FRAMEWORK_NAME.test(text);
  const deferred = deferredStatements(
    outline.statements,
    outlineLines,
    new Set(outline.oneLiners),
    namesNoFramework,
    outline.bodies,
  );
  if (outline.bodies.length === 0 && deferred.length === 0) return readPythonModuleFacts(parser, path, text).module;
  const eagerLines = outlineLines.slice();
  for (const s of deferred) for (let r = s.rows[0]; r <= s.rows[1]; r++) eagerLines[r] = '';
  const eagerBodies = outside(outline.bodies, deferred);
  const leftOut = new Set(eagerBodies.map((b) => b.defRow + 1));
  const facts = readPythonModuleFacts(parser, path, eagerLines.join('\n'), leftOut);
  // The outline must read as the file does: no syntax problem, and every function whose body it left out.
  if (facts.module.problem !== undefined || !readsEvery(eagerBodies, facts))
    return readPythonModuleFacts(parser, path, text).module;
  const outlined = new OutlinedModule(
    parser,
    text,
    outline.sourceLines,
    outlineLines,
    facts,
    outline.bodies,
    deferred,
    onProblem,
    namesNoFramework,
  );
  outlines.set(outlined.module, outlined);
  return outlined.module;
}

/** The bodies in no deferred statement; both lists are in the order of the file. */
function outside(bodies: readonly BlankedBody[], deferred: readonly DeferredStatement[]): BlankedBody[] {
  const out: BlankedBody[] = [];
  let i = 0;
  for (const b of bodies) {
    while (i < deferred.length && (deferred[i] as DeferredStatement).rows[1] < b.defRow) i++;
    const s = deferred[i];
    if (s === undefined || !within(b.defRow, s.rows)) out.push(b);
  }
  return out;
}

function within(row: number, rows: readonly [number, number]): boolean {
  return row >= rows[0] && row <= rows[1];
}

/** Whether a read found every function whose body the outline left out, at its line. */
function readsEvery(bodies: readonly BlankedBody[], facts: PyModuleFacts): boolean {
  return bodies.every((b) => facts.functionsByLine.get(b.defRow + 1)?.fn.line === b.defRow + 1);
}

/** A web framework's name, which a file must spell to import it (see `frameworkOf`). */
const FRAMEWORK_NAME = /\b(?:fastapi|starlette|flask|apiflask|quart)/;

/** Whether `text` holds `name` as a whole word (a superset of the import statements that can bind it). */
function mentions(text: string, name: string): boolean {
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1))
    if (!isWordChar(text.charCodeAt(at - 1)) && !isWordChar(text.charCodeAt(at + name.length))) return true;
  return false;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/**
 * The top-level functions and classes whose reading can wait for a lookup: all but those whose outline imports
 * (an import anywhere binds a module name, and decides what the functions after it read of Flask). Top-level import
 * statements wait too in a file that names no web framework: no import can then make it Flask's or a framework's.
 */
function deferredStatements(
  statements: readonly TopStatement[],
  lines: readonly string[],
  oneLiners: ReadonlySet<number>,
  importsToo: boolean,
  bodies: readonly BlankedBody[],
): DeferredStatement[] {
  const out: DeferredStatement[] = [];
  for (const s of statements) {
    if (s.kind === 'import' && importsToo) {
      const text = lines.slice(s.rows[0], s.rows[1] + 1).join('\n');
      out.push({ rows: s.rows, binders: text, imports: true, read: false });
      continue;
    }
    if (s.kind !== 'def' && s.kind !== 'class') continue;
    const own = lines.slice(s.rows[0], s.rows[1] + 1);
    const binders = own.filter((line, i) => oneLiners.has(s.rows[0] + i) || /\b(?:def|class|for)\b/.test(line));
    if (own.some((line) => /\bimport\b/.test(line))) {
      // Without a web framework's name no import can make the file Flask's, so such a statement can wait too, read
      // when a looked-up name is one its import statements spell: those of bodies the outline left out (which keep
      // only their import statements), or any of its lines when it imports elsewhere (a body kept whole).
      if (!importsToo) continue;
      const importRows = bodies.filter((b) => b.imports && within(b.defRow, s.rows)).map((b) => b.bodyRows);
      const inBodies = (i: number) => importRows.some(([a, z]) => s.rows[0] + i >= a && s.rows[0] + i <= z);
      const elsewhere = own.some((line, i) => /\bimport\b/.test(line) && !inBodies(i));
      const imports = elsewhere ? own : own.filter((line, i) => inBodies(i) && line.trim() !== '');
      out.push({ rows: s.rows, binders: binders.join('\n'), importLines: imports.join('\n'), read: false });
      continue;
    }
    out.push({ rows: s.rows, binders: binders.join('\n'), read: false });
  }
  return out;
}

const outlines = new WeakMap<PyModule, OutlinedModule>();

/** What a read binds, for name lookups: the module's maps, the names function bodies assign and where each was bound. */
type NameReads = Pick<PyModuleFacts, 'module' | 'innerAssigns' | 'lines'>;

/** A function parsed alone (see `readPythonFunctionAlone`). */
type AloneRead = NonNullable<ReturnType<typeof readPythonFunctionAlone>>;

/** Whether a line (1-based) lies in a body's rows. */
function inBody(line: number, body: BlankedBody): boolean {
  return line > body.bodyRows[0] && line <= body.bodyRows[1] + 1;
}

/**
 * What a body read alone binds in its module, as a read of the whole file holds it: its local assignments, loop
 * targets, and the functions and classes defined in it; not the function itself, nor the classes around it, which
 * the text read alone spells only as headers.
 */
function bodyBindings(facts: AloneRead['facts'], body: BlankedBody): NameReads {
  const keep = <V>(map: Map<string, V>, line: (v: V, name: string) => number | undefined): Map<string, V> => {
    const out = new Map<string, V>();
    for (const [name, v] of map) {
      const at = line(v, name);
      if (at !== undefined && inBody(at, body)) out.set(name, v);
    }
    return out;
  };
  const module: PyModule = {
    ...facts.module,
    imports: new Map(),
    assigns: new Map(),
    loopBindings: keep(facts.module.loopBindings, (_, name) => facts.lines.loop.get(name)),
    functions: keep(facts.module.functions, (fn) => fn.line),
    classes: keep(facts.module.classes, (cls) => cls.line),
  };
  return {
    module,
    innerAssigns: keep(facts.innerAssigns, (_, name) => facts.lines.inner.get(name)),
    lines: facts.lines,
  };
}

/** Makes a module read from its outline whole (a route file found after a lookup read it for names); else nothing. */
export function readModuleWhole(mod: PyModule): void {
  outlines.get(mod)?.readWhole();
}

class OutlinedModule {
  readonly module: PyModule;
  private whole = false;
  /** The text of every body left out, made when a lookup first asks (most modules reached see few lookups). */
  private bodyTextMemo: string | undefined;
  /** The lines of every deferred statement that can bind a name (see {@link DeferredStatement.binders}). */
  private bindersMemo: string | undefined;
  /** Names whose bindings in left-out bodies were read (see {@link guard}). */
  private readonly checked = new Set<string>();
  /** Functions read apart from the file so far (with the functions nested in them), by line. */
  private readonly alone = new Map<number, PyFunction>();
  /** Each body read apart from the file so far, once (null: it cannot be, see {@link readAlone}). */
  private readonly aloneReads = new Map<BlankedBody, AloneRead | null>();
  private readonly statementBodies = new Map<DeferredStatement, BlankedBody[]>();
  /** Bodies whose bindings are among {@link reads}. */
  private readonly bindingsRead = new Set<BlankedBody>();
  /**
   * The reads of the outline so far, for the names they bind: its eager statements first, then each batch of
   * deferred ones, and the bindings of each body read apart.
   */
  private readonly reads: NameReads[];
  /** Every function and class handed out from the outline's reads, by line. */
  private readonly functionsByLine: Map<number, { fn: PyFunction; flaskish: boolean }>;
  private readonly classesByLine: Map<number, PyClass>;
  /** Names whose bindings were gathered from every deferred statement that could bind them. */
  private readonly gathered = new Set<string>();

  constructor(
    private readonly parser: Parser,
    private readonly text: string,
    /** The file's lines. */
    private readonly lines: readonly string[],
    private readonly outlineLines: readonly string[],
    private readonly facts: PyModuleFacts,
    private readonly bodies: readonly BlankedBody[],
    private readonly deferred: readonly DeferredStatement[],
    private readonly onProblem: (problem: SyntaxProblem) => void,
    /** Whether the file spells no web framework's name: then none of its imports can make what follows Flask code. */
    private readonly namesNoFramework: boolean,
  ) {
    this.reads = [facts];
    this.functionsByLine = new Map(facts.functionsByLine);
    this.classesByLine = new Map(facts.classesByLine);
    const outlined = facts.module;
    const guard = (name: string) => {
      this.gather(name);
      this.guard(name);
    };
    const guarded = <V>(source: Map<string, V>, exact?: Set<string>): Map<string, V> => {
      // A module-level assignment is read with the eager statements, and wins over any other binding.
      const map = new GuardedNames<V>(exact ? (name) => exact.has(name) || guard(name) : guard);
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
    for (const body of outside(bodies, deferred)) {
      const entry = facts.functionsByLine.get(body.defRow + 1);
      if (entry !== undefined) this.deferBody(entry.fn, body, entry.flaskish);
    }
  }

  private get bodyText(): string {
    this.bodyTextMemo ??= this.bodies.map((b) => b.text).join('\n');
    return this.bodyTextMemo;
  }

  private get binders(): string {
    this.bindersMemo ??= this.deferred.map((s) => `${s.binders}\n${s.importLines ?? ''}`).join('\n');
    return this.bindersMemo;
  }

  /** The bodies the outline left out in a deferred statement, in the order of the file. */
  private bodiesIn(statement: DeferredStatement): BlankedBody[] {
    let out = this.statementBodies.get(statement);
    if (out === undefined) {
      out = this.bodies.filter((b) => within(b.defRow, statement.rows));
      this.statementBodies.set(statement, out);
    }
    return out;
  }

  /** Whether the file imports Flask before a line, from the imports the eager read saw (deferred statements have none). */
  private flaskishAt(line: number): boolean {
    let flaskish = false;
    for (const [at, value] of this.facts.flaskishAfter) {
      if (at >= line) break;
      flaskish = value;
    }
    return flaskish;
  }

  /**
   * Reads the deferred statements that could bind `name` and puts its bindings in the module's maps, as a read of the
   * whole outline gives them: the first function or class of that name, the first assignment a body makes, the last
   * loop binding. Module-level assignments and imports are all in the eager read.
   */
  private gather(name: string): void {
    if (this.whole || this.deferred.length === 0 || this.gathered.has(name)) return;
    this.gathered.add(name);
    // Most names looked up are spelled in no deferred statement: one search of them all rules those out.
    if (!this.binders.includes(name)) return;
    const mentioning = this.deferred.filter((s) =>
      s.imports
        ? mentions(s.binders, name)
        : mayBind(s.binders, name) || (s.importLines !== undefined && mentions(s.importLines, name)),
    );
    if (mentioning.length === 0) return;
    const unread = mentioning.filter((s) => !s.read);
    if (unread.length > 0 && !this.readStatements(unread)) return;
    this.merge(name);
  }

  /**
   * Puts the bindings of `name` that the reads so far hold in the module's maps, as a read of the whole file gives
   * them: the first function or class of that name, the first assignment a body makes, the last loop binding, the
   * last import. Module-level assignments are all in the eager read, and win.
   */
  private merge(name: string): void {
    let fn: PyFunction | undefined;
    let cls: PyClass | undefined;
    let inner: { expr: Expr; line: number } | undefined;
    let loop: { expr: Expr; line: number } | undefined;
    let imported: { imp: PyImport; line: number } | undefined;
    for (const read of this.reads) {
      const m = read.module.imports.get(name);
      const mLine = read.lines.import.get(name) ?? 0;
      if (m !== undefined && (imported === undefined || mLine > imported.line)) imported = { imp: m, line: mLine };
      const f = read.module.functions.get(name);
      if (f !== undefined && (fn === undefined || f.line < fn.line)) fn = f;
      const c = read.module.classes.get(name);
      if (c !== undefined && (cls === undefined || c.line < cls.line)) cls = c;
      const i = read.innerAssigns.get(name);
      const iLine = read.lines.inner.get(name) ?? 0;
      if (i !== undefined && (inner === undefined || iLine < inner.line)) inner = { expr: i, line: iLine };
      const l = read.module.loopBindings.get(name);
      const lLine = read.lines.loop.get(name) ?? 0;
      if (l !== undefined && (loop === undefined || lLine > loop.line)) loop = { expr: l, line: lLine };
    }
    const set = <V>(map: Map<string, V>, value: V | undefined) => {
      if (value !== undefined) Map.prototype.set.call(map, name, value);
    };
    set(this.module.functions, fn);
    set(this.module.classes, cls);
    if (!this.facts.moduleLevel.has(name)) set(this.module.assigns, inner?.expr);
    set(this.module.loopBindings, loop?.expr);
    set(this.module.imports, imported?.imp);
  }

  /**
   * Reads deferred statements together, one after the other, each class without its methods (a lookup wants its
   * fields and bases; its methods are read when first asked for); false when it fell back to reading the whole file.
   */
  private readStatements(statements: readonly DeferredStatement[]): boolean {
    const inStatements = statements.flatMap((s) => this.bodiesIn(s));
    // A method whose body imports stays, its body left out but its import statements read: they bind module names.
    const methods = inStatements.filter((b) => (b.classHeaders?.length ?? 0) > 0 && !b.imports);
    const isMethod = new Set(methods);
    const lines: string[] = [];
    const rows: number[] = [];
    for (const s of statements) {
      s.read = true;
      const base = lines.length - s.rows[0];
      for (let r = s.rows[0]; r <= s.rows[1]; r++) {
        lines.push(this.outlineLines[r] as string);
        rows.push(r);
      }
      // A method's decorators, signature and body give way to a `pass` where its `def` was.
      for (const m of this.bodiesIn(s)) {
        if (!isMethod.has(m)) continue;
        for (let r = m.startRow; r <= m.bodyRows[1]; r++) lines[base + r] = '';
        const def = this.outlineLines[m.defRow] as string;
        lines[base + m.defRow] = `${def.slice(0, def.length - def.trimStart().length)}pass`;
      }
    }
    const bodies = inStatements.filter((b) => !isMethod.has(b));
    const read = readPythonModuleFacts(
      this.parser,
      this.module.path,
      lines.join('\n'),
      new Set(bodies.map((b) => b.defRow + 1)),
      (line) => this.flaskishAt(line),
      rows,
    );
    if (read.module.problem !== undefined || !readsEvery(bodies, read)) {
      this.readWhole();
      return false;
    }
    this.reads.push(read);
    for (const [line, entry] of read.functionsByLine)
      if (!this.functionsByLine.has(line)) this.functionsByLine.set(line, entry);
    for (const [line, cls] of read.classesByLine) if (!this.classesByLine.has(line)) this.classesByLine.set(line, cls);
    for (const body of bodies) {
      const entry = read.functionsByLine.get(body.defRow + 1);
      if (entry !== undefined) this.deferBody(entry.fn, body, entry.flaskish);
    }
    for (const s of statements) {
      const own = this.bodiesIn(s).filter((b) => isMethod.has(b));
      // Each method's own class: the innermost class around it, by the line of its `class` keyword.
      const classLines = new Set(own.flatMap((m) => m.classHeaders?.slice(-1).map(([row]) => row + 1) ?? []));
      if (classLines.size === 0) continue;
      const read = () => this.readMethods(s, own);
      for (const line of classLines) {
        const cls = this.classesByLine.get(line);
        if (cls !== undefined) deferMembers(cls, read);
      }
    }
    return true;
  }

  /** Reads a deferred class statement with its methods, and gives its classes their methods. */
  private readMethods(statement: DeferredStatement, methods: readonly BlankedBody[]): void {
    if (statement.methodsRead) return;
    statement.methodsRead = true;
    const rows: number[] = [];
    for (let r = statement.rows[0]; r <= statement.rows[1]; r++) rows.push(r);
    const bodies = this.bodiesIn(statement);
    const full = readPythonModuleFacts(
      this.parser,
      this.module.path,
      rows.map((r) => this.outlineLines[r]).join('\n'),
      new Set(bodies.map((b) => b.defRow + 1)),
      (line) => this.flaskishAt(line),
      rows,
    );
    if (full.module.problem !== undefined || !readsEvery(bodies, full)) {
      this.readWhole();
      return;
    }
    // The methods read with their class before (those whose body imports) keep the objects handed out then.
    const before = new Map<PyFunction, PyFunction>();
    for (const b of bodies) {
      const mine = this.functionsByLine.get(b.defRow + 1)?.fn;
      const read = full.functionsByLine.get(b.defRow + 1)?.fn;
      if (mine !== undefined && read !== undefined && !methods.includes(b)) before.set(read, mine);
    }
    for (const [line, cls] of full.classesByLine) {
      const mine = this.classesByLine.get(line);
      if (mine === undefined || mine.name !== cls.name) continue;
      setMember(mine, 'methods', cls.methods);
      setMember(
        mine,
        'functions',
        cls.functions && new Map([...cls.functions].map(([name, fn]) => [name, before.get(fn) ?? fn])),
      );
    }
    for (const m of methods) {
      const entry = full.functionsByLine.get(m.defRow + 1);
      if (entry === undefined) continue;
      this.functionsByLine.set(m.defRow + 1, entry);
      this.deferBody(entry.fn, m, entry.flaskish);
    }
  }

  /**
   * Before a lookup of a name that a left-out body could bind (a local assignment, a `for` target, a nested `def` or
   * `class`): parses each such body alone and adds what it binds, or the whole file when one cannot be parsed alone.
   */
  private guard(name: string): void {
    if (this.whole || this.checked.has(name)) return;
    this.checked.add(name);
    if (!mayBind(this.bodyText, name)) return;
    for (const body of this.bodies) {
      if (this.bindingsRead.has(body) || !mayBind(body.text, name)) continue;
      // Parsing costs: a body that can only assign the name changes nothing `merge` puts in the maps once the module
      // level assigns it or a body assigns it on an earlier line (the first assignment a body makes wins).
      if (this.assignedBefore(name, body.bodyRows[0]) && bindsOnlyByAssigning(body.text, name)) continue;
      const read = this.readAlone(body, this.flaskishAt(body.defRow + 1));
      if (read === undefined) {
        this.readWhole();
        return;
      }
      this.bindingsRead.add(body);
      this.reads.push(bodyBindings(read.facts, body));
    }
    this.merge(name);
  }

  /** Whether the module level assigns `name`, or a read so far holds a body's assignment of it on a line up to `line`. */
  private assignedBefore(name: string, line: number): boolean {
    if (this.facts.moduleLevel.has(name)) return true;
    return this.reads.some((read) => read.innerAssigns.has(name) && (read.lines.inner.get(name) ?? 0) <= line);
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

  /** The function parsed alone (see {@link readAlone}). */
  private readBodyAlone(body: BlankedBody, flaskish: boolean): PyBodyFacts | undefined {
    return this.readAlone(body, flaskish)?.fn;
  }

  /**
   * Parses a function alone, once, for its body facts and for the names its body binds: the headers of the classes
   * around it, then its own lines. Not when a block other than a class encloses it, or when its body imports in a
   * file that spells a web framework's name (a Flask import there would change what the code after it reads). A local
   * import in a file that spells none (`from app.orders import service` in a service method, to break an import
   * cycle) changes nothing the body's facts say, and the outline holds the names it binds: reading the whole file for
   * it would parse every other body too.
   */
  private readAlone(body: BlankedBody, flaskish: boolean): AloneRead | undefined {
    const known = this.aloneReads.get(body);
    if (known !== undefined) return known ?? undefined;
    let read: AloneRead | undefined;
    if (body.classHeaders !== undefined && (!body.imports || this.namesNoFramework)) {
      const headers = body.classHeaders.flatMap(([a, b]) => this.lines.slice(a, b + 1));
      const own = this.lines.slice(body.startRow, body.bodyRows[1] + 1);
      const shift = body.startRow - headers.length;
      const text = [...headers, ...own].join('\n');
      read = readPythonFunctionAlone(this.parser, this.module.path, text, body.defRow + 1, shift, flaskish);
    }
    this.aloneReads.set(body, read ?? null);
    if (read === undefined) return undefined;
    for (const [line, { fn }] of read.facts.functionsByLine) if (line !== body.defRow + 1) this.alone.set(line, fn);
    // Classes defined in the body keep their identity if the whole file is read later.
    for (const [line, cls] of read.facts.classesByLine)
      if (inBody(line, body) && !this.classesByLine.has(line)) this.classesByLine.set(line, cls);
    return read;
  }

  /** Parses the whole file and puts its facts into the objects already handed out. */
  readWhole(): void {
    if (this.whole) return;
    this.whole = true;
    const full = readPythonModuleFacts(this.parser, this.module.path, this.text);
    // Each function of the whole read stands for the one handed out before at its line, if any.
    const fns = new Map<PyFunction, PyFunction>();
    for (const [line, { fn }] of full.functionsByLine) {
      const mine = this.functionsByLine.get(line)?.fn ?? this.alone.get(line);
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
      const mine = this.classesByLine.get(line);
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
    if (f.alternatives !== undefined) {
      m.alternatives = new Map();
      for (const [name, list] of f.alternatives)
        m.alternatives.set(
          name,
          list.map((alt) => {
            const v = alt.value;
            const value =
              v.k === 'func' ? { k: v.k, fn: swapFn(v.fn) } : v.k === 'class' ? { k: v.k, cls: swapClass(v.cls) } : v;
            return { ...alt, value };
          }),
        );
    } else delete m.alternatives;
    m.imported.clear();
    for (const fw of f.imported) m.imported.add(fw);
    if (f.problem !== undefined) {
      m.problem = f.problem;
      this.onProblem(f.problem);
    }
  }
}

/** Makes a class's methods a property read on first use, until then left out of its statement's read. */
function deferMembers(cls: PyClass, read: () => void): void {
  for (const key of ['methods', 'functions'] as const)
    Object.defineProperty(cls, key, {
      configurable: true,
      enumerable: true,
      get() {
        read();
        // A read that found no class at this line (it cannot happen with a clean outline): no methods.
        if (Object.getOwnPropertyDescriptor(cls, key)?.get !== undefined) {
          setMember(cls, 'methods', []);
          setMember(cls, 'functions', undefined);
        }
        return cls[key];
      },
      set(value) {
        setMember(cls, key, value);
      },
    });
}

function setMember<K extends 'methods' | 'functions'>(cls: PyClass, key: K, value: PyClass[K]): void {
  if (value === undefined) delete cls[key];
  else Object.defineProperty(cls, key, { configurable: true, enumerable: true, writable: true, value });
}

/** Sets a function's body facts as plain properties (absent ones undefined), replacing deferred ones. */
function setBodyFacts(fn: PyFunction, facts: PyBodyFacts): void {
  for (const key of BODY_FACT_KEYS)
    Object.defineProperty(fn, key, { configurable: true, enumerable: true, writable: true, value: facts[key] });
}
