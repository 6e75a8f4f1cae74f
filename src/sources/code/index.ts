import {
  type ApiSurface,
  DEFAULT_READ_LIMITS,
  type Diagnostic,
  dedupeNotices,
  type InputNotice,
  type ReadLimits,
  type Schema,
  type SourceExtensions,
} from '../../model/index.js';
import { RepoAccessError, type RepoFiles } from '../repo/index.js';
import { buildImplementedSurface, type DeclaredRoute } from './build-surface.js';
import { buildCodeDocsSurface, readFlasggerTemplates, readSwaggoDocs } from './code-docs.js';
import {
  type AnalysisSwitches,
  type ExtractContext,
  type ExtractedRoute,
  FULL_ANALYSIS,
  type RouteExtractor,
  routeTemplate,
  type Unparsed,
} from './extractor.js';
import { routeExtractors } from './extractors.js';
import { type LeftOutRoute, separateMachinery } from './machinery.js';
import { readEnvDefaults } from './read-env-defaults.js';
import { readGeneratedSpec } from './read-generated-spec.js';
import { readManifests } from './read-manifests.js';
import { readYamlSettings } from './read-yaml-settings.js';
import { selectSourceFiles } from './select-files.js';

export type { DeclaredRoute } from './build-surface.js';
export type {
  AnalysisSwitches,
  ExtractContext,
  ExtractedRoute,
  ExtractResult,
  ManifestInfo,
  RouteExtractor,
  SourceLanguage,
  Unparsed,
} from './extractor.js';
export { routeExtractors } from './extractors.js';
export type { LeftOutRoute } from './machinery.js';
export { MACHINERY_PATHS } from './machinery.js';
export { readManifests } from './read-manifests.js';
export { globMatcher, isSkippedByDefault, selectSourceFiles } from './select-files.js';

/** Options of {@link extractImplementedSurface}; the `code` section of `.github/specwatch.yml` maps onto it. */
export interface ImplementedSurfaceOptions {
  /** Framework ids to read instead of the detected ones. */
  frameworks?: string[];
  /** Prefix the deployed service puts before code paths; becomes the surface's `basePath`. */
  basePath?: string;
  /** Globs of source files to read (default: every source file outside tests, fixtures and vendored folders). */
  include?: string[];
  /** Globs of source files to skip. */
  exclude?: string[];
  /** A spec file the build writes, read as the implemented view instead of the source. */
  generatedSpec?: string;
  /**
   * Bounds of config `limits`: each source file up to `maxSourceFileBytes`, all together up to `maxTotalBytes`, at
   * most `maxFiles` of them. What a bound drops is an `oversized` notice.
   */
  limits?: ReadLimits;
  /**
   * Parts of the analysis to turn off, for benchmarks and tests that measure what each part costs; not a
   * configuration setting (a view without auth or the wire model misses findings).
   */
  analysis?: Partial<AnalysisSwitches>;
}

/** The implemented view of a checkout. */
export interface ImplementedSurfaceResult {
  surface: ApiSurface;
  /** Files or parts of files that could not be read; the rest was still extracted. */
  unparsed: Unparsed[];
  /** Framework ids that were read (`generated` for a generated spec). */
  frameworks: string[];
  /**
   * Every declared route the view keeps, one per method and path as written: an operation of `surface`, or a route
   * folded into one (`mergedInto`) because OpenAPI cannot hold both. What `specwatch routes` lists.
   */
  declared: DeclaredRoute[];
  /** Declared routes left out of the view: framework machinery (docs UIs, spec routes) and hidden routes. */
  leftOut: LeftOutRoute[];
  /**
   * The documented view written in code (swaggo comments, flasgger docstrings, `@nestjs/swagger`), when there is
   * any: a documented surface to compare like a spec file, never part of the implemented view.
   */
  codeDocs?: ApiSurface;
  /** Source files not read, or not read whole (over the size limit, unreadable, binary, unparsable): routes they declare are missing. */
  notices: InputNotice[];
  /** File endings the run's extractors read, and those any extractor reads: which unread files could hold routes. */
  sourceExtensions: SourceExtensions;
}

/** File endings of every route extractor. */
const KNOWN_EXTENSIONS = [...new Set(routeExtractors.flatMap((e) => e.extensions))];

const PREFETCH_CONCURRENCY = 64;

async function readAhead(files: readonly string[], context: ExtractContext, concurrency: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) await context.read(files[next++] as string);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
}

