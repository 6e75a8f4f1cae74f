import type { Exchange, NameValue } from '../../../src/sources/traffic/index.js';

/** A JSON exchange as a capture would hold it. */
export function exchange(
  method: string,
  url: string,
  options: {
    status?: number;
    body?: unknown;
    requestBody?: unknown;
    headers?: Record<string, string>;
    responseHeaders?: Record<string, string>;
    time?: string;
  } = {},
): Exchange {
  const pairs = (h: Record<string, string> | undefined): NameValue[] =>
    Object.entries(h ?? {}).map(([name, value]) => ({ name, value }));
  const e: Exchange = {
    method,
    url,
    startedDateTime: options.time ?? '2024-05-01T10:00:00.000Z',
    request: { headers: pairs(options.headers) },
    response: {
      status: options.status ?? 200,
      headers: [{ name: 'Content-Type', value: 'application/json' }, ...pairs(options.responseHeaders)],
    },
  };
  if (options.body !== undefined) e.response.body = { text: JSON.stringify(options.body) };
  if (options.requestBody !== undefined) {
    e.request.headers.push({ name: 'Content-Type', value: 'application/json' });
    e.request.body = { text: JSON.stringify(options.requestBody) };
  }
  return e;
}
