import { describe, expect, it } from 'vitest';
import { classifyField, summarizeValues, tokenizeName } from '../../src/pii/index.js';

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

  it("takes a graph edge's sourceHandle and targetHandle for the ports they are, and a bare handle still for an account's", () => {
    for (const path of ['request.edges[].sourceHandle', 'request.content.edges[].targetHandle', 'source_handle']) {
      expect(
        classifyField({ path, type: 'string', siblings: ['id', 'source', 'target', 'sourceHandle', 'targetHandle'] })
          .pii,
      ).toBe(false);
    }
    expect(classifyField({ path: 'user.handle', type: 'string', siblings: ['name', 'email', 'handle'] }).category).toBe(
      'username',
    );
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

  it('lets e-mail values outvote a username name, and says so in the evidence', () => {
    const login = classifyField({ path: 'User.login', type: 'string', format: 'email' });
    expect(login).toMatchObject({ pii: true, category: 'email', hipaa: 'F' });
    expect(login.evidence.join(' ')).toContain('value:email outvotes name:username');
    const examples = classifyField({ path: 'accessible_by.login', type: 'string', examples: ['john@example.com'] });
    expect(examples).toMatchObject({ pii: true, category: 'email' });
    // A GitHub login is a handle, not an address.
    expect(classifyField({ path: 'owner.login', type: 'string', examples: ['octocat'] })).toMatchObject({
      category: 'username',
    });
  });

  it('does not take a link under a person for their page from its shape alone', () => {
    for (const path of ['signers[].redirect_url', 'signers[].embed_url'])
      expect(classifyField({ path, type: 'string', examples: ['https://example.com'] }).pii, path).toBe(false);
  });

  it('lets organisation-name values outvote the context that made a display a person', () => {
    const provider = classifyField({
      path: 'ExplanationOfBenefit.provider.display',
      type: 'string',
      values: summarizeValues(['XXX Health Plan', 'UPMC Health Plan']),
    });
    expect(provider.pii).toBe(false);
    expect(provider.evidence.join(' ')).toContain('value:organisation-name 2/2 outvotes name');
    expect(
      classifyField({
        path: 'ExplanationOfBenefit.provider.display',
        type: 'string',
        values: summarizeValues(['Ronald Bone', 'Amy Shaw']),
      }).pii,
    ).toBe(true);
    const mixed = summarizeValues(['Acme Inc.', 'Globex Corp', 'Amy Shaw', 'Li Wei', 'Ronald Bone']);
    expect(classifyField({ path: 'customer.name', type: 'string', values: mixed }).pii).toBe(true);
  });

  it('takes a spec example passing a strong checksum as the shape of the field, a weak one not', () => {
    expect(
      classifyField({ path: 'details.consumerAccount', type: 'string', examples: ['NL91ABNA0417164300'] }),
    ).toMatchObject({ pii: true, category: 'account-number' });
    expect(classifyField({ path: 'details.reference', type: 'string', examples: ['1234567893'] }).pii).toBe(false);
  });

  it('reads masked card numbers as partial card data and a role holding a name-shaped example as that name', () => {
    const masked = classifyField({ path: 'details.cardNumber', type: 'string', examples: ['************1234'] });
    expect(masked.pii).toBe(false);
    expect(masked.evidence.join(' ')).toContain('value:masked 1/1');
    expect(classifyField({ path: 'details.cardNumber', type: 'string' }).pii).toBe(true);
    expect(classifyField({ path: 'details.cardHolder', type: 'string', examples: ['John Doe'] })).toMatchObject({
      pii: true,
      category: 'name',
    });
    expect(classifyField({ path: 'payment.customer', type: 'string', examples: ['cus_9s6XKzkNRiz8i3'] }).pii).toBe(
      false,
    );
  });

  it('lets account handles outvote a key name, and keeps other usernames free of that shape', () => {
    // A Matrix user id is written `@localpart:server`: the user's handle, not a surrogate key.
    const matrix = classifyField({
      path: 'path.userId',
      type: 'string',
      examples: ['@alice:example.com'],
      operation: 'GET /_matrix/client/v3/profile/{userId}',
    });
    expect(matrix).toMatchObject({ pii: true, category: 'username' });
    expect(matrix.evidence.join(' ')).toContain('value:handle 1/1');
    expect(classifyField({ path: 'results[].user_id', type: 'string', examples: ['usr_1234'] }).pii).toBe(false);
    // Observed usernames are `jdoe` on most platforms: values without an `@` say nothing against the name.
    const plain = summarizeValues(Array.from({ length: 20 }, (_, i) => `member${i}`));
    expect(classifyField({ path: 'User.username', type: 'string', values: plain })).toMatchObject({
      pii: true,
      category: 'username',
    });
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

  it('reads the agent of an action as a person and a Bundle entry by its operation', () => {
    expect(classifyField({ path: 'Comment.created_by.name', type: 'string' })).toMatchObject({
      pii: true,
      category: 'name',
    });
    expect(classifyField({ path: 'DevicePinner.owned_by.name', type: 'string' }).pii).toBe(true);
    expect(classifyField({ path: 'sort_by.name', type: 'string' }).pii).toBe(false);
    expect(
      classifyField({
        path: 'entry[].resource.name[].family',
        type: 'string',
        operation: 'GET /Patient/{id}/RelatedPerson',
      }),
    ).toMatchObject({ pii: true, category: 'name' });
  });

  it('reads identifiers by NHS and member-id systems, organisation systems and CARIN codes', () => {
    expect(
      classifyField({ path: 'Patient.identifier[].value', structure: { system: 'https://fhir.nhs.uk/Id/nhs-number' } }),
    ).toMatchObject({ pii: true, category: 'national-id' });
    expect(
      classifyField({
        path: 'Patient.identifier[].value',
        structure: { system: 'https://www.example.com/fhir/memberidentifier', typeCode: 'um' },
      }),
    ).toMatchObject({ pii: true, category: 'health-plan-id' });
    expect(
      classifyField({
        path: 'Patient.generalPractitioner[].identifier.value',
        structure: { system: 'https://fhir.nhs.uk/Id/ods-organization-code' },
      }).pii,
    ).toBe(false);
    expect(
      classifyField({
        path: 'ExplanationOfBenefit.supportingInfo[].valueString',
        structure: { typeCode: 'medicalrecordnumber' },
      }),
    ).toMatchObject({ pii: true, phi: true, category: 'medical-record-number' });
  });

  it('reads a beneficiary as a patient in a health API and as the payee of a payment elsewhere', () => {
    const payee = (path: string, operation: string, type = 'string') => classifyField({ path, operation, type });
    expect(payee('beneficiary.name', 'POST /v1/transfers')).toMatchObject({ pii: true, phi: false, category: 'name' });
    expect(payee('transfer.beneficiary.address.line1', 'POST /v1/transfers')).toMatchObject({
      pii: true,
      phi: false,
      category: 'address',
    });
    expect(payee('beneficiary.iban', 'POST /v1/payouts')).toMatchObject({ pii: true, phi: false });
    // The same role where the API is about health: the insured person of a Coverage, or a Medicare claim's.
    expect(payee('beneficiary.birthDate', 'GET /Coverage/{id}')).toMatchObject({ pii: true, phi: true });
    expect(payee('claim.beneficiary.name', 'POST /v1/claims')).toMatchObject({ pii: true, phi: true });
  });

  it('reads FHIR Patient search parameters and a Coverage identifier by the resource they belong to', () => {
    expect(
      classifyField({ path: 'family', location: 'query', operation: 'GET /Patient', type: 'string' }),
    ).toMatchObject({
      pii: true,
      category: 'name',
    });
    expect(classifyField({ path: 'family', location: 'query', operation: 'GET /products', type: 'string' }).pii).toBe(
      false,
    );
    expect(
      classifyField({
        path: 'identifier[].value',
        operation: 'POST /Coverage',
        type: 'string',
        examples: ['178705ABC'],
      }),
    ).toMatchObject({ pii: true, phi: true, category: 'health-plan-id' });
    expect(classifyField({ path: 'Coverage.payor[].identifier.value', type: 'string' }).pii).toBe(false);
  });

  it('reads a date the system keeps as the record, not the person', () => {
    expect(classifyField({ path: 'Patient.systemEffectiveDate', type: 'string', examples: ['2010-10-22'] }).pii).toBe(
      false,
    );
    expect(classifyField({ path: 'Patient.deceasedDateTime', type: 'string' }).pii).toBe(true);
  });

  it('reads what a claim bills and when as PHI, and its administration as not', () => {
    for (const path of [
      'ExplanationOfBenefit.diagnosis[].diagnosisCodeableConcept.coding[].code',
      'ExplanationOfBenefit.item[].productOrService.coding[].display',
    ])
      expect(classifyField({ path, type: 'string' }), path).toMatchObject({
        pii: true,
        phi: true,
        category: 'health-data',
      });
    for (const path of ['ExplanationOfBenefit.billablePeriod.start', 'ExplanationOfBenefit.item[].servicedDate'])
      expect(classifyField({ path, type: 'string' }), path).toMatchObject({ pii: true, phi: true, category: 'date' });
    for (const path of ['ExplanationOfBenefit.type.text', 'ExplanationOfBenefit.created', 'Claim.total.value'])
      expect(classifyField({ path, type: 'string' }).pii, path).toBe(false);
    expect(classifyField({ path: 'Condition.stage[].type.coding[].display', type: 'string' }).pii).toBe(false);
    expect(classifyField({ path: 'Condition.stage[].summary.coding[].display', type: 'string' }).pii).toBe(true);
  });

  it('reads an object with the trade and registry fields of an organisation as its own', () => {
    const profile = ['name', 'website', 'email', 'phone', 'businessCategory'];
    for (const path of ['Profile.email', 'Profile.phone', 'Profile.name'])
      expect(classifyField({ path, type: 'string', siblings: profile }).pii, path).toBe(false);
    const recipient = ['givenName', 'familyName', 'organizationName', 'vatNumber', 'email', 'phone'];
    expect(classifyField({ path: 'recipient.email', type: 'string', siblings: recipient }).pii).toBe(true);
  });

  it('reads a FHIR RelatedPerson as PHI and a clinician reference as a provider', () => {
    expect(classifyField({ path: 'RelatedPerson.name[].family', type: 'string' })).toMatchObject({
      pii: true,
      phi: true,
    });
    for (const path of ['AllergyIntolerance.recorder.display', 'Immunization.performer[].actor.display'])
      expect(classifyField({ path, type: 'string' }), path).toMatchObject({
        pii: true,
        phi: false,
        subject: 'provider',
      });
    expect(classifyField({ path: 'Condition.subject.display', type: 'string' })).toMatchObject({
      pii: true,
      phi: true,
    });
  });

  it('reads the value and hash of a credential object as secrets, and its salt as not', () => {
    expect(classifyField({ path: 'Credential.value', type: 'string' }).secret).toBe('password');
    expect(classifyField({ path: 'credentials[].hashedSaltedValue', type: 'string' }).secret).toBe('password-hash');
    expect(classifyField({ path: 'Credential.salt', type: 'string' }).secret).toBeUndefined();
    expect(classifyField({ path: 'Invoice.value', type: 'string' }).secret).toBeUndefined();
  });

  it('reads a bare name as a person name only in a person context', () => {
    expect(classifyField({ path: 'name', operation: 'GET /v1/customers/{customer}' }).pii).toBe(true);
    expect(classifyField({ path: 'name', operation: 'GET /v1/products/{id}' }).pii).toBe(false);
    expect(classifyField({ path: 'name', siblings: ['email', 'birthDate', 'id'] }).pii).toBe(true);
    expect(classifyField({ path: 'name' }).pii).toBe(false);
  });

  it('reads a business as the party an organisation word qualifies, and the people it is vetted through as people', () => {
    expect(classifyField({ path: 'BusinessCardHolder.phone', type: 'string' }).pii).toBe(false);
    expect(classifyField({ path: 'company_customer.email', type: 'string' }).pii).toBe(false);
    // Roles only people hold stay people's, whatever qualifies them.
    expect(classifyField({ path: 'business_owner.email', type: 'string' }).pii).toBe(true);
    expect(classifyField({ path: 'CardHolder.phone', type: 'string' }).pii).toBe(true);
    expect(classifyField({ path: 'BusinessCardHolder.proprietor_or_officer.ssn', type: 'string' })).toMatchObject({
      pii: true,
      subject: 'person',
    });
  });

  it("reads a person's work contact, a name as a platform shows it and an account on a platform as the person's", () => {
    const work = classifyField({ path: 'Employee.company_email', type: 'string' });
    expect(work).toMatchObject({ pii: true, category: 'email' });
    expect(work.evidence).toContain('context:work contact of a person');
    expect(classifyField({ path: 'Company.company_email', type: 'string' }).pii).toBe(false);
    expect(classifyField({ path: 'User.global_name', type: 'string' })).toMatchObject({ pii: true, category: 'name' });
    expect(classifyField({ path: 'Datasource.datasource_name', type: 'string' }).pii).toBe(false);
    expect(classifyField({ path: 'platform_username', type: 'string' }).subject).not.toBe('organization');
  });

  it('reads the concepts inside a clinical element, a dosage for the patient and the dates of a clinical resource', () => {
    const health = (path: string, samples?: string[]) =>
      classifyField({ path, type: 'string', ...(samples ? { values: summarizeValues(samples) } : {}) });
    expect(health('AllergyIntolerance.reaction[].substance.coding[].display')).toMatchObject({ pii: true, phi: true });
    expect(health('MedicationStatement.dosage[].method.text')).toMatchObject({ pii: true, category: 'health-data' });
    expect(health('MedicationRequest.dosageInstruction[].patientInstruction').pii).toBe(true);
    expect(health('MedicationRequest.dosageInstruction[].timing.repeat.when[]').pii).toBe(true);
    expect(health('MedicationDispense.whenHandedOver', ['2012-02-04T14:00:00+01:00'])).toMatchObject({
      pii: true,
      category: 'date',
    });
    // A kind, an extension or a quantity of the element is not its concept; a result's release is not a date of care.
    expect(health('Condition.stage.type.coding[].display').pii).toBe(false);
    expect(health('AllergyIntolerance.reaction[].extension[certainty].valueCodeableConcept.coding[].code').pii).toBe(
      false,
    );
    expect(health('MedicationAdministration.dosage.dose.value').pii).toBe(false);
    expect(health('Observation.issued', ['2012-02-04T14:00:00+01:00']).pii).toBe(false);
  });

  it('reads registered national person, insurance and professional numbers by their OID', () => {
    const id = (resource: string, system: string) =>
      classifyField({ path: `${resource}.identifier[].value`, type: 'string', structure: { system } }).category;
    expect(id('Patient', 'urn:oid:2.16.756.5.32')).toBe('national-id');
    expect(id('Patient', 'urn:oid:2.16.756.5.30.1.123.100.1.1.1')).toBe('health-plan-id');
    expect(id('Practitioner', 'urn:oid:2.51.1.3')).toBe('npi');
    expect(
      classifyField({ path: 'Organization.identifier[].value', structure: { system: 'urn:oid:2.51.1.3' } }).pii,
    ).toBe(false);
  });

  it('reads an identity card number, a bank a/c number and a return address for what they are', () => {
    expect(classifyField({ path: 'User.id_card_number', type: 'string' }).category).toBe('national-id');
    expect(classifyField({ path: 'Employee.bank_ac_no', type: 'string' }).category).toBe('account-number');
    expect(classifyField({ path: 'shipping.return_address.address1', type: 'string' }).pii).toBe(false);
    expect(classifyField({ path: 'shipping.recipient_address.address1', type: 'string' }).pii).toBe(true);
    // A typed visit number keeps its type whatever its digits look like (a four-digit one looks like a last four).
    const visit = classifyField({
      path: 'Encounter.identifier[].value',
      type: 'string',
      structure: { typeCode: 'VN' },
      values: summarizeValues(['12345', '1234']),
    });
    expect(visit.category).toBe('account-number');
  });

  it("reads a resource's bare type code as a kind and a thing held by an organisation as the organisation's", () => {
    expect(classifyField({ path: 'AllergyIntolerance.type', type: 'string' }).pii).toBe(false);
    expect(classifyField({ path: 'Encounter.type[].coding[].display', type: 'string' }).pii).toBe(true);
    expect(classifyField({ path: 'Business.deposit_account.account_number', type: 'string' }).pii).toBe(false);
    expect(classifyField({ path: 'Customer.deposit_account.account_number', type: 'string' }).pii).toBe(true);
  });

  it("reads a post's or an action's username, name and avatar as the account holder's, not a server's", () => {
    const post = ['id', 'username', 'name', 'avatar_template', 'raw'];
    // `avatar_template` is the avatar's link with its size left open: the photo, as `avatar_url` is.
    for (const leaf of ['username', 'name', 'avatar_template'])
      expect(
        classifyField({ path: leaf, type: 'string', operation: 'GET /posts/{id}.json', siblings: post }),
        leaf,
      ).toMatchObject({ pii: true, subject: 'person' });
    // A bare name beside a weaker handle (an authenticator's `user_handle`) stays the method's own name.
    expect(
      classifyField({
        path: 'UserAuthenticationMethod.name',
        type: 'string',
        siblings: ['id', 'type', 'name', 'user_handle'],
      }).pii,
    ).toBe(false);
    // A group a user belongs to shows its own display name.
    expect(
      classifyField({ path: 'user.groups[].display_name', type: 'string', operation: 'GET /u/{username}.json' }).pii,
    ).toBe(false);
    expect(classifyField({ path: 'user.display_name', type: 'string', operation: 'GET /u/{username}.json' }).pii).toBe(
      true,
    );
    // A machine's login is a service account.
    expect(
      classifyField({ path: 'database.connection.username', type: 'string', siblings: ['host', 'port', 'username'] })
        .pii,
    ).toBe(false);
  });

  it("reads a thing's surname as a person's and an identity document's MRZ line as its data, not an address", () => {
    expect(classifyField({ path: 'person_roles[].nachname', type: 'string' })).toMatchObject({
      pii: true,
      category: 'name',
      subject: 'person',
    });
    expect(classifyField({ path: 'Repository.full_name', type: 'string' }).pii).toBe(false);
    expect(classifyField({ path: 'extracted_data.mrz_line1', type: 'string' }).category).toBe('national-id');
    expect(classifyField({ path: 'address.line_1', type: 'string' }).category).toBe('address');
  });

  it("reads a face as a person's wherever it is checked, and a party's bank details as the party's", () => {
    for (const path of ['Check.face_image', 'Applicant.selfie_url', 'Check.liveness_photo'])
      expect(classifyField({ path, type: 'string' }), path).toMatchObject({ pii: true, category: 'photo' });
    expect(classifyField({ path: 'Product.image_url', type: 'string' }).pii).toBe(false);
    expect(classifyField({ path: 'Employee.bank_details.account_number', type: 'string' })).toMatchObject({
      pii: true,
      category: 'account-number',
    });
    expect(classifyField({ path: 'Business.bank_details.account_number', type: 'string' }).pii).toBe(false);
  });

  it("reads a partner's surname as a spouse's and the display of a person's IM handle as the handle", () => {
    expect(classifyField({ path: 'Partner.naam.geslachtsnaam', type: 'string' })).toMatchObject({
      pii: true,
      subject: 'person',
    });
    expect(classifyField({ path: 'Partner.company_name', type: 'string' }).pii).toBe(false);
    expect(
      classifyField({ path: 'User.ims[].display', type: 'string', operation: 'GET /scim/v2/Users/{id}' }),
    ).toMatchObject({ pii: true, category: 'username' });
  });

  it("reads a pharmacy's and a lab's records of a patient's care as PHI, and a drug catalogue as not", () => {
    const prescription = ['patient_id', 'drug_name', 'ndc', 'sig', 'written_date', 'fill_date', 'prescriber_npi'];
    for (const [leaf, category] of [
      ['drug_name', 'health-data'],
      ['ndc', 'health-data'],
      ['sig', 'health-data'],
      ['fill_date', 'date'],
    ] as const)
      expect(
        classifyField({
          path: `Prescription.${leaf}`,
          type: 'string',
          siblings: prescription,
          operation: 'GET /v1/prescriptions/{id}',
        }),
        leaf,
      ).toMatchObject({ pii: true, phi: true, category });
    expect(classifyField({ path: 'Drug.ndc', type: 'string', siblings: ['ndc', 'name'] }).pii).toBe(false);
    // A fill date is a date of care only in a record about a patient.
    expect(
      classifyField({ path: 'Prescription.filledAt', type: 'string', siblings: ['medication', 'filledAt'] }).pii,
    ).toBe(false);
    expect(classifyField({ path: 'Patient.pcp_name', type: 'string' })).toMatchObject({
      pii: true,
      phi: false,
      subject: 'provider',
    });
  });

  it('reads a coded extension of a clinical resource as its clinical content, not one of its parts', () => {
    expect(
      classifyField({
        path: 'Condition.extension[mcode-histology-morphology-behavior].valueCodeableConcept.coding[].display',
        type: 'string',
      }),
    ).toMatchObject({ pii: true, phi: true, category: 'health-data' });
    expect(
      classifyField({
        path: 'AllergyIntolerance.reaction[].extension[certainty].valueCodeableConcept.coding[].code',
        type: 'string',
      }).pii,
    ).toBe(false);
    expect(
      classifyField({ path: 'Patient.extension[patient-religion].valueCodeableConcept.coding[].display' }).pii,
    ).toBe(false);
  });

  it("reads the number a device or a SIM answers to as its subscriber's, and a store's number as the store's", () => {
    expect(
      classifyField({ path: 'Device.phoneNumber', type: 'string', operation: 'POST /location-retrieval/v0/retrieve' }),
    ).toMatchObject({ pii: true, category: 'phone', subject: 'person' });
    expect(classifyField({ path: 'Sim.msisdn', type: 'string' }).pii).toBe(true);
    expect(classifyField({ path: 'Store.phone', type: 'string' }).pii).toBe(false);
  });

  it("reads a name inside an address nothing else owns as its addressee's, and a company's address as the company's", () => {
    expect(classifyField({ path: 'adresse.ligneNom', type: 'string' })).toMatchObject({ pii: true, category: 'name' });
    expect(classifyField({ path: 'address.name', type: 'string' }).pii).toBe(true);
    expect(classifyField({ path: 'Company.address.name', type: 'string' }).pii).toBe(false);
    expect(classifyField({ path: 'Warehouse.address.name', type: 'string' }).pii).toBe(false);
  });

  it('reads the display of a reference to a condition, a medication or a reason as the clinical concept', () => {
    for (const path of [
      'Encounter.diagnosis[].condition.display',
      'MedicationStatement.medicationReference.display',
      'Procedure.reasonReference[].display',
    ])
      expect(classifyField({ path, type: 'string' }), path).toMatchObject({
        pii: true,
        phi: true,
        category: 'health-data',
      });
    expect(classifyField({ path: 'Encounter.subject.display', type: 'string' }).category).toBe('name');
  });

  it("reads an entity's date of birth as the individual's, and a business entity's formation date as not", () => {
    const siblings = ['business_name', 'date_formed', 'first_name', 'last_name', 'preferred_name', 'date_of_birth'];
    const at = (leaf: string) =>
      classifyField({
        path: `LegalEntity.${leaf}`,
        type: 'string',
        operation: 'GET /api/legal_entities/{id}',
        siblings,
      });
    expect(at('date_of_birth')).toMatchObject({ pii: true, category: 'birth-date', subject: 'person' });
    expect(at('preferred_name')).toMatchObject({ pii: true, category: 'name', subject: 'person' });
    expect(at('business_name').pii).toBe(false);
    expect(at('date_formed').pii).toBe(false);
    // Without a person's own field beside it, a qualified name of a thing stays the thing's.
    expect(
      classifyField({ path: 'Repository.full_name', type: 'string', siblings: ['full_name', 'language'] }).pii,
    ).toBe(false);
  });

  it("reads an invoice's contact details as the means of reaching its issuer, and a contact's e-mail as a person's", () => {
    const siblings = ['contact_identifier', 'contact_identifier_type'];
    expect(
      classifyField({
        path: 'Invoice.contact_details[].contact_identifier',
        type: 'string',
        operation: 'GET /api/invoices/{id}',
        siblings,
      }).pii,
    ).toBe(false);
    expect(classifyField({ path: 'Invoice.contact.email', type: 'string' })).toMatchObject({
      pii: true,
      category: 'email',
    });
    expect(classifyField({ path: 'Customer.contact_details.email', type: 'string' }).pii).toBe(true);
  });

  it("reads a trust's grantor and trustees as people, and a business's lockbox and card profile as the business's", () => {
    for (const path of ['Trust.grantor.name', 'Trust.grantor.address.line1', 'Trust.trustees[].individual.name'])
      expect(classifyField({ path, type: 'string' }), path).toMatchObject({ pii: true, subject: 'person' });
    for (const path of ['Lockbox.address.line1', 'Lockbox.recipient_name', 'PhysicalCardProfile.contact_phone'])
      expect(classifyField({ path, type: 'string' }).pii, path).toBe(false);
  });

  it("reads a role a business holds as often as a person as the business's under an organisation party only", () => {
    expect(classifyField({ path: 'Merchant.account_holder_name', type: 'string' })).toMatchObject({
      pii: false,
      subject: 'organization',
    });
    // A payment's recipient may be anyone, and a company's contact is a person.
    expect(classifyField({ path: 'Payout.recipient_name', type: 'string' }).pii).toBe(true);
    expect(classifyField({ path: 'Company.contact_name', type: 'string' }).pii).toBe(true);
    // `contact` before a phone or an e-mail says what it is for; the record says whose it is.
    expect(classifyField({ path: 'Company.contact_phone', type: 'string' }).pii).toBe(false);
    expect(classifyField({ path: 'Customer.contact_phone', type: 'string' }).pii).toBe(true);
  });

  it("reads a head office's address and phone as the organisation's, and a legal representative's name as theirs only", () => {
    for (const path of ['UserLegal.HeadquartersAddress.AddressLine1', 'Client.HeadquartersPhoneNumber'])
      expect(classifyField({ path, type: 'string' }).pii, path).toBe(false);
    expect(classifyField({ path: 'UserNatural.Address.AddressLine1', type: 'string' }).pii).toBe(true);
    const siblings = ['Name', 'CompanyNumber', 'LegalRepresentativeFirstName', 'LegalRepresentativeLastName'];
    const at = (leaf: string) => classifyField({ path: `UserLegal.${leaf}`, type: 'string', siblings });
    expect(at('Name')).toMatchObject({ pii: false, subject: 'organization' });
    expect(at('LegalRepresentativeFirstName')).toMatchObject({ pii: true, category: 'name' });
    // The object's own person fields still make it a person's (a sole trader's record).
    expect(
      classifyField({ path: 'Recipient.name', type: 'string', siblings: ['name', 'company_number', 'first_name'] }).pii,
    ).toBe(true);
  });
  // Mechanisms from the former fourth held-out set and the eighth tuning file (docs/pii-labelling.md).
  it("reads a logo, an EIN or a scheme identifier as an organisation's record, and a thing by its operation's party", () => {
    const creditor = ['name', 'address_line1', 'postal_code', 'logo_url', 'creditor_type'];
    expect(classifyField({ path: 'creditors.address_line1', type: 'string', siblings: creditor }).pii).toBe(false);
    expect(
      classifyField({ path: 'customers.address_line1', type: 'string', siblings: ['address_line1', 'email'] }).pii,
    ).toBe(true);
    for (const leaf of ['email', 'phone_number', 'address_line1', 'name'])
      expect(classifyField({ path: `creditors.scheme_identifiers[].${leaf}`, type: 'string' }).pii, leaf).toBe(false);
    expect(classifyField({ path: 'CreateCustomer.ein', type: 'string', examples: ['00-0000000'] }).pii).toBe(false);
    const account = { path: 'accounts[].account_number', type: 'string' };
    expect(classifyField({ ...account, operation: 'GET /employer/company' }).pii).toBe(false);
    expect(classifyField({ ...account, operation: 'GET /customers/{id}' }).pii).toBe(true);
    expect(classifyField({ path: 'customer_bank_accounts.account_number_ending', type: 'string' }).pii).toBe(false);
  });

  it("reads an organisation's first name as its employee's, a business's controller as a person, and a thing's parent as a thing", () => {
    const employment = { type: 'string', operation: 'POST /employer/employment' };
    expect(classifyField({ ...employment, path: 'responses[].body.first_name' })).toMatchObject({ pii: true });
    expect(classifyField({ path: 'VerifiedBusinessCustomer.controller.address.city', type: 'string' }).pii).toBe(true);
    expect(classifyField({ path: 'VerifiedBusinessCustomer.address1', type: 'string' }).pii).toBe(false);
    // An organisation's postal address keeps its addressee line.
    expect(classifyField({ path: 'CardProgram.return_address.first_name', type: 'string' }).pii).toBe(false);
    expect(classifyField({ path: 'departments[].parent.name', type: 'string' }).pii).toBe(false);
    expect(classifyField({ path: 'Student.parent.name', type: 'string' }).pii).toBe(true);
    expect(classifyField({ path: 'activity_log.metadata.update_by_name', type: 'string' }).pii).toBe(true);
    expect(classifyField({ path: 'search.sort_by', type: 'string' }).pii).toBe(false);
  });

  it("reads a person's thing's name, an error's name, settings and a last login as no one's", () => {
    const deductions = ['name', 'amount', 'currency'];
    expect(
      classifyField({ path: 'pay_statements[].employee_deductions[].name', type: 'string', siblings: deductions }).pii,
    ).toBe(false);
    expect(classifyField({ path: 'customer_info.name', type: 'string', siblings: ['name', 'email'] }).pii).toBe(true);
    const error = ['name', 'code', 'message', 'first_name'];
    expect(classifyField({ path: 'Individual.name', type: 'string', siblings: error }).pii).toBe(false);
    for (const path of [
      'signers[].addAccessCodeToEmail',
      'signers[].phoneAuthentication.recordVoicePrint',
      'users[].lastLogin',
    ])
      expect(classifyField({ path, type: 'string' }).pii, path).toBe(false);
  });

  it("reads goals, questionnaire answers, order details and Task subjects as PHI, and a quantity's unit as not", () => {
    const fhir = (path: string, samples: unknown[]) =>
      classifyField({
        path,
        type: typeof samples[0] === 'number' ? 'number' : 'string',
        values: summarizeValues(samples),
      });
    expect(fhir('Goal.achievementStatus.coding[].display', ['Improving'])).toMatchObject({ pii: true, phi: true });
    expect(fhir('QuestionnaireResponse.item[].answer[].valueCoding.display', ['Often true'])).toMatchObject({
      pii: true,
    });
    expect(fhir('ServiceRequest.orderDetail.coding[].display', ['Stomi'])).toMatchObject({ pii: true });
    expect(fhir('Observation.valueQuantity.code', ['mm[Hg]']).pii).toBe(false);
    expect(fhir('Observation.valueQuantity.value', [120])).toMatchObject({ pii: true, category: 'health-data' });
    expect(fhir('Condition.extension[].valueDateTime', ['2020-12-12'])).toMatchObject({ pii: true, category: 'date' });
    expect(fhir('Task.for.display', ['Jane Doe'])).toMatchObject({ pii: true, category: 'name' });
  });

  it("reads a geocode as its address's place, a name on a card as its holder's, and a qualification's full name as its own", () => {
    expect(
      classifyField({
        path: 'Patient.address[].extension[nz-geocode].extension[latitude].valueDecimal',
        type: 'number',
      }),
    ).toMatchObject({ pii: true, category: 'geolocation' });
    expect(classifyField({ path: 'FundingSource.cardDetails.nameOnCard', type: 'string' })).toMatchObject({
      pii: true,
      category: 'name',
    });
    expect(
      classifyField({
        path: 'Practitioner.qualification[].extension[educational-qualification].extension[fullname].valueString',
        type: 'string',
      }).pii,
    ).toBe(false);
    expect(classifyField({ path: 'Practitioner.name[].text', type: 'string' }).pii).toBe(true);
    expect(classifyField({ path: 'DataFields.PersonInfo.AdditionalFields.FullName', type: 'string' }).pii).toBe(true);
    // A web profile item holds the site's name and the person's profile link.
    const profile = { type: 'string', siblings: ['name', 'url', 'type'] };
    expect(classifyField({ ...profile, path: 'contact.social_profiles.data[].name' }).pii).toBe(false);
    expect(classifyField({ ...profile, path: 'contact.social_profiles.data[].url' })).toMatchObject({
      pii: true,
      category: 'url',
    });
    // An address's ordinal lines are its lines; a log's first line is no address.
    expect(classifyField({ path: 'Customer.address.second_line', type: 'string' }).pii).toBe(true);
    expect(classifyField({ path: 'Build.log.first_line', type: 'string' }).pii).toBe(false);
    expect(
      classifyField({
        path: 'Organization.contact[].telecom[].system.extension[edi-address].valueString',
        type: 'string',
      }).pii,
    ).toBe(false);
  });
  it('reads a FHIR resource under a profile name as the resource, and an Observation component as an observation', () => {
    const op = 'GET /Observation/{id}';
    // A profile's name above the resource (as a spec's schema name) does not hide what the elements are.
    expect(
      classifyField({ path: 'PregnancyStatus.Observation.valueCodeableConcept.coding[].display', operation: op }),
    ).toMatchObject({ pii: true, phi: true, category: 'health-data' });
    expect(
      classifyField({ path: 'DecedentAge.Observation.effectiveDateTime', operation: op, examples: ['2020-11-10'] }),
    ).toMatchObject({ pii: true, category: 'date' });
    // A profile recording how a report was handled, or whether its condition must be reported, is about the report.
    expect(
      classifyField({
        path: 'RREicrProcessingStatusObservation.Observation.valueCodeableConcept.coding[].display',
        operation: op,
        examples: ['eICR was processed with the warning of: inactive RCTC code'],
      }).pii,
    ).toBe(false);
    expect(
      classifyField({
        path: 'RRRelevantReportableConditionObservation.Observation.valueCodeableConcept.coding[].display',
        operation: op,
        examples: ['Zika virus disease (disorder)'],
      }),
    ).toMatchObject({ pii: true, category: 'health-data' });
    // Only a resource whose elements are FHIR's: a vendor's `Location` keeps the record around it.
    expect(
      classifyField({ path: 'DataFields.Location.City', type: 'string', operation: 'POST /verifications/v1/verify' }),
    ).toMatchObject({ pii: true, subject: 'person' });
    // A component carries its own code and value[x]: a gestational age, a birth order, an estimated delivery date.
    expect(
      classifyField({ path: 'Observation.component[].valueInteger', type: 'integer', operation: op }),
    ).toMatchObject({ pii: true, category: 'health-data' });
    expect(
      classifyField({ path: 'Observation.component[].valueDateTime', operation: op, examples: ['2018-05-01'] }),
    ).toMatchObject({ pii: true, category: 'date' });
    expect(classifyField({ path: 'Observation.component[].valueQuantity.unit', operation: op }).pii).toBe(false);
  });

  it("reads a clinical code whatever its digits look like, and an address a clinical resource holds as the patient's place", () => {
    // A SNOMED code's ten digits look like an epoch: clinical content has no value shape.
    expect(
      classifyField({
        path: 'Observation.valueCodeableConcept.coding[].code',
        operation: 'GET /Observation/{id}',
        examples: ['1222766008'],
      }),
    ).toMatchObject({ pii: true, category: 'health-data' });
    const travel = 'Observation.component[].extension[us-ph-address-extension].valueAddress';
    expect(classifyField({ path: `${travel}.city`, type: 'string', operation: 'GET /Observation/{id}' })).toMatchObject(
      { pii: true, phi: true, category: 'address', subject: 'patient' },
    );
    expect(classifyField({ path: `${travel}.state`, type: 'string', operation: 'GET /Observation/{id}' }).pii).toBe(
      false,
    );
    // A facility's address stays the facility's.
    expect(classifyField({ path: 'Location.address.city', type: 'string', operation: 'GET /Location/{id}' }).pii).toBe(
      false,
    );
  });

  it("reads a laboratory's and a public body's name as an organisation's, even where a display names a performer", () => {
    for (const name of ['Acme Labs', 'Health Authority West Rules Authoring Agency'])
      expect(
        classifyField({
          path: 'ServiceRequest.performer[].display',
          type: 'string',
          operation: 'GET /ServiceRequest/{id}',
          values: summarizeValues([name]),
        }).pii,
        name,
      ).toBe(false);
    expect(
      classifyField({
        path: 'ServiceRequest.performer[].display',
        type: 'string',
        operation: 'GET /ServiceRequest/{id}',
        values: summarizeValues(['Henry Seven']),
      }),
    ).toMatchObject({ pii: true, category: 'name' });
  });
  it("reads an individual's application as the person's, a date of birth under a business as a person's, and a percentage as no age", () => {
    const op = 'GET /applications/{applicationId}';
    expect(
      classifyField({ path: 'IndividualApplication.attributes.email', type: 'string', operation: op }),
    ).toMatchObject({
      pii: true,
      category: 'email',
    });
    expect(
      classifyField({ path: 'IndividualApplication.attributes.address.street', type: 'string', operation: op }).pii,
    ).toBe(true);
    // A business's application and a software application stay an organisation's.
    expect(
      classifyField({ path: 'BusinessApplication.attributes.phone.number', type: 'string', operation: op }).pii,
    ).toBe(false);
    expect(classifyField({ path: 'Application.contact_email', type: 'string', operation: 'GET /apps/{id}' }).pii).toBe(
      false,
    );
    // An organisation has no date of birth: one in a business application's document is the person's it names.
    expect(
      classifyField({
        path: 'ApplicationDocument.attributes.dateOfBirth',
        type: 'string',
        operation: 'GET /applications/{applicationId}/documents',
      }),
    ).toMatchObject({ pii: true, category: 'birth-date' });
    expect(
      classifyField({
        path: 'BusinessApplication.attributes.beneficialOwners[].percentage',
        type: 'number',
        operation: op,
      }).pii,
    ).toBe(false);
  });

  it("reads a specimen's body site and dates as the patient's care, and its type as a kind", () => {
    const op = 'GET /Specimen/{id}';
    expect(
      classifyField({ path: 'Specimen.collection.bodySite.coding[].display', type: 'string', operation: op }),
    ).toMatchObject({ pii: true, phi: true, category: 'health-data' });
    expect(
      classifyField({ path: 'Specimen.receivedTime', operation: op, examples: ['2021-12-03T16:00:00Z'] }),
    ).toMatchObject({ pii: true, category: 'date' });
    expect(classifyField({ path: 'Specimen.type.coding[].code', type: 'string', operation: op }).pii).toBe(false);
  });
  it("reads a part of a clinical resource's complex extension as its concept, and an account identifier's number as the account's", () => {
    const radiotherapy = 'Procedure.extension[mcode-radiotherapy-modality-and-technique].extension';
    expect(
      classifyField({
        path: `${radiotherapy}[mcode-radiotherapy-modality].valueCodeableConcept.coding[].display`,
        type: 'string',
        operation: 'GET /Procedure/{id}',
      }),
    ).toMatchObject({ pii: true, phi: true, category: 'health-data' });
    // An extension of a part of the resource still qualifies only that part.
    expect(
      classifyField({
        path: 'AllergyIntolerance.reaction[].extension[certainty].extension[detail].valueCodeableConcept.coding[].code',
        type: 'string',
      }).pii,
    ).toBe(false);
    expect(
      classifyField({
        path: 'external_account.account_identifiers.number',
        type: 'string',
        operation: 'GET /external_accounts/{external_account_id}',
      }),
    ).toMatchObject({ pii: true, category: 'account-number' });
  });
  it("reads a phone item's name as its label, a profile link as the person's page and an IM address as a handle", () => {
    const op = 'GET /employees/{id}';
    const item = { type: 'string', operation: op, siblings: ['name', 'number'] };
    expect(classifyField({ ...item, path: 'EmployeeDetail.phone_numbers[].name' }).pii).toBe(false);
    expect(classifyField({ ...item, path: 'EmployeeDetail.phone_numbers[].number' })).toMatchObject({
      pii: true,
      category: 'phone',
    });
    // An emergency contact's name stays the contact's.
    expect(classifyField({ path: 'EmployeeDetail.emergency_contacts[].name', type: 'string', operation: op }).pii).toBe(
      true,
    );
    expect(
      classifyField({ path: 'Candidate.profile_links[].url', type: 'string', operation: 'GET /candidates/{id}' }),
    ).toMatchObject({ pii: true, category: 'url' });
    expect(classifyField({ path: 'EmployeeDetail.im_address', type: 'string', operation: op })).toMatchObject({
      pii: true,
      category: 'username',
    });
  });

  it('reads an Observation under a profile named for a non-clinical attribute as that attribute, not a finding', () => {
    const op = 'GET /Observation/{id}';
    const coded = (profile: string, examples: string[]) =>
      classifyField({ path: `${profile}.Observation.valueCodeableConcept.coding[].display`, operation: op, examples });
    // A death record's race, education and military service are demographics the record carries, not findings.
    expect(coded('ObservationCodedRaceAndEthnicityVitalRecords', ['White', 'Chilean']).pii).toBe(false);
    expect(coded('DecedentEducationLevel', ['Some secondary or high school education']).pii).toBe(false);
    expect(coded('DecedentMilitaryService', ['Yes', 'No']).pii).toBe(false);
    // The parts of a date's or a record number's profile (where the death happened, the certificate's year) neither.
    expect(
      classifyField({
        path: 'DeathDate.Observation.component[].valueCodeableConcept.coding[].display',
        operation: op,
        examples: ['Death in hospital'],
      }).pii,
    ).toBe(false);
    expect(
      classifyField({ path: 'BirthRecordIdentifier.Observation.component[].valueString', operation: op }).pii,
    ).toBe(false);
    // The record identifier's own value is the certificate's number, issued to the person.
    expect(
      classifyField({ path: 'BirthRecordIdentifier.Observation.valueString', operation: op, examples: ['717171'] }),
    ).toMatchObject({ pii: true, category: 'license-number' });
    // A profile named for a finding keeps its clinical content.
    expect(coded('MannerOfDeath', ['Natural death'])).toMatchObject({ pii: true, category: 'health-data' });
    expect(coded('DecedentPregnancyStatus', ['Pregnant at time of death'])).toMatchObject({
      pii: true,
      category: 'health-data',
    });
  });

  it("reads a patient's flag, device use, appointment and care team as their care, and a care-handling extension as no finding", () => {
    expect(
      classifyField({
        path: 'Flag.code.coding[].display',
        operation: 'GET /Flag/{id}',
        examples: ['Allergy to penicillin'],
      }),
    ).toMatchObject({ pii: true, phi: true, category: 'health-data' });
    expect(
      classifyField({ path: 'DeviceUseStatement.reasonCode[].text', operation: 'GET /DeviceUseStatement/{id}' }),
    ).toMatchObject({ pii: true, category: 'health-data' });
    expect(
      classifyField({
        path: 'Appointment.start',
        operation: 'GET /Appointment/{id}',
        examples: ['2013-12-10T09:00:00Z'],
      }),
    ).toMatchObject({ pii: true, category: 'date', subject: 'patient' });
    // The record's own creation time and its free-text description are the record's.
    expect(
      classifyField({ path: 'Appointment.created', operation: 'GET /Appointment/{id}', examples: ['2013-10-10'] }).pii,
    ).toBe(false);
    expect(classifyField({ path: 'Appointment.description', operation: 'GET /Appointment/{id}' }).pii).toBe(false);
    // Outside health, the same words are a feature's flag and a team.
    expect(classifyField({ path: 'Flag.code', operation: 'GET /features/{id}', examples: ['enabled'] }).pii).toBe(
      false,
    );
    expect(
      classifyField({ path: 'care_team.period.start', operation: 'GET /teams', examples: ['2024-01-01'] }).pii,
    ).toBe(false);
    // An extension saying how care was given (the patient's position, the mode of arrival, a flag's priority, who
    // pays) qualifies no clinical concept.
    for (const [path, op] of [
      [
        'Observation.extension[observation-bodyPosition].valueCodeableConcept.coding[].display',
        'GET /Observation/{id}',
      ],
      ['Encounter.extension[encounter-modeOfArrival].valueCoding.display', 'GET /Encounter/{id}'],
      ['Flag.extension[flagPriorityExt].valueCodeableConcept.coding[].display', 'GET /Flag/{id}'],
      ['Encounter.extension[ext-encounter-paying-entity].valueCodeableConcept.coding[].code', 'GET /Encounter/{id}'],
    ] as const)
      expect(classifyField({ path, operation: op }).pii, path).toBe(false);
    // A coded extension of the resource's concept still is one (mCODE's histology).
    expect(
      classifyField({
        path: 'Condition.extension[mcode-histology-morphology-behavior].valueCodeableConcept.coding[].display',
        operation: 'GET /Condition/{id}',
      }),
    ).toMatchObject({ pii: true, category: 'health-data' });
  });

  it("reads a mail correspondent's name as a person's, and a person under a generated schema's wrapper words as whose it is", () => {
    const siblings = ['name', 'email_address'];
    for (const party of ['from', 'to', 'cc', 'bcc'])
      expect(classifyField({ path: `MailMessageData.${party}[].name`, type: 'string', siblings }), party).toMatchObject(
        { pii: true, category: 'name', subject: 'person' },
      );
    // A range's bounds are no correspondents.
    expect(classifyField({ path: 'Report.period.from', type: 'string', siblings: ['from', 'to'] }).pii).toBe(false);
    // `…ResponseAllOfDataItemsInnerItem` wraps the person searched for.
    expect(
      classifyField({
        path: 'GetPersonSearchResponseAllOfDataItemsInnerItem.name',
        type: 'string',
        siblings: ['id', 'name', 'phones', 'emails'],
      }),
    ).toMatchObject({ pii: true, category: 'name', subject: 'person' });
    // An organisation's wrapper stays the organisation's.
    expect(classifyField({ path: 'GetOrganizationResponseContent.name', type: 'string' }).pii).toBe(false);
  });

  it("reads the names of a recording's speakers as people's names, and a loudspeaker's setting as no one's", () => {
    // A diarization form names the people it should recognise.
    expect(classifyField({ path: 'known_speaker_names[]', type: 'string' })).toMatchObject({
      pii: true,
      category: 'name',
      subject: 'person',
    });
    expect(classifyField({ path: 'Event.speakers[].name', type: 'string' })).toMatchObject({
      pii: true,
      category: 'name',
    });
    expect(classifyField({ path: 'Device.speaker_volume', type: 'integer' }).pii).toBe(false);
  });
});

describe('field names in other languages', () => {
  it('reads Nordic names, birth dates and identity numbers, with ø and æ spelled as their ASCII forms', () => {
    const cases: [string, string][] = [
      ['Person.fødselsdato', 'birth-date'],
      ['Person.foedselsnummer', 'national-id'],
      ['Kund.personnummer', 'national-id'],
      ['Henkilo.sukunimi', 'name'],
      ['Bruger.efternavn', 'name'],
      ['Adresse.postnummer', 'address'],
    ];
    for (const [path, category] of cases)
      expect(classifyField({ path, type: 'string' }), path).toMatchObject({ pii: true, category });
  });

  it("reads a party's fields as a person's when one of them only a person has, and a company's address as its own", () => {
    const dossier = [
      'id',
      'status',
      'clientNaam',
      'clientGeboortedatum',
      'clientBanknaam',
      'partnerNaam',
      'partnerBSN',
    ];
    for (const leaf of ['clientNaam', 'partnerNaam', 'partnerBSN'])
      expect(classifyField({ path: `Dossier.${leaf}`, type: 'string', siblings: dossier }), leaf).toMatchObject({
        pii: true,
        subject: 'person',
      });
    // The client's bank's name is the bank's.
    expect(classifyField({ path: 'Dossier.clientBanknaam', type: 'string', siblings: dossier }).pii).toBe(false);
    // Without a field only a person has, a client or a partner may be a company.
    expect(
      classifyField({ path: 'Dossier.partnerNaam', type: 'string', siblings: ['id', 'partnerNaam', 'partnerEmail'] })
        .pii,
    ).toBe(false);
    // A creditor's company name beside its street makes the address the company's.
    const creditor = ['id', 'bedrijfsnaam', 'straat', 'huisnummer', 'postcode', 'plaats'];
    for (const leaf of ['straat', 'postcode'])
      expect(classifyField({ path: `Schuldeiser.${leaf}`, type: 'string', siblings: creditor }).pii, leaf).toBe(false);
    expect(
      classifyField({ path: 'Persoon.straat', type: 'string', siblings: ['voornaam', 'achternaam', 'straat'] }).pii,
    ).toBe(true);
  });

  it("reads a Norwegian sick-leave certificate's diagnoses as its patient's PHI and its doctor's numbers as not PHI", () => {
    const operation = 'GET /api/v2/internal/sykmeldinger';
    const read = (path: string) => classifyField({ path, type: 'string', operation });
    // `biDiagnoser` is the plural of `bidiagnose`, a secondary diagnosis; `kode` and `tekst` are its code and text.
    for (const path of ['[].medisinskVurdering.hovedDiagnose.kode', '[].medisinskVurdering.biDiagnoser[].tekst'])
      expect(read(path), path).toMatchObject({ pii: true, phi: true, category: 'health-data' });
    expect(read('[].medisinskVurdering.hovedDiagnose.system').pii).toBe(false);
    expect(classifyField({ path: 'fnr', type: 'string', operation, location: 'header' })).toMatchObject({
      pii: true,
      phi: true,
      category: 'national-id',
    });
    expect(read('[].behandler.hpr')).toMatchObject({ pii: true, phi: false, category: 'npi', subject: 'provider' });
    expect(read('[].behandler.tlf')).toMatchObject({ pii: true, phi: false, category: 'phone' });
    expect(read('[].behandler.adresse.postboks')).toMatchObject({ pii: true, category: 'address' });
    expect(read('[].arbeidsgiver.navn').pii).toBe(false);
    // Outside a health record the same words are no one's health.
    expect(classifyField({ path: 'Rapport.diagnose.kode', type: 'string', operation: 'GET /rapporter' }).pii).toBe(
      false,
    );
  });

  it('reads a Germanic plural as its singular only when the singular is a word of another language', () => {
    expect(tokenizeName('sykmeldinger')).toEqual(['sykmelding']);
    expect(tokenizeName('biDiagnoser')).toEqual(['bi', 'diagnose']);
    expect(tokenizeName('kommuner')).toEqual(['kommune']);
    // English words in -er keep theirs.
    for (const word of ['timer', 'header', 'holder']) expect(tokenizeName(word)).toEqual([word]);
  });

  it("reads a municipality's and a post town's name in an address register as the place's, not an addressee's", () => {
    for (const path of ['Adresse.adgangsadresse.kommune.navn', 'Adresse.adgangsadresse.postnummer.navn'])
      expect(classifyField({ path, type: 'string', operation: 'GET /adresser/{id}' }).pii, path).toBe(false);
    expect(
      classifyField({ path: 'Person.bostedsadresse.kommune.navn', type: 'string', siblings: ['fornavn', 'etternavn'] }),
    ).toMatchObject({ pii: true, category: 'address' });
  });

  it('reads a head-first status, file or year of a personal word as describing it, not holding it', () => {
    for (const path of [
      'Alumno.estatusTelefono',
      'Alumno.archivoCurp',
      'Persona.anno_nascita',
      'Personne.annee_naissance',
    ])
      expect(classifyField({ path, type: 'string' }).pii, path).toBe(false);
    expect(classifyField({ path: 'Persona.data_nascita', type: 'string' })).toMatchObject({
      pii: true,
      category: 'birth-date',
    });
  });

  it("reads a school's contacts as the school's, a named town as an address and a country's name as no one's", () => {
    const op = 'GET /escuelas/{escuelaId}';
    expect(classifyField({ path: 'data.correo', type: 'string', format: 'email', operation: op }).pii).toBe(false);
    expect(
      classifyField({ path: 'data.correo', type: 'string', format: 'email', operation: 'GET /alumnos/{alumnoId}' }),
    ).toMatchObject({ pii: true, category: 'email' });
    const home = 'Persona.domicilio';
    expect(classifyField({ path: `${home}.ciudad.nombre`, type: 'string' })).toMatchObject({
      pii: true,
      category: 'address',
    });
    expect(classifyField({ path: `${home}.pais.nombre`, type: 'string' }).pii).toBe(false);
  });

  it("reads a payer a health API's field names itself by as the health plan, and elsewhere as whoever pays", () => {
    const patient = 'POST /patients/v1';
    for (const path of ['Patient.authorizations[].payerName', 'Patient.authorizations[].payerId'])
      expect(classifyField({ path, type: 'string', operation: patient }).pii, path).toBe(false);
    expect(
      classifyField({
        path: 'Encounter.subscriber.insuranceCard.payerName',
        type: 'string',
        operation: 'GET /encounters/{id}',
      }).pii,
    ).toBe(false);
    expect(
      classifyField({ path: 'Payment.payerName', type: 'string', operation: 'GET /v1/payments/{id}' }),
    ).toMatchObject({
      pii: true,
      category: 'name',
    });
  });

  it("reads a bare name in another language under a person's thing as the thing's, and a numbered party's as theirs", () => {
    const op = 'POST /_zoek_persoon';
    for (const path of ['Persoon.kanaal.naam', 'Persoon.digitaalAdres.soortDigitaalAdres.naam'])
      expect(classifyField({ path, type: 'string', operation: op }).pii, path).toBe(false);
    expect(classifyField({ path: 'Persoon.naam', type: 'string', operation: op })).toMatchObject({
      pii: true,
      category: 'name',
    });
    expect(
      classifyField({ path: 'declarant1.nom', type: 'string', operation: 'GET /v2/avis-imposition' }),
    ).toMatchObject({
      pii: true,
      category: 'name',
    });
  });

  it("reads a machine named by a two-word phrase (a floating IP) as infrastructure, so its address is no person's", () => {
    expect(
      classifyField({ path: 'floating_ip.ip', type: 'string', format: 'ipv4', operation: 'GET /v2/floating_ips/{ip}' })
        .pii,
    ).toBe(false);
    expect(
      classifyField({ path: 'User.last_login_ip', type: 'string', format: 'ipv4', operation: 'GET /v2/users/{id}' }),
    ).toMatchObject({ pii: true, category: 'ip-address' });
  });

  it("reads the account a service logs in to another with as its credential, not a person's handle", () => {
    for (const path of ['Webhook.httpAuthenticationUsername', 'EmailConfiguration.username'])
      expect(classifyField({ path, type: 'string', operation: 'GET /api/tenant/{id}' }).pii, path).toBe(false);
    expect(classifyField({ path: 'User.username', type: 'string', operation: 'GET /api/user/{id}' })).toMatchObject({
      pii: true,
      category: 'username',
    });
  });

  it("reads a provider a field names itself by as the service's company outside health APIs, as a clinician in them", () => {
    expect(
      classifyField({ path: 'Benefit.provider_name', type: 'string', operation: 'GET /hris/v1/benefits/{id}' }).pii,
    ).toBe(false);
    expect(
      classifyField({ path: 'Patient.provider_name', type: 'string', operation: 'GET /patients/{id}' }),
    ).toMatchObject({
      pii: true,
      category: 'name',
    });
  });
});
