import { isIP } from 'node:net';
import type { ValidatorName } from './types.js';

/** Luhn mod-10 check over a string of digits. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
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

function allSame(s: string): boolean {
  for (let i = 1; i < s.length; i++) if (s.charCodeAt(i) !== s.charCodeAt(0)) return false;
  return true;
}

/** NPI: 10 digits starting 1 or 2, Luhn-valid with the `80840` prefix (CMS), body not one repeated digit. */
export function isNpi(value: string): boolean {
  const s = value.replace(/[\s-]/g, '');
  if (!/^[12]\d{9}$/.test(s)) return false;
  if (allSame(s.slice(0, 9))) return false;
  return passesLuhn(`80840${s}`);
}

/** Payment card: 12–19 digits with a known issuer prefix, Luhn-valid. */
export function isPaymentCard(value: string): boolean {
  const s = value.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(s) || allSame(s)) return false;
  if (!/^(?:4|5[1-5]|2[2-7]|3[47]|3[068]|35|6(?:011|5|4[4-9]|2)|1)/.test(s)) return false;
  return passesLuhn(s);
}

const SSN_DUMMIES = new Set(['123456789', '078051120', '219099999', '987654320', '987654321']);

function ssnDigitsValid(area: string, group: string, serial: string): boolean {
  if (area === '000' || area === '666' || area[0] === '9') return false;
  if (group === '00' || serial === '0000') return false;
  const all = area + group + serial;
  return !allSame(all) && !SSN_DUMMIES.has(all);
}

/** SSN written with consistent delimiters (`ddd-dd-dddd`, `ddd dd dddd`), valid SSA ranges, no known dummies. */
export function isDelimitedSsn(value: string): boolean {
  const m = /^(\d{3})([- .])(\d{2})\2(\d{4})$/.exec(value.trim());
  return m !== null && ssnDigitsValid(m[1]!, m[3]!, m[4]!);
}

/** Nine bare digits in valid SSA ranges: a weak pattern (order numbers look the same). */
export function isUndelimitedSsn(value: string): boolean {
  const m = /^(\d{3})(\d{2})(\d{4})$/.exec(value.trim());
  return m !== null && ssnDigitsValid(m[1]!, m[2]!, m[3]!);
}

const MBI_LETTER = '[AC-HJKMNP-RT-Y]';
const MBI_RE = new RegExp(
  `^[1-9]${MBI_LETTER}[AC-HJKMNP-RT-Y0-9]\\d${MBI_LETTER}[AC-HJKMNP-RT-Y0-9]\\d${MBI_LETTER}{2}\\d{2}$`,
);

/** Medicare Beneficiary Identifier (CMS format; no check digit). */
export function isMbi(value: string): boolean {
  return MBI_RE.test(value.replace(/-/g, '').toUpperCase());
}

/** DEA registration number: registrant letter, letter or 9, seven digits with the DEA check digit. */
export function isDea(value: string): boolean {
  const m = /^[ABCDEFGHJKLMPRSTUX][A-Z9](\d{7})$/.exec(value.trim().toUpperCase());
  if (!m) return false;
  const d = m[1]!.split('').map(Number);
  const sum = d[0]! + d[2]! + d[4]! + 2 * (d[1]! + d[3]! + d[5]!);
  return sum % 10 === d[6];
}

const EMAIL_RE =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}$/;

/** Email address: RFC-lite local part, a dotted host and an alphabetic TLD. */
export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL_RE.test(value);
}

const HANDLE_RE = /^@[\p{L}\p{N}._=+/-]{1,64}(?::[A-Za-z0-9.-]+(?::\d{1,5})?|@[A-Za-z0-9.-]+\.[A-Za-z]{2,24})?$/u;

/**
 * An account handle: `@` and a user's local name, bare (`@alice`) or with the server that hosts the account
 * (`@alice:example.org`, `@alice@mastodon.social`). Only a person's or a bot's account is written this way.
 */
export function isHandle(value: string): boolean {
  return value.length <= 255 && HANDLE_RE.test(value);
}

