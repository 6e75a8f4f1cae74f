import { load } from 'js-yaml';
import type { ExtractContext } from '../extractor.js';

const PROPERTY_FILE = /(^|\/)src\/main\/resources\/(application|bootstrap)(-[\w-]+)?\.(properties|ya?ml)$/;

function flatten(value: unknown, prefix: string, into: Map<string, string>): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      flatten(v, prefix ? `${prefix}.${k}` : k, into);
  } else if (typeof value !== 'object' && !into.has(prefix)) into.set(prefix, String(value));
}

/**
 * Spring Boot properties committed under `src/main/resources` (`application.properties`, `application.yml`), so
 * mappings like `@RequestMapping("${api.base-path}/users")` resolve. The default profile's file wins.
 */
export async function readSpringProperties(context: ExtractContext): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const files = [...context.repoFiles].filter((f) => PROPERTY_FILE.test(f)).sort((a, b) => a.length - b.length);
  for (const file of files) {
    const text = await context.read(file);
    if (text === undefined) continue;
    if (file.endsWith('.properties')) {
      for (const raw of text.split(/\r?\n/)) {
        const line = raw.trim();
        if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
        const at = line.search(/[=:]/);
        if (at <= 0) continue;
        const key = line.slice(0, at).trim();
        if (!out.has(key)) out.set(key, line.slice(at + 1).trim());
      }
    } else {
      try {
        for (const doc of text.split(/^---$/m)) flatten(load(doc), '', out);
      } catch {
        // A malformed properties file only means fewer resolved placeholders.
      }
    }
  }
  return out;
}
