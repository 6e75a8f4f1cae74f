import type { Node } from 'web-tree-sitter';
import { type Expr, otherExpr } from '../tree-sitter/expr.js';
import { withSyntaxTree } from '../tree-sitter/parse-source.js';
import type { SyntaxProblem } from '../tree-sitter/syntax-error.js';

/** An annotation: simple name, the single unnamed value (as `value`), and named elements. */
export interface JavaAnnotation {
  name: string;
  args: Record<string, Expr>;
  line: number;
}

/** A method or record component parameter. */
export interface JavaParam {
  name: string;
  type: Expr;
  annotations: JavaAnnotation[];
}

/** A method declaration. */
export interface JavaMethod {
  name: string;
  line: number;
  annotations: JavaAnnotation[];
  params: JavaParam[];
  returns: Expr;
  /** The method's body as written, with its first line; absent for abstract and interface methods. */
  body?: { text: string; line: number };
}

/** A field (or record component, or interface constant). */
export interface JavaField {
  name: string;
  type: Expr;
  isStatic: boolean;
  value?: Expr;
  annotations: JavaAnnotation[];
  line: number;
}

/** A class, interface, enum or record. */
export interface JavaClass {
  name: string;
  kind: 'class' | 'interface' | 'enum' | 'record';
  line: number;
  annotations: JavaAnnotation[];
  superclass?: string;
  interfaces: string[];
  fields: JavaField[];
  methods: JavaMethod[];
  enumConstants: string[];
  /** Enclosing class for nested types. */
  outer?: string;
  file: JavaFile;
}

/** Facts of one Java file. */
export interface JavaFile {
  path: string;
  /** Simple name → fully qualified name, from single-type and static imports. */
  imports: Map<string, string>;
  classes: JavaClass[];
  problem?: SyntaxProblem;
}

function lineOf(node: Node): number {
  return node.startPosition.row + 1;
}

function typeName(node: Node | null): string | undefined {
  if (node === null) return undefined;
  if (node.type === 'generic_type') return typeName(node.firstNamedChild);
  if (node.type === 'scoped_type_identifier') return node.text.split('.').pop();
  return node.text;
}

/** Lowers a Java expression or type node. */
function lowerExpr(node: Node, depth = 0): Expr {
  if (depth > 40) return otherExpr(node.text);
  switch (node.type) {
    case 'string_literal': {
      let text = '';
      for (const c of node.namedChildren) {
        if (c?.type === 'string_fragment') text += c.text;
        else if (c?.type === 'escape_sequence') text += c.text.slice(1);
      }
      return { k: 'str', v: text };
    }
    case 'decimal_integer_literal':
      return { k: 'num', v: Number(node.text.replace(/[_lL]/g, '')) };
    case 'true':
      return { k: 'bool', v: true };
    case 'false':
      return { k: 'bool', v: false };
    case 'identifier':
    case 'type_identifier':
      return { k: 'name', id: node.text };
    case 'integral_type':
    case 'floating_point_type':
    case 'boolean_type':
    case 'void_type':
      return { k: 'name', id: node.text };
    case 'field_access':
    case 'scoped_identifier':
    case 'scoped_type_identifier': {
      const obj = node.childForFieldName('object') ?? node.childForFieldName('scope') ?? node.firstNamedChild;
      const field = node.childForFieldName('field') ?? node.childForFieldName('name') ?? node.lastNamedChild;
      if (obj === null || field === null || obj.equals(field)) return otherExpr(node.text);
      return { k: 'attr', obj: lowerExpr(obj, depth + 1), name: field.text };
    }
    case 'binary_expression': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left === null || right === null || node.childForFieldName('operator')?.text !== '+')
        return otherExpr(node.text);
      return { k: 'concat', parts: [lowerExpr(left, depth + 1), lowerExpr(right, depth + 1)] };
    }
    case 'parenthesized_expression': {
      const inner = node.firstNamedChild;
      return inner === null ? otherExpr(node.text) : lowerExpr(inner, depth + 1);
    }
    case 'element_value_array_initializer':
    case 'array_initializer':
      return {
        k: 'list',
        items: node.namedChildren
          .filter((c) => c !== null && c.type !== 'comment')
          .map((c) => lowerExpr(c as Node, depth + 1)),
      };
    case 'generic_type': {
      const head = node.firstNamedChild;
      const args = node.namedChildren.find((c) => c?.type === 'type_arguments');
      if (head == null) return otherExpr(node.text);
      return {
        k: 'sub',
        value: lowerExpr(head, depth + 1),
        args: (args?.namedChildren ?? []).filter((c) => c !== null).map((c) => lowerExpr(c as Node, depth + 1)),
      };
    }
    case 'array_type': {
      const element = node.childForFieldName('element');
      return element === null
        ? otherExpr(node.text)
        : { k: 'sub', value: { k: 'name', id: 'List' }, args: [lowerExpr(element, depth + 1)] };
    }
    default:
      return otherExpr(node.text);
  }
}

function annotationsOf(modifiers: Node | null | undefined): JavaAnnotation[] {
  const out: JavaAnnotation[] = [];
  for (const a of modifiers?.namedChildren ?? []) {
    if (a === null || (a.type !== 'annotation' && a.type !== 'marker_annotation')) continue;
    const name = a.childForFieldName('name')?.text.split('.').pop() ?? '';
    const args: Record<string, Expr> = {};
    for (const arg of a.childForFieldName('arguments')?.namedChildren ?? []) {
      if (arg === null || arg.type === 'comment') continue;
      if (arg.type === 'element_value_pair') {
        const key = arg.childForFieldName('key')?.text;
        const value = arg.childForFieldName('value');
        if (key !== undefined && value !== null) args[key] = lowerExpr(value);
      } else args.value = lowerExpr(arg);
    }
    out.push({ name, args, line: lineOf(a) });
  }
  return out;
}

