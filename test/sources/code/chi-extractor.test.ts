import { describe, expect, it } from 'vitest';
import { chiExtractor } from '../../../src/sources/code/go/chi-extractor.js';
import { extractImplementedSurface } from '../../../src/sources/code/index.js';
import { memoryRepo } from '../../../src/sources/repo/index.js';
import { checkTruth, extractFixture } from './polyglot-truth.js';

describe('chi routes', () => {
  it('finds exactly the routes of a chi service: nested Route closures, Mount of sub-routers, Group and With', async () => {
    const extracted = await extractFixture('chi', [chiExtractor]);
    const check = checkTruth(extracted);
    expect({ missing: check.missing, extra: check.extra }).toEqual({ missing: [], extra: [] });
    for (const [op, expression] of Object.entries(extracted.truth.unresolvedPrefix ?? {})) {
      expect(check.unresolved[op], op).toContain(expression);
    }
    expect(check.unparsedFiles).toEqual([...(extracted.truth.unparsed ?? [])].sort());
  });
});

describe('chi routes told apart by a regexp parameter', () => {
  it('are one OpenAPI operation (same template up to the name), the merge a notice, and both declared routes listed', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'go.mod': 'module example.com/articles\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.1.0\n',
        'main.go': `package main

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

func main() {
	r := chi.NewRouter()
	r.Route("/articles", func(r chi.Router) {
		r.Get("/{articleID:[0-9]+}", getArticle)
		// GET /articles/whats-up
		r.Get("/{articleSlug:[a-z-]+}", getArticleBySlug)
	})
	http.ListenAndServe(":3333", r)
}

func getArticle(w http.ResponseWriter, r *http.Request)       {}
func getArticleBySlug(w http.ResponseWriter, r *http.Request) {}
`,
      }),
    );
    expect(result.surface.operations.map((o) => `${o.method} ${o.path}`)).toEqual(['GET /articles/{articleID}']);
    expect(result.notices).toEqual([
      expect.objectContaining({ file: 'main.go', line: 14, view: 'implemented', reason: 'merged' }),
    ]);
    expect(result.declared.map((r) => [`${r.method} ${r.path}`, r.line, r.mergedInto])).toEqual([
      ['GET /articles/{articleID}', 12, undefined],
      ['GET /articles/{articleSlug}', 14, { method: 'GET', path: '/articles/{articleID}' }],
    ]);
  });
});