/** Picks the extractors to run: configured ids, else detected ones, else all (every extractor is import-driven). */
function chooseExtractors(
  configured: string[] | undefined,
  detected: RouteExtractor[],
  diagnostics: Diagnostic[],
): RouteExtractor[] {
  if (configured && configured.length > 0) {
    const wanted = new Set(configured.map((f) => f.toLowerCase()));
    for (const id of wanted) {
      if (!routeExtractors.some((e) => e.id === id)) {
        diagnostics.push({
          level: 'warning',
          code: 'unknown-framework',
          message: `no extractor for framework "${id}"`,
        });
      }
    }
    return routeExtractors.filter((e) => wanted.has(e.id));
  }
  return detected.length > 0 ? detected : routeExtractors;
}

/**
 * One warning per prefix expression that could not be resolved, at the first route under it: matching treats
 * such a prefix as a wildcard, and the output must say the view is unsure there.
 */
function unresolvedPrefixDiagnostics(routes: readonly ExtractedRoute[]): Diagnostic[] {
  const first = new Map<string, ExtractedRoute>();
  for (const r of routes)
    if (r.unresolvedPrefix !== undefined && !first.has(r.unresolvedPrefix)) first.set(r.unresolvedPrefix, r);
  return [...first].map(([expr, r]) => {
    const { file, line } = r.prefixAt ?? r;
    return {
      level: 'warning',
      code: 'prefix-not-resolved',
      message: `prefix not resolved: ${expr} at ${file}:${line} (matched as a wildcard prefix)`,
      file,
      line,
    };
  });
}

/**
 * Reads the routes a checkout's source code serves (or the spec its build generates) into an implemented
 * {@link ApiSurface}. Never executes repository code.
 */
