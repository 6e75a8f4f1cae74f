import type { AuthEvidence, HttpMethod, OperationAuth } from '../../../model/index.js';
import type { ExtractContext } from '../extractor.js';
import { splitTopLevel } from '../split-top-level.js';
import type { JavaAnnotation, JavaFile } from './java-module.js';
import { BoundLists, listInside } from './spring-bound-lists.js';
import type { SpringProperties } from './spring-properties.js';

/** One `requestMatchers(…).access()` step of a `SecurityFilterChain` (or `authorizeRequests()`), in chain order. */
interface MatcherRule {
  method?: HttpMethod;
  /** Ant/MVC patterns; `any` for `anyRequest()`. */
  patterns: string[] | 'any';
  /** A pattern argument that is not a literal (a constant, a `RequestMatcher`): the rule may match any path. */
  unresolved?: string;
  /** Why that argument could not be read, when more is known than its text (a list bound to an unset property). */
  unresolvedWhy?: string;
  /** `web.ignoring()`: the request never reaches the filter chain, so the rule comes before all of the chain's. */
  ignoring?: boolean;
  auth: Omit<OperationAuth, 'evidence'>;
  evidence: AuthEvidence;
}

const MATCHER = /\.(requestMatchers|antMatchers|mvcMatchers|anyRequest)\s*\(/g;
const ACCESS =
  /^\s*\.\s*(permitAll|authenticated|fullyAuthenticated|rememberMe|anonymous|denyAll|hasRole|hasAnyRole|hasAuthority|hasAnyAuthority|access|hasIpAddress)\s*\(/;
/** Text before a matcher call that makes it a `web.ignoring()` pattern (other ignored matchers may come between). */
const IGNORING =
  /\.\s*ignoring\(\s*\)\s*(?:\.\s*(?:antMatchers|requestMatchers|mvcMatchers)\s*\((?:[^()]|\([^()]*\))*\)\s*)*$/;
const HTTP_METHODS = new Set(['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE']);

/** The text between the parenthesis at `open` and its partner, and the index after it (strings and nesting aware). */
function balanced(text: string, open: number): { inner: string; end: number } | undefined {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return { inner: text.slice(open + 1, i), end: i + 1 };
  }
  return undefined;
}

/** A call's arguments as text; `()` has none. */
function splitArgs(inner: string): string[] {
  const parts = splitTopLevel(inner, ',');
  return parts.at(-1) === '' ? parts.slice(0, -1) : parts;
}

/** A role or authority argument: a literal, or an enum constant by its name (`Role.ADMIN.name()` → `ADMIN`). */
function roleName(arg: string): string {
  const literal = /^"([^"]*)"$/.exec(arg);
  if (literal) return literal[1] as string;
  const constant = /(\w+)(?:\.name\(\))?$/.exec(arg.replace(/\s+/g, ''));
  return constant ? (constant[1] as string) : arg;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * String and string-array constants of a file (`private static final String[] WHITE_LIST_URL = {"/api/v1/auth/**",
 * …}`, `static final String API = "/api/**"`), by name: a matcher given one covers the patterns it holds.
 */
function stringConstants(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const arrays = /\bString\s*\[\]\s*(\w+)\s*=\s*(?:new\s+String\s*\[\s*\]\s*)?\{([^{}]*)\}\s*;/g;
  for (const m of text.matchAll(arrays)) {
    const items = splitArgs(m[2] as string);
    const literals = items.map((i) => /^"([^"]*)"$/.exec(i)?.[1]);
    if (literals.every((l) => l !== undefined)) out.set(m[1] as string, literals as string[]);
  }
  // `static final List<String> PUBLIC_PATHS = List.of("/auth/**", …)` (or `Arrays.asList`, `Set.of`).
  const lists =
    /\b(?:List|Set|Collection)\s*<\s*String\s*>\s*(\w+)\s*=\s*(?:List|Set|Arrays)\s*\.\s*(?:of|asList)\s*\(([^()]*)\)\s*;/g;
  for (const m of text.matchAll(lists)) {
    const literals = splitArgs(m[2] as string).map((i) => /^"([^"]*)"$/.exec(i)?.[1]);
    if (literals.every((l) => l !== undefined)) out.set(m[1] as string, literals as string[]);
  }
  for (const m of text.matchAll(/\bfinal\s+String\s+(\w+)\s*=\s*"([^"]*)"\s*;/g))
    out.set(m[1] as string, [m[2] as string]);
  return out;
}

