/**
 * Cuts `text` to at most `maxBytes` UTF-8 bytes (GitHub counts bytes, not characters: a summary of 65,535
 * characters with any non-ASCII in it is refused), ending with `note` when something was cut.
 */
export function capBytes(text: string, maxBytes: number, note = '\n\n… (truncated)'): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  const room = Math.max(0, maxBytes - Buffer.byteLength(note));
  const bytes = Buffer.from(text).subarray(0, room);
  // Drop a multi-byte character cut in half rather than emit a replacement character.
  let cut = bytes.toString('utf8');
  if (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1);
  // Prefer ending on a line break so Markdown tables and lists stay whole.
  const lastBreak = cut.lastIndexOf('\n');
  if (lastBreak > room / 2) cut = cut.slice(0, lastBreak);
  return cut + note;
}
