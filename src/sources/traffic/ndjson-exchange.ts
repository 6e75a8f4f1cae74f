import type { Exchange, ExchangeBody, NameValue } from './exchange.js';
import { harEntryToExchange, nameValues } from './har-entry.js';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Headers as an object (`{"x-a": "1", "set-cookie": ["a", "b"]}`) or as HAR's `[{name, value}]`. */
function headersOf(v: unknown): NameValue[] {
  if (Array.isArray(v)) return nameValues(v);
  if (!isObject(v)) return [];
  const out: NameValue[] = [];
  for (const [name, value] of Object.entries(v)) {
    if (Array.isArray(value)) for (const one of value) out.push({ name, value: String(one) });
    else if (value !== undefined && value !== null) out.push({ name, value: String(value) });
  }
  return out;
}

function isJsonMedia(mimeType: string | undefined): boolean {
  if (mimeType === undefined) return true;
  const m = mimeType.split(';')[0]?.trim().toLowerCase() ?? '';
  return m === '' || m === 'application/json' || m.endsWith('+json');
}

function bodyOf(side: Json, headers: NameValue[]): ExchangeBody | undefined {
  const mimeType =
    str(side.mimeType) ?? headers.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? undefined;
  const body: ExchangeBody = {};
  if (mimeType !== undefined) body.mimeType = mimeType;
  if (typeof side.bodyBase64 === 'string') body.bytes = Buffer.from(side.bodyBase64, 'base64');
  else if (typeof side.bodyText === 'string') body.text = side.bodyText;
  else if ('body' in side && side.body !== undefined) {
    if (typeof side.body === 'string' && !isJsonMedia(mimeType)) body.text = side.body;
    else body.value = side.body;
  } else return undefined;
  return body;
}

/**
 * Converts one parsed NDJSON line into an {@link Exchange}. Accepts the Specwatch exchange format
 * (docs/traffic-format.md) and, for convenience, a HAR entry object per line. Returns undefined when the value is
 * neither.
 */
export function ndjsonToExchange(value: unknown): Exchange | undefined {
  if (!isObject(value)) return undefined;
  const request = isObject(value.request) ? value.request : {};
  const response = isObject(value.response) ? value.response : {};
  if (typeof request.method === 'string' && typeof request.url === 'string' && value.method === undefined) {
    return harEntryToExchange(value);
  }
  const method = str(value.method) ?? str(request.method);
  const url = str(value.url) ?? str(request.url);
  if (method === undefined || method.length === 0 || url === undefined || url.length === 0) return undefined;
  const rawStatus = value.status ?? response.status;
  const status = typeof rawStatus === 'number' ? rawStatus : Number(rawStatus ?? 0) || 0;
  const reqHeaders = headersOf(request.headers);
  const resHeaders = headersOf(response.headers);
  const exchange: Exchange = {
    method,
    url,
    request: { headers: reqHeaders },
    response: { status, headers: resHeaders },
  };
  const time = str(value.time) ?? str(value.startedDateTime);
  if (time !== undefined) exchange.startedDateTime = time;
  const reqBody = bodyOf(request, reqHeaders);
  if (reqBody !== undefined) exchange.request.body = reqBody;
  const resBody = bodyOf(response, resHeaders);
  if (resBody !== undefined) exchange.response.body = resBody;
  return exchange;
}
