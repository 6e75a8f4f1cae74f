import type { Node, Parser } from 'web-tree-sitter';
import { type CompactTree, compactTree, type Prune, type SyntaxNode } from './compact-tree.js';
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

/**
 * {@link readSyntaxTree} for a reader that visits much of the tree: `read` gets the tree copied into a
 * {@link CompactTree} (one walk, then no wasm call per node asked for). `prune` leaves out the children of the
 * nodes it accepts (see `compactTree`).
 */
export function readCompactSyntaxTree<T>(
  parser: Parser,
  language: TreeSitterLanguage,
  text: string,
  read: (root: SyntaxNode, problem: SyntaxProblem | undefined) => T,
  prune?: Prune,
): T {
  const tree = parser.parse(text);
  if (tree === null) throw new Error(`tree-sitter returned no tree for a ${language} file`);
  let compact: CompactTree;
  let problem: SyntaxProblem | undefined;
  try {
    problem = findSyntaxError(tree.rootNode);
    compact = compactTree(tree, text, prune);
  } finally {
    tree.delete();
  }
  return read(compact.root, problem);
}
