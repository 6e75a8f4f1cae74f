import { load, YAMLException } from 'js-yaml';
import { configSchema, type SpecwatchConfig } from './schema.js';

/** Where a config problem is, and what it is: shown on a failing check and by the CLI. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly key?: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The config used when a repository has no `.github/specwatch.yml`. */
export function defaultConfig(): SpecwatchConfig {
  return configSchema.parse({});
}

/** Validates already-parsed config data; errors name the key and the reason. */
export function parseConfig(data: unknown, file = '.github/specwatch.yml'): SpecwatchConfig {
  const result = configSchema.safeParse(data ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  let key = issue.path.map(String).join('.');
  let reason = issue.message;
  if (issue.code === 'unrecognized_keys') {
    const unknown = issue.keys[0] ?? '';
    key = key ? `${key}.${unknown}` : unknown;
    reason = 'unknown key';
  }
  throw new ConfigError(`${file}: ${key || '(root)'}: ${reason}`, file, key || undefined);
}

/** Parses the YAML text of a config file and validates it. */
export function parseConfigText(text: string, file = '.github/specwatch.yml'): SpecwatchConfig {
  let data: unknown;
  try {
    data = load(text, { filename: file, maxAliases: 100 });
  } catch (error) {
    if (error instanceof YAMLException) {
      const line = error.mark ? error.mark.line + 1 : undefined;
      throw new ConfigError(`${file}${line ? `:${line}` : ''}: invalid YAML: ${error.reason}`, file, undefined, line);
    }
    throw error;
  }
  return parseConfig(data, file);
}
