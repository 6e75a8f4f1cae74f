// The parts of Specwatch, what each owns and which parts it may import: read by .dependency-cruiser.cjs (the
// lint) and by test/architecture.test.ts (docs/architecture.md's table must say the same).

/** Each part: its folder under src/, what it owns, and the parts it may import (through their index.ts). */
const PARTS = {
  model: { owns: 'the vocabulary: ApiSurface, Operation, Schema, Evidence, Finding, DocFix', imports: [] },
  rules: { owns: 'the rule catalogue (severity, class, summary, help) and the one fingerprint', imports: ['model'] },
  config: { owns: 'the .github/specwatch.yml schema, defaults and its generated docs', imports: ['model'] },
  'sources/repo': { owns: 'the RepoFiles contract (read one checkout) and its in-memory form', imports: ['model'] },
  'sources/openapi': { owns: 'committed docs → the documented ApiSurface', imports: ['model', 'sources/repo'] },
  'sources/code': {
    owns: 'source code → the implemented ApiSurface',
    imports: ['model', 'sources/repo', 'sources/openapi'],
  },
  'sources/traffic': { owns: 'captures and shapes → the observed ApiSurface', imports: ['model', 'pii'] },
  pii: { owns: 'the PII/PHI classifier and the PII findings', imports: ['model', 'rules'] },
  drift: { owns: 'drift and change comparison, policy, conclude()', imports: ['model', 'rules'] },
  docsync: {
    owns: 'planDocFixes(): findings → minimal text patches of the doc files',
    imports: ['model', 'sources/repo', 'sources/openapi'],
  },
  report: { owns: 'renderers: text, Markdown, JSON, SARIF, annotations, inventory', imports: ['model', 'rules'] },
  analyze: {
    owns: 'the one orchestrator: analyze() and analyzeChange()',
    imports: ['model', 'rules', 'config', 'sources/repo', 'sources/openapi', 'sources/code', 'sources/traffic', 'pii', 'drift', 'report'],
  },
  checkout: {
    owns: 'adapter: a local folder or git commit as RepoFiles; writes patches and local branches',
    imports: ['model', 'sources/repo', 'docsync'],
  },
  github: { owns: 'adapter: Octokit reads and writes (trees, checks, PRs, comments, artifacts)', imports: ['model', 'config', 'sources/repo'] },
  store: { owns: 'adapter: SQLite / PostgreSQL (observations, tokens, dismissals, runs)', imports: ['model'] },
  queue: { owns: 'adapter: in-process queue / BullMQ; runs a handler per job name + payload', imports: [] },
  ingest: { owns: 'adapter: HTTP ingestion of traffic batches', imports: ['model', 'sources/traffic', 'store'] },
  record: { owns: 'adapter: the recording reverse proxy', imports: ['model', 'sources/traffic', 'ingest'] },
  jobs: {
    owns: 'the App\'s work: analyse a commit or PR, publish checks and docs PRs',
    imports: ['model', 'rules', 'config', 'sources/repo', 'sources/traffic', 'drift', 'docsync', 'report', 'analyze', 'github', 'store'],
  },
  app: { owns: 'Probot entry and handlers: filter, enqueue, return', imports: ['model', 'config', 'github', 'store', 'queue', 'ingest', 'jobs'] },
  cli: {
    owns: 'the specwatch command',
    imports: [
      'model', 'rules', 'config', 'sources/repo', 'sources/openapi', 'sources/code', 'sources/traffic', 'pii',
      'drift', 'docsync', 'report', 'analyze', 'checkout', 'github', 'store', 'queue', 'ingest', 'record', 'jobs', 'app',
    ],
  },
};

/** Core parts: pure functions over plain data. */
const CORE = ['model', 'rules', 'sources', 'pii', 'drift', 'docsync', 'report', 'analyze'];
/** What only adapters may use. */
const ADAPTER_ONLY = ['child_process', 'http', 'https', 'pg', 'better-sqlite3', '@octokit/.+'];

module.exports = { ADAPTER_ONLY, CORE, PARTS };
