import type { RouteExtractor } from '../extractor.js';
import { analyseGo } from './go-analysis.js';

/** chi routes: verbs, `Method`, `Handle`, `Route` closures, `Mount`ed sub-routers, `Group`s. */
export const chiExtractor: RouteExtractor = {
  id: 'chi',
  language: 'go',
  extensions: ['.go'],
  detect: (manifest) => [...manifest.go].some((mod) => /^github\.com\/go-chi\/chi(\/v\d+)?$/.test(mod)),
  async extract(files, _repo, context) {
    const analysis = await analyseGo(files, context);
    return { operations: analysis.routes.get('chi') ?? [], unparsed: analysis.unparsed, schemas: analysis.schemas };
  },
};