export async function extractImplementedSurface(
  repo: RepoFiles,
  options: ImplementedSurfaceOptions = {},
): Promise<ImplementedSurfaceResult> {
  if (options.generatedSpec) {
    const { surface, unparsed } = await readGeneratedSpec(repo, options.generatedSpec, options.basePath);
    const notices: InputNotice[] = surface.diagnostics
      .filter((d) => d.level === 'error')
      .map((d) => ({
        file: d.file ?? options.generatedSpec!,
        view: 'implemented',
        reason: 'unreadable',
        detail: d.message,
      }));
    return {
      surface,
      unparsed,
      frameworks: ['generated'],
      declared: surface.operations.map((op) => ({
        method: op.method,
        path: op.path,
        file: op.location?.file ?? options.generatedSpec!,
        line: op.location?.line ?? 0,
        framework: 'generated',
        ...(op.auth ? { auth: op.auth } : {}),
      })),
      leftOut: [],
      notices,
      sourceExtensions: { read: [], known: KNOWN_EXTENSIONS },
    };
  }
  const files = await repo.list();
  const diagnostics: Diagnostic[] = [];
  const manifest = await readManifests(repo, files);
  const { env, notRead: envNotRead } = await readEnvDefaults(repo, files);
  const { settings, notRead: settingsNotRead } = await readYamlSettings(repo, files);
  const detected = routeExtractors.filter((e) => e.detect(manifest));
  const extractors = chooseExtractors(options.frameworks, detected, diagnostics);
  let sourceFiles = selectSourceFiles(files, options.include, options.exclude);
  const limits = options.limits ?? DEFAULT_READ_LIMITS;
  const maxBytes = limits.maxSourceFileBytes;
  let spentBytes = 0;

  const unparsed: Unparsed[] = [];
  const notices: InputNotice[] = [...(manifest.notRead ?? []), ...envNotRead, ...settingsNotRead];
  const texts = new Map<string, Promise<string | undefined>>();
  const memos = new Map<string, unknown>();
  const listed = new Set(files);
  const context: ExtractContext = {
    repoFiles: listed,
    env,
    settings,
    frameworks: new Set(extractors.map((e) => e.id)),
    analysis: { ...FULL_ANALYSIS, ...options.analysis },
    read(path) {
      let text = texts.get(path);
      if (!text) {
        text = (async () => {
          let size: number | undefined;
          // A checkout on disk gives the text with the size in one visit (one stat, not two); the head it reads of a
          // file over the limit is dropped below like the file.
          let head: { text: string; size: number } | undefined;
          try {
            if (repo.readHead === undefined) size = await repo.size(path);
            else
              try {
                head = await repo.readHead(path, maxBytes);
                size = head?.size;
              } catch (error) {
                if (error instanceof RepoAccessError) throw error;
                // There but not readable: its size is reserved and the read below names it, as without a head.
                size = await repo.size(path);
              }
          } catch (error) {
            // A link out of the checkout: refused, and named, since its routes are missing from the view.
            notices.push({
              file: path,
              view: 'implemented',
              reason: 'rejected',
              detail: error instanceof Error ? error.message : String(error),
            });
            return undefined;
          }
          if (size === undefined) {
            // Listed but not there (a dangling link): named, unless the file is one a reader merely probed for.
            if (listed.has(path))
              notices.push({
                file: path,
                view: 'implemented',
                reason: 'unreadable',
                detail: 'listed but cannot be opened',
              });
            return undefined;
          }
          const over =
            size > maxBytes
              ? `${size} bytes is over the ${maxBytes}-byte source file limit (limits.maxSourceFileBytes)`
              : spentBytes + size > limits.maxTotalBytes
                ? `not read: the source files read together would be over ${limits.maxTotalBytes} bytes (limits.maxTotalBytes)`
                : undefined;
          if (over !== undefined) {
            unparsed.push({ file: path, line: 1, reason: `skipped: ${over}` });
            notices.push({ file: path, view: 'implemented', reason: 'oversized', detail: over });
            return undefined;
          }
          // Reserved before the read, so reads in flight together cannot overshoot the budget.
          spentBytes += size;
          let text: string;
          try {
            text = head?.text ?? (await repo.read(path));
          } catch (error) {
            // A file that cannot be read is named: its routes are missing from the implemented view.
            notices.push({
              file: path,
              view: 'implemented',
              reason: error instanceof RepoAccessError && error.reason === 'too-large' ? 'oversized' : 'unreadable',
              detail: error instanceof Error ? error.message : String(error),
            });
            return undefined;
          }
          if (text.slice(0, 8192).includes('\u0000')) {
            notices.push({ file: path, view: 'implemented', reason: 'binary', detail: 'not text (NUL bytes)' });
            return undefined;
          }
          return text;
        })();
        texts.set(path, text);
      }
      return text;
    },
    memo<T>(key: string, compute: () => T): T {
      if (!memos.has(key)) memos.set(key, compute());
      return memos.get(key) as T;
    },
  };

  // Reads overlap with parsing: a checkout's files are many and small, so waiting on each read in turn dominates.
  let wanted = sourceFiles.filter((f) => extractors.some((e) => e.extensions.some((ext) => f.endsWith(ext))));
  if (wanted.length > limits.maxFiles) {
    // Past the count bound, the rest is named, not read: a monorepo's routes beyond it are missing from the view.
    for (const file of wanted.slice(limits.maxFiles))
      notices.push({
        file,
        view: 'implemented',
        reason: 'oversized',
        detail: `not read: more than ${limits.maxFiles} source files (limits.maxFiles)`,
      });
    wanted = wanted.slice(0, limits.maxFiles);
    const kept = new Set(wanted);
    sourceFiles = sourceFiles.filter((f) => kept.has(f));
  }
  await readAhead(wanted, context, PREFETCH_CONCURRENCY);

  const routes: ExtractedRoute[] = [];
  const schemas: Record<string, Schema> = {};
  const ran: string[] = [];
  for (const extractor of extractors) {
    const mine = sourceFiles.filter((f) => extractor.extensions.some((ext) => f.endsWith(ext)));
    if (mine.length === 0) continue;
    try {
      const result = await extractor.extract(mine, repo, context);
      routes.push(...result.operations);
      unparsed.push(...result.unparsed);
      for (const [name, schema] of Object.entries(result.schemas ?? {})) schemas[name] ??= schema;
      const unreadHandlers = result.operations.filter((o) => o.machinery === undefined);
      if (result.handlersNotRead !== undefined && context.analysis?.wire !== false && unreadHandlers.length > 0)
        notices.push({
          file: '.',
          view: 'implemented',
          reason: 'unresolved',
          detail: `${unreadHandlers.length} ${extractor.id} operation${unreadHandlers.length > 1 ? 's' : ''} (${unreadHandlers
            .slice(0, 3)
            .map((o) => `${o.method} ${o.path}`)
            .join(
              ', ',
            )}${unreadHandlers.length > 3 ? ', …' : ''}): ${result.handlersNotRead}: their parameters, bodies and statuses are not compared`,
        });
      if (result.operations.length > 0 || (detected.includes(extractor) && !extractor.quiet)) ran.push(extractor.id);
    } catch (error) {
      diagnostics.push({
        level: 'error',
        code: 'extractor-failed',
        message: `${extractor.id}: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }

  const { api, leftOut } = separateMachinery(routes);
  const { surface, declared } = buildImplementedSurface(api, schemas, options.basePath);
  surface.diagnostics.push(...diagnostics, ...unresolvedPrefixDiagnostics(api));
  const seen = new Set<string>();
  const uniqueUnparsed = unparsed
    .filter((u) => {
      const key = `${u.file}\0${u.line}\0${u.reason}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
  const seenLeftOut = new Set<string>();
  const uniqueLeftOut = leftOut.filter((l) => {
    const key = `${l.method} ${l.path} ${l.file}:${l.line}`;
    if (seenLeftOut.has(key)) return false;
    seenLeftOut.add(key);
    return true;
  });
  const swaggo = await readSwaggoDocs(
    sourceFiles.filter((f) => f.endsWith('.go')),
    context,
  );
  const flasgger = await readFlasggerTemplates(sourceFiles, context);
  notices.push(...flasgger.notices);
  const codeDocs = buildCodeDocsSurface(api, swaggo, options.basePath, flasgger.ops);
  for (const d of surface.diagnostics)
    if (d.code === 'template-merged' && d.file !== undefined)
      notices.push({
        file: d.file,
        view: 'implemented',
        reason: 'merged',
        detail: d.message.replace(/^[^:]+:\d+: /, ''),
        ...(d.line !== undefined ? { line: d.line } : {}),
      });
    // Routes under an unresolved prefix sit at a guessed path: a machine reader must see that too, not only stderr.
    else if (d.code === 'prefix-not-resolved' && d.file !== undefined)
      notices.push({
        file: d.file,
        view: 'implemented',
        reason: 'unresolved',
        detail: d.message.replace(/ at [^ ]+:\d+ /, ' '),
        ...(d.line !== undefined ? { line: d.line } : {}),
      });
  // A body of a type declared outside the checkout is not compared: said per operation, never read as no drift.
  // One notice per place (a notice is one per file and line), naming every operation and body met there.
  const outside = new Map<
    string,
    { file: string; line: number; ops: Set<string>; bodies: Set<string>; unread: Set<string> }
  >();
  for (const r of api)
    for (const n of r.notCompared ?? []) {
      const at = outside.get(`${n.file}:${n.line}`) ?? {
        file: n.file,
        line: n.line,
        ops: new Set(),
        bodies: new Set(),
        unread: new Set(),
      };
      outside.set(`${n.file}:${n.line}`, at);
      at.ops.add(`${r.method} ${routeTemplate(r)}`);
      (n.unread ? at.unread : at.bodies).add(`${n.body} body type ${n.type}`);
    }
  const bodiesThat = (bodies: Set<string>, what: string) =>
    bodies.size > 0 ? [`${[...bodies].join(', ')} ${bodies.size > 1 ? 'are' : 'is'} ${what}`] : [];
  for (const { file, line, ops, bodies, unread } of outside.values())
    notices.push({
      file,
      view: 'implemented',
      reason: 'unresolved',
      detail: `${[...ops].join(', ')}: ${[...bodiesThat(bodies, 'outside the checkout'), ...bodiesThat(unread, 'not understood')].join('; ')}: not compared`,
      line,
    });
  // Docs written in code that could not be read leave the route's documented statuses unknown: said, per place.
  for (const r of api) {
    const docs = r.documentedInCode;
    if (docs?.unread === undefined) continue;
    notices.push({
      file: docs.unread.file,
      view: 'documented',
      reason: docs.unread.reason,
      detail: `${r.method} ${routeTemplate(r)}: ${docs.unread.detail}`,
      ...(docs.unread.file === docs.file ? { line: docs.line } : {}),
    });
  }
  // A file parsed with errors, or not at all, was not read whole: routes past the error may be missing.
  for (const u of uniqueUnparsed)
    if (!u.reason.startsWith('skipped:'))
      notices.push({ file: u.file, view: 'implemented', reason: 'unparsable', detail: u.reason, line: u.line });
  const read = new Set(extractors.filter((e) => ran.includes(e.id)).flatMap((e) => e.extensions));
  return {
    surface,
    unparsed: uniqueUnparsed,
    frameworks: ran,
    declared,
    leftOut: uniqueLeftOut,
    ...(codeDocs ? { codeDocs } : {}),
    notices: dedupeNotices(notices),
    sourceExtensions: { read: [...read], known: KNOWN_EXTENSIONS },
  };
}
