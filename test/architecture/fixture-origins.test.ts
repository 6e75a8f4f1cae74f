import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Issues 14 and 19 hold RealWorld ("Conduit") implementations back to measure Specwatch on: an app of that family kept
// as a fixture would be tuned on, and its held-back score would no longer say anything. This guard has caught the
// mistake once already (docs/accuracy.md, "Two apps removed").
const FIXTURES = 'test/fixtures';

function filesNamed(dir: string, names: Set<string>): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesNamed(path, names);
    return names.has(entry.name) ? [path] : [];
  });
}

// The Conduit API's own paths: an app serving both is a RealWorld implementation whatever its repository is called.
const CONDUIT_PATHS = [/\/articles\/[:{]slug\}?\/favorite/, /\/profiles\/[:{]username\}?\/follow/];

describe('fixture origins', () => {
  it('keeps no RealWorld ("Conduit") implementation as a fixture, by repository name', () => {
    const named = filesNamed(FIXTURES, new Set(['SOURCE.md', 'SOURCES.md'])).filter((path) =>
      /github\.com\/[^\s)|]*(realworld|conduit)/i.test(readFileSync(path, 'utf8')),
    );
    expect(named).toEqual([]);
  });

  it('keeps no app whose route truth is the Conduit API', () => {
    const conduit = filesNamed(FIXTURES, new Set(['routes.truth.json'])).filter((path) => {
      const text = readFileSync(path, 'utf8');
      return CONDUIT_PATHS.every((pattern) => pattern.test(text));
    });
    expect(conduit).toEqual([]);
  });
});
