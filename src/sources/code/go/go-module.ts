import type { Node } from 'web-tree-sitter';
import { type Expr, otherExpr } from '../tree-sitter/expr.js';
import { withSyntaxTree } from '../tree-sitter/parse-source.js';
import type { SyntaxProblem } from '../tree-sitter/syntax-error.js';

/**
 * Where a flattened statement sits: the innermost `for … range` loop around it, and the `switch` cases it is in. Route
 * tables are registered by a loop over a slice that switches on each entry's method
 * (`for _, r := range routes { switch r.Method { case "GET": g.GET(r.Pattern, r.APIFunc) … } }`).
 */
export interface GoStmtPlace {
  loop?: { id: number; names: string[]; over: Expr };
  /**
   * The `switch` cases a statement is in: the tag, the case's values (none for `default`) and every case's values. A
   * switch without a tag has the tag `true`, and `errorTests` the error each of the case's values tests, where it is
   * `errors.Is(err, X)` or `err == X` (undefined for a value that is neither).
   */
  when?: { tag: Expr; values: Expr[]; all: Expr[]; errorTests?: (GoErrorTest | undefined)[] }[];
  /** Inside a branch of an `if`: it runs only when the condition holds (in setup code, a configuration switch). */
  branch?: boolean;
}

/** A statement, reduced to what route registration needs; nested blocks are flattened in source order. */
export type GoStmt = (
  | { k: 'assign'; names: string[]; values: Expr[]; line: number }
  | { k: 'var'; name: string; type: string; te?: Expr; line: number }
  | { k: 'expr'; e: Expr; line: number }
  | { k: 'return'; values: Expr[] }
  /**
   * The operands of an `if` condition or `switch` tag (`c.GetHeader("X") == ""` → the call and `""`); `nilTest` the
   * variable an `if x == nil` condition tests, so the branch runs only when it is nil; `okTest` the variable an `if ok`
   * condition is (a bare name: the branch runs only when it holds true).
   */
  | {
      k: 'cond';
      values: Expr[];
      line: number;
      nilTest?: string;
      okTest?: string;
      /** `if err != nil {`: the variable tested, and how many statements its consequence (not its `else`) holds. */
      notNil?: { name: string; length: number };
      /**
       * `if method == "OPTIONS" {` (also `c.Request.Method != http.MethodGet`): what is compared with an HTTP method
       * name, the method, whether the consequence runs on equality, and how many statements the consequence holds.
       */
      methodTest?: { subject: Expr; method: string; equal: boolean; length: number };
      /** `if …{`: how many statements its consequence (not its `else`) holds. */
      consequence?: number;
      /** `if errors.Is(err, domain.ErrNotFound) {` (or `err == …`): the test, and how many statements its consequence holds. */
      errorTest?: GoErrorTest & { length: number };
      /**
       * `if errors.As(err, &target) {`, the call alone (not negated, not joined with another test): the call, and how
       * many statements its consequence holds.
       */
      asTest?: { call: Expr; length: number };
    }
) &
  GoStmtPlace;

/** A condition that holds only when the error in a variable is (or wraps) the one named: `errors.Is(err, X)`, `err == X`. */
export interface GoErrorTest {
  err: string;
  against: Expr;
  /** The package name `Is` was called on (`errors`), for `errors.Is`. */
  via?: string;
}

/** A parameter with its type as written (`*gin.RouterGroup`). */
export interface GoParam {
  name: string;
  type: string;
  /** The type as an expression, see {@link GoFile.types}. */
  te?: Expr;
  /** The last parameter of `func ResError(c *gin.Context, err error, status ...int)`: the arguments left over. */
  variadic?: true;
}

/** A function, method or function literal. */
export interface GoFunc {
  /** Unique within the project: `dir:Name`, `dir:Type.Name`, or `file:line:col` for literals. */
  id: string;
  name: string;
  /** Receiver type name for methods (`Handler` for `func (h *Handler)`), without pointer or package. */
  receiverType?: string;
  receiverName?: string;
  params: GoParam[];
  /** Result types as written. */
  results: string[];
  /** Result types as expressions. */
  resultTypes?: Expr[];
  body: GoStmt[];
  /**
   * The body may reach its end without a final statement that always runs (it ends in an `if` with no `else`, or
   * a loop): net/http then answers 200 with no body when nothing was written.
   */
  fallsThrough?: boolean;
  /** Type parameter names of a generic function (`T` of `func Validate[T any](next http.Handler) http.Handler`). */
  typeParams?: string[];
  file: string;
  line: number;
}

/** A struct field: Go name, type, and `json` tag. */
export interface GoField {
  name: string;
  type: string;
  /** The type as an expression (see {@link GoFile.types}). */
  te?: Expr;
  tag?: string;
  line: number;
}