const PHONE_EXTENSION_RE = /\s*(?:ext\.?|x)\s*\d{1,6}$/i;

/**
 * Phone number: NANP (`(415) 555-0132`, `415-555-0132`, `+1 415 555 0132`) or international E.164-like with a `+`.
 * Bare digit runs are not phones here: order numbers and NPIs look the same.
 */
export function isPhone(value: string): boolean {
  const v = value.trim();
  if (v.length < 7 || v.length > 24) return false;
  // Both extension markers (`ext`, `x`) hold an x: most values skip the suffix regex.
  const core = v.includes('x') || v.includes('X') ? v.replace(PHONE_EXTENSION_RE, '') : v;
  // One pass instead of a charset regex and a digit-strip: `+` first, then digits and `( ) . -` or spaces only.
  const plus = core.charCodeAt(0) === 43;
  if (core.length === (plus ? 1 : 0)) return false;
  let digits = '';
  let separated = false;
  for (let i = plus ? 1 : 0; i < core.length; i++) {
    const c = core.charCodeAt(i);
    if (c >= 48 && c <= 57) digits += core[i];
    else if (c === 40 || c === 41 || c === 46 || c === 45 || isSpaceCode(c, core, i)) separated = true;
    else return false;
  }
  if ((core.length === 10 && ISO_DATE_RE.test(core)) || (core.includes('.') && DOTTED_QUAD_RE.test(core))) return false;
  if (plus) return digits.length >= 8 && digits.length <= 15 && digits[0] !== '0';
  if (!separated) return false;
  const national = digits.length === 11 && digits[0] === '1' ? digits.slice(1) : digits;
  if (national.length === 10) return NANP_RE.test(national);
  return digits.length >= 8 && digits.length <= 15 && digits.charCodeAt(0) === 48;
}

const ISO_DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const DOTTED_QUAD_RE = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const NANP_RE = /^[2-9]\d{2}[2-9]\d{6}$/;

/** A whitespace character as the regex `\s` reads it; `text[i]` is only looked at past ASCII. */
function isSpaceCode(c: number, text: string, i: number): boolean {
  if (c === 32 || (c >= 9 && c <= 13) || c === 160) return true;
  return c > 127 && /\s/.test(text[i]!);
}

/** IBAN: country code, check digits, BBAN; mod-97 over the rearranged digits equals 1. */
export function isIban(value: string): boolean {
  const s = value.replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s)) return false;
  const rearranged = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const chunk = code >= 65 ? String(code - 55) : ch;
    for (const c of chunk) rem = (rem * 10 + (c.charCodeAt(0) - 48)) % 97;
  }
  return rem === 1;
}

/** ABA routing number: 9 digits, Federal Reserve prefix, weights 3-7-1 sum to a multiple of 10. */
export function isAbaRouting(value: string): boolean {
  const s = value.replace(/-/g, '').trim();
  if (!/^(?:0[0-9]|1[0-2]|2[1-9]|3[0-2]|6[1-9]|7[0-2]|80)\d{7}$/.test(s)) return false;
  const w = [3, 7, 1];
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (s.charCodeAt(i) - 48) * w[i % 3]!;
  return sum % 10 === 0 && !allSame(s);
}

const VIN_VALUES: Record<string, number> = Object.fromEntries(
  [...'ABCDEFGHJKLMNPRSTUVWXYZ'].map((c, i) => [
    c,
    [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9][i]!,
  ]),
);
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/** Vehicle identification number: 17 characters without I, O, Q, position-9 check digit. */
export function isVin(value: string): boolean {
  const s = value.trim().toUpperCase();
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(s) || !/[A-Z]/.test(s) || !/\d/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = s[i]!;
    const v = c >= '0' && c <= '9' ? Number(c) : VIN_VALUES[c]!;
    sum += v * VIN_WEIGHTS[i]!;
  }
  const check = sum % 11 === 10 ? 'X' : String(sum % 11);
  return s[8] === check;
}

// Read once: a per-value Date allocation dominated validation of large samples.
const LATEST_YEAR = new Date().getUTCFullYear() + 1;

