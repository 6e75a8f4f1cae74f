import type { Parser } from 'web-tree-sitter';
import { type CompactTree, SyntaxNode } from '../tree-sitter/compact-tree.js';
import { type Expr, otherExpr } from '../tree-sitter/expr.js';
import { readCompactSyntaxTree } from '../tree-sitter/parse-source.js';
import type { SyntaxProblem } from '../tree-sitter/syntax-error.js';

/** The syntax nodes read here: copied out of the parser's tree (see `compactTree`). */
type Node = SyntaxNode;

/** A name bound by an import: `import a.b as c` → `{module:'a.b'}`; `from .x import y` → `{module:'x', name:'y', level:1}`. */
export interface PyImport {
  module: string;
  name?: string;
  /** Leading dots of a relative import. */
  level: number;
}

/** A function parameter. */
export interface PyParam {
  name: string;
  annotation?: Expr;
  default?: Expr;
  /** `*args` / `**kwargs` are `rest`. */
  rest: boolean;
  /** Which rest: `*` collects extra positional arguments, `**` extra keyword arguments. */
  splat?: '*' | '**';
}

/** A decorator as written, with its line. */
export interface PyDecorator {
  expr: Expr;
  line: number;
}

/** A function or method definition. */
export interface PyFunction {
  name: string;
  line: number;
  decorators: PyDecorator[];
  params: PyParam[];
  returns?: Expr;
  /** The expression of the first `return` statement, for factories like `def get_settings(): return Settings()`. */
  returnValue?: Expr;
  /** Enclosing class, for methods. */
  className?: string;
  /**
   * Functions defined in its body: a decorator factory (`def route(bp, *args, **kwargs):`) defines there the decorator
   * it returns, which is where its framework registration (`@bp.route(*args, **kwargs)`) is written.
   */
  nested?: PyFunction[];
  /** Names its body binds (first binding), for a factory's own router when another function binds the same name. */
  locals?: Map<string, Expr>;
  /** The docstring, as written between the quotes, and its first line (flasgger reads YAML after `---` in it). */
  docstring?: { text: string; line: number };
  /** What the body of a Flask handler makes evident: request reads, `abort(...)`, returned values (Flask files only). */
  effects?: PyEffect[];
  /** `raise X(...)` statements of the body (the raised expression), so statuses can be followed into helpers. */
  raises?: { e: Expr; line: number }[];
  /** Functions the body calls (`services.get_item`, `check_access`), once each, so a handler's helpers can be read. */
  callees?: Expr[];
  /**
   * What the body answers with an explicit status: a response built with it (`JSONResponse(content=…,
   * status_code=404)`), or the status itself, set on the response (`response.status_code = 201`).
   */
  answers?: { e: Expr; line: number }[];
  /**
   * Callees (as written) whose every call sits in a `try` that catches what they raise (`except HTTPException`, a bare
   * `except`): their 401 never reaches the client through this function.
   */
  caught?: string[];
  /**
   * The first statements of a Flask handler's body as a flow of tests and exits (Flask files only), so auth can follow
   * what a request without credentials meets: `if not auth: return Response(status=401)`.
   */
  prologue?: PyStep[];
}

/** A test as written in an `if`: boolean operators and comparisons kept apart, operands lowered. */
export type PyTest =
  | { k: 'not'; e: PyTest }
  | { k: 'and' | 'or'; items: PyTest[] }
  /** `a is None`, `a != b`, `'Authorization' not in request.headers`: the operator as written, spaces collapsed. */
  | { k: 'cmp'; op: string; left: Expr; right: Expr }
  | { k: 'expr'; e: Expr };

/** One statement of a body's {@link PyFunction.prologue}. */
export type PyStep =
  | { k: 'if'; test: PyTest; whenTrue: PyStep[]; whenFalse: PyStep[]; line: number }
  /** A statement that leaves the function: `return x`, `raise X(…)`, `abort(401)`. */
  | {
      k: 'exit';
      how: 'return' | 'raise' | 'abort';
      e: Expr;
      line: number;
      /** A returned test (`return auth and auth.password == pw`), read as an `if` condition is. */
      test?: PyTest;
    }
  | { k: 'assign'; name: string; e: Expr; line: number }
  /** A call made as a statement (`check_token()`), which may itself turn the caller away. */
  | { k: 'call'; e: Expr; line: number }
  /** Anything else, which the request goes past. */
  | { k: 'other' };

/**
 * One fact of a Flask handler body: a `request.args.get("q")`-like call or an `abort(404)`; a `request.json` or
 * `request.args["q"]` read; a `return` value.
 */
export interface PyEffect {
  k: 'call' | 'read' | 'return';
  e: Expr;
  line: number;
}

/** A class attribute, annotated or assigned (`name: str = "x"`). */
export interface PyField {
  name: string;
  annotation?: Expr;
  default?: Expr;
  line: number;
}

/** A class definition. */
export interface PyClass {
  name: string;
  line: number;
  bases: Expr[];
  decorators: PyDecorator[];
  fields: PyField[];
  methods: string[];
  /** The methods themselves, by name. */
  functions?: Map<string, PyFunction>;
}

/** A module-level test a definition depends on: `test` must be truthy (`holds`) or falsy (`!holds`). */
export interface PyGuard {
  test: Expr;
  holds: boolean;
  line: number;
}

/** One definition of a name made under module-level `if`s (see {@link PyModule.alternatives}). */
export interface PyAlternative {
  when: PyGuard[];
  value: { k: 'func'; fn: PyFunction } | { k: 'class'; cls: PyClass } | { k: 'assign'; e: Expr };
  line: number;
}

/** A statement-level method call that may mount routers or add routes (`app.include_router(...)`). */
export interface PyCall {
  call: Extract<Expr, { k: 'call' }>;
  line: number;
  /** The function whose body makes the call (innermost), when it is not at module level. */
  within?: PyFunction;
}

/** Plain facts of one Python file: enough to resolve routes across modules after its syntax tree is freed. */
export interface PyModule {
  path: string;
  /** Dotted module name derived from the file path (`app/api/main.py` → `app.api.main`). */
  dotted: string;
  isPackage: boolean;
  imports: Map<string, PyImport>;
  /** Module-level assignments first; assignments inside functions fill names the module level does not bind. */
  assigns: Map<string, Expr>;
  /** `for x in <expr>:` bindings, so `for r in routers: app.include_router(r)` can be followed. */
  loopBindings: Map<string, Expr>;
  functions: Map<string, PyFunction>;
  decorated: PyFunction[];
  classes: Map<string, PyClass>;
  calls: PyCall[];
  /**
   * Statement-level calls of a bare name with arguments (`make_callback(router, "POST", "/stripe")`): calls of the
   * project's functions that may register routes with the arguments they are given.
   */
  helperCalls: PyCall[];
  /**
   * werkzeug `DispatcherMiddleware(root_app, {'/api': api_app})`: WSGI apps served under a path prefix each, the first
   * at the root.
   */
  dispatchers?: { root: Expr; mounts: { prefix: Expr; app: Expr }[]; line: number }[];
  /**
   * Names defined or assigned under a module-level `if` (`if settings.auth.enabled: def authenticated(…): …` /
   * `else: def authenticated(): return True`): each definition with the tests that must hold (or fail) for it, in the
   * order of the file, so the committed configuration can pick the one the app runs with.
   */
  alternatives?: Map<string, PyAlternative[]>;
  /** Web frameworks this file imports from. */
  imported: Set<string>;
  problem?: SyntaxProblem;
}