/** Facts of one Go file. */
export interface GoFile {
  path: string;
  dir: string;
  /** Local name → import path. */
  imports: Map<string, string>;
  /** The name of the package clause (`package http_err`). */
  packageName?: string;
  /** Import paths bound under a name guessed from the path (`…/pkg/http-err` as `http`), by that name. */
  guessedImports?: Map<string, string>;
  /** Paths imported with `.`, whose exported names the file uses unqualified (oapi-codegen's shared models). */
  dotImports?: string[];
  consts: Map<string, Expr>;
  /** Package-level variables a `//go:embed` directive fills with a file of the repository (`var Schema []byte`). */
  embedded?: Set<string>;
  funcs: GoFunc[];
  /** Function literals by id, referenced from expressions as `{k:'name', id:'#func:<id>'}`. */
  literals: Map<string, GoFunc>;
  structs: Map<string, { fields: GoField[]; line: number }>;
  /**
   * Named types that are not structs (`type Status string`), by name. Types are lowered to expressions: names and
   * `pkg.Name` as usual, `*T`, `[]T` and `map[K]V` as `{k:'sub'}` of the names `*`, `[]` and `map`.
   */
  types: Map<string, Expr>;
  /**
   * Interface types by name: the methods they declare, with their parameter counts and first result type (embedded
   * ones not expanded).
   */
  interfaces: Map<string, { name: string; arity: number; result?: Expr }[]>;
  /** Marked by Go's convention for generated files (`// Code generated … DO NOT EDIT.`), as oapi-codegen writes. */
  generated?: true;
  problem?: SyntaxProblem;
}

/** Prefix of the synthetic name that stands for a function literal inside an {@link Expr}. */
export const FUNC_LITERAL = '#func:';

/**
 * The callee name a type assertion (`err.(*AppError)`) is kept under: a call whose arguments are the operand and the
 * asserted type, so what the operand holds can be read through it (the status an error value carries).
 */
export const TYPE_ASSERTION = '#assert';

/**
 * The callee name a comparison or logical expression (`a == b`, `ok && err == nil`) is kept under: a call of its two
 * operands, so the calls inside it are read (`return c.ShouldBind(v) == nil` binds the request); it has no value.
 */
export const COMPARISON = '#cmp';
const COMPARISON_OPERATORS = new Set(['==', '!=', '<', '<=', '>', '>=', '&&', '||']);

/** The name a `fallthrough` statement is kept under, as an expression statement of its case. */
export const FALLTHROUGH = '#fallthrough';

function typeAssertion(operand: Expr, type: Expr, line: number): Expr {
  return { k: 'call', fn: { k: 'name', id: TYPE_ASSERTION }, args: [operand, type], kw: {}, line };
}

function lineOf(node: Node): number {
  return node.startPosition.row + 1;
}

function unquote(node: Node): string {
  const text = node.text;
  if (node.type === 'raw_string_literal') return text.slice(1, -1);
  try {
    return JSON.parse(text) as string;
  } catch {
    return text.slice(1, -1);
  }
}

/** Go package name an import path binds by default (`github.com/go-chi/chi/v5` binds `chi`). */
export function defaultImportName(path: string): string {
  const parts = path.split('/');
  let last = parts[parts.length - 1] ?? path;
  // Only v2 and up are module major-version suffixes; a `v1` folder is a package named `v1`.
  if (/^v([2-9]|\d{2,})$/.test(last) && parts.length > 1) last = parts[parts.length - 2] as string;
  return last.replace(/^go-/, '').replace(/[.-].*$/, '');
}

/** True when {@link defaultImportName} had to guess (`gin-swagger` declares some package name we cannot see). */
function isGuessedImportName(path: string): boolean {
  const last = path.split('/').pop() ?? path;
  return /[.-]/.test(last.replace(/^go-/, ''));
}

/** True when the last statement of a function body is an `if` without `else` or a loop (see {@link GoFunc}). */
function endsWithoutFinalStatement(body: Node | null): boolean {
  let last: Node | null = body;
  while (last !== null && (last.type === 'block' || last.type === 'statement_list')) {
    const children = last.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
    last = children[children.length - 1] ?? null;
  }
  if (last === null) return false;
  if (last.type === 'if_statement') return last.childForFieldName('alternative') === null;
  return last.type === 'for_statement';
}

class FileReader {
  readonly file: GoFile;
  /** Ids of the `for … range` loops read so far in this file. */
  private loops = 0;

  constructor(path: string) {
    const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
    this.file = {
      path,
      dir,
      imports: new Map(),
      consts: new Map(),
      funcs: [],
      literals: new Map(),
      structs: new Map(),
      types: new Map(),
      interfaces: new Map(),
    };
  }

