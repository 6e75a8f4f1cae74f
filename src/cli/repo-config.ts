import type { SpecwatchConfig } from '../config/index.js';
import { DEFAULT_FAIL_ON } from '../model/index.js';
import type { RepoFiles } from '../sources/repo/index.js';
import { CliUsageError } from './io.js';

const CONFIG_FILE = '.github/specwatch.yml';

/** Reads `.github/specwatch.yml` of a checkout (defaults when absent); a bad file is bad usage (exit 2). */
export async function loadRepoConfig(repo: RepoFiles): Promise<SpecwatchConfig> {
  // The config schema (zod and its locales, about a hundred modules) is loaded only by the commands that read one.
  const { ConfigError, defaultConfig, parseConfigText } = await import('../config/index.js');
  if ((await repo.size(CONFIG_FILE)) === undefined) return defaultConfig();
  try {
    return parseConfigText(await repo.read(CONFIG_FILE), CONFIG_FILE);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliUsageError(error.message);
    throw error;
  }
}

/** The settings a change check (`specwatch diff`) reads. */
export type ChangeConfig = Pick<SpecwatchConfig, 'failOn' | 'rules' | 'ignore'>;

/**
 * The change-check settings of a checkout. Without a config file these are the schema's defaults (no severity
 * overrides, nothing ignored), given here without loading the schema: a cold `diff` of two specs should cost little
 * more than reading them.
 */
export async function loadChangeConfig(repo: RepoFiles): Promise<ChangeConfig> {
  if ((await repo.size(CONFIG_FILE)) === undefined) return { failOn: DEFAULT_FAIL_ON, rules: {}, ignore: [] };
  const { failOn, rules, ignore } = await loadRepoConfig(repo);
  return { failOn, rules, ignore };
}
