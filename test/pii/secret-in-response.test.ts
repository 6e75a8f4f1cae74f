import { describe, expect, it } from 'vitest';
import { type ApiSurface, emptySurface, type Operation, type Schema } from '../../src/model/index.js';
import {
  classifyField,
  findSecretsInResponses,
  isCnpj,
  isCpf,
  secretShape,
  summarizeValues,
} from '../../src/pii/index.js';

const str = (extra: Partial<Schema> = {}): Schema => ({ type: ['string'], ...extra });

function surfaceWith(source: 'implemented' | 'observed', path: string, body: Schema): ApiSurface {
  const op: Operation = {
    method: 'GET',
    path,
    parameters: [],
    responses: [{ status: '200', headers: {}, content: { 'application/json': { schema: body } } }],
    security: [],
    evidence:
      source === 'implemented'
        ? [{ source: 'implemented', file: 'src/articles/articles.controller.ts', line: 21, framework: 'nestjs' }]
        : [{ source: 'observed', count: 12, firstSeen: '2026-11-01', lastSeen: '2026-11-30' }],
  };
  return { ...emptySurface(source), operations: [op] };
}

describe('secret-in-response', () => {
  it('flags the joined author entity with its password hash as critical, from the code view', () => {
    // An article list whose ORM query joins and selects the whole user row of each author.
    const author: Schema = {
      type: ['object'],
      properties: { id: { type: ['integer'] }, username: str(), email: str(), password: str(), bio: str() },
    };
    const article: Schema = { type: ['object'], properties: { slug: str(), title: str(), author } };
    const surface = surfaceWith('implemented', '/articles', { type: ['array'], items: article });
    const findings = findSecretsInResponses(surface);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'secret-in-response', severity: 'critical', operation: 'GET /articles' });
    expect(findings[0]!.message).toContain('author.password');
  });

  it('flags argon2 hashes seen in traffic under a neutral name, and no token from a token endpoint', () => {
    const hashes = summarizeValues([
      '$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$UeEu4gQn6OmvOjrD4OSQ0vGm8A4oWJmHqRCUY0A5Qd8',
      '$argon2id$v=19$m=65536,t=3,p=4$b3RoZXJzYWx0$kX4rIHJm5IWjDOvq9pvTrWbq7fOaAx3g2ld4pC8Y1m0',
    ]);
    expect(hashes.hits['password-hash']).toBe(2);
    const observed = surfaceWith('observed', '/profiles/{username}', {
      type: ['object'],
      properties: { username: str(), digest: str({ observed: { samples: 2, nulls: 0, hits: hashes.hits } }) },
    });
    const findings = findSecretsInResponses(observed);
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('`response.200.digest`, a password hash')]);
    const tokenEndpoint = surfaceWith('observed', '/oauth/token', {
      type: ['object'],
      properties: { access_token: str(), refresh_token: str(), token_type: str(), expires_in: { type: ['integer'] } },
    });
    expect(findSecretsInResponses(tokenEndpoint)).toEqual([]);
  });

  it('names credentials but not the fields that describe them', () => {
    const secret = (path: string, type = 'string') => classifyField({ path, type }).secret;
    expect(secret('user.passwordHash')).toBe('password-hash');
    expect(secret('refresh_token')).toBe('refresh-token');
    expect(secret('client_secret')).toBe('client-secret');
    expect(secret('mfa.totpSecret')).toBe('mfa-secret');
    expect(secret('session.token')).toBe('access-token');
    expect(secret('next_access_token')).toBe('access-token');
    for (const path of [
      'token_type',
      'password_changed_at',
      'api_key_id',
      'hasPassword',
      'expires_in',
      'passwordPolicy',
      // Pagination cursors and request keys: a `token` that is no credential.
      'next_page_token',
      'NextToken',
      'pageToken',
      'continuationToken',
      'sync_token',
      'idempotency_token',
    ])
      expect(secret(path), path).toBeUndefined();
    expect(secret('password', 'boolean')).toBeUndefined();
  });

  it('recognises credential value shapes and Brazilian tax ids by their check digits', () => {
    expect(secretShape('$2b$12$KIXQJ1bW1Cq1iQ2Z1r3t2uOQbVZ9w4l8mJ8yQ0v6o5mVqU1m8a6lW')).toBe('password-hash');
    expect(secretShape('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl')).toBe('jwt');
    expect(secretShape('-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----')).toBe('private-key');
    expect(secretShape('Amy Shaw')).toBeUndefined();
    expect(isCpf('529.982.247-24')).toBe(false);
    expect(isCpf('529.982.247-25')).toBe(true);
    expect(isCpf('11111111111')).toBe(false);
    expect(isCnpj('11.222.333/0001-81')).toBe(true);
    expect(isCnpj('11.222.333/0001-82')).toBe(false);
  });
});
