import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareChanges } from '../../src/drift/index.js';
import type { ChangeClass } from '../../src/model/index.js';
import { RULES, type RuleInfo } from '../../src/rules/index.js';
import { type OasdiffPair, pairFor, shelterSpec, TODAY } from './oasdiff-pairs.js';
import { type Json, readSpec } from './spec-builder.js';

const LEVELS: Record<string, 'ERR' | 'WARN' | 'INFO'> = JSON.parse(
  readFileSync(new URL('../fixtures/oasdiff/levels.json', import.meta.url), 'utf8'),
);
const CLASS_OF = { ERR: 'breaking', WARN: 'potentially-breaking', INFO: 'safe' } as const;

/** Our rule answering for an oasdiff check id. */
function ruleFor(id: string): string | undefined {
  return Object.entries(RULES as Record<string, RuleInfo>).find(([, info]) => info.oasdiff?.includes(id))?.[0];
}

async function compare(pair: OasdiffPair, reverse = false) {
  const base = shelterSpec();
  const head = shelterSpec();
  pair.base?.(base);
  pair.head(head);
  const [b, h] = reverse ? [head, base] : [base, head];
  return compareChanges(await readSpec(b), await readSpec(h), { today: TODAY, ...pair.options });
}

const ids = (level: string) => Object.keys(LEVELS).filter((id) => LEVELS[id] === level);

describe('oasdiff levels', () => {
  it('maps every oasdiff ERR check to a breaking rule of ours', () => {
    const missing = ids('ERR').filter((id) => ruleFor(id) === undefined);
    expect(missing).toEqual([]);
    const wrongClass = ids('ERR').filter((id) => RULES[ruleFor(id) as keyof typeof RULES].class !== 'breaking');
    expect(wrongClass).toEqual([]);
  });

  it('names only real oasdiff checks, and disagrees on a level only where docs/rules.md says why', () => {
    const doc = readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8');
    for (const [rule, info] of Object.entries(RULES as Record<string, RuleInfo>)) {
      for (const id of info.oasdiff ?? []) {
        expect(LEVELS[id], `${rule}: ${id}`).toBeDefined();
        const theirs: ChangeClass = CLASS_OF[LEVELS[id] as keyof typeof CLASS_OF];
        if (theirs !== info.class) {
          const section = doc.split(`\n### ${rule}\n`)[1]?.split('\n### ')[0] ?? '';
          expect(section, `${rule} disagrees with ${id} (${LEVELS[id]})`).toMatch(/oasdiff rates/);
        }
      }
    }
  });

  it('lists every oasdiff ERR check, and only those, in the table of docs/rules.md', () => {
    const doc = readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8');
    const table = doc.split('\n## oasdiff ERR checks\n')[1]?.split('\n## ')[0] ?? '';
    const listed = [...table.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]).sort();
    expect(listed).toEqual(ids('ERR').sort());
  });

  for (const level of ['ERR', 'WARN'] as const) {
    for (const id of ids(level)) {
      const rule = ruleFor(id);
      if (rule === undefined) continue;
      const pair = pairFor(id);
      it(`${id} (${level}) → ${rule}`, async () => {
        expect(pair, `no pair written for ${id}`).toBeDefined();
        const findings = await compare(pair as OasdiffPair);
        const hit = findings.find((f) => f.rule === rule);
        expect(hit, findings.map((f) => `${f.rule}: ${f.message}`).join('\n')).toBeDefined();
        expect(hit?.class).toBe(RULES[rule as keyof typeof RULES].class);
        if (level === 'ERR') expect(hit?.class).toBe('breaking');
        // The other direction is the opposite change: it must not give the same verdict, unless it is a change
        // either way (a value swapped for another).
        if (!pair?.symmetric) {
          const back = await compare(pair as OasdiffPair, true);
          expect(back.filter((f) => f.rule === rule).map((f) => f.message)).toEqual([]);
        }
      });
    }
  }

  it('finds nothing breaking when only the servers change', async () => {
    const findings = await compare({
      head: (s) => (s.servers = [{ url: 'https://eu.shelter.example/v2' }, { url: 'https://staging.shelter.example' }]),
    });
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.filter((f) => f.class === 'breaking').map((f) => f.message)).toEqual([]);
  });

  it('judges a removed deprecated operation by its sunset date', async () => {
    const removed = (sunset: string) => ({
      base: (s: Json) => {
        s.paths['/animals/{animalId}'].delete.deprecated = true;
        s.paths['/animals/{animalId}'].delete['x-sunset'] = sunset;
      },
      head: (s: Json) => delete s.paths['/animals/{animalId}'],
    });
    const past = await compare(removed('2026-01-01'));
    expect(past.map((f) => [f.rule, f.class])).toEqual([['deprecated-operation-removed', 'safe']]);
    const ahead = await compare(removed('2026-12-31'));
    expect(ahead.map((f) => [f.rule, f.class])).toEqual([['operation-removed-before-sunset', 'breaking']]);
  });
});
