import {
  ipVersion,
  isDelimitedSsn,
  isEmail,
  isMbi,
  isNpi,
  isPaymentCard,
  isPhone,
  secretShape,
} from '../../pii/index.js';
import type { StringFormat, ValueKind } from './exchange-shape.js';

// The PII validators (src/pii/) are the one definition of an email, phone, SSN, card, NPI, MBI and IP address; the
// edge reduction only gates them cheaply and counts hits under the kind names stored shapes already carry.

const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;
const DATE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DATE_TIME =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/;
const URI = /^[A-Za-z][A-Za-z0-9+.-]{1,20}:\/\/[^\s]+$|^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:\S+$/;
const JWT = /^eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Whether a string is a JWT (three base64url parts, a JSON header): a secret, not PII, so it lives here. */
export function isJwt(value: string): boolean {
  return JWT.test(value);
}

/** Whether a string is an IPv4 or IPv6 address. */
export function isIp(value: string): boolean {
  return ipVersion(value) !== 0;
}

/** Adds each validator a string passes to `out`. */
export function stringKinds(value: string, out: (kind: ValueKind) => void): void {
  const len = value.length;
  if (len < 7) return;
  const c0 = value.charCodeAt(0);
  // Credentials in a response (a stored password hash, a private key, an API key) are counted by shape, never kept;
  // a PEM key is longer than any PII value, so this runs before the length cap.
  if (
    c0 === 36 /* $ */ ||
    c0 === 45 /* - */ ||
    c0 === 65 /* A */ ||
    c0 === 103 /* g */ ||
    c0 === 112 /* p */ ||
    c0 === 114 /* r */ ||
    c0 === 115 /* s */ ||
    c0 === 120 /* x */ ||
    c0 === 98 /* b */ ||
    c0 === 97 /* a */
  ) {
    const secret = secretShape(value);
    if (secret !== undefined && secret !== 'jwt') {
      out(secret);
      return;
    }
  }
  if (len > 320) return;
  const startsDigit = c0 >= 48 && c0 <= 57;
  if (value.includes('@')) {
    if (isEmail(value)) out('email');
    return;
  }
  if (startsDigit || c0 === 43 || c0 === 40) {
    if (isDelimitedSsn(value)) out('ssn');
    if (isPhone(value)) out('phone');
    if (len >= 12 && isPaymentCard(value)) out('card');
    if (len >= 10 && isNpi(value)) out('npi');
    if (isIp(value)) out('ip');
    if (len >= 11 && isMbi(value)) out('mbi');
    return;
  }
  if (c0 === 101 && len > 20 && isJwt(value)) out('jwt');
  else if (value.includes(':') && isIp(value)) out('ip');
}

/** Adds each validator an integer passes to `out` (cards and NPIs travel as JSON numbers too). */
export function integerKinds(value: number, out: (kind: ValueKind) => void): void {
  if (value < 1_000_000_000 || !Number.isSafeInteger(value)) return;
  const digits = String(value);
  if (digits.length === 10 && isNpi(digits)) out('npi');
  else if (isPaymentCard(digits)) out('card');
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
    else if (ipVersion(value) === 4) out('ipv4');
    else if (value.includes(':') && ipVersion(value) === 6) out('ipv6');
    return;
  }
  if (len === 36 && UUID.test(value)) out('uuid');
  else if (value.includes('@')) {
    if (isEmail(value)) out('email');
  } else if (value.includes(':')) {
    if (URI.test(value)) out('uri');
    else if (ipVersion(value) === 6) out('ipv6');
  }
}
