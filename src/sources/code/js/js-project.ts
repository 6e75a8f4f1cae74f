import { analysisOf, type ExtractContext, type Unparsed } from '../extractor.js';
import { isSkippedByDefault } from '../select-files.js';
import { type ModuleInfo, ModuleResolver, type PathAliases, readModuleInfo, readPathAliases } from './module-graph.js';
import { type ParsedJs, parseJs } from './parse-js.js';

/**
 * Text that may re-export a whole module (`export * from`, `export type * from`, `module.exports = require('./x')`):
 * a superset, comments included.
 */
const WHOLESALE_REEXPORT = /\bexport\b[^;'"`]*\*|\bmodule\.exports\s*=\s*require\s*\(/;

/**
 * The JS/TS modules of a run, parsed when first asked for: in a large checkout most files never declare, mount or
 * guard a route, and parsing is most of the cost. Lookups across imports parse the files they reach.
 */
export class ModuleTable {
  private readonly infos = new Map<string, ModuleInfo | undefined>();

  constructor(
    private readonly texts: ReadonlyMap<string, string>,
    private readonly resolver: ModuleResolver,
    private readonly parse: (file: string, text: string) => ParsedJs,
    private readonly unparsed: Unparsed[],
    /** Without the prefilter, {@link matching} passes every module, the way the analysis read them before. */
    private readonly prefilter: boolean,
  ) {}

  /** The module of a file of the run, parsed on first use; undefined for files outside the run. */
  get(file: string): ModuleInfo | undefined {
    if (this.infos.has(file)) return this.infos.get(file);
    const text = this.texts.get(file);
    let info: ModuleInfo | undefined;
    if (text !== undefined) {
      const parsed = this.parse(file, text);
      if (parsed.error) this.unparsed.push(parsed.error);
      info = readModuleInfo(parsed.sourceFile, this.resolver);
    }
    this.infos.set(file, info);
    return info;
  }

  /**
   * False when a file of the run cannot export `name`: its text never spells the name and re-exports nothing
   * wholesale (`export * from`). A lookup through barrel files skips parsing such files; it would find nothing there.
   */
  mayExport(file: string, name: string): boolean {
    const text = this.texts.get(file);
    if (text === undefined) return false;
    // `module.exports = x` is the default export without the word; every other export spells its name.
    return name === 'default' || text.includes(name) || WHOLESALE_REEXPORT.test(text);
  }

  /** False when a file of the run never spells `name`: it can neither declare nor import it. Never parses. */
  mentions(file: string, name: string): boolean {
    return this.texts.get(file)?.includes(name) ?? false;
  }

  /** True when the file was parsed (asked for) in this run. */
  isParsed(file: string): boolean {
    return this.infos.get(file) !== undefined;
  }

  /** Files of the run whose text passes `test`, in run order (every file without the prefilter). */
  filesMatching(test: (text: string) => boolean): string[] {
    const out: string[] = [];
    for (const [file, text] of this.texts) if (!this.prefilter || test(text)) out.push(file);
    return out;
  }

  /** Modules whose text passes `test`, parsed, in run order (every module without the prefilter). */
  matching(test: (text: string) => boolean): ModuleInfo[] {
    const out: ModuleInfo[] = [];
    for (const file of this.filesMatching(test)) {
      const mod = this.get(file);
      if (mod) out.push(mod);
    }
    return out;
  }

  /** Parses every module now: the path without the prefilter. */
  parseAll(): void {
    for (const file of this.texts.keys()) this.get(file);
  }
}

/** Every JS/TS module of a run, parsed when first needed, with a resolver for import specifiers. */
export interface JsProject {
  modules: ModuleTable;
  resolver: ModuleResolver;
  /** Syntax errors of the files parsed so far (grows as lookups parse more files). */
  unparsed: Unparsed[];
  /** The files given, in order. */
  files: readonly string[];
  /** False when the prefilter is off: every file is parsed and scanned. */
  prefilter: boolean;
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
  // `require('rootpath')()` / `app-module-path`: bare specifiers also resolve from the package's folder
  // (`require('_helpers/jwt')` is `_helpers/jwt.js`), as a baseUrl does for TypeScript.
  const manifests = [...context.repoFiles].filter((f) => /(^|\/)package\.json$/.test(f) && !isSkippedByDefault(f));
  for (const file of manifests) {
    const text = await context.read(file);
    if (text === undefined || !/"(?:rootpath|app-module-path)"\s*:/.test(text)) continue;
    const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
    out.push({ dir, baseUrl: dir, paths: [] });
  }
  // SvelteKit's `$lib` is `src/lib` of the app; the tsconfig that declares it is generated into `.svelte-kit/`,
  // which is not committed.
  for (const file of [...context.repoFiles].filter((f) => /(^|\/)svelte\.config\.[cm]?[jt]s$/.test(f))) {
    const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
    out.push({
      dir,
      paths: [
        ['$lib', ['src/lib']],
        ['$lib/*', ['src/lib/*']],
      ],
    });
  }
  return out;
}

/** Parses a file once per run, shared by every JS/TS project of the run. */
function sharedParser(context: ExtractContext): (file: string, text: string) => ParsedJs {
  const cache = context.memo('js:parsed', () => new Map<string, ParsedJs>());
  return (file, text) => {
    let parsed = cache.get(file);
    if (!parsed) {
      parsed = parseJs(file, text);
      cache.set(file, parsed);
    }
    return parsed;
  };
}

/** Loads (once per run) the JS/TS modules the extractors read; files are parsed when first needed. */
export function loadJsProject(files: readonly string[], context: ExtractContext): Promise<JsProject> {
  return context.memo(`js:project:${files.length}:${files[0] ?? ''}`, async () => {
    const resolver = new ModuleResolver(context.repoFiles, await readAliases(context));
    const texts = new Map<string, string>();
    for (const file of files) {
      const text = await context.read(file);
      if (text !== undefined) texts.set(file, text);
    }
    const unparsed: Unparsed[] = [];
    const { prefilter } = analysisOf(context);
    const modules = new ModuleTable(texts, resolver, sharedParser(context), unparsed, prefilter);
    if (!prefilter) modules.parseAll();
    return { modules, resolver, unparsed, files, prefilter };
  });
}
