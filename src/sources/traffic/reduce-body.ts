import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import type { ExchangeBody } from './exchange.js';
import type { BodyShape, ValueShape } from './exchange-shape.js';
import { slot } from './records.js';
import { addJsonValue, addTextValue, emptyValueShape, type ValueContext } from './reduce-value.js';

/** Bodies above this size are counted but not parsed. */
export const MAX_PARSED_BODY = 16 * 1024 * 1024;

/** Media type without parameters, lower case. */
export function mediaTypeOf(mimeType: string | undefined): string {
  if (mimeType === undefined) return '';
  const semi = mimeType.indexOf(';');
  const media = (semi >= 0 ? mimeType.slice(0, semi) : mimeType).trim().toLowerCase();
  // Anything but a type/subtype token pair is not kept (it could be anything the client sent).
  return media.length <= 100 && MEDIA_TYPE.test(media) ? media : '';
}

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;

function isJsonMedia(media: string): boolean {
  return (
    media === 'application/json' || media.endsWith('+json') || media === 'text/json' || media === 'application/x-json'
  );
}

function looksCompressed(bytes: Uint8Array): 'gzip' | 'zlib' | undefined {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return 'gzip';
  if (bytes.length >= 2 && bytes[0] === 0x78 && ((bytes[0] << 8) | (bytes[1] as number)) % 31 === 0) return 'zlib';
  return undefined;
}

/**
 * Decompresses bytes that are still content-encoded: a HAR exporter sometimes stores the body as sent on the wire
 * (base64 of gzip/brotli). Undecodable bytes are returned as they are.
 */
export function decompress(bytes: Uint8Array, contentEncoding: string | undefined): Uint8Array {
  const opts = { maxOutputLength: MAX_PARSED_BODY };
  const magic = looksCompressed(bytes);
  try {
    if (magic === 'gzip') return gunzipSync(bytes, opts);
    const enc = contentEncoding?.toLowerCase().trim();
    if (enc === 'br') return brotliDecompressSync(bytes, opts);
    if (enc === 'deflate') return magic === 'zlib' ? inflateSync(bytes, opts) : inflateRawSync(bytes, opts);
  } catch {
    // Many exporters already decoded the body and left the header: the bytes are the content.
  }
  return bytes;
}

function charsetOf(mimeType: string | undefined): string {
  const m = mimeType === undefined ? null : /charset\s*=\s*"?([^";\s]+)/i.exec(mimeType);
  return m ? (m[1] as string).toLowerCase() : 'utf-8';
}

function decodeText(bytes: Uint8Array, mimeType: string | undefined): string {
  try {
    return new TextDecoder(charsetOf(mimeType)).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function isTextual(media: string): boolean {
  return (
    isJsonMedia(media) ||
    media === '' ||
    media.startsWith('text/') ||
    media === 'application/x-www-form-urlencoded' ||
    media === 'application/x-ndjson' ||
    media.endsWith('+xml') ||
    media === 'application/xml'
  );
}

function reduceForm(pairs: Iterable<[string, string]>, ctx: ValueContext): ValueShape {
  const shape = emptyValueShape();
  shape.count = 1;
  shape.types.object = 1;
  const props: Record<string, ValueShape> = {};
  shape.properties = props;
  for (const [name, value] of pairs) {
    if (name.length === 0 || name.length > 128 || name === '__proto__') continue;
    const target = slot(props, name, emptyValueShape);
    if (target === undefined) continue;
    addTextValue(target, value, name, ctx);
  }
  return shape;
}

function parseUrlEncoded(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const part of text.split('&')) {
    if (part.length === 0) continue;
    const eq = part.indexOf('=');
    out.push([safeDecode(eq >= 0 ? part.slice(0, eq) : part), safeDecode(eq >= 0 ? part.slice(eq + 1) : '')]);
  }
  return out;
}

/** Percent-decodes a query/form component (`+` is a space), leaving malformed escapes as they are. */
export function safeDecode(text: string): string {
  const t = text.includes('+') ? text.replace(/\+/g, ' ') : text;
  if (!t.includes('%')) return t;
  try {
    return decodeURIComponent(t);
  } catch {
    return t;
  }
}

/**
 * A parsed JSON body handed back instead of reduced, so a caller that accumulates can reduce it straight into its
 * accumulator (no per-exchange tree to build and merge). The value lives only for that call.
 */
export interface DeferredJson {
  value?: unknown;
}

/**
 * Reduces a body to its shape: media type, size, and the JSON or form shape when parsable. The body's text and
 * values go no further than this function.
 */
export function reduceBody(
  body: ExchangeBody | undefined,
  contentType: string | undefined,
  contentEncoding: string | undefined,
  ctx: ValueContext,
  deferred?: DeferredJson,
): BodyShape | undefined {
  if (body === undefined) return undefined;
  const mimeType = body.mimeType && body.mimeType.length > 0 ? body.mimeType : contentType;
  let media = mediaTypeOf(mimeType);
  if (body.value !== undefined) {
    if (media === '') media = 'application/json';
    if (deferred !== undefined) {
      deferred.value = body.value;
      return { mediaType: media, size: 0 };
    }
    const json = emptyValueShape();
    addJsonValue(json, body.value, '', ctx);
    return { mediaType: media, size: 0, json };
  }
  let text = body.text;
  let size = text === undefined ? 0 : Buffer.byteLength(text);
  if (text === undefined && body.bytes !== undefined) {
    const bytes = decompress(body.bytes, contentEncoding);
    size = bytes.length;
    if (isTextual(media) && size <= MAX_PARSED_BODY) text = decodeText(bytes, mimeType);
  }
  if (body.params !== undefined && body.params.length > 0 && (text === undefined || media.startsWith('multipart/'))) {
    return {
      mediaType: media,
      size,
      form: reduceForm(
        body.params.map((p) => [p.name, p.value]),
        ctx,
      ),
    };
  }
  if (text === undefined || (text.length === 0 && size === 0)) {
    return size === 0 && body.params === undefined && media === '' ? undefined : { mediaType: media, size };
  }
  if (size > MAX_PARSED_BODY) return { mediaType: media, size, unparsed: true };
  const first = firstNonSpace(text);
  if (isJsonMedia(media) || ((media === '' || media === 'text/plain') && (first === '{' || first === '['))) {
    try {
      const value = JSON.parse(text) as unknown;
      if (media === '') media = 'application/json';
      if (deferred !== undefined) {
        deferred.value = value;
        return { mediaType: media, size };
      }
      const json = emptyValueShape();
      addJsonValue(json, value, '', ctx);
      return { mediaType: media, size, json };
    } catch {
      return { mediaType: media, size, unparsed: isJsonMedia(media) };
    }
  }
  if (media === 'application/x-www-form-urlencoded') {
    return { mediaType: media, size, form: reduceForm(parseUrlEncoded(text), ctx) };
  }
  return { mediaType: media, size };
}

function firstNonSpace(text: string): string {
  for (let i = 0; i < text.length && i < 64; i++) {
    const c = text[i] as string;
    if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') return c;
  }
  return '';
}