/** Method names of statement-level calls worth keeping. */
const INTERESTING_CALLS = new Set([
  'include_router',
  'register_blueprint',
  'add_url_rule',
  'add_api_route',
  'mount',
  'add_resource',
  'add_namespace',
  'init_app',
  // FastAPI/Starlette: which exception answers which status (read by the wire model).
  'add_exception_handler',
]);

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '/': '/' };

/**
 * Rows to add to a node's row for its line in the file: nonzero only while a function parsed apart from its file is
 * read (see {@link readPythonFunctionBody}), so the facts read from it carry the file's line numbers.
 */
let rowShift = 0;
/** The file's row of each row of the text read, while statements gathered from a file are read (else undefined). */
let fileRows: readonly number[] | undefined;

function lineOf(node: Node): number {
  const row = node.startRow;
  return (fileRows?.[row] ?? row) + 1 + rowShift;
}

/** The opening of a string literal: its prefix (`r`, `b`, `f`, …) and its quotes. */
const STRING_OPENING = /^([A-Za-z]{0,3})("""|'''|"|')/;

/**
 * The content of a plain string literal (no escape, no interpolation) read from its text, which spares reading its
 * parts from the tree one by one; undefined for any other string.
 */
function plainStringContent(text: string): string | undefined {
  const m = STRING_OPENING.exec(text);
  if (m === null || text.includes('\\')) return undefined;
  const [opening, prefix, quote] = m as unknown as [string, string, string];
  if (/f/i.test(prefix) && text.includes('{')) return undefined;
  if (text.length < opening.length + quote.length || !text.endsWith(quote)) return undefined;
  return text.slice(opening.length, text.length - quote.length);
}

/**
 * Leaves out the children of a plain string literal when a file is copied out of the parser: nothing reads them, since
 * its content is read from its text (about a tenth of the nodes of a FastAPI route module).
 */
const STRING_TYPES: ReadonlySet<string> = new Set(['string']);

function lowerString(node: Node): Expr {
  const plain = plainStringContent(node.text);
  if (plain !== undefined) return { k: 'str', v: plain };
  const parts: Expr[] = [];
  let text = '';
  for (const child of node.namedChildren) {
    if (child === null) continue;
    if (child.type === 'string_content') text += child.text;
    else if (child.type === 'escape_sequence') text += ESCAPES[child.text.slice(1)] ?? child.text;
    else if (child.type === 'interpolation') {
      if (text !== '') parts.push({ k: 'str', v: text });
      text = '';
      const inner = child.childForFieldName('expression');
      parts.push(inner === null ? otherExpr(child.text) : lowerExpr(inner));
    }
  }
  if (text !== '' || parts.length === 0) parts.push({ k: 'str', v: text });
  return parts.length === 1 ? (parts[0] as Expr) : { k: 'concat', parts };
}

function lowerArguments(node: Node | null): { args: Expr[]; kw: Record<string, Expr> } {
  const args: Expr[] = [];
  const kw: Record<string, Expr> = {};
  if (node === null) return { args, kw };
  for (const child of node.namedChildren) {
    if (child === null || child.type === 'comment') continue;
    if (child.type === 'keyword_argument') {
      const name = child.childForFieldName('name');
      const value = child.childForFieldName('value');
      if (name !== null && value !== null) kw[name.text] = lowerExpr(value);
    } else args.push(lowerExpr(child));
  }
  return { args, kw };
}

/** Lowers a Python expression node to {@link Expr}. */
export function lowerExpr(node: Node, depth = 0): Expr {
  if (depth > 40) return otherExpr(node.text);
  switch (node.type) {
    case 'string':
      return lowerString(node);
    case 'concatenated_string':
      return { k: 'concat', parts: node.namedChildren.filter((c) => c !== null).map((c) => lowerExpr(c, depth + 1)) };
    case 'integer':
    case 'float': {
      const v = Number(node.text.replace(/_/g, ''));
      return Number.isFinite(v) ? { k: 'num', v } : otherExpr(node.text);
    }
    case 'conditional_expression': {
      const [then, test, orelse] = node.namedChildren;
      if (!then || !test || !orelse) return otherExpr(node.text);
      return {
        k: 'cond',
        ifTrue: lowerExpr(then, depth + 1),
        test: lowerExpr(test, depth + 1),
        ifFalse: lowerExpr(orelse, depth + 1),
      };
    }
    case 'true':
      return { k: 'bool', v: true };
    case 'false':
      return { k: 'bool', v: false };
    case 'none':
      return { k: 'none' };
    case 'identifier':
      return { k: 'name', id: node.text };
    case 'attribute': {
      const obj = node.childForFieldName('object');
      const attr = node.childForFieldName('attribute');
      if (obj === null || attr === null) return otherExpr(node.text);
      return { k: 'attr', obj: lowerExpr(obj, depth + 1), name: attr.text };
    }
    case 'call': {
      const fn = node.childForFieldName('function');
      if (fn === null) return otherExpr(node.text);
      const { args, kw } = lowerArguments(node.childForFieldName('arguments'));
      return { k: 'call', fn: lowerExpr(fn, depth + 1), args, kw, line: lineOf(node) };
    }
    case 'list':
    case 'tuple':
    case 'set':
    case 'expression_list':
      return { k: 'list', items: node.namedChildren.filter((c) => c !== null).map((c) => lowerExpr(c, depth + 1)) };
    case 'parenthesized_expression':
    case 'type': {
      const inner = node.firstNamedChild;
      return inner === null ? otherExpr(node.text) : lowerExpr(inner, depth + 1);
    }
    case 'binary_operator': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const op = node.childForFieldName('operator')?.text;
      if (left === null || right === null) return otherExpr(node.text);
      if (op === '+') return { k: 'concat', parts: [lowerExpr(left, depth + 1), lowerExpr(right, depth + 1)] };
      if (op === '|') return { k: 'union', items: [lowerExpr(left, depth + 1), lowerExpr(right, depth + 1)] };
      return otherExpr(node.text);
    }
    case 'subscript': {
      const value = node.childForFieldName('value');
      if (value === null) return otherExpr(node.text);
      const args = node.childrenForFieldName('subscript').filter((c) => c !== null);
      return { k: 'sub', value: lowerExpr(value, depth + 1), args: args.map((c) => lowerExpr(c, depth + 1)) };
    }
    case 'generic_type': {
      const [value, params] = node.namedChildren;
      if (value == null) return otherExpr(node.text);
      const args = (params?.namedChildren ?? []).filter((c) => c !== null).map((c) => lowerExpr(c, depth + 1));
      return { k: 'sub', value: lowerExpr(value, depth + 1), args };
    }
    case 'union_type':
      return { k: 'union', items: node.namedChildren.filter((c) => c !== null).map((c) => lowerExpr(c, depth + 1)) };
    // Tests of settings flags (`Depends(check) if not settings.DISABLE_AUTH else None`), kept apart so the
    // committed configuration can decide them.
    case 'not_operator': {
      const arg = node.childForFieldName('argument');
      return arg === null ? otherExpr(node.text) : { k: 'not', e: lowerExpr(arg, depth + 1) };
    }
    case 'boolean_operator': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const op = node.childForFieldName('operator')?.text;
      if (left === null || right === null || (op !== 'and' && op !== 'or')) return otherExpr(node.text);
      return { k: 'logic', op, items: [lowerExpr(left, depth + 1), lowerExpr(right, depth + 1)] };
    }
    case 'comparison_operator': {
      // A chained comparison (`0 < a < 9`) stays as written.
      const [left, right, more] = node.namedChildren;
      if (left == null || right == null || more != null) return otherExpr(node.text);
      const op = node.tree.source.slice(left.endIndex, right.startIndex).trim().replace(/\s+/g, ' ');
      return { k: 'cmp', op, left: lowerExpr(left, depth + 1), right: lowerExpr(right, depth + 1) };
    }
    default:
      return otherExpr(node.text);
  }
}

function lowerParams(node: Node | null): PyParam[] {
  const out: PyParam[] = [];
  if (node === null) return out;
  for (const p of node.namedChildren) {
    if (p === null) continue;
    switch (p.type) {
      case 'identifier':
        out.push({ name: p.text, rest: false });
        break;
      case 'typed_parameter': {
        const id = p.namedChildren.find((c) => c?.type === 'identifier');
        const type = p.childForFieldName('type');
        const splat = p.namedChildren.find(
          (c) => c?.type === 'list_splat_pattern' || c?.type === 'dictionary_splat_pattern',
        );
        if (splat != null) out.push({ name: splat.text.replace(/^\*+/, ''), rest: true, splat: splatOf(splat.text) });
        else if (id != null) out.push({ name: id.text, rest: false, ...(type ? { annotation: lowerExpr(type) } : {}) });
        break;
      }
      case 'default_parameter':
      case 'typed_default_parameter': {
        const name = p.childForFieldName('name');
        const type = p.childForFieldName('type');
        const value = p.childForFieldName('value');
        if (name === null) break;
        out.push({
          name: name.text,
          rest: false,
          ...(type ? { annotation: lowerExpr(type) } : {}),
          ...(value ? { default: lowerExpr(value) } : {}),
        });
        break;
      }
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern':
        out.push({ name: p.text.replace(/^\*+/, ''), rest: true, splat: splatOf(p.text) });
        break;
    }
  }
  return out;
}

function splatOf(text: string): '*' | '**' {
  return text.startsWith('**') ? '**' : '*';
}

function lowerDecorators(node: Node): PyDecorator[] {
  const out: PyDecorator[] = [];
  for (const d of node.namedChildren) {
    if (d?.type !== 'decorator') continue;
    const inner = d.firstNamedChild;
    if (inner !== null) out.push({ expr: lowerExpr(inner), line: lineOf(d) });
  }
  return out;
}

function docstringOf(body: Node | null): { text: string; line: number } | undefined {
  const first = body?.namedChildren[0];
  const str = first?.type === 'expression_statement' ? first.firstNamedChild : null;
  if (str?.type !== 'string') return undefined;
  // The string's content pieces, without prefix and quotes.
  const text =
    plainStringContent(str.text) ??
    str.namedChildren
      .filter((c) => c?.type === 'string_content')
      .map((c) => c?.text ?? '')
      .join('');
  return { text, line: lineOf(str) };
}

function firstReturn(body: Node | null): Expr | undefined {
  if (body === null) return undefined;
  for (const stmt of body.namedChildren) {
    if (stmt?.type === 'return_statement') {
      const value = stmt.firstNamedChild;
      return value === null ? undefined : lowerExpr(value);
    }
  }
  return undefined;
}

/** Calls worth keeping in a Flask handler's {@link PyEffect}s, by the called name. */
const EFFECT_CALLS = new Set([
  'abort',
  // Flask-SQLAlchemy lookups answering 404.
  'get_or_404',
  'first_or_404',
  'one_or_404',
  'make_response',
  'jsonify',
  'redirect',
  'get',
  'getlist',
  'get_json',
  'load',
  'validate',
  'model_validate',
  'parse_obj',
  // flask-jwt-extended in a hook or decorator: its `optional=True` decides whether it guards.
  'verify_jwt_in_request',
]);
const REQUEST_READS = new Set(['json', 'form', 'files', 'data', 'args', 'headers']);

function isRequest(node: Node | null): boolean {
  return node?.type === 'identifier' && node.text === 'request';
}

/** The {@link PyEffect}s of a function body, read from its syntax tree once. */
function readEffects(body: Node): PyEffect[] {
  const out: PyEffect[] = [];
  for (const node of body.descendantsOfType(['call', 'subscript', 'attribute', 'return_statement'])) {
    if (node === null) continue;
    switch (node.type) {
      case 'return_statement': {
        const value = node.firstNamedChild;
        out.push({ k: 'return', e: value === null ? { k: 'none' } : lowerExpr(value), line: lineOf(node) });
        break;
      }
      case 'call': {
        const fn = node.childForFieldName('function');
        const name =
          fn?.type === 'identifier' ? fn.text : fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : '';
        if (name !== undefined && EFFECT_CALLS.has(name))
          out.push({ k: 'call', e: lowerExpr(node), line: lineOf(node) });
        break;
      }
      case 'subscript': {
        const value = node.childForFieldName('value');
        if (value?.type === 'attribute' && isRequest(value.childForFieldName('object')))
          out.push({ k: 'read', e: lowerExpr(node), line: lineOf(node) });
        break;
      }
      case 'attribute': {
        // `request.json`, `request.form`, … read as values (not as the callee or object of something longer).
        const parent = node.parent;
        if (parent?.type === 'attribute' || parent?.type === 'subscript') break;
        if (parent?.type === 'call' && parent.childForFieldName('function')?.id === node.id) break;
        if (!isRequest(node.childForFieldName('object'))) break;
        if (REQUEST_READS.has(node.childForFieldName('attribute')?.text ?? ''))
          out.push({ k: 'read', e: lowerExpr(node), line: lineOf(node) });
        break;
      }
    }
  }
  return out;
}

/** How many statements of a body, and how deep in its `if`s, a {@link PyFunction.prologue} reads. */
const PROLOGUE_STATEMENTS = 12;
const PROLOGUE_DEPTH = 3;

function readTest(node: Node, depth = 0): PyTest {
  if (depth > 8) return { k: 'expr', e: otherExpr(node.text) };
  switch (node.type) {
    case 'parenthesized_expression': {
      const inner = node.firstNamedChild;
      return inner === null ? { k: 'expr', e: otherExpr(node.text) } : readTest(inner, depth + 1);
    }
    case 'not_operator': {
      const arg = node.childForFieldName('argument');
      return arg === null ? { k: 'expr', e: otherExpr(node.text) } : { k: 'not', e: readTest(arg, depth + 1) };
    }
    case 'boolean_operator': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const op = node.childForFieldName('operator')?.text;
      if (left === null || right === null || (op !== 'and' && op !== 'or'))
        return { k: 'expr', e: otherExpr(node.text) };
      return { k: op, items: [readTest(left, depth + 1), readTest(right, depth + 1)] };
    }
    case 'comparison_operator': {
      const [left, right, more] = node.namedChildren;
      if (left == null || right == null || more != null) return { k: 'expr', e: otherExpr(node.text) };
      const op = node.tree.source.slice(left.endIndex, right.startIndex).trim().replace(/\s+/g, ' ');
      return { k: 'cmp', op, left: lowerExpr(left), right: lowerExpr(right) };
    }
    default:
      return { k: 'expr', e: lowerExpr(node) };
  }
}

/** The first statements of a block as {@link PyStep}s; a `try` body is read in place (it runs first). */
function readSteps(block: Node, depth: number): PyStep[] {
  const out: PyStep[] = [];
  const statements: Node[] = [];
  for (const stmt of block.namedChildren) {
    if (stmt === null || stmt.type === 'comment') continue;
    if (stmt.type === 'try_statement') {
      const body = stmt.childForFieldName('body');
      for (const inner of body?.namedChildren ?? [])
        if (inner !== null && inner.type !== 'comment') statements.push(inner);
    } else statements.push(stmt);
  }
  for (const stmt of statements.slice(0, PROLOGUE_STATEMENTS)) out.push(readStep(stmt, depth));
  return out;
}

function readStep(stmt: Node, depth: number): PyStep {
  switch (stmt.type) {
    case 'return_statement': {
      const value = stmt.firstNamedChild;
      const test =
        value !== null && /^(?:boolean_operator|not_operator|comparison_operator)$/.test(value.type)
          ? readTest(value)
          : undefined;
      return {
        k: 'exit',
        how: 'return',
        e: value === null ? { k: 'none' } : lowerExpr(value),
        line: lineOf(stmt),
        ...(test ? { test } : {}),
      };
    }
    case 'raise_statement': {
      const value = stmt.firstNamedChild;
      return value === null ? { k: 'other' } : { k: 'exit', how: 'raise', e: lowerExpr(value), line: lineOf(stmt) };
    }
    case 'expression_statement': {
      const inner = stmt.firstNamedChild;
      if (inner?.type === 'call') {
        const e = lowerExpr(inner);
        const fn = inner.childForFieldName('function');
        const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text;
        return name === 'abort'
          ? { k: 'exit', how: 'abort', e, line: lineOf(stmt) }
          : { k: 'call', e, line: lineOf(stmt) };
      }
      if (inner?.type === 'assignment') {
        const left = inner.childForFieldName('left');
        const right = inner.childForFieldName('right');
        if (left?.type === 'identifier' && right !== null)
          return { k: 'assign', name: left.text, e: lowerExpr(right), line: lineOf(stmt) };
        // `response.status_code = 401`: the status of the response returned next.
        if (left?.type === 'attribute' && right !== null && left.childForFieldName('attribute')?.text === 'status_code')
          return { k: 'assign', name: left.text, e: lowerExpr(right), line: lineOf(stmt) };
      }
      return { k: 'other' };
    }
    case 'if_statement': {
      const condition = stmt.childForFieldName('condition');
      if (condition === null || depth >= PROLOGUE_DEPTH) return { k: 'other' };
      const consequence = stmt.childForFieldName('consequence');
      // `elif` chains read as an `if` in the `else` of the one before.
      const alternatives = stmt.childrenForFieldName('alternative').filter((c): c is Node => c !== null);
      const elseOf = (i: number): PyStep[] => {
        const alt = alternatives[i];
        if (alt === undefined) return [];
        const body = alt.childForFieldName('body') ?? alt.namedChildren.find((c) => c?.type === 'block') ?? null;
        if (alt.type === 'else_clause') return body === null ? [] : readSteps(body, depth + 1);
        const test = alt.childForFieldName('condition');
        if (test === null) return [];
        return [
          {
            k: 'if',
            test: readTest(test),
            whenTrue: body === null ? [] : readSteps(body, depth + 1),
            whenFalse: elseOf(i + 1),
            line: lineOf(alt),
          },
        ];
      };
      return {
        k: 'if',
        test: readTest(condition),
        whenTrue: consequence === null ? [] : readSteps(consequence, depth + 1),
        whenFalse: elseOf(0),
        line: lineOf(stmt),
      };
    }
    default:
      return { k: 'other' };
  }
}

/** Callees named as `f(...)` or `a.b.f(...)`, at most this many per function: enough for services and helpers. */
const MAX_CALLEES = 40;

/**
 * What every function body of a file is read for, found in one pass over the whole file: `raise` statements, the
 * callee of each call, the body of each `try`, and `x.status_code = …` assignments. Each list is in document order
 * (a call before the calls nested in it).
 */
interface BodyCaptures {
  raises: Node[];
  /** `response.status_code = 201`: a status set on the response the handler answers with. */
  statusSets: Node[];
  callees: Node[];
  tries: Node[];
  /** Whether the `try` of a body (by its start) catches HTTP errors or everything, computed when first asked. */
  catching: Map<number, boolean>;
}

function captureBodies(root: Node): BodyCaptures {
  const out: BodyCaptures = { raises: [], statusSets: [], callees: [], tries: [], catching: new Map() };
  const tree = root.tree;
  const end = tree.after[root.id] as number;
  // Pre-order is the order wanted: by start, and the enclosing node first when two start together.
  for (let i = root.id; i < end; i++) {
    switch (tree.typeName(i)) {
      case 'raise_statement':
        out.raises.push(new SyntaxNode(tree, i));
        break;
      case 'call': {
        const fn = fieldChild(tree, i, 'function');
        const type = fn < 0 ? '' : tree.typeName(fn);
        if (type === 'identifier' || type === 'attribute') out.callees.push(new SyntaxNode(tree, fn));
        break;
      }
      case 'try_statement': {
        const body = fieldChild(tree, i, 'body');
        if (body >= 0 && tree.typeName(body) === 'block') out.tries.push(new SyntaxNode(tree, body));
        break;
      }
      case 'assignment': {
        const left = fieldChild(tree, i, 'left');
        if (left < 0 || tree.typeName(left) !== 'attribute') break;
        const attr = fieldChild(tree, left, 'attribute');
        if (
          attr >= 0 &&
          tree.typeName(attr) === 'identifier' &&
          tree.source.slice(tree.starts[attr], tree.ends[attr]) === 'status_code'
        )
          out.statusSets.push(new SyntaxNode(tree, i));
        break;
      }
    }
  }
  return out;
}

/** The first child of a node (by index) in a field, or -1. */
function fieldChild(tree: CompactTree, index: number, field: string): number {
  return tree.fieldChild(index, tree.fieldId(field));
}

/** The nodes of a sorted list that lie within `[start, end)`. */
function within(nodes: readonly Node[], start: number, end: number): Node[] {
  let lo = 0;
  let hi = nodes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((nodes[mid] as Node).startIndex < start) lo = mid + 1;
    else hi = mid;
  }
  const out: Node[] = [];
  for (let i = lo; i < nodes.length && (nodes[i] as Node).startIndex < end; i++) out.push(nodes[i] as Node);
  return out;
}

/** Whether the `try` owning a body has a handler that catches HTTP errors (or everything). */
function catchesHttpErrors(tryBody: Node, captures: BodyCaptures): boolean {
  let catching = captures.catching.get(tryBody.startIndex);
  if (catching === undefined) {
    catching = false;
    for (const clause of tryBody.parent?.namedChildren ?? [])
      if (clause?.type === 'except_clause') {
        const caught = clause.namedChildren.find((c) => c !== null && c.type !== 'block')?.text ?? '';
        if (caught === '' || /\b(HTTPException|Exception|BaseException|Unauthori[sz]ed\w*)\b/.test(caught)) {
          catching = true;
          break;
        }
      }
    captures.catching.set(tryBody.startIndex, catching);
  }
  return catching;
}

/** The `raise` statements and the named callees of a function body (nested functions included). */
function readRaisesAndCallees(
  body: Node,
  captures: BodyCaptures,
): Pick<PyFunction, 'raises' | 'callees' | 'caught' | 'answers'> {
  const start = body.startIndex;
  const end = body.endIndex;
  const raises: { e: Expr; line: number }[] = [];
  for (const node of within(captures.raises, start, end)) {
    const value = node.firstNamedChild;
    if (value !== null && value.type !== 'identifier') raises.push({ e: lowerExpr(value), line: lineOf(node) });
    else if (value !== null) raises.push({ e: { k: 'name', id: value.text }, line: lineOf(node) });
  }
  // `try` bodies inside this body whose handlers catch what a callee raises.
  const catchingTries = within(captures.tries, start, end).filter((t) => catchesHttpErrors(t, captures));
  const callees: Expr[] = [];
  const seen = new Set<string>();
  const caughtCalls = new Map<string, boolean>();
  const answers: { e: Expr; line: number }[] = [];
  for (const set of within(captures.statusSets, start, end)) {
    const value = set.childForFieldName('right');
    if (value !== null) answers.push({ e: lowerExpr(value), line: lineOf(set) });
  }
  for (const fn of within(captures.callees, start, end)) {
    const at = fn.startIndex;
    // `JSONResponse(…, status_code=404)`, `Response(status_code=204)`: a response written with its status; a
    // `RedirectResponse(url)` has one without saying it (307).
    if (
      fn.text.endsWith('Response') &&
      fn.parent?.type === 'call' &&
      (/\bstatus_code\s*=/.test(fn.parent.text) || fn.text.endsWith('RedirectResponse'))
    )
      answers.push({ e: lowerExpr(fn.parent), line: lineOf(fn.parent) });
    const inTry = catchingTries.some((t) => t.startIndex <= at && at < t.endIndex);
    const text = fn.text;
    caughtCalls.set(text, (caughtCalls.get(text) ?? true) && inTry);
    if (seen.has(text) || callees.length >= MAX_CALLEES) continue;
    seen.add(text);
    callees.push(lowerExpr(fn));
  }
  return {
    ...(raises.length > 0 ? { raises } : {}),
    ...(callees.length > 0 ? { callees } : {}),
    ...(answers.length > 0 ? { answers } : {}),
    ...([...caughtCalls.values()].some((c) => c)
      ? { caught: [...caughtCalls].filter(([, c]) => c).map(([name]) => name) }
      : {}),
  };
}

/**
 * The facts of a function that its body says, as opposed to its signature: read again alone when an outline left the
 * body out. One list, so that a fact added to {@link PyFunction} is read alone too.
 */
export const BODY_FACT_KEYS = [
  'returnValue',
  'effects',
  'raises',
  'callees',
  'answers',
  'caught',
  'docstring',
  'nested',
  'locals',
  'prologue',
] as const;

/** What a function's body says (see {@link BODY_FACT_KEYS}). */
export type PyBodyFacts = Pick<PyFunction, (typeof BODY_FACT_KEYS)[number]>;

function readBodyFacts(body: Node | null, captures: () => BodyCaptures, flaskish: boolean): PyBodyFacts {
  const returnValue = firstReturn(body);
  const docstring = docstringOf(body);
  const effects = body !== null && flaskish ? readEffects(body) : undefined;
  const prologue = body !== null && flaskish ? readSteps(body, 0) : undefined;
  return {
    ...(returnValue ? { returnValue } : {}),
    ...(effects ? { effects } : {}),
    ...(prologue?.some((s) => s.k !== 'other') ? { prologue } : {}),
    ...(body !== null ? readRaisesAndCallees(body, captures()) : {}),
    ...(docstring ? { docstring } : {}),
  };
}

/** Reads an import statement into `imports`; gives the names it binds. */
function readImport(node: Node, imports: Map<string, PyImport>): string[] {
  const bound: string[] = [];
  const bind = (name: string, imp: PyImport) => {
    imports.set(name, imp);
    bound.push(name);
  };
  if (node.type === 'import_statement') {
    for (const n of node.childrenForFieldName('name')) {
      if (n === null) continue;
      if (n.type === 'aliased_import') {
        const name = n.childForFieldName('name');
        const alias = n.childForFieldName('alias');
        if (name !== null && alias !== null) bind(alias.text, { module: name.text, level: 0 });
      } else {
        // `import a.b` binds `a`; attribute access then walks into the submodule.
        const top = n.text.split('.')[0] as string;
        bind(top, { module: top, level: 0 });
      }
    }
    return bound;
  }
  const moduleNode = node.childForFieldName('module_name');
  if (moduleNode === null) return bound;
  let level = 0;
  let module = moduleNode.text;
  if (moduleNode.type === 'relative_import') {
    const prefix = moduleNode.namedChildren.find((c) => c?.type === 'import_prefix');
    level = prefix?.text.length ?? 0;
    module = moduleNode.namedChildren.find((c) => c?.type === 'dotted_name')?.text ?? '';
  }
  for (const n of node.childrenForFieldName('name')) {
    if (n === null) continue;
    if (n.type === 'aliased_import') {
      const name = n.childForFieldName('name');
      const alias = n.childForFieldName('alias');
      if (name !== null && alias !== null) bind(alias.text, { module, name: name.text, level });
    } else bind(n.text, { module, name: n.text, level });
  }
  return bound;
}

function frameworkOf(module: string): string | undefined {
  const top = module.split('.')[0] ?? '';
  if (top === 'fastapi' || top === 'starlette') return 'fastapi';
  if (top === 'flask' || top.startsWith('flask_') || top === 'apiflask' || top === 'quart') return 'flask';
  return undefined;
}

/** The dotted module name a file stands for (`app/api/__init__.py` → `app.api`, a package). */
export function pythonModuleName(path: string): { dotted: string; isPackage: boolean } {
  const isPackage = path.endsWith('/__init__.py') || path === '__init__.py';
  let stem = path.endsWith('.py') ? path.slice(0, -3) : path;
  if (stem === '__init__') stem = '';
  else if (stem.endsWith('/__init__')) stem = stem.slice(0, -9);
  // Every Python file of a run and every module read asks: most paths have no empty part to drop.
  const dotted =
    stem.startsWith('/') || stem.endsWith('/') || stem.includes('//')
      ? stem
          .split('/')
          .filter((s) => s !== '')
          .join('.')
      : stem.replaceAll('/', '.');
  return { dotted, isPackage };
}

class ModuleReader {
  readonly module: PyModule;
  /** Every function and method read, by the line of its `def`, and whether the file imported Flask before it. */
  readonly functionsByLine = new Map<number, { fn: PyFunction; flaskish: boolean }>();
  /** Every class read, by the line of its `class` keyword. */
  readonly classesByLine = new Map<number, PyClass>();
  /** Names assigned at module level (not filled in from a function body). */
  readonly moduleLevel = new Set<string>();
  /** Names function bodies assign (first binding), which fill the names the module level does not bind. */
  readonly innerAssigns = new Map<string, Expr>();
  /** Where each binding the module's maps keep was written: the first inner assignment, the last loop. */
  readonly lines = {
    inner: new Map<string, number>(),
    loop: new Map<string, number>(),
    import: new Map<string, number>(),
  };
  /** Whether the file imports Flask after each import statement read, by its line, in order. */
  readonly flaskishAfter: [number, boolean][] = [];
  /** The functions whose body is being read, innermost last. */
  private readonly enclosing: PyFunction[] = [];
  /** The module-level `if` tests around the statement being read, outermost first. */
  private readonly guards: PyGuard[] = [];
  /** Names the imports read so far bind to Flask or a Flask extension. */
  private readonly flaskNames = new Set<string>();
  /** The body query's captures, run when a first body is read (an outline may have none worth reading). */
  private captured: BodyCaptures | undefined;
  private readonly captures = (): BodyCaptures => {
    this.captured ??= captureBodies(this.root);
    return this.captured;
  };

  /**
   * @param flaskishHere whether the file imports Flask where the text read starts, for a function read apart from its
   *   file (whose imports are not in the text); or, by line, for statements read apart from the file's imports
   * @param leftOut lines of the functions whose body an outline left out: their body facts are read later, apart
   */
  constructor(
    path: string,
    private readonly root: Node,
    private readonly flaskishHere?: boolean | ((line: number) => boolean),
    private readonly leftOut?: ReadonlySet<number>,
  ) {
    const { dotted, isPackage } = pythonModuleName(path);
    this.module = {
      path,
      dotted,
      isPackage,
      imports: new Map(),
      assigns: new Map(),
      loopBindings: new Map(),
      functions: new Map(),
      decorated: [],
      classes: new Map(),
      calls: [],
      helperCalls: [],
      imported: new Set(),
    };
  }

  finish(): PyModule {
    // A name a function binds locally stands for the module's own only when the module binds it nowhere else: a
    // function's `status_code = int(…)` does not hide the `status_code` helper the module imports or defines.
    const { assigns, functions, classes, imports } = this.module;
    for (const [name, value] of this.innerAssigns)
      if (!assigns.has(name) && !functions.has(name) && !classes.has(name) && !imports.has(name))
        assigns.set(name, value);
    for (const imp of this.module.imports.values()) {
      const fw = frameworkOf(imp.level === 0 ? imp.module : '');
      if (fw !== undefined) this.module.imported.add(fw);
    }
    return this.module;
  }

  /** True when the file imports Flask or a Flask extension so far (imports come first in practice). */
  private flaskish(): boolean {
    return this.flaskNames.size > 0;
  }

  readBlock(block: Node | null, scope: 'module' | 'function' | 'class', className?: string, cls?: PyClass): void {
    if (block === null) return;
    for (const stmt of block.namedChildren) if (stmt !== null) this.readStatement(stmt, scope, className, cls);
  }

  private readStatement(stmt: Node, scope: 'module' | 'function' | 'class', className?: string, cls?: PyClass): void {
    switch (stmt.type) {
      case 'import_statement':
      case 'import_from_statement':
        // An import may rebind a name that made the file Flask's.
        for (const name of readImport(stmt, this.module.imports)) {
          this.lines.import.set(name, lineOf(stmt));
          const imp = this.module.imports.get(name) as PyImport;
          if (imp.level === 0 && frameworkOf(imp.module) === 'flask') this.flaskNames.add(name);
          else this.flaskNames.delete(name);
        }
        this.flaskishAfter.push([lineOf(stmt), this.flaskish()]);
        return;
      case 'expression_statement': {
        const inner = stmt.firstNamedChild;
        if (inner === null) return;
        if (inner.type === 'assignment') this.readAssignment(inner, scope, cls);
        else if (inner.type === 'call') this.readCall(inner);
        return;
      }
      case 'decorated_definition': {
        const decorators = lowerDecorators(stmt);
        const def = stmt.childForFieldName('definition');
        if (def?.type === 'function_definition') this.readFunction(def, decorators, className, cls);
        else if (def?.type === 'class_definition') this.readClass(def, decorators);
        return;
      }
      case 'function_definition':
        this.readFunction(stmt, [], className, cls);
        return;
      case 'class_definition':
        this.readClass(stmt, []);
        return;
      case 'for_statement': {
        const left = stmt.childForFieldName('left');
        const right = stmt.childForFieldName('right');
        if (left?.type === 'identifier' && right !== null) {
          this.module.loopBindings.set(left.text, lowerExpr(right));
          this.lines.loop.set(left.text, lineOf(stmt));
        }
        this.readBlock(stmt.childForFieldName('body'), scope, className, cls);
        return;
      }
      case 'if_statement':
        // An `if` in a function or class body is read as any block is.
        if (scope === 'module' && this.enclosing.length === 0) this.readModuleIf(stmt);
        else this.readChildBlocks(stmt, scope, className, cls);
        return;
      case 'while_statement':
      case 'try_statement':
      case 'with_statement':
      case 'elif_clause':
      case 'else_clause':
      case 'except_clause':
      case 'finally_clause':
      case 'block':
        this.readChildBlocks(stmt, scope, className, cls);
        return;
    }
  }

  /** The blocks and clauses of a compound statement, read in order. */
  private readChildBlocks(stmt: Node, scope: 'module' | 'function' | 'class', className?: string, cls?: PyClass): void {
    for (const child of stmt.namedChildren) {
      if (child === null) continue;
      if (child.type === 'block') this.readBlock(child, scope, className, cls);
      else if (child.type.endsWith('_clause')) this.readStatement(child, scope, className, cls);
    }
  }

  /**
   * A module-level `if`/`elif`/`else`: each branch read as a block is, the definitions in it recorded with the tests
   * that choose it (see {@link PyModule.alternatives}).
   */
  private readModuleIf(stmt: Node): void {
    const before = this.guards.length;
    const failed: PyGuard[] = [];
    const branch = (test: Node | null, block: Node | null, line: number) => {
      const guard = test === null ? undefined : { test: lowerExpr(test), holds: true, line };
      this.guards.push(...failed, ...(guard ? [guard] : []));
      this.readBlock(block, 'module');
      this.guards.length = before;
      if (guard) failed.push({ ...guard, holds: false });
    };
    branch(stmt.childForFieldName('condition'), stmt.childForFieldName('consequence'), lineOf(stmt));
    for (const alt of stmt.childrenForFieldName('alternative')) {
      if (alt === null) continue;
      const body = alt.childForFieldName('body') ?? alt.namedChildren.find((c) => c?.type === 'block') ?? null;
      if (alt.type === 'elif_clause') branch(alt.childForFieldName('condition'), body, lineOf(alt));
      else branch(null, body, lineOf(alt));
    }
  }

  /** Records a module-level definition made under the current `if` tests, if any. */
  private recordAlternative(name: string, value: PyAlternative['value'], line: number): void {
    if (this.guards.length === 0) return;
    this.module.alternatives ??= new Map();
    const list = this.module.alternatives.get(name) ?? [];
    list.push({ when: [...this.guards], value, line });
    this.module.alternatives.set(name, list);
  }

  private readAssignment(node: Node, scope: 'module' | 'function' | 'class', cls?: PyClass): void {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const type = node.childForFieldName('type');
    if (left === null) return;
    if (scope === 'class' && cls !== undefined) {
      if (left.type === 'identifier') {
        cls.fields.push({
          name: left.text,
          line: lineOf(node),
          ...(type ? { annotation: lowerExpr(type) } : {}),
          ...(right ? { default: lowerExpr(right) } : {}),
        });
      }
      return;
    }
    if (right === null) return;
    if (right.type === 'call') this.readDispatcher(right);
    // `users_router = r = APIRouter()`: the inner name is bound first, the outer one names the same object.
    const inner = right.type === 'assignment' ? right.childForFieldName('left') : null;
    if (right.type === 'assignment') this.readAssignment(right, scope, cls);
    if (left.type === 'identifier') {
      const value: Expr = inner?.type === 'identifier' ? { k: 'name', id: inner.text } : lowerExpr(right);
      if (scope === 'module') {
        this.module.assigns.set(left.text, value);
        this.moduleLevel.add(left.text);
        this.recordAlternative(left.text, { k: 'assign', e: value }, lineOf(node));
      } else {
        if (!this.innerAssigns.has(left.text)) {
          this.innerAssigns.set(left.text, value);
          this.lines.inner.set(left.text, lineOf(node));
        }
        // Two factories may each bind `router`: the innermost function keeps its own.
        const fn = this.enclosing.at(-1);
        if (fn !== undefined) {
          fn.locals ??= new Map();
          if (!fn.locals.has(left.text)) fn.locals.set(left.text, value);
        }
      }
    } else if ((left.type === 'pattern_list' || left.type === 'tuple_pattern') && right.type === 'expression_list') {
      const names = left.namedChildren;
      const values = right.namedChildren;
      names.forEach((n, i) => {
        const v = values[i];
        if (n?.type === 'identifier' && v != null && scope === 'module') {
          this.module.assigns.set(n.text, lowerExpr(v));
          this.moduleLevel.add(n.text);
        }
      });
    }
  }

  /** `DispatcherMiddleware(root, {'/prefix': app, …})`, assigned to a name or to `app.wsgi_app`. */
  private readDispatcher(node: Node): void {
    const fn = node.childForFieldName('function');
    const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text;
    if (name !== 'DispatcherMiddleware') return;
    const [root, table] = (node.childForFieldName('arguments')?.namedChildren ?? []).filter(
      (c): c is Node => c !== null && c.type !== 'comment',
    );
    if (root === undefined || table?.type !== 'dictionary') return;
    const mounts: { prefix: Expr; app: Expr }[] = [];
    for (const pair of table.namedChildren) {
      const key = pair?.childForFieldName('key');
      const value = pair?.childForFieldName('value');
      if (pair?.type === 'pair' && key && value) mounts.push({ prefix: lowerExpr(key), app: lowerExpr(value) });
    }
    this.module.dispatchers ??= [];
    this.module.dispatchers.push({ root: lowerExpr(root), mounts, line: lineOf(node) });
  }

  private readCall(node: Node): void {
    const fn = node.childForFieldName('function');
    const within = this.enclosing.at(-1);
    const at = { line: lineOf(node), ...(within ? { within } : {}) };
    if (fn?.type === 'identifier') {
      if ((node.childForFieldName('arguments')?.namedChildCount ?? 0) === 0) return;
      const call = lowerExpr(node);
      if (call.k === 'call') this.module.helperCalls.push({ call, ...at });
      return;
    }
    if (fn?.type !== 'attribute') return;
    const name = fn.childForFieldName('attribute')?.text;
    if (name === undefined || !INTERESTING_CALLS.has(name)) return;
    const call = lowerExpr(node);
    if (call.k === 'call') this.module.calls.push({ call, ...at });
  }

  private readFunction(def: Node, decorators: PyDecorator[], className?: string, cls?: PyClass): void {
    const name = def.childForFieldName('name')?.text;
    if (name === undefined) return;
    const body = def.childForFieldName('body');
    const returns = def.childForFieldName('return_type');
    const here = this.flaskishHere;
    const flaskish = typeof here === 'function' ? here(lineOf(def)) : (here ?? this.flaskish());
    const line = lineOf(def);
    const fn: PyFunction = {
      name,
      line,
      decorators,
      params: lowerParams(def.childForFieldName('parameters')),
      ...(returns ? { returns: lowerExpr(returns) } : {}),
      ...(className ? { className } : {}),
      ...(this.leftOut?.has(line) && !this.functionsByLine.has(line)
        ? {}
        : readBodyFacts(body, this.captures, flaskish)),
    };
    if (!this.functionsByLine.has(fn.line)) this.functionsByLine.set(fn.line, { fn, flaskish });
    if (cls !== undefined) {
      cls.methods.push(name);
      cls.functions ??= new Map();
      if (!cls.functions.has(name)) cls.functions.set(name, fn);
    } else if (!this.module.functions.has(name)) this.module.functions.set(name, fn);
    if (cls === undefined && this.enclosing.length === 0) this.recordAlternative(name, { k: 'func', fn }, line);
    if (decorators.length > 0) this.module.decorated.push(fn);
    const outer = this.enclosing.at(-1);
    if (outer !== undefined && cls === undefined) {
      outer.nested ??= [];
      outer.nested.push(fn);
    }
    // Routes and mounts are often set up inside factories (`def create_app():`); their bodies are read too.
    this.enclosing.push(fn);
    this.readBlock(body, 'function');
    this.enclosing.pop();
  }

  private readClass(def: Node, decorators: PyDecorator[]): void {
    const name = def.childForFieldName('name')?.text;
    if (name === undefined) return;
    const bases = lowerArguments(def.childForFieldName('superclasses')).args;
    const cls: PyClass = { name, line: lineOf(def), bases, decorators, fields: [], methods: [] };
    if (!this.classesByLine.has(cls.line)) this.classesByLine.set(cls.line, cls);
    if (!this.module.classes.has(name)) this.module.classes.set(name, cls);
    if (this.enclosing.length === 0) this.recordAlternative(name, { k: 'class', cls }, cls.line);
    this.readBlock(def.childForFieldName('body'), 'class', name, cls);
  }
}

/** A module's facts, with its functions and classes by line (to tell the same definition in two reads apart). */
export interface PyModuleFacts {
  module: PyModule;
  functionsByLine: Map<number, { fn: PyFunction; flaskish: boolean }>;
  classesByLine: Map<number, PyClass>;
  /** Names the module level assigns: no function body can change what they are bound to. */
  moduleLevel: Set<string>;
  /** Names function bodies assign (first binding); `module.assigns` holds those the module level does not bind. */
  innerAssigns: Map<string, Expr>;
  /** Lines of the first inner assignment, of the last loop binding and of the last import of each name. */
  lines: { inner: Map<string, number>; loop: Map<string, number>; import: Map<string, number> };
  /** Whether the file imports Flask after each import statement, by its line, in order. */
  flaskishAfter: [number, boolean][];
}

/** Reads a Python text through a compact copy of its tree, leaving plain strings' insides out of the copy. */
function readPythonTree<T>(
  parser: Parser,
  text: string,
  read: (root: SyntaxNode, problem: SyntaxProblem | undefined) => T,
): T {
  return readCompactSyntaxTree(parser, 'python', text, read, {
    types: STRING_TYPES,
    accept: (start, end) => plainStringContent(text.slice(start, end)) !== undefined,
  });
}

/**
 * Parses one Python file (or an outline of it) into {@link PyModule} facts, with the Python parser. `leftOut` names
 * the lines of the functions whose body an outline left out: their body facts are not read (the caller reads them
 * apart, when asked). `flaskishAt` says whether the file imports Flask before a line, for statements read without
 * the imports above them; `rows` gives the file's row of each row of `text`, for statements read apart from the rows
 * between them.
 */
export function readPythonModuleFacts(
  parser: Parser,
  path: string,
  text: string,
  leftOut?: ReadonlySet<number>,
  flaskishAt?: (line: number) => boolean,
  rows?: readonly number[],
): PyModuleFacts {
  return readPythonTree(parser, text, (root, problem) => {
    const reader = new ModuleReader(path, root, flaskishAt, leftOut);
    fileRows = rows;
    try {
      reader.readBlock(root, 'module');
    } finally {
      fileRows = undefined;
    }
    const module = reader.finish();
    if (problem !== undefined) module.problem = problem;
    return {
      module,
      functionsByLine: reader.functionsByLine,
      classesByLine: reader.classesByLine,
      moduleLevel: reader.moduleLevel,
      innerAssigns: reader.innerAssigns,
      lines: reader.lines,
      flaskishAfter: reader.flaskishAfter,
    };
  });
}

/** Parses one Python file into {@link PyModule} facts, with the Python parser (see `loadParser`). */
export function readPythonModuleWith(parser: Parser, path: string, text: string): PyModule {
  return readPythonModuleFacts(parser, path, text).module;
}

/**
 * One function parsed apart from its file: `text` holds the headers of the classes around it, then the function from
 * its first decorator on; `shift` rows are added to every row for its line in the file, and `line` is the line of its
 * `def` there. Gives the function and the facts of that text (every function read with it, those nested in it, by
 * line; the names its body binds, which a module read whole would hold); undefined when that text does not parse
 * cleanly. Nothing in a function's body imports (see `outlinePython`), so whether the file imports Flask is the same
 * all through it: `flaskish`.
 */
export function readPythonFunctionAlone(
  parser: Parser,
  path: string,
  text: string,
  line: number,
  shift: number,
  flaskish: boolean,
): { fn: PyFunction; facts: Omit<PyModuleFacts, 'moduleLevel' | 'flaskishAfter'> } | undefined {
  return readPythonTree(parser, text, (root, problem) => {
    if (problem !== undefined) return undefined;
    rowShift = shift;
    try {
      const reader = new ModuleReader(path, root, flaskish);
      reader.readBlock(root, 'module');
      const fn = reader.functionsByLine.get(line)?.fn;
      return fn === undefined
        ? undefined
        : {
            fn,
            facts: {
              module: reader.module,
              functionsByLine: reader.functionsByLine,
              classesByLine: reader.classesByLine,
              innerAssigns: reader.innerAssigns,
              lines: reader.lines,
            },
          };
    } finally {
      rowShift = 0;
    }
  });
}
