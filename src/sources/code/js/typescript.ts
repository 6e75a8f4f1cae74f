import { createRequire } from 'node:module';
import type * as TS from 'typescript';

const require = createRequire(import.meta.url);

/**
 * The TypeScript compiler, loaded with `require` on first use: imported from an ES module, Node first scans its 9 MB
 * of CommonJS for named exports (cjs-module-lexer), which costs more than loading it (about 1.2 s of CPU against
 * 0.5 s on a loaded machine). Loading it at all costs about 0.3 s of CPU, which a checkout without JavaScript or
 * TypeScript (a Python or Go scan, `inventory`, `diff`) must not pay, so nothing loads it until a property is read.
 * The first read copies the compiler's exports onto this object as its own properties, so every later read is a
 * plain property read (the compiler's own export object answers each through a getter); the proxy on the prototype
 * chain is reached only by that first read. Types come from `import type`.
 */
export const ts: typeof TS = Object.create(
  new Proxy(
    {},
    {
      get(target, key, receiver) {
        // Once copied, a name the compiler does not export still ends here: it is absent, as on the compiler.
        if (Object.keys(receiver).length > 0) return Reflect.get(target, key);
        Object.assign(receiver, require('typescript'));
        return Reflect.get(receiver, key);
      },
    },
  ),
);
