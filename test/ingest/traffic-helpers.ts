import type { AddressInfo } from 'node:net';

/** Personal values the privacy tests plant in traffic and then look for everywhere Specwatch writes. */
export const SECRETS = {
  ssns: ['512-44-8821', '623-18-4470'],
  emails: ['maria.gonzalez@example.org', 'j.okafor@clinic.test'],
  names: ['Gonzalez', 'Okafor', 'Maria', 'Chidi'],
  phones: ['+1-415-555-0142', '(212) 555-0199'],
  tokens: ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwYXQtNDIifQ.c2lnbmF0dXJlLXNlY3JldA', 'tok_live_9f8e7d6c5b4a3b2c'],
} as const;

/** Every planted value, flattened. */
export const ALL_SECRETS: string[] = Object.values(SECRETS).flat();

/** A patient the way a clinic API returns it. */
export function patient(i: number): Record<string, unknown> {
  const a = i % 2;
  return {
    id: 1000 + i,
    resourceType: 'Patient',
    name: [{ family: SECRETS.names[a], given: [SECRETS.names[2 + a]] }],
    fullName: `${SECRETS.names[2 + a]} ${SECRETS.names[a]}`,
    ssn: SECRETS.ssns[a],
    email: SECRETS.emails[a],
    phone: SECRETS.phones[a],
    status: 'active',
  };
}

/** One NDJSON exchange (Specwatch's format) carrying personal data in the body, URL, query and headers. */
export function exchangeLine(i: number): Record<string, unknown> {
  const a = i % 2;
  return {
    time: `2024-05-02T10:00:${String(i % 60).padStart(2, '0')}Z`,
    method: 'GET',
    url: `https://api.clinic.test/v1/patients/${1000 + i}?email=${encodeURIComponent(SECRETS.emails[a]!)}`,
    status: 200,
    request: {
      headers: {
        authorization: `Bearer ${SECRETS.tokens[a]}`,
        'x-patient-phone': SECRETS.phones[a],
        cookie: `session=${SECRETS.tokens[1 - a]}`,
      },
    },
    response: { headers: { 'content-type': 'application/json' }, body: patient(i) },
  };
}

/** A POST exchange whose request body carries the personal data. */
export function createLine(i: number): Record<string, unknown> {
  const { id: _, ...body } = patient(i);
  return {
    time: '2024-05-02T11:00:00Z',
    method: 'POST',
    url: `https://api.clinic.test/v1/users/${SECRETS.emails[i % 2]}/patients`,
    status: 201,
    request: {
      headers: { authorization: `Bearer ${SECRETS.tokens[i % 2]}`, 'content-type': 'application/json' },
      body,
    },
    response: { headers: { 'content-type': 'application/json' }, body: patient(i) },
  };
}

/** An NDJSON batch of `n` exchanges. */
export function ndjsonBatch(n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(JSON.stringify(i % 3 === 2 ? createLine(i) : exchangeLine(i)));
  return `${lines.join('\n')}\n`;
}

/** The same exchanges as a HAR 1.2 document. */
export function harDocument(n: number): string {
  const entries = [];
  for (let i = 0; i < n; i++) {
    const line = (i % 3 === 2 ? createLine(i) : exchangeLine(i)) as {
      time: string;
      method: string;
      url: string;
      status: number;
      request: { headers: Record<string, string>; body?: unknown };
      response: { headers: Record<string, string>; body: unknown };
    };
    const url = new URL(line.url);
    entries.push({
      startedDateTime: line.time,
      time: 12,
      request: {
        method: line.method,
        url: line.url,
        httpVersion: 'HTTP/1.1',
        headers: Object.entries(line.request.headers).map(([name, value]) => ({ name, value })),
        queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
        cookies: [],
        headersSize: -1,
        bodySize: -1,
        ...(line.request.body === undefined
          ? {}
          : { postData: { mimeType: 'application/json', text: JSON.stringify(line.request.body) } }),
      },
      response: {
        status: line.status,
        statusText: 'OK',
        httpVersion: 'HTTP/1.1',
        headers: [{ name: 'Content-Type', value: 'application/json' }],
        cookies: [],
        content: {
          size: -1,
          mimeType: 'application/json',
          encoding: 'base64',
          text: Buffer.from(JSON.stringify(line.response.body)).toString('base64'),
        },
        redirectURL: '',
        headersSize: -1,
        bodySize: -1,
      },
      cache: {},
      timings: { send: 0, wait: 10, receive: 2 },
    });
  }
  return JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '1' }, entries } }, null, 2);
}

/** Every planted value found in `text` (empty when none is). */
export function leakedSecrets(text: string): string[] {
  return ALL_SECRETS.filter((secret) => text.includes(secret));
}

/** `http://127.0.0.1:PORT` of a listening server. */
export function urlOf(address: AddressInfo | string | null): string {
  if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
  return `http://127.0.0.1:${address.port}`;
}
