import { load } from 'js-yaml';
import {
  type ApiSurface,
  emptySurface,
  HTTP_METHODS,
  type HttpMethod,
  type InputNotice,
  joinPaths,
  type Operation,
  operationKey,
  type Parameter,
  type Response,
  type Schema,
  type SecurityRequirement,
  toTemplatePath,
} from '../../model/index.js';
import { type ExtractContext, type ExtractedRoute, routeTemplate } from './extractor.js';

/**
 * Docs written in code, read into the DOCUMENTED view (never as behaviour): swaggo `// @Router` comment blocks
 * (Go), flasgger docstrings and `swag_from` files (Flask), `@nestjs/swagger` on NestJS controllers. Extractors mark
 * the routes documented next to their handler ({@link ExtractedRoute.documentedInCode}); swaggo comments are read
 * here because they name their own path.
 */

/** What a route's own docs in code say: where, and which statuses they declare. */
export interface CodeDocs {
  /** How the docs are written, e.g. `@nestjs/swagger`, `flasgger docstring`. */
  how: string;
  file: string;
  line: number;
  statuses: string[];
  /** The security the docs require (`@ApiBearerAuth()`, swaggo `@Security`); absent when they name none. */
  security?: SecurityRequirement[];
  /**
   * Why the docs written for the route could not be read (a `swag_from` file not in the checkout, YAML that does not
   * parse): its statuses are then unknown (`default`), and every output names it.
   */
  unread?: { reason: 'not-found' | 'unparsable'; detail: string; file: string };
}

function response(status: string, body?: Schema): Response {
  return { status, headers: {}, content: body === undefined ? {} : { 'application/json': { schema: body } } };
}

/**
 * The body a swaggo `@Success 200 {object} model.User` or `{array} []model.User` names, as swag generates it: an
 * object (or an array of it) whose model is not read here, so its fields are of no known shape (`{}`: nothing is
 * judged against them); each `[]` of the type in an `{array}` is one more level of array, as swag writes it.
 */
function swagBody(kind: string | undefined, type: string | undefined): Schema | undefined {
  if (kind === 'object') return {};
  if (kind !== 'array' || type === undefined) return undefined;
  let schema: Schema = { type: ['array'], items: {} };
  for (let rest = type; rest.startsWith('[]'); rest = rest.slice(2)) schema = { type: ['array'], items: schema };
  return schema;
}

const SWAG_PARAM_IN: Record<string, Parameter['in'] | 'body'> = {
  path: 'path',
  query: 'query',
  header: 'header',
  cookie: 'cookie',
  body: 'body',
  formData: 'body',
};