/** ISO calendar date or date-time with a plausible year (1900 to next year). */
export function isPlausibleDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(value.trim());
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return year >= 1900 && year <= LATEST_YEAR && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** 4 or 6 for an IPv4 or IPv6 address, else 0 (node's parser: no leading zeros, zone ids allowed). */
export function ipVersion(value: string): 0 | 4 | 6 {
  return isIP(value) as 0 | 4 | 6;
}

/** CPF (Brazilian individual taxpayer number): 11 digits, two mod-11 check digits, not one repeated digit. */
export function isCpf(value: string): boolean {
  const s = value.replace(/[.\-\s]/g, '');
  if (!/^\d{11}$/.test(s) || allSame(s)) return false;
  const check = (len: number): number => {
    let sum = 0;
    for (let i = 0; i < len; i++) sum += (s.charCodeAt(i) - 48) * (len + 1 - i);
    const r = (sum * 10) % 11;
    return r === 10 ? 0 : r;
  };
  return check(9) === s.charCodeAt(9) - 48 && check(10) === s.charCodeAt(10) - 48;
}

/** CNPJ (Brazilian company registry number): 14 digits, two weighted mod-11 check digits. A company, not a person. */
export function isCnpj(value: string): boolean {
  const s = value.replace(/[./\-\s]/g, '');
  if (!/^\d{14}$/.test(s) || allSame(s)) return false;
  const check = (len: number): number => {
    let sum = 0;
    let weight = len - 7;
    for (let i = 0; i < len; i++) {
      sum += (s.charCodeAt(i) - 48) * weight;
      weight = weight === 2 ? 9 : weight - 1;
    }
    const r = sum % 11;
    return r < 2 ? 0 : 11 - r;
  };
  return check(12) === s.charCodeAt(12) - 48 && check(13) === s.charCodeAt(13) - 48;
}

const HONORIFIC_RE =
  /^(?:Dr|Dra|Mr|Mrs|Ms|Mx|Miss|Prof|Sr|Sra|Srta|Herr|Frau|Mme|Mlle|Sir|Dame)\.?\s+\p{Lu}[\p{L}'-]+(?:\s+[\p{L}.'-]+){0,4}/u;
const NAME_SHAPE_RE =
  /^\p{Lu}[\p{Ll}'-]{1,15}(?:\s+(?:\p{Lu}\.|\p{Lu}[\p{Ll}'-]{1,15}|van|von|der|den|de|da|del|do|dos|la|le|di)){1,3}$/u;
const ORGANISATION_WORDS =
  /\b(?:Inc|LLC|Ltd|GmbH|AG|SA|S\.A|Corp|Co|Company|Bank|Hospital|Clinic|Health|Plan|Center|Centre|University|School|Group|Services?|Office|Visit|Store|Shop|Pharmacy|Insurance|Foundation|Association|Department|Ministry|Agency|Authority|Institute|Labs?|Laborator(?:y|ies)|Platform|Street|St|Ave|Road|Rd)\b/;

/** A person's name: an honorific before capitalised words (`Dr. Ronald Bone`). */
export function isHonorificName(value: string): boolean {
  return value.length <= 80 && HONORIFIC_RE.test(value.trim());
}

/** Given name + family name shape (`Amy Shaw`, `Sarah van Putten`), no organisation or street word. Weak alone. */
export function isPersonNameShape(value: string): boolean {
  const v = value.trim();
  return v.length <= 60 && NAME_SHAPE_RE.test(v) && !ORGANISATION_WORDS.test(v);
}

/**
 * Words of an organisation's name (`UPMC Health Plan`, `Acme Inc.`, `St Mary's Hospital`), a laboratory's and a
 * public body's and a
 * software platform's included (`Acme Labs`, `Health Authority West`, `Acme Platform`).
 */
const ORGANISATION_NAME_WORDS =
  /\b(?:Inc|LLC|Ltd|GmbH|Corp|Company|Bank|Hospital|Clinic|Health Plan|Healthcare|Medical Center|University|School|Group|Services|Pharmacy|Insurance|Foundation|Association|Ministry|Trust|Labs?|Laborator(?:y|ies)|Agency|Authority|Department|Institute|Platform)\b/;

