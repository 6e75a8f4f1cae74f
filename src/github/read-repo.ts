import { IGNORED_DIRS, normalizeRepoPath, RepoAccessError, type RepoFiles } from '../sources/repo/index.js';
import { limitConcurrency } from './limit-concurrency.js';
import type { GitHub, RepoRef } from './types.js';

/** Bounds on what one analysis may download from a repository. */
export interface ReadRepoLimits {
  /** Largest single file read, in bytes (the config's `limits.maxFileBytes`). */
  maxFileBytes: number;
  /** Total bytes of blobs one job may download. */
  maxTotalBytes: number;
  /** Blob requests in flight at once. */
  concurrency: number;
}

/** Default bounds: 200 MB per job, 8 requests at a time. */
export const DEFAULT_READ_REPO_LIMITS: ReadRepoLimits = {
  maxFileBytes: 50 * 1024 * 1024,
  maxTotalBytes: 200 * 1024 * 1024,
  concurrency: 8,
};

/** A checkout at one commit, read lazily from GitHub, with counters of what was fetched. */
export interface GitHubRepoFiles extends RepoFiles {
  /** The commit's tree had more entries than GitHub returns in one recursive listing. */
  readonly truncated: boolean;
  /** Blobs downloaded so far, and their bytes. */
  stats(): { files: number; bytes: number };
}

interface TreeBlob {
  sha: string;
  size: number;
}

/**
 * Lists the tree at `sha` (one recursive git trees request) and returns a {@link RepoFiles} that downloads a blob
 * only when a reader asks for it. So only what the analysis needs crosses the network: the config, the spec files
 * and what their `$ref`s reach, the source files of detected frameworks, and capture files.
 */
export async function readRepoAt(params: {
  gh: GitHub;
  ref: RepoRef;
  sha: string;
  limits?: Partial<ReadRepoLimits>;
}): Promise<GitHubRepoFiles> {
  const { gh, ref, sha } = params;
  const limits = { ...DEFAULT_READ_REPO_LIMITS, ...params.limits };
  const { data } = await gh.rest.git.getTree({ owner: ref.owner, repo: ref.repo, tree_sha: sha, recursive: 'true' });
  const blobs = new Map<string, TreeBlob>();
  for (const entry of data.tree) {
    if (entry.type !== 'blob' || !entry.path || !entry.sha) continue;
    if (entry.path.split('/').some((segment) => IGNORED_DIRS.has(segment))) continue;
    blobs.set(entry.path, { sha: entry.sha, size: entry.size ?? 0 });
  }
  const paths = [...blobs.keys()].sort();
  const cache = new Map<string, Promise<Buffer>>();
  const limit = limitConcurrency(limits.concurrency);
  let downloaded = 0;
  let files = 0;

  const find = (path: string): { rel: string; blob: TreeBlob | undefined } => {
    const rel = normalizeRepoPath(path);
    if (rel === undefined)
      throw new RepoAccessError(`${path}: refused, the path leaves the repository root`, path, 'escapes-root');
    return { rel, blob: blobs.get(rel) };
  };

  const fetchBlob = async (rel: string, blob: TreeBlob): Promise<Buffer> => {
    if (blob.size > limits.maxFileBytes) {
      throw new RepoAccessError(
        `${rel}: ${blob.size} bytes is over the ${limits.maxFileBytes}-byte limit`,
        rel,
        'too-large',
      );
    }
    if (downloaded + blob.size > limits.maxTotalBytes) {
      throw new RepoAccessError(
        `${rel}: the job's ${limits.maxTotalBytes}-byte download budget is spent`,
        rel,
        'too-large',
      );
    }
    // Reserve before the request so parallel reads cannot overshoot the budget together.
    downloaded += blob.size;
    files++;
    const response = await limit(() => gh.rest.git.getBlob({ owner: ref.owner, repo: ref.repo, file_sha: blob.sha }));
    const { content, encoding } = response.data;
    return encoding === 'base64' ? Buffer.from(content, 'base64') : Buffer.from(content);
  };

  const bytesOf = async (path: string): Promise<Buffer> => {
    const { rel, blob } = find(path);
    if (!blob) throw new RepoAccessError(`${rel}: no such file`, rel, 'not-found');
    let bytes = cache.get(rel);
    if (!bytes) {
      bytes = fetchBlob(rel, blob);
      cache.set(rel, bytes);
    }
    return bytes;
  };

  return {
    truncated: Boolean(data.truncated),
    stats: () => ({ files, bytes: downloaded }),
    async list() {
      return paths;
    },
    async read(path) {
      return (await bytesOf(path)).toString('utf8');
    },
    readBytes: bytesOf,
    async size(path) {
      return find(path).blob?.size;
    },
  };
}
