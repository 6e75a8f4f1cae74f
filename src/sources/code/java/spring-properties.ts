import { load } from 'js-yaml';
import type { ExtractContext, Unparsed } from '../extractor.js';
import { concatText, knownPath, type PathText, unknownPath } from '../tree-sitter/route-graph.js';
import { flattenYaml } from '../yaml-keys.js';

const PROPERTY_FILE = /(^|\/)src\/main\/resources\/(application|bootstrap)(-[\w-]+)?\.(properties|ya?ml)$/;

/**
 * One file's keys. A YAML sequence of scalars becomes `key[0]`, `key[1]`, … (the form Spring itself gives an indexed
 * property in a `.properties` file), so a list bound to `@ConfigurationProperties` is read like any other key.
 */
function flatten(value: unknown, into: Map<string, string>): void {
  flattenYaml(value, (key, scalar) => {
    if (scalar !== null && !into.has(key)) into.set(key, String(scalar));
  });
}

/**
 * A Maven resource-filtering token that starts a plain YAML value (`version: @project.version@`), quoted: Spring Boot's
 * parent filters application*.yml at build time, so Spring never sees the `@`, which YAML reserves and would otherwise
 * fail the whole document on. The value stays the token, which the resolver carries as unresolved.
 */
function quoteMavenTokens(doc: string): string {
  return doc.replace(
    /^([ \t]*(?:-[ \t]+)?[^#\s'"][^#\n]*?:[ \t]+|[ \t]*-[ \t]+)(@[\w.-]+@[^#\n]*?)([ \t]+#.*)?$/gm,
    (_all, head: string, value: string, comment?: string) => `${head}'${value.replace(/'/g, "''")}'${comment ?? ''}`,
  );
}

/**
 * One file's documents: a `.properties` file is one; a YAML file is one per `---` document, a document that names
 * `spring.config.activate.on-profile` (or the older `spring.profiles`) applying only to that profile. A document YAML
 * cannot parse is named in `problems`: its keys are not read.
 */
export function readPropertyFile(
  file: string,
  text: string,
  problems: Unparsed[],
): { profile?: string; keys: Map<string, string> }[] {
  if (file.endsWith('.properties')) {
    const out = new Map<string, string>();
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
      const at = line.search(/[=:]/);
      if (at <= 0) continue;
      const key = line.slice(0, at).trim();
      if (!out.has(key)) out.set(key, line.slice(at + 1).trim());
    }
    return [{ keys: out }];
  }
  const docs: { profile?: string; keys: Map<string, string> }[] = [];
  let firstLine = 1;
  for (const doc of text.split(/^---$/m)) {
    try {
      const keys = new Map<string, string>();
      flatten(load(quoteMavenTokens(doc)), keys);
      const profile = keys.get('spring.config.activate.on-profile') ?? keys.get('spring.profiles');
      docs.push({ ...(profile !== undefined ? { profile } : {}), keys });
    } catch (error) {
      const mark = (error as { mark?: { line?: number } }).mark?.line;
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      problems.push({
        file,
        line: firstLine + (mark ?? 0),
        reason: `not parsed: ${reason}; the properties of this YAML document are not read`,
      });
    }
    firstLine += doc.split('\n').length;
  }
  return docs;
}

/** `security.ignore-urls[2]` → `security.ignore-urls`: the list an indexed key belongs to. */
function listOf(key: string): string | undefined {
  return /^(.*)\[\d+\]$/.exec(key)?.[1];
}

/** The properties a repository commits, and the keys whose value at run time the checkout cannot decide. */
export interface SpringProperties {
  /** Every key a committed file sets, in Spring's order (see `readSpringProperties`). */
  values: Map<string, string>;
  /**
   * Keys whose value is not the checkout's to decide, with why: set only under a profile nothing activates, or set
   * differently by the properties of two modules (whichever module runs the app decides). Their value in `values`
   * is a guess; a mapping or context path built from one is carried as unresolved.
   */
  uncertain: Map<string, string>;
  /** The file that gives each key its value. */
  origin: Map<string, string>;
  /** Property documents that could not be parsed, so none of their keys is known. */
  problems: Unparsed[];
}

/** `api/src/main/resources/application.yml` or `api/src/main/java/…` → `api/`: the module that holds the file. */
export function moduleOf(file: string): string {
  const at = file.lastIndexOf('src/main/');
  return at < 0 ? '' : file.slice(0, at);
}

/**
 * Spring Boot properties committed under `src/main/resources` (`application.properties`, `application.yml`), so
 * mappings like `@RequestMapping("${api.base-path}/users")` resolve and lists bound to configuration classes can be
 * read. Order, as Spring applies it: the files (and YAML documents) of the profiles `spring.profiles.active` names
 * (the last one listed first), then the default ones; those of other profiles only fill keys nothing else sets. A
 * list is taken whole from the first source that sets it, never merged item by item (Spring replaces lists).
 * Given a `module` (`account-service/`), only that module's files are read.
 */
export async function readSpringProperties(context: ExtractContext, module?: string): Promise<SpringProperties> {
  const files = [...context.repoFiles]
    .filter((f) => PROPERTY_FILE.test(f) && (module === undefined || moduleOf(f) === module))
    .sort((a, b) => a.length - b.length);
  const read: { file: string; profile?: string; keys: Map<string, string> }[] = [];
  const problems: Unparsed[] = [];
  for (const file of files) {
    const text = await context.read(file);
    if (text === undefined) continue;
    const named = /\/(?:application|bootstrap)-([\w-]+)\.\w+$/.exec(file)?.[1];
    for (const doc of readPropertyFile(file, text, problems)) {
      const profile = named ?? doc.profile;
      read.push({ file, ...(profile !== undefined ? { profile } : {}), keys: doc.keys });
    }
  }
  const active = read
    .filter((r) => r.profile === undefined)
    .map((r) => r.keys.get('spring.profiles.active'))
    .find((v) => v !== undefined)
    ?.split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '' && !p.includes('$') && !/^@[\w.-]+@$/.test(p));
  const rank = (r: (typeof read)[number]): number => {
    if (r.profile === undefined) return active?.length ?? 0;
    const at = active?.indexOf(r.profile) ?? -1;
    return at < 0 ? Number.MAX_SAFE_INTEGER : (active?.length ?? 0) - 1 - at;
  };
  const ordered = read.map((r, i) => ({ r, i })).sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i);
  const values = new Map<string, string>();
  const uncertain = new Map<string, string>();
  const origin = new Map<string, string>();
  // A property is set by the first source that sets it, as a list (`key[0]`, …) or as one value (`key=/a,/b`).
  const defined = new Set<string>();
  const fromDefault = new Set<string>();
  for (const { r } of ordered) {
    const here = new Set<string>();
    const inactive = rank(r) === Number.MAX_SAFE_INTEGER;
    const isDefault = r.profile === undefined;
    for (const [key, value] of r.keys) {
      const name = listOf(key) ?? key;
      const first = values.get(key);
      const by = origin.get(key);
      if (defined.has(name)) {
        // Two modules' default properties that disagree: the module that runs the app decides which one holds.
        if (
          isDefault &&
          fromDefault.has(key) &&
          first !== value &&
          by !== undefined &&
          moduleOf(by) !== moduleOf(r.file)
        )
          if (!uncertain.has(key)) uncertain.set(key, `set to ${first} in ${by} and to ${value} in ${r.file}`);
        continue;
      }
      here.add(name);
      if (first === undefined) {
        values.set(key, value);
        origin.set(key, r.file);
        if (isDefault) fromDefault.add(key);
        if (inactive) uncertain.set(key, `set only under profile ${r.profile} in ${r.file}`);
      }
    }
    for (const name of here) defined.add(name);
  }
  return { values, uncertain, origin, problems };
}