/** Reads the matcher rules of one Java file, in the order the chain applies them (first match wins). */
export function readMatcherRules(
  file: string,
  text: string,
  elsewhere: ReadonlyMap<string, string[]> = new Map(),
  bound?: BoundLists,
): MatcherRule[] {
  const rules: MatcherRule[] = [];
  const ignored: MatcherRule[] = [];
  const constants = new Map([...elsewhere, ...stringConstants(text)]);
  for (const m of text.matchAll(MATCHER)) {
    const open = (m.index ?? 0) + m[0].length - 1;
    const args = balanced(text, open);
    if (args === undefined) continue;
    const access = ACCESS.exec(text.slice(args.end));
    const ignoring =
      access === null &&
      m[1] !== 'anyRequest' &&
      IGNORING.test(text.slice(Math.max(0, (m.index ?? 0) - 2000), m.index));
    if (access === null && !ignoring) continue;
    const accessOpen = access === null ? -1 : args.end + (access[0].length - 1);
    const accessArgs = access === null ? { inner: '' } : balanced(text, accessOpen);
    if (accessArgs === undefined) continue;
    const kind = access === null ? 'ignoring' : (access[1] as string);
    let method: HttpMethod | undefined;
    const patterns: string[] = [];
    let unresolved: string | undefined;
    let unresolvedWhy: string | undefined;
    const from: string[] = [];
    if (m[1] !== 'anyRequest') {
      for (const arg of splitArgs(args.inner)) {
        // `HttpMethod.GET`, or `GET` imported statically.
        const verb = /^(?:HttpMethod\.)?(\w+)$/.exec(arg)?.[1];
        const literal = /^"([^"]*)"$/.exec(arg);
        const constant = constants.get(arg) ?? constants.get(listInside(arg.replace(/\s+/g, '')));
        const isVerb = verb !== undefined && HTTP_METHODS.has(verb);
        const list = isVerb || literal || constant ? undefined : bound?.resolve(arg, text, m.index ?? 0);
        if (isVerb) method = verb as HttpMethod;
        else if (literal) patterns.push(literal[1] as string);
        else if (constant !== undefined) patterns.push(...constant);
        else if (list !== undefined && 'patterns' in list) {
          patterns.push(...list.patterns);
          from.push(list.from);
          // Items whose placeholders the checkout cannot decide may cover any path, as an unread argument may.
          if (list.unresolved !== undefined) {
            unresolved ??= arg;
            unresolvedWhy ??= list.unresolved;
          }
        } else {
          unresolved ??= arg;
          if (list !== undefined) unresolvedWhy ??= list.unresolved;
        }
      }
    }
    // `antMatchers(HttpMethod.OPTIONS)` with no pattern matches every path for that method (a CORS preflight rule).
    if (m[1] !== 'anyRequest' && method !== undefined && splitArgs(args.inner).length === 1) patterns.push('/**');
    const roles = splitArgs(accessArgs.inner).map(roleName);
    const call = access === null ? 'web.ignoring()' : `${kind}(${accessArgs.inner.replace(/\s+/g, ' ').trim()})`;
    const what = `${access === null ? 'ignoring().' : ''}${m[1]}(${args.inner.replace(/\s+/g, ' ').trim()})${access === null ? '' : `.${call}`}${from.length > 0 ? ` with ${from.join(', ')} = [${patterns.join(', ')}]` : ''}`;
    const auth: Omit<OperationAuth, 'evidence'> =
      kind === 'permitAll' || kind === 'anonymous' || kind === 'ignoring'
        ? { state: 'none' }
        : kind === 'access'
          ? /permitAll/.test(accessArgs.inner)
            ? { state: 'none' }
            : { state: 'required' }
          : {
              state: 'required',
              ...(/^has(Any)?(Role|Authority)$/.test(kind) && roles.length > 0 ? { roles } : {}),
              ...(kind === 'denyAll' ? { reason: 'denyAll(): no caller is let through' } : {}),
            };
    (ignoring ? ignored : rules).push({
      ...(method ? { method } : {}),
      patterns: m[1] === 'anyRequest' ? 'any' : patterns,
      ...(unresolved !== undefined ? { unresolved } : {}),
      ...(unresolvedWhy !== undefined ? { unresolvedWhy } : {}),
      ...(ignoring ? { ignoring } : {}),
      auth,
      evidence: { file, line: lineAt(text, m.index ?? 0), what: what.length > 240 ? `${what.slice(0, 237)}...` : what },
    });
  }
  return [...ignored, ...rules];
}

