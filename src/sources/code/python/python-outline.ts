/**
 * The outline of a Python file: its text with the bodies of functions blanked out, line numbers kept.
 *
 * A module that the analysis reaches only to look names up (a service, a helper, a models package) is mostly
 * function bodies, and parsing them costs more than anything else the analysis does. The outline keeps everything a
 * name lookup reads — imports, module-level statements, class bodies, decorators and signatures — so it parses in a
 * fraction of the time; a body is read later, alone, when the analysis follows a call into that function.
 *
 * This is a line scanner, not a parser: it tracks strings, brackets, comments and continuation lines only to know
 * where logical lines start and how far they are indented. Anything it is unsure of (tabs in indentation, lone `\r`,
 * form feeds) makes it give up, and the caller parses the whole file.
 */

/** A function whose body the outline blanked. Rows are 0-based, as tree-sitter counts them. */
export interface BlankedBody {
  /** Row of the `def` keyword line. */
  defRow: number;
  /** First row of the definition: its first decorator, or the `def` line. */
  startRow: number;
  /** Rows of the body, inclusive; the outline has `pass` on the first one and nothing on the rest. */
  bodyRows: [number, number];
  /**
   * Header rows of the classes the function is defined in, outermost first ([] at module level); undefined when a
   * block other than a class encloses it (an `if` or `try` at module level), so it cannot be parsed alone.
   */
  classHeaders?: [number, number][];
  /** The body's text as written, to tell which names it could bind. */
  text: string;
  /** Whether the body has import statements (the outline keeps them). */
  imports: boolean;
}

/**
 * A body being scanned: what its logical lines say, to keep the imports among them. Only import lines are kept one
 * by one (most lines of a file are in bodies, and none of the others is needed).
 */
interface ScannedBody {
  defIndent: number;
  blank: BlankedBody;
  /** How many logical lines the body has so far. */
  lines: number;
  /** The indent of its first logical line. */
  indent: number;
  /** Its import statements: first row, indent, and the row before the next logical line (once known). */
  imports: { row: number; indent: number; lastRow?: number }[];
}

/** A statement at the top level of the file, its decorators included. Rows are 0-based and inclusive. */
export interface TopStatement {
  rows: [number, number];
  /** What its first line (after decorators) is: a function, a class, an import statement, or anything else. */
  kind: 'def' | 'class' | 'import' | 'other';
}

export interface PythonOutline {
  /** The file with each blanked body replaced by `pass` and empty lines. */
  readonly text: string;
  /** The lines of {@link text}. */
  lines: string[];
  /** The lines of the file outlined. */
  sourceLines: string[];
  bodies: BlankedBody[];
  /** The file's top-level statements in order, each up to the next one (blank and comment lines included). */
  statements: TopStatement[];
  /** Rows where a function's header ends in its whole body (`def f(): return 1`), which the outline keeps. */
  oneLiners: number[];
}

/** Clauses that continue the compound statement before them at the same indentation. */
const CONTINUATION = /^(?:elif|else|except|finally)\b/;

/** What a logical line opens: a function, a class, or another compound statement. */
interface OpenBlock {
  kind: 'def' | 'class' | 'other';
  indent: number;
  headerRows: [number, number];
}

const COMPOUND = /^(?:if|elif|else|for|while|try|except|finally|with|match|case|async\s+(?:for|with))\b/;
const DEF = /^(?:async\s+)?def\s/;
const CLASS = /^class\s/;
/**
 * An import inside a function binds a module name like any other: the outline keeps a body's import statements, and
 * a body with an `import` word anywhere else (a nested block, a string) stays whole.
 */
