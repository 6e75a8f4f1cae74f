/**
 * Cheap test for an OpenAPI/Swagger entry document, run on every YAML/JSON candidate before a full parse: the
 * top-level keys, in the order they are written, up to an `openapi` or `swagger` key (an entry) or the first key
 * neither OpenAPI 3.x nor Swagger 2.0 defines at the root (not an entry: a Kubernetes manifest says so on its first
 * line, an i18n catalogue on its first key). Sorted keys still work: `components`, `definitions`, `info` are root
 * fields, so a sorted spec is scanned on to its `openapi` key at the end.
 */
export type KeyScan =
  | { verdict: 'spec' }
  /** `foreignKey`: the first top-level key OpenAPI does not define, when that is what decided. */
  | { verdict: 'not-spec'; foreignKey?: string }
  /** The text ended (a head of the file) before anything decided: read on. */
  | { verdict: 'undecided' };

/** Root fields of OpenAPI 3.0/3.1 and Swagger 2.0 (and `$schema`/`$id`, which some published specs carry). */
const ROOT_FIELDS = new Set([
  'info',
  'servers',
  'paths',
  'webhooks',
  'components',
  'security',
  'tags',
  'externalDocs',
  'jsonSchemaDialect',
  'host',
  'basePath',
  'schemes',
  'consumes',
  'produces',
  'definitions',
  'parameters',
  'responses',
  'securityDefinitions',
  '$schema',
  '$id',
]);
const SPEC_KEYS = new Set(['openapi', 'swagger']);

/** What one top-level key says: an entry, keep looking (a root field), or not an entry. */
function judgeKey(key: string): KeyScan | undefined {
  if (SPEC_KEYS.has(key)) return { verdict: 'spec' };
  if (ROOT_FIELDS.has(key) || key.startsWith('x-')) return undefined;
  return { verdict: 'not-spec', foreignKey: key };
}

/**
 * Scans the top-level keys of `text`. `complete` says whether `text` is the whole file; when it is only a head,
 * running out of text without a decision is `undecided`.
 */
export function scanTopLevelKeys(text: string, complete = true): KeyScan {
  const start = firstSignificant(text);
  const end: KeyScan = complete ? { verdict: 'not-spec' } : { verdict: 'undecided' };
  if (start < text.length && text.charCodeAt(start) === 0x7b /* { */) return scanJsonKeys(text, start) ?? end;
  return scanYamlKeys(text, start, complete) ?? end;
}

/** True when `text` (a whole file) is an entry document. */
export function hasTopLevelSpecKey(text: string): boolean {
  return scanTopLevelKeys(text).verdict === 'spec';
}

/** Index of the first character that is not a BOM, whitespace or a YAML comment line. */
function firstSignificant(text: string): number {
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0xfeff || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
    else if (c === 0x23 /* # */) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
    } else break;
  }
  return i;
}

/**
 * Block-mapping keys at column 0, line by line: structural in block YAML (values, block scalars and flow
 * continuations are indented), so no parse is needed. Plain, single- or double-quoted spelling. Comment lines,
 * directives and document markers are passed over; a top-level sequence is not a spec. Undefined: ran out of text.
 */
function scanYamlKeys(text: string, from: number, complete: boolean): KeyScan | undefined {
  const n = text.length;
  let i = from;
  while (i < n) {
    let nl = text.indexOf('\n', i);
    if (nl < 0) nl = n;
    const c = text.charCodeAt(i);
    // Indented lines, blank lines, comments, directives (`%YAML`) and document markers (`---`, `...`).
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x23 || c === 0x25 || c === 0x2e) {
      i = nl + 1;
      continue;
    }
    // A top-level flow sequence (a JSON array) is no mapping at all.
    if (c === 0x5b /* [ */) return { verdict: 'not-spec' };
    if (c === 0x2d /* - */) {
      if (text.startsWith('---', i)) {
        i = nl + 1;
        continue;
      }
      return { verdict: 'not-spec', foreignKey: '-' };
    }
    const key = yamlKey(text, i, nl);
    // The last line of a head may be cut: without its colon it says nothing yet.
    if (key === undefined && nl === n && !complete) return undefined;
    if (key !== undefined) {
      const judged = judgeKey(key);
      if (judged) return judged;
    }
    i = nl + 1;
  }
  return undefined;
}

/** The key of a `key: value` line (quotes removed), or undefined when the line is not one. */
function yamlKey(text: string, from: number, to: number): string | undefined {
  const q = text.charCodeAt(from);
  if (q === 0x22 /* " */ || q === 0x27 /* ' */) {
    const close = text.indexOf(String.fromCharCode(q), from + 1);
    if (close < 0 || close >= to) return undefined;
    let j = close + 1;
    while (j < to && (text.charCodeAt(j) === 0x20 || text.charCodeAt(j) === 0x09)) j++;
    return text.charCodeAt(j) === 0x3a /* : */ ? text.slice(from + 1, close) : undefined;
  }
  const colon = text.indexOf(':', from);
  if (colon < 0 || colon >= to) return undefined;
  return text.slice(from, colon).trimEnd();
}

/**
 * A small streaming tokenizer over JSON text: tracks depth through objects and arrays, skips strings (escapes
 * included) and judges each depth-1 key of the root object in turn. No value is built, so a minified
 * multi-megabyte document is scanned in one pass without allocation. Undefined: ran out of text.
 */
function scanJsonKeys(text: string, from: number): KeyScan | undefined {
  let depth = 0;
  // Whether the string just read at depth 1 sits in key position (after `{` or `,` of the root object).
  let expectKey = false;
  const n = text.length;
  for (let i = from; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const begin = i + 1;
      let j = begin;
      let escaped = false;
      for (; j < n; j++) {
        const d = text.charCodeAt(j);
        if (d === 0x5c /* \ */) {
          escaped = true;
          j++;
        } else if (d === 0x22) break;
      }
      if (j >= n) return undefined;
      if (depth === 1 && expectKey) {
        const key = escaped ? safeJsonString(text.slice(begin - 1, j + 1)) : text.slice(begin, j);
        if (key === undefined) return { verdict: 'not-spec' };
        const judged = judgeKey(key);
        if (judged) return judged;
        expectKey = false;
      }
      i = j;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth++;
      expectKey = depth === 1 && c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
      if (depth <= 0) return { verdict: 'not-spec' };
    } else if (c === 0x2c /* , */ && depth === 1) expectKey = true;
  }
  return undefined;
}

/** True when the JSON text has a depth-1 `openapi` or `swagger` key before any key OpenAPI does not define. */
export function hasDepthOneJsonKey(text: string, from = 0): boolean {
  return scanJsonKeys(text, from)?.verdict === 'spec';
}

function safeJsonString(literal: string): string | undefined {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return undefined;
  }
}
