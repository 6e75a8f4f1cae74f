/** A HAR document that cannot be read; the message names the line, never the content (it may be personal data). */
export class TrafficParseError extends Error {
  constructor(
    message: string,
    /** 1-based line where the problem starts, when known. */
    readonly line?: number,
    /** The document as a whole is unreadable (not a capture, cut short), not just one entry. */
    readonly fatal = false,
    /** The capture is over a bound (it inflates past the decompression limit): not broken, too big. */
    readonly oversized = false,
  ) {
    super(message);
    this.name = 'TrafficParseError';
  }
}

const QUOTE = 34;
const BACKSLASH = 92;
const LBRACE = 123;
const RBRACE = 125;
const LBRACKET = 91;
const RBRACKET = 93;
const COMMA = 44;
const COLON = 58;
const NEWLINE = 10;
/** Largest HAR entry read, in characters (one entry is held whole while it is parsed). */
const MAX_ENTRY = 256 * 1024 * 1024;

const NAVIGATE = 0;
const BETWEEN_ENTRIES = 1;
const IN_ENTRY = 2;
const AFTER_ENTRIES = 3;

/**
 * An incremental JSON scanner that finds `log.entries` (or a root `entries`) in a HAR document fed chunk by chunk
 * and hands out the text of each entry object as soon as it is complete, so memory holds one entry at a time
 * however large the file. Everything outside the entries is skipped without being kept.
 */
export class HarEntryScanner {
  #mode = NAVIGATE;
  #line = 1;
  // Navigation state: container stack and the key each container sits under.
  #stack: number[] = [];
  #keys: (string | null)[] = [];
  #expectKey = false;
  #currentKey: string | null = null;
  #inString = false;
  #escape = false;
  #stringIsKey = false;
  #keyBuffer = '';
  // Entry capture state.
  #depth = 0;
  #parts: string[] = [];
  #partsLength = 0;
  #entryLine = 0;
  #entries = 0;

  /** Entries handed out so far. */
  get entries(): number {
    return this.#entries;
  }

  /** Scans one chunk; calls `emit` with each complete entry's JSON text and the line it starts on. */
  feed(chunk: string, emit: (entryText: string, line: number) => void): void {
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (this.#mode === IN_ENTRY) {
        i = this.#scanEntry(chunk, i, emit);
        continue;
      }
      const c = chunk.charCodeAt(i);
      if (c === NEWLINE) this.#line++;
      if (this.#mode === BETWEEN_ENTRIES) {
        if (c === LBRACE) {
          this.#mode = IN_ENTRY;
          this.#depth = 0;
          this.#parts = [];
          this.#partsLength = 0;
          this.#entryLine = this.#line;
          continue;
        }
        if (c === RBRACKET) {
          this.#mode = AFTER_ENTRIES;
          this.#stack.pop();
          this.#keys.pop();
        } else if (c !== COMMA && c !== 32 && c !== 9 && c !== 13 && c !== NEWLINE) {
          throw new TrafficParseError(`HAR entry ${this.#entries + 1} is not an object`, this.#line, true);
        }
        i++;
        continue;
      }
      this.#navigate(c);
      i++;
    }
    if (this.#mode === IN_ENTRY && this.#pendingStart < n) {
      this.#parts.push(chunk.slice(this.#pendingStart));
      this.#partsLength += n - this.#pendingStart;
      if (this.#partsLength > MAX_ENTRY) {
        throw new TrafficParseError(`HAR entry ${this.#entries + 1} is larger than 256 MB`, this.#entryLine, true);
      }
    }
    this.#pendingStart = 0;
  }

  #pendingStart = 0;

  #scanEntry(chunk: string, from: number, emit: (entryText: string, line: number) => void): number {
    const n = chunk.length;
    let depth = this.#depth;
    let inString = this.#inString;
    let escaped = this.#escape;
    const start = from;
    this.#pendingStart = start;
    let i = from;
    let nextQuote = -1;
    let nextOpen = -1;
    let nextClose = -1;
    while (i < n) {
      if (inString) {
        // Jump from quote to quote; a quote preceded by an odd run of backslashes is escaped.
        if (escaped) {
          escaped = false;
          i++;
          continue;
        }
        const q = chunk.indexOf('"', i);
        if (q < 0) {
          escaped = trailingBackslashes(chunk, n, i) % 2 === 1;
          i = n;
          break;
        }
        if (trailingBackslashes(chunk, q, i) % 2 === 1) {
          i = q + 1;
          continue;
        }
        inString = false;
        i = q + 1;
        continue;
      }
      // Outside strings only `"`, `{` and `}` matter: jump to the nearest one (positions cached until passed).
      if (nextQuote < i) nextQuote = indexOr(chunk, '"', i, n);
      if (nextOpen < i) nextOpen = indexOr(chunk, '{', i, n);
      if (nextClose < i) nextClose = indexOr(chunk, '}', i, n);
      const next = Math.min(nextQuote, nextOpen, nextClose);
      if (next >= n) {
        i = n;
        break;
      }
      i = next + 1;
      if (next === nextQuote) inString = true;
      else if (next === nextOpen) depth++;
      else {
        depth--;
        if (depth === 0) {
          const piece = chunk.slice(start, next + 1);
          const text = this.#parts.length === 0 ? piece : this.#parts.join('') + piece;
          this.#parts = [];
          this.#partsLength = 0;
          this.#entries++;
          const line = this.#entryLine;
          this.#line += countNewlines(text);
          this.#mode = BETWEEN_ENTRIES;
          this.#depth = 0;
          this.#inString = false;
          this.#escape = false;
          this.#pendingStart = next + 1;
          emit(text, line);
          return next + 1;
        }
      }
    }
    this.#depth = depth;
    this.#inString = inString;
    this.#escape = escaped;
    return n;
  }

