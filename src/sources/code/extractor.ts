import {
  type HttpMethod,
  type InputNotice,
  joinPaths,
  type OperationAuth,
  type Parameter,
  type RequestBody,
  type Response,
  type Schema,
  toTemplatePath,
} from '../../model/index.js';
import type { RepoFiles } from '../repo/index.js';
import type { CodeDocs } from './code-docs.js';
import type { SettingsScalar } from './read-yaml-settings.js';

/** Source languages an extractor reads. */
export type SourceLanguage = 'javascript' | 'python' | 'java' | 'go';

/**
 * Dependencies declared by the checkout's manifests, used to decide which extractors run.
 * Names are as the ecosystem spells them (npm package names; Python distribution names lower-cased with `_`/`.`
 * turned into `-`; Maven/Gradle `group:artifact`; Go module paths).
 */
export interface ManifestInfo {
  npm: ReadonlySet<string>;
  python: ReadonlySet<string>;
  java: ReadonlySet<string>;
  go: ReadonlySet<string>;
  /** Manifest files that were read, repo-relative. */
  files: readonly string[];
  /** Manifest files that were not read (over the size limit, unreadable, not JSON), each said in the outputs. */
  notRead?: readonly InputNotice[];
}

/** A file (or part of one) an extractor could not read; the rest is still extracted. */
export interface Unparsed {
  file: string;
  /** 1-based line of the problem (1 when the file as a whole is concerned). */
  line: number;
  reason: string;
}

/** One route as an extractor found it; the frame turns it into a model `Operation` with evidence. */
export interface ExtractedRoute {
  method: HttpMethod;
  /** Full path template with `{name}` parameters, every statically known prefix applied (config `basePath` excluded). */
  path: string;
  /**
   * Set when the reader wrote the path as an OpenAPI template already, from a syntax in which `:` is a literal (chi,
   * Go's `ServeMux`): `/policies:evaluateRequest` is one static segment there, not an Express `:name` parameter.
   */
  pathIsTemplate?: true;
  /** Where the route is declared, repo-relative, 1-based line. */
  file: string;
  line: number;
  column?: number;
  /** Framework id, e.g. `express`, `fastapi`. */
  framework: string;
  /** A prefix expression that could not be resolved statically, as written (e.g. `process.env.API_PREFIX`). */
  unresolvedPrefix?: string;
  /** Where that prefix is applied (the mount call), when the extractor knows; the route's own line otherwise. */
  prefixAt?: { file: string; line: number };
  /**
   * Bodies the handler accepts or sends whose type is declared outside the checkout (another Go module, an installed
   * package), or whose type annotation the reader does not understand (`unread`): their fields cannot be read, so
   * they are not compared, and every output says so.
   */
  notCompared?: { type: string; body: 'request' | 'response'; file: string; line: number; unread?: true }[];
  operationId?: string;
  /**
   * Set when the app hides the route from its own docs on purpose (FastAPI `include_in_schema=False`): the text
   * says how. Hidden routes are left out of the view and listed, never reported as drift.
   */
  hidden?: string;
  /**
   * Set when the extractor sees that the route is machinery although its template does not show it: a GET catch-all
   * at the root (chi `/*`, Gin `/*any`) answers every path no other route takes, with static files or a
   * single-page app. Left out of the view and listed with this reason.
   */
  machinery?: string;
  /**
   * Docs written beside the handler (`@nestjs/swagger`, a flasgger docstring): read into the documented view,
   * never into the implemented one.
   */
  documentedInCode?: CodeDocs;
  /** Path, query and header parameters the handler evidently reads. */
  parameters?: Parameter[];
  requestBody?: RequestBody;
  /** Statuses the handler evidently sets, with declared body types. */
  responses?: Response[];
  /** Who may call the route, from the guards, middleware and matchers on the way to the handler. */
  auth?: OperationAuth;
}

/** What an extractor returns. */
export interface ExtractResult {
  operations: ExtractedRoute[];
  unparsed: Unparsed[];
  /** Named schemas that `$ref` nodes of the operations point to. */
  schemas?: Record<string, Schema>;
  /**
   * Why what these operations' handlers read and send is not read (no wire model for the framework's handlers): their
   * parameters, bodies and statuses are then not compared, which every output says instead of showing no drift.
   */
  handlersNotRead?: string;
}

/**
 * Which parts of the analysis run. Every part is on in normal use; benchmarks and tests turn parts off to measure
 * what each one costs and to compare against the path without the prefilter.
 */
export interface AnalysisSwitches {
  /**
   * Parse only the files whose text can declare, mount or guard routes, and the files they lead to through
   * imports, parsed when first needed. Off: parse every source file up front, as before the prefilter existed.
   */
  prefilter: boolean;
  /** Who may call each route (`auth`). */
  auth: boolean;
  /** The wire model: what each handler reads and sends (parameters, bodies, statuses, response fields). */
  wire: boolean;
}

/** Every part of the analysis on. */
export const FULL_ANALYSIS: Readonly<AnalysisSwitches> = { prefilter: true, auth: true, wire: true };

/** Per-run context shared by every extractor. */
export interface ExtractContext {
  /** Every file of the checkout (dependency folders excluded), for module resolution and file-system routing. */
  repoFiles: ReadonlySet<string>;
  /** Statically known configuration defaults (`.env.example`, `.env.defaults`, …): name → value. */
  env: Readonly<Record<string, string>>;
  /** Scalars the committed base settings files set (`settings.yaml`), by dotted key (`server.auth.enabled`). */
  settings?: Readonly<Record<string, SettingsScalar>>;
  /** Framework ids selected for this run (detected or configured). */
  frameworks: ReadonlySet<string>;
  /** Reads a file once per run; undefined when it is missing, unreadable or too large. */
  read(path: string): Promise<string | undefined>;
  /** Computes a value once per run under `key` so extractors of one language can share parses. */
  memo<T>(key: string, compute: () => T): T;
  /** Parts of the analysis to run (default {@link FULL_ANALYSIS}). */
  analysis?: Readonly<AnalysisSwitches>;
}

/** One framework's route extractor. Register it in `extractors.ts`. */
export interface RouteExtractor {
  /** Framework id (`express`, `fastapi`, …), as config `code.frameworks` names it. */
  id: string;
  language: SourceLanguage;
  /** File name endings this extractor reads, with the dot (`.ts`, `.py`). */
  extensions: readonly string[];
  /**
   * Named among the frameworks read only when it found routes: standard-library routers that any project of the
   * language may use, so detection alone says little.
   */
  quiet?: boolean;
  /** True when the manifests show the framework is used. */
  detect(manifest: ManifestInfo): boolean;
  /** Extracts the routes of the given source files (already filtered by extension, include/exclude and test folders). */
  extract(files: readonly string[], repo: RepoFiles, context: ExtractContext): Promise<ExtractResult>;
}

/** The analysis switches of a run (everything on unless a benchmark or test turned a part off). */
export function analysisOf(context: ExtractContext): Readonly<AnalysisSwitches> {
  return context.analysis ?? FULL_ANALYSIS;
}

/** A route's path as an OpenAPI template: each framework's parameter syntax rewritten, unless the reader did so. */
export function routeTemplate(route: Pick<ExtractedRoute, 'path' | 'pathIsTemplate'>): string {
  return joinPaths(route.pathIsTemplate ? route.path : toTemplatePath(route.path));
}