/** How far a property's value may point at another (`a=${b}`, `b=${c}`) before the chain is given up. */
const MAX_NESTED = 8;

/**
 * A path written with property placeholders, as Spring resolves it when the app starts: `${key}` and
 * `${key:default}` from the committed properties, placeholders inside a value resolved in turn. What the checkout
 * cannot decide stays unresolved, as written: a key no file sets and no default covers, a key in `uncertain`, and a
 * Maven resource-filtering token (`@profileActive@`, replaced at build time from the build's own profiles).
 */
export function resolvePlaceholders(text: string, properties: SpringProperties, depth = 0): PathText {
  let out = knownPath('');
  let rest = text;
  for (;;) {
    const maven = /@[\w.-]+@/.exec(rest);
    const start = rest.indexOf('${');
    const end = start < 0 ? -1 : rest.indexOf('}', start);
    if (maven !== null && (start < 0 || end < 0 || maven.index < start)) {
      out = concatText(out, knownPath(rest.slice(0, maven.index)));
      out = concatText(out, unknownPath(`${maven[0]} (Maven resource filtering)`));
      rest = rest.slice(maven.index + maven[0].length);
      continue;
    }
    if (start < 0 || end < 0) return concatText(out, knownPath(rest));
    out = concatText(out, knownPath(rest.slice(0, start)));
    const inner = rest.slice(start + 2, end);
    const colon = inner.indexOf(':');
    const key = colon < 0 ? inner : inner.slice(0, colon);
    const fallback = colon < 0 ? undefined : inner.slice(colon + 1);
    const why = properties.uncertain.get(key);
    const value = why === undefined ? (properties.values.get(key) ?? fallback) : fallback;
    if (value === undefined || depth >= MAX_NESTED)
      out = concatText(out, unknownPath(why === undefined ? `\${${inner}}` : `\${${inner}} (${why})`));
    else out = concatText(out, resolvePlaceholders(value, properties, depth + 1));
    rest = rest.slice(end + 1);
  }
}

/** Spring's relaxed binding: `ignore-urls`, `ignoreUrls`, `ignore_urls` and `IGNOREURLS` name one property. */
function canonical(key: string): string {
  return key.replace(/[-_]/g, '').toLowerCase();
}

/**
 * The strings a list property holds: its indexed items (`key[0]`, … from a YAML sequence or an indexed `.properties`
 * key), or a comma-separated value (`security.ignore-urls=/a,/b`), matched by Spring's relaxed names; `undefined` when
 * no committed file sets it. `uncertain` says why the checkout cannot decide the list, when a key of it is uncertain
 * (set only under a profile nothing activates, or differently by two modules).
 */
export function propertyList(
  properties: SpringProperties,
  key: string,
): { items: string[]; uncertain?: string } | undefined {
  const want = canonical(key);
  const items: { index: number; value: string }[] = [];
  let whole: string | undefined;
  let uncertain: string | undefined;
  for (const [k, v] of properties.values) {
    const list = listOf(k);
    if (list !== undefined && canonical(list) === want)
      items.push({ index: Number(/\[(\d+)\]$/.exec(k)?.[1]), value: v });
    else if (list === undefined && canonical(k) === want) whole = v;
    else continue;
    uncertain ??= properties.uncertain.get(k);
  }
  const why = uncertain === undefined ? {} : { uncertain };
  if (items.length > 0) return { items: items.sort((a, b) => a.index - b.index).map((i) => i.value), ...why };
  if (whole === undefined) return undefined;
  return {
    items: whole
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    ...why,
  };
}
