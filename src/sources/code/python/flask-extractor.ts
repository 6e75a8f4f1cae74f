import type { RouteExtractor } from '../extractor.js';
import { analysePython } from './python-analysis.js';

/** Flask routes: `@app.route`, Flask 2 shorthands, Blueprints, `add_url_rule`, MethodView, flask-restx/restful resources. */
export const flaskExtractor: RouteExtractor = {
  id: 'flask',
  language: 'python',
  extensions: ['.py'],
  detect: (manifest) =>
    ['flask', 'quart', 'apiflask', 'flask-restx', 'flask-restful', 'flask-smorest'].some((name) =>
      manifest.python.has(name),
    ),
  async extract(files, repo, context) {
    const analysis = await analysePython(files, repo, context);
    return { operations: analysis.routes.get('flask') ?? [], unparsed: analysis.unparsed, schemas: analysis.schemas };
  },
};
