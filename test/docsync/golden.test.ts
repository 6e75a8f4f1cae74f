import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyDocFixes } from '../../src/docsync/index.js';
import { renderUnifiedDiff } from '../../src/docsync/unified-diff.js';
import type { DocFix } from '../../src/model/index.js';
import { changedLines, inferredOperation, keepsEveryLine, readFixtures, str } from './helpers.js';

const SPEC = 'petstore.yaml';

describe('petstore (4-space indent, double quotes, flush sequences, anchors, comments)', () => {
  const files = readFixtures(SPEC);
  const fixes: DocFix[] = [
    {
      kind: 'add-operation',
      spec: SPEC,
      method: 'PUT',
      path: '/pets/{id}',
      operation: inferredOperation('PUT', '/pets/{id}', {
        parameters: [{ name: 'id', in: 'path', required: true, schema: str() }],
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: 'NewPet' } } } },
        responses: [
          { status: '200', headers: {}, content: { 'application/json': { schema: { $ref: 'Pet' } } } },
          { status: '404', headers: {}, content: {} },
        ],
      }),
      schemas: { NewPet: { type: ['object'] }, Pet: { type: ['object'] } },
    },
    {
      kind: 'add-response',
      spec: SPEC,
      method: 'DELETE',
      path: '/pets/{petId}',
      response: { status: '404', headers: {}, content: {} },
      schemas: {},
    },
    {
      kind: 'add-field',
      spec: SPEC,
      method: 'GET',
      path: '/pets/{petId}',
      in: 'response',
      status: '200',
      mediaType: 'application/json',
      field: 'microchip',
      schema: str({ pattern: '^[0-9]{15}$', examples: ['985112345678901'] }),
      required: false,
      schemas: {},
    },
    { kind: 'deprecate-operation', spec: SPEC, method: 'GET', path: '/owners/{ownerId}' },
    {
      kind: 'add-parameter',
      spec: SPEC,
      method: 'GET',
      path: '/pets',
      parameter: { name: 'species', in: 'query', required: false, schema: str({ enum: ['cat', 'dog'] }) },
      schemas: {},
    },
  ];
  const result = applyDocFixes({ entry: SPEC, files, fixes });
  const patch = result.patches[0]!;

  it('applies every fix and only adds lines', () => {
    expect(result.skipped).toEqual([]);
    expect(result.patches).toHaveLength(1);
    expect(changedLines(patch).every((l) => l.startsWith('+'))).toBe(true);
    expect(keepsEveryLine(patch)).toBe(true);
  });

  it('writes in the doc style, into the right places', () => {
    expect(patch.diff).toMatchInlineSnapshot(`
      "--- a/petstore.yaml
      +++ b/petstore.yaml
      @@ -18,6 +18,11 @@
                   -   name: limit
                       in: query
                       schema: {type: integer, maximum: 100}
      +            -   name: species
      +                in: query
      +                schema:
      +                    type: string
      +                    enum: [cat, dog]
                   responses:
                       "200":
                           description: A page of pets
      @@ -54,12 +59,30 @@
                                       $ref: "#/components/schemas/Pet"
                       "404":
                           description: No such pet
      +        put:
      +            requestBody:
      +                required: true
      +                content:
      +                    application/json:
      +                        schema:
      +                            $ref: "#/components/schemas/NewPet"
      +            responses:
      +                "200":
      +                    description: OK
      +                    content:
      +                        application/json:
      +                            schema:
      +                                $ref: "#/components/schemas/Pet"
      +                "404":
      +                    description: Not Found
               delete:
                   summary: Remove a pet
                   operationId: deletePet
                   responses:
                       "204":
                           description: Removed
      +                "404":
      +                    description: Not Found
           # Owners live in a separate service since 1.3, proxied here.
           "/owners/{ownerId}":
               get:
      @@ -77,6 +100,7 @@
                               application/json:
                                   schema:
                                       $ref: "#/components/schemas/Owner"
      +            deprecated: true
       components:
           parameters:
               PetId:
      @@ -102,6 +126,10 @@
                       tag:
                           type: string
                           nullable: true
      +                microchip:
      +                    type: string
      +                    pattern: ^[0-9]{15}$
      +                    example: "985112345678901"
               NewPet:
                   allOf:
                   -   $ref: "#/components/schemas/PetBase"
      "
    `);
  });

  it('is idempotent', () => {
    const again = applyDocFixes({ entry: SPEC, files: { [SPEC]: patch.text }, fixes });
    expect(again.patches).toEqual([]);
    expect(again.skipped).toEqual([]);
    expect(again.applied.every((a) => !a.changed)).toBe(true);
  });

  it('keeps CRLF line endings', () => {
    const crlf = { [SPEC]: (files[SPEC] as string).replace(/\n/g, '\r\n') };
    const out = applyDocFixes({ entry: SPEC, files: crlf, fixes });
    const text = out.patches[0]!.text;
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(text.replace(/\r\n/g, '\n')).toBe(patch.text);
  });

  it.each([
    ['CRLF line endings', (text: string) => text.replace(/\n/g, '\r\n')],
    ['no newline at the end', (text: string) => text.replace(/\n+$/, '')],
    ['CRLF and no newline at the end', (text: string) => text.replace(/\n+$/, '').replace(/\n/g, '\r\n')],
  ])('shows a diff that `git apply` takes on a file with %s', (_name, variant) => {
    const original = variant(files[SPEC] as string);
    const patched = applyDocFixes({ entry: SPEC, files: { [SPEC]: original }, fixes }).patches[0]!;
    expect(gitApply(original, patched.diff)).toBe(patched.text);
  });

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('marks a last line without a newline in the diff (%s)', (_name, eol) => {
    const original = ['a: 1', 'b: 2', 'c: 3'].join(eol);
    const at = original.indexOf('c: 3');
    const splices = [{ start: at, end: original.length, text: `c: 4${eol}d: 5`, seq: 0 }];
    const diff = renderUnifiedDiff(SPEC, original, splices);
    expect(diff.replace(/\r/g, '<CR>')).toBe(
      [
        `--- a/${SPEC}`,
        `+++ b/${SPEC}`,
        '@@ -1,3 +1,4 @@',
        ' a: 1' + (eol === '\r\n' ? '<CR>' : ''),
        ' b: 2' + (eol === '\r\n' ? '<CR>' : ''),
        '-c: 3',
        '\\ No newline at end of file',
        '+c: 4' + (eol === '\r\n' ? '<CR>' : ''),
        '+d: 5',
        '\\ No newline at end of file',
        '',
      ].join('\n'),
    );
    expect(gitApply(original, diff)).toBe(`a: 1${eol}b: 2${eol}c: 4${eol}d: 5`);
  });

  it('refuses to edit through an anchor shared by several nodes', () => {
    const out = applyDocFixes({
      entry: SPEC,
      files,
      fixes: [
        {
          kind: 'add-field',
          spec: SPEC,
          method: 'GET',
          path: '/pets',
          in: 'response',
          status: '200',
          mediaType: 'application/json',
          field: 'paging.offset',
          schema: { type: ['integer'] },
          required: false,
          schemas: {},
        },
      ],
    });
    expect(out.patches).toEqual([]);
    expect(out.skipped[0]?.reason).toMatch(/anchor/);
  });
});

