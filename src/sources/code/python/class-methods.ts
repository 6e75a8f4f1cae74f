import type { Expr } from '../tree-sitter/expr.js';
import type { PyClass, PyFunction, PyModule } from './python-module.js';
import type { PyValue } from './python-project.js';

/**
 * A method of a project class by name, its own or inherited from a project base class; `evaluate` gives what a base
 * class expression names in its module (the project's evaluator, or a run's table of module values over it).
 */
export function methodOf(
  evaluate: (mod: PyModule, e: Expr) => PyValue,
  mod: PyModule,
  cls: PyClass,
  name: string,
  depth = 0,
): { mod: PyModule; fn: PyFunction } | undefined {
  const own = cls.functions?.get(name);
  if (own !== undefined) return { mod, fn: own };
  if (depth > 8) return undefined;
  for (const base of cls.bases) {
    const value = evaluate(mod, base);
    if (value.k !== 'class' || value.cls === cls) continue;
    const found = methodOf(evaluate, value.mod, value.cls, name, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
