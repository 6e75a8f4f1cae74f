/** Hidden marker in a docs PR body listing what it fixes: `fingerprint → digest`. */
const MARKER = /<!-- specwatch:findings (\{[^<>]*\}) -->/;

/** The marker for a docs PR body. */
export function encodeFindingsMarker(digests: Record<string, string>): string {
  return `<!-- specwatch:findings ${JSON.stringify(digests)} -->`;
}

/** The `fingerprint → digest` map a docs PR body carries; empty when it has none (not ours, or edited away). */
export function decodeFindingsMarker(body: string | null | undefined): Record<string, string> {
  const match = body ? MARKER.exec(body) : null;
  if (!match) return {};
  try {
    const parsed: unknown = JSON.parse(match[1]!);
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter(
        (e): e is [string, string] =>
          /^[0-9a-f]{8,64}$/.test(e[0]) && typeof e[1] === 'string' && /^[0-9a-f]{8,64}$/.test(e[1]),
      ),
    );
  } catch {
    return {};
  }
}
