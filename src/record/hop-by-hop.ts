// RFC 9110 §7.6.1: these describe one connection, not the message, so a proxy must not forward them.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/**
 * Raw headers (`[name, value, name, value, …]`, case and order as received) minus hop-by-hop ones and those the
 * `Connection` header names.
 */
export function endToEndHeaders(rawHeaders: string[]): string[] {
  const named = new Set<string>();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toLowerCase() === 'connection') {
      for (const token of rawHeaders[i + 1]!.split(',')) named.add(token.trim().toLowerCase());
    }
  }
  const out: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || named.has(lower)) continue;
    out.push(name, rawHeaders[i + 1]!);
  }
  return out;
}

/** Raw header list → name/value pairs. */
export function pairsOf(rawHeaders: string[]): Array<{ name: string; value: string }> {
  const out: Array<{ name: string; value: string }> = [];
  for (let i = 0; i < rawHeaders.length; i += 2) out.push({ name: rawHeaders[i]!, value: rawHeaders[i + 1]! });
  return out;
}
