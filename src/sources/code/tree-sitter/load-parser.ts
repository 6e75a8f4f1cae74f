import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';

/** Languages read with tree-sitter (JS/TS go through the TypeScript compiler instead). */
export type TreeSitterLanguage = 'python' | 'java' | 'go';

const require = createRequire(import.meta.url);

let runtime: Promise<void> | undefined;
/**
 * The options given to `Parser.init`: emscripten's runtime adds its exports and heap views to this very object, which
 * lets a tree be copied out with direct wasm calls (see `compactTree`).
 */
let moduleObject: object | undefined;
const SHARED_MODULE = Symbol.for('specwatch.web-tree-sitter.module');
const parsers = new Map<TreeSitterLanguage, Promise<Parser>>();

function initRuntime(): Promise<void> {
  // The wasm runtime is process-wide; initialising it twice would load a second copy of the module.
  if (runtime === undefined) {
    const options = { locateFile: (name: string) => require.resolve(`web-tree-sitter/${name}`) };
    runtime = Parser.init(options).then(() => {
      // web-tree-sitter makes its runtime once per process and ignores the options of later calls: the options object
      // that made it is the module, kept where another copy of this code in the process (a bench's baseline build)
      // finds it too, so both walk trees the same way.
      const shared = globalThis as { [SHARED_MODULE]?: object };
      if (shared[SHARED_MODULE] === undefined && 'HEAP32' in options) shared[SHARED_MODULE] = options;
      moduleObject = shared[SHARED_MODULE];
    });
  }
  return runtime;
}

/** The wasm runtime's module object once initialised (see {@link moduleObject}); undefined before. */
export function wasmModule(): object | undefined {
  return moduleObject;
}

async function createParser(language: TreeSitterLanguage): Promise<Parser> {
  await initRuntime();
  const grammar = await Language.load(require.resolve(`@vscode/tree-sitter-wasm/wasm/tree-sitter-${language}.wasm`));
  const parser = new Parser();
  parser.setLanguage(grammar);
  return parser;
}

/**
 * The parser of a language, created on first use and reused for every later file: loading a grammar costs
 * milliseconds, parsing a file microseconds.
 */
export function loadParser(language: TreeSitterLanguage): Promise<Parser> {
  let parser = parsers.get(language);
  if (parser === undefined) {
    parser = createParser(language);
    // A failed load (missing or incompatible grammar) must not poison later attempts.
    parser.catch(() => parsers.delete(language));
    parsers.set(language, parser);
  }
  return parser;
}
