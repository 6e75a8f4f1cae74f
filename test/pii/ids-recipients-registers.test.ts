import { describe, expect, it } from 'vitest';
import { classifyField, type FieldInput } from '../../src/pii/index.js';

const verdict = (input: FieldInput): { pii: boolean; category: string | null } => {
  const { pii, category } = classifyField(input);
  return { pii, category: category ?? null };
};

describe('national ids and account numbers of African, Indian and South Asian APIs', () => {
  it.each([
    ['bvn'],
    ['customer.bank_verification_number'],
    ['vnin'],
    ['aadhar'],
    ['kyc.aadhar_number'],
    ['epic_number'],
    ['voterIdNumber'],
    ['employee.uan'],
    ['ssnit_number'],
    ['ghanaCardNumber'],
    ['applicant.cnic'],
    ['kra_pin'],
    ['pan_card_number'],
  ])('reads %s as a national id', (path) => {
    expect(verdict({ path, type: 'string', operation: 'POST /kyc/verify', location: 'request' })).toEqual({
      pii: true,
      category: 'national-id',
    });
  });

  it.each([['acc_num'], ['beneficiary.acc_no'], ['nuban']])('reads %s as a bank account number', (path) => {
    expect(verdict({ path, type: 'string', operation: 'POST /transfers', location: 'request' })).toEqual({
      pii: true,
      category: 'account-number',
    });
  });
});

describe('a parcel shipped to someone', () => {
  const siblings = ['name', 'phone', 'company_name', 'address_line1', 'city_locality', 'postal_code', 'country_code'];
  const field = (party: string, leaf: string): FieldInput => ({
    path: `shipment.${party}.${leaf}`,
    type: 'string',
    operation: 'POST /v1/labels',
    location: 'request',
    siblings,
  });

  it('reads whom it is shipped or delivered to as the recipient', () => {
    expect(verdict(field('ship_to', 'name'))).toEqual({ pii: true, category: 'name' });
    expect(verdict(field('ship_to', 'phone'))).toEqual({ pii: true, category: 'phone' });
    expect(verdict(field('ship_to', 'address_line1'))).toEqual({ pii: true, category: 'address' });
    expect(verdict(field('deliver_to', 'postal_code'))).toEqual({ pii: true, category: 'address' });
  });

  it("leaves the sender's and the return address unread: the shipping business's", () => {
    expect(verdict(field('ship_from', 'address_line1')).pii).toBe(false);
    expect(verdict(field('return_to', 'postal_code')).pii).toBe(false);
  });
});

describe("a Brazilian company's register entry", () => {
  const operation = 'GET /cnpj/v1/{cnpj}';
  it("reads the address, phone and e-mail beside a razão social as the company's", () => {
    const siblings = [
      'cnpj',
      'razao_social',
      'nome_fantasia',
      'logradouro',
      'bairro',
      'cep',
      'email',
      'ddd_telefone_1',
    ];
    for (const path of ['logradouro', 'bairro', 'cep', 'email', 'ddd_telefone_1'])
      expect(verdict({ path, type: 'string', operation, location: 'response', siblings }).pii, path).toBe(false);
  });

  it("keeps the same words a person's beside a person's own fields", () => {
    const siblings = ['nome', 'cpf', 'data_nascimento', 'logradouro', 'bairro', 'cep'];
    expect(
      verdict({ path: 'logradouro', type: 'string', operation: 'POST /clientes', location: 'request', siblings }),
    ).toEqual({
      pii: true,
      category: 'address',
    });
  });

  it("reads a partner's and a legal representative's name and CPF as theirs, head first as Portuguese writes them", () => {
    const siblings = [
      'nome_socio',
      'cnpj_cpf_do_socio',
      'qualificacao_socio',
      'cpf_representante_legal',
      'nome_representante_legal',
    ];
    const field = (path: string): FieldInput => ({
      path: `qsa[].${path}`,
      type: 'string',
      operation,
      location: 'response',
      siblings,
    });
    expect(verdict(field('nome_socio'))).toEqual({ pii: true, category: 'name' });
    expect(verdict(field('cnpj_cpf_do_socio'))).toEqual({ pii: true, category: 'national-id' });
    expect(verdict(field('cpf_representante_legal'))).toEqual({ pii: true, category: 'national-id' });
    expect(verdict(field('nome_representante_legal'))).toEqual({ pii: true, category: 'name' });
    expect(verdict(field('qualificacao_socio')).pii).toBe(false);
  });
});

describe("a Mexican customer's address written in English", () => {
  const siblings = [
    'street',
    'exterior',
    'interior',
    'neighborhood',
    'city',
    'municipality',
    'zip',
    'state',
    'country',
  ];
  it.each([['exterior'], ['interior'], ['municipality']])('reads address.%s as a part of the address', (leaf) => {
    expect(
      verdict({
        path: `customer.address.${leaf}`,
        type: 'string',
        operation: 'POST /customers',
        location: 'request',
        siblings,
      }),
    ).toEqual({ pii: true, category: 'address' });
  });

  it('leaves an interior that is not an address part alone', () => {
    expect(
      verdict({ path: 'vehicle.interior', type: 'string', operation: 'POST /listings', location: 'request' }).pii,
    ).toBe(false);
  });
});
