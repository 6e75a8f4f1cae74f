import type { Exchange, ExchangeBody, NameValue } from './exchange.js';
import { HarEntryScanner, TrafficParseError } from './har-scanner.js';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** `[{name, value}]` as HAR writes headers; tolerates missing or odd entries. */
export function nameValues(v: unknown): NameValue[] {
  if (!Array.isArray(v)) return [];
  const out: NameValue[] = [];
  for (const h of v) {
    if (!isObject(h)) continue;
    const name = str(h.name);
    if (name === undefined || name.length === 0) continue;
    const value = h.value;
    out.push({
      name,
      value: typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value),
    });
  }
  return out;
}

function decodeBase64(text: string): Uint8Array {
  return Buffer.from(text, 'base64');
}

function contentBody(content: unknown): ExchangeBody | undefined {
  if (!isObject(content)) return undefined;
  const mimeType = str(content.mimeType);
  const text = str(content.text);
  const body: ExchangeBody = {};
  if (mimeType !== undefined && mimeType.length > 0) body.mimeType = mimeType;
  if (text !== undefined) {
    // Charles, Fiddler and mitmproxy write binary (and sometimes all) bodies base64-encoded.
    if (str(content.encoding)?.toLowerCase() === 'base64') body.bytes = decodeBase64(text);
    else body.text = text;
  }
  if (body.text === undefined && body.bytes === undefined && body.mimeType === undefined) return undefined;
  return body;
}

function postDataBody(postData: unknown): ExchangeBody | undefined {
  if (!isObject(postData)) return undefined;
  const body = contentBody(postData) ?? {};
  const mimeType = str(postData.mimeType);
  if (mimeType !== undefined && mimeType.length > 0) body.mimeType = mimeType;
  if (Array.isArray(postData.params) && postData.params.length > 0) {
    body.params = postData.params.filter(isObject).map((p) => ({
      name: str(p.name) ?? '',
      // A file part keeps no content: only that a value was there.
      value: str(p.fileName) !== undefined ? '' : (str(p.value) ?? ''),
    }));
  }
  if (body.text === undefined && body.bytes === undefined && body.params === undefined) {
    return body.mimeType === undefined ? undefined : body;
  }
  return body;
}

/**
 * Converts one HAR 1.2 `log.entries[i]` object — as Chrome/Firefox DevTools, Charles, Fiddler, mitmproxy or Postman
 * export it — into an {@link Exchange}. Missing parts are tolerated; returns undefined when the entry has no request
 * method or URL.
 */
export function harEntryToExchange(entry: unknown): Exchange | undefined {
  if (!isObject(entry) || !isObject(entry.request)) return undefined;
  const req = entry.request;
  const method = str(req.method);
  const url = str(req.url);
  if (method === undefined || method.length === 0 || url === undefined || url.length === 0) return undefined;
  const res = isObject(entry.response) ? entry.response : {};
  const status = typeof res.status === 'number' ? res.status : Number(res.status ?? 0) || 0;
  const exchange: Exchange = {
    method,
    url,
    request: { headers: nameValues(req.headers) },
    response: { status, headers: nameValues(res.headers) },
  };
  const started = str(entry.startedDateTime);
  if (started !== undefined) exchange.startedDateTime = started;
  const reqBody = postDataBody(req.postData);
  if (reqBody !== undefined) exchange.request.body = reqBody;
  const resBody = contentBody(res.content);
  if (resBody !== undefined) exchange.response.body = resBody;
  return exchange;
}

/** Parses a whole HAR document held in memory (a small ingestion batch) into exchanges. */
export function parseHarText(text: string): Exchange[] {
  const scanner = new HarEntryScanner();
  const out: Exchange[] = [];
  scanner.feed(text, (entryText, line) => {
    let entry: unknown;
    try {
      entry = JSON.parse(entryText);
    } catch {
      throw new TrafficParseError(`HAR entry ${scanner.entries} at line ${line} is not valid JSON`, line);
    }
    const exchange = harEntryToExchange(entry);
    if (exchange !== undefined) out.push(exchange);
  });
  scanner.finish();
  return out;
}
