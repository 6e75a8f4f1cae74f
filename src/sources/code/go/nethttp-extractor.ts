import type { RouteExtractor } from '../extractor.js';
import { analyseGo } from './go-analysis.js';

/**
 * Go's standard library router: `http.NewServeMux()` (or `http.ServeMux{}`) and the default mux, Go 1.22
 * `"METHOD /path/{id}"` patterns through `Handle`/`HandleFunc`, sub-muxes mounted as handlers, `http.StripPrefix`.
 * Every Go module may use it, so any `go.mod` turns it on.
 */
export const nethttpExtractor: RouteExtractor = {
  id: 'nethttp',
  language: 'go',
  quiet: true,
  extensions: ['.go'],
  detect: (manifest) => manifest.files.some((f) => f === 'go.mod' || f.endsWith('/go.mod')),
  async extract(files, _repo, context) {
    const analysis = await analyseGo(files, context);
    return { operations: analysis.routes.get('nethttp') ?? [], unparsed: analysis.unparsed, schemas: analysis.schemas };
  },
};
