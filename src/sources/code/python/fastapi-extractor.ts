import type { RouteExtractor } from '../extractor.js';
import { analysePython } from './python-analysis.js';

/** FastAPI (and Starlette-style) routes: decorators, `APIRouter` prefixes, `include_router` across modules. */
export const fastapiExtractor: RouteExtractor = {
  id: 'fastapi',
  language: 'python',
  extensions: ['.py'],
  detect: (manifest) => manifest.python.has('fastapi'),
  async extract(files, repo, context) {
    const analysis = await analysePython(files, repo, context);
    return { operations: analysis.routes.get('fastapi') ?? [], unparsed: analysis.unparsed, schemas: analysis.schemas };
  },
};
