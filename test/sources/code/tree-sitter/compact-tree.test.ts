import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Node, Tree } from 'web-tree-sitter';
import {
  type CompactTree,
  compactTree,
  type SyntaxNode,
} from '../../../../src/sources/code/tree-sitter/compact-tree.js';
import { loadParser } from '../../../../src/sources/code/tree-sitter/load-parser.js';

// Real files of the fixture apps (fetched, not written here): a FastAPI route module with f-strings and docstrings,
// a Flask views module.
const FILES = [
  'test/fixtures/real-apps/fastapi-full-stack/backend/app/api/routes/users.py',
  'test/fixtures/real-apps/flask-base/app/admin/views.py',
];

async function parse(file: string): Promise<{ tree: Tree; text: string }> {
  const text = readFileSync(file, 'utf8');
  const tree = (await loadParser('python')).parse(text);
  if (tree === null) throw new Error('no tree');
  return { tree, text };
}

/** Every answer a reader may ask of a node, from web-tree-sitter's `Node` or from a {@link SyntaxNode}. */
function describeNode(n: Node | SyntaxNode, fields: readonly string[]): unknown {
  return {
    type: n.type,
    named: n.isNamed,
    span: [n.startIndex, n.endIndex],
    row: n.startPosition.row,
    text: n.text,
    children: n.children.map((c) => c?.startIndex),
    named_: n.namedChildren.map((c) => `${c?.type}@${c?.startIndex}`),
    count: n.namedChildCount,
    first: n.firstNamedChild?.startIndex,
    parent: n.parent?.startIndex,
    fields: fields.map((f) => [
      n.childForFieldName(f)?.startIndex ?? null,
      n.childrenForFieldName(f).map((c) => c?.startIndex),
    ]),
  };
}

function* preorder<N extends Node | SyntaxNode>(n: N): Generator<N> {
  yield n;
  for (const c of n.children) if (c !== null) yield* preorder(c as N);
}

describe('compact syntax trees', () => {
  for (const file of FILES) {
    it(`answers every node question as web-tree-sitter does: ${file.split('/').slice(-2).join('/')}`, async () => {
      const { tree, text } = await parse(file);
      try {
        const fields = tree.language.fields.filter((f): f is string => f !== null);
        const compact = compactTree(tree, text);
        const theirs = [...preorder(tree.rootNode)];
        const ours = [...preorder(compact.root)];
        expect(ours.length).toBe(compact.count);
        expect(ours.length).toBe(theirs.length);
        theirs.forEach((n, i) => {
          expect(describeNode(ours[i] as SyntaxNode, fields)).toEqual(describeNode(n, fields));
        });
        const calls = compact.root.descendantsOfType(['call', 'return_statement']).map((n) => n.startIndex);
        expect(calls).toEqual(tree.rootNode.descendantsOfType(['call', 'return_statement']).map((n) => n?.startIndex));
        expect(calls.length).toBeGreaterThan(10);
      } finally {
        tree.delete();
      }
    });
  }

  it('gives the same arrays walking with direct wasm calls and with the public cursor', async () => {
    const { tree, text } = await parse(FILES[0] as string);
    try {
      const arrays = (t: CompactTree) => [t.types, t.starts, t.ends, t.fields, t.parents, t.after].map((a) => [...a]);
      expect(arrays(compactTree(tree, text))).toEqual(arrays(compactTree(tree, text, undefined, true)));
    } finally {
      tree.delete();
    }
  });

  it('keeps a pruned node and its span, without its children', async () => {
    const { tree, text } = await parse(FILES[0] as string);
    try {
      const whole = compactTree(tree, text);
      const pruned = compactTree(tree, text, { types: new Set(['string']), accept: () => true });
      const strings = (t: CompactTree) => t.root.descendantsOfType(['string']);
      expect(strings(pruned).map((s) => s.text)).toEqual(strings(whole).map((s) => s.text));
      expect(strings(pruned).every((s) => s.children.length === 0)).toBe(true);
      expect(pruned.count).toBeLessThan(whole.count);
      expect(pruned.root.descendantsOfType(['call']).length).toBe(whole.root.descendantsOfType(['call']).length);
    } finally {
      tree.delete();
    }
  });
});
