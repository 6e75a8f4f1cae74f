import type { ExtractContext, Unparsed } from '../extractor.js';
import { isSkippedByDefault } from '../select-files.js';
import { type ModuleInfo, ModuleResolver, type PathAliases, readModuleInfo, readPathAliases } from './module-graph.js';
import { parseJsShared } from './parse-js.js';

/** Every JS/TS module of a run, parsed once, with a resolver for import specifiers. */
export interface JsProject {
  modules: Map<string, ModuleInfo>;
  resolver: ModuleResolver;
  unparsed: Unparsed[];
  /** The files given, in order. */
  files: readonly string[];
}

async function readAliases(context: ExtractContext): Promise<PathAliases[]> {
  const configs = [...context.repoFiles]
    .filter((f) => /(^|\/)(tsconfig|jsconfig)(\.[\w-]+)?\.json$/.test(f) && !isSkippedByDefault(f))
    .sort((a, b) => b.split('/').length - a.split('/').length);
  const out: PathAliases[] = [];
  for (const file of configs) {
    const text = await context.read(file);
    if (text === undefined) continue;
    const aliases = readPathAliases(file, text);
    if (aliases) out.push(aliases);
  }
  return out;
}

/** Loads (once per run) the JS/TS modules the extractors read. */
export function loadJsProject(files: readonly string[], context: ExtractContext): Promise<JsProject> {
  return context.memo(`js:project:${files.length}:${files[0] ?? ''}`, async () => {
    const resolver = new ModuleResolver(context.repoFiles, await readAliases(context));
    const modules = new Map<string, ModuleInfo>();
    const unparsed: Unparsed[] = [];
    for (const file of files) {
      const parsed = await parseJsShared(context, file);
      if (!parsed) continue;
      if (parsed.error) unparsed.push(parsed.error);
      modules.set(file, readModuleInfo(parsed.sourceFile, resolver));
    }
    return { modules, resolver, unparsed, files };
  });
}