  /** A type node lowered to an expression (see {@link GoFile.types}). */
  typeExpr(node: Node | null, depth = 0): Expr {
    if (node === null || depth > 20) return otherExpr(node?.text ?? '');
    const wrap = (id: string, ...args: (Node | null)[]): Expr => ({
      k: 'sub',
      value: { k: 'name', id },
      args: args.map((a) => this.typeExpr(a, depth + 1)),
    });
    switch (node.type) {
      case 'type_identifier':
      case 'identifier':
        return { k: 'name', id: node.text };
      case 'qualified_type':
      case 'selector_expression':
        return this.expr(node, depth);
      case 'pointer_type':
        return wrap('*', node.firstNamedChild);
      case 'slice_type':
      case 'array_type':
      case 'implicit_length_array_type':
        return wrap('[]', node.childForFieldName('element'));
      case 'map_type':
        return wrap('map', node.childForFieldName('key'), node.childForFieldName('value'));
      case 'generic_type':
        return this.typeExpr(node.childForFieldName('type'), depth + 1);
      case 'parenthesized_type':
        return this.typeExpr(node.firstNamedChild, depth + 1);
      case 'type_elem':
        return node.namedChildCount === 1 ? this.typeExpr(node.firstNamedChild, depth + 1) : otherExpr(node.text);
      default:
        return otherExpr(node.text);
    }
  }

