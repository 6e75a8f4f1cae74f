import type { SpecwatchConfig } from '../config/index.js';
import {
  applyPolicy,
  basePathMismatchFinding,
  compareDrift,
  conclude,
  holdBackPartialFindings,
  matchOperations,
  mergeFindings,
  mountGuessDiagnostic,
  partialViews,
  sortFindings,
} from '../drift/index.js';
import {
  type ApiSurface,
  alignToDocs,
  type Diagnostic,
  dedupeNotices,
  documentedViews,
  emptySurface,
  type Finding,
  globToRegExp,
  type InputNotice,
  type Inventory,
  type Operation,
  type OperationAuth,
  operationKey,
  type ReadLimits,
  type SeveritySummary,
} from '../model/index.js';
import type { CodeAuthView } from '../pii/index.js';
import { buildInventory } from '../report/index.js';
import { fingerprintOf, RULES } from '../rules/index.js';
import type { ImplementedSurfaceResult } from '../sources/code/index.js';
import { readDocumentedSurfaces, type SpecReadResult, specNotices } from '../sources/openapi/index.js';
import type { RepoFiles } from '../sources/repo/index.js';
import type { ShapeAccumulator } from '../sources/traffic/index.js';

/** Input of {@link analyze}: one checkout and its config; the App passes store observations as `observed`. */
export interface AnalyzeInput {
  repo: RepoFiles;
  config: SpecwatchConfig;
  /** Spec entry files or globs, overriding config `docs` and discovery (an empty list: no spec in the checkout). */
  docs?: string[];
  /**
   * Specs the user named outside the checkout (`scan DIR --docs ../elsewhere/openapi.yaml`), already read with their
   * own folder as root: a path named on the command line is trusted, the `$ref`s inside it stay confined.
   */
  namedSpecs?: SpecReadResult[];
  /** Capture files (HAR / NDJSON) inside the checkout, overriding config `traffic.files`. */
  trafficFiles?: string[];
  /** An observed surface built elsewhere. */
  observed?: ApiSurface;
  /**
   * Shapes recorded elsewhere — the store's observations, captures outside the checkout — built into the observed
   * view together with the checkout's captures, templated against the committed spec.
   */
  observedShapes?: readonly ShapeAccumulator[];
  /** Fingerprints the user dismissed. */
  dismissed?: Set<string>;
  /** What reading inputs outside the checkout left out (captures named on the command line). */
  notices?: readonly InputNotice[];
}

/** Everything one analysis found. */
export interface AnalysisResult {
  specs: SpecReadResult[];
  implemented?: ImplementedSurfaceResult;
  observed?: ApiSurface;
  /** After policy: severities overridden, ignored and dismissed ones removed; most severe first. */
  findings: Finding[];
  inventory: Inventory;
  summary: SeveritySummary;
  conclusion: 'success' | 'failure';
  diagnostics: Diagnostic[];
  /**
   * Every input not read, or not read whole, with the reason (the "not read" account every output carries). When
   * discovery found no spec, one `not-found` notice on `.` says what was looked at.
   */
  notices: InputNotice[];
  /** Whether the analysis had anything to compare: a documented view, or an observed one (PII without auth). */
  compared: boolean;
}

/** Default capture globs when config names none (config schema docs). */
const DEFAULT_TRAFFIC_GLOBS = [
  '**/*.har',
  '**/*.har.gz',
  'traffic/**/*.ndjson',
  'traffic/**/*.ndjson.gz',
  'traffic/**/*.jsonl',
  'traffic/**/*.jsonl.gz',
];
/** Folders whose captures are test material, not the service's traffic. */
const TEST_FOLDERS = /(^|\/)(test|tests|__tests__|spec|fixtures|__fixtures__|testdata)\//;

/** The implemented view of a checkout under the config's `code` section (the extractors load on first use). */
export async function readImplementedSurface(
  repo: RepoFiles,
  config: SpecwatchConfig,
): Promise<ImplementedSurfaceResult> {
  const { extractImplementedSurface } = await import('../sources/code/index.js');
  return extractImplementedSurface(repo, {
    ...(config.code.frameworks ? { frameworks: config.code.frameworks } : {}),
    ...(config.code.basePath ? { basePath: config.code.basePath } : {}),
    ...(config.code.include ? { include: config.code.include } : {}),
    ...(config.code.exclude ? { exclude: config.code.exclude } : {}),
    ...(config.code.generatedSpec ? { generatedSpec: config.code.generatedSpec } : {}),
    limits: config.limits,
  });
}

