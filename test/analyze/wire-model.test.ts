import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.js';
import { localRepo } from '../../src/checkout/index.js';
import { defaultConfig } from '../../src/config/index.js';
import { memoryRepo } from '../../src/sources/repo/index.js';

const fixture = (name: string) => localRepo(join(import.meta.dirname, '../fixtures/code', name));

describe('the wire model of the code view', () => {
  it('reports the whole user row a TypeORM query joins, and nothing of a relation no query loads', async () => {
    const result = await analyze({ repo: fixture('nest-typeorm'), config: defaultConfig(), docs: ['openapi.yaml'] });
    const one = result.findings.filter((f) => f.operation === 'GET /articles/{id}');
    const author = one.find((f) => f.rule === 'undocumented-response-field');
    expect(author?.subject).toBe('response.200.author');
    expect(author?.confidence).toBe('likely');
    expect(author?.message).toContain('email');
    expect(author?.message).toContain('passwordHash');
    // `select: false` columns and `@Exclude()` properties never reach the response.
    expect(author?.message).not.toContain('resetToken');
    expect(author?.message).not.toContain('internalNotes');
    expect(one.some((f) => f.rule === 'undocumented-pii' && f.subject === 'response.200.author.email')).toBe(true);
    // The list query loads no relation: no field of the author, PII or otherwise.
    expect(result.findings.filter((f) => f.operation === 'GET /articles')).toEqual([]);
  });

  it('a real NestJS + Prisma app: the feed that includes the author sends its email and name, the post that does not sends none of its fields', async () => {
    const app = localRepo(join(import.meta.dirname, '../fixtures/real-apps/prisma-rest-nestjs'));
    const result = await analyze({ repo: app, config: defaultConfig(), docs: ['openapi.yaml'] });
    const feed = result.findings.filter((f) => f.operation === 'GET /feed');
    const author = feed.find((f) => f.rule === 'undocumented-response-field');
    expect(author?.subject).toBe('response.200.[].author');
    expect(author?.confidence).toBe('likely');
    expect(author?.message).toContain('(id, email, name)');
    expect(
      feed
        .filter((f) => f.rule === 'undocumented-pii')
        .map((f) => [f.subject, f.confidence])
        .sort(),
    ).toEqual([
      ['response.200.[].author.email', 'likely'],
      ['response.200.[].author.name', 'likely'],
    ]);
    // `post.findUnique` without `include`: the author relation is not on the wire, so nothing of it is reported.
    expect(result.findings.filter((f) => f.operation === 'GET /post/{id}' && /author/.test(f.subject ?? ''))).toEqual(
      [],
    );
  });

  it('lists inferred field findings at info, in the details, when the check counts only certain ones', async () => {
    const config = { ...defaultConfig(), fieldConfidence: 'certain' as const };
    const result = await analyze({ repo: fixture('nest-typeorm'), config, docs: ['openapi.yaml'] });
    const author = result.findings.find((f) => f.subject === 'response.200.author');
    expect(author?.confidence).toBe('likely');
    expect(author?.severity).toBe('info');
  });

  it('does not call a pydantic field with a default optional in a response: it is always sent', async () => {
    const repo = memoryRepo({
      'requirements.txt': 'fastapi\n',
      'app/main.py': [
        'from fastapi import FastAPI',
        'from pydantic import BaseModel',
        '',
        'app = FastAPI()',
        '',
        'class Item(BaseModel):',
        '    name: str',
        '    image: str | None = None',
        '    tags: list[str] = []',
        '',
        '@app.get("/items/{item_id}", response_model=Item)',
        'def read_item(item_id: int):',
        '    return Item(name="x")',
        '',
      ].join('\n'),
      'openapi.yaml': [
        'openapi: 3.0.3',
        'info: {title: t, version: "1"}',
        'paths:',
        '  /items/{item_id}:',
        '    get:',
        '      parameters:',
        '        - {name: item_id, in: path, required: true, schema: {type: integer}}',
        '      responses:',
        '        "200":',
        '          description: ok',
        '          content:',
        '            application/json:',
        '              schema:',
        '                type: object',
        '                required: [name, image, tags]',
        '                properties:',
        '                  name: {type: string}',
        '                  image: {type: string, nullable: true}',
        '                  tags: {type: array, items: {type: string}}',
        '',
      ].join('\n'),
    });
    const result = await analyze({ repo, config: defaultConfig(), docs: ['openapi.yaml'] });
    expect(result.findings.filter((f) => f.rule === 'field-required-mismatch')).toEqual([]);
  });
});
