import type * as TS from 'typescript';
import { normalizeRepoPath, resolveRepoPath } from '../../repo/index.js';
import { isRequireCall, propertyNameText, unwrapExpression } from './parse-js.js';
import { ts } from './typescript.js';

/** A name a module imports: from a file of the checkout (`resolved`) or from a package. */
export interface ImportBinding {
  specifier: string;
  /** `default`, `*` (namespace) or the exported name. */
  imported: string;
  resolved?: string;
}

/** Exports of one module: export name → the node that gives its value. */
export interface ModuleInfo {
  file: string;
  sourceFile: TS.SourceFile;
  imports: Map<string, ImportBinding>;
  exports: Map<string, TS.Node>;
  /** `export … from` re-exports: `*` for star re-exports; `specifier` as written, `node` the export specifier. */
  reexports: { from: string | undefined; imported: string; as: string; specifier?: string; node?: TS.Node }[];
  /** Bare package specifiers the module imports or requires. */
  packages: Set<string>;
}

/** `compilerOptions.baseUrl` and `paths` of one tsconfig/jsconfig, with repo-relative folders. */
export interface PathAliases {
  dir: string;
  baseUrl?: string;
  paths: [pattern: string, targets: string[]][];
}

const RESOLVE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** Reads baseUrl/paths of a tsconfig.json or jsconfig.json (comments and trailing commas allowed). */
export function readPathAliases(file: string, text: string): PathAliases | undefined {
  const parsed = ts.parseConfigFileTextToJson(file, text);
  const options = (
    parsed.config as { compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> } } | undefined
  )?.compilerOptions;
  if (!options) return undefined;
  const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
  const base =
    options.baseUrl !== undefined ? normalizeRepoPath(dir ? `${dir}/${options.baseUrl}` : options.baseUrl) : undefined;
  const paths = Object.entries(options.paths ?? {}).filter((e): e is [string, string[]] => Array.isArray(e[1]));
  if (base === undefined && paths.length === 0) return undefined;
  return { dir, ...(base !== undefined ? { baseUrl: base } : {}), paths };
}

/** Resolves import specifiers to files of the checkout the way Node and TypeScript would. */
export class ModuleResolver {
  constructor(
    private readonly files: ReadonlySet<string>,
    private readonly aliases: readonly PathAliases[],
  ) {}

  private probe(base: string | undefined): string | undefined {
    if (base === undefined) return undefined;
    if (this.files.has(base) && RESOLVE_EXTENSIONS.some((e) => base.endsWith(e))) return base;
    const jsExt = /\.(c|m)?jsx?$/.exec(base);
    if (jsExt) {
      const stem = base.slice(0, -jsExt[0].length);
      for (const ext of ['.ts', '.tsx', '.mts', '.cts']) if (this.files.has(stem + ext)) return stem + ext;
    }
    for (const ext of RESOLVE_EXTENSIONS) if (this.files.has(base + ext)) return base + ext;
    for (const ext of RESOLVE_EXTENSIONS) if (this.files.has(`${base}/index${ext}`)) return `${base}/index${ext}`;
    return undefined;
  }

  /** The file a specifier names from `fromFile`, or undefined for packages and files outside the checkout. */
  resolve(fromFile: string, specifier: string): string | undefined {
    if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..') {
      return this.probe(resolveRepoPath(fromFile, specifier));
    }
    for (const alias of this.aliases) {
      if (alias.dir && !fromFile.startsWith(`${alias.dir}/`)) continue;
      for (const [pattern, targets] of alias.paths) {
        const star = pattern.indexOf('*');
        let rest: string | undefined;
        if (star < 0) rest = pattern === specifier ? '' : undefined;
        else if (specifier.startsWith(pattern.slice(0, star)) && specifier.endsWith(pattern.slice(star + 1))) {
          rest = specifier.slice(star, specifier.length - (pattern.length - star - 1));
        }
        if (rest === undefined) continue;
        for (const target of targets) {
          const root = alias.baseUrl ?? alias.dir;
          const mapped = target.replace('*', rest);
          const hit = this.probe(normalizeRepoPath(root ? `${root}/${mapped}` : mapped));
          if (hit) return hit;
        }
      }
      if (alias.baseUrl !== undefined) {
        const hit = this.probe(normalizeRepoPath(alias.baseUrl ? `${alias.baseUrl}/${specifier}` : specifier));
        if (hit) return hit;
      }
    }
    return undefined;
  }
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function isRelative(specifier: string): boolean {
  return specifier.startsWith('.');
}

/** `module.exports` or `exports` as an assignment target; returns the exported name (`default` for the whole). */
function commonJsExportName(target: TS.Expression): string | undefined {
  const t = unwrapExpression(target);
  if (ts.isPropertyAccessExpression(t)) {
    const obj = t.expression;
    if (ts.isIdentifier(obj) && obj.text === 'module' && t.name.text === 'exports') return 'default';
    if (ts.isIdentifier(obj) && obj.text === 'exports') return t.name.text;
    if (
      ts.isPropertyAccessExpression(obj) &&
      ts.isIdentifier(obj.expression) &&
      obj.expression.text === 'module' &&
      obj.name.text === 'exports'
    )
      return t.name.text;
  }
  return undefined;
}

