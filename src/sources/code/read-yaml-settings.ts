import { load } from 'js-yaml';
import type { InputNotice } from '../../model/index.js';
import type { RepoFiles } from '../repo/index.js';
import { type ConfigFileKind, configFileNotRead, readConfigFile } from './read-config-file.js';
import { flattenYaml, type YamlScalar } from './yaml-keys.js';

/** A scalar a committed settings file sets, by its dotted key (`server.auth.enabled` → `false`). */
export type SettingsScalar = YamlScalar;

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
      flattenYaml(load(text), (key, scalar) => {
        if (!key.includes('[') && !(key in settings)) settings[key] = scalar;
      });
    } catch (error) {
      notRead.push(
        configFileNotRead(SETTINGS_FILE, file, 'unparsable', error instanceof Error ? error.message : String(error)),
      );
    }
  }
  return { settings, notRead };
}