function modifiersOf(node: Node): Node | undefined {
  return node.namedChildren.find((c) => c?.type === 'modifiers') ?? undefined;
}

function params(node: Node | null): JavaParam[] {
  const out: JavaParam[] = [];
  for (const p of node?.namedChildren ?? []) {
    if (p === null || (p.type !== 'formal_parameter' && p.type !== 'spread_parameter')) continue;
    const type = p.childForFieldName('type') ?? p.namedChildren.find((c) => c?.type.endsWith('type')) ?? null;
    const name =
      p.childForFieldName('name')?.text ?? p.namedChildren.find((c) => c?.type === 'variable_declarator')?.text ?? '_';
    out.push({
      name,
      type: type === null ? otherExpr('?') : lowerExpr(type),
      annotations: annotationsOf(modifiersOf(p)),
    });
  }
  return out;
}

function readClass(node: Node, file: JavaFile, outer?: string): void {
  const name = node.childForFieldName('name')?.text;
  if (name === undefined) return;
  const kind =
    node.type === 'interface_declaration'
      ? 'interface'
      : node.type === 'enum_declaration'
        ? 'enum'
        : node.type === 'record_declaration'
          ? 'record'
          : 'class';
  const interfaces: string[] = [];
  const interfaceList =
    node.childForFieldName('interfaces') ?? node.namedChildren.find((c) => c?.type === 'extends_interfaces') ?? null;
  for (const t of interfaceList?.descendantsOfType(['type_identifier', 'generic_type', 'scoped_type_identifier']) ??
    []) {
    if (t !== null && t.parent?.type === 'type_list') {
      const n = typeName(t);
      if (n !== undefined) interfaces.push(n);
    }
  }
  const superclass = typeName(node.childForFieldName('superclass')?.firstNamedChild ?? null);
  const cls: JavaClass = {
    name,
    kind,
    line: lineOf(node),
    annotations: annotationsOf(modifiersOf(node)),
    ...(superclass ? { superclass } : {}),
    interfaces,
    fields: [],
    methods: [],
    enumConstants: [],
    ...(outer ? { outer } : {}),
    file,
  };
  file.classes.push(cls);
  if (kind === 'record') {
    for (const p of params(node.childForFieldName('parameters'))) {
      cls.fields.push({ name: p.name, type: p.type, isStatic: false, annotations: p.annotations, line: cls.line });
    }
  }
  const body = node.childForFieldName('body');
  for (const member of body?.namedChildren ?? []) {
    if (member === null) continue;
    switch (member.type) {
      case 'field_declaration':
      case 'constant_declaration': {
        const mods = modifiersOf(member);
        const isStatic =
          member.type === 'constant_declaration' ||
          kind === 'interface' ||
          (mods?.children.some((c) => c?.type === 'static') ?? false);
        const type = member.childForFieldName('type');
        for (const d of member.childrenForFieldName('declarator')) {
          const fname = d?.childForFieldName('name')?.text;
          if (d === null || fname === undefined) continue;
          const value = d.childForFieldName('value');
          cls.fields.push({
            name: fname,
            type: type === null ? otherExpr('?') : lowerExpr(type),
            isStatic,
            ...(value ? { value: lowerExpr(value) } : {}),
            annotations: annotationsOf(mods),
            line: lineOf(member),
          });
        }
        break;
      }
      case 'method_declaration': {
        const mname = member.childForFieldName('name')?.text;
        const type = member.childForFieldName('type');
        if (mname === undefined) break;
        const body = member.childForFieldName('body');
        cls.methods.push({
          name: mname,
          line: lineOf(member),
          annotations: annotationsOf(modifiersOf(member)),
          params: params(member.childForFieldName('parameters')),
          returns: type === null ? otherExpr('void') : lowerExpr(type),
          ...(body ? { body: { text: body.text, line: lineOf(body) } } : {}),
        });
        break;
      }
      case 'enum_body_declarations':
        break;
      case 'enum_constant': {
        const c = member.childForFieldName('name')?.text;
        if (c !== undefined) cls.enumConstants.push(c);
        break;
      }
      case 'class_declaration':
      case 'interface_declaration':
      case 'enum_declaration':
      case 'record_declaration':
        readClass(member, file, name);
        break;
    }
  }
}

/** Parses one Java file into {@link JavaFile} facts. */
export function readJavaFile(path: string, text: string): Promise<JavaFile> {
  return withSyntaxTree('java', text, (root, problem) => {
    const file: JavaFile = { path, imports: new Map(), classes: [] };
    for (const node of root.namedChildren) {
      if (node === null) continue;
      if (node.type === 'import_declaration') {
        const target = node.namedChildren.find((c) => c?.type === 'scoped_identifier' || c?.type === 'identifier');
        if (target != null && !node.namedChildren.some((c) => c?.type === 'asterisk')) {
          file.imports.set(target.text.split('.').pop() as string, target.text);
        }
      } else if (
        ['class_declaration', 'interface_declaration', 'enum_declaration', 'record_declaration'].includes(node.type)
      ) {
        readClass(node, file);
      }
    }
    if (problem !== undefined) file.problem = problem;
    return file;
  });
}