/** The elements of a destructuring pattern that bind a name, nested patterns included. */
function boundElements(name: TS.BindingName): TS.BindingElement[] {
  if (ts.isIdentifier(name)) return [];
  return name.elements.flatMap((el) =>
    ts.isOmittedExpression(el) ? [] : ts.isIdentifier(el.name) ? [el] : boundElements(el.name),
  );
}

/** Collects imports, exports and package use of one parsed module. */
export function readModuleInfo(sourceFile: TS.SourceFile, resolver: ModuleResolver): ModuleInfo {
  const file = sourceFile.fileName;
  const info: ModuleInfo = {
    file,
    sourceFile,
    imports: new Map(),
    exports: new Map(),
    reexports: [],
    packages: new Set(),
  };
  const note = (specifier: string): string | undefined => {
    if (
      isRelative(specifier) ||
      specifier.startsWith('@/') ||
      specifier.startsWith('~/') ||
      specifier.startsWith('src/')
    ) {
      return resolver.resolve(file, specifier);
    }
    const aliased = resolver.resolve(file, specifier);
    if (aliased) return aliased;
    info.packages.add(packageName(specifier));
    return undefined;
  };
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const specifier = statement.moduleSpecifier.text;
      const resolved = note(specifier);
      const clause = statement.importClause;
      const add = (local: string, imported: string) =>
        info.imports.set(local, { specifier, imported, ...(resolved ? { resolved } : {}) });
      if (clause?.name) add(clause.name.text, 'default');
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) add(bindings.name.text, '*');
      else if (bindings) for (const el of bindings.elements) add(el.name.text, (el.propertyName ?? el.name).text);
    } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)) {
      const expr = statement.moduleReference.expression;
      if (ts.isStringLiteral(expr)) {
        const resolved = note(expr.text);
        info.imports.set(statement.name.text, {
          specifier: expr.text,
          imported: 'default',
          ...(resolved ? { resolved } : {}),
        });
      }
    } else if (ts.isExportDeclaration(statement)) {
      const from =
        statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)
          ? statement.moduleSpecifier
          : undefined;
      const resolved = from ? note(from.text) : undefined;
      const clause = statement.exportClause;
      if (!clause) {
        if (from) info.reexports.push({ from: resolved, imported: '*', as: '*' });
      } else if (ts.isNamedExports(clause)) {
        for (const el of clause.elements) {
          const imported = (el.propertyName ?? el.name).text;
          if (from) info.reexports.push({ from: resolved, imported, as: el.name.text, specifier: from.text, node: el });
          else info.exports.set(el.name.text, el.propertyName ?? el.name);
        }
      } else if (from) info.reexports.push({ from: resolved, imported: '*', as: clause.name.text });
    } else if (ts.isExportAssignment(statement)) {
      info.exports.set('default', statement.expression);
    } else if (ts.isVariableStatement(statement)) {
      const exported = statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      for (const decl of statement.declarationList.declarations) {
        if (exported && ts.isIdentifier(decl.name)) info.exports.set(decl.name.text, decl);
        // `export const { GET, POST } = handlers`: each name bound by the pattern is an export of its own.
        else if (exported) for (const el of boundElements(decl.name)) info.exports.set(el.name.getText(), el);
      }
    } else if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) {
      const mods = statement.modifiers ?? [];
      if (mods.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
        if (mods.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) info.exports.set('default', statement);
        if (statement.name) info.exports.set(statement.name.text, statement);
      }
    } else if (ts.isEnumDeclaration(statement)) {
      if (statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword))
        info.exports.set(statement.name.text, statement);
    } else if (ts.isExpressionStatement(statement)) {
      const expr = unwrapExpression(statement.expression);
      if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        // `exports = module.exports = fn`: every target of a chained assignment takes the value on the far right.
        const targets = [expr.left];
        let value = expr.right;
        for (
          let v = unwrapExpression(value);
          ts.isBinaryExpression(v) && v.operatorToken.kind === ts.SyntaxKind.EqualsToken;
          v = unwrapExpression(value)
        ) {
          targets.push(v.left);
          value = v.right;
        }
        const name = targets.map(commonJsExportName).find((n) => n !== undefined);
        if (name) {
          info.exports.set(name, value);
          const right = unwrapExpression(value);
          if (name === 'default' && ts.isObjectLiteralExpression(right)) {
            for (const prop of right.properties) {
              const key = propertyNameText(prop.name);
              if (key && !info.exports.has(key)) info.exports.set(key, prop);
            }
          }
        }
      }
    }
  }
  // Top-level require() calls mark the packages a CommonJS module uses (`const x = require('x')`, `require('x').Router()`).
  const visit = (node: TS.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isCallExpression(node) && isRequireCall(node)) note((node.arguments[0] as TS.StringLiteral).text);
    ts.forEachChild(node, visit);
  };
  if (!sourceFile.isDeclarationFile && sourceFile.text.includes('require(')) {
    for (const statement of sourceFile.statements) {
      if (ts.isVariableStatement(statement) || ts.isExpressionStatement(statement)) visit(statement);
    }
  }
  return info;
}
