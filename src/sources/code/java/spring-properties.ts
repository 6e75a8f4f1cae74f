import { load } from 'js-yaml';
import type { ExtractContext } from '../extractor.js';

const PROPERTY_FILE = /(^|\/)src\/main\/resources\/(application|bootstrap)(-[\w-]+)?\.(properties|ya?ml)$/;

/**
 * One file's keys. A YAML sequence of scalars becomes `key[0]`, `key[1]`, … (the form Spring itself gives an indexed
 * property in a `.properties` file), so a list bound to `@ConfigurationProperties` is read like any other key.
 */
/**
 * Most values one YAML document of a repository's properties gives: js-yaml shares an aliased node instead of copying
 * it, so a walk over a "billion laughs" file would visit exponentially many paths; past this many the walk stops.
 */
const MAX_FLATTENED = 100_000;

function flatten(value: unknown, prefix: string, into: Map<string, string>, budget = { left: MAX_FLATTENED }): void {
  if (value === null || value === undefined || --budget.left < 0) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      flatten(item, `${prefix}[${i}]`, into, budget);
    });
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      flatten(v, prefix ? `${prefix}.${k}` : k, into, budget);
  } else if (!into.has(prefix)) into.set(prefix, String(value));
}

/**
 * One file's documents: a `.properties` file is one; a YAML file is one per `---` document, a document that names
 * `spring.config.activate.on-profile` (or the older `spring.profiles`) applying only to that profile.
 */
function readFile(file: string, text: string): { profile?: string; keys: Map<string, string> }[] {
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
  try {
    for (const doc of text.split(/^---$/m)) {
      const keys = new Map<string, string>();
      flatten(load(doc), '', keys);
      const profile = keys.get('spring.config.activate.on-profile') ?? keys.get('spring.profiles');
      docs.push({ ...(profile !== undefined ? { profile } : {}), keys });
    }
  } catch {
    // A malformed properties file only means fewer resolved placeholders.
  }
  return docs;
}

/** `security.ignore-urls[2]` → `security.ignore-urls`: the list an indexed key belongs to. */
function listOf(key: string): string | undefined {
  return /^(.*)\[\d+\]$/.exec(key)?.[1];
}

/**
 * Spring Boot properties committed under `src/main/resources` (`application.properties`, `application.yml`), so
 * mappings like `@RequestMapping("${api.base-path}/users")` resolve and lists bound to configuration classes can be
 * read. Order, as Spring applies it: the files (and YAML documents) of the profiles `spring.profiles.active` names
 * (the last one listed first), then the default ones; those of other profiles only fill keys nothing else sets. A
 * list is taken whole from the first source that sets it, never merged item by item (Spring replaces lists).
 */
export async function readSpringProperties(context: ExtractContext): Promise<Map<string, string>> {
  const files = [...context.repoFiles].filter((f) => PROPERTY_FILE.test(f)).sort((a, b) => a.length - b.length);
  const read: { file: string; profile?: string; keys: Map<string, string> }[] = [];
  for (const file of files) {
    const text = await context.read(file);
    if (text === undefined) continue;
    const named = /\/(?:application|bootstrap)-([\w-]+)\.\w+$/.exec(file)?.[1];
    for (const doc of readFile(file, text)) {
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
    .filter((p) => p !== '' && !p.includes('$'));
  const rank = (r: (typeof read)[number]): number => {
    if (r.profile === undefined) return active?.length ?? 0;
    const at = active?.indexOf(r.profile) ?? -1;
    return at < 0 ? Number.MAX_SAFE_INTEGER : (active?.length ?? 0) - 1 - at;
  };
  const ordered = read.map((r, i) => ({ r, i })).sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i);
  const out = new Map<string, string>();
  // A property is set by the first source that sets it, as a list (`key[0]`, …) or as one value (`key=/a,/b`).
  const defined = new Set<string>();
  for (const { r } of ordered) {
    const here = new Set<string>();
    for (const [key, value] of r.keys) {
      const name = listOf(key) ?? key;
      if (defined.has(name)) continue;
      here.add(name);
      if (!out.has(key)) out.set(key, value);
    }
    for (const name of here) defined.add(name);
  }
  return out;
}

/** Spring's relaxed binding: `ignore-urls`, `ignoreUrls`, `ignore_urls` and `IGNOREURLS` name one property. */
function canonical(key: string): string {
  return key.replace(/[-_]/g, '').toLowerCase();
}

/**
 * The strings a list property holds: its indexed items (`key[0]`, … from a YAML sequence or an indexed `.properties`
 * key), or a comma-separated value (`security.ignore-urls=/a,/b`), matched by Spring's relaxed names; `undefined` when
 * no committed file sets it.
 */
export function propertyList(properties: ReadonlyMap<string, string>, key: string): string[] | undefined {
  const want = canonical(key);
  const items: { index: number; value: string }[] = [];
  let whole: string | undefined;
  for (const [k, v] of properties) {
    const list = listOf(k);
    if (list !== undefined && canonical(list) === want)
      items.push({ index: Number(/\[(\d+)\]$/.exec(k)?.[1]), value: v });
    else if (list === undefined && canonical(k) === want) whole = v;
  }
  if (items.length > 0) return items.sort((a, b) => a.index - b.index).map((i) => i.value);
  if (whole === undefined) return undefined;
  return whole
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
