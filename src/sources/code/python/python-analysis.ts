import type { Schema } from '../../../model/index.js';
import type { RepoFiles } from '../../repo/index.js';
import type { ExtractContext, ExtractedRoute, Unparsed } from '../extractor.js';
import { templatePath } from '../tree-sitter/template-path.js';
import { describeHandler } from './python-handler.js';
import { type PyModule, readPythonModule } from './python-module.js';
import { PythonProject } from './python-project.js';
import { buildPythonRoutes, type PythonFramework } from './python-routes.js';

/** Routes of every Python framework of a checkout, read in one pass so FastAPI and Flask share the parse. */
export interface PythonAnalysis {
  routes: Map<PythonFramework, ExtractedRoute[]>;
  unparsed: Unparsed[];
  schemas: Record<string, Schema>;
}

async function analyse(files: readonly string[], context: ExtractContext): Promise<PythonAnalysis> {
  const modules: PyModule[] = [];
  const unparsed: Unparsed[] = [];
  for (const file of files) {
    const text = await context.read(file);
    if (text === undefined) continue;
    let mod: PyModule;
    try {
      mod = await readPythonModule(file, text);
    } catch (error) {
      unparsed.push({ file, line: 1, reason: `not parsed: ${error instanceof Error ? error.message : String(error)}` });
      continue;
    }
    if (mod.problem !== undefined) unparsed.push({ file, line: mod.problem.line, reason: mod.problem.reason });
    modules.push(mod);
  }
  const project = new PythonProject(modules, context.env);
  const graph = buildPythonRoutes(project);
  const routes = new Map<PythonFramework, ExtractedRoute[]>([
    ['fastapi', []],
    ['flask', []],
  ]);
  const schemas: Record<string, Schema> = {};
  for (const r of graph.resolve()) {
    const details = describeHandler(project, r.info, r.path, schemas, r.method);
    const route: ExtractedRoute = {
      method: r.method,
      path: templatePath(r.path, r.info.framework === 'flask' ? 'flask' : 'braces'),
      file: r.info.file,
      line: r.info.line,
      framework: r.info.framework,
      ...(r.unresolvedPrefix !== undefined ? { unresolvedPrefix: r.unresolvedPrefix } : {}),
      ...(r.info.hidden !== undefined ? { hidden: r.info.hidden } : {}),
      ...details,
    };
    routes.get(r.info.framework)?.push(route);
  }
  return { routes, unparsed, schemas };
}

/** The Python analysis of this run, computed once and shared by the FastAPI and Flask extractors. */
export function analysePython(
  files: readonly string[],
  _repo: RepoFiles,
  context: ExtractContext,
): Promise<PythonAnalysis> {
  return context.memo(`python:analysis:${files.length}`, () => analyse(files, context));
}