describe('swagger 2.0 JSON', () => {
  const SPEC2 = 'swagger.json';
  const files = readFixtures(SPEC2);
  const fixes: DocFix[] = [
    {
      kind: 'add-operation',
      spec: SPEC2,
      method: 'POST',
      path: '/items',
      operation: inferredOperation('POST', '/items', {
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: 'NewItem' } } } },
        responses: [{ status: '201', headers: {}, content: { 'application/json': { schema: { $ref: 'Item' } } } }],
      }),
      schemas: {
        NewItem: {
          type: ['object'],
          required: ['name'],
          properties: { name: str(), note: { type: ['null', 'string'] } },
        },
        Item: { type: ['object'] },
      },
    },
    {
      kind: 'add-field',
      spec: SPEC2,
      method: 'GET',
      path: '/items',
      in: 'response',
      status: '200',
      mediaType: 'application/json',
      field: '[].ownerEmail',
      schema: str({ format: 'email', pii: { category: 'email', hipaa: 'F' } }),
      required: false,
      schemas: {},
    },
    {
      kind: 'mark-pii',
      spec: SPEC2,
      method: 'GET',
      path: '/items',
      in: 'parameter',
      field: 'q',
      pii: { category: 'name', hipaa: 'A' },
    },
  ];
  const result = applyDocFixes({ entry: SPEC2, files, fixes });

  it('writes 2.0 structure (body parameter, definitions, x-nullable) with the doc indentation', () => {
    expect(result.skipped).toEqual([]);
    expect(result.patches[0]!.diff).toMatchInlineSnapshot(`
      "--- a/swagger.json
      +++ b/swagger.json
      @@ -14,7 +14,11 @@
                           {
                               "name": "q",
                               "in": "query",
      -                        "type": "string"
      +                        "type": "string",
      +                        "x-pii": {
      +                            "category": "name",
      +                            "hipaa": "A"
      +                        }
                           }
                       ],
                       "responses": {
      @@ -28,6 +32,26 @@
                               }
                           }
                       }
      +            },
      +            "post": {
      +                "parameters": [
      +                    {
      +                        "name": "body",
      +                        "in": "body",
      +                        "required": true,
      +                        "schema": {
      +                            "$ref": "#/definitions/NewItem"
      +                        }
      +                    }
      +                ],
      +                "responses": {
      +                    "201": {
      +                        "description": "Created",
      +                        "schema": {
      +                            "$ref": "#/definitions/Item"
      +                        }
      +                    }
      +                }
                   }
               },
               "/items/{id}": {
      @@ -62,8 +86,29 @@
                       },
                       "name": {
                           "type": "string"
      +                },
      +                "ownerEmail": {
      +                    "type": "string",
      +                    "format": "email",
      +                    "x-pii": {
      +                        "category": "email",
      +                        "hipaa": "F"
      +                    }
                       }
                   }
      +        },
      +        "NewItem": {
      +            "type": "object",
      +            "required": ["name"],
      +            "properties": {
      +                "name": {
      +                    "type": "string"
      +                },
      +                "note": {
      +                    "type": "string",
      +                    "x-nullable": true
      +                }
      +            }
               }
           }
       }
      "
    `);
    expect(() => JSON.parse(result.patches[0]!.text)).not.toThrow();
  });

  it('is idempotent', () => {
    expect(applyDocFixes({ entry: SPEC2, files: { [SPEC2]: result.patches[0]!.text }, fixes }).patches).toEqual([]);
  });
});

