import { type Expr, renderExpr } from '../tree-sitter/expr.js';
import type { JavaAnnotation, JavaClass, JavaFile } from './java-module.js';
import { propertyList, resolvePlaceholders, type SpringProperties } from './spring-properties.js';

/**
 * What a matcher argument that names a configured list holds: its patterns (and, when some of its items could not be
 * read, why), or why none could be read.
 */
export type BoundList = { patterns: string[]; from: string; unresolved?: string } | { unresolved: string };

const COLLECTIONS = new Set(['List', 'Set', 'Collection', 'ArrayList', 'LinkedList', 'HashSet', 'Iterable']);

/** `List<String>`, `Set<String>` and `String[]` (lowered as `List<String>`). */
function isStringList(type: Expr): boolean {
  return (
    type.k === 'sub' &&
    type.value.k === 'name' &&
    COLLECTIONS.has(type.value.id) &&
    type.args.length === 1 &&
    type.args[0]?.k === 'name' &&
    type.args[0].id === 'String'
  );
}

/** The prefix a `@ConfigurationProperties("…")` or `@ConfigurationProperties(prefix = "…")` binds. */
function bindingPrefix(annotations: readonly JavaAnnotation[]): string | undefined {
  const binding = annotations.find((a) => a.name === 'ConfigurationProperties');
  const prefix = binding?.args.prefix ?? binding?.args.value;
  return prefix?.k === 'str' ? prefix.v : undefined;
}

function simpleType(type: Expr): string | undefined {
  return type.k === 'name' ? type.id : undefined;
}

/** The expression a call chain ending just before `end` is made of (`config.getIgnores().getGet()` before `.forEach`). */
function receiverBefore(text: string, end: number): string {
  let i = end - 1;
  while (i >= 0) {
    const c = text[i] as string;
    if (c === ')') {
      let depth = 0;
      for (; i >= 0; i--) {
        if (text[i] === ')') depth++;
        else if (text[i] === '(' && --depth === 0) break;
      }
      i--;
    } else if (/[\w.$]/.test(c)) i--;
    else if (/\s/.test(c) && /^\s*\./.test(text.slice(i, end))) i--;
    else break;
  }
  return text.slice(i + 1, end).replace(/\s+/g, '');
}

/** The argument text of the call whose `(` is at `open`, up to its partner. */
function argumentAt(text: string, open: number): string | undefined {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return text.slice(open + 1, i);
  }
  return undefined;
}

/**
 * Lists of URL patterns the security configuration takes from the application's configuration rather than writing
 * them out: a `@ConfigurationProperties(prefix = "secure.ignored")` class holding `List<String> urls` (or `String[]`,
 * or a nested class of such lists), filled from application.yml / .properties, or a `@Value("${…}") String[]` field.
 * The chain reaches them through getters (`ignoreUrlsConfig.getUrls()`), a loop or `forEach` variable over them, or a
 * local array holding them; each is followed back to the property and read from the committed files.
 */
export class BoundLists {
  private readonly classes = new Map<string, JavaClass>();
  private readonly prefixes = new Map<string, string>();

  constructor(
    files: readonly JavaFile[],
    private readonly properties: SpringProperties,
  ) {
    for (const file of files) {
      for (const cls of file.classes) {
        if (!this.classes.has(cls.name)) this.classes.set(cls.name, cls);
        const prefix = bindingPrefix(cls.annotations);
        if (prefix !== undefined && !this.prefixes.has(cls.name)) this.prefixes.set(cls.name, prefix);
        // A `@Bean @ConfigurationProperties(prefix = …)` factory method binds the class it returns.
        for (const method of cls.methods) {
          const bound = bindingPrefix(method.annotations);
          const type = simpleType(method.returns);
          if (bound !== undefined && type !== undefined && !this.prefixes.has(type)) this.prefixes.set(type, bound);
        }
      }
    }
  }

  /** The list a matcher argument written at `at` in `text` names, or `undefined` when it names none of these. */
  resolve(arg: string, text: string, at: number, depth = 0): BoundList | undefined {
    if (depth > 4) return undefined;
    const expr = listInside(arg.replace(/\s+/g, ''));
    const chain = /^(?:this\.)?(\w+)(\(\))?((?:\.get\w+\(\))+)$/.exec(expr);
    if (chain)
      return this.fromGetters(
        expr,
        chain[1] as string,
        chain[2] !== undefined,
        (chain[3] as string).match(/\.get\w+\(\)/g) ?? [],
        text,
      );
    if (!/^\w+$/.test(expr)) return undefined;
    const source = this.sourceOf(expr, text, at);
    if (source !== undefined) return this.resolve(source.expr, text, source.at, depth + 1);
    const value = new RegExp(String.raw`@Value\(\s*"\$\{([^}:]+)(?::[^}]*)?\}"\s*\)[^;]*?\b${expr}\s*[;=]`).exec(text);
    if (value) return this.fromProperty(value[1] as string, `@Value("\${${value[1]}}") ${expr}`);
    return undefined;
  }

