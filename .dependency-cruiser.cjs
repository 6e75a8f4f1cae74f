// The parts of Specwatch and the arrows allowed between them, written once in architecture.cjs and enforced here
// by `npm run lint:arch` (dependency-cruiser): an arrow not declared there, a circle, an import past a part's
// index.ts, or a core part reaching for a process, a socket, a database or Octokit fails the lint.
const { ADAPTER_ONLY, CORE, PARTS } = require('./architecture.cjs');

const esc = (part) => part.replace(/\//g, '\\/');
/** A part's files; `sources` alone would swallow its sub-parts, so each sub-part is its own folder. */
const folder = (part) => `^src/${esc(part)}/`;

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A circle between modules (type-only imports vanish at run time and do not count).',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'core-without-io',
      severity: 'error',
      comment: 'The core decides; processes, sockets, databases and Octokit belong to adapters.',
      from: { path: `^src/(${CORE.join('|')})/` },
      to: { path: `^(node:)?(${ADAPTER_ONLY.join('|')})(/|$)`, dependencyTypes: ['core', 'npm', 'npm-optional', 'npm-dev', 'npm-peer', 'unknown', 'undetermined'] },
    },
    {
      name: 'through-index',
      severity: 'error',
      comment: "Across parts, import a part's index.ts (its public face).",
      from: { path: '^src/([^/]+(?:/(?:repo|openapi|code|traffic))?)/' },
      to: { path: '^src/', pathNot: ['^src/$1/', '^src/[^/]+(?:/(?:repo|openapi|code|traffic))?/index\\.ts$'] },
    },
  ],
  allowed: [
    // Within a part, anything; outside src/, node built-ins and packages.
    ...Object.keys(PARTS).map((part) => ({ from: { path: folder(part) }, to: { path: folder(part) } })),
    { from: { path: '^src/' }, to: { dependencyTypes: ['core', 'npm', 'npm-optional', 'npm-dev', 'npm-peer', 'npm-no-pkg'] } },
    ...Object.entries(PARTS)
      .filter(([, p]) => p.imports.length > 0)
      .map(([part, p]) => ({ from: { path: folder(part) }, to: { path: `^src/(${p.imports.map(esc).join('|')})/` } })),
  ],
  allowedSeverity: 'error',
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.js', '.d.ts'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'types', 'default'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
