/** How a doc file writes itself; new content is written the same way. */
export interface DocStyle {
  json: boolean;
  eol: '\n' | '\r\n';
  /** Spaces per nesting level (YAML), or the JSON indent string's width. */
  indent: number;
  /** JSON: the indent string (spaces or a tab). */
  indentText: string;
  /** YAML: block sequences are indented under their key (`key:\n  - a`) rather than flush (`key:\n- a`). */
  indentSeq: boolean;
  /** YAML: single quotes when a string needs quoting. */
  singleQuote: boolean;
  /** YAML: string values are quoted even when they need not be. */
  quoteAll: boolean;
  /** YAML: lists of scalars are written in flow style (`required: [id, name]`). */
  flowScalarLists: boolean;
  /** YAML: quote used on path keys (`'/pets':`), '' when plain. */
  pathKeyQuote: '' | "'" | '"';
  /** YAML: quote used on status keys (`'200':`), '' when plain. */
  statusKeyQuote: '' | "'" | '"';
  /** JSON: the text between a key and its value (`": "` vs `":"`). */
  colon: string;
}

/** Reads the conventions of a doc file from its text (cheap regular expressions, bounded to a sample). */
export function detectStyle(text: string, json: boolean): DocStyle {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length;
  const eol = crlf > 0 && crlf * 2 >= lf ? '\r\n' : '\n';
  // A bounded sample keeps detection cheap on multi-megabyte specs.
  const sample = text.length > 400_000 ? text.slice(0, 400_000) : text;
  if (json) {
    const m = /\{\r?\n([ \t]+)"/.exec(sample);
    const indentText = m ? (m[1] as string) : '  ';
    const colon = /"\s*:\s*/.exec(sample.slice(sample.indexOf('"')))?.[0].slice(1) ?? ': ';
    const flowScalarLists = count(sample, /":\s*\[[^\]\n{]*\]/g) > count(sample, /":\s*\[\r?\n\s*["\d]/g);
    return {
      ...yamlDefaults(),
      json: true,
      eol,
      indent: indentText === '\t' ? 1 : indentText.length,
      indentText,
      colon,
      flowScalarLists,
    };
  }
  const lines = sample.split(/\r?\n/);
  const unitVotes = new Map<number, number>();
  let seqIndented = 0;
  let seqFlush = 0;
  for (let i = 0; i < lines.length - 1; i++) {
    const line = lines[i] as string;
    if (!/:\s*$/.test(line) || /^\s*#/.test(line)) continue;
    let j = i + 1;
    while (j < lines.length && /^\s*(#.*)?$/.test(lines[j] as string)) j++;
    const next = lines[j];
    if (next === undefined) break;
    const base = indentOf(line.startsWith('- ') || /^\s*- /.test(line) ? line.replace(/- /, '  ') : line);
    const diff = indentOf(next) - base;
    if (/^\s*- /.test(next)) {
      if (diff > 0) seqIndented++;
      else if (diff === 0) seqFlush++;
    } else if (diff > 0) unitVotes.set(diff, (unitVotes.get(diff) ?? 0) + 1);
  }
  const indent = [...unitVotes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 2;
  const single = count(sample, /(?::|-) '/g);
  const double = count(sample, /(?::|-) "/g);
  const plainValues = count(sample, /^\s*[\w$-]+: [A-Za-z]/gm);
  const quotedValues = count(sample, /^\s*[\w$-]+: ["'][A-Za-z]/gm);
  const flowLists = count(sample, /^\s*[\w$-]+: \[[^\]\n{]*\]\s*$/gm);
  const blockScalarLists = count(sample, /:\s*\r?\n\s*- [^:\n{[]+\r?\n/g);
  return {
    json: false,
    eol,
    indent,
    indentText: ' '.repeat(indent),
    indentSeq: seqIndented >= seqFlush,
    singleQuote: single >= double,
    quoteAll: quotedValues > plainValues * 4 && quotedValues > 3,
    flowScalarLists: flowLists > blockScalarLists,
    pathKeyQuote: majorityQuote(sample, /^[ \t]+(['"]?)\/[^\n]*?\1:[ \t]*\r?$/gm, ''),
    statusKeyQuote: majorityQuote(sample, /^[ \t]+(['"]?)(?:[1-5]\d\d|[1-5]XX|[1-5]xx)\1:/gm, "'"),
    colon: ': ',
  };
}

function yamlDefaults(): DocStyle {
  return {
    json: false,
    eol: '\n',
    indent: 2,
    indentText: '  ',
    indentSeq: true,
    singleQuote: true,
    quoteAll: false,
    flowScalarLists: false,
    pathKeyQuote: '',
    statusKeyQuote: "'",
    colon: ': ',
  };
}

function indentOf(line: string): number {
  return /^ */.exec(line)?.[0].length ?? 0;
}

function count(text: string, re: RegExp): number {
  return (text.match(re) ?? []).length;
}

function majorityQuote(text: string, re: RegExp, fallback: '' | "'" | '"'): '' | "'" | '"' {
  const votes = { '': 0, "'": 0, '"': 0 };
  for (const m of text.matchAll(re)) votes[(m[1] ?? '') as '' | "'" | '"']++;
  if (votes[''] + votes["'"] + votes['"'] === 0) return fallback;
  return (Object.entries(votes).sort((a, b) => b[1] - a[1])[0]?.[0] ?? '') as '' | "'" | '"';
}
