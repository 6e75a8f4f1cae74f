import { type InputNotice, summarizeNotices } from '../model/index.js';
import type { CliIo } from './io.js';

/**
 * Names every input not read on stderr, one line each up to 20, then a count per reason (the JSON output keeps
 * them all): a partial read is never silent.
 */
export function printNotices(io: CliIo, notices: readonly InputNotice[]): void {
  for (const line of summarizeNotices(notices)) io.stderr(`not read: ${line}\n`);
}
