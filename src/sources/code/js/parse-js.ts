import type * as TS from 'typescript';
import type { Unparsed } from '../extractor.js';
import { ts } from './typescript.js';

/** File endings read as JavaScript or TypeScript. */
export const JS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;

function scriptKind(file: string): TS.ScriptKind {
  if (file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (file.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (file.endsWith('.js') || file.endsWith('.mjs') || file.endsWith('.cjs')) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** A parsed JS/TS file with its syntax errors. */
export interface ParsedJs {
  file: string;
  sourceFile: TS.SourceFile;
  /** The first syntax error, when the parser had to recover. */
  error?: Unparsed;
}

interface WithParseDiagnostics {
  parseDiagnostics?: readonly TS.DiagnosticWithLocation[];
}

/** Parses one file (syntax only: no type-checking, no program). The tree keeps parent pointers. */
export function parseJs(file: string, text: string): ParsedJs {
  // JSDoc carries nothing a route needs; skipping it is a large part of parse time on documented code.
  const sourceFile = ts.createSourceFile(
    file,
    text,
    { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone },
    true,
    scriptKind(file),
  );
  const diagnostics = (sourceFile as unknown as WithParseDiagnostics).parseDiagnostics ?? [];
  const first = diagnostics[0];
  if (!first) return { file, sourceFile };
  const line = sourceFile.getLineAndCharacterOfPosition(first.start).line + 1;
  return {
    file,
    sourceFile,
    error: { file, line, reason: `syntax error: ${ts.flattenDiagnosticMessageText(first.messageText, ' ')}` },
  };
}

/** 1-based line of a node. */
export function lineOf(node: TS.Node): number {
  const sf = node.getSourceFile();
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

/** Removes parentheses, `as`/`satisfies`/non-null/type assertions around an expression. */
export function unwrapExpression(expr: TS.Expression): TS.Expression {
  let e = expr;
  for (;;) {
    if (
      ts.isParenthesizedExpression(e) ||
      ts.isAsExpression(e) ||
      ts.isNonNullExpression(e) ||
      ts.isSatisfiesExpression(e)
    )
      e = e.expression;
    else if (ts.isTypeAssertionExpression(e)) e = e.expression;
    else if (ts.isAwaitExpression(e)) e = e.expression;
    else return e;
  }
}

/** `require('./x')` (parentheses and casts around it allowed). */
export function isRequireCall(node: TS.Node): boolean {
  const expr = ts.isExpression(node) ? unwrapExpression(node) : node;
  return (
    ts.isCallExpression(expr) &&
    ts.isIdentifier(expr.expression) &&
    expr.expression.text === 'require' &&
    expr.arguments.length === 1 &&
    ts.isStringLiteralLike(expr.arguments[0] as TS.Expression)
  );
}

/** The name of a property access or element access with a string key (`a.b`, `a['b']`). */
export function memberName(expr: TS.Expression): string | undefined {
  if (ts.isPropertyAccessExpression(expr)) return expr.name.text;
  if (ts.isElementAccessExpression(expr) && ts.isStringLiteralLike(expr.argumentExpression))
    return expr.argumentExpression.text;
  return undefined;
}

/** Text of a property name (identifier, string or numeric literal). */
export function propertyNameText(name: TS.PropertyName | TS.BindingName | undefined): string | undefined {
  if (!name) return undefined;
  if (
    ts.isIdentifier(name) ||
    ts.isStringLiteralLike(name) ||
    ts.isNumericLiteral(name) ||
    ts.isPrivateIdentifier(name)
  )
    return name.text;
  return undefined;
}

/** The initializer of the variable an identifier names, declared in the same file (module-level or enclosing). */
export function localInitializer(id: TS.Identifier): TS.Expression | undefined {
  let found: TS.Expression | undefined;
  const visit = (node: TS.Node): void => {
    if (found) return;
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === id.text && node.initializer)
      found = node.initializer;
    else ts.forEachChild(node, visit);
  };
  visit(id.getSourceFile());
  return found;
}

/**
 * A node's text with the digits inside its string literals, template parts and JSX text blanked. A status is a number
 * in the code: the `401` in an image's SVG path data (`d="M2.401-.463…"`) or in a URL answers nothing. A literal that
 * is a three-digit status by itself (`'401'`) is kept.
 */
export function textWithoutQuotedDigits(node: TS.Node): string {
  const sf = node.getSourceFile();
  const start = node.getStart(sf);
  const chars = [...node.getText(sf)];
  const visit = (n: TS.Node): void => {
    const quoted =
      ts.isStringLiteralLike(n) ||
      ts.isJsxText(n) ||
      ts.isTemplateHead(n) ||
      ts.isTemplateMiddle(n) ||
      ts.isTemplateTail(n);
    if (!quoted) {
      ts.forEachChild(n, visit);
      return;
    }
    if (/^\s*\d{3}\s*$/.test(n.text)) return;
    for (let i = n.getStart(sf) - start; i < n.getEnd() - start; i++) if (/\d/.test(chars[i] ?? '')) chars[i] = '_';
  };
  visit(node);
  return chars.join('');
}

/**
 * The value an exported declaration gives (`export const GET = …`'s initializer, `export default …`'s expression),
 * or the node itself when it is an expression; undefined for other declarations.
 */
export function exportedExpression(node: TS.Node): TS.Expression | undefined {
  if (ts.isVariableDeclaration(node)) return node.initializer;
  if (ts.isExportAssignment(node)) return node.expression;
  return ts.isExpression(node) ? node : undefined;
}