/** An organisation's name (a health plan, a hospital, a company), not a person's. */
export function isOrganisationName(value: string): boolean {
  const v = value.trim();
  return v.length <= 120 && ORGANISATION_NAME_WORDS.test(v);
}

/** Stored password hashes: argon2, bcrypt, scrypt, PBKDF2, sha-crypt and Django's formats. */
const PASSWORD_HASH_RE =
  /^(?:\$argon2(?:id|i|d)\$v=\d+\$|\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}$|\$scrypt\$|\$7\$|\$[56]\$(?:rounds=\d+\$)?[./A-Za-z0-9]{1,16}\$|pbkdf2[_-]sha\d+\$\d+\$|\$pbkdf2(?:-sha\d+)?\$|bcrypt\$\$2|argon2\$argon2)/;
const JWT_RE = /^eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*$/;
const API_KEY_RE =
  /^(?:(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}|gh[pousr]_[0-9A-Za-z]{30,}|github_pat_[0-9A-Za-z_]{40,}|AKIA[0-9A-Z]{16}|xox[abprs]-[0-9A-Za-z-]{10,}|AIza[0-9A-Za-z_-]{35}|glpat-[0-9A-Za-z_-]{20})$/;

/** The credential shape a value has, if any: a password hash, a JWT, a private key or a known API key format. */
export function secretShape(value: string): 'password-hash' | 'jwt' | 'private-key' | 'api-key' | undefined {
  // Every credential format starts with one of a few known characters: the first one rejects most values, and the
  // switch below runs only the regex that first character can start (this sits on the per-value path).
  const first = value.charCodeAt(0);
  if (!(first === 36 /* $ */ || first === 45 /* - */ || (first >= 65 && first <= 122))) return undefined;
  if (value.includes('PRIVATE KEY-----'))
    return /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(value) ? 'private-key' : undefined;
  let re: RegExp;
  let kind: 'password-hash' | 'jwt' | 'api-key';
  switch (first) {
    case 36 /* $ */:
    case 97 /* a */:
    case 98 /* b */:
    case 112 /* p */:
      re = PASSWORD_HASH_RE;
      kind = 'password-hash';
      break;
    case 101 /* e */:
      re = JWT_RE;
      kind = 'jwt';
      break;
    case 65 /* A */:
    case 103 /* g */:
    case 114 /* r */:
    case 115 /* s */:
    case 120 /* x */:
      re = API_KEY_RE;
      kind = 'api-key';
      break;
    default:
      return undefined;
  }
  const v = value.trim();
  return v.length <= 2048 && re.test(v) ? kind : undefined;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LEADING_LETTER_RE = /^\p{L}/u;
const URL_RE = /^https?:\/\/\S+$/i;

/** Mask characters and at most the last four digits (`************1234`, `•••• 4242`, `XXXX-XXXX-XXXX-1234`). */
const MASKED_RE = /^(?:[*•xX#]{2,}[\s-]?)+\d{0,4}$/;

/** A masked number: only its last digits are shown, the rest are mask characters, or only its last four digits. */
export function isMasked(value: string): boolean {
  return value.length <= 32 && (MASKED_RE.test(value) || /^\d{4}$/.test(value));
}

/** Characters of a trimmed value, counted in one pass so each validator runs only where its shape can match. */
interface ValueShape {
  digits: number;
  /** Spaces and hyphens: what the digit-run validators strip (`415-555 0132`). */
  separators: number;
  whitespace: boolean;
  at: boolean;
  dotsOnly: boolean;
  colon: boolean;
  /** ASCII letters and non-ASCII characters (the letters of other scripts). */
  letters: number;
}

function shapeOf(v: string): ValueShape {
  let digits = 0;
  let separators = 0;
  let whitespace = false;
  let at = false;
  let colon = false;
  let other = 0;
  let dots = 0;
  let letters = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 45) separators++;
    else if (c === 46) dots++;
    else if (c === 64) at = true;
    else if (c === 58) colon = true;
    else if (isSpaceCode(c, v, i)) {
      separators++;
      whitespace = true;
    } else {
      other++;
      if (((c | 32) >= 97 && (c | 32) <= 122) || c > 127) letters++;
    }
  }
  return {
    digits,
    separators,
    whitespace,
    at,
    colon,
    letters,
    dotsOnly: dots > 0 && other === 0 && separators === 0 && !at,
  };
}

/** Every validator name, in the order {@link detectValueKinds} reports them; bit i of a kind mask is KIND_ORDER[i]. */
const KIND_ORDER: readonly ValidatorName[] = [
  'password-hash',
  'jwt',
  'private-key',
  'api-key',
  'honorific-name',
  'person-name',
  'organisation-name',
  'masked',
  'email',
  'url',
  'uuid',
  'ip',
  'epoch',
  'ssn',
  'ssn-undelimited',
  'npi',
  'cpf',
  'cnpj',
  'card',
  'aba',
  'zip4',
  'zip',
  'phone',
  'date',
  'mbi',
  'dea',
  'iban',
  'vin',
  'numeral',
  'handle',
];
// A mask, not an array per value: validation sits on the per-sample path and must not allocate.
const BIT = Object.fromEntries(KIND_ORDER.map((kind, i) => [kind, 1 << i])) as Record<ValidatorName, number>;

/** The kinds (a mask over {@link KIND_ORDER}) a trimmed, non-secret string passes; only validators its shape allows run. */
function stringKinds(v: string): number {
  const shape = shapeOf(v);
  let kinds = 0;
  const first = v.charCodeAt(0);
  if (shape.whitespace && LEADING_LETTER_RE.test(v)) {
    // Both name shapes start with a capital letter (an ASCII one, or a non-ASCII letter the regex decides).
    if ((first >= 65 && first <= 90) || first > 127) {
      if (isHonorificName(v)) return BIT['honorific-name'];
      if (isPersonNameShape(v)) return BIT['person-name'];
      if (isOrganisationName(v)) return BIT['organisation-name'];
    }
  }
  if (shape.at) {
    return isEmail(v) ? BIT.email : first === 64 && isHandle(v) ? BIT.handle : 0;
  }
  // Masks start with a mask character: only those values, and four bare digits, run the masked check.
  if (
    (first === 42 || first === 8226 || first === 35 || first === 88 || first === 120 || v.length === 4) &&
    isMasked(v)
  )
    return BIT.masked;
  if ((first === 104 || first === 72) && URL_RE.test(v)) return BIT.url;
  if (v.length === 36 && UUID_RE.test(v)) return BIT.uuid;
  if ((shape.colon || shape.dotsOnly) && ipVersion(v) !== 0) return BIT.ip;
  const compactLength = v.length - shape.separators;
  if (shape.digits > 0 && shape.digits === compactLength) {
    if ((v.length === 10 || v.length === 13) && shape.digits === v.length) {
      const seconds = Number(v.length === 13 ? v.slice(0, 10) : v);
      if (seconds >= 946_684_800 && seconds <= 2_000_000_000) kinds |= BIT.epoch;
    }
    // Each check-digit validator reads one length of digit run: only the ones this length can pass run.
    const length = shape.digits;
    if (length === 9) {
      if (v.length === 11 && isDelimitedSsn(v)) kinds |= BIT.ssn;
      else if (v.length === 9 && isUndelimitedSsn(v)) kinds |= BIT['ssn-undelimited'];
    }
    if (length === 10 && isNpi(v)) kinds |= BIT.npi;
    if (length === 11 && isCpf(v)) kinds |= BIT.cpf;
    else if (length === 14 && isCnpj(v)) kinds |= BIT.cnpj;
    if (length >= 12 && length <= 19 && isPaymentCard(v)) kinds |= BIT.card;
    if (v.length === 9 && shape.digits === 9 && isAbaRouting(v)) kinds |= BIT.aba;
    if (v.length === 10 && /^\d{5}-\d{4}$/.test(v)) kinds |= BIT.zip4;
    else if (v.length === 5 && shape.digits === 5) kinds |= BIT.zip;
  }
  // A phone starts with `+`, `(` or a digit (separators aside) and is 7–24 characters before any extension.
  if (
    v.length >= 7 &&
    shape.digits >= 7 &&
    (first === 43 || first === 40 || (first >= 48 && first <= 57) || first === 46 || first === 45 || first === 41) &&
    isPhone(v)
  )
    kinds |= BIT.phone;
  if (v.length >= 10 && shape.digits >= 8 && v.charCodeAt(4) === 45 && isPlausibleDate(v)) kinds |= BIT.date;
  if (compactLength === 11 && isMbi(v)) kinds |= BIT.mbi;
  // DEA numbers and IBANs start with a letter.
  const letterFirst = ((first | 32) >= 97 && (first | 32) <= 122) || first > 127;
  if (compactLength === 9 && letterFirst && isDea(v)) kinds |= BIT.dea;
  if (compactLength >= 15 && letterFirst && isIban(v)) kinds |= BIT.iban;
  if (compactLength === 17 && isVin(v)) kinds |= BIT.vin;
  // Digits without a letter (`#1001`): a number or code, never anyone's name.
  if (shape.letters === 0 && shape.digits > 0) kinds |= BIT.numeral;
  return kinds;
}

/** The kinds (a mask over {@link KIND_ORDER}) one value passes; numbers are read as their digits. */
function valueKinds(value: unknown): number {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0) return 0;
    // A number has no delimiters, so an SSN or phone shape in it is an order number as often as not.
    return stringKinds(String(value)) & ~(BIT.ssn | BIT.phone);
  }
  if (typeof value !== 'string') return 0;
  const secret = secretShape(value);
  if (secret !== undefined) return BIT[secret];
  const v = value.trim();
  if (v.length === 0 || v.length > 320) return 0;
  return stringKinds(v);
}

