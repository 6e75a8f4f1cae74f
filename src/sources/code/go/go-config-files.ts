import { load } from 'js-yaml';
import type { ExtractContext } from '../extractor.js';
import type { CasbinPolicy } from './go-auth.js';
import type { GoFieldStep } from './go-routes.js';

/** A configuration file of the repository, parsed. */
export interface GoConfigFile {
  path: string;
  doc: unknown;
}

/** A list read from configuration: its strings and where, or why it could not be read. */
export type ConfigList = { strings: string[]; file: string } | { unresolved: string };

/** Config files a Go service loads (viper, koanf, configor): YAML, JSON or TOML under a config folder or named so. */
const CONFIG_FILE =
  /(^|\/)(?:(?:configs?|conf|etc|config\.d)\/(?:[\w.-]+\/)?[\w.-]+|(?:config|app|application|settings)[\w.-]*)\.(?:ya?ml|json|toml)$/i;
const NOT_CONFIG =
  /(^|\/)(?:package|tsconfig|composer|swagger|openapi|docker-compose|\.github\/)[\w.-]*|\/node_modules\//i;
const MAX_FILES = 30;

/**
 * Reads the repository's config files (never executes anything; at most {@link MAX_FILES}, each as bounded as any read):
 * the values a middleware's options take from a configuration struct (`s.conf.Auth.SkippedPathPrefixes`) are there.
 */
export async function readGoConfigFiles(context: ExtractContext): Promise<GoConfigFile[]> {
  const paths = [...context.repoFiles]
    .filter((f) => CONFIG_FILE.test(f) && !NOT_CONFIG.test(f))
    .sort()
    .slice(0, MAX_FILES);
  const out: GoConfigFile[] = [];
  for (const path of paths) {
    const text = await context.read(path);
    if (text === undefined) continue;
    try {
      const doc = path.endsWith('.json') ? JSON.parse(text) : path.endsWith('.toml') ? parseToml(text) : load(text);
      if (doc !== null && typeof doc === 'object') out.push({ path, doc });
    } catch {
      // A file that does not parse holds no value we could trust; the lookup says the list is not resolved.
    }
  }
  return out;
}

/** The names a field is written under in a config file: its tag names (`mapstructure`, `json`, `yaml`, `toml`), then its own. */
function keysOf(step: GoFieldStep): string[] {
  const tagged = [...(step.tag ?? '').matchAll(/\b(?:mapstructure|json|yaml|toml|koanf|env)\s*:\s*"([^",]*)/g)].map(
    (m) => m[1] as string,
  );
  return [...tagged.filter((k) => k !== '' && k !== '-'), step.name];
}

function child(node: unknown, step: GoFieldStep): unknown {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const entries = Object.entries(node as Record<string, unknown>);
  for (const key of keysOf(step)) {
    // viper and koanf match keys whatever their case.
    const hit = entries.find(([k]) => k.toLowerCase() === key.toLowerCase());
    if (hit !== undefined) return hit[1];
  }
  return undefined;
}

/**
 * A string list read through a chain of configuration struct fields, looked up in the config files: the chain's
 * outer fields may be the program's own (`s.conf`), so each tail of it is tried against each file's root. The files
 * that hold it must agree; a list no file sets, or set differently by two files, is not resolved.
 */
export function configList(files: readonly GoConfigFile[], via: readonly GoFieldStep[], text: string): ConfigList {
  const found: { file: string; strings: string[] }[] = [];
  for (const file of files) {
    for (let start = 0; start < via.length; start++) {
      let node: unknown = file.doc;
      for (const step of via.slice(start)) node = child(node, step);
      if (node === undefined) continue;
      if (Array.isArray(node) && node.every((v) => typeof v === 'string'))
        found.push({ file: file.path, strings: node });
      else if (node === null) found.push({ file: file.path, strings: [] });
      else return { unresolved: `\`${text}\` in ${file.path} is not a list of strings` };
      break;
    }
  }
  const first = found[0];
  if (first === undefined)
    return { unresolved: `\`${text}\` is read from configuration no config file in the repository sets` };
  const other = found.find((f) => f.strings.join('\n') !== first.strings.join('\n'));
  if (other !== undefined)
    return { unresolved: `\`${text}\` differs between ${first.file} and ${other.file} (set per deployment)` };
  return { strings: first.strings, file: first.file };
}

/**
 * The subset of TOML config files use: `[table]` and `[table.sub]` headers, `key = value` with strings, numbers,
 * booleans and arrays of them (arrays may span lines). Anything else is skipped.
 */
export function parseToml(text: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let table = root;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = stripComment(lines[i] ?? '').trim();
    if (line === '') continue;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header !== null) {
      table = root;
      for (const part of (header[1] as string).split('.').map((p) => p.trim().replace(/^"|"$/g, ''))) {
        const next = table[part];
        table[part] = next !== null && typeof next === 'object' && !Array.isArray(next) ? next : {};
        table = table[part] as Record<string, unknown>;
      }
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim().replace(/^"|"$/g, '');
    let value = line.slice(eq + 1).trim();
    // A multi-line array runs until its brackets balance.
    while (value.startsWith('[') && depthOf(value) > 0 && i + 1 < lines.length)
      value += ` ${stripComment(lines[++i] ?? '').trim()}`;
    table[key] = tomlValue(value);
  }
  return root;
}

function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote !== undefined) {
      if (ch === quote && line[i - 1] !== '\\') quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#') return line.slice(0, i);
  }
  return line;
}

function depthOf(text: string): number {
  let depth = 0;
  let quote: string | undefined;
  for (const ch of text) {
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[') depth++;
    else if (ch === ']') depth--;
  }
  return depth;
}

function tomlValue(text: string): unknown {
  const t = text.trim();
  if (t.startsWith('[')) {
    const inner = t.slice(1, t.lastIndexOf(']'));
    const items: unknown[] = [];
    for (const m of inner.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|([^,\s][^,]*)/g)) {
      if (m[1] !== undefined) items.push(m[1].replace(/\\(.)/g, '$1'));
      else if (m[2] !== undefined) items.push(m[2]);
      else if (m[3] !== undefined && m[3].trim() !== '') items.push(tomlValue(m[3]));
    }
    return items;
  }
  if (/^"(.*)"$/.test(t)) return t.slice(1, -1).replace(/\\(.)/g, '$1');
  if (/^'(.*)'$/.test(t)) return t.slice(1, -1);
  if (t === 'true' || t === 'false') return t === 'true';
  if (/^[+-]?\d+(\.\d+)?$/.test(t)) return Number(t);
  return t;
}

/** Casbin policy files kept in the repository (`rbac_policy.csv`): their `p, subject, object, action` lines. */
export async function readCasbinPolicies(context: ExtractContext): Promise<CasbinPolicy[]> {
  const out: CasbinPolicy[] = [];
  const files = [...context.repoFiles].filter((f) => /(^|\/)[\w.-]*polic[\w.-]*\.csv$/i.test(f)).slice(0, MAX_FILES);
  for (const file of files) {
    const text = await context.read(file);
    if (text === undefined) continue;
    text.split(/\r?\n/).forEach((raw, i) => {
      const cells = raw.split(',').map((c) => c.trim());
      const [kind, subject, object, action] = cells;
      if (kind === 'p' && subject && object && action) out.push({ subject, object, action, file, line: i + 1 });
    });
  }
  return out;
}