/** A spec that cannot be read fails the check for that spec only. */
export function unreadableSpecFinding(spec: Extract<SpecReadResult, { ok: false }>): Finding {
  const line = spec.error.line ?? 1;
  return {
    rule: 'spec-unreadable',
    severity: RULES['spec-unreadable'].severity,
    class: null,
    operation: '*',
    location: { file: spec.error.file ?? spec.file, line },
    message: `${spec.file} could not be read: ${spec.error.message}`,
    evidence: [{ source: 'documented', file: spec.error.file ?? spec.file, line }],
    fingerprint: fingerprintOf('spec-unreadable', '*', spec.file),
  };
}

async function findTrafficFiles(
  repo: RepoFiles,
  config: SpecwatchConfig,
  explicit: string[] | undefined,
): Promise<string[]> {
  const globs = explicit ?? config.traffic.files;
  const all = await repo.list();
  if (globs && globs.length > 0) {
    const out: string[] = [];
    for (const g of globs) {
      const re = globToRegExp(g);
      const hits = all.filter((f) => re.test(f));
      out.push(...(hits.length > 0 ? hits : explicit ? [g] : []));
    }
    return [...new Set(out)];
  }
  const res = DEFAULT_TRAFFIC_GLOBS.map(globToRegExp);
  return all.filter((f) => res.some((re) => re.test(f)) && !TEST_FOLDERS.test(f));
}

async function readObserved(
  repo: RepoFiles,
  files: string[],
  stored: readonly ShapeAccumulator[],
  documented: ApiSurface | undefined,
  diagnostics: Diagnostic[],
  serviceNames: readonly string[] | undefined,
  notices: InputNotice[],
  limits: ReadLimits,
): Promise<ApiSurface | undefined> {
  if (files.length === 0 && stored.length === 0) return undefined;
  // Bytes, not text: the capture reader detects gzip itself (a `.har.gz` read as UTF-8 text is lost).
  const inputs: Uint8Array[] = [];
  const read: string[] = [];
  for (const file of files) {
    try {
      // Over the bound, a capture is named and never loaded into memory.
      const size = await repo.size(file);
      if (size !== undefined && size > limits.maxFileBytes) {
        notices.push({
          file,
          view: 'observed',
          reason: 'oversized',
          detail: `${size} bytes is over the ${limits.maxFileBytes}-byte file limit (limits.maxFileBytes)`,
        });
        continue;
      }
      inputs.push(await repo.readBytes(file));
      read.push(file);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      diagnostics.push({ level: 'error', code: 'unreadable-traffic', message: `${file}: ${detail}`, file });
      notices.push({ file, view: 'observed', reason: 'unreadable', detail });
    }
  }
  if (inputs.length === 0 && stored.length === 0) return undefined;
  const own: Diagnostic[] = [];
  try {
    // Loaded on use: `diff` goes through this module and never reads traffic or code (nor their parsers).
    const { buildObservedSurface, readTrafficAccumulators } = await import('../sources/traffic/index.js');
    const fromFiles = await readTrafficAccumulators(inputs, {
      ...(documented ? { documented } : {}),
      ...(serviceNames ? { serviceNames } : {}),
      diagnostics: own,
      names: read,
      limits,
      notices,
    });
    // Captures and stored shapes are built into one surface, templated against the committed spec.
    const surface = buildObservedSurface([...fromFiles, ...stored], documented ? { documented } : {});
    surface.files = read;
    surface.diagnostics.push(...own);
    diagnostics.push(...own);
    return surface;
  } catch (error) {
    diagnostics.push({
      level: 'error',
      code: 'unreadable-traffic',
      message: `traffic: ${error instanceof Error ? error.message : String(error)}`,
    });
    return undefined;
  }
}

/** The code's auth lined up with one spec's operations, for `pii-without-auth`. */
function codeAuthView(spec: ApiSurface, code: ApiSurface): CodeAuthView {
  const matching = matchOperations(spec, code);
  const byDocKey = new Map<string, OperationAuth>();
  const operations = new Map<string, Operation>();
  for (const pair of matching.pairs) {
    operations.set(pair.key, pair.other);
    if (pair.other.auth) byDocKey.set(pair.key, pair.other.auth);
  }
  return { surface: code, byDocKey, operations, undocumented: matching.otherOnly };
}

/** Drops `auth-drift` where `pii-without-auth` already says the same about the operation, more precisely. */
function dropShadowedAuthDrift(findings: Finding[]): Finding[] {
  const pii = new Set(findings.filter((f) => f.rule === 'pii-without-auth').map((f) => f.operation));
  return findings.filter((f) => f.rule !== 'auth-drift' || !pii.has(f.operation));
}

