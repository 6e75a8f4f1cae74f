import { describe, expect, it } from 'vitest';
import { classifyField } from '../../src/pii/index.js';

// The labelled corpus moved to test/fixtures/pii/labelled/ (tuning/test halves, measured in labelled-set.test.ts).

describe('negative list (research A6.7)', () => {
  const negatives = [
    'id',
    '_id',
    'uuid',
    'guid',
    'resourceType',
    'meta.versionId',
    'version',
    'apiVersion',
    'schemaVersion',
    'etag',
    'revision',
    'rev',
    'createdAt',
    'updatedAt',
    'modifiedAt',
    'deletedAt',
    'lastUpdated',
    'meta.lastUpdated',
    'timestamp',
    'ts',
    'time',
    'expiresAt',
    'expiresIn',
    'iat',
    'exp',
    'nbf',
    'startedDateTime',
    'count',
    'total',
    'page',
    'pageSize',
    'limit',
    'offset',
    'cursor',
    'next',
    'prev',
    'self',
    'href',
    'link[].url',
    'fullUrl',
    'status',
    'state',
    'type',
    'kind',
    'category',
    'code',
    'display',
    'description',
    'title',
    'label',
    'requestId',
    'correlationId',
    'traceId',
    'spanId',
    'x-request-id',
    'x-amzn-trace-id',
    'sessionTimeout',
    'hash',
    'checksum',
    'sha256',
    'md5',
    'signature',
    'amount',
    'price',
    'quantity',
    'currency',
    'unit',
    'valueQuantity.value',
    'referenceRange',
    'statusCode',
    'errorCode',
    'port',
    'sequence',
    'index',
    'position',
    'rank',
    'priority',
    'Organization.name',
    'Organization.address',
    'Organization.telecom',
    'Location.position.latitude',
    'productName',
    'fileName',
    'className',
    'tableName',
    'fieldName',
    'hostName',
    'serviceName',
    'className',
    'addressName',
    'crossNetwork',
    'shipping',
    'mapping',
    'spinner',
    'pinned',
    'protein',
    'reinstate',
    'adobe',
    'author',
    'authority',
    'gzip',
    'zipFile',
    'phoneType',
    'ssnProvided',
    'birthDateKnown',
    'emailOptIn',
    'Host',
    'Origin',
    'Referer',
    'Content-Type',
    'Accept-Language',
    'Via',
  ];
  it.each(negatives)('%s is not PII', (path) => {
    expect(classifyField({ path }).pii).toBe(false);
    expect(classifyField({ path, type: 'string' }).pii).toBe(false);
  });

  it('never takes a boolean companion for the PII it describes', () => {
    for (const path of ['emailVerified', 'emailOptIn', 'birthDateKnown', 'ssnProvided', 'phoneConfirmed']) {
      expect(classifyField({ path, type: 'boolean' }).pii).toBe(false);
    }
  });
});

describe('value evidence', () => {
  it('never turns a bare 9-digit number into an SSN without a name or structure', () => {
    for (const path of ['orderNumber', 'claimNumber', 'value', 'x']) {
      const result = classifyField({
        path,
        type: 'string',
        values: { samples: 200, distinct: 200, hits: { 'ssn-undelimited': 200 } },
      });
      expect(result.pii, path).toBe(false);
      expect(result.confidence).toBeLessThanOrEqual(0.3);
    }
  });

  it('takes twenty distinct values that all pass the NPI check as NPIs', () => {
    const result = classifyField({
      path: 'value',
      type: 'string',
      values: { samples: 20, distinct: 20, hits: { npi: 20 } },
    });
    expect(result).toMatchObject({ pii: true, category: 'npi' });
    const few = classifyField({ path: 'value', type: 'string', values: { samples: 5, distinct: 5, hits: { npi: 5 } } });
    expect(few.pii).toBe(false);
  });

  it('lets a name plus matching values reach the confirmed band', () => {
    const result = classifyField({ path: 'patient.ssn', type: 'string', values: { samples: 40, hits: { ssn: 39 } } });
    expect(result).toMatchObject({ pii: true, category: 'ssn', hipaa: 'G', band: 'confirmed' });
    expect(result.confidence).toBeGreaterThan(0.95);
  });

  it('does not let a negative name be outvoted by values', () => {
    expect(classifyField({ path: 'id', values: { samples: 500, distinct: 500, hits: { npi: 500 } } }).pii).toBe(false);
    expect(classifyField({ path: 'version', values: { samples: 30, hits: { ip: 30 } } }).pii).toBe(false);
  });
});

describe('structure and context', () => {
  it('resolves FHIR identifier values by system and type code', () => {
    const ssn = classifyField({
      path: 'Patient.identifier[].value',
      structure: { system: 'http://hl7.org/fhir/sid/us-ssn' },
    });
    expect(ssn).toMatchObject({ pii: true, phi: true, category: 'ssn', hipaa: 'G' });
    const mrn = classifyField({ path: 'Patient.identifier[].value', structure: { typeCode: 'MR' } });
    expect(mrn).toMatchObject({ category: 'medical-record-number', hipaa: 'H' });
  });

  it('marks PHI only when a patient is concerned, never a provider or an organisation', () => {
    expect(classifyField({ path: 'email', operation: 'GET /patients/{id}' })).toMatchObject({ pii: true, phi: true });
    expect(classifyField({ path: 'email', operation: 'GET /v1/customers/{customer}' })).toMatchObject({
      pii: true,
      phi: false,
    });
    expect(classifyField({ path: 'Practitioner.name[].family' })).toMatchObject({ pii: true, phi: false });
    expect(classifyField({ path: 'Organization.telecom[].value', structure: { system: 'phone' } }).pii).toBe(false);
  });

  it('reads a bare name as a person name only in a person context', () => {
    expect(classifyField({ path: 'name', operation: 'GET /v1/customers/{customer}' }).pii).toBe(true);
    expect(classifyField({ path: 'name', operation: 'GET /v1/products/{id}' }).pii).toBe(false);
    expect(classifyField({ path: 'name', siblings: ['email', 'birthDate', 'id'] }).pii).toBe(true);
    expect(classifyField({ path: 'name' }).pii).toBe(false);
  });
});
