import type { Node } from 'web-tree-sitter';

/** Where a file stops being parsable, and why. */
export interface SyntaxProblem {
  /** 1-based line. */
  line: number;
  reason: string;
}

/** The first syntax error of a tree (an ERROR or MISSING node), or undefined when the file parsed cleanly. */
export function findSyntaxError(root: Node): SyntaxProblem | undefined {
  if (!root.hasError) return undefined;
  let node: Node = root;
  // Descend along the first child that carries the error; the deepest such node is the most precise place.
  for (;;) {
    if (node.isMissing) return { line: node.startPosition.row + 1, reason: `syntax error: missing ${node.type}` };
    if (node.isError) {
      const snippet = node.text.split('\n')[0]?.slice(0, 40) ?? '';
      return { line: node.startPosition.row + 1, reason: `syntax error near '${snippet}'` };
    }
    let next: Node | undefined;
    for (const child of node.children) {
      if (child !== null && (child.hasError || child.isMissing || child.isError)) {
        next = child;
        break;
      }
    }
    if (next === undefined) return { line: node.startPosition.row + 1, reason: 'syntax error' };
    node = next;
  }
}
