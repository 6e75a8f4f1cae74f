// `npm run bench:discovery`: spec discovery without configuration over a synthetic monorepo of 20,000 YAML/JSON data
// files (Kubernetes manifests, i18n catalogues, package.json, GitHub workflows, docker-compose files, app config)
// holding a few OpenAPI descriptions written the hard ways (sorted keys with `openapi:` last, a long comment header,
// minified JSON with `openapi` last). Measures the discovery the CLI uses (discoverSpecs over a local checkout) in CPU
// seconds, beside a full-parse baseline (read + js-yaml / JSON.parse of every candidate) on the same files in the
// same run, and checks that exactly the planted descriptions were found. Run `npm run build` first.
// BENCH_FILES (default 20000) sets the tree size; BENCH_RUNS (default 3) the runs of each side (best and median).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { dump, load } from 'js-yaml';

const root = join(import.meta.dirname, '..');
if (!existsSync(join(root, 'dist', 'sources', 'openapi', 'index.js'))) {
  console.error('bench:discovery: dist/ is missing: run `npm run build` first. Nothing was measured.');
  process.exit(2);
}
const { discoverSpecs, isSpecCandidate } = await import(join(root, 'dist', 'sources', 'openapi', 'index.js'));
const { localRepo } = await import(join(root, 'dist', 'checkout', 'index.js'));

