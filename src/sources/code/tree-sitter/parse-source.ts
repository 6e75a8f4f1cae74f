import type { Node } from 'web-tree-sitter';
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
  const parser = await loadParser(language);
  const tree = parser.parse(text);
  if (tree === null) throw new Error(`tree-sitter returned no tree for a ${language} file`);
  try {
    return read(tree.rootNode, findSyntaxError(tree.rootNode));
  } finally {
    tree.delete();
  }
}
