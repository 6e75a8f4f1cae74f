import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localRepo } from '../../../src/checkout/index.js';
import { resolveSchema } from '../../../src/model/index.js';
import { extractImplementedSurface } from '../../../src/sources/code/index.js';

const fixture = (name: string) => localRepo(join(import.meta.dirname, '../../fixtures/code', name));

describe('implemented view of Python, Java and Go services', () => {
  it('detects FastAPI from requirements.txt and reads parameters, pydantic bodies and statuses', async () => {
    const { surface, frameworks } = await extractImplementedSurface(fixture('fastapi'));
    expect(frameworks).toContain('fastapi');
    const list = surface.operations.find((op) => op.method === 'GET' && op.path === '/api/v1/users');
    expect(list?.parameters.map((p) => `${p.in}:${p.name}:${p.required}`).sort()).toEqual([
      'query:limit:false',
      'query:q:false',
      'query:skip:false',
    ]);
    const create = surface.operations.find((op) => op.method === 'POST' && op.path === '/api/v1/items');
    // 401 comes from the CurrentUser dependency's OAuth2PasswordBearer: inferred, so `likely`. 422 is FastAPI's own
    // answer to a body its model rejects.
    expect(create?.responses.map((r) => `${r.status}:${r.confidence ?? 'certain'}`)).toEqual([
      '201:certain',
      '401:likely',
      '422:certain',
    ]);
    const body = create?.requestBody?.content['application/json']?.schema;
    const model = body ? resolveSchema(surface, body) : undefined;
    expect(Object.keys(model?.properties ?? {}).sort()).toEqual(['description', 'title']);
    expect(model?.required).toEqual(['title']);
    const webhook = surface.operations.find((op) => op.path === '/github');
    expect(webhook?.parameters).toContainEqual(
      expect.objectContaining({ name: 'x-hub-signature-256', in: 'header', required: true }),
    );
  });

  it('detects Spring from pom.xml and reads path variables, optional request params and DTO schemas', async () => {
    const { surface, frameworks } = await extractImplementedSurface(fixture('spring'));
    expect(frameworks).toEqual(['spring']);
    const list = surface.operations.find((op) => op.method === 'GET' && op.path === '/v1/owners');
    expect(list?.parameters).toContainEqual(
      expect.objectContaining({ name: 'lastName', in: 'query', required: false }),
    );
    const add = surface.operations.find((op) => op.method === 'POST' && op.path === '/v1/owners');
    expect(add?.responses.map((r) => r.status)).toEqual(['201']);
    const dto = resolveSchema(surface, add?.requestBody?.content['application/json']?.schema ?? {});
    expect(Object.keys(dto.properties ?? {}).sort()).toEqual(['firstName', 'id', 'lastName', 'pets', 'phone']);
    expect(dto.required).toEqual(['firstName', 'lastName']);
    expect(add?.evidence[0]).toMatchObject({
      source: 'implemented',
      framework: 'spring',
      file: expect.stringMatching(/OwnerRestController\.java$/),
    });
  });

  it('detects Gin and chi from go.mod', async () => {
    expect((await extractImplementedSurface(fixture('gin'))).frameworks).toEqual(['gin']);
    expect((await extractImplementedSurface(fixture('chi'))).frameworks).toEqual(['chi']);
  });

  it('reads Gin handlers: parameters, bound and written structs as json-tagged schemas, statuses', async () => {
    const { surface } = await extractImplementedSurface(fixture('gin'));
    const op = (method: string, path: string) => surface.operations.find((o) => o.method === method && o.path === path);
    const list = op('GET', '/api/v1/books');
    expect(list?.parameters.map((p) => `${p.in}:${p.name}:${p.required}`)).toEqual([
      'query:q:false',
      'query:limit:false',
      'query:page:false',
      'query:sort:true',
    ]);
    expect(list?.parameters[1]?.schema).toEqual({ type: ['string'], default: '20' });
    expect(list?.responses.map((r) => r.status)).toEqual(['400', '200']);
    expect(list?.responses[1]?.content['application/json']?.schema).toEqual({
      type: ['array'],
      items: { $ref: 'Book' },
    });

    const create = op('POST', '/api/v1/books');
    expect(create?.requestBody?.content['application/json']?.schema).toEqual({ $ref: 'CreateBookRequest' });
    expect(create?.responses.map((r) => r.status)).toEqual(['400', '201']);
    expect(create?.responses[1]?.location).toMatchObject({ file: 'internal/handler/books.go' });

    const book = resolveSchema(surface, { $ref: 'Book' });
    // Embedded Timestamps promoted; `json:"-"` and unexported fields skipped; omitempty fields optional.
    expect(Object.keys(book.properties ?? {}).sort()).toEqual([
      'author',
      'created_at',
      'id',
      'meta',
      'price',
      'tags',
      'title',
      'updated_at',
    ]);
    expect(book.required?.sort()).toEqual(['created_at', 'id', 'price', 'tags', 'title']);
    expect(book.properties?.created_at).toMatchObject({ type: ['string'], format: 'date-time' });
    // A nil pointer under `omitempty` is left out, never sent as null: optional, not nullable.
    expect(book.properties?.updated_at).toMatchObject({ type: ['string'], format: 'date-time' });
    expect(book.properties?.author).toMatchObject({ $ref: 'Author' });
    expect(book.properties?.meta).toMatchObject({ type: ['object'], additionalProperties: { type: ['string'] } });
    expect(surface.schemas.Author?.required).toEqual(['name']);

    // A helper receiving the context (`respondError(c, http.StatusNotFound, …)`) and a method value's pointer result.
    const get = op('GET', '/api/v1/books/{id}');
    expect(get?.responses.map((r) => `${r.status}:${JSON.stringify(r.content['application/json']?.schema)}`)).toEqual([
      '404:{"$ref":"ErrorResponse"}',
      '200:{"$ref":"Book"}',
    ]);
    const update = op('PUT', '/api/v1/books/{id}');
    expect(update?.parameters.map((p) => `${p.in}:${p.name}:${p.required}`).sort()).toEqual([
      'header:If-Match:false',
      'path:id:true',
    ]);
    expect(update?.requestBody?.content['application/json']?.schema).toEqual({ $ref: 'CreateBookRequest' });
    // `c.BindJSON(req)` answers 400 itself (Gin's AbortWithError) when the body does not bind.
    expect(update?.responses.map((r) => r.status)).toEqual(['428', '400', '200']);
    expect(op('DELETE', '/api/v1/books/{id}')?.responses.map((r) => r.status)).toEqual(['204']);
    expect(op('POST', '/admin/reindex')?.responses.map((r) => r.status)).toEqual(['202']);
    expect(Object.keys(op('GET', '/api/v1/files/{filepath}')?.responses[0]?.content ?? {})).toEqual([
      'application/octet-stream',
    ]);
  });

  it('reads chi/net/http handlers: URL params, query, headers, decoded and encoded structs, statuses', async () => {
    const { surface } = await extractImplementedSurface(fixture('chi'));
    const op = (method: string, path: string) => surface.operations.find((o) => o.method === method && o.path === path);
    const list = op('GET', '/v1/todos');
    expect(list?.parameters.map((p) => `${p.in}:${p.name}:${p.required}`)).toEqual([
      'query:page:false',
      'query:status:false',
    ]);
    // Written through a `respondJSON(w, status, payload)` helper.
    expect(list?.responses.map((r) => `${r.status}:${JSON.stringify(r.content['application/json']?.schema)}`)).toEqual([
      '200:{"type":["array"],"items":{"$ref":"Todo"}}',
    ]);
    const create = op('POST', '/v1/todos');
    expect(create?.requestBody?.content['application/json']?.schema).toEqual({ $ref: 'TodoInput' });
    expect(create?.responses.map((r) => `${r.status}:${Object.keys(r.content).join()}`)).toEqual([
      '400:text/plain',
      '201:application/json',
    ]);
    expect(create?.responses[1]?.content['application/json']?.schema).toEqual({ $ref: 'Todo' });
    const todo = resolveSchema(surface, { $ref: 'Todo' });
    expect(todo.required).toEqual(['id', 'title', 'done', 'owner']);
    expect(todo.properties?.owner).toMatchObject({ $ref: 'User' });
    expect(todo.properties?.due_at).toMatchObject({ type: ['string'], format: 'date-time' });
    expect(todo.required).not.toContain('due_at');

    const get = op('GET', '/v1/todos/{todoID}');
    expect(get?.parameters).toContainEqual(expect.objectContaining({ name: 'todoID', in: 'path', required: true }));
    expect(get?.responses.map((r) => r.status)).toEqual(['404', '200']);
    const update = op('PUT', '/v1/todos/{todoID}');
    expect(update?.requestBody?.content['application/json']?.schema).toEqual({ $ref: 'TodoInput' });
    expect(update?.responses.map((r) => r.status)).toEqual(['422', '200']);
    expect(op('DELETE', '/v1/todos/{todoID}')?.responses.map((r) => r.status)).toEqual(['204']);
    const search = op('GET', '/v1/search/{query}');
    expect(search?.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['path:query', 'header:X-Api-Token']);
    // `http.HandlerFunc(s.importTodos)` is followed to the method.
    const imports = op('POST', '/v1/imports');
    expect(imports?.requestBody?.content['application/json']?.schema).toEqual({
      type: ['array'],
      items: { $ref: 'TodoInput' },
    });
    expect(imports?.responses.map((r) => r.status)).toEqual(['400', '202']);
  });

  it('reads Flask handlers: request.args/headers, JSON bodies, marshmallow schemas, returned and aborted statuses', async () => {
    const { surface } = await extractImplementedSurface(fixture('flask'));
    const op = (method: string, path: string) => surface.operations.find((o) => o.method === method && o.path === path);
    const list = op('GET', '/api/articles');
    expect(list?.parameters.map((p) => `${p.in}:${p.name}:${p.required}:${JSON.stringify(p.schema)}`)).toEqual([
      'query:tag:false:{"type":["string"]}',
      'query:limit:false:{"type":["integer"],"default":20}',
      'query:author:false:{"type":["array"],"items":{"type":["string"]}}',
    ]);
    expect(list?.responses[0]?.content['application/json']?.schema).toEqual({
      type: ['array'],
      items: { $ref: 'ArticleSchema' },
    });
    const create = op('POST', '/api/articles');
    expect(create?.requestBody?.content['application/json']?.schema).toEqual({ $ref: 'ArticleSchema' });
    expect(create?.responses.map((r) => r.status)).toEqual(['201']);
    const article = resolveSchema(surface, { $ref: 'ArticleSchema' });
    expect(Object.keys(article.properties ?? {})).toEqual(['slug', 'title', 'body', 'tagList', 'author', 'createdAt']);
    expect(article.required).toEqual(['title', 'body']);
    expect(article.properties?.author).toMatchObject({ $ref: 'AuthorSchema' });

    expect(op('GET', '/api/articles/{slug}')?.responses.map((r) => r.status)).toEqual(['204', '404', '200']);
    const feed = op('GET', '/api/articles/feed');
    expect(feed?.parameters).toContainEqual(
      expect.objectContaining({ name: 'Authorization', in: 'header', required: false }),
    );
    expect(feed?.responses.map((r) => r.status)).toEqual(['401', '200']);
    expect(op('GET', '/api/user')?.parameters).toContainEqual(
      expect.objectContaining({ name: 'Authorization', in: 'header', required: true }),
    );
    expect(op('POST', '/api/users')?.responses.map((r) => r.status)).toEqual(['201']);
    expect(op('POST', '/api/users/login')?.requestBody?.required).toBe(true);
    expect(op('POST', '/api/users/login')?.responses.map((r) => r.status)).toEqual(['422', '200']);
    // `get_json(silent=True)` tolerates a missing body.
    expect(op('PUT', '/api/user')?.requestBody?.required).toBe(false);
    expect(op('DELETE', '/api/articles/{slug}/comments/{cid}')?.responses.map((r) => r.status)).toEqual(['204']);

    // flask-restx resources: method decorators, class decorators and `ns.abort`.
    expect(op('POST', '/api/v2/todos')?.responses.map((r) => r.status)).toEqual(['201', '400']);
    expect(op('DELETE', '/api/v2/todos/{id}')?.responses.map((r) => r.status)).toEqual(['404', '204']);
  });
});
