import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract, type Header } from 'tar-stream';
import type { InputNotice } from '../model/index.js';
import { IGNORED_DIRS, normalizeRepoPath, resolveRepoPath } from '../sources/repo/index.js';

/** Bounds on one commit tarball. */
export interface TarballLimits {
  /** Largest file kept, in bytes: bigger ones are listed with their size, not kept. */
  maxFileBytes: number;
  /** Total bytes of file contents kept. */
  maxTotalBytes: number;
  /** Decompressed bytes read before the stream is cut (a tarball of a repo with large binaries). */
  maxStreamBytes: number;
}

/** What a tarball held: file contents, every file's size, and the entries refused (escapes, links pointing out). */
export interface TarballContent {
  /** Repo-relative path → bytes, for every regular file kept. */
  files: Map<string, Buffer>;
  /** Repo-relative path → size, for every regular file seen (kept or not). */
  sizes: Map<string, number>;
  /** Entries not taken, and a cut stream or spent budget. */
  notices: InputNotice[];
  /** The stream was read to its end (else the listing may be partial). */
  complete: boolean;
}

const MAX_LINK_HOPS = 8;

/**
 * Reads a commit tarball (`.tar.gz` as GitHub's `/tarball/{ref}` serves it: one top folder `owner-repo-sha/`) as a
 * stream, keeping file contents in memory within the limits. Untrusted: an entry whose path leaves the checkout is
 * refused, a symbolic or hard link is kept only when its target is a file inside the checkout (read as that file),
 * devices and FIFOs are ignored, and decompression stops at `maxStreamBytes`.
 */
export async function readTarball(
  source: Readable | AsyncIterable<Uint8Array>,
  limits: TarballLimits,
): Promise<TarballContent> {
  const files = new Map<string, Buffer>();
  const sizes = new Map<string, number>();
  const notices: InputNotice[] = [];
  const links = new Map<string, { target: string | undefined; raw: string }>();
  let kept = 0;
  let overBudget = 0;
  let root: string | undefined;
  let streamed = 0;
  let complete = true;

  const refuse = (file: string, detail: string) => notices.push({ file, view: 'checkout', reason: 'rejected', detail });

  const extractor = extract();
  const gunzip = createGunzip();
  const input = source instanceof Readable ? source : Readable.from(source);
  const counted = async function* (chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of chunks) {
      streamed += chunk.length;
      if (streamed > limits.maxStreamBytes) {
        complete = false;
        return;
      }
      yield chunk;
    }
  };
  let failure: unknown;
  const feeding = pipeline(input, gunzip, counted, extractor).catch((error: unknown) => {
    failure = error;
    extractor.destroy(error as Error);
  });

  try {
    await readEntries();
  } catch (error) {
    await feeding;
    throw failure ?? error;
  }
  await feeding;
  // A cut stream (the byte bound) ends the extractor early; anything else is a broken tarball.
  if (failure !== undefined && complete) throw failure;

  async function readEntries(): Promise<void> {
    for await (const entry of extractor) {
      const header: Header = entry.header;
      const type = header.type ?? 'file';
      // The top folder GitHub (and `git archive --prefix`) puts every entry under.
      const name = header.name.replace(/^\.\//, '');
      root ??= name.split('/')[0];
      const inside = root !== undefined && name.startsWith(`${root}/`) ? name.slice(root.length + 1) : undefined;
      const rel = inside === undefined || inside === '' ? undefined : normalizeRepoPath(inside);
      if (type === 'directory' || (inside === '' && type !== 'file')) {
        entry.resume();
        continue;
      }
      if (rel === undefined || rel === '') {
        refuse(name, 'the entry path leaves the checkout');
        entry.resume();
        continue;
      }
      if (rel.split('/').some((segment) => IGNORED_DIRS.has(segment))) {
        entry.resume();
        continue;
      }
      if (type === 'symlink' || type === 'link') {
        const raw = header.linkname ?? '';
        // A symbolic link is relative to its own folder; a hard link names a path of the archive.
        const target =
          type === 'symlink'
            ? resolveRepoPath(rel, raw)
            : raw.startsWith(`${root}/`)
              ? normalizeRepoPath(raw.slice((root as string).length + 1))
              : undefined;
        links.set(rel, { target, raw });
        entry.resume();
        continue;
      }
      if (type !== 'file' && type !== 'contiguous-file') {
        entry.resume();
        continue;
      }
      const size = header.size ?? 0;
      sizes.set(rel, size);
      if (size > limits.maxFileBytes) {
        entry.resume();
        continue;
      }
      if (kept + size > limits.maxTotalBytes) {
        overBudget++;
        entry.resume();
        continue;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      kept += size;
      files.set(rel, Buffer.concat(chunks));
    }
  }

  for (const [path, link] of links) {
    let target = link.target;
    for (let hop = 0; target !== undefined && links.has(target) && hop < MAX_LINK_HOPS; hop++)
      target = links.get(target)?.target;
    if (target === undefined) {
      refuse(path, `a link pointing outside the checkout (${link.raw}), not followed`);
      continue;
    }
    const content = files.get(target);
    const size = sizes.get(target);
    if (size === undefined) {
      refuse(path, `a link to ${target}, which is not a file of the checkout, not followed`);
      continue;
    }
    sizes.set(path, size);
    if (content !== undefined) files.set(path, content);
  }
  if (overBudget > 0) {
    notices.push({
      file: '.',
      view: 'checkout',
      reason: 'oversized',
      detail: `${overBudget} file${overBudget === 1 ? '' : 's'} not downloaded: the ${limits.maxTotalBytes}-byte budget of one analysis is spent`,
    });
  }
  if (!complete) {
    notices.push({
      file: '.',
      view: 'checkout',
      reason: 'oversized',
      detail: `the commit tarball is over ${limits.maxStreamBytes} bytes decompressed: read up to there`,
    });
  }
  return { files, sizes, notices, complete };
}