const IMPORT = /\bimport\b/g;
const IMPORT_STATEMENT = /^(?:import|from)\s/;
/** Characters the scanner acts on outside strings. */
const SPECIAL = /["'#()[\]{}\\:]/g;

/**
 * Outlines a file, or returns undefined when the scanner cannot be sure of the file's blocks (the caller then parses
 * it whole).
 */
export function outlinePython(text: string): PythonOutline | undefined {
  if (/\r(?!\n)|\f|\v/.test(text)) return undefined;
  const lines = text.split('\n');
  /** Where each line starts in `text`: a body's text is then one slice of it. */
  const lineStarts: number[] = new Array(lines.length + 1);
  lineStarts[0] = 0;
  for (let r = 0; r < lines.length; r++)
    lineStarts[r + 1] = (lineStarts[r] as number) + (lines[r] as string).length + 1;
  const bodies: BlankedBody[] = [];
  const blocks: OpenBlock[] = [];
  // Scanner state carried across lines.
  let depth = 0;
  let quote: string | undefined; // the closing delimiter of the string we are in: ' " ''' """
  let continued = false;
  // The body being blanked (or kept whole) and the indent of its `def`.
  let inBody: ScannedBody | undefined;
  const scanned: { body: ScannedBody; keep: [number, number][] | undefined }[] = [];
  // A `def` or `class` whose header (up to its `:`) is still being read.
  let header: { block: OpenBlock; decoratorRow: number } | undefined;
  let decoratorRow: number | undefined;
  const starts: { row: number; kind?: TopStatement['kind'] }[] = [];
  const oneLiners: number[] = [];

  const endBody = (lastRow: number) => {
    if (inBody !== undefined) {
      const b = inBody.blank;
      b.bodyRows = [b.bodyRows[0], lastRow];
      if (lastRow >= b.bodyRows[0] && inBody.lines > 0)
        scanned.push({ body: inBody, keep: importRows(inBody, lastRow) });
    }
    inBody = undefined;
  };

  for (let row = 0; row < lines.length; row++) {
    const line = lines[row] as string;
    let i = 0;
    const logicalStart = depth === 0 && quote === undefined && !continued;
    continued = false;
    if (logicalStart && header === undefined) {
      while (line.charCodeAt(i) === 32) i++;
      if (line.charCodeAt(i) === 9) return undefined;
      const rest = line.endsWith('\r') ? line.slice(i, line.length - 1) : line.slice(i);
      if (rest !== '' && !rest.startsWith('#')) {
        const indent = i;
        // A top-level statement starts here unless decorators before it or the compound statement it continues do.
        if (indent === 0) {
          if (decoratorRow === undefined && !CONTINUATION.test(rest)) starts.push({ row });
          const open = starts[starts.length - 1];
          if (open !== undefined && open.kind === undefined && !rest.startsWith('@'))
            open.kind = DEF.test(rest)
              ? 'def'
              : CLASS.test(rest)
                ? 'class'
                : IMPORT_STATEMENT.test(rest)
                  ? 'import'
                  : 'other';
        }
        if (inBody !== undefined && indent <= inBody.defIndent) endBody(row - 1);
        if (inBody !== undefined) {
          const open = inBody.imports[inBody.imports.length - 1];
          if (open !== undefined && open.lastRow === undefined) open.lastRow = row - 1;
          if (inBody.lines++ === 0) inBody.indent = indent;
          if (IMPORT_STATEMENT.test(rest)) inBody.imports.push({ row, indent });
        } else {
          while (blocks.length > 0 && (blocks[blocks.length - 1] as OpenBlock).indent >= indent) blocks.pop();
          if (rest.startsWith('@')) decoratorRow ??= row;
          else {
            const kind = DEF.test(rest)
              ? 'def'
              : CLASS.test(rest)
                ? 'class'
                : COMPOUND.test(rest)
                  ? 'other'
                  : undefined;
            if (kind !== undefined) {
              header = { block: { kind, indent, headerRows: [row, row] }, decoratorRow: decoratorRow ?? row };
            }
            decoratorRow = undefined;
          }
        }
      }
    }
    // Tokenise the rest of the line: strings, brackets, comments, a header's closing colon, a continuation. Plain
    // text between those is skipped with one search each.
    const lineEnd = line.endsWith('\r') ? line.length - 1 : line.length;
    while (i < lineEnd) {
      if (quote !== undefined) {
        // A backslash escapes the next character, in raw strings too (`r"\""` is one string).
        const close = line.indexOf(quote, i);
        const backslash = line.indexOf('\\', i);
        if (backslash >= 0 && (close < 0 || backslash < close)) {
          i = backslash + 2;
          continue;
        }
        if (close < 0) break;
        i = close + quote.length;
        quote = undefined;
        continue;
      }
      SPECIAL.lastIndex = i;
      // `test` moves `lastIndex` as `exec` does, without making a match array per special character.
      if (!SPECIAL.test(line)) break;
      i = SPECIAL.lastIndex - 1;
      const c = line[i] as string;
      i++;
      if (c === '#') break;
      if (c === '"' || c === "'") {
        quote = line.startsWith(c + c, i) ? c.repeat(3) : c;
        i += quote.length - 1;
      } else if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
      else if (c === '\\') {
        if (i === lineEnd) continued = true;
      } else if (c === ':' && depth === 0 && header !== undefined && line[i] !== '=') {
        const { block, decoratorRow: startRow } = header;
        block.headerRows = [block.headerRows[0], row];
        header = undefined;
        const after = line.slice(i).trim();
        const oneLiner = after !== '' && !after.startsWith('#');
        if (block.kind === 'def' && !oneLiner) {
          const enclosing = blocks.every((b) => b.kind === 'class') ? blocks.map((b) => b.headerRows) : undefined;
          inBody = {
            defIndent: block.indent,
            lines: 0,
            indent: 0,
            imports: [],
            blank: {
              defRow: block.headerRows[0],
              startRow,
              bodyRows: [row + 1, row + 1],
              ...(enclosing ? { classHeaders: enclosing } : {}),
              text: '', // the body's rows, once it ends
              imports: false,
            },
          };
        } else if (!oneLiner) blocks.push(block);
        else if (block.kind === 'def') oneLiners.push(row);
      }
    }
    // A single-quoted string cannot span lines without a backslash; a triple-quoted one can.
    if (quote !== undefined && quote.length === 1 && line[lineEnd - 1] !== '\\') quote = undefined;
    // A logical line that ended without the colon of its header: not a compound statement after all (`match = 1`),
    // or, for `def` and `class`, a file the scanner does not understand.
    if (header !== undefined && depth === 0 && quote === undefined && !continued) {
      if (header.block.kind !== 'other') return undefined;
      header = undefined;
    }
  }
  if (quote !== undefined || header !== undefined) return undefined;
  endBody(lines.length - 1);
  const out = lines.slice();
  for (const { body, keep } of scanned) {
    const b = body.blank;
    b.text = text.slice(lineStarts[b.bodyRows[0]], (lineStarts[b.bodyRows[1] + 1] as number) - 1);
    // Every `import` of the body must be in an import statement the outline keeps; else the body stays whole.
    if (keep === undefined) continue;
    const kept = keep.map(([a, z]) => lines.slice(a, z + 1).join('\n'));
    if (count(IMPORT, b.text) !== kept.reduce((n, t) => n + count(IMPORT, t), 0)) continue;
    const [first, last] = b.bodyRows;
    for (let r = first; r <= last; r++) if (!keep.some(([a, z]) => r >= a && r <= z)) out[r] = '';
    b.imports = keep.length > 0;
    if (keep.length === 0) out[first] = `${' '.repeat(body.indent)}pass`;
    bodies.push(b);
  }
  const statements = starts.map(
    (s, i): TopStatement => ({ rows: [s.row, (starts[i + 1]?.row ?? lines.length) - 1], kind: s.kind ?? 'other' }),
  );
  return {
    get text() {
      return out.join('\n');
    },
    lines: out,
    sourceLines: lines,
    bodies,
    statements,
    oneLiners,
  };
}

/** How many times a global pattern matches. */
function count(pattern: RegExp, text: string): number {
  return text.match(pattern)?.length ?? 0;
}

/**
 * The rows of a body's import statements, which the outline keeps (imports inside functions bind module names too):
 * each from its first row up to the next logical line. Undefined when an import is not at the body's own indentation
 * (inside an `if` or `try` of the body), where keeping it alone would not parse.
 */
function importRows(body: ScannedBody, lastRow: number): [number, number][] | undefined {
  const out: [number, number][] = [];
  for (const line of body.imports) {
    if (line.indent !== body.indent) return undefined;
    out.push([line.row, line.lastRow ?? lastRow]);
  }
  return out;
}
