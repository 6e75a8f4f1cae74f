import { describe, expect, it } from 'vitest';
import { compareChanges } from '../../src/drift/index.js';
import type { Finding } from '../../src/model/index.js';
import { RULES, type RuleInfo, rulesOf } from '../../src/rules/index.js';
import { pairFor } from './oasdiff-pairs.js';
import { type Json, petSpec, readSpec } from './spec-builder.js';

/** One minimal before/after pair: edits of the base and/or head pet spec that should trigger `rule`. */
interface RuleCase {
  rule: string;
  base?: (s: Json) => void;
  head: (s: Json) => void;
}

const pets = (s: Json) => s.paths['/pets'];
const pet = (s: Json) => s.paths['/pets/{petId}'];
const param = (s: Json, name: string) => pets(s).get.parameters.find((p: Json) => p.name === name);
const schema = (s: Json, name: string) => s.components.schemas[name];

const CASES: RuleCase[] = [
  { rule: 'operation-removed', head: (s) => delete pet(s).delete },
  {
    rule: 'deprecated-operation-removed',
    base: (s) => (pet(s).delete.deprecated = true),
    head: (s) => delete pet(s).delete,
  },
  { rule: 'operation-added', head: (s) => (pet(s).put = { responses: { '200': { description: 'ok' } } }) },
  { rule: 'operation-deprecated', head: (s) => (pet(s).delete.deprecated = true) },
  { rule: 'operation-id-changed', head: (s) => (pet(s).delete.operationId = 'removePet') },
  { rule: 'base-path-changed', head: (s) => (s.servers = [{ url: 'https://api.example.com/v2' }]) },
  { rule: 'server-removed', base: (s) => s.servers.push({ url: 'https://eu.api.example.com/v1' }), head: () => {} },
  { rule: 'server-added', head: (s) => s.servers.push({ url: 'https://eu.api.example.com/v1' }) },
  {
    rule: 'parameter-added-required',
    head: (s) =>
      pets(s).get.parameters.push({ name: 'shelter', in: 'query', required: true, schema: { type: 'string' } }),
  },
  {
    rule: 'parameter-added-optional',
    head: (s) => pets(s).get.parameters.push({ name: 'shelter', in: 'query', schema: { type: 'string' } }),
  },
  { rule: 'parameter-removed', head: (s) => pets(s).get.parameters.splice(2, 1) },
  { rule: 'parameter-became-required', head: (s) => (param(s, 'limit').required = true) },
  { rule: 'parameter-became-optional', base: (s) => (param(s, 'limit').required = true), head: () => {} },
  { rule: 'parameter-moved', head: (s) => (param(s, 'X-Trace').in = 'query') },
  { rule: 'parameter-type-changed', head: (s) => (param(s, 'limit').schema = { type: 'boolean' }) },
  { rule: 'parameter-type-widened', head: (s) => (param(s, 'limit').schema.type = 'number') },
  { rule: 'parameter-format-changed', head: (s) => (param(s, 'X-Trace').schema.format = 'ulid') },
  { rule: 'parameter-enum-narrowed', head: (s) => (param(s, 'status').schema.enum = ['available']) },
  { rule: 'parameter-enum-widened', head: (s) => param(s, 'status').schema.enum.push('pending') },
  { rule: 'parameter-range-narrowed', head: (s) => (param(s, 'limit').schema.maximum = 50) },
  { rule: 'parameter-range-widened', head: (s) => (param(s, 'name').schema.maxLength = 100) },
  { rule: 'parameter-pattern-changed', head: (s) => (param(s, 'name').schema.pattern = '^[a-z0-9]+$') },
  { rule: 'parameter-default-changed', head: (s) => (param(s, 'limit').schema.default = 10) },
  { rule: 'parameter-became-non-nullable', base: (s) => (param(s, 'name').schema.nullable = true), head: () => {} },
  { rule: 'parameter-deprecated', head: (s) => (param(s, 'name').deprecated = true) },
  {
    rule: 'request-body-added-required',
    head: (s) =>
      (pet(s).delete.requestBody = { required: true, content: { 'application/json': { schema: { type: 'object' } } } }),
  },
  { rule: 'request-body-became-required', base: (s) => (pets(s).post.requestBody.required = false), head: () => {} },
  { rule: 'request-body-became-optional', head: (s) => (pets(s).post.requestBody.required = false) },
  { rule: 'request-body-removed', head: (s) => delete pets(s).post.requestBody },
  {
    rule: 'request-media-type-removed',
    base: (s) => (pets(s).post.requestBody.content['application/xml'] = { schema: { type: 'object' } }),
    head: () => {},
  },
  {
    rule: 'request-media-type-added',
    head: (s) => (pets(s).post.requestBody.content['application/xml'] = { schema: { type: 'object' } }),
  },
  {
    rule: 'request-field-added-required',
    head: (s) => {
      schema(s, 'NewPet').properties.shelterId = { type: 'string' };
      schema(s, 'NewPet').required.push('shelterId');
    },
  },
  {
    rule: 'request-field-added-optional',
    head: (s) => (schema(s, 'NewPet').properties.shelterId = { type: 'string' }),
  },
  { rule: 'request-field-removed', head: (s) => delete schema(s, 'NewPet').properties.tag },
  { rule: 'request-field-became-required', head: (s) => schema(s, 'NewPet').required.push('tag') },
  { rule: 'request-field-became-optional', head: (s) => (schema(s, 'NewPet').required = []) },
  { rule: 'request-field-type-changed', head: (s) => (schema(s, 'NewPet').properties.weight.type = 'string') },
  {
    rule: 'request-field-type-widened',
    base: (s) => (schema(s, 'NewPet').properties.weight.type = 'integer'),
    head: () => {},
  },
  {
    rule: 'request-field-format-changed',
    head: (s) => (schema(s, 'NewPet').properties.birthDate.format = 'uuid'),
  },
  { rule: 'request-field-enum-narrowed', head: (s) => (schema(s, 'NewPet').properties.status.enum = ['available']) },
  { rule: 'request-field-enum-widened', head: (s) => schema(s, 'NewPet').properties.status.enum.push('sold') },
  { rule: 'request-field-became-non-nullable', head: (s) => delete schema(s, 'NewPet').properties.tag.nullable },
  { rule: 'request-field-became-nullable', head: (s) => (schema(s, 'NewPet').properties.weight.nullable = true) },
  { rule: 'request-field-range-narrowed', head: (s) => (schema(s, 'NewPet').properties.weight.maximum = 100) },
  { rule: 'request-field-range-widened', head: (s) => (schema(s, 'NewPet').properties.name.maxLength = 80) },
  { rule: 'request-field-pattern-changed', head: (s) => (schema(s, 'NewPet').properties.name.pattern = '^[A-Za-z]+$') },
  { rule: 'request-field-default-changed', head: (s) => (schema(s, 'NewPet').properties.status.default = 'pending') },
  { rule: 'request-additional-properties-disallowed', head: (s) => (schema(s, 'NewPet').additionalProperties = false) },
  {
    rule: 'request-additional-properties-allowed',
    base: (s) => (schema(s, 'NewPet').additionalProperties = false),
    head: () => {},
  },
  { rule: 'request-schema-branch-removed', head: (s) => schema(s, 'NewPet').properties.kind.oneOf.pop() },
  {
    rule: 'request-schema-branch-added',
    head: (s) =>
      schema(s, 'NewPet').properties.kind.oneOf.push({ type: 'object', properties: { chirps: { type: 'boolean' } } }),
  },
  {
    rule: 'response-status-removed',
    head: (s) => {
      delete pets(s).post.responses['201'];
      pets(s).post.responses['202'] = { description: 'Accepted' };
    },
  },
  { rule: 'response-error-status-removed', head: (s) => delete pet(s).get.responses['404'] },
  { rule: 'response-status-added', head: (s) => (pet(s).get.responses['410'] = { description: 'Gone' }) },
  {
    rule: 'response-media-type-removed',
    base: (s) => (pet(s).get.responses['200'].content['application/xml'] = { schema: { type: 'object' } }),
    head: () => {},
  },
  {
    rule: 'response-media-type-added',
    head: (s) => (pet(s).get.responses['200'].content['application/xml'] = { schema: { type: 'object' } }),
  },
  {
    rule: 'response-field-removed',
    head: (s) => {
      delete schema(s, 'Pet').properties.status;
      schema(s, 'Pet').required = ['id', 'name'];
    },
  },
  { rule: 'response-optional-field-removed', head: (s) => delete schema(s, 'Pet').properties.tag },
  { rule: 'response-field-added', head: (s) => (schema(s, 'Pet').properties.color = { type: 'string' }) },
  { rule: 'response-field-became-optional', head: (s) => (schema(s, 'Pet').required = ['id', 'name']) },
  { rule: 'response-field-became-required', head: (s) => schema(s, 'Pet').required.push('tag') },
  { rule: 'response-field-type-changed', head: (s) => (schema(s, 'Pet').properties.id.type = 'string') },
  { rule: 'response-field-type-narrowed', head: (s) => (schema(s, 'Pet').properties.weight.type = 'integer') },
  { rule: 'response-field-format-changed', head: (s) => (schema(s, 'Pet').properties.id.format = 'bigint') },
  { rule: 'response-field-became-nullable', head: (s) => (schema(s, 'Pet').properties.tag.nullable = true) },
  {
    rule: 'response-field-became-non-nullable',
    base: (s) => (schema(s, 'Pet').properties.tag.nullable = true),
    head: () => {},
  },
  { rule: 'response-field-enum-widened', head: (s) => schema(s, 'Pet').properties.status.enum.push('adopted') },
  { rule: 'response-field-enum-narrowed', head: (s) => schema(s, 'Pet').properties.status.enum.pop() },
  { rule: 'response-field-range-widened', head: (s) => (schema(s, 'Pet').properties.name.maxLength = 100) },
  {
    rule: 'response-schema-branch-added',
    head: (s) =>
      schema(s, 'Pet').properties.kind.oneOf.push({ type: 'object', properties: { chirps: { type: 'boolean' } } }),
  },
  { rule: 'response-schema-branch-removed', head: (s) => schema(s, 'Pet').properties.kind.oneOf.pop() },
  { rule: 'response-header-removed', head: (s) => delete pets(s).get.responses['200'].headers },
  { rule: 'field-deprecated', head: (s) => (schema(s, 'Pet').properties.tag.deprecated = true) },
  {
    rule: 'security-added',
    base: (s) => (pet(s).delete.security = []),
    head: (s) => (pet(s).delete.security = [{ apiKey: [] }]),
  },
  { rule: 'security-added-at-root', base: (s) => (pet(s).delete.security = []), head: () => {} },
  {
    rule: 'webhook-added',
    head: (s) => (s.webhooks = { petAdopted: { post: { responses: { '200': { description: 'ok' } } } } }),
  },
  {
    rule: 'stability-increased',
    base: (s) => (pet(s).delete['x-stability-level'] = 'beta'),
    head: (s) => (pet(s).delete['x-stability-level'] = 'stable'),
  },
  {
    rule: 'request-field-constraint-relaxed',
    base: (s) => (schema(s, 'NewPet').dependentRequired = { tag: ['weight'] }),
    head: () => {},
  },
  {
    rule: 'response-field-constraint-tightened',
    head: (s) => (schema(s, 'Pet').dependentRequired = { tag: ['weight'] }),
  },
  {
    rule: 'unstable-operation-changed',
    base: (s) => (pet(s).delete['x-stability-level'] = 'alpha'),
    head: (s) => delete pet(s).delete,
  },
  { rule: 'security-removed', head: (s) => (pet(s).delete.security = []) },
  {
    rule: 'security-scheme-removed',
    base: (s) => (pet(s).delete.security = [{ apiKey: [] }, { oauth: ['pets:write'] }]),
    head: (s) => (pet(s).delete.security = [{ oauth: ['pets:write'] }]),
  },
  {
    rule: 'security-scheme-added',
    head: (s) => (pet(s).delete.security = [{ apiKey: [] }, { oauth: ['pets:write'] }]),
  },
  { rule: 'security-scope-added', head: (s) => pets(s).post.security[0].oauth.push('pets:admin') },
  { rule: 'security-scope-removed', head: (s) => (pets(s).post.security[0].oauth = []) },
  { rule: 'security-scheme-changed', head: (s) => (s.components.securitySchemes.apiKey.in = 'query') },
];

