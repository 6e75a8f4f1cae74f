import type { InputNotice } from '../../model/index.js';
import type { RepoFiles } from '../repo/index.js';

/** What a checkout's configuration file is (`dependency manifest`), its read limit, and what is lost without it. */
export interface ConfigFileKind {
  what: string;
  maxBytes: number;
  lost: string;
}

/** The notice for a configuration file that was not read, in the one wording every reader of them uses. */
export function configFileNotRead(
  kind: ConfigFileKind,
  file: string,
  reason: InputNotice['reason'],
  why: string,
): InputNotice {
  return { file, view: 'implemented', reason, detail: `${kind.what} not read (${why}): ${kind.lost}` };
}

/**
 * Reads a small configuration file of the checkout (a dependency manifest, an env file), or names it in `notRead`
 * with the reason: too large, or not readable. A file listed but gone reads as `undefined`, unnamed.
 */
export async function readConfigFile(
  repo: RepoFiles,
  file: string,
  kind: ConfigFileKind,
  notRead: InputNotice[],
): Promise<string | undefined> {
  const failure = (error: unknown) => (error instanceof Error ? error.message : String(error));
  try {
    const size = await repo.size(file);
    if (size === undefined) return undefined;
    if (size > kind.maxBytes) {
      notRead.push(
        configFileNotRead(kind, file, 'oversized', `${size} bytes, over the ${kind.maxBytes} bytes read of one`),
      );
      return undefined;
    }
    return await repo.read(file);
  } catch (error) {
    notRead.push(configFileNotRead(kind, file, 'unreadable', failure(error)));
    return undefined;
  }
}
