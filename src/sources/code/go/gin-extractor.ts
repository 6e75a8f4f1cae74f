import type { RouteExtractor } from '../extractor.js';
import { analyseGo } from './go-analysis.js';

/** Gin routes: verbs, `Any`, `Handle`, nested `Group`s, routers passed to and returned from functions. */
export const ginExtractor: RouteExtractor = {
  id: 'gin',
  language: 'go',
  extensions: ['.go'],
  detect: (manifest) => manifest.go.has('github.com/gin-gonic/gin'),
  async extract(files, _repo, context) {
    const analysis = await analyseGo(files, context);
    return { operations: analysis.routes.get('gin') ?? [], unparsed: analysis.unparsed, schemas: analysis.schemas };
  },
};
