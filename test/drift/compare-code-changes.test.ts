import { describe, expect, it } from 'vitest';
import { compareCodeChanges } from '../../src/drift/index.js';
import { type ApiSurface, emptySurface, type Operation } from '../../src/model/index.js';

function route(method: Operation['method'], path: string, line: number, guard?: string): Operation {
  return {
    method,
    path,
    parameters: [],
    responses: [{ status: '200', headers: {}, content: {} }],
    evidence: [{ source: 'implemented', file: 'src/routes.js', line, framework: 'express' }],
    location: { file: 'src/routes.js', line },
    auth: guard
      ? { state: 'required', evidence: [{ file: 'src/routes.js', line, what: guard }] }
      : { state: 'none', evidence: [] },
  };
}

function code(...operations: Operation[]): ApiSurface {
  return { ...emptySurface('implemented'), operations };
}

describe('compareCodeChanges', () => {
  it('names added routes and changed guards; a route that only moved down its file is unchanged', () => {
    const base = code(route('GET', '/users/{id}', 3, 'auth()'), route('DELETE', '/users/{id}', 4, "auth('admin')"));
    const head = code(
      route('GET', '/users/{id}', 9, 'auth()'),
      route('DELETE', '/users/{id}', 10),
      route('GET', '/users/{id}/sessions', 11, 'auth()'),
    );
    expect(compareCodeChanges(base, head)).toEqual([
      { operation: 'DELETE /users/{id}', kind: 'changed', parts: ['auth'] },
      { operation: 'GET /users/{id}/sessions', kind: 'added', parts: [] },
    ]);
  });

  it('without a base every route is new', () => {
    expect(compareCodeChanges(undefined, code(route('GET', '/a', 1))).map((c) => c.kind)).toEqual(['added']);
  });
});
