import { load } from 'js-yaml';
import type { InputNotice } from '../../model/index.js';
import type { RepoFiles } from '../repo/index.js';
import { type ConfigFileKind, configFileNotRead, readConfigFile } from './read-config-file.js';

/** A scalar a committed settings file sets, by its dotted key (`server.auth.enabled` → `false`). */
export type SettingsScalar = string | number | boolean | null;

const SETTINGS_FILE: ConfigFileKind = {
  what: 'settings file',
  maxBytes: 256 * 1024,
  lost: 'the flags it sets are not used to decide guards and values chosen by them',
};

/**
 * Whether a file is a project's base settings file, the one a settings loader reads before any profile's:
 * `settings.yaml` or `config.yaml` (`.yml` too) at the checkout's root or one folder down. Profile files
 * (`settings-docker.yaml`) are merged over it only when a profile is chosen at run time, so they are not read.
 */
export function isSettingsFile(file: string): boolean {
  return /^(?:[^/]+\/)?(?:settings|config)\.ya?ml$/.test(file);
}

function flatten(value: unknown, prefix: string, out: Record<string, SettingsScalar>): void {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    if (prefix !== '' && !(prefix in out)) out[prefix] = value;
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value)) return;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
}

/**
 * The scalars the committed base settings files set, by dotted key; a file nearer the root wins. A file that cannot
 * be read or parsed is named: the flags it sets stay undecided without it.
 */
export async function readYamlSettings(
  repo: RepoFiles,
  files: readonly string[],
): Promise<{ settings: Record<string, SettingsScalar>; notRead: InputNotice[] }> {
  const settings: Record<string, SettingsScalar> = {};
  const notRead: InputNotice[] = [];
  const candidates = files.filter(isSettingsFile).sort((a, b) => a.split('/').length - b.split('/').length);
  for (const file of candidates) {
    const text = await readConfigFile(repo, file, SETTINGS_FILE, notRead);
    if (text === undefined) continue;
    try {
      // The default schema builds plain data only: no tag runs code.
      flatten(load(text), '', settings);
    } catch (error) {
      notRead.push(
        configFileNotRead(SETTINGS_FILE, file, 'unparsable', error instanceof Error ? error.message : String(error)),
      );
    }
  }
  return { settings, notRead };
}
