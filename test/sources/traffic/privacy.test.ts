import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  buildObservedSurface,
  type Exchange,
  type ExchangeShape,
  readExchanges,
  readTrafficAccumulators,
  readTrafficFiles,
  reduceExchange,
  ShapeCollector,
} from '../../../src/sources/traffic/index.js';

const fixtures = join(fileURLToPath(new URL('.', import.meta.url)), '../../fixtures/traffic');

/** Values the fixtures carry (see test/fixtures/traffic): none may survive the edge. */
const SECRETS = [
  // SSNs, with and without dashes
  '536-22-8471',
  '536228471',
  '412-81-3307',
  // emails, also percent-encoded as they appear in URLs and forms
  'maria.garcia@clinic-mail.org',
  'maria.garcia%40clinic-mail.org',
  'wei.chen@clinic-mail.org',
  'm.garcia@clinic-mail.org',
  // names
  'Maria',
  'Garcia',
  'Wei',
  'Chen',
  // phone numbers
  '+1 (415) 555-0132',
  '555-0132',
  '(628) 555-0178',
  '555-0199',
  // dates of birth
  '1984-07-19',
  '1991-02-03',
  // credentials: JWT (header, payload and signature), API keys, basic credentials, session cookie, password
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImNsaW5pYy0yMDI0In0',
  'eyJzdWIiOiJ1c2VyLTc3Iiwic2NvcGUiOiJwYXRpZW50czpyZWFkIiwiaWF0IjoxNzE0NTU3NjAwfQ',
  'Zm9vYmFyc2lnbmF0dXJlX3NpZ25lZA',
  'sk_live_9f8e7d6c5b4a39281706',
  'pk_test_51HqLyjWDarjtT1zdp7dc',
  'Y2xpbmljLWFwcDpzM2NyM3QtY2xpZW50',
  's%3A8f2b1c9e7a6d5f4e3c2b1a0f',
  '8f2b1c9e7a6d5f4e3c2b1a0f',
  'Tr0ub4dor',
  // path ids
  '1042',
  '1043',
  'b1f5c6e2-9d1a-4c3e-8f7a-2e4b6d8c0a11',
  // free text
  'Follow-up',
  'Annual physical',
  '415',
];

const FILES = ['chrome-devtools.har', 'charles.har', 'mitmproxy.har', 'postman.har', 'capture.ndjson'].map((f) =>
  join(fixtures, f),
);

function leaks(serialised: string): string[] {
  return SECRETS.filter((s) => serialised.includes(s));
}

describe('privacy: no traffic value survives reduction', () => {
  it('exchange shapes hold none of the values', async () => {
    const shapes: ExchangeShape[] = [];
    for (const file of FILES) {
      for await (const e of readExchanges(file)) {
        const shape = reduceExchange(e, { includeAssets: true, secret: 'install-secret' });
        if (shape !== null) shapes.push(shape);
      }
    }
    expect(shapes.length).toBeGreaterThan(20);
    expect(leaks(JSON.stringify(shapes))).toEqual([]);
  });

  it('accumulators and the observed surface hold none of the values', async () => {
    const accumulators = await readTrafficAccumulators(FILES, { secret: 'install-secret' });
    expect(leaks(JSON.stringify(accumulators))).toEqual([]);
    const surface = await readTrafficFiles(FILES, { secret: 'install-secret' });
    expect(surface.operations.length).toBeGreaterThan(10);
    expect(leaks(JSON.stringify(surface.operations))).toEqual([]);
    expect(leaks(JSON.stringify(surface.securitySchemes))).toEqual([]);
  });

  it('many repetitions of a personal value never turn it into an enum literal', () => {
    const collector = new ShapeCollector();
    const exchanges: Exchange[] = Array.from({ length: 60 }, (_, i) => ({
      method: 'GET',
      url: `/v1/patients/${i}`,
      request: { headers: [] },
      response: {
        status: 200,
        headers: [{ name: 'content-type', value: 'application/json' }],
        body: {
          value: {
            firstName: 'maria',
            username: 'mgarcia',
            password: 'hunter',
            lastName: 'Garcia',
            ssn: '536-22-8471',
            kind: 'patient',
          },
        },
      },
    }));
    for (const e of exchanges) collector.add(reduceExchange(e) as ExchangeShape);
    const serialised = JSON.stringify(collector.accumulators());
    expect(serialised).not.toContain('maria');
    expect(serialised).not.toContain('mgarcia');
    expect(serialised).not.toContain('hunter');
    expect(serialised).not.toContain('Garcia');
    // A code-like, non-personal value of enough support is the one thing that may become an enum.
    const schema = buildObservedSurface(collector.accumulators()).operations[0]?.responses[0]?.content[
      'application/json'
    ]?.schema;
    expect(schema?.properties?.kind?.enum).toEqual(['patient']);
    expect(schema?.properties?.ssn?.enum).toBeUndefined();
    expect(schema?.properties?.ssn?.observed?.hits).toEqual({ ssn: 60 });
  });

  it('errors name lines, never content', async () => {
    const messages: string[] = [];
    const text =
      '{"method":"GET","url":"/p/536-22-8471","status":200,"response":{"body":"maria.garcia@clinic-mail.org"\n';
    for await (const _ of readExchanges({ text }, { onInvalid: (e) => messages.push(e.message) })) {
      // nothing is readable
    }
    expect(messages).toHaveLength(1);
    expect(leaks(messages.join('\n'))).toEqual([]);
  });
});
