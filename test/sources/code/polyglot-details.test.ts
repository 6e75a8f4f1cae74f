import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveSchema } from '../../../src/model/index.js';
import { extractImplementedSurface } from '../../../src/sources/code/index.js';
import { localRepo } from '../../../src/sources/repo/index.js';

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
    expect(create?.responses.map((r) => r.status)).toEqual(['201']);
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
});
