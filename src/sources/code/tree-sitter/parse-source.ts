import type { Node, Parser } from 'web-tree-sitter';
import { loadParser, type TreeSitterLanguage } from './load-parser.js';
import { findSyntaxError, type SyntaxProblem } from './syntax-error.js';

/**
 * Parses one file and hands its syntax tree to `read`, freeing the tree afterwards: trees live in wasm memory the
 * garbage collector does not see, so callers keep plain facts, never nodes.
 */
export async function withSyntaxTree<T>(
  language: TreeSitterLanguage,
  text: string,
  read: (root: Node, problem: SyntaxProblem | undefined) => T,
): Promise<T> {
  return readSyntaxTree(await loadParser(language), language, text, read);
}

/** {@link withSyntaxTree} with a parser already loaded: synchronous, for files parsed when a lookup first needs them. */
export function readSyntaxTree<T>(
  parser: Parser,
  language: TreeSitterLanguage,
  text: string,
  read: (root: Node, problem: SyntaxProblem | undefined) => T,
): T {
  const tree = parser.parse(text);
  if (tree === null) throw new Error(`tree-sitter returned no tree for a ${language} file`);
  try {
    return read(tree.rootNode, findSyntaxError(tree.rootNode));
  } finally {
    tree.delete();
  }
}
