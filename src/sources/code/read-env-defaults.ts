import type { InputNotice } from '../../model/index.js';
import type { RepoFiles } from '../repo/index.js';
import { type ConfigFileKind, readConfigFile } from './read-config-file.js';

const ENV_FILE: ConfigFileKind = {
  what: 'env file',
  maxBytes: 256 * 1024,
  lost: 'the values it sets are not used to resolve prefixes, flags and guards',
};

/**
 * Whether a file is a dotenv file the checkout commits as its configuration's defaults: `.env`, `.env.development`,
 * a template of one (`.env.example`, `.env.production.sample`, `env.example`), or a named template (`example.env`,
 * `docker.template.env`, `app.env.sample`). A named env file that is no template (`prod.env`) is one deployment's.
 */
export function isEnvFile(file: string): boolean {
  const name = file.slice(file.lastIndexOf('/') + 1);
  if (name === '.env' || name === '.env.development' || name === '.env.local.example') return true;
  const template = /\.(?:example|sample|template|dist|defaults?)$/;
  if (/^\.?env\.[\w.-]+$/.test(name)) return template.test(name);
  return (
    /^(?:[\w-]+\.)?(?:example|sample|template)\.env$/.test(name) ||
    (/^[\w-]+\.env\.[\w-]+$/.test(name) && template.test(name))
  );
}

/** Parses dotenv text: `KEY=value`, optional `export`, quotes, comments. */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/.exec(raw);
    if (!m?.[1]) continue;
    let value = (m[2] ?? '').trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.indexOf(quote, 1) > 0)
      value = value.slice(1, value.indexOf(quote, 1));
    else value = value.replace(/\s+#.*$/, '');
    out[m[1]] = value;
  }
  return out;
}

/** The configuration defaults a checkout commits in env files, and the env files it could not read. */
export interface EnvDefaults {
  env: Record<string, string>;
  notRead: InputNotice[];
}

/**
 * Collects configuration defaults committed as dotenv files. Files nearer the root win; a real `.env` is read too
 * (committed ones are public anyway) but an example file's value is preferred. An env file that cannot be read is
 * named: the prefixes, flags and guards its values decide may be decided otherwise without it.
 */
export async function readEnvDefaults(repo: RepoFiles, files: readonly string[]): Promise<EnvDefaults> {
  const candidates = files
    .filter(isEnvFile)
    .sort(
      (a, b) =>
        a.split('/').length - b.split('/').length || (a.endsWith('.env') ? 1 : 0) - (b.endsWith('.env') ? 1 : 0),
    );
  const env: Record<string, string> = {};
  const notRead: InputNotice[] = [];
  for (const file of candidates) {
    const text = await readConfigFile(repo, file, ENV_FILE, notRead);
    if (text === undefined) continue;
    for (const [k, v] of Object.entries(parseDotenv(text))) if (!(k in env)) env[k] = v;
  }
  return { env, notRead };
}