/**
 * Runs every validator over one value and returns the names it passes. Values are inspected in memory only; callers
 * keep the counts (a {@link ValueStats}), never the value.
 */
export function detectValueKinds(value: unknown): ValidatorName[] {
  const kinds = valueKinds(value);
  const out: ValidatorName[] = [];
  for (let i = 0; i < KIND_ORDER.length; i++) if (kinds & (1 << i)) out.push(KIND_ORDER[i]!);
  return out;
}

/**
 * Values validated per field: counts past a few hundred samples no longer move the Wilson bound the classifier reads,
 * so a field seen in a million records costs what one seen in {@link MAX_VALIDATED_VALUES} does.
 */
export const MAX_VALIDATED_VALUES = 256;
const SMALL_BATCH = 16;

/**
 * Validates a batch of values in memory and returns only counts: the shape the edge may keep. At most
 * {@link MAX_VALIDATED_VALUES} non-null values are read; `samples` says how many were.
 */
export function summarizeValues(values: readonly unknown[]): {
  samples: number;
  distinct: number;
  hits: Partial<Record<ValidatorName, number>>;
} {
  const hits: Partial<Record<ValidatorName, number>> = {};
  // Distinct values of a small batch by comparison; a set only for large ones (a set per field is most of the cost).
  const small = values.length <= SMALL_BATCH;
  const keys: string[] = [];
  const seen = small ? undefined : new Set<string>();
  let samples = 0;
  for (let i = 0; i < values.length && samples < MAX_VALIDATED_VALUES; i++) {
    const value = values[i];
    // An empty string is a value left out: it says nothing of the field's shape.
    if (value === null || value === undefined || (typeof value === 'string' && value.trim().length === 0)) continue;
    samples++;
    const key = typeof value === 'string' ? value : JSON.stringify(value);
    if (seen !== undefined) seen.add(key);
    else if (!keys.includes(key)) keys.push(key);
    let kinds = valueKinds(value);
    for (let bit = 0; kinds !== 0; bit++, kinds >>>= 1) {
      if ((kinds & 1) === 0) continue;
      const kind = KIND_ORDER[bit]!;
      hits[kind] = (hits[kind] ?? 0) + 1;
    }
  }
  return { samples, distinct: seen === undefined ? keys.length : seen.size, hits };
}