/**
 * The one analysis the CLI and the GitHub App run on a checkout: reads the documented view (config `docs` or
 * discovery), the implemented view (source code), the observed view (captures, plus store observations), compares
 * documented × implemented and documented × observed, adds the PII findings, applies policy and builds the inventory.
 * Never throws for bad input: an unreadable spec becomes an error diagnostic and a `spec-unreadable` finding.
 */
export async function analyze(input: AnalyzeInput): Promise<AnalysisResult> {
  const { repo, config } = input;
  const diagnostics: Diagnostic[] = [];
  // What reading the checkout itself left out (a GitHub download's refused tarball entries, a spent budget).
  const notices: InputNotice[] = [...(repo.notices ?? []), ...(input.notices ?? [])];
  const docs = input.docs ?? config.docs;
  const read =
    input.docs !== undefined && input.docs.length === 0
      ? { specs: [], notices: [], looked: 0 }
      : await readDocumentedSurfaces(repo, {
          ...(docs ? { docs } : {}),
          limits: config.limits,
        });
  const named = input.namedSpecs ?? [];
  const specs = [...read.specs, ...named];
  notices.push(...read.notices, ...named.flatMap(specNotices));
  if (specs.length === 0) {
    notices.push({
      file: '.',
      view: 'documented',
      reason: 'not-found',
      detail:
        read.looked === 0
          ? 'no OpenAPI/Swagger description: no YAML or JSON file outside dependency, build and test folders'
          : `no OpenAPI/Swagger description among the ${read.looked} YAML/JSON file${read.looked === 1 ? '' : 's'} looked at (none has a top-level openapi or swagger key); name one with --docs or config docs`,
    });
  }
  const raw: Finding[] = [];
  const specSurfaces: ApiSurface[] = [];
  for (const spec of specs) {
    if (spec.ok) {
      specSurfaces.push(spec.surface);
      diagnostics.push(...spec.surface.diagnostics);
    } else {
      diagnostics.push(spec.error);
      raw.push(unreadableSpecFinding(spec));
    }
  }

  let implemented: ImplementedSurfaceResult | undefined;
  if (config.code.enabled) {
    try {
      implemented = await readImplementedSurface(repo, config);
      diagnostics.push(...implemented.surface.diagnostics);
      notices.push(...implemented.notices);
    } catch (error) {
      diagnostics.push({
        level: 'error',
        code: 'code-unreadable',
        message: `source code: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }

  // Docs written in code (swaggo, flasgger, @nestjs/swagger) are one more documented view, named by the specs' paths.
  const surfaces = documentedViews(specSurfaces, implemented?.codeDocs);

  const trafficFiles = await findTrafficFiles(repo, config, input.trafficFiles);
  const fromFiles = await readObserved(
    repo,
    trafficFiles,
    input.observedShapes ?? [],
    surfaces[0],
    diagnostics,
    otelServiceNames(config),
    notices,
    config.limits,
  );
  const observed = fromFiles ?? input.observed;
  // Each view is lined up with the docs once (mounts stripped, operations named by the docs' paths); every
  // comparison and the inventory below use the aligned views.
  const alignView = (view: ApiSurface): ApiSurface => {
    const aligned = alignToDocs(view, surfaces);
    if (aligned.guess && surfaces[0]) {
      // Code under a prefix the docs leave out is drift a reader acts on (one finding, with where each side says
      // so); the other guesses are how the views were read, said as a notice.
      if (view.source === 'implemented' && aligned.guess.kind === 'prefixed')
        raw.push(basePathMismatchFinding(surfaces[0], view, aligned.guess));
      else diagnostics.push(mountGuessDiagnostic(surfaces[0], view, aligned.guess));
    }
    return aligned.surface;
  };
  const observedViews = [fromFiles, input.observed]
    .filter((s): s is ApiSurface => s !== undefined && s.operations.length > 0)
    .map(alignView);
  const fromSpans = observedViews
    .flatMap((v) => v.operations)
    .filter((op) => op.observed?.spans === op.observed?.count);
  if (fromSpans.length > 0) {
    // Spans carry no credentials and no bodies: say which view judged what.
    diagnostics.push({
      level: 'info',
      code: 'observed-from-spans',
      message: `${fromSpans.length} observed operation${fromSpans.length === 1 ? ' is' : 's are'} known only from OpenTelemetry spans: undocumented-operation, undocumented-status and unobserved-operation are judged from them; auth and field drift only from HAR, NDJSON and proxy captures`,
    });
  }
  const implementedView =
    implemented && implemented.surface.operations.length > 0 ? alignView(implemented.surface) : undefined;

  const keysBySpec = surfaces.map(
    (s) => new Set(s.operations.map((op) => operationKey(op.method, op.path, s.basePath))),
  );
  // Loaded here, not at the top: `specwatch diff` imports this part for the change analysis and never classifies.
  const {
    compileClassifierOptions,
    createInventoryPiiClassifier,
    findPiiInUrl,
    findPiiWithoutAuth,
    findSecretsInResponses,
    findUndocumentedPii,
  } = await import('../pii/index.js');
  const classifier = compileClassifierOptions(config.pii);
  const driftDiagnostics: Diagnostic[] = [];
  // A PII field the doc lists but does not mark with `x-pii` is an inventory matter, not drift (the doc is right
  // about the field): reporting each as drift buries a healthcare API's real findings under dozens.
  const listedWithoutMark: { operation: string; field: string }[] = [];
  const piiOptions = { classifier, listedWithoutMark };
  for (const [i, spec] of surfaces.entries()) {
    const documentedElsewhere = (key: string) => keysBySpec.some((keys, j) => j !== i && keys.has(key));
    const options = {
      documentedElsewhere,
      unimplemented: config.docsPr.unimplemented,
      diagnostics: driftDiagnostics,
      trustGateway: config.auth.trustGateway,
    };
    const specPii = { ...piiOptions, documentedElsewhere };
    const codeAuth = implementedView ? codeAuthView(spec, implementedView) : undefined;
    if (implementedView) {
      raw.push(...compareDrift(spec, implementedView, options));
      raw.push(...findUndocumentedPii(spec, implementedView, specPii));
      raw.push(...findPiiWithoutAuth(spec, { code: codeAuth! }, { classifier }));
    }
    for (const view of observedViews) {
      raw.push(...compareDrift(spec, view, options));
      raw.push(...findUndocumentedPii(spec, view, specPii));
      raw.push(...findPiiWithoutAuth(spec, { surface: view, ...(codeAuth ? { code: codeAuth } : {}) }, { classifier }));
    }
  }
  if (surfaces.length === 0) {
    // No documentation at all: traffic can still show PII answered without credentials.
    for (const view of observedViews)
      raw.push(...findPiiWithoutAuth(emptySurface('documented'), { surface: view }, { classifier }));
  }
  for (const view of observedViews) raw.push(...findPiiInUrl(view, { classifier }));
  for (const view of [...(implemented ? [implemented.surface] : []), ...observedViews])
    raw.push(...findSecretsInResponses(view, { classifier }));
  diagnostics.push(...driftDiagnostics);

  const untagged = listedWithoutMark.length;
  if (untagged > 0) {
    diagnostics.push({
      level: 'info',
      code: 'pii-without-x-pii',
      message: `${untagged} documented field${untagged === 1 ? '' : 's'} carry PII without an \`x-pii\` mark; the inventory lists them`,
    });
  }
  const merged = dropShadowedAuthDrift(mergeFindings(raw));
  const policy = applyPolicy(merged, {
    rules: config.rules,
    ignore: config.ignore,
    fieldConfidence: config.fieldConfidence,
    ...(input.dismissed ? { dismissed: input.dismissed } : {}),
  });
  const allNotices = dedupeNotices(notices);
  // A view that was not read whole cannot claim what is missing from it: such findings are held back, naming the files.
  const partial = partialViews(allNotices, implemented?.sourceExtensions);
  const findings = sortFindings(holdBackPartialFindings(policy.findings, partial));
  const concluded = conclude(findings, { failOn: config.failOn });
  const views = [...surfaces, ...(implementedView ? [implementedView] : []), ...observedViews];
  const inventory = buildInventory(views, { classifyPii: createInventoryPiiClassifier(classifier) });
  const result: AnalysisResult = {
    specs,
    findings,
    inventory,
    summary: concluded.counts,
    conclusion: concluded.conclusion,
    diagnostics,
    notices: allNotices,
    compared: surfaces.length > 0 || observedViews.length > 0,
  };
  if (implemented) result.implemented = implemented;
  if (observed) result.observed = observed;
  return result;
}

/** Config `traffic.otel.serviceName` as a list; undefined when every service is wanted. */
export function otelServiceNames(config: SpecwatchConfig): string[] | undefined {
  const names = config.traffic.otel?.serviceName;
  return names === undefined ? undefined : Array.isArray(names) ? names : [names];
}