  /**
   * Where a bare name takes its list from, nearest before its use: `for (String url : list)`, `list.forEach(url ->`,
   * or `String[] urls = list;`.
   */
  private sourceOf(name: string, text: string, at: number): { expr: string; at: number } | undefined {
    const before = text.slice(0, at);
    let best: { expr: string; at: number } | undefined;
    const consider = (expr: string | undefined, index: number) => {
      if (expr !== undefined && expr !== '' && (best === undefined || index > best.at)) best = { expr, at: index };
    };
    for (const m of before.matchAll(
      new RegExp(String.raw`\bfor\s*\(\s*(?:final\s+)?(?:String|var)\s+${name}\s*:`, 'g'),
    )) {
      const open = before.lastIndexOf('(', (m.index ?? 0) + m[0].length);
      consider(
        argumentAt(text, open)
          ?.replace(/^[^:]*:/, '')
          .trim(),
        m.index ?? 0,
      );
    }
    for (const m of before.matchAll(
      new RegExp(String.raw`\.forEach\(\s*(?:\(\s*(?:String\s+)?${name}\s*\)|(?:String\s+)?${name})\s*->`, 'g'),
    ))
      consider(receiverBefore(text, m.index ?? 0), m.index ?? 0);
    for (const m of before.matchAll(
      new RegExp(
        String.raw`(?:String\s*\[\s*\]|(?:List|Set|Collection)\s*<\s*String\s*>)\s+${name}\s*=\s*([^;]+);`,
        'g',
      ),
    ))
      consider(m[1]?.trim(), m.index ?? 0);
    return best;
  }

  private fromGetters(
    expr: string,
    root: string,
    called: boolean,
    getters: string[],
    text: string,
  ): BoundList | undefined {
    // The root's declared type: a field or a constructor parameter of the configuration class, or the return type of
    // its `@Bean` method when the chain starts with a call (`ignoreUrlsConfig().getUrls()`).
    const declared = called
      ? String.raw`\b([A-Z]\w*)\s+${root}\s*\(\s*\)\s*\{`
      : String.raw`\b([A-Z]\w*)\s+${root}\s*[;,)=]`;
    let type = new RegExp(declared).exec(text)?.[1];
    let prefix = type === undefined ? undefined : this.prefixes.get(type);
    if (type === undefined || prefix === undefined) return undefined;
    for (const [i, getter] of getters.entries()) {
      const property = getter.slice(4, -2);
      const fieldName = property.charAt(0).toLowerCase() + property.slice(1);
      const field: JavaClass['fields'][number] | undefined = this.classes
        .get(type)
        ?.fields.find((f) => f.name === fieldName && !f.isStatic);
      if (field === undefined) return { unresolved: `${expr}: ${type} has no field ${fieldName}` };
      const key: string = `${prefix}.${fieldName}`;
      if (isStringList(field.type))
        return i === getters.length - 1 ? this.fromProperty(key, `${type}.${fieldName}`, field.value) : undefined;
      const next = simpleType(field.type);
      if (next === undefined || !this.classes.has(next)) return undefined;
      type = next;
      prefix = key;
    }
    return undefined;
  }

  private fromProperty(key: string, via: string, initial?: Expr): BoundList {
    const list = propertyList(this.properties, key);
    const bound = `${via} is bound from \`${key}\``;
    const emptyByDefault = initial !== undefined && EMPTY.test(renderExpr(initial, true).replace(/\s+/g, ''));
    // Unset, a field that starts as an empty collection stays empty: the matcher adds no pattern.
    if (list === undefined && emptyByDefault)
      return { patterns: [], from: `${key} (${via}, set by no committed file, empty by default)` };
    if (list === undefined)
      return { unresolved: `${bound}, which no committed application*.yml or .properties file sets` };
    // A list only an inactive profile (or one of two disagreeing modules) sets is not the checkout's to decide: the
    // field's own empty start is what runs without that profile, as a placeholder's default is.
    if (list.uncertain !== undefined && emptyByDefault)
      return { patterns: [], from: `${key} (${via}, ${list.uncertain}, empty by default)` };
    if (list.uncertain !== undefined) return { unresolved: `${bound}, ${list.uncertain}` };
    const patterns: string[] = [];
    const unread: string[] = [];
    for (const item of list.items) {
      const pattern = resolvePlaceholders(item, this.properties);
      if (pattern.unresolved === undefined) patterns.push(pattern.known);
      else unread.push(`${item} needs ${pattern.unresolved}`);
    }
    const from = `${key} (${via})`;
    return unread.length === 0
      ? { patterns, from }
      : { patterns, from, unresolved: `${bound}, whose item ${unread.join(', ')}` };
  }
}

/** Initialisers of an empty collection or array: `new ArrayList<>()`, `Lists.newArrayList()`, `new String[0]`, `{}`. */
const EMPTY =
  /^(?:new(?:java\.util\.)?\w*(?:List|Set)(?:<[^>]*>)?\(\)|(?:\w+\.)*(?:newArrayList|newHashSet|newLinkedList|emptyList|emptySet|of)\(\)|newString\[0?\](?:\{\})?|\{\}|\[\])$/;

/** The list inside array/collection conversions: `x.toArray(new String[0])`, `ArrayUtil.toArray(x, String.class)`. */
export function listInside(expr: string): string {
  let e = expr;
  for (let i = 0; i < 4; i++) {
    const next = e
      .replace(/\.stream\(\)\.toArray\([^()]*\)$/, '')
      .replace(/\.toArray\((?:newString\[\w*\]|String\[\]::new)?\)$/, '')
      .replace(/^(?:\w+\.)?(?:toArray|asList|newArrayList|of|copyOf)\((.+?)(?:,String\.class)?\)$/, '$1');
    if (next === e) break;
    e = next;
  }
  return e;
}
