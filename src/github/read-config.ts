import { ConfigError, defaultConfig, parseConfigText, type SpecwatchConfig } from '../config/index.js';
import { type GitHub, httpStatus, type RepoRef } from './types.js';

/** Where the config lives in every repository. */
export const CONFIG_PATH = '.github/specwatch.yml';

/** The repository's config at a commit, and whether it came from a file or the defaults. */
export interface LoadedConfig {
  config: SpecwatchConfig;
  source: 'file' | 'default';
}

/**
 * Reads `.github/specwatch.yml` at `sha` (contents API, raw media type so files over 1 MB still come back).
 * A missing file gives the defaults (zero-config autodetection); an invalid one throws {@link ConfigError}, which the
 * job turns into a failing check naming the key.
 */
export async function readConfigAt(params: { gh: GitHub; ref: RepoRef; sha: string }): Promise<LoadedConfig> {
  const { gh, ref, sha } = params;
  let text: string;
  try {
    const response = await gh.rest.repos.getContent({
      owner: ref.owner,
      repo: ref.repo,
      path: CONFIG_PATH,
      ref: sha,
      mediaType: { format: 'raw' },
    });
    text = typeof response.data === 'string' ? response.data : decodeContent(response.data);
  } catch (error) {
    if (httpStatus(error) === 404) return { config: defaultConfig(), source: 'default' };
    throw error;
  }
  return { config: parseConfigText(text, CONFIG_PATH), source: 'file' };
}

/** Some proxies ignore the raw media type and answer with the JSON form; decode its base64 content. */
function decodeContent(data: unknown): string {
  if (typeof data === 'object' && data !== null && 'content' in data && typeof data.content === 'string') {
    return Buffer.from(data.content, 'base64').toString('utf8');
  }
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return Buffer.from(data as ArrayBuffer).toString('utf8');
  throw new ConfigError(`${CONFIG_PATH}: is not a file`, CONFIG_PATH);
}