/** Spring's AntPathMatcher / PathPattern, for matching a route template: `**` any depth, `*` and `{x}` one segment. */
function patternMatches(pattern: string, path: string): boolean {
  const route = path.replace(/\{[^}]+\}/g, 'x');
  let re = '';
  const p = pattern.endsWith('/**') ? pattern.slice(0, -3) : pattern;
  for (let i = 0; i < p.length; i++) {
    const c = p[i] as string;
    if (c === '*' && p[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '{') {
      const close = p.indexOf('}', i);
      re += '[^/]+';
      i = close < 0 ? p.length : close;
    } else re += c.replace(/[.+?^$()|[\]\\]/g, '\\$&');
  }
  if (pattern.endsWith('/**')) re += '(/.*)?';
  return new RegExp(`^${re}/?$`).test(route);
}

/** Roles named in a method-security expression (`hasRole('ADMIN')`, `hasAnyAuthority('a', 'b')`). */
function expressionRoles(expression: string): string[] {
  const roles: string[] = [];
  for (const m of expression.matchAll(/has(?:Any)?(?:Role|Authority)\s*\(([^)]*)\)/g))
    for (const r of (m[1] as string).matchAll(/'([^']+)'|"([^"]+)"/g)) roles.push((r[1] ?? r[2]) as string);
  return roles;
}

function annotationText(a: JavaAnnotation): string[] {
  const value = a.args.value;
  if (value === undefined) return [];
  if (value.k === 'str') return [value.v];
  if (value.k === 'list') return value.items.flatMap((i) => (i.k === 'str' ? [i.v] : []));
  return [];
}

/** What the project's Spring Security setup says about each route. */
export class SpringSecurity {
  private constructor(
    private readonly present: { file: string } | undefined,
    private readonly rules: MatcherRule[],
    private readonly hasChain: boolean,
    private readonly methodSecurity: boolean,
  ) {}

  /** Reads the build files for the Spring Security dependency and every Java source for chains and switches. */
  static async read(
    context: ExtractContext,
    javaTexts: ReadonlyMap<string, string>,
    files: readonly JavaFile[] = [],
    properties: SpringProperties = { values: new Map(), uncertain: new Map(), origin: new Map(), problems: [] },
  ): Promise<SpringSecurity> {
    let present: { file: string } | undefined;
    for (const file of [...context.repoFiles].filter((f) => /(^|\/)(pom\.xml|build\.gradle(\.kts)?)$/.test(f)).sort()) {
      const text = await context.read(file);
      if (text !== undefined && /spring-boot-starter-security|spring-security-(config|web)/.test(text)) {
        present = { file };
        break;
      }
    }
    const rules: MatcherRule[] = [];
    let hasChain = false;
    let methodSecurity = false;
    const sorted = [...javaTexts].sort(([a], [b]) => a.localeCompare(b));
    // Constants of other classes, named as the chain names them (`SecurityConstants.PUBLIC_URLS`, or statically
    // imported `PUBLIC_URLS`).
    const elsewhere = new Map<string, string[]>();
    const ambiguous = new Set<string>();
    for (const [file, text] of sorted) {
      const owner =
        /\b(?:class|interface)\s+(\w+)/.exec(text)?.[1] ?? (file.split('/').pop() ?? '').replace(/\.java$/, '');
      for (const [name, patterns] of stringConstants(text)) {
        elsewhere.set(`${owner}.${name}`, patterns);
        // A bare name two classes give different patterns is not read.
        const seen = elsewhere.get(name);
        if (seen === undefined) elsewhere.set(name, patterns);
        else if (seen.join('\n') !== patterns.join('\n')) ambiguous.add(name);
      }
    }
    for (const name of ambiguous) elsewhere.delete(name);
    const bound = new BoundLists(files, properties);
    const ignored: MatcherRule[] = [];
    for (const [file, text] of sorted) {
      if (
        /SecurityFilterChain|WebSecurityConfigurerAdapter|WebSecurityCustomizer|authorizeHttpRequests|authorizeRequests/.test(
          text,
        )
      ) {
        hasChain = true;
        for (const rule of readMatcherRules(file, text, elsewhere, bound)) (rule.ignoring ? ignored : rules).push(rule);
      }
      if (/@Enable(Global|Reactive)?MethodSecurity\b/.test(text)) methodSecurity = true;
      if (present === undefined && /import\s+org\.springframework\.security\./.test(text)) present = { file };
    }
    // Requests `web.ignoring()` matches skip every filter chain, whichever file declares the chain.
    return new SpringSecurity(present, [...ignored, ...rules], hasChain, methodSecurity);
  }

