import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const TOKEN_PATTERN = /^swt_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** A new token: a public id (for lookup) and the full secret string shown once to the user. */
export interface NewTokenSecret {
  id: string;
  token: string;
  hash: string;
}

/** Generates `swt_<16 hex id>_<32 random bytes, base64url>`. */
export function generateTokenSecret(): NewTokenSecret {
  const id = randomBytes(8).toString('hex');
  const token = `swt_${id}_${randomBytes(32).toString('base64url')}`;
  return { id, token, hash: hashToken(token) };
}

/** sha256 (hex) of the whole token string: the only form a token is ever stored in. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The public id of a well-formed token, or undefined for anything else. */
export function parseTokenId(token: string): string | undefined {
  return TOKEN_PATTERN.exec(token)?.[1];
}

// Compared even when no row was found, so a miss and a wrong secret take the same time.
const DUMMY_HASH = hashToken('swt_0000000000000000_dummy');

/** Constant-time comparison of the presented token's hash with the stored one (or a dummy when none). */
export function tokenMatches(token: string, storedHash: string | undefined): boolean {
  const presented = Buffer.from(hashToken(token), 'hex');
  const stored = Buffer.from(storedHash ?? DUMMY_HASH, 'hex');
  if (stored.length !== presented.length) return false;
  return timingSafeEqual(presented, stored) && storedHash !== undefined;
}