describe('multi-file 3.1 spec', () => {
  const files = readFixtures(
    'multi/openapi.yaml',
    'multi/paths/orders.yaml',
    'multi/paths/order.yaml',
    'multi/components/schemas.yaml',
  );
  const entry = 'multi/openapi.yaml';
  const fixes: DocFix[] = [
    {
      kind: 'add-field',
      spec: entry,
      method: 'GET',
      path: '/orders/{orderId}',
      in: 'response',
      status: '200',
      mediaType: 'application/json',
      field: 'shippedAt',
      schema: { type: ['null', 'string'], format: 'date-time' },
      required: false,
      schemas: {},
    },
    {
      kind: 'add-response',
      spec: entry,
      method: 'GET',
      path: '/orders/{orderId}',
      response: { status: '404', headers: {}, content: { 'application/json': { schema: { $ref: 'Problem' } } } },
      schemas: { Problem: { type: ['object'], properties: { title: str() } } },
    },
    {
      kind: 'add-operation',
      spec: entry,
      method: 'DELETE',
      path: '/orders/{id}',
      operation: inferredOperation('DELETE', '/orders/{id}', {
        parameters: [{ name: 'id', in: 'path', required: true, schema: str() }],
        responses: [{ status: '204', headers: {}, content: {} }],
      }),
      schemas: {},
    },
  ];
  const result = applyDocFixes({ entry, files, fixes });

  it('edits the file where each thing lives and references across files', () => {
    expect(result.skipped).toEqual([]);
    expect(result.patches.map((p) => p.file)).toEqual(['multi/components/schemas.yaml', 'multi/paths/order.yaml']);
    expect(result.patches.map((p) => p.diff).join('\n')).toMatchInlineSnapshot(`
      "--- a/multi/components/schemas.yaml
      +++ b/multi/components/schemas.yaml
      @@ -9,6 +9,9 @@
             type: number
           customer:
             $ref: '#/Customer'
      +    shippedAt:
      +      type: [string, 'null']
      +      format: date-time
       NewOrder:
         type: object
         properties:
      @@ -24,3 +27,8 @@
           email:
             type: ["string", "null"]
             format: email
      +Problem:
      +  type: object
      +  properties:
      +    title:
      +      type: string

      --- a/multi/paths/order.yaml
      +++ b/multi/paths/order.yaml
      @@ -13,3 +13,13 @@
               application/json:
                 schema:
                   $ref: ../components/schemas.yaml#/Order
      +    '404':
      +      description: Not Found
      +      content:
      +        application/json:
      +          schema:
      +            $ref: ../components/schemas.yaml#/Problem
      +delete:
      +  responses:
      +    '204':
      +      description: No Content
      "
    `);
  });

  it('is idempotent', () => {
    const next = { ...files };
    for (const p of result.patches) next[p.file] = p.text;
    expect(applyDocFixes({ entry, files: next, fixes }).patches).toEqual([]);
  });
});

/** Applies a diff with `git apply` to a file holding `original` in a new repository; the file's text after it. */
function gitApply(original: string, diff: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'specwatch-git-apply-'));
  try {
    execFileSync('git', ['init', '-q'], { cwd: dir });
    writeFileSync(join(dir, SPEC), original);
    writeFileSync(join(dir, 'fix.patch'), diff);
    execFileSync('git', ['apply', '--whitespace=nowarn', 'fix.patch'], { cwd: dir, stdio: 'pipe' });
    return readFileSync(join(dir, SPEC), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