  /** The auth of one route: the first matcher rule that covers it, then the method-security annotations. */
  authOf(method: HttpMethod, path: string, annotations: readonly JavaAnnotation[], file: string): OperationAuth {
    if (this.present === undefined) return { state: 'none', evidence: [] };
    let auth: OperationAuth;
    if (!this.hasChain) {
      auth = {
        state: 'required',
        evidence: [
          { file: this.present.file, line: 1, what: 'Spring Boot security defaults (every request authenticated)' },
        ],
      };
    } else {
      const rule = this.rules.find(
        (r) =>
          (r.method === undefined || r.method === method) &&
          (r.patterns === 'any' || r.unresolved !== undefined || r.patterns.some((p) => patternMatches(p, path))),
      );
      if (rule === undefined)
        auth = { state: 'unknown', evidence: [], reason: 'no matcher of the SecurityFilterChain covers this path' };
      else if (
        rule.unresolved !== undefined &&
        !(rule.patterns !== 'any' && rule.patterns.some((p) => patternMatches(p, path)))
      )
        auth = {
          state: 'unknown',
          evidence: [rule.evidence],
          reason: `matcher argument \`${rule.unresolved}\` could not be read${rule.unresolvedWhy ? ` (${rule.unresolvedWhy})` : ''}; it may or may not cover this path`,
        };
      else auth = { ...rule.auth, evidence: [rule.evidence] };
    }
    return this.withMethodSecurity(auth, annotations, file);
  }

  private withMethodSecurity(auth: OperationAuth, annotations: readonly JavaAnnotation[], file: string): OperationAuth {
    const guards = annotations.filter((a) => ['PreAuthorize', 'Secured', 'RolesAllowed'].includes(a.name));
    if (guards.length === 0) return auth;
    if (!this.methodSecurity)
      return {
        ...auth,
        reason: `${auth.reason ? `${auth.reason}; ` : ''}@${guards[0]?.name} is ignored: method security is not enabled (@EnableMethodSecurity)`,
      };
    const roles = new Set(auth.roles ?? []);
    let demands = false;
    for (const g of guards) {
      const texts = annotationText(g);
      if (g.name === 'PreAuthorize') {
        const expression = texts.join(' ');
        if (/permitAll|isAnonymous/.test(expression) && !/has|isAuthenticated/.test(expression)) continue;
        for (const r of expressionRoles(expression)) roles.add(r);
      } else for (const r of texts) roles.add(r);
      demands = true;
    }
    if (!demands) return auth;
    const evidence = guards.map((g) => ({ file, line: g.line, what: `@${g.name}(${annotationText(g).join(', ')})` }));
    return {
      ...auth,
      state: 'required',
      ...(roles.size > 0 ? { roles: [...roles].sort() } : {}),
      evidence: [...auth.evidence, ...evidence],
    };
  }
}
