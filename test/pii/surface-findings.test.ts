import { describe, expect, it } from 'vitest';
import { type ApiSurface, emptySurface, type Operation, type Schema } from '../../src/model/index.js';
import {
  classifyOperationPii,
  createInventoryPiiClassifier,
  findPiiInUrl,
  findPiiWithoutAuth,
  findUndocumentedPii,
} from '../../src/pii/index.js';

const str = (extra: Partial<Schema> = {}): Schema => ({ type: ['string'], ...extra });

/** A clinic API like examples/clinic-api: the doc lacks `ssn` and leaves GET /patients/{id} without security. */
function clinicSurfaces(): { documented: ApiSurface; implemented: ApiSurface } {
  const address: Schema = {
    type: ['object'],
    properties: { line1: str(), city: str(), state: str(), postalCode: str() },
  };
  const docPatient: Schema = {
    type: ['object'],
    properties: {
      id: str(),
      mrn: str(),
      givenName: str(),
      familyName: str(),
      birthDate: str({ format: 'date' }),
      email: str({ format: 'email', pii: { category: 'email', hipaa: 'F', phi: true } }),
      address: { $ref: 'Address' },
      createdAt: str({ format: 'date-time' }),
    },
  };
  const codePatient: Schema = { ...docPatient, properties: { ...docPatient.properties, ssn: str() } };
  const op = (
    method: Operation['method'],
    path: string,
    schema: Schema,
    security: Operation['security'],
    source: 'documented' | 'implemented',
  ): Operation => ({
    method,
    path,
    parameters: [{ name: 'id', in: 'path', required: true, schema: str() }],
    responses: [{ status: '200', headers: {}, content: { 'application/json': { schema } } }],
    security,
    evidence:
      source === 'documented'
        ? [{ source: 'documented', file: 'openapi.yaml', line: 12 }]
        : [{ source: 'implemented', file: 'src/routes/patients.ts', line: 40, framework: 'express' }],
  });
  const search: Operation = {
    method: 'GET',
    path: '/patients',
    parameters: [
      { name: 'email', in: 'query', required: false, schema: str(), location: { file: 'openapi.yaml', line: 30 } },
      { name: 'limit', in: 'query', required: false, schema: { type: ['integer'] } },
    ],
    responses: [{ status: '200', headers: {}, content: {} }],
    security: [{ bearerAuth: [] }],
    evidence: [{ source: 'documented', file: 'openapi.yaml', line: 25 }],
  };
  const documented: ApiSurface = {
    ...emptySurface('documented'),
    schemas: { Address: address, Patient: docPatient },
    operations: [op('GET', '/patients/{id}', { $ref: 'Patient' }, [], 'documented'), search],
  };
  const implemented: ApiSurface = {
    ...emptySurface('implemented'),
    schemas: { Address: address, Patient: codePatient },
    operations: [op('GET', '/patients/{patientId}', { $ref: 'Patient' }, undefined, 'implemented')],
  };
  return { documented, implemented };
}

describe('classifying an operation', () => {
  it('lists PII fields with inventory paths and PHI on a patient endpoint', () => {
    const { implemented } = clinicSurfaces();
    const fields = classifyOperationPii(implemented, implemented.operations[0]!);
    const byField = Object.fromEntries(fields.map((f) => [f.field, f]));
    expect(byField['response.200.ssn']).toMatchObject({ category: 'ssn', hipaa: 'G', phi: true });
    expect(byField['response.200.birthDate']).toMatchObject({ category: 'birth-date', hipaa: 'C' });
    expect(byField['response.200.address.postalCode']).toMatchObject({ category: 'address', hipaa: 'B' });
    expect(byField['response.200.mrn']).toMatchObject({ category: 'medical-record-number' });
    for (const safe of ['response.200.id', 'response.200.createdAt', 'response.200.address.state', 'path.id']) {
      expect(byField[safe], safe).toBeUndefined();
    }
  });

  it('plugs into buildInventory as a classifier returning the inventory contract', () => {
    const { documented } = clinicSurfaces();
    const fields = createInventoryPiiClassifier()(documented.operations[1]!, documented);
    expect(fields).toEqual([
      {
        field: 'query.email',
        category: 'email',
        hipaa: 'F',
        phi: true,
        confidence: expect.any(Number),
        documented: false,
      },
    ]);
  });
});

describe('examples of a whole object', () => {
  it('gives each property the value the object example shows, and lets a property example of its own win', () => {
    const message: Schema = {
      type: ['object'],
      properties: {
        sid: str(),
        to: str({ examples: ['+15558675310'] }),
        target: str(),
        channel: str(),
        recipients: { type: ['array'], items: { type: ['object'], properties: { value: str() } } },
      },
      examples: [
        {
          sid: 'SM123',
          to: 'not-a-phone',
          target: 'jane.doe@example.com',
          channel: 'sms',
          recipients: [{ value: 'max@example.org' }],
        },
      ],
    };
    const operation: Operation = {
      method: 'GET',
      path: '/messages/{sid}',
      parameters: [],
      responses: [{ status: '200', headers: {}, content: { 'application/json': { schema: { $ref: 'Message' } } } }],
      security: [],
      evidence: [{ source: 'documented', file: 'openapi.yaml', line: 1 }],
    };
    const surface: ApiSurface = {
      ...emptySurface('documented'),
      schemas: { Message: message },
      operations: [operation],
    };
    const pii = new Map(classifyOperationPii(surface, operation).map((f) => [f.field, f.category]));
    expect(pii.get('response.200.target')).toBe('email');
    expect(pii.get('response.200.recipients[].value')).toBe('email');
    expect(pii.get('response.200.to')).toBe('phone');
    expect(pii.has('response.200.channel')).toBe(false);
    expect(pii.has('response.200.sid')).toBe(false);
  });
});