/** swaggo annotations of one Go file: `@BasePath` and one operation per comment block with `@Router`. */
function readSwaggoFile(file: string, text: string): { basePath?: string; ops: Operation[] } {
  const lines = text.split(/\r?\n/);
  let basePath: string | undefined;
  const ops: Operation[] = [];
  let block: { text: string; line: number }[] = [];
  const flush = (): void => {
    const routers = block.filter((b) => /^@Router\s/.test(b.text));
    for (const r of routers) {
      const m = /^@Router\s+(\S+)\s+\[(\w+)\]/.exec(r.text);
      const method = m?.[2]?.toUpperCase();
      if (!m || !method || !(HTTP_METHODS as readonly string[]).includes(method)) continue;
      const parameters: Parameter[] = [];
      let hasBody = false;
      const responses: Response[] = [];
      const security: SecurityRequirement[] = [];
      for (const b of block) {
        // `@Security A || B` offers alternatives, `@Security A && B` requires both; each line is one more alternative.
        const sec = /^@Security\s+(.+)$/.exec(b.text);
        if (sec)
          for (const alt of (sec[1] as string).split('||'))
            security.push(
              Object.fromEntries(
                alt
                  .split('&&')
                  .map((n) => n.trim().replace(/\[.*$/, ''))
                  .filter((n) => n !== '')
                  .map((n) => [n, []]),
              ),
            );
        const p = /^@Param\s+(\S+)\s+(\w+)\s+\S+\s+(true|false)/.exec(b.text);
        if (p) {
          const where = SWAG_PARAM_IN[p[2] as string];
          if (where === 'body') hasBody = true;
          else if (where)
            parameters.push({
              name: p[1] as string,
              in: where,
              required: p[3] === 'true',
              schema: { type: ['string'] },
            });
        }
        const s = /^@(?:Success|Failure|Response)\s+([\d,]+|default)\b(?:\s+\{(\w+)\}\s+(\S+))?/.exec(b.text);
        if (s)
          for (const status of (s[1] as string).split(','))
            if (status && !responses.some((x) => x.status === status))
              responses.push(response(status, swagBody(s[2], s[3])));
      }
      ops.push({
        method: method as HttpMethod,
        path: m[1] as string,
        parameters,
        ...(hasBody ? { requestBody: { required: true, content: { 'application/json': { schema: {} } } } } : {}),
        responses,
        ...(security.length > 0 ? { security } : {}),
        evidence: [{ source: 'documented', file, line: r.line }],
        location: { file, line: r.line },
      });
    }
    block = [];
  };
  lines.forEach((raw, i) => {
    const c = /^\s*\/\/\s?(.*)$/.exec(raw);
    if (!c) {
      flush();
      return;
    }
    const body = (c[1] as string).trim();
    if (!body.startsWith('@')) return;
    const base = /^@BasePath\s+(\S+)/.exec(body);
    if (base) basePath = base[1];
    block.push({ text: body, line: i + 1 });
  });
  flush();
  return basePath !== undefined ? { basePath, ops } : { ops };
}

/** swaggo comment docs of the Go files of a run (`@BasePath` of the general API info applies to every path). */
export async function readSwaggoDocs(files: readonly string[], context: ExtractContext): Promise<Operation[]> {
  let basePath = '';
  const ops: Operation[] = [];
  for (const file of files) {
    if (!file.endsWith('.go')) continue;
    const text = await context.read(file);
    if (text === undefined || !text.includes('@Router')) {
      if (text?.includes('@BasePath')) basePath = readSwaggoFile(file, text).basePath ?? basePath;
      continue;
    }
    const read = readSwaggoFile(file, text);
    if (read.basePath !== undefined) basePath = read.basePath;
    ops.push(...read.ops);
  }
  for (const op of ops) op.path = joinPaths(basePath, op.path);
  return ops;
}

/** `Swagger(app, template_file='x.yml')` as written: the file named, and where. */
const TEMPLATE_FILE = /\bSwagger\s*\([^)]*?\btemplate_file\s*=\s*(['"])([^'"\n]+)\1/g;

/**
 * The operations of flasgger template files (`Swagger(app, template_file='colors_template.yaml')`): flasgger merges
 * the template's `paths` with the docstrings of the handlers into the spec it serves, so they are documented too. A
 * relative name is read beside the module that names it (flasgger reads it from the app's root folder), else from the
 * checkout root. The template's own `basePath` is not applied: it describes where a client reaches the spec's paths,
 * which the code's routes do not carry. A template that cannot be read is named in a notice.
 */
export async function readFlasggerTemplates(
  files: readonly string[],
  context: ExtractContext,
): Promise<{ ops: Operation[]; notices: InputNotice[] }> {
  const ops: Operation[] = [];
  const notices: InputNotice[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    if (!file.endsWith('.py')) continue;
    const text = await context.read(file);
    if (text === undefined || !text.includes('template_file') || !text.includes('flasgger')) continue;
    for (const m of text.matchAll(TEMPLATE_FILE)) {
      const name = (m[2] as string).replace(/^\.\//, '');
      const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
      const template = [`${dir}${name}`, name].find((f) => context.repoFiles.has(f));
      const line = text.slice(0, m.index).split('\n').length;
      if (template === undefined) {
        notices.push({
          file,
          line,
          view: 'documented',
          reason: 'not-found',
          detail: `flasgger template_file ${name} is not in the checkout: the operations it documents are missing`,
        });
        continue;
      }
      if (seen.has(template)) continue;
      seen.add(template);
      const read = readTemplate(template, await context.read(template));
      if (read === undefined)
        notices.push({
          file: template,
          view: 'documented',
          reason: 'unreadable',
          detail: 'flasgger template_file is not a YAML or JSON object with paths',
        });
      else ops.push(...read);
    }
  }
  return { ops, notices };
}

/** One operation per path and method of a flasgger template, located at the line its path is written on. */
function readTemplate(file: string, text: string | undefined): Operation[] | undefined {
  if (text === undefined) return undefined;
  let doc: unknown;
  try {
    doc = load(text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
  const paths = (doc as { paths?: unknown } | undefined)?.paths;
  if (paths === null || typeof paths !== 'object') return undefined;
  const lines = text.split(/\r?\n/);
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(paths as Record<string, unknown>)) {
    if (item === null || typeof item !== 'object') continue;
    const at = lines.findIndex((l) => l.includes(`${path}"`) || l.includes(`${path}'`) || l.trim() === `${path}:`);
    const line = at < 0 ? 1 : at + 1;
    for (const [method, spec] of Object.entries(item as Record<string, unknown>)) {
      const verb = method.toUpperCase();
      if (!(HTTP_METHODS as readonly string[]).includes(verb)) continue;
      const responses = Object.keys((spec as { responses?: Record<string, unknown> } | null)?.responses ?? {});
      ops.push({
        method: verb as HttpMethod,
        path,
        parameters: [],
        responses: responses.map((status) => response(status)),
        evidence: [{ source: 'documented', file, line }],
        location: { file, line },
      });
    }
  }
  return ops;
}

/** Statuses and security a flasgger docstring (the YAML after `---`) or a `swag_from` YAML file declares. */
export function readFlasggerYaml(
  yamlText: string,
): { statuses: string[]; security?: SecurityRequirement[] } | { problem: string } | undefined {
  try {
    const doc = load(yamlText) as { responses?: Record<string, unknown>; security?: unknown } | undefined;
    if (!doc || typeof doc !== 'object') return undefined;
    const statuses = Object.keys(doc.responses ?? {});
    const security = Array.isArray(doc.security)
      ? doc.security
          .filter((alt): alt is Record<string, unknown> => alt !== null && typeof alt === 'object')
          .map((alt) => Object.fromEntries(Object.keys(alt).map((name) => [name, []])))
      : undefined;
    return security && security.length > 0 ? { statuses, security } : { statuses };
  } catch (error) {
    return { problem: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error) };
  }
}

/**
 * The documented view written in code: routes their extractors found documented beside the handler, plus swaggo
 * comment operations and the paths of flasgger template files, merged per operation (statuses and evidence of
 * each). Undefined when the code documents nothing.
 */
export function buildCodeDocsSurface(
  routes: readonly ExtractedRoute[],
  swaggo: readonly Operation[],
  basePath: string | undefined,
  flasggerTemplates: readonly Operation[] = [],
): ApiSurface | undefined {
  const surface = emptySurface('documented');
  surface.basePath = basePath ? joinPaths(basePath) : '';
  const byKey = new Map<string, Operation>();
  const add = (op: Operation): void => {
    const key = operationKey(op.method, op.path);
    const existing = byKey.get(key);
    if (!existing) {
      byKey.set(key, op);
      return;
    }
    for (const r of op.responses)
      if (!existing.responses.some((x) => x.status === r.status)) existing.responses.push(r);
    existing.evidence.push(...op.evidence);
  };
  for (const r of routes) {
    const docs = r.documentedInCode;
    if (!docs) continue;
    add({
      method: r.method,
      path: routeTemplate(r),
      // Spec generators (@nestjs/swagger, flasgger) document the parameters the handler declares; the YAML or
      // decorators' own parameter lists are not read, so the handler's are taken as documented.
      parameters: [...(r.parameters ?? [])],
      responses: docs.statuses.map((status) => response(status)),
      ...(docs.security ? { security: docs.security } : {}),
      evidence: [{ source: 'documented', file: docs.file, line: docs.line }],
      location: { file: docs.file, line: docs.line },
      extensions: { 'x-documented-in-code': docs.how },
    });
  }
  for (const op of swaggo)
    add({ ...op, path: joinPaths(toTemplatePath(op.path)), extensions: { 'x-documented-in-code': 'swaggo' } });
  for (const op of flasggerTemplates)
    add({
      ...op,
      path: joinPaths(toTemplatePath(op.path)),
      extensions: { 'x-documented-in-code': 'flasgger template_file' },
    });
  if (byKey.size === 0) return undefined;
  surface.operations = [...byKey.values()];
  surface.files = [...new Set(surface.operations.flatMap((o) => o.evidence.map((e) => ('file' in e ? e.file : ''))))]
    .filter((f) => f !== '')
    .sort();
  surface.title = 'docs in code';
  return surface;
}
