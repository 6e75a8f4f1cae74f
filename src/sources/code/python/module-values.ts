import { dottedName, type Expr } from '../tree-sitter/expr.js';
import type { PyModule } from './python-module.js';
import type { PythonProject, PyValue } from './python-project.js';

/**
 * What names and attribute chains written in a module evaluate to, each evaluated once per run: the wire model asks
 * for the same annotations, bases, exception classes and callees (`str`, `UserRead`, `account_service.update`) again
 * for every model, raise and function of a module, and each evaluation walks imports. One instance serves one
 * project (one run of one checkout).
 */
export class ModuleValues {
  private readonly byModule = new Map<PyModule, Map<string, PyValue>>();

  constructor(private readonly project: PythonProject) {}

  /** The value of `e` at the module level of `mod`; a name or attribute chain is evaluated once per module. */
  of(mod: PyModule, e: Expr): PyValue {
    const dotted = dottedName(e);
    if (dotted === undefined) return this.project.evaluate(mod, e);
    let known = this.byModule.get(mod);
    if (known === undefined) {
      known = new Map();
      this.byModule.set(mod, known);
    }
    let value = known.get(dotted);
    if (value === undefined) {
      value = this.project.evaluate(mod, e);
      known.set(dotted, value);
    }
    return value;
  }
}
