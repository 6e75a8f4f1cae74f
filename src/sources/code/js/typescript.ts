import { createRequire } from 'node:module';
import type * as TS from 'typescript';

/**
 * The TypeScript compiler, loaded with `require`: imported from an ES module, Node first scans its 9 MB of CommonJS
 * for named exports (cjs-module-lexer), which costs more than loading it (about 1.2 s of CPU against 0.5 s on a
 * loaded machine), in every scan, `routes` run and App job that reads code. Types come from `import type`.
 */
export const ts: typeof TS = createRequire(import.meta.url)('typescript');
