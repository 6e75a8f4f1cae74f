import { joinPaths } from '../../../model/index.js';
import {
  analysisOf,
  type ExtractContext,
  type ExtractedRoute,
  type RouteExtractor,
  type Unparsed,
} from '../extractor.js';
import { staticFilesReason } from '../machinery.js';
import { joinText, type PathText } from '../tree-sitter/route-graph.js';
import { type JavaFile, readJavaFile } from './java-module.js';
import { configClients } from './spring-config-server.js';
import { moduleOf, readSpringProperties, resolvePlaceholders, type SpringProperties } from './spring-properties.js';
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
    unparsed.push(...properties.problems);
    // Spring Security's filter chain matchers and method security, applied to each route before the mount below.
    const switches = analysisOf(context);
    const security = switches.auth ? await SpringSecurity.read(context, texts, parsed, properties) : undefined;
    // Jackson's inclusion set in code (an ObjectMapper or its builder) is not read: no property counts as always sent.
    const inclusionSetInCode = [...texts.values()].some((t) =>
      /\b(?:setSerializationInclusion|serializationInclusion|setDefaultPropertyInclusion)\s*\(/.test(t),
    );
    const reader = new SpringReader(parsed, properties, security, switches.wire, inclusionSetInCode);
    const mount = await mountOf(properties, texts, context);
    // A Spring Cloud Config client module is served under the context path its config server gives it.
    const clients = [...(await configClients(context, texts, unparsed))];
    const mounts = new Map<string, Mount>();
    for (const [module, served] of clients)
      mounts.set(
        module,
        served.kind === 'outside'
          ? { path: { known: '', unresolved: served.why }, at: served.at }
          : await mountOf(served.properties, texts, context),
      );
    const operations = [...reader.routes(), ...resourceHandlers(texts)].map((op): ExtractedRoute => {
      if (op.unresolvedPrefix !== undefined) return op;
      const { path, at } = mounts.get(moduleOf(op.file)) ?? mount;
      if (path.unresolved !== undefined)
        return {
          ...op,
          path: joinPaths(path.known, op.path),
          unresolvedPrefix: path.unresolved,
          ...(at !== undefined ? { prefixAt: at } : {}),
        };
      return path.known === '' || path.known === '/' ? op : { ...op, path: joinPaths(path.known, op.path) };
    });
    return { operations, unparsed, schemas: reader.schemas };
  },
};

interface Mount {
  path: PathText;
  at?: { file: string; line: number };
}

/** The servlet container serves the app under its context path, and the DispatcherServlet under its own path. */
async function mountOf(
  properties: SpringProperties,
  texts: ReadonlyMap<string, string>,
  context: ExtractContext,
): Promise<Mount> {
  const mountKeys = ['server.servlet.context-path', 'server.context-path', 'spring.mvc.servlet.path'];
  const [context1, context2, servlet] = mountKeys.map((key) => properties.values.get(key));
  const contextKey = context1 !== undefined ? mountKeys[0] : mountKeys[1];
  const contextPath = resolvePlaceholders(context1 ?? context2 ?? '', properties);
  const path = joinText(contextPath, resolvePlaceholders(servlet ?? '', properties));
  // A mount the checkout cannot decide (`${CONTEXT_PATH}`, `@context.path@`) is carried as unresolved, said once.
  const mountKey = contextPath.unresolved !== undefined ? contextKey : mountKeys[2];
  const mountFile = mountKey === undefined ? undefined : properties.origin.get(mountKey);
  if (mountFile === undefined) return { path };
  const text = texts.get(mountFile) ?? (await context.read(mountFile));
  return { path, at: { file: mountFile, line: keyLine(text, mountKey as string) } };
}

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

/** The line of a properties or YAML file that sets a key (its last part, `context-path:` / `…context-path=`); 1 if none. */
function keyLine(text: string | undefined, key: string): number {
  if (text === undefined) return 1;
  const leaf = key.split('.').pop() as string;
  const at = text
    .split(/\r?\n/)
    .findIndex((l) => new RegExp(String.raw`(^|[.\s])${leaf.replace(/[.-]/g, '\\$&')}\s*[:=]`).test(l));
  return at < 0 ? 1 : at + 1;
}
