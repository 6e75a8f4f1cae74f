import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

/**
 * Undoes `Content-Encoding` on a captured body so its shape can be read; undefined when the encoding is unknown,
 * the bytes are corrupt, or the result would exceed `maxBytes` (a compression bomb stays bounded).
 */
export function decodeBody(bytes: Buffer, contentEncoding: string | undefined, maxBytes: number): Buffer | undefined {
  const encoding = (contentEncoding ?? '').trim().toLowerCase();
  try {
    if (encoding === '' || encoding === 'identity') return bytes;
    if (encoding === 'gzip' || encoding === 'x-gzip') return gunzipSync(bytes, { maxOutputLength: maxBytes });
    if (encoding === 'deflate') return inflateSync(bytes, { maxOutputLength: maxBytes });
    if (encoding === 'br') return brotliDecompressSync(bytes, { maxOutputLength: maxBytes });
  } catch {
    return undefined;
  }
  return undefined;
}
