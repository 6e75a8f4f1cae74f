import { ConfigError, defaultConfig, parseConfigText, type SpecwatchConfig } from '../config/index.js';
import type { RepoFiles } from '../sources/repo/index.js';
import { CliUsageError } from './io.js';

const CONFIG_FILE = '.github/specwatch.yml';

/** Reads `.github/specwatch.yml` of a checkout (defaults when absent); a bad file is bad usage (exit 2). */
export async function loadRepoConfig(repo: RepoFiles): Promise<SpecwatchConfig> {
  if ((await repo.size(CONFIG_FILE)) === undefined) return defaultConfig();
  try {
    return parseConfigText(await repo.read(CONFIG_FILE), CONFIG_FILE);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliUsageError(error.message);
    throw error;
  }
}

/** Config `traffic.otel.serviceName` as a list; undefined when every service is wanted. */
export function otelServiceNames(config: SpecwatchConfig): string[] | undefined {
  const names = config.traffic.otel?.serviceName;
  return names === undefined ? undefined : Array.isArray(names) ? names : [names];
}
