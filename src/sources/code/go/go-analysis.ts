import type { ExtractContext, ExtractedRoute, Unparsed } from '../extractor.js';
import { templatePath } from '../tree-sitter/template-path.js';
import { type GoFile, readGoFile } from './go-module.js';
import { type GoFramework, GoRouteReader } from './go-routes.js';

/** Routes of every Go router of a checkout, read in one pass so Gin and chi share the parse. */
export interface GoAnalysis {
  routes: Map<GoFramework, ExtractedRoute[]>;
  unparsed: Unparsed[];
}

async function analyse(files: readonly string[], context: ExtractContext): Promise<GoAnalysis> {
  const parsed: GoFile[] = [];
  const unparsed: Unparsed[] = [];
  for (const file of files) {
    const text = await context.read(file);
    if (text === undefined) continue;
    try {
      const goFile = await readGoFile(file, text);
      if (goFile.problem !== undefined)
        unparsed.push({ file, line: goFile.problem.line, reason: goFile.problem.reason });
      parsed.push(goFile);
    } catch (error) {
      unparsed.push({ file, line: 1, reason: `not parsed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  const reader = new GoRouteReader(parsed);
  reader.run();
  const routes = new Map<GoFramework, ExtractedRoute[]>([
    ['gin', []],
    ['chi', []],
  ]);
  for (const r of reader.graph.resolve()) {
    routes.get(r.info.framework)?.push({
      method: r.method,
      path: templatePath(r.path, r.info.framework === 'gin' ? 'colon' : 'braces'),
      file: r.info.file,
      line: r.info.line,
      framework: r.info.framework,
      ...(r.unresolvedPrefix !== undefined ? { unresolvedPrefix: r.unresolvedPrefix } : {}),
    });
  }
  return { routes, unparsed };
}

/** The Go analysis of this run, computed once and shared by the Gin and chi extractors. */
export function analyseGo(files: readonly string[], context: ExtractContext): Promise<GoAnalysis> {
  return context.memo(`go:analysis:${files.length}`, () => analyse(files, context));
}
