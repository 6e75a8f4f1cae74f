import { describe, expect, it } from 'vitest';
import {
  detectValueKinds,
  isAbaRouting,
  isDea,
  isDelimitedSsn,
  isEmail,
  isHandle,
  isIban,
  isMbi,
  isNpi,
  isPaymentCard,
  isPhone,
  isUndelimitedSsn,
  isVin,
  MAX_VALIDATED_VALUES,
  summarizeValues,
} from '../../src/pii/index.js';

describe('value validators', () => {
  it('checks NPIs with the 80840 prefix (cases from Presidio tests)', () => {
    expect(isNpi('1234567893')).toBe(true);
    expect(isNpi('1245319599')).toBe(true);
    expect(isNpi('1003000126')).toBe(true);
    expect(isNpi('1234567890')).toBe(false);
    expect(isNpi('1111111112')).toBe(false);
    expect(isNpi('3234567893')).toBe(false);
  });

  it('applies SSA ranges and consistent delimiters to SSNs', () => {
    expect(isDelimitedSsn('219-09-9998')).toBe(true);
    expect(isDelimitedSsn('219 09 9998')).toBe(true);
    expect(isDelimitedSsn('219-09 9998')).toBe(false);
    expect(isDelimitedSsn('999-12-3456')).toBe(false);
    expect(isDelimitedSsn('666-12-3456')).toBe(false);
    expect(isDelimitedSsn('123-00-3456')).toBe(false);
    expect(isDelimitedSsn('123-45-6789')).toBe(false);
    expect(isUndelimitedSsn('219099998')).toBe(true);
    expect(isUndelimitedSsn('078051120')).toBe(false);
  });

  it('validates checksummed identifiers', () => {
    expect(isPaymentCard('4111 1111 1111 1111')).toBe(true);
    expect(isPaymentCard('4111111111111112')).toBe(false);
    expect(isDea('AB1234563')).toBe(true);
    expect(isDea('AB1234567')).toBe(false);
    expect(isIban('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(isIban('GB82WEST12345698765431')).toBe(false);
    expect(isAbaRouting('011000015')).toBe(true);
    expect(isAbaRouting('011000016')).toBe(false);
    expect(isVin('1M8GDM9AXKP042788')).toBe(true);
    expect(isVin('1M8GDM9A1KP042788')).toBe(false);
  });

  it('validates formats', () => {
    expect(isMbi('1EG4-TE5-MK73')).toBe(true);
    expect(isMbi('0EG4TE5MK73')).toBe(false);
    expect(isEmail('jane.doe@example.org')).toBe(true);
    expect(isEmail('not an email')).toBe(false);
    for (const handle of [
      '@alice',
      '@_gitter_jim:matrix.org',
      '@cheeky_monkey:matrix.org:8448',
      '@jane@mastodon.social',
    ])
      expect(isHandle(handle), handle).toBe(true);
    for (const other of ['alice', '#room:matrix.org', '@', '@alice bob', 'jane@example.org'])
      expect(isHandle(other), other).toBe(false);
    expect(detectValueKinds('@alice:example.com')).toEqual(['handle']);
    expect(detectValueKinds('jane@example.org')).toEqual(['email']);
    expect(isPhone('(415) 555-0132')).toBe(true);
    expect(isPhone('+44 20 7946 0958')).toBe(true);
    expect(isPhone('1234567893')).toBe(false);
    expect(isPhone('2024-01-05')).toBe(false);
  });

  it('tells timestamps and versions apart from identifiers', () => {
    expect(detectValueKinds('1700000123')).toContain('epoch');
    expect(detectValueKinds('f47ac10b-58cc-4372-a567-0e02b2c3d479')).toEqual(['uuid']);
    expect(detectValueKinds(true)).toEqual([]);
  });

  it('tells masked numbers and organisation names apart from the identifiers and names they resemble', () => {
    expect(detectValueKinds('************1234')).toEqual(['masked']);
    expect(detectValueKinds('XXXX-XXXX-XXXX-4242')).toEqual(['masked']);
    expect(detectValueKinds('Xavier')).toEqual([]);
    expect(detectValueKinds('UPMC Health Plan')).toEqual(['organisation-name']);
    expect(detectValueKinds('Acme Inc.')).toEqual(['organisation-name']);
    expect(detectValueKinds('Amy Shaw')).toEqual(['person-name']);
  });

  it('keeps counts only when summarising values', () => {
    const stats = summarizeValues(['jane@example.org', 'joe@example.org', null, 'n/a']);
    expect(stats).toEqual({ samples: 3, distinct: 3, hits: { email: 2 } });
    expect(JSON.stringify(stats)).not.toContain('jane');
  });

  it('validates a bounded sample of a large field and says how many values it read', () => {
    const values = Array.from({ length: 5000 }, (_, i) => (i % 2 === 0 ? `user${i}@example.org` : 'n/a'));
    const stats = summarizeValues(values);
    expect(stats).toEqual({ samples: MAX_VALIDATED_VALUES, distinct: 129, hits: { email: 128 } });
  });

  it('reports every kind a value passes, in one order, for strings and for numbers', () => {
    expect(detectValueKinds('078-05-1121')).toEqual(['ssn', 'phone', 'numeral']);
    expect(detectValueKinds('078-05-1120')).toEqual(['phone', 'numeral']);
    expect(detectValueKinds(4111111111111111)).toEqual(['card', 'numeral']);
    // Digits without a letter are a number or a code (an order's `#1001`), never a name; one letter makes it text.
    expect(detectValueKinds('#1001')).toEqual(['numeral']);
    expect(detectValueKinds('A-1001')).toEqual([]);
    expect(detectValueKinds('  Dr. Ronald Bone ')).toEqual(['honorific-name']);
    expect(detectValueKinds('$2b$12$KIXQJ1bW1Cq1iQ2Z1r3t2uOQbVZ9w4l8mJ8yQ0v6o5mVqU1m8a6lW')).toEqual(['password-hash']);
  });
});
