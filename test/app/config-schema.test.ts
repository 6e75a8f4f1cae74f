import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConfigJsonSchema, renderConfigMarkdown } from '../../src/config/index.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('published config schema', () => {
  const source = read('src/config/schema.ts');

  it('docs/config-schema.json is up to date with the zod schema (run `npm run docs:schema`)', () => {
    expect(read('docs/config-schema.json')).toBe(renderConfigJsonSchema(source));
  });

  it('docs/configuration.md is up to date with the schema TSDoc (run `npm run docs:schema`)', () => {
    expect(read('docs/configuration.md')).toBe(renderConfigMarkdown(source));
  });

  it('carries the TSDoc as descriptions', () => {
    const schema = JSON.parse(renderConfigJsonSchema(source));
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.failOn.description).toMatch(/fails when a finding is at or above/);
    expect(schema.properties.docsPr.properties.enabled.description).toMatch(/Open docs PR/);
    expect(schema.properties.traffic.properties.files.description).toContain('`**/*.har`');
  });
});
