import type { RouteExtractor } from './extractor.js';
import { chiExtractor } from './go/chi-extractor.js';
import { ginExtractor } from './go/gin-extractor.js';
import { nethttpExtractor } from './go/nethttp-extractor.js';
import { springExtractor } from './java/spring-extractor.js';
import { astroExtractor, nitroExtractor, remixExtractor, sveltekitExtractor } from './js/file-routers.js';
import { nestExtractor } from './js/nest-extractor.js';
import { nextExtractor } from './js/next-extractor.js';
import { expressExtractor, fastifyExtractor, honoExtractor, koaExtractor } from './js/router-extractors.js';
import { fastapiExtractor } from './python/fastapi-extractor.js';
import { flaskExtractor } from './python/flask-extractor.js';

/** Every route extractor, one per framework. Each language part appends its own lines. */
export const routeExtractors: RouteExtractor[] = [
  expressExtractor,
  fastifyExtractor,
  koaExtractor,
  honoExtractor,
  nestExtractor,
  nextExtractor,
  nitroExtractor,
  sveltekitExtractor,
  astroExtractor,
  remixExtractor,
  fastapiExtractor,
  flaskExtractor,
  ginExtractor,
  chiExtractor,
  nethttpExtractor,
  springExtractor,
];
