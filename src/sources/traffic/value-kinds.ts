import type { StringFormat, ValueKind } from './exchange-shape.js';

// Minimal validators for the edge reduction. src/pii/ owns the classifier; these only count structural hits.

const EMAIL =
  /^[^\s@"<>(),;:]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}$/;
const SSN = /^(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}$/;
const PHONE_CHARS = /^\+?[\d\s().-]{7,24}$/;
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 =
  /^(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}$|^(?=[0-9A-Fa-f:]*::)(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4})*)?::(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4})*)?$/;
const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;
const DATE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DATE_TIME =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/;
const URI = /^[A-Za-z][A-Za-z0-9+.-]{1,20}:\/\/[^\s]+$|^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:\S+$/;
const MBI =
  /^[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?[AC-HJKMNP-RT-Y]{2}\d{2}$/;
const JWT = /^eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const CARD_CHARS = /^\d[\d -]{10,22}\d$/;

/** Luhn mod-10 check over a digit string, optionally with a constant added to the sum. */
export function passesLuhn(digits: string, add = 0): boolean {
  let sum = add;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

function allSameDigit(digits: string): boolean {
  for (let i = 1; i < digits.length; i++) if (digits[i] !== digits[0]) return false;
  return true;
}

/** US NPI: 10 digits starting 1 or 2, Luhn over `80840` + NPI (i.e. +24 on the body's Luhn sum). */
export function isNpi(digits: string): boolean {
  return (
    digits.length === 10 && (digits[0] === '1' || digits[0] === '2') && !allSameDigit(digits) && passesLuhn(digits, 24)
  );
}

/** Payment card: 13–19 digits, a known IIN prefix, Luhn-valid. */
export function isCardNumber(value: string): boolean {
  if (!CARD_CHARS.test(value)) return false;
  const digits = value.replace(/[ -]/g, '');
  if (digits.length < 13 || digits.length > 19 || allSameDigit(digits)) return false;
  const first = digits.charCodeAt(0) - 48;
  if (first < 2 || first > 6) return false;
  return passesLuhn(digits);
}

/** Telephone number: only phone characters, 10–15 digits, and a `+` or separators (a bare digit run is too ambiguous). */
export function isPhone(value: string): boolean {
  if (!PHONE_CHARS.test(value)) return false;
  let digits = 0;
  let separators = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c !== 43) separators++;
  }
  if (digits < 10 || digits > 15) return false;
  if (value[0] !== '+' && separators === 0) return false;
  // Dates and SSNs have too few digits; reject dotted version-like runs such as 10.0.0.1234.
  return !/^\d+(\.\d+){2,}$/.test(value);
}

/** Whether a string is an email address (RFC-lite). */
export function isEmail(value: string): boolean {
  return value.length <= 254 && value.includes('@') && EMAIL.test(value);
}

/** Whether a string is an IPv4 or IPv6 address. */
export function isIp(value: string): boolean {
  return IPV4.test(value) || (value.includes(':') && IPV6.test(value));
}

/** Whether a string is a JWT (three base64url parts, a JSON header). */
export function isJwt(value: string): boolean {
  return JWT.test(value);
}

/** Whether a string is a delimited, in-range US SSN (`ddd-dd-dddd`; dummy numbers rejected). */
export function isSsn(value: string): boolean {
  return SSN.test(value) && value !== '123-45-6789' && value !== '078-05-1120';
}

/** Adds each validator a string passes to `out`. */
export function stringKinds(value: string, out: (kind: ValueKind) => void): void {
  const len = value.length;
  if (len < 7 || len > 320) return;
  const c0 = value.charCodeAt(0);
  const startsDigit = c0 >= 48 && c0 <= 57;
  if (value.includes('@')) {
    if (isEmail(value)) out('email');
    return;
  }
  if (startsDigit || c0 === 43 || c0 === 40) {
    if (len === 11 && isSsn(value)) out('ssn');
    if (isPhone(value)) out('phone');
    if (len >= 13 && isCardNumber(value)) out('card');
    if (len === 10 && isNpi(value)) out('npi');
    if (len <= 15 && IPV4.test(value)) out('ip');
    if ((len === 11 || len === 13) && MBI.test(value)) out('mbi');
    return;
  }
  if (c0 === 101 && len > 20 && isJwt(value)) out('jwt');
  else if (value.includes(':') && IPV6.test(value)) out('ip');
}

/** Adds each validator an integer passes to `out` (cards and NPIs travel as JSON numbers too). */
export function integerKinds(value: number, out: (kind: ValueKind) => void): void {
  if (value < 1_000_000_000 || !Number.isSafeInteger(value)) return;
  const digits = String(value);
  if (digits.length === 10 && isNpi(digits)) out('npi');
  else if (digits.length >= 13 && isCardNumber(digits)) out('card');
}

/** The JSON Schema formats a string matches. */
export function stringFormats(value: string, out: (format: StringFormat) => void): void {
  const len = value.length;
  if (len < 7) return;
  const c0 = value.charCodeAt(0);
  if (c0 >= 48 && c0 <= 57) {
    if (len === 10 && DATE.test(value)) out('date');
    else if (len >= 16 && DATE_TIME.test(value)) out('date-time');
    else if (len === 36 && UUID.test(value)) out('uuid');
    else if (len <= 15 && IPV4.test(value)) out('ipv4');
    else if (value.includes(':') && IPV6.test(value)) out('ipv6');
    return;
  }
  if (len === 36 && UUID.test(value)) out('uuid');
  else if (value.includes('@')) {
    if (isEmail(value)) out('email');
  } else if (value.includes(':')) {
    if (URI.test(value)) out('uri');
    else if (IPV6.test(value)) out('ipv6');
  }
}

export const UUID_PATTERN = UUID;
export const DATE_PATTERN = DATE;
export const DATE_TIME_PATTERN = DATE_TIME;