async function run(c: RuleCase) {
  // Each side starts from the same pet spec: `base` edits make the before, `head` edits the after.
  const base = petSpec();
  c.base?.(base);
  const head = petSpec();
  c.head(head);
  return compareChanges(await readSpec(base), await readSpec(head));
}

describe('change rules: one minimal before/after pair each', () => {
  it('covers every change rule of the catalogue, and at least 40', () => {
    // The oasdiff pairs (oasdiff-levels.test.ts) cover the rules that answer for an oasdiff check.
    const covered = new Set([
      ...CASES.map((c) => c.rule),
      ...rulesOf('change').filter((r) => (RULES[r] as RuleInfo).oasdiff?.some((id) => pairFor(id) !== undefined)),
    ]);
    expect(rulesOf('change').filter((r) => !covered.has(r))).toEqual([]);
    expect(rulesOf('change').length).toBeGreaterThanOrEqual(40);
  });

  for (const c of CASES) {
    it(c.rule, async () => {
      const findings = await run(c);
      const hit = findings.find((f) => f.rule === c.rule);
      expect(hit, findings.map((f) => `${f.rule}: ${f.message}`).join('\n')).toBeDefined();
      expect(hit?.class).toBe(RULES[c.rule as keyof typeof RULES].class);
      expect(hit?.evidence.length).toBeGreaterThan(0);
    });
  }

  it('gives nothing for the same spec', async () => {
    expect(await run({ rule: '', head: () => {} })).toEqual([]);
  });

  it('classes a new required request field breaking and a removed response field breaking', async () => {
    const findings = await run({
      rule: '',
      head: (s) => {
        schema(s, 'NewPet').properties.shelterId = { type: 'string' };
        schema(s, 'NewPet').required.push('shelterId');
        delete schema(s, 'Pet').properties.name;
        schema(s, 'Pet').required = ['id', 'status'];
      },
    });
    // Pet is returned by three operations: the field is removed once, from the schema they share.
    const breaking = findings.filter((f) => f.class === 'breaking');
    expect(breaking.map((f) => f.rule).sort()).toEqual(['request-field-added-required', 'response-field-removed']);
    expect(breaking.find((f) => f.rule === 'response-field-removed')?.operations).toEqual([
      'GET /v1/pets',
      'GET /v1/pets/{petId}',
      'POST /v1/pets',
    ]);
  });

  it('flags a required write-only response field that becomes readable, and only a required one', async () => {
    const microchip = (writeOnly: boolean, required: boolean) => (s: Json) => {
      schema(s, 'Pet').properties.microchip = { type: 'string', ...(writeOnly ? { writeOnly: true } : {}) };
      if (required) schema(s, 'Pet').required.push('microchip');
    };
    const readable = await run({ rule: '', base: microchip(true, true), head: microchip(false, true) });
    expect(readable.map((f) => [f.rule, f.class])).toEqual([
      ['response-field-no-longer-write-only', 'potentially-breaking'],
    ]);
    expect(readable[0]?.message).toContain('microchip');
    // Optional: the field may now come back, and a client that ignores unknown fields is unaffected.
    const optional = await run({ rule: '', base: microchip(true, false), head: microchip(false, false) });
    expect(optional.map((f) => [f.rule, f.class])).toEqual([['response-field-added', 'safe']]);
    // The other way round the field leaves every response: a removal (oasdiff rates the flag change INFO).
    const hidden = await run({ rule: '', base: microchip(false, true), head: microchip(true, true) });
    expect(hidden.map((f) => f.rule)).toEqual(['response-field-removed']);
  });

  it('holds draft and alpha operations to nothing, unless a stable operation shares the change', async () => {
    const level = (l: string) => (s: Json) => {
      pets(s).get['x-stability-level'] = l;
      pet(s).delete['x-stability-level'] = l;
    };
    const removedAlpha = await run({
      rule: '',
      base: level('alpha'),
      head: (s) => {
        level('alpha')(s);
        delete pet(s).delete;
      },
    });
    expect(removedAlpha.map((f) => [f.rule, f.class])).toEqual([['unstable-operation-changed', 'safe']]);
    expect(removedAlpha[0]?.message).toContain('x-stability-level alpha (else operation-removed)');
    // A draft operation's new required parameter is excused; the same on a beta one breaks.
    const required = (l: string) => (s: Json) => {
      level(l)(s);
      pets(s).get.parameters.push({ name: 'shelter', in: 'query', required: true, schema: { type: 'string' } });
    };
    expect((await run({ rule: '', base: level('draft'), head: required('draft') })).map((f) => f.rule)).toEqual([
      'unstable-operation-changed',
    ]);
    expect((await run({ rule: '', base: level('beta'), head: required('beta') })).map((f) => f.rule)).toEqual([
      'parameter-added-required',
    ]);
    // Leaving stable for draft is judged by the level left: still breaking.
    const destabilised = await run({ rule: '', head: level('draft') });
    expect(destabilised.filter((f) => f.class === 'breaking').map((f) => f.rule)).toEqual([
      'stability-decreased',
      'stability-decreased',
    ]);
    // Pet is returned by stable operations too: a field removed from it breaks them.
    const shared = await run({
      rule: '',
      base: level('alpha'),
      head: (s) => {
        level('alpha')(s);
        delete schema(s, 'Pet').properties.name;
        schema(s, 'Pet').required = ['id', 'status'];
      },
    });
    expect(shared.filter((f) => f.class === 'breaking').map((f) => f.rule)).toEqual(['response-field-removed']);
  });

  it('treats a new enum value as safe in a request and potentially breaking in a response', async () => {
    const findings = await run({
      rule: '',
      head: (s) => {
        schema(s, 'NewPet').properties.status.enum.push('sold');
        schema(s, 'Pet').properties.status.enum.push('adopted');
      },
    });
    expect(findings.find((f) => f.rule === 'request-field-enum-widened')?.class).toBe('safe');
    expect(findings.find((f) => f.rule === 'response-field-enum-widened')?.class).toBe('potentially-breaking');
  });

  it('keeps fingerprints stable across unrelated edits of the same file', async () => {
    const a = await run({ rule: '', head: (s) => delete schema(s, 'Pet').properties.tag });
    const b = await run({
      rule: '',
      head: (s) => {
        delete schema(s, 'Pet').properties.tag;
        s.info.description = 'x\n'.repeat(40);
        pets(s).get.description = 'Lists\npets';
      },
    });
    expect(b.map((f) => f.fingerprint)).toEqual(a.map((f) => f.fingerprint));
  });

  it('terminates on recursive schemas and reports a change of a shared schema once', async () => {
    const findings = await run({ rule: '', head: (s) => (schema(s, 'Owner').properties.email = { type: 'string' }) });
    const added = findings.filter((f) => f.rule === 'response-field-added');
    expect(added.map((f) => f.message)).toEqual([
      '`email` in the schema `Owner`: optional field added; affects 3 operations: GET /v1/pets, GET /v1/pets/{petId}, POST /v1/pets.',
    ]);
    expect(added[0]?.operation).toBe('GET /v1/pets');
  });
});

