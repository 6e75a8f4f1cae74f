import { joinPaths } from '../../../model/index.js';
import { analysisOf, type ExtractedRoute, type RouteExtractor, type Unparsed } from '../extractor.js';
import { staticFilesReason } from '../machinery.js';
import { type JavaFile, readJavaFile } from './java-module.js';
import { readSpringProperties } from './spring-properties.js';
import { SpringReader } from './spring-routes.js';
import { SpringSecurity } from './spring-security.js';

/** Spring MVC (and WebFlux annotated) controllers, read from Java sources. */
export const springExtractor: RouteExtractor = {
  id: 'spring',
  language: 'java',
  extensions: ['.java'],
  detect: (manifest) => [...manifest.java].some((dep) => dep.startsWith('org.springframework')),
  async extract(files, _repo, context) {
    const parsed: JavaFile[] = [];
    const unparsed: Unparsed[] = [];
    const texts = new Map<string, string>();
    for (const file of files) {
      const text = await context.read(file);
      if (text === undefined) continue;
      texts.set(file, text);
      try {
        const javaFile = await readJavaFile(file, text);
        if (javaFile.problem !== undefined)
          unparsed.push({ file, line: javaFile.problem.line, reason: javaFile.problem.reason });
        parsed.push(javaFile);
      } catch (error) {
        unparsed.push({
          file,
          line: 1,
          reason: `not parsed: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    }
    const properties = await readSpringProperties(context);
    // Spring Security's filter chain matchers and method security, applied to each route before the mount below.
    const switches = analysisOf(context);
    const security = switches.auth ? await SpringSecurity.read(context, texts, parsed, properties) : undefined;
    const reader = new SpringReader(parsed, properties, security, switches.wire);
    // The servlet container serves the app under its context path, and the DispatcherServlet under its own path.
    const mount = joinPaths(
      properties.get('server.servlet.context-path') ?? properties.get('server.context-path'),
      properties.get('spring.mvc.servlet.path'),
    );
    const operations = [...reader.routes(), ...resourceHandlers(texts)].map((op) =>
      mount === '/' || op.unresolvedPrefix !== undefined ? op : { ...op, path: joinPaths(mount, op.path) },
    );
    return { operations, unparsed, schemas: reader.schemas };
  },
};

/**
 * `registry.addResourceHandler("/static/**", "/webjars/**")` in a `WebMvcConfigurer`: Spring serves files under each
 * pattern, machinery of the app rather than its API, so each one is listed among the routes left out. Patterns
 * written as string literals are read; any other argument is named in the path as written.
 */
function resourceHandlers(texts: ReadonlyMap<string, string>): ExtractedRoute[] {
  const out: ExtractedRoute[] = [];
  for (const [file, text] of texts) {
    if (!text.includes('addResourceHandler')) continue;
    for (const m of text.matchAll(/\.addResourceHandler\s*\(([^)]*)\)/g)) {
      const line = text.slice(0, m.index).split('\n').length;
      for (const arg of (m[1] ?? '').split(',')) {
        const literal = /^\s*"([^"]*)"\s*$/.exec(arg)?.[1];
        if (literal === undefined) continue;
        const under = literal.replace(/\/\*\*?$/, '');
        out.push({
          method: 'GET',
          path: `${under}/*`,
          file,
          line,
          framework: 'spring',
          machinery: staticFilesReason(under),
        });
      }
    }
  }
  return out;
}
