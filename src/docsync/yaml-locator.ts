import { isAlias, isMap, isScalar, isSeq, type Node, type Pair, parseDocument } from 'yaml';
import { FixSkip } from './doc-model.js';

/** A node of the original text, with absolute offsets. */
export interface Located {
  node: Node | null;
  /** The pair holding the node when it is a mapping value. */
  pair?: Pair<unknown, unknown>;
  /** Absolute offset of the slice the node was parsed from. */
  base: number;
}

/** A top-level section of a block-mapping document: `key:` at column 0 up to the next such key. */
interface Section {
  key: string;
  start: number;
  end: number;
  parsed?: { contents: Node | null };
}

const PARSE_OPTIONS = { keepSourceTokens: true, uniqueKeys: false, strict: false, prettyErrors: false } as const;

/**
 * Finds nodes of a YAML or JSON text by JSON pointer, with their source ranges (`yaml` nodes). A block-mapping
 * document is cut at its top-level keys first and only the sections a pointer enters are parsed: on a 4 MB spec
 * whose edits touch `paths` only, that halves the parse. Anything unusual (flow root, several documents, an
 * alias across sections) falls back to one parse of the whole text.
 */
export class YamlLocator {
  private sections: Section[] | undefined;
  private whole: { contents: Node | null } | undefined;

  constructor(private readonly text: string) {
    this.sections = splitSections(text);
  }

  /** The node at `pointer` (`''` is the root); throws {@link FixSkip} when it cannot be reached safely. */
  locate(pointer: string): Located {
    const segments =
      pointer === ''
        ? []
        : pointer
            .slice(1)
            .split('/')
            .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (this.sections !== undefined && segments.length > 0) {
      const section = this.sections.find((s) => s.key === segments[0]);
      if (section !== undefined) {
        section.parsed ??= this.parseSlice(section);
        if (section.parsed !== undefined) return walk(section.parsed.contents, segments, section.start);
      }
      this.sections = undefined;
    }
    this.whole ??= parseWhole(this.text);
    return walk(this.whole.contents, segments, 0);
  }

  private parseSlice(section: Section): { contents: Node | null } | undefined {
    const doc = parseDocument(this.text.slice(section.start, section.end), PARSE_OPTIONS);
    if (doc.errors.length > 0) return undefined;
    return { contents: doc.contents as Node | null };
  }
}

function parseWhole(text: string): { contents: Node | null } {
  const doc = parseDocument(text, PARSE_OPTIONS);
  if (doc.errors.length > 0) throw new FixSkip(`the file does not parse as YAML: ${doc.errors[0]?.message ?? ''}`);
  return { contents: doc.contents as Node | null };
}

function walk(root: Node | null, segments: string[], base: number): Located {
  let current: Located = { node: root, base };
  for (const seg of segments) {
    const node = current.node;
    if (isAlias(node)) throw new FixSkip('the edit goes through a YAML alias');
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === seg) as
        | Pair<unknown, unknown>
        | undefined;
      if (pair === undefined) throw new FixSkip(`no key ${seg} in the text`);
      current = { node: (pair.value as Node | null) ?? null, pair, base };
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)];
      if (item === undefined) throw new FixSkip(`no item ${seg} in the text`);
      current = { node: item as Node, base };
    } else throw new FixSkip(`cannot descend into a scalar at ${seg}`);
  }
  if (isAlias(current.node)) throw new FixSkip('the edit goes through a YAML alias');
  return current;
}

/** Top-level keys at column 0 of a block-mapping document; undefined when the document is not that simple. */
function splitSections(text: string): Section[] | undefined {
  const sections: Section[] = [];
  const keyLine =
    /^(?:'((?:[^']|'')*)'|"((?:[^"\\]|\\.)*)"|([^\s#'"?&*!|>%@`{[\]},-][^:#\r\n]*?|-[^\s:#\r\n][^:#\r\n]*?))[ \t]*:(?:[ \t]|\r?$)/gm;
  let offset = 0;
  let sawContent = false;
  while (offset < text.length) {
    const nl = text.indexOf('\n', offset);
    const end = nl === -1 ? text.length : nl + 1;
    const ch = text[offset];
    if (ch !== undefined && ch !== ' ' && ch !== '\t' && ch !== '#' && ch !== '\n' && ch !== '\r') {
      keyLine.lastIndex = offset;
      const m = keyLine.exec(text);
      if (m === null || m.index !== offset) {
        // A directive, a document marker, a flow root or a complex key: parse the whole text instead.
        return undefined;
      }
      const key =
        m[1] !== undefined
          ? m[1].replace(/''/g, "'")
          : m[2] !== undefined
            ? (JSON.parse(`"${m[2]}"`) as string)
            : (m[3] as string);
      const last = sections[sections.length - 1];
      if (last !== undefined) last.end = offset;
      sections.push({ key, start: offset, end: text.length });
      sawContent = true;
    }
    offset = end;
  }
  return sawContent ? sections : undefined;
}