describe('PII findings', () => {
  it('reports the SSN the code returns but the doc does not list, and nothing the doc tags', () => {
    const { documented, implemented } = clinicSurfaces();
    const findings = findUndocumentedPii(documented, implemented);
    const ssn = findings.find((f) => f.message.includes('response.200.ssn'));
    expect(ssn).toMatchObject({
      rule: 'undocumented-pii',
      severity: 'high',
      class: null,
      operation: 'GET /patients/{id}',
    });
    expect(ssn?.message).toContain('does not list the field');
    expect(ssn?.evidence.map((e) => e.source)).toEqual(['documented', 'implemented']);
    expect(findings.some((f) => f.message.includes('response.200.email'))).toBe(false);
    const untagged = findings.find((f) => f.message.includes('response.200.birthDate'));
    expect(untagged?.message).toContain('without `x-pii`');
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(findings.length);
    expect(findUndocumentedPii(documented, implemented)[0]?.fingerprint).toBe(findings[0]?.fingerprint);
  });

  it('judges an operation another spec documents against that spec, not as undocumented here', () => {
    const { documented, implemented } = clinicSurfaces();
    const other: ApiSurface = { ...documented, operations: [] };
    // A service with one spec per part: the patients spec lists the operation, this one does not.
    const alone = findUndocumentedPii(other, implemented);
    expect(alone.some((f) => f.message.includes('on an operation the documentation does not describe'))).toBe(true);
    const elsewhere = findUndocumentedPii(other, implemented, {
      documentedElsewhere: (key) => key === 'GET /patients/{}',
    });
    expect(elsewhere).toEqual([]);
  });

  it('reads a field under a wrapper the docs do not show as the one they list a level up, unless it sits beside others', () => {
    const { documented, implemented } = clinicSurfaces();
    const wrap = (op: Operation, schema: (body: Schema) => Schema): Operation => ({
      ...op,
      responses: op.responses.map((r) => ({
        ...r,
        content: { 'application/json': { schema: schema(r.content['application/json']?.schema ?? {}) } },
      })),
    });
    const onlyPatient = (key: string) => (op: Operation) => op.path.startsWith(key);
    // The code answers `{"patient": {…}}` where the docs make the body the patient itself.
    const wrapped: ApiSurface = {
      ...implemented,
      operations: implemented.operations
        .filter(onlyPatient('/patients/{'))
        .map((op) => wrap(op, (body) => ({ type: ['object'], properties: { patient: body } }))),
    };
    const found = findUndocumentedPii(documented, wrapped);
    const fields = found.map((f) => f.subject);
    // The SSN the docs never list is still reported, under the wrapper; the tagged e-mail is the documented one, and
    // the birth date the one they list without x-pii.
    expect(fields).toContain('response.200.patient.ssn');
    expect(fields).not.toContain('response.200.patient.email');
    expect(found.find((f) => f.subject === 'response.200.patient.birthDate')?.message).toContain('without `x-pii`');
    // Beside the patient's own fields, a `guardian` object is another person: its e-mail is not the documented one.
    const beside: ApiSurface = {
      ...implemented,
      operations: implemented.operations.filter(onlyPatient('/patients/{')).map((op) =>
        wrap(op, () => ({
          type: ['object'],
          properties: {
            ...implemented.schemas.Patient?.properties,
            guardian: { type: ['object'], properties: { email: str() } },
          },
        })),
      ),
    };
    expect(findUndocumentedPii(documented, beside).map((f) => f.subject)).toContain('response.200.guardian.email');
  });

  it('says nothing about fields of a documented body whose shape the docs leave open', () => {
    const { documented, implemented } = clinicSurfaces();
    // Docs written in code that name a model they do not define (a swaggo `{object} models.Patient` unresolved).
    const open: ApiSurface = {
      ...documented,
      operations: documented.operations.map((op) => ({
        ...op,
        responses: op.responses.map((r) => ({ ...r, content: { 'application/json': { schema: {} } } })),
      })),
    };
    expect(findUndocumentedPii(open, implemented)).toEqual([]);
  });

  it('reports PII returned without a documented security requirement as critical', () => {
    const { documented } = clinicSurfaces();
    const findings = findPiiWithoutAuth(documented);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      rule: 'pii-without-auth',
      severity: 'critical',
      operation: 'GET /patients/{id}',
    });
    expect(findings[0]!.evidence.length).toBeGreaterThan(0);
  });

  it('reports a secured operation that traffic saw answering without credentials', () => {
    const { documented } = clinicSurfaces();
    const secured: ApiSurface = {
      ...documented,
      operations: documented.operations.map((op) => ({ ...op, security: [{ bearerAuth: [] }] })),
    };
    expect(findPiiWithoutAuth(secured)).toEqual([]);
    const findings = findPiiWithoutAuth(secured, {
      unauthenticated2xx: {
        'GET /patients/{}': { count: 3, firstSeen: '2025-06-01T00:00:00Z', lastSeen: '2025-06-02T00:00:00Z' },
      },
    });
    expect(findings[0]?.message).toContain('3 times');
    expect(findings[0]?.evidence.some((e) => e.source === 'observed' && e.count === 3)).toBe(true);
  });

  it('reports PII in query and path parameters, not ids', () => {
    const { documented } = clinicSurfaces();
    const findings = findPiiInUrl(documented, { severities: { 'pii-in-url': 'medium' } });
    expect(findings.map((f) => [f.operation, f.severity, f.location?.line])).toEqual([['GET /patients', 'medium', 30]]);
    expect(findings[0]?.message).toContain('`email`');
  });
});
