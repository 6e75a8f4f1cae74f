/**
 * A small, language-neutral picture of an expression, kept after the syntax tree is freed. Extractors lower only
 * what route and prefix resolution needs; everything else becomes `other` with its source text.
 */
export type Expr =
  | { k: 'str'; v: string }
  | { k: 'num'; v: number }
  | { k: 'bool'; v: boolean }
  | { k: 'none' }
  | { k: 'name'; id: string }
  | { k: 'attr'; obj: Expr; name: string }
  | { k: 'call'; fn: Expr; args: Expr[]; kw: Record<string, Expr>; line: number }
  | { k: 'list'; items: Expr[] }
  /** String concatenation: `+`, f-strings, implicit concatenation. */
  | { k: 'concat'; parts: Expr[] }
  /** Subscript or generic type: `List[Item]`, `Optional[int]`, `ResponseEntity<Dto>`. */
  | { k: 'sub'; value: Expr; args: Expr[] }
  /** Union type `A | B`. */
  | { k: 'union'; items: Expr[] }
  /** Conditional expression `ifTrue if test else ifFalse` (a factory choosing between two dependencies). */
  | { k: 'cond'; test: Expr; ifTrue: Expr; ifFalse: Expr }
  /** Python `not x`: a settings flag tested where a dependency or a route's guard is chosen. */
  | { k: 'not'; e: Expr }
  /** Python `a and b`, `a or b`. */
  | { k: 'logic'; op: 'and' | 'or'; items: Expr[] }
  /** One comparison (`a == "true"`, `a is None`, `a not in b`): the operator as written, spaces collapsed. */
  | { k: 'cmp'; op: string; left: Expr; right: Expr }
  | { k: 'other'; text: string };

/** Source text kept for unresolved pieces, shortened so a huge literal does not travel into reports. */
export function otherExpr(text: string): Expr {
  return { k: 'other', text: text.length > 80 ? `${text.slice(0, 77)}...` : text };
}

/** `a.b.c` as text, or undefined when the expression is not a dotted name. */
export function dottedName(e: Expr): string | undefined {
  if (e.k === 'name') return e.id;
  if (e.k === 'attr') {
    const left = dottedName(e.obj);
    return left === undefined ? undefined : `${left}.${e.name}`;
  }
  return undefined;
}

/**
 * A readable rendering of an expression, for unresolved prefixes; call arguments are shortened to `…` unless
 * `withArgs` is set (auth reads status codes in them).
 */
export function renderExpr(e: Expr, withArgs = false): string {
  const r = (x: Expr): string => renderExpr(x, withArgs);
  switch (e.k) {
    case 'str':
      return JSON.stringify(e.v);
    case 'num':
      return String(e.v);
    case 'bool':
      return String(e.v);
    case 'none':
      return 'None';
    case 'name':
      return e.id;
    case 'attr':
      return `${r(e.obj)}.${e.name}`;
    case 'call':
      return withArgs
        ? `${r(e.fn)}(${[...e.args.map(r), ...Object.entries(e.kw).map(([k, v]) => `${k}=${r(v)}`)].join(', ')})`
        : `${r(e.fn)}(…)`;
    case 'list':
      return `[${e.items.map(r).join(', ')}]`;
    case 'concat':
      return e.parts.map(r).join(' + ');
    case 'sub':
      return `${r(e.value)}[${e.args.map(r).join(', ')}]`;
    case 'union':
      return e.items.map(r).join(' | ');
    case 'cond':
      return `${r(e.ifTrue)} if ${r(e.test)} else ${r(e.ifFalse)}`;
    case 'not':
      return `not ${r(e.e)}`;
    case 'logic':
      return e.items.map(r).join(` ${e.op} `);
    case 'cmp':
      return `${r(e.left)} ${e.op} ${r(e.right)}`;
    case 'other':
      return e.text;
  }
}
