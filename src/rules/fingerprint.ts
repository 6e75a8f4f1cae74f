import { hash } from 'node:crypto';

/**
 * The one fingerprint of a finding, for every rule family: sha256 of rule, operation identity (METHOD + template with
 * parameter names erased) and subject (field, parameter, status…), truncated to 32 hex digits. Line numbers stay
 * out so that unrelated edits of the same file keep dismissals valid.
 */
export function fingerprintOf(rule: string, operationKey: string, subject = ''): string {
  // One-shot `hash` (Node ≥ 20.12): the same digest as createHash().update().digest(), without a Hash object per
  // finding; a big spec diff fingerprints thousands of them.
  return hash('sha256', `${rule}\u0000${operationKey}\u0000${subject}`, 'hex').slice(0, 32);
}