  expr(node: Node, depth = 0): Expr {
    if (depth > 40) return otherExpr(node.text);
    switch (node.type) {
      case 'interpreted_string_literal':
      case 'raw_string_literal':
        return { k: 'str', v: unquote(node) };
      case 'int_literal':
        return { k: 'num', v: Number(node.text) };
      case 'identifier':
      case 'field_identifier':
      case 'package_identifier':
      case 'type_identifier':
        return { k: 'name', id: node.text };
      case 'true':
        return { k: 'bool', v: true };
      case 'false':
        return { k: 'bool', v: false };
      case 'nil':
        return { k: 'none' };
      case 'selector_expression': {
        const operand = node.childForFieldName('operand');
        const field = node.childForFieldName('field');
        if (operand === null || field === null) return otherExpr(node.text);
        return { k: 'attr', obj: this.expr(operand, depth + 1), name: field.text };
      }
      case 'qualified_type': {
        const pkg = node.childForFieldName('package');
        const name = node.childForFieldName('name');
        if (pkg === null || name === null) return otherExpr(node.text);
        return { k: 'attr', obj: { k: 'name', id: pkg.text }, name: name.text };
      }
      // A type written as an argument (`make([]external.Order, 0, n)`, `new(map[string]int)`).
      case 'slice_type':
      case 'map_type':
      case 'array_type':
        return this.typeExpr(node, depth + 1);
      case 'call_expression': {
        const fn = node.childForFieldName('function');
        if (fn === null) return otherExpr(node.text);
        const args = (node.childForFieldName('arguments')?.namedChildren ?? [])
          .filter((c) => c !== null && c.type !== 'comment')
          .map((c) => this.expr(c as Node, depth + 1));
        // `Validate[form.BookForm](logger, v)`: the grammar keeps the type arguments beside the function; they are
        // read as the generic function given them, as when it is named without a call.
        const typeArgs = (node.childForFieldName('type_arguments')?.namedChildren ?? []).filter(
          (c): c is Node => c !== null && c.type !== 'comment',
        );
        const callee: Expr =
          typeArgs.length > 0
            ? { k: 'sub', value: this.expr(fn, depth + 1), args: typeArgs.map((a) => this.typeExpr(a, depth + 1)) }
            : this.expr(fn, depth + 1);
        // A method called at the end of a chain written over several lines (`r.With(limit(…)).\n\tPost("/login", h)`)
        // is called where its name stands, the line a reader looks for.
        const field = fn.type === 'selector_expression' ? fn.childForFieldName('field') : null;
        return { k: 'call', fn: callee, args, kw: {}, line: lineOf(field ?? node) };
      }
      // `Validate[BookForm](v)` reads, to the grammar, like converting `v` to a generic type; a generic type
      // given one value is read as the call of a generic function it may be, as the route reader needs it.
      case 'type_conversion_expression': {
        const type = node.childForFieldName('type');
        const operand = node.childForFieldName('operand');
        const base = type?.type === 'generic_type' ? type.childForFieldName('type') : null;
        if (type === null || operand === null || base === null) return otherExpr(node.text);
        const typeArgs = (type.childForFieldName('type_arguments')?.namedChildren ?? []).filter(
          (c): c is Node => c !== null && c.type !== 'comment',
        );
        return {
          k: 'call',
          fn: { k: 'sub', value: this.expr(base, depth + 1), args: typeArgs.map((a) => this.typeExpr(a, depth + 1)) },
          args: [this.expr(operand, depth + 1)],
          kw: {},
          line: lineOf(node),
        };
      }
      case 'binary_expression': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        const operator = node.childForFieldName('operator')?.text;
        if (left === null || right === null) return otherExpr(node.text);
        if (operator === '+') return { k: 'concat', parts: [this.expr(left, depth + 1), this.expr(right, depth + 1)] };
        // `return c.ShouldBind(v) == nil`: the calls on either side still run (see COMPARISON).
        if (operator !== undefined && COMPARISON_OPERATORS.has(operator))
          return {
            k: 'call',
            fn: { k: 'name', id: COMPARISON },
            args: [this.expr(left, depth + 1), this.expr(right, depth + 1)],
            kw: {},
            line: lineOf(node),
          };
        return otherExpr(node.text);
      }
      case 'parenthesized_expression': {
        const inner = node.firstNamedChild;
        return inner === null ? otherExpr(node.text) : this.expr(inner, depth + 1);
      }
      case 'unary_expression': {
        const operand = node.childForFieldName('operand');
        // `&T{}` and `&x` evaluate like `T{}` and `x` for our purposes.
        return operand !== null && node.childForFieldName('operator')?.text === '&'
          ? this.expr(operand, depth + 1)
          : otherExpr(node.text);
      }
      case 'composite_literal': {
        const type = node.childForFieldName('type');
        if (type === null) return otherExpr(node.text);
        return this.compositeLiteral(type, node.childForFieldName('body'), lineOf(node), depth);
      }
      // A generic function given its type arguments (`Validate[form.BookForm]`, `Bind[A, B]`).
      case 'index_expression': {
        const operand = node.childForFieldName('operand');
        const index = node.childForFieldName('index');
        if (operand === null || index === null) return otherExpr(node.text);
        return { k: 'sub', value: this.expr(operand, depth + 1), args: [this.typeExpr(index, depth + 1)] };
      }
      case 'type_instantiation_expression': {
        const type = node.childForFieldName('type');
        if (type === null) return otherExpr(node.text);
        const args = node.namedChildren.filter(
          (c): c is Node => c !== null && c.id !== type.id && c.type !== 'comment',
        );
        return { k: 'sub', value: this.expr(type, depth + 1), args: args.map((a) => this.typeExpr(a, depth + 1)) };
      }
      // `err.(*AppError)`: kept as a marked call of the operand and the asserted type (see TYPE_ASSERTION).
      case 'type_assertion_expression': {
        const operand = node.childForFieldName('operand');
        const type = node.childForFieldName('type');
        if (operand === null || type === null) return otherExpr(node.text);
        return typeAssertion(this.expr(operand, depth + 1), this.typeExpr(type, depth + 1), lineOf(node));
      }
      case 'func_literal': {
        const fn = this.func(node, null);
        this.file.literals.set(fn.id, fn);
        return { k: 'name', id: `${FUNC_LITERAL}${fn.id}` };
      }
      default:
        return otherExpr(node.text);
    }
  }

  /** The first result type of a signature (`([]*model.Application, error)` → `[]*model.Application`). */
  private firstResult(result: Node | null): { result?: Expr } {
    if (result === null) return {};
    if (result.type !== 'parameter_list') return { result: this.typeExpr(result) };
    const first = this.params(result)[0]?.te;
    return first === undefined ? {} : { result: first };
  }

  params(list: Node | null): GoParam[] {
    const out: GoParam[] = [];
    for (const p of list?.namedChildren ?? []) {
      if (p === null || (p.type !== 'parameter_declaration' && p.type !== 'variadic_parameter_declaration')) continue;
      const typeNode = p.childForFieldName('type');
      const type = typeNode?.text ?? '';
      const te = this.typeExpr(typeNode);
      const names = p.childrenForFieldName('name').filter((n) => n !== null);
      const variadic = p.type === 'variadic_parameter_declaration' ? { variadic: true as const } : {};
      if (names.length === 0) out.push({ name: '_', type, te, ...variadic });
      for (const n of names) out.push({ name: (n as Node).text, type, te, ...variadic });
    }
    return out;
  }

  func(node: Node, receiver: Node | null): GoFunc {
    const name = node.childForFieldName('name')?.text ?? '';
    const results: string[] = [];
    const resultTypes: Expr[] = [];
    const result = node.childForFieldName('result');
    if (result !== null) {
      if (result.type === 'parameter_list')
        for (const p of this.params(result)) {
          results.push(p.type);
          resultTypes.push(p.te ?? otherExpr(p.type));
        }
      else {
        results.push(result.text);
        resultTypes.push(this.typeExpr(result));
      }
    }
    let receiverType: string | undefined;
    let receiverName: string | undefined;
    if (receiver !== null) {
      const [rp] = this.params(receiver);
      receiverType = rp?.type.replace(/^\*/, '').replace(/\[.*$/, '');
      receiverName = rp?.name;
    }
    const id =
      name === '' && receiver === null
        ? `${this.file.path}:${lineOf(node)}:${node.startPosition.column}`
        : `${this.file.dir}:${receiverType ? `${receiverType}.` : ''}${name}`;
    const body: GoStmt[] = [];
    const bodyNode = node.childForFieldName('body');
    this.block(bodyNode, body);
    const fallsThrough = endsWithoutFinalStatement(bodyNode);
    const typeParams = (node.childForFieldName('type_parameters')?.namedChildren ?? []).flatMap((d) =>
      d?.type === 'type_parameter_declaration'
        ? d.childrenForFieldName('name').flatMap((n) => (n ? [n.text] : []))
        : [],
    );
    return {
      id,
      name,
      ...(receiverType ? { receiverType } : {}),
      ...(receiverName ? { receiverName } : {}),
      params: this.params(node.childForFieldName('parameters')),
      results,
      resultTypes,
      body,
      ...(fallsThrough ? { fallsThrough } : {}),
      ...(typeParams.length > 0 ? { typeParams } : {}),
      file: this.file.path,
      line: lineOf(node),
    };
  }

  private list(node: Node | null): Expr[] {
    if (node === null) return [];
    if (node.type !== 'expression_list') return [this.expr(node)];
    return node.namedChildren.filter((c) => c !== null && c.type !== 'comment').map((c) => this.expr(c as Node));
  }

  /**
   * A composite literal is a value of its type: kept as a marked call so receivers' types can be inferred. Keyed field
   * values are kept too (handlers call helpers inside them: `Tag{PageNum: util.GetPage(c)}`), with the line each is
   * written on (`#at:Name`), so a route read from a table entry is placed where its path is written. A slice or array
   * literal (`[]Route{{…}, {…}}`) is marked `#slice`, its elements typed by the element type.
   */
  private compositeLiteral(type: Node, body: Node | null, line: number, depth: number): Expr {
    const t = type.type === 'pointer_type' ? type.firstNamedChild : type;
    const element =
      t?.type === 'slice_type' || t?.type === 'array_type' || t?.type === 'implicit_length_array_type'
        ? t.childForFieldName('element')
        : null;
    const kw: Record<string, Expr> = { '#composite': { k: 'bool', v: true } };
    if (element !== null) kw['#slice'] = { k: 'bool', v: true };
    const elementValue = (valueNode: Node): Expr =>
      valueNode.type === 'literal_value' && element !== null
        ? this.compositeLiteral(element, valueNode, lineOf(valueNode), depth + 1)
        : this.expr(valueNode, depth + 1);
    let position = 0;
    for (const el of body?.namedChildren ?? []) {
      // Unkeyed elements (`ErrorResponse{slug, status}`) are kept by position, as `#0`, `#1`, …
      if (el?.type === 'literal_element') {
        const valueNode = el.firstNamedChild;
        if (valueNode !== null) {
          kw[`#${position}`] = elementValue(valueNode);
          kw[`#at:#${position}`] = { k: 'num', v: lineOf(el) };
        }
        position++;
        continue;
      }
      if (el?.type !== 'keyed_element') continue;
      const [key, value] = el.namedChildren;
      const keyName = key?.firstNamedChild?.text ?? key?.text;
      const valueNode = value?.type === 'literal_element' ? value.firstNamedChild : value;
      if (keyName !== undefined && valueNode !== null && valueNode !== undefined && !(keyName in kw)) {
        kw[keyName] = this.expr(valueNode, depth + 1);
        kw[`#at:${keyName}`] = { k: 'num', v: lineOf(el) };
      }
    }
    return {
      k: 'call',
      fn: t === null ? otherExpr(type.text) : this.typeExpr(t, depth + 1),
      args: [],
      kw,
      line,
    };
  }

  block(node: Node | null, out: GoStmt[]): void {
    if (node === null) return;
    for (const stmt of node.namedChildren) if (stmt !== null) this.statement(stmt, out);
  }

  private statement(node: Node, out: GoStmt[]): void {
    switch (node.type) {
      case 'statement_list':
      case 'block':
      case 'labeled_statement':
        this.block(node, out);
        return;
      case 'short_var_declaration':
      case 'assignment_statement': {
        const left = node.childForFieldName('left');
        // `s.mux = http.NewServeMux()`: a field of a plain name is kept as `s.mux`, so a router held in a field and
        // used in the same function (`s.mux.HandleFunc(…)`) is that router.
        const names = (left?.namedChildren ?? []).map((n) =>
          n?.type === 'identifier'
            ? n.text
            : n?.type === 'selector_expression' && n.childForFieldName('operand')?.type === 'identifier'
              ? n.text.replace(/\s+/g, '')
              : '_',
        );
        out.push({ k: 'assign', names, values: this.list(node.childForFieldName('right')), line: lineOf(node) });
        return;
      }
      case 'var_declaration':
      case 'const_declaration':
        for (const spec of node.namedChildren) {
          if (spec === null) continue;
          const specs = spec.type === 'var_spec_list' ? spec.namedChildren : [spec];
          for (const s of specs) {
            if (s === null || (s.type !== 'var_spec' && s.type !== 'const_spec')) continue;
            const names = s.childrenForFieldName('name').map((n) => n?.text ?? '_');
            const value = s.childForFieldName('value');
            if (value !== null) out.push({ k: 'assign', names, values: this.list(value), line: lineOf(s) });
            else {
              const typeNode = s.childForFieldName('type');
              const type = typeNode?.text ?? '';
              const te = this.typeExpr(typeNode);
              for (const name of names) out.push({ k: 'var', name, type, te, line: lineOf(s) });
            }
          }
        }
        return;
      case 'expression_statement':
      case 'go_statement':
      case 'defer_statement': {
        const inner = node.firstNamedChild;
        if (inner !== null) out.push({ k: 'expr', e: this.expr(inner), line: lineOf(node) });
        return;
      }
      case 'return_statement':
        out.push({ k: 'return', values: this.list(node.firstNamedChild) });
        return;
      // Kept so a case that only falls through is told from an empty one (see FALLTHROUGH).
      case 'fallthrough_statement':
        out.push({ k: 'expr', e: { k: 'name', id: FALLTHROUGH }, line: lineOf(node) });
        return;
      case 'if_statement':
        this.statementOpt(node.childForFieldName('initializer'), out);
        this.condition(node.childForFieldName('condition'), out);
        {
          const start = out.length;
          const cond = out[start - 1];
          this.block(node.childForFieldName('consequence'), out);
          const tested = node.childForFieldName('condition');
          const [left, right] = tested?.type === 'binary_expression' ? tested.namedChildren : [];
          if (
            cond?.k === 'cond' &&
            tested?.childForFieldName('operator')?.type === '!=' &&
            left?.type === 'identifier' &&
            right?.type === 'nil'
          )
            cond.notNil = { name: left.text, length: out.length - start };
          if (cond?.k === 'cond' && cond.methodTest !== undefined) cond.methodTest.length = out.length - start;
          if (cond?.k === 'cond') cond.consequence = out.length - start;
          const errorTest = cond?.k === 'cond' && tested != null ? this.errorTest(tested) : undefined;
          if (cond?.k === 'cond' && errorTest !== undefined)
            cond.errorTest = { ...errorTest, length: out.length - start };
          if (cond?.k === 'cond' && tested?.type === 'call_expression') {
            const call = this.expr(tested);
            if (call.k === 'call' && call.fn.k === 'attr' && call.fn.name === 'As' && call.args.length === 2)
              cond.asTest = { call, length: out.length - start };
          }
          this.statementOpt(node.childForFieldName('alternative'), out);
          for (let i = start; i < out.length; i++) (out[i] as GoStmt).branch = true;
        }
        return;
      case 'for_statement': {
        const start = out.length;
        this.block(node.childForFieldName('body'), out);
        const range = node.namedChildren.find((c) => c?.type === 'range_clause');
        const over = range?.childForFieldName('right');
        if (range == null || over == null) return;
        const names = (range.childForFieldName('left')?.namedChildren ?? []).map((n) =>
          n?.type === 'identifier' ? n.text : '_',
        );
        const loop = { id: this.loops++, names, over: this.expr(over) };
        // The innermost loop is the one whose variables a statement sees first.
        for (let i = start; i < out.length; i++) (out[i] as GoStmt).loop ??= loop;
        return;
      }
      case 'expression_switch_statement':
      case 'type_switch_statement':
      case 'select_statement': {
        this.statementOpt(node.childForFieldName('initializer'), out);
        const tagNode = node.type === 'expression_switch_statement' ? node.childForFieldName('value') : null;
        if (node.type === 'expression_switch_statement') this.condition(tagNode, out);
        // `switch { case errors.Is(err, X): … }` is `switch true`.
        const tag: Expr | undefined =
          tagNode !== null
            ? this.expr(tagNode)
            : node.type === 'expression_switch_statement'
              ? { k: 'bool', v: true }
              : undefined;
        const cases = node.namedChildren.filter(
          (c): c is Node =>
            c?.type === 'expression_case' ||
            c?.type === 'default_case' ||
            c?.type === 'type_case' ||
            c?.type === 'communication_case',
        );
        const valuesOf = (c: Node): Expr[] => this.list(c.childForFieldName('value'));
        const all = cases.filter((c) => c.type === 'expression_case').flatMap(valuesOf);
        // `switch e := err.(type) { case *AppError: … }`: in a case naming one type, `e` is `err` asserted to it.
        const alias = node.type === 'type_switch_statement' ? node.childForFieldName('alias')?.firstNamedChild : null;
        const switched = node.type === 'type_switch_statement' ? node.childForFieldName('value') : null;
        for (const c of cases) {
          const start = out.length;
          const caseTypes = c.type === 'type_case' ? c.childrenForFieldName('type').filter((t) => t !== null) : [];
          if (alias != null && switched !== null && caseTypes.length === 1 && caseTypes[0] != null)
            out.push({
              k: 'assign',
              names: [alias.text],
              values: [typeAssertion(this.expr(switched), this.typeExpr(caseTypes[0]), lineOf(c))],
              line: lineOf(c),
            });
          for (const s of c.namedChildren) if (s?.type.endsWith('statement')) this.statement(s, out);
          for (const s of c.namedChildren) if (s?.type === 'statement_list') this.block(s, out);
          if (tag === undefined) continue;
          // A statement of a case runs only when the tag is one of its values (the default case: none of the others).
          const errorTests =
            tagNode === null
              ? (c.childForFieldName('value')?.namedChildren ?? []).map((v) =>
                  v === null ? undefined : this.errorTest(v),
                )
              : undefined;
          const when = {
            tag,
            values: c.type === 'expression_case' ? valuesOf(c) : [],
            all,
            ...(errorTests !== undefined ? { errorTests } : {}),
          };
          for (let i = start; i < out.length; i++) {
            const stmt = out[i] as GoStmt;
            stmt.when = [...(stmt.when ?? []), when];
          }
        }
        return;
      }
    }
  }

  /** `pkg.Is(err, X)` (which package `pkg` is, is told where it is read) or `err == X`, `X` not `nil`. */
  private errorTest(node: Node): GoErrorTest | undefined {
    const inner = node.type === 'parenthesized_expression' ? node.firstNamedChild : node;
    if (inner == null) return undefined;
    if (inner.type === 'call_expression') {
      const fn = inner.childForFieldName('function');
      const args = (inner.childForFieldName('arguments')?.namedChildren ?? []).filter(
        (c): c is Node => c !== null && c.type !== 'comment',
      );
      const [err, against] = args;
      const via = fn?.childForFieldName('operand');
      if (fn?.type !== 'selector_expression' || fn.childForFieldName('field')?.text !== 'Is') return undefined;
      return args.length === 2 && err?.type === 'identifier' && against !== undefined && via?.type === 'identifier'
        ? { err: err.text, against: this.expr(against), via: via.text }
        : undefined;
    }
    if (inner.type !== 'binary_expression' || inner.childForFieldName('operator')?.type !== '==') return undefined;
    const left = inner.childForFieldName('left');
    const right = inner.childForFieldName('right');
    if (left?.type !== 'identifier' || right == null || right.type === 'nil') return undefined;
    return right.type === 'identifier' || right.type === 'selector_expression'
      ? { err: left.text, against: this.expr(right) }
      : undefined;
  }

  /** Records the operands of a condition, through `!`, `&&`, `==` and parentheses. */
  private condition(node: Node | null, out: GoStmt[]): void {
    if (node === null) return;
    const values: Expr[] = [];
    const collect = (n: Node, depth: number): void => {
      if (depth > 8) return;
      if (n.type === 'binary_expression' || n.type === 'unary_expression' || n.type === 'parenthesized_expression') {
        for (const c of n.namedChildren) if (c !== null) collect(c, depth + 1);
      } else values.push(this.expr(n));
    };
    collect(node, 0);
    if (values.length === 0) return;
    const [a, b] = values;
    const nilTest =
      node.type === 'binary_expression' &&
      node.childForFieldName('operator')?.type === '==' &&
      values.length === 2 &&
      a?.k === 'name' &&
      b?.k === 'none'
        ? a.id
        : undefined;
    // `if bucket, ok := l.GetBucket(key); ok {`: the branch runs only when the variable holds true.
    const okTest = node.type === 'identifier' ? node.text : undefined;
    const operator = node.type === 'binary_expression' ? node.childForFieldName('operator')?.type : undefined;
    const method = values.length === 2 ? (httpMethodName(b) ?? httpMethodName(a)) : undefined;
    const subject = method === undefined ? undefined : httpMethodName(b) !== undefined ? a : b;
    const methodTest =
      (operator === '==' || operator === '!=') && method !== undefined && subject !== undefined
        ? { subject, method, equal: operator === '==', length: 0 }
        : undefined;
    out.push({
      k: 'cond',
      values,
      line: lineOf(node),
      ...(nilTest !== undefined ? { nilTest } : {}),
      ...(okTest !== undefined ? { okTest } : {}),
      ...(methodTest !== undefined ? { methodTest } : {}),
    });
  }

  private statementOpt(node: Node | null, out: GoStmt[]): void {
    if (node !== null) this.statement(node, out);
  }

  topLevel(root: Node): void {
    for (const decl of root.namedChildren) {
      if (decl === null) continue;
      switch (decl.type) {
        case 'package_clause': {
          const name = decl.namedChildren.find((c) => c?.type === 'package_identifier')?.text;
          if (name !== undefined) this.file.packageName = name;
          break;
        }
        case 'import_declaration':
          for (const spec of decl.descendantsOfType('import_spec')) {
            if (spec === null) continue;
            const pathNode = spec.childForFieldName('path');
            if (pathNode === null) continue;
            const path = unquote(pathNode);
            const alias = spec.childForFieldName('name')?.text;
            if (alias === '.') this.file.dotImports = [...(this.file.dotImports ?? []), path];
            if (alias === '_' || alias === '.') continue;
            const name = alias ?? defaultImportName(path);
            // A guessed name never hides a certain one: `gin-swagger` (package ginSwagger) beside `gin`.
            const guessed = alias === undefined && isGuessedImportName(path);
            if (!guessed || !this.file.imports.has(name)) this.file.imports.set(name, path);
            if (guessed) {
              this.file.guessedImports ??= new Map();
              this.file.guessedImports.set(path, name);
            }
          }
          break;
        case 'const_declaration':
        case 'var_declaration': {
          if (decl.type === 'var_declaration' && embedDirective(decl)) {
            const embedded = this.file.embedded ?? new Set<string>();
            for (const spec of decl.descendantsOfType('var_spec'))
              for (const name of spec?.childrenForFieldName('name') ?? []) if (name !== null) embedded.add(name.text);
            this.file.embedded = embedded;
          }
          const stmts: GoStmt[] = [];
          this.statement(decl, stmts);
          // In a `const` block a name written without a value repeats the expression list before it (`ErrTypeNotFound`
          // after `ErrTypeInternal ErrorType = iota`): the constant is known, as an enum member, not left out.
          let previous: Expr[] | undefined;
          let at = 0;
          let line = -1;
          for (const s of stmts) {
            if (s.k === 'assign') {
              previous = s.values;
              s.names.forEach((name, i) => {
                const value = s.values[i];
                if (value !== undefined) this.file.consts.set(name, value);
              });
            } else if (s.k === 'var' && decl.type === 'const_declaration' && previous !== undefined) {
              at = s.line === line ? at + 1 : 0;
              line = s.line;
              const value = previous[at];
              if (value !== undefined) this.file.consts.set(s.name, value);
            }
          }
          break;
        }
        case 'function_declaration':
          this.file.funcs.push(this.func(decl, null));
          break;
        case 'method_declaration':
          this.file.funcs.push(this.func(decl, decl.childForFieldName('receiver')));
          break;
        case 'type_declaration':
          for (const spec of decl.namedChildren) {
            if (spec?.type !== 'type_spec') continue;
            const name = spec.childForFieldName('name')?.text;
            const type = spec.childForFieldName('type');
            if (name === undefined || type === null) continue;
            if (type.type === 'interface_type')
              this.file.interfaces.set(
                name,
                type.namedChildren.flatMap((m) =>
                  m?.type === 'method_elem' || m?.type === 'method_spec'
                    ? [
                        {
                          name: m.childForFieldName('name')?.text ?? '',
                          arity: this.params(m.childForFieldName('parameters')).length,
                          ...this.firstResult(m.childForFieldName('result')),
                        },
                      ]
                    : [],
                ),
              );
            if (type.type !== 'struct_type') {
              this.file.types.set(name, this.typeExpr(type));
              continue;
            }
            const fields: GoField[] = [];
            for (const f of type.descendantsOfType('field_declaration')) {
              if (f === null || f.parent?.parent?.id !== type.id) continue;
              const ftypeNode = f.childForFieldName('type');
              const ftype = ftypeNode?.text ?? '';
              const te = this.typeExpr(ftypeNode);
              const tagNode = f.childForFieldName('tag');
              const tag = tagNode === null ? undefined : unquote(tagNode);
              const names = f.childrenForFieldName('name').filter((n) => n !== null);
              // An embedded struct has no name; its fields are promoted.
              if (names.length === 0)
                fields.push({ name: '', type: ftype, te, line: lineOf(f), ...(tag ? { tag } : {}) });
              for (const n of names)
                fields.push({ name: (n as Node).text, type: ftype, te, line: lineOf(f), ...(tag ? { tag } : {}) });
            }
            this.file.structs.set(name, { fields, line: lineOf(spec) });
          }
          break;
      }
    }
  }
}

