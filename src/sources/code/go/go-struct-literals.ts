import type { Expr } from '../tree-sitter/expr.js';
import type { GoFile, GoStmt } from './go-module.js';
import type { GoTypeDecl } from './go-routes.js';

/** How the checkout makes the values of one struct type. */
interface Made {
  /** Per composite literal, the Go names of the fields it sets to something other than `nil`. */
  literals: Set<string>[];
  /** Made without a literal: `var x T`, `new(T)`. */
  zeroValue: boolean;
}

/**
 * Where the checkout makes values of its struct types, read once over every function body: what tells a pointer field
 * every code path sets (`Priority: &msg.Priority` in the one literal that builds the type) from one left nil.
 */
export class GoStructLiterals {
  private made: Map<string, Made> | undefined;

  constructor(
    private readonly files: readonly GoFile[],
    private readonly typeDecl: (file: GoFile, qualifier: string | undefined, name: string) => GoTypeDecl | undefined,
  ) {}

  /**
   * Whether every value of the type has the field set: the type is made by at least one composite literal, each
   * setting the field to something other than `nil` (by name or by position), and never as a zero value.
   */
  alwaysSets(decl: GoTypeDecl, field: string): boolean {
    const made = this.index().get(idOf(decl));
    return (
      made !== undefined && !made.zeroValue && made.literals.length > 0 && made.literals.every((set) => set.has(field))
    );
  }

  /**
   * Whether some composite literal of the type leaves the field unset (by name or by position), and no code anywhere
   * assigns a field of that name afterwards (`x.Updates = …`): the value it makes keeps the field's zero value.
   */
  mayLeaveUnset(decl: GoTypeDecl, field: string): boolean {
    const made = this.index().get(idOf(decl));
    const unset = made?.literals.some((set) => !set.has(field)) ?? false;
    return unset && !(this.assigned?.has(field) ?? false);
  }

  private assigned: Set<string> | undefined;

  private index(): Map<string, Made> {
    if (this.made !== undefined) return this.made;
    const made = new Map<string, Made>();
    this.made = made;
    const assigned = new Set<string>();
    this.assigned = assigned;
    const entry = (decl: GoTypeDecl): Made => {
      let m = made.get(idOf(decl));
      if (m === undefined) {
        m = { literals: [], zeroValue: false };
        made.set(idOf(decl), m);
      }
      return m;
    };
    for (const file of this.files) {
      const declOf = (t: Expr): GoTypeDecl | undefined => {
        const inner = t.k === 'sub' && t.value.k === 'name' && t.value.id === '*' ? t.args[0] : t;
        if (inner?.k === 'name') return this.typeDecl(file, undefined, inner.id);
        if (inner?.k === 'attr' && inner.obj.k === 'name') return this.typeDecl(file, inner.obj.id, inner.name);
        return undefined;
      };
      const visit = (e: Expr, depth: number): void => {
        if (depth > 30) return;
        switch (e.k) {
          case 'call': {
            if (e.kw['#composite'] !== undefined) {
              const decl = declOf(e.fn);
              if (decl?.struct !== undefined) {
                const set = new Set<string>();
                for (const [key, v] of Object.entries(e.kw)) {
                  if (key === '#composite' || key.startsWith('#at:') || v.k === 'none') continue;
                  const name = key.startsWith('#') ? decl.struct.fields[Number(key.slice(1))]?.name : key;
                  if (name !== undefined) set.add(name);
                }
                entry(decl).literals.push(set);
              }
            } else if (e.fn.k === 'name' && e.fn.id === 'new' && e.args[0] !== undefined) {
              const decl = declOf(e.args[0]);
              if (decl !== undefined) entry(decl).zeroValue = true;
            }
            visit(e.fn, depth + 1);
            for (const a of e.args) visit(a, depth + 1);
            for (const [key, v] of Object.entries(e.kw)) if (key !== '#composite') visit(v, depth + 1);
            return;
          }
          case 'attr':
            visit(e.obj, depth + 1);
            return;
          case 'list':
          case 'union':
            for (const i of e.items) visit(i, depth + 1);
            return;
          case 'concat':
            for (const p of e.parts) visit(p, depth + 1);
            return;
          case 'sub':
            visit(e.value, depth + 1);
            for (const a of e.args) visit(a, depth + 1);
            return;
          case 'cond':
            visit(e.test, depth + 1);
            visit(e.ifTrue, depth + 1);
            visit(e.ifFalse, depth + 1);
            return;
          default:
            return;
        }
      };
      const statements = (body: readonly GoStmt[]) => {
        for (const stmt of body) {
          if (stmt.k === 'var') {
            const decl = stmt.te === undefined ? undefined : declOf(stmt.te);
            // `var x *T` holds no value of T; `var x T` is its zero value.
            if (decl !== undefined && stmt.te?.k !== 'sub') entry(decl).zeroValue = true;
          } else if (stmt.k === 'expr') visit(stmt.e, 0);
          else if (stmt.k === 'assign' || stmt.k === 'return' || stmt.k === 'cond')
            for (const v of stmt.values) visit(v, 0);
          if (stmt.k === 'assign')
            for (const name of stmt.names) if (name.includes('.')) assigned.add(name.slice(name.lastIndexOf('.') + 1));
        }
      };
      for (const fn of file.funcs) statements(fn.body);
      for (const fn of file.literals.values()) statements(fn.body);
    }
    return made;
  }
}

function idOf(decl: GoTypeDecl): string {
  return `${decl.dir}:${decl.name}`;
}
