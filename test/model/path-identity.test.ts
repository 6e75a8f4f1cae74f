import { describe, expect, it } from 'vitest';
import { operationKey, toTemplatePath } from '../../src/model/index.js';
import { readDocumentedSurfaces } from '../../src/sources/openapi/index.js';
import { memoryRepo } from '../../src/sources/repo/index.js';

const googleStyle = `openapi: 3.0.0
info: {title: Cloud Natural Language API, version: v1}
paths:
  /v1/documents:analyzeEntities:
    post: {operationId: analyzeEntities, responses: {'200': {description: ok}}}
  /v1/documents:analyzeSentiment:
    post: {operationId: analyzeSentiment, responses: {'200': {description: ok}}}
  /v1/documents:classifyText:
    post: {operationId: classifyText, responses: {'200': {description: ok}}}
  /v1/documents:moderateText:
    post: {operationId: moderateText, responses: {'200': {description: ok}}}
  /v1/documents:annotateText:
    post: {operationId: annotateText, responses: {'200': {description: ok}}}
  /v1/documents:analyzeSyntax:
    post: {operationId: analyzeSyntax, responses: {'200': {description: ok}}}
  /pets/{id}:
    get: {responses: {'200': {description: ok}}}
  /pets/{petId}:
    get: {responses: {'200': {description: ok}}}
    delete: {responses: {'204': {description: gone}}}
`;

describe('path identity per view', () => {
  it('keeps OpenAPI `:verb` paths literal: six Google-style operations stay six', async () => {
    const read = await readDocumentedSurfaces(memoryRepo({ 'openapi.yaml': googleStyle }));
    const spec = read.specs[0];
    if (!spec?.ok) throw new Error('spec not read');
    const verbs = spec.surface.operations.filter((op) => op.path.startsWith('/v1/'));
    expect(verbs.map((op) => op.path)).toEqual([
      '/v1/documents:analyzeEntities',
      '/v1/documents:analyzeSentiment',
      '/v1/documents:classifyText',
      '/v1/documents:moderateText',
      '/v1/documents:annotateText',
      '/v1/documents:analyzeSyntax',
    ]);
    expect(operationKey('POST', '/v1/documents:analyzeEntities')).not.toBe(
      operationKey('POST', '/v1/documents:classifyText'),
    );
  });

  it('merges operations differing only in a template name into one, and says so', async () => {
    const read = await readDocumentedSurfaces(memoryRepo({ 'openapi.yaml': googleStyle }));
    const spec = read.specs[0];
    if (!spec?.ok) throw new Error('spec not read');
    const pets = spec.surface.operations.filter((op) => op.path.startsWith('/pets'));
    expect(pets.map((op) => `${op.method} ${op.path}`)).toEqual(['GET /pets/{id}', 'DELETE /pets/{petId}']);
    expect(read.notices).toEqual([
      expect.objectContaining({ file: 'openapi.yaml', view: 'documented', reason: 'merged', line: 19 }),
    ]);
    expect(read.notices[0]?.detail).toMatch(
      /GET \/pets\/\{petId\} differs from GET \/pets\/\{id\} only in a parameter name/,
    );
  });

  it('converts framework syntaxes where code is read', () => {
    expect(toTemplatePath('/users/:id(\\d+)')).toBe('/users/{id}');
    expect(toTemplatePath('/files/<path:name>')).toBe('/files/{name}');
    expect(toTemplatePath('/orders/{id:[0-9]+}')).toBe('/orders/{id}');
  });
});
