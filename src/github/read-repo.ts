import { Readable } from 'node:stream';
import pLimit from 'p-limit';
import type { InputNotice } from '../model/index.js';
import { IGNORED_DIRS, normalizeRepoPath, RepoAccessError, type RepoFiles } from '../sources/repo/index.js';
import { readTarball, type TarballContent } from './read-tarball.js';
import type { GitHub, RepoRef } from './types.js';

/** Bounds on what one analysis may download from a repository. */
export interface ReadRepoLimits {
  /** Largest single file read, in bytes (the config's `limits.maxFileBytes`). */
  maxFileBytes: number;
  /** Total bytes of blobs one job may download. */
  maxTotalBytes: number;
  /** Blob requests in flight at once. */
  concurrency: number;
  /**
   * Above this many files in the tree, the commit's tarball is read in one streamed request instead of one blob
   * request per file read (a 2,000-file spec is 2,000 round trips otherwise). A truncated tree always takes it.
   */
  tarballAbove: number;
}

/** Default bounds: 200 MB per job, 8 requests at a time, the tarball above 300 files. */
export const DEFAULT_READ_REPO_LIMITS: ReadRepoLimits = {
  maxFileBytes: 50 * 1024 * 1024,
  maxTotalBytes: 200 * 1024 * 1024,
  concurrency: 8,
  tarballAbove: 300,
};

/** A checkout at one commit, read lazily from GitHub, with counters of what was fetched. */
export interface GitHubRepoFiles extends RepoFiles {
  /** The commit's tree had more entries than GitHub returns in one recursive listing. */
  readonly truncated: boolean;
  /** Blobs downloaded so far, and their bytes. */
  stats(): { files: number; bytes: number };
  /** How the files were read: one blob request per file, or the commit's tarball. */
  readonly via: 'blobs' | 'tarball';
  /** What the download did not read whole: tarball entries refused (links out, escaping paths), a spent budget. */
  readonly notices: InputNotice[];
}

interface TreeBlob {
  sha: string;
  size: number;
}

/**
 * Lists the tree at `sha` (one recursive git trees request) and returns a {@link RepoFiles} that downloads a blob
 * only when a reader asks for it. So only what the analysis needs crosses the network: the config, the spec files
 * and what their `$ref`s reach, the source files of detected frameworks, and capture files. On a big tree, or one
 * GitHub answers truncated (the listing is then partial), the commit's tarball is streamed instead, bounded, and
 * read whole; a file the tarball did not hold is still fetched as a blob when the tree names it.
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
  const notices: InputNotice[] = [];
  let tarball: TarballContent | undefined;
  if (data.truncated || blobs.size > limits.tarballAbove) {
    try {
      tarball = await downloadTarball(gh, ref, sha, limits);
      notices.push(...tarball.notices);
    } catch (error) {
      notices.push({
        file: '.',
        view: 'checkout',
        reason: 'unreadable',
        detail: `the commit tarball could not be read (${error instanceof Error ? error.message : String(error)}); ${data.truncated ? 'the tree listing GitHub returned is truncated, so files past it are not read' : 'files are read one by one'}`,
      });
    }
  }
  const sizes = new Map<string, number>([...blobs].map(([path, blob]) => [path, blob.size]));
  for (const [path, size] of tarball?.sizes ?? []) if (!sizes.has(path)) sizes.set(path, size);
  const paths = [...sizes.keys()].sort();
  const cache = new Map<string, Promise<Buffer>>();
  for (const [path, bytes] of tarball?.files ?? []) cache.set(path, Promise.resolve(bytes));
  const limit = pLimit(limits.concurrency);
  let downloaded = 0;
  let files = 0;

  const confine = (path: string): string => {
    const rel = normalizeRepoPath(path);
    if (rel === undefined)
      throw new RepoAccessError(`${path}: refused, the path leaves the repository root`, path, 'escapes-root');
    return rel;
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
    const rel = confine(path);
    let bytes = cache.get(rel);
    if (!bytes) {
      const blob = blobs.get(rel);
      const size = sizes.get(rel);
      if (!blob && size !== undefined && size > limits.maxFileBytes)
        throw new RepoAccessError(
          `${rel}: ${size} bytes is over the ${limits.maxFileBytes}-byte limit`,
          rel,
          'too-large',
        );
      if (!blob && size !== undefined)
        throw new RepoAccessError(`${rel}: not downloaded, the job's download budget is spent`, rel, 'too-large');
      if (!blob) throw new RepoAccessError(`${rel}: no such file`, rel, 'not-found');
      bytes = fetchBlob(rel, blob);
      cache.set(rel, bytes);
    }
    return bytes;
  };

  return {
    truncated: Boolean(data.truncated),
    via: tarball ? 'tarball' : 'blobs',
    notices,
    stats: () => ({ files, bytes: downloaded }),
    async list() {
      return paths;
    },
    async read(path) {
      return (await bytesOf(path)).toString('utf8');
    },
    readBytes: bytesOf,
    async size(path) {
      return sizes.get(confine(path));
    },
  };
}

/**
 * Streams the commit's tarball (`GET /repos/{owner}/{repo}/tarball/{sha}`, redirected to codeload) through gunzip
 * and a tar reader, never holding the compressed archive whole.
 */
async function downloadTarball(gh: GitHub, ref: RepoRef, sha: string, limits: ReadRepoLimits): Promise<TarballContent> {
  const response = await gh.request('GET /repos/{owner}/{repo}/tarball/{ref}', {
    owner: ref.owner,
    repo: ref.repo,
    ref: sha,
    request: { parseSuccessResponseBody: false },
  });
  const body = response.data as unknown;
  const stream =
    body instanceof Readable
      ? body
      : body instanceof ArrayBuffer || body instanceof Uint8Array
        ? Readable.from([Buffer.from(body as ArrayBuffer)])
        : // A web stream is async-iterable; read that way, an early stop does not cancel an already closed stream.
          Readable.from(body as AsyncIterable<Uint8Array>);
  return readTarball(stream, {
    maxFileBytes: limits.maxFileBytes,
    maxTotalBytes: limits.maxTotalBytes,
    maxStreamBytes: limits.maxTotalBytes * 4,
  });
}
