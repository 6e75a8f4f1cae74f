import { CREDENTIAL_HEADER } from '../auth/auth-signals.js';
import { splitTopLevel } from '../split-top-level.js';
/**
 * A Go handler (net/http, Gin, chi) that checks a credential of the request in its own first statements: `if
 * r.Header.Get("Authorization") == "" { http.Error(w, "unauthorized", http.StatusUnauthorized); return }`, `user, pass,
 * ok := r.BasicAuth(); if !ok || user != want { …401…; return }`, `if _, err := r.Cookie("session"); err != nil {
 * c.AbortWithStatus(http.StatusUnauthorized); return }`. Each `if` is tested as a request without the credential would
 * meet it: the header read is `""`, `BasicAuth`'s `ok` false and its strings empty, `Cookie`'s error set.
 */
export interface GoPrologueOutcome {
  state: 'required' | 'optional';
  /** Line (1-based, in the file) of the `if` that decides. */
  line: number;
  what: string;
}

/** A request read of a credential header, in net/http, Gin or Echo spelling. */
const HEADER_READ = /^(?:\w+\.)*(?:Header\.Get|GetHeader|Header\.Values)\(\s*"([^"]+)"\s*\)$/;
/** An answer that turns the caller away: 401/403 written or aborted with, or 404 hiding the route. */
const REFUSAL = /\b(?:http\.)?Status(?:Unauthorized|Forbidden|NotFound)\b|[(,]\s*40[134]\s*[,)]/;
/** Project checks that, given no credential, find none (`validToken("")`, `checkAuth(user, pass)`). */
const VERIFYING_CALL =
  /^(?:\w+\.)*(?:check|verify|validate|valid|isValid|isAuthori[sz]ed|authenticate|authori[sz]e|ConstantTimeCompare)\w*\(/i;

/** What a name holds for a request without credentials. */
export type Held = 'empty' | 'false' | 'nil' | 'set';

/**
 * How a guard of the `func(w, r) (context.Context, error)` kind (a project middleware a router wrapper runs, stopping
 * the request on its error) is read, beside the handler reading of {@link judgeGoPrologue}.
 */
export interface GoGuardReading {
  /** What a project function called in an assignment returns for a request without credentials, when it can be told. */
  returns: (call: string) => GoReturned | undefined;
}

/** The values of the first `return` a request without credentials reaches, and whether a credential was read on the way. */
export interface GoReturned {
  values: (Held | undefined)[];
  read: boolean;
}

type Cond =
  | { k: 'not'; e: Cond }
  | { k: 'and' | 'or'; items: Cond[] }
  | { k: 'cmp'; op: '==' | '!='; left: string; right: string }
  | { k: 'atom'; text: string };

function parseCond(text: string, depth = 0): Cond {
  const t = text.trim();
  if (depth > 12) return { k: 'atom', text: t };
  const ors = splitTopLevel(t, '||');
  if (ors.length > 1) return { k: 'or', items: ors.map((x) => parseCond(x, depth + 1)) };
  const ands = splitTopLevel(t, '&&');
  if (ands.length > 1) return { k: 'and', items: ands.map((x) => parseCond(x, depth + 1)) };
  if (t.startsWith('!') && !t.startsWith('!=')) return { k: 'not', e: parseCond(t.slice(1), depth + 1) };
  if (t.startsWith('(') && t.endsWith(')') && splitTopLevel(t.slice(1, -1), ')').length === 1)
    return parseCond(t.slice(1, -1), depth + 1);
  for (const op of ['==', '!='] as const) {
    const parts = splitTopLevel(t, op);
    if (parts.length === 2) return { k: 'cmp', op, left: parts[0] as string, right: parts[1] as string };
  }
  return { k: 'atom', text: t };
}

/** What an expression's text holds for a request without credentials, undefined when it cannot be told. */
function held(text: string, env: ReadonlyMap<string, Held>, reads: string[]): Held | undefined {
  const t = text.trim();
  if (t === '""' || t === '``') return 'empty';
  if (t === 'nil') return 'nil';
  if (t === '0') return 'empty';
  if (t === 'false') return 'false';
  const bound = env.get(t);
  if (bound !== undefined) {
    reads.push(t);
    return bound;
  }
  const header = HEADER_READ.exec(t);
  if (header && CREDENTIAL_HEADER.test(header[1] as string)) {
    reads.push(t);
    return 'empty';
  }
  // `strings.TrimPrefix(token, "Bearer ")`, `strings.TrimSpace(h)`: nothing left of nothing; `len(token)` is 0;
  // `strings.HasPrefix(token, "Bearer ")` is false.
  const call = /^(strings\.\w+|len)\((.*)\)$/s.exec(t);
  const first = call === null ? undefined : splitTopLevel(call[2] as string, ',')[0];
  if (call !== null && first !== undefined && held(first, env, reads) === 'empty') {
    if (/^strings\.(?:TrimPrefix|TrimSuffix|TrimSpace|ToLower|ToUpper|Trim)$|^len$/.test(call[1] as string))
      return 'empty';
    if (/^strings\.(?:HasPrefix|HasSuffix|Contains|EqualFold)$/.test(call[1] as string)) return 'false';
  }
  if (VERIFYING_CALL.test(t)) {
    const args = /\((.*)\)$/.exec(t)?.[1] ?? '';
    if (splitTopLevel(args, ',').some((a) => held(a, env, reads) === 'empty')) return 'false';
  }
  if (/^"[^"]+"$/.test(t) || (/^\d+$/.test(t) && t !== '0')) return 'set';
  return undefined;
}

function holds(c: Cond, env: ReadonlyMap<string, Held>, reads: string[]): boolean | undefined {
  switch (c.k) {
    case 'not': {
      const v = holds(c.e, env, reads);
      return v === undefined ? undefined : !v;
    }
    case 'and': {
      const vs = c.items.map((i) => holds(i, env, reads));
      return vs.includes(false) ? false : vs.every((v) => v === true) ? true : undefined;
    }
    case 'or': {
      const vs = c.items.map((i) => holds(i, env, reads));
      return vs.includes(true) ? true : vs.every((v) => v === false) ? false : undefined;
    }
    case 'atom': {
      const v = held(c.text, env, reads);
      return v === 'false' ? false : undefined;
    }
    case 'cmp': {
      const l = held(c.left, env, reads);
      const r = held(c.right, env, reads);
      if (l === undefined && r === undefined) return undefined;
      const known = l ?? r;
      const other = l === undefined ? c.left : r === undefined ? c.right : undefined;
      let equal: boolean | undefined;
      if (other !== undefined) {
        // A missing credential compared with an expected value (`"Bearer "+token`, a configured key): unequal.
        if (known === 'empty' || known === 'false' || known === 'nil') equal = false;
      } else if (l === r) equal = true;
      else if (l !== undefined && r !== undefined) equal = false;
      if (equal === undefined) return undefined;
      return c.op === '==' ? equal : !equal;
    }
  }
}

/** The statements (as line ranges) of a block between `from` and its closing brace, at the block's own depth. */
interface Block {
  lines: string[];
  /** Index in `lines` of the line after the closing brace, and the text after `}` on it (`else {`). */
  end: number;
  tail: string;
}

function blockFrom(lines: readonly string[], open: number): Block | undefined {
  let depth = 0;
  for (let i = open; i < lines.length && i < open + 200; i++) {
    const line = lines[i] as string;
    for (let j = 0; j < line.length; j++) {
      const ch = line[j];
      if (ch === '{') depth++;
      else if (ch === '}') {
        depth--;
        if (depth === 0) return { lines: lines.slice(open + 1, i), end: i + 1, tail: line.slice(j + 1).trim() };
      }
    }
  }
  return undefined;
}

/** Whether a block answers with a refusal and stops (`http.Error(w, …, 401)` then `return`, `c.AbortWithStatus(401)`). */
function refuses(block: readonly string[]): string | undefined {
  const text = block.join('\n');
  if (!REFUSAL.test(text)) return undefined;
  if (!/\breturn\b|\bAbort\w*\(/.test(text)) return undefined;
  return block.find((l) => REFUSAL.test(l))?.trim();
}

/** Assignments worth following: `token := r.Header.Get("Authorization")`, `u, p, ok := r.BasicAuth()`, `_, err := r.Cookie("x")`. */
function assign(line: string, env: Map<string, Held>, reads: string[], guard?: GoGuardReading): void {
  const m = /^\s*(?:var\s+)?([\w\s,]+?)\s*:?=\s*(.+?)\s*$/.exec(line);
  if (m === null) return;
  const names = (m[1] as string).split(',').map((n) => n.trim());
  const value = m[2] as string;
  // `token, err := extractBearerToken(r)`: what the project function returns when the header is missing.
  const returned = guard !== undefined && /^[\w.]+\(.*\)$/s.test(value) ? guard.returns(value) : undefined;
  if (returned?.read === true && returned.values.length === names.length) {
    reads.push(value);
    names.forEach((name, i) => {
      const v = returned.values[i];
      if (v === undefined) env.delete(name);
      else env.set(name, v);
    });
    return;
  }
  if (/\.BasicAuth\(\)$/.test(value) && names.length === 3) {
    reads.push(value);
    env.set(names[0] as string, 'empty');
    env.set(names[1] as string, 'empty');
    env.set(names[2] as string, 'false');
    return;
  }
  const cookie = /\.Cookie\(\s*"([^"]+)"\s*\)$/.exec(value);
  if (cookie && names.length === 2) {
    reads.push(value);
    // net/http's `(*http.Cookie, error)` and Gin's `(string, error)`: nothing, and an error.
    env.set(names[0] as string, /\bc\.Cookie|ctx\.Cookie/.test(value) ? 'empty' : 'nil');
    env.set(names[1] as string, 'set');
    return;
  }
  if (names.length === 1) {
    const before = reads.length;
    const v = held(value, env, reads);
    const name = names[0] as string;
    // Only a value made from a credential read stands for the missing credential.
    if (reads.length > before && (v === 'empty' || v === 'false' || v === 'nil')) env.set(name, v);
    else env.delete(name);
  }
}

/** The verdict of a Go handler's own first statements for a request without credentials, or undefined. */
export function judgeGoPrologue(fnText: string, firstLine: number): GoPrologueOutcome | undefined {
  return walk(fnText, firstLine).outcome;
}

/**
 * The verdict of a guard returning `(context.Context, error)` for a request without credentials: one that reads a
 * credential and then reaches a `return …, nil` lets the request on (`if bearerToken == "" { return ctx, nil }`,
 * the token from a project helper that returns `"", nil` when the `Authorization` header is empty): optional, even
 * when it refuses a credential sent and wrong. Undefined when the reading cannot tell.
 */
export function judgeGoGuard(fnText: string, firstLine: number, guard: GoGuardReading): GoPrologueOutcome | undefined {
  const { outcome, returned, returnLine } = walk(fnText, firstLine, guard);
  if (outcome !== undefined) return outcome;
  if (returned?.read === true && returned.values.at(-1) === 'nil' && returnLine !== undefined)
    return { state: 'optional', line: returnLine, what: 'lets a request without credentials on (returns a nil error)' };
  return undefined;
}

/** What a project function returns for a request without credentials: the first `return` its statements reach. */
export function goReturnedWithoutCredential(fnText: string, guard: GoGuardReading): GoReturned | undefined {
  return walk(fnText, 0, guard).returned;
}

/** The values a `return` line gives, as held for a request without credentials. */
function returnedBy(line: string, env: ReadonlyMap<string, Held>, reads: string[]): GoReturned {
  const text = line
    .trim()
    .replace(/^return\b/, '')
    .trim();
  const values = text === '' ? [] : splitTopLevel(text, ',').map((v) => held(v, env, reads));
  return { values, read: reads.length > 0 };
}

/** The `return` that ends a block's own statements (not one nested deeper), if any. */
function blockReturn(block: readonly string[]): string | undefined {
  let depth = 0;
  for (const line of block) {
    if (depth === 0 && /^\s*return\b/.test(line)) return line;
    for (const ch of line) depth += ch === '{' ? 1 : ch === '}' ? -1 : 0;
  }
  return undefined;
}

function walk(
  fnText: string,
  firstLine: number,
  guard?: GoGuardReading,
): { outcome?: GoPrologueOutcome; returned?: GoReturned; returnLine?: number } {
  const lines = fnText.split('\n');
  const open = lines.findIndex((l) => l.includes('{'));
  const body = open < 0 ? undefined : blockFrom(lines, open);
  if (body === undefined) return {};
  const env = new Map<string, Held>();
  const reads: string[] = [];
  let optional: GoPrologueOutcome | undefined;
  let statements = 0;
  const done = (line: string, at: number) => ({
    ...(optional ? { outcome: optional } : {}),
    returned: returnedBy(line, env, reads),
    returnLine: at,
  });
  for (let i = 0; i < body.lines.length && statements < 15; i++) {
    const line = body.lines[i] as string;
    if (line.trim() === '' || line.trim().startsWith('//')) continue;
    statements++;
    const at = firstLine + open + 1 + i;
    const ifLine = /^\s*if\s+(?:(.+?);\s*)?(.+?)\s*\{\s*$/.exec(line);
    if (ifLine === null) {
      if (/^\s*return\b/.test(line)) return done(line, at);
      assign(line, env, reads, guard);
      continue;
    }
    if (ifLine[1] !== undefined) assign(ifLine[1], env, reads, guard);
    const block = blockFrom(body.lines, i);
    if (block === undefined) return optional ? { outcome: optional } : {};
    const before = reads.length;
    const cond = parseCond(ifLine[2] as string);
    const v = holds(cond, env, reads);
    const credential = reads.length > before;
    const refusal = refuses(block.lines);
    if (credential && refusal !== undefined) {
      if (v === true) return { outcome: { state: 'required', line: at, what: `if ${ifLine[2]} → ${refusal}` } };
      // Refused only when a credential is sent and wrong: a request without one goes on.
      if (v === false)
        optional ??= { state: 'optional', line: at, what: `refuses only a credential sent: if ${ifLine[2]}` };
    }
    // `} else {` after a test a missing credential fails: the else refuses it.
    if (credential && v === false && /^else\s*\{$/.test(block.tail)) {
      const alt = blockFrom(body.lines, block.end - 1);
      const altRefusal = alt === undefined ? undefined : refuses(alt.lines);
      if (altRefusal !== undefined)
        return { outcome: { state: 'required', line: at, what: `if ${ifLine[2]} … else → ${altRefusal}` } };
    }
    // A guard's branch taken without credentials that returns ends the reading there (`return "", nil`).
    const ends = guard !== undefined && v === true && /^\s*$/.test(block.tail) ? blockReturn(block.lines) : undefined;
    if (ends !== undefined) return done(ends, firstLine + open + 1 + i + 1 + block.lines.indexOf(ends));
    i = block.end - 1;
  }
  return optional ? { outcome: optional } : {};
}
