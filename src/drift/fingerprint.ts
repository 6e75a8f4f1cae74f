import { createHash } from 'node:crypto';

/**
 * Stable fingerprint of a finding: sha256 of rule, operation identity (METHOD + template with parameter names erased)
 * and subject (field, parameter, status…), truncated to 32 hex digits. Line numbers stay out so that unrelated edits
 * of the same file keep dismissals valid. Same recipe as the PII family's, so one dismissal store serves both.
 */
export function fingerprintOf(rule: string, operationKey: string, subject = ''): string {
  return createHash('sha256').update(`${rule}\u0000${operationKey}\u0000${subject}`).digest('hex').slice(0, 32);
}