/** The line Go tools write at the top of a generated file (https://go.dev/s/generatedcode). */
const GENERATED_MARK = /^\/\/ Code generated .* DO NOT EDIT\.$/m;

/** Parses one Go file into {@link GoFile} facts. */
export function readGoFile(path: string, text: string): Promise<GoFile> {
  return withSyntaxTree('go', text, (root, problem) => {
    const reader = new FileReader(path);
    reader.topLevel(root);
    // The mark stands before the package clause.
    const header = text.slice(0, Math.max(0, text.search(/^package\s/m)));
    if (GENERATED_MARK.test(header)) reader.file.generated = true;
    if (problem !== undefined) reader.file.problem = problem;
    return reader.file;
  });
}

const HTTP_METHOD_NAMES = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE']);

/** The method an operand names: `"OPTIONS"`, or net/http's constant `http.MethodOptions`. */
function httpMethodName(e: Expr | undefined): string | undefined {
  if (e?.k === 'str') return HTTP_METHOD_NAMES.has(e.v) ? e.v : undefined;
  if (e?.k === 'attr' && e.obj.k === 'name' && e.obj.id === 'http' && e.name.startsWith('Method')) {
    const name = e.name.slice('Method'.length).toUpperCase();
    return HTTP_METHOD_NAMES.has(name) ? name : undefined;
  }
  return undefined;
}

/** Whether the comments right above a declaration hold a `//go:embed` directive. */
function embedDirective(decl: Node): boolean {
  for (let c = decl.previousNamedSibling; c !== null && c.type === 'comment'; c = c.previousNamedSibling) {
    if (c.text.startsWith('//go:embed ')) return true;
    // Only the comment block touching the declaration counts.
    if (c.nextNamedSibling !== null && c.endPosition.row + 1 < c.nextNamedSibling.startPosition.row) return false;
  }
  return false;
}
