/**
 * Cheap test for an OpenAPI/Swagger entry document, run on every YAML/JSON candidate before a full parse:
 * a top-level `openapi` or `swagger` key, wherever it stands in the file.
 */
export function hasTopLevelSpecKey(text: string): boolean {
  const start = firstSignificant(text);
  if (start < text.length && text.charCodeAt(start) === 0x7b /* { */) return hasDepthOneJsonKey(text, start);
  return YAML_TOP_KEY.test(text);
}

/**
 * A block-mapping key at column 0: structural in block YAML (block scalar content is indented), so no parse is
 * needed. Plain, single- or double-quoted spelling.
 */
const YAML_TOP_KEY = /^(?:openapi|swagger|"openapi"|"swagger"|'openapi'|'swagger')[ \t]*:/m;
const SPEC_KEYS = new Set(['openapi', 'swagger']);

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
 * A small streaming tokenizer over JSON text: tracks depth through objects and arrays, skips strings (escapes
 * included) and stops at the first depth-1 object key named `openapi` or `swagger`. No value is built, so a
 * minified multi-megabyte document is scanned in one pass without allocation.
 */
export function hasDepthOneJsonKey(text: string, from = 0): boolean {
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
      if (depth === 1 && expectKey) {
        const key = escaped ? safeJsonString(text.slice(begin - 1, j + 1)) : text.slice(begin, j);
        if (key !== undefined && SPEC_KEYS.has(key)) return true;
        expectKey = false;
      }
      i = j;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth++;
      expectKey = depth === 1 && c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
      if (depth <= 0) return false;
    } else if (c === 0x2c /* , */ && depth === 1) expectKey = true;
  }
  return false;
}

function safeJsonString(literal: string): string | undefined {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return undefined;
  }
}
