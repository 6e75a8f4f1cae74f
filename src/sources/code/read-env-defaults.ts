import type { RepoFiles } from '../repo/index.js';

const ENV_FILES =
  /(^|\/)\.env(\.example|\.sample|\.defaults|\.default|\.template|\.dist|\.development|\.local\.example)?$|(^|\/)([\w-]+\.)?(example|sample|template)\.env$/;

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

/**
 * Collects configuration defaults committed as dotenv examples. Files nearer the root win; a real `.env` is read
 * too (committed ones are public anyway) but an example file's value is preferred.
 */
export async function readEnvDefaults(repo: RepoFiles, files: readonly string[]): Promise<Record<string, string>> {
  const candidates = files
    .filter((f) => ENV_FILES.test(f))
    .sort(
      (a, b) =>
        a.split('/').length - b.split('/').length || (a.endsWith('.env') ? 1 : 0) - (b.endsWith('.env') ? 1 : 0),
    );
  const env: Record<string, string> = {};
  for (const file of candidates) {
    const size = await repo.size(file);
    if (size === undefined || size > 256 * 1024) continue;
    try {
      for (const [k, v] of Object.entries(parseDotenv(await repo.read(file)))) if (!(k in env)) env[k] = v;
    } catch {
      // An unreadable example file only means fewer resolved prefixes.
    }
  }
  return env;
}