describe('changes inside named schemas', () => {
  /** A component both GET /pets (400) and GET /pets/{petId} (404) return, with an enum to widen. */
  const withSharedError = (s: Json) => {
    schema(s, 'Error').properties.code = { type: 'string', enum: ['invalid', 'missing'] };
    s.paths['/pets/{petId}'].get.responses['404'].content = {
      'application/json': { schema: { $ref: '#/components/schemas/Error' } },
    };
  };
  /** The same enum written inline in the 200 response of two operations. */
  const withInlineState = (s: Json) => {
    const body = () => ({
      type: 'object',
      properties: { state: { type: 'string', enum: ['open', 'closed'] } },
    });
    s.paths['/pets/{petId}'].get.responses['200'].content = { 'application/json': { schema: body() } };
    s.paths['/pets/{petId}'].delete.responses['200'] = {
      description: 'Deleted, with the last state',
      content: { 'application/json': { schema: body() } },
    };
  };

  it('reports an enum widened in a component two operations embed once, listing both operations', async () => {
    const findings = await run({
      rule: '',
      base: withSharedError,
      head: (s) => {
        withSharedError(s);
        schema(s, 'Error').properties.code.enum.push('expired');
      },
    });
    const widened = findings.filter((f) => f.rule === 'response-field-enum-widened');
    expect(widened).toHaveLength(1);
    const [f] = widened;
    expect(f?.operations).toEqual(['GET /v1/pets', 'GET /v1/pets/{petId}']);
    expect(f?.operation).toBe('GET /v1/pets');
    expect(f?.class).toBe('potentially-breaking');
    expect(f?.message).toBe(
      '`code` in the schema `Error`: enum values added: "expired"; affects 2 operations: GET /v1/pets, GET /v1/pets/{petId}.',
    );
    // The changed node's doc lines (base and head are the same line here): no duplicates, the location among them.
    expect(f?.evidence.length).toBeGreaterThan(0);
    expect(new Set(f?.evidence.map((e) => JSON.stringify(e))).size).toBe(f?.evidence.length);
    expect(f?.evidence).toContainEqual({ source: 'documented', file: 'openapi.yaml', line: f?.location?.line });
  });

  it('keeps the fingerprint of a shared-schema change when another operation starts embedding the schema', async () => {
    const widen = (s: Json) => schema(s, 'Error').properties.code.enum.push('expired');
    const two = await run({
      rule: '',
      base: withSharedError,
      head: (s) => {
        withSharedError(s);
        widen(s);
      },
    });
    const addThird = (s: Json) => {
      withSharedError(s);
      pets(s).post.responses['400'] = {
        description: 'Bad pet',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    };
    const three = await run({
      rule: '',
      base: addThird,
      head: (s) => {
        addThird(s);
        widen(s);
      },
    });
    const pick = (list: Finding[]) => list.find((f) => f.rule === 'response-field-enum-widened');
    expect(pick(three)?.operations).toHaveLength(3);
    expect(pick(three)?.fingerprint).toBe(pick(two)?.fingerprint);
  });

  it('reports a change in an inline schema once per operation', async () => {
    const findings = await run({
      rule: '',
      base: withInlineState,
      head: (s) => {
        withInlineState(s);
        s.paths['/pets/{petId}'].get.responses['200'].content['application/json'].schema.properties.state.enum.push(
          'archived',
        );
        s.paths['/pets/{petId}'].delete.responses['200'].content['application/json'].schema.properties.state.enum.push(
          'archived',
        );
      },
    });
    const widened = findings.filter((f) => f.rule === 'response-field-enum-widened');
    expect(widened.map((f) => f.operation).sort()).toEqual(['DELETE /v1/pets/{petId}', 'GET /v1/pets/{petId}']);
    expect(widened.every((f) => f.operations === undefined)).toBe(true);
    expect(new Set(widened.map((f) => f.fingerprint)).size).toBe(2);
  });

  it('keeps per-operation reporting on request with perOperation', async () => {
    const base = petSpec();
    withSharedError(base);
    const head = petSpec();
    withSharedError(head);
    schema(head, 'Error').properties.code.enum.push('expired');
    const findings = compareChanges(await readSpec(base), await readSpec(head), { perOperation: true });
    expect(
      findings
        .filter((f) => f.rule === 'response-field-enum-widened')
        .map((f) => f.operation)
        .sort(),
    ).toEqual(['GET /v1/pets', 'GET /v1/pets/{petId}']);
  });
});
