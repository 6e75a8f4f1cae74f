import { resolve } from 'node:path';
import type { Command } from 'commander';
import { isDirectory, localRepo } from '../../checkout/index.js';
import { ConfigError, parseConfigText } from '../../config/index.js';
import { joinPaths, type OperationAuth, operationLabel } from '../../model/index.js';
import { noticesToJson } from '../../report/index.js';
import {
  type DeclaredRoute,
  extractImplementedSurface,
  type ImplementedSurfaceOptions,
  type LeftOutRoute,
} from '../../sources/code/index.js';
import { type CliIo, CliUsageError, EXIT, progress } from '../io.js';
import { printNotices } from '../notices-output.js';
import { formatOption } from '../options.js';

interface RoutesOptions {
  format: string;
  framework?: string[];
  basePath?: string;
  generatedSpec?: string;
}

/**
 * One row of `specwatch routes --format json` (DESIGN.md contract): one per declared route, so a route OpenAPI folds
 * into another operation is still listed, with `METHOD /path` of the operation it is folded into. The path carries
 * the base path; auth is always set (`unknown` with a reason where no analysis exists).
 */
export type RouteRow = Omit<DeclaredRoute, 'auth' | 'mergedInto'> & { auth: OperationAuth; mergedInto?: string };

async function readCodeConfig(dir: string): Promise<ImplementedSurfaceOptions> {
  const repo = localRepo(dir);
  for (const file of ['.github/specwatch.yml', '.github/specwatch.yaml']) {
    if ((await repo.size(file)) === undefined) continue;
    try {
      const config = parseConfigText(await repo.read(file), file);
      const { frameworks, basePath, include, exclude, generatedSpec } = config.code;
      return {
        ...(frameworks ? { frameworks } : {}),
        ...(basePath ? { basePath } : {}),
        ...(include ? { include } : {}),
        ...(exclude ? { exclude } : {}),
        ...(generatedSpec ? { generatedSpec } : {}),
      };
    } catch (error) {
      if (error instanceof ConfigError) throw new CliUsageError(error.message);
      throw error;
    }
  }
  return {};
}

function renderText(
  rows: RouteRow[],
  unparsed: { file: string; line: number; reason: string }[],
  leftOut: LeftOutRoute[],
): string {
  const widths = [7, Math.min(70, Math.max(4, ...rows.map((r) => r.path.length)))];
  const lines = rows.map(
    (r) =>
      `${r.method.padEnd(widths[0] as number)} ${r.path.padEnd(widths[1] as number)}  ${r.file}:${r.line}  ${r.framework}${
        r.unresolvedPrefix !== undefined ? `  (unresolved prefix: ${r.unresolvedPrefix})` : ''
      }  auth: ${r.auth?.state ?? 'unknown'}${r.mergedInto !== undefined ? `  (merged into ${r.mergedInto})` : ''}`,
  );
  for (const l of leftOut)
    lines.push(
      `left out: ${l.method} ${l.path}  ${l.file}:${l.line}  ${l.reason}${l.auth ? `  (auth ${l.auth.state})` : ''}`,
    );
  for (const u of unparsed) lines.push(`unparsed: ${u.file}:${u.line}: ${u.reason}`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** `specwatch routes [DIR]`: the implemented view alone — the routes the source code serves. */
export function registerRoutes(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('routes')
    .description('list the routes the source code serves (the implemented view), read statically')
    .argument('[dir]', 'checkout folder (default: the current folder)')
    .option(
      '--framework <ids...>',
      'frameworks to read instead of the detected ones (express, fastify, koa, hono, nestjs, nextjs, …)',
    )
    .option('--base-path <path>', 'prefix the deployed service puts before code paths')
    .option('--generated-spec <file>', 'read this spec file written by the build as the implemented view')
    .addOption(formatOption(['text', 'json']))
    .action(async (dirArg: string | undefined, options: RoutesOptions) => {
      const dir = resolve(io.cwd, dirArg ?? '.');
      if (!(await isDirectory(dir))) throw new CliUsageError(`${dirArg ?? dir}: not a folder`);
      const fromConfig = await readCodeConfig(dir);
      const result = await extractImplementedSurface(localRepo(dir), {
        ...fromConfig,
        ...(options.framework ? { frameworks: options.framework } : {}),
        ...(options.basePath ? { basePath: options.basePath } : {}),
        ...(options.generatedSpec ? { generatedSpec: options.generatedSpec } : {}),
      });
      const { surface } = result;
      const rows: RouteRow[] = result.declared.map((route) => ({
        method: route.method,
        path: joinPaths(surface.basePath, route.path),
        file: route.file,
        line: route.line,
        framework: route.framework,
        ...(route.unresolvedPrefix !== undefined ? { unresolvedPrefix: route.unresolvedPrefix } : {}),
        auth: route.auth ?? { state: 'unknown', evidence: [], reason: 'no auth analysis for this framework' },
        ...(route.mergedInto ? { mergedInto: operationLabel(route.mergedInto, surface.basePath) } : {}),
      }));
      const merged = rows.filter((r) => r.mergedInto !== undefined).length;
      progress(
        io,
        `${rows.length} route${rows.length === 1 ? '' : 's'} (${result.frameworks.join(', ') || 'no framework found'})` +
          (merged > 0 ? `, ${merged} merged into another operation` : '') +
          (result.leftOut.length > 0 ? `, ${result.leftOut.length} left out` : '') +
          (result.unparsed.length > 0 ? `, ${result.unparsed.length} unparsed` : ''),
      );
      for (const d of surface.diagnostics) progress(io, `${d.level}: ${d.message}`);
      printNotices(io, result.notices);
      io.stdout(
        options.format === 'json'
          ? `${JSON.stringify({ operations: rows, unparsed: result.unparsed, leftOut: result.leftOut, notices: noticesToJson(result.notices) }, null, 2)}\n`
          : renderText(rows, result.unparsed, result.leftOut),
      );
      setExit(EXIT.ok);
    });
}