const FILES = Number(process.env.BENCH_FILES ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

// A fixed-seed generator: the same tree every run, so figures compare across commits.
let seed = 0x5eed;
const rand = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const words =
  'account order invoice patient billing search profile settings cart payment shipping report audit user team project token session webhook export'.split(
    ' ',
  );

function k8sManifest(svc) {
  const docs = [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: svc, labels: { app: svc, tier: pick(['web', 'worker', 'api']) } },
      spec: {
        replicas: int(1, 6),
        selector: { matchLabels: { app: svc } },
        template: {
          metadata: { labels: { app: svc } },
          spec: {
            containers: [
              {
                name: svc,
                image: `registry.example.com/${svc}:${int(1, 9)}.${int(0, 30)}.${int(0, 99)}`,
                ports: [{ containerPort: pick([3000, 8080, 8000, 9090]) }],
                env: Array.from({ length: int(3, 15) }, (_, i) => ({
                  name: `${pick(words).toUpperCase()}_${i}_URL`,
                  valueFrom: { secretKeyRef: { name: `${svc}-secrets`, key: `${pick(words)}-${i}` } },
                })),
                resources: { requests: { cpu: `${int(1, 9)}00m`, memory: `${int(1, 8)}Gi` } },
                readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10 },
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: svc },
      spec: { selector: { app: svc }, ports: [{ port: 80, targetPort: 'http' }] },
    },
  ];
  return docs.map((d) => dump(d)).join('---\n');
}

function i18nCatalogue() {
  const out = {};
  for (let i = 0; i < int(20, 300); i++)
    out[`${pick(words)}.${pick(words)}.${i}`] = `${pick(words)} ${pick(words)} ${pick(words)} {{count}}`;
  return JSON.stringify(out, null, 2);
}

function packageJson(name) {
  const deps = {};
  for (let i = 0; i < int(3, 25); i++) deps[`@acme/${pick(words)}-${i}`] = `^${int(0, 9)}.${int(0, 20)}.0`;
  return JSON.stringify(
    { name, version: '1.0.0', private: true, scripts: { build: 'tsc', test: 'vitest' }, dependencies: deps },
    null,
    2,
  );
}

function workflow() {
  return dump({
    name: 'ci',
    on: { push: { branches: ['main'] }, pull_request: {} },
    jobs: {
      test: {
        'runs-on': 'ubuntu-latest',
        steps: [
          { uses: 'actions/checkout@v4' },
          { uses: 'actions/setup-node@v4', with: { 'node-version': 20 } },
          { run: 'npm ci && npm test' },
        ],
      },
    },
  });
}

function compose(svc) {
  return dump({
    services: {
      [svc]: {
        build: '.',
        ports: ['8080:8080'],
        environment: { DATABASE_URL: 'postgres://db/app' },
        depends_on: ['db'],
      },
      db: { image: 'postgres:16', volumes: ['db:/var/lib/postgresql/data'] },
    },
    volumes: { db: {} },
  });
}

function appConfig() {
  const out = {};
  for (let i = 0; i < int(5, 40); i++)
    out[`${pick(words)}_${i}`] = {
      enabled: rand() > 0.5,
      timeoutMs: int(100, 30000),
      url: `https://${pick(words)}.example.com/${pick(words)}`,
    };
  return rand() > 0.5 ? dump(out) : JSON.stringify(out, null, 2);
}

/** The planted descriptions: real specs of this project rewritten the ways published specs are written. */
function specs() {
  const clinic = load(readFileSync(join(root, 'examples', 'clinic-api', 'openapi.yaml'), 'utf8'));
  const pharmacy = load(
    readFileSync(join(root, 'test', 'fixtures', 'openapi', 'versions', 'pharmacy-3.0.yaml'), 'utf8'),
  );
  const swagger = load(
    readFileSync(join(root, 'test', 'fixtures', 'openapi', 'versions', 'pharmacy-2.0.yaml'), 'utf8'),
  );
  const header = Array.from(
    { length: 300 },
    (_, i) => `# ${pick(words)} ${pick(words)} licence and change log line ${i}`,
  ).join('\n');
  const keyLast = (doc, key) => {
    const { [key]: version, ...rest } = doc;
    return { ...rest, [key]: version };
  };
  return {
    'services/svc-0007/api/description.yaml': dump(clinic, { sortKeys: true }),
    'services/svc-0042/openapi.yaml': `${header}\n${dump(pharmacy)}`,
    'docs/public/pharmacy-api.json': JSON.stringify(keyLast(pharmacy, 'openapi')),
    'platform/legacy/contract.yml': dump(swagger, { sortKeys: true }),
  };
}

function generate(dir) {
  const files = new Map(Object.entries(specs()));
  let svc = 0;
  while (files.size < FILES) {
    const name = `svc-${String(svc++).padStart(4, '0')}`;
    const base = `services/${name}`;
    files.set(`${base}/package.json`, packageJson(name));
    files.set(`${base}/docker-compose.yml`, compose(name));
    files.set(`${base}/.github/workflows/ci.yml`, workflow());
    for (const env of ['dev', 'staging', 'prod'])
      files.set(`${base}/deploy/k8s/${env}/deployment.yaml`, k8sManifest(name));
    for (const lang of ['en', 'de', 'fr', 'ja', 'pt-BR'].slice(0, int(2, 5)))
      files.set(`${base}/locales/${lang}.json`, i18nCatalogue());
    for (let i = 0; i < int(1, 4); i++)
      files.set(`${base}/config/${pick(words)}-${i}.${rand() > 0.5 ? 'yaml' : 'json'}`, appConfig());
  }
  let bytes = 0;
  for (const [file, text] of [...files].slice(0, Math.max(FILES, 4))) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
    bytes += Buffer.byteLength(text);
  }
  return { count: Math.min(files.size, Math.max(FILES, 4)), bytes, planted: Object.keys(specs()).sort() };
}

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

const dir = mkdtempSync(join(tmpdir(), 'sw-discovery-'));
try {
  const tree = generate(dir);
  const candidates = (await localRepo(dir).list()).filter(isSpecCandidate);

  /**
   * The alternative, through the same checkout reader: list, read every candidate whole and parse it, then look at
   * the parsed top-level keys.
   */
  async function fullParse() {
    const found = [];
    const repo = localRepo(dir);
    for (const file of (await repo.list()).filter(isSpecCandidate)) {
      const text = await repo.read(file);
      let docs;
      try {
        docs = file.endsWith('.json') ? [JSON.parse(text)] : [load(text)];
      } catch {
        // A multi-document YAML (Kubernetes) is not an entry document either.
        continue;
      }
      const doc = docs[0];
      if (doc && typeof doc === 'object' && ('openapi' in doc || 'swagger' in doc)) found.push(file);
    }
    return found;
  }

  const ours = [];
  const theirs = [];
  let found;
  let baselineFound;
  for (let run = 0; run < RUNS; run++) {
    let t = cpu();
    let w = performance.now();
    found = await discoverSpecs(localRepo(dir));
    ours.push({ cpu: cpu() - t, wall: (performance.now() - w) / 1000 });
    t = cpu();
    w = performance.now();
    baselineFound = await fullParse();
    theirs.push({ cpu: cpu() - t, wall: (performance.now() - w) / 1000 });
  }
  const best = (xs) => Math.min(...xs);
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const rate = (seconds) => Math.round(tree.count / seconds).toLocaleString('en-US');
  const line = (label, rs) => {
    const c = rs.map((r) => r.cpu);
    const w = rs.map((r) => r.wall);
    return `${label.padEnd(34)} CPU best ${best(c).toFixed(2)} s (${rate(best(c))} files/CPU-s), median ${median(c).toFixed(2)} s (${rate(median(c))} files/CPU-s); wall best ${best(w).toFixed(2)} s, median ${median(w).toFixed(2)} s`;
  };
  console.log(
    `synthetic monorepo: ${tree.count.toLocaleString('en-US')} YAML/JSON files, ${(tree.bytes / 1e6).toFixed(1)} MB, ${candidates.length.toLocaleString('en-US')} candidates outside skipped folders and tool files, ${tree.planted.length} planted descriptions; ${RUNS} runs each`,
  );
  console.log(line('discovery (key scan)', ours));
  console.log(line('full parse of every candidate', theirs));
  const ratio = median(theirs.map((r) => r.cpu)) / median(ours.map((r) => r.cpu));
  const goal = tree.count / median(ours.map((r) => r.cpu));
  console.log(
    `discovery is ${ratio.toFixed(1)}× the full parse in CPU (median); goal ≥ 5,000 files/CPU-s: ${goal >= 5000 ? 'met' : 'NOT met'}`,
  );
  const same = JSON.stringify(found.specs) === JSON.stringify(tree.planted);
  console.log(
    `found ${found.specs.length} of ${tree.planted.length} planted descriptions${same ? ' (exactly those)' : `: MISMATCH ${JSON.stringify(found.specs)}`}; the full parse found ${baselineFound.length}; ${found.notices.length.toLocaleString('en-US')} candidates named as not read`,
  );
  if (!same) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
