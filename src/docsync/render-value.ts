import { Document, isMap, isPair, isScalar, isSeq, Scalar, visit } from 'yaml';
import type { DocStyle } from './doc-style.js';

/** What a key names, for the quoting conventions docs keep per kind of key. */
export type KeyKind = 'path' | 'status' | 'other';

const STATUS_KEY = /^([1-5]\d\d|[1-5]XX|[1-5]xx)$/;

/**
 * Renders new content as YAML lines in the doc's style, through the `yaml` Document API (it knows when a string
 * needs quoting). Lines carry no base indentation and no line ending; the caller places them.
 */
function renderYaml(value: unknown, style: DocStyle): string[] {
  const doc = new Document(value);
  visit(doc, {
    Pair(_key, pair) {
      if (!isPair(pair) || !isScalar(pair.key)) return;
      const key = String(pair.key.value);
      if (STATUS_KEY.test(key)) pair.key = statusKeyNode(key, style);
    },
    Seq(_key, seq) {
      if (style.flowScalarLists && seq.items.length > 0 && seq.items.every((i) => isScalar(i))) seq.flow = true;
    },
    Scalar(_key, node) {
      if (style.quoteAll && typeof node.value === 'string' && node.type === undefined) {
        node.type = style.singleQuote ? Scalar.QUOTE_SINGLE : Scalar.QUOTE_DOUBLE;
      }
    },
  });
  // Keys are never force-quoted by quoteAll: the Scalar visitor above sees keys too, so undo it for them.
  visit(doc, {
    Pair(_key, pair) {
      if (isPair(pair) && isScalar(pair.key) && !STATUS_KEY.test(String(pair.key.value))) pair.key.type = undefined;
    },
  });
  const text = doc.toString({
    indent: style.indent,
    indentSeq: style.indentSeq,
    lineWidth: 0,
    minContentWidth: 0,
    singleQuote: style.singleQuote,
    flowCollectionPadding: false,
  });
  return text.replace(/\n$/, '').split('\n');
}

function statusKeyNode(key: string, style: DocStyle): Scalar {
  if (style.statusKeyQuote === '' && /^\d+$/.test(key)) return new Scalar(Number(key));
  const node = new Scalar(key);
  node.type = style.statusKeyQuote === '"' ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE;
  return node;
}

/** A mapping key as the doc writes that kind of key. */
export function renderYamlKey(key: string, kind: KeyKind, style: DocStyle): string {
  const quote =
    kind === 'path' ? style.pathKeyQuote : kind === 'status' || STATUS_KEY.test(key) ? style.statusKeyQuote : '';
  if (quote === '') {
    const plain = renderYaml({ [key]: null }, { ...style, quoteAll: false })[0] as string;
    // Plain when YAML allows it; the renderer quotes keys that would read back as something else.
    if (kind === 'status' && /^\d+$/.test(key)) return key;
    return plain.replace(/:\s*(null)?$/, '');
  }
  if (quote === "'") return `'${key.replace(/'/g, "''")}'`;
  return JSON.stringify(key);
}

/** `key: value` as block YAML lines. */
export function renderYamlEntry(key: string, kind: KeyKind, value: unknown, style: DocStyle): string[] {
  const k = renderYamlKey(key, kind, style);
  if (isCollection(value) && !isEmpty(value)) {
    const lines = renderYaml(value, style);
    const pad = Array.isArray(value) && !style.indentSeq ? '' : ' '.repeat(style.indent);
    if (Array.isArray(value) && style.flowScalarLists && lines.length === 1 && lines[0]?.startsWith('['))
      return [`${k}: ${lines[0]}`];
    return [`${k}:`, ...lines.map((l) => (l === '' ? l : pad + l))];
  }
  return [`${k}: ${renderYamlInline(value, style)}`];
}

/** A sequence item as block YAML lines; `pad` is the text between the dash and the item (`-   name:` has 3). */
export function renderYamlItem(value: unknown, style: DocStyle, pad = 1): string[] {
  const dash = `-${' '.repeat(Math.max(1, pad))}`;
  const cont = ' '.repeat(dash.length);
  if (isCollection(value) && !isEmpty(value)) {
    const lines = Array.isArray(value)
      ? renderYaml(value, { ...style, flowScalarLists: false })
      : renderYaml(value, style);
    return lines.map((l, i) => (i === 0 ? dash + l : l === '' ? l : cont + l));
  }
  return [dash + renderYamlInline(value, style)];
}

/** A value on one line (scalars, empty collections, or flow style). */
export function renderYamlInline(value: unknown, style: DocStyle): string {
  const doc = new Document(value);
  if (isMap(doc.contents) || isSeq(doc.contents)) doc.contents.flow = true;
  if (style.quoteAll && isScalar(doc.contents) && typeof doc.contents.value === 'string') {
    doc.contents.type = style.singleQuote ? Scalar.QUOTE_SINGLE : Scalar.QUOTE_DOUBLE;
  }
  return doc
    .toString({ lineWidth: 0, minContentWidth: 0, singleQuote: style.singleQuote, flowCollectionPadding: true })
    .replace(/\n$/, '')
    .replace(/\n\s*/g, ' ');
}

/** A JSON value, continuation lines indented by `baseIndent`; scalar arrays on one line when the doc does that. */
export function renderJson(value: unknown, style: DocStyle, baseIndent: string): string {
  const print = (v: unknown, indent: string): string => {
    if (typeof v !== 'object' || v === null) return JSON.stringify(v) ?? 'null';
    const inner = indent + style.indentText;
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      if (style.flowScalarLists && v.every((i) => typeof i !== 'object' || i === null))
        return `[${v.map((i) => JSON.stringify(i)).join(', ')}]`;
      return `[\n${v.map((i) => inner + print(i, inner)).join(',\n')}\n${indent}]`;
    }
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, i]) => `${inner}${JSON.stringify(k)}${style.colon}${print(i, inner)}`).join(',\n')}\n${indent}}`;
  };
  return print(value, baseIndent);
}

function isCollection(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function isEmpty(value: object): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}