  #navigate(c: number): void {
    if (this.#inString) {
      if (this.#escape) {
        this.#escape = false;
        if (this.#stringIsKey) this.#keyBuffer += String.fromCharCode(c);
      } else if (c === BACKSLASH) this.#escape = true;
      else if (c === QUOTE) {
        this.#inString = false;
        if (this.#stringIsKey) this.#currentKey = this.#keyBuffer;
      } else if (this.#stringIsKey && this.#keyBuffer.length < 64) this.#keyBuffer += String.fromCharCode(c);
      return;
    }
    switch (c) {
      case QUOTE:
        this.#inString = true;
        this.#stringIsKey = this.#expectKey && this.#stack[this.#stack.length - 1] === LBRACE;
        this.#keyBuffer = '';
        return;
      case LBRACE:
      case LBRACKET: {
        const parentIsObject = this.#stack[this.#stack.length - 1] === LBRACE;
        this.#keys.push(parentIsObject ? this.#currentKey : null);
        this.#stack.push(c);
        this.#expectKey = c === LBRACE;
        if (c === LBRACKET && this.#mode === NAVIGATE && this.#isEntriesArray()) this.#mode = BETWEEN_ENTRIES;
        return;
      }
      case RBRACE:
      case RBRACKET:
        this.#stack.pop();
        this.#keys.pop();
        this.#expectKey = false;
        return;
      case COMMA:
        this.#expectKey = this.#stack[this.#stack.length - 1] === LBRACE;
        return;
      case COLON:
        this.#expectKey = false;
        return;
      default:
    }
  }

  #isEntriesArray(): boolean {
    const k = this.#keys;
    if (k[k.length - 1] !== 'entries') return false;
    // `{"log": {"entries": [...]}}`, or a bare `{"entries": [...]}`.
    return (k.length === 3 && k[1] === 'log') || k.length === 2;
  }

  /** Checks the document ended cleanly; throws {@link TrafficParseError} otherwise. */
  finish(): void {
    if (this.#mode === IN_ENTRY)
      throw new TrafficParseError(`HAR entry ${this.#entries + 1} is cut short`, this.#entryLine, true);
    if (this.#mode === NAVIGATE && this.#entries === 0) {
      throw new TrafficParseError('not a HAR document: no log.entries array', this.#line, true);
    }
  }
}

function indexOr(chunk: string, char: string, from: number, n: number): number {
  const at = chunk.indexOf(char, from);
  return at < 0 ? n : at;
}

/** Backslashes immediately before `end`, not looking before `from` (a run crossing `from` was handled already). */
function trailingBackslashes(chunk: string, end: number, from: number): number {
  let k = 0;
  while (end - k - 1 >= from && chunk.charCodeAt(end - k - 1) === BACKSLASH) k++;
  return k;
}

function countNewlines(text: string): number {
  let n = 0;
  let i = text.indexOf('\n');
  while (i >= 0) {
    n++;
    i = text.indexOf('\n', i + 1);
  }
  return n;
}
