import { access } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { type AnalysisResult, analyze, otelServiceNames } from '../../analyze/index.js';
import { isDirectory, localRepo, PatchWriteError } from '../../checkout/index.js';
import type { InputNotice, Severity } from '../../model/index.js';
import { readOpenApi, type SpecReadResult } from '../../sources/openapi/index.js';
import { readTrafficAccumulators, type ShapeAccumulator } from '../../sources/traffic/index.js';
import { FINDINGS_FORMATS, renderFindings } from '../findings-output.js';
import { fixDocs } from '../fix-docs.js';
import { type CliIo, CliUsageError, EXIT, progress } from '../io.js';
import { printNotices } from '../notices-output.js';
import { failOnOption, formatOption } from '../options.js';
import { loadRepoConfig } from '../repo-config.js';
import { addDbOption, parseRepo, withStore } from './store-options.js';

interface ScanOptions {
  docs?: string[];
  traffic?: string[];
  repo?: string;
  db?: string;
  failOn?: Severity;
  format: string;
  verbose?: boolean;
  fix?: boolean;
  branch?: string;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where `--docs` and `--traffic` paths point, alike: relative to the current folder (as a shell user expects), else
 * — for globs and names that exist only there — relative to the scanned folder. Inside the folder a path is read
 * through it (repo-relative); outside, it is a path the user named and is trusted as such (read from disk, with its
 * own folder as the root its `$ref`s stay inside).
 */
export async function splitNamedPaths(
  paths: string[],
  dir: string,
  io: CliIo,
): Promise<{ inside: string[]; outside: string[] }> {
  const inside: string[] = [];
  const outside: string[] = [];
  for (const p of paths) {
    const fromCwd = isAbsolute(p) ? p : resolve(io.cwd, p);
    const abs = (await exists(fromCwd)) || isAbsolute(p) ? fromCwd : resolve(dir, p);
    const rel = relative(dir, abs);
    if (!rel.startsWith('..') && !isAbsolute(rel)) inside.push(rel.split(sep).join('/'));
    else outside.push(abs);
  }
  return { inside, outside };
}

/** Specs named outside the scanned folder, each read with its own folder as root. */
async function readNamedSpecs(files: string[]): Promise<SpecReadResult[]> {
  const out: SpecReadResult[] = [];
  for (const abs of files) {
    if (!(await exists(abs))) throw new CliUsageError(`--docs ${abs}: no such file`);
    const read = await readOpenApi(localRepo(dirname(abs)), basename(abs));
    // Named by the absolute path the user gave, so messages and findings point at it.
    out.push(read.ok ? { ...read, file: abs } : { ...read, file: abs, error: { ...read.error, file: abs } });
  }
  return out;
}

function reportDiagnostics(result: AnalysisResult, io: CliIo, verbose: boolean): void {
  // Errors about a file that is a notice are printed once, as the notice.
  const noticed = new Set(result.notices.map((n) => n.file));
  for (const d of result.diagnostics) {
    if (d.level === 'info' && !verbose) continue;
    if (d.level === 'error' && d.file !== undefined && noticed.has(d.file)) continue;
    const where = d.file ? `${d.file}${d.line ? `:${d.line}` : ''}: ` : '';
    io.stderr(
      `${d.level}: ${where}${d.message.startsWith(d.file ?? '\u0000') ? d.message.slice((d.file ?? '').length).replace(/^:\s*/, '') : d.message}\n`,
    );
  }
}

/** `specwatch scan [DIR]`: the drift of a checkout — documented vs implemented vs observed — with PII findings. */
export function registerScan(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addDbOption(
    program
      .command('scan')
      .description('compare the documented, implemented and observed views of a checkout and report drift')
      .argument('[dir]', 'checkout folder (default: the current folder)')
      .option(
        '--docs <files...>',
        'spec entry files or globs, relative to the current folder (else to DIR); may lie outside DIR (default: config docs, else discovered)',
      )
      .option(
        '--traffic <files...>',
        'HAR / NDJSON capture files, gzipped or not, relative to the current folder (else to DIR) (default: config traffic.files, else **/*.har)',
      )
      .option('--repo <owner/name>', 'also use the shapes stored for this repository (observe, ingestion, record)'),
  )
    .addOption(failOnOption())
    .addOption(formatOption(FINDINGS_FORMATS))
    .option('--verbose', 'show every evidence item, fingerprints and info diagnostics')
    .option('--fix', 'edit the docs to match: write the patched spec files into the working tree')
    .option(
      '--branch <name>',
      'with --fix: commit the patched files on this new local branch instead (working tree untouched)',
    )
    .action(async (dirArg: string | undefined, options: ScanOptions) => {
      const dir = resolve(io.cwd, dirArg ?? '.');
      if (!(await isDirectory(dir)))
        throw new CliUsageError(`${dirArg}: not a folder (scan takes a checkout folder; use --docs for spec files)`);
      const repo = localRepo(dir);
      const config = await loadRepoConfig(repo);
      if (options.failOn) config.failOn = options.failOn;
      let trafficFiles: string[] | undefined;
      const accumulators: ShapeAccumulator[] = [];
      const outsideNotices: InputNotice[] = [];
      let docs: string[] | undefined;
      let namedSpecs: SpecReadResult[] = [];
      if (options.docs) {
        const { inside, outside } = await splitNamedPaths(options.docs, dir, io);
        docs = inside;
        namedSpecs = await readNamedSpecs(outside);
      }
      if (options.traffic) {
        const { inside, outside } = await splitNamedPaths(options.traffic, dir, io);
        trafficFiles = inside;
        if (outside.length > 0) {
          try {
            const serviceNames = otelServiceNames(config);
            accumulators.push(
              ...(await readTrafficAccumulators(outside, {
                ...(serviceNames ? { serviceNames } : {}),
                limits: config.limits,
                notices: outsideNotices,
              })),
            );
          } catch (error) {
            throw new CliUsageError(`traffic: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
      }
      if (options.repo !== undefined) {
        const repoName = parseRepo(options.repo);
        const since = new Date(Date.now() - config.traffic.windowDays * 86_400_000).toISOString();
        const stored = await withStore(io, options.db, (store) => store.listObservations(repoName, { since }));
        progress(io, `${stored.length} stored operation shape${stored.length === 1 ? '' : 's'} for ${repoName}`);
        accumulators.push(...stored.map((o) => o.accumulator as ShapeAccumulator));
      } else if (options.db !== undefined) throw new CliUsageError('--db goes with --repo');
      const result = await analyze({
        repo,
        config,
        ...(docs ? { docs } : {}),
        ...(namedSpecs.length > 0 ? { namedSpecs } : {}),
        ...(outsideNotices.length > 0 ? { notices: outsideNotices } : {}),
        ...(trafficFiles ? { trafficFiles } : {}),
        ...(accumulators.length > 0 ? { observedShapes: accumulators } : {}),
      });
      reportDiagnostics(result, io, options.verbose === true);
      printNotices(io, result.notices);
      if (options.branch !== undefined && !options.fix) throw new CliUsageError('--branch goes with --fix');
      if (options.fix) {
        try {
          const outcome = await fixDocs({
            root: dir,
            repo,
            analysis: result,
            findings: result.findings,
            config,
            ...(options.branch !== undefined ? { branch: options.branch } : {}),
          });
          for (const line of outcome.log) progress(io, line);
        } catch (error) {
          if (error instanceof PatchWriteError) throw new CliUsageError(error.message);
          throw error;
        }
      }
      const specs = result.specs.length;
      const views = [
        `${specs} spec${specs === 1 ? '' : 's'}`,
        result.implemented
          ? `${result.implemented.surface.operations.length} routes (${result.implemented.frameworks.join(', ') || 'no framework'})`
          : undefined,
        result.observed ? `${result.observed.operations.length} observed operations` : undefined,
      ].filter(Boolean);
      progress(
        io,
        `scanned ${views.join(', ')}: ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}`,
      );
      const unread = result.specs.filter((s) => !s.ok);
      if (!result.compared && unread.length === 0) {
        // Nothing was compared: never an all-clear. JSON and Markdown (often posted as a comment) still carry the
        // notices saying what was looked at; SARIF has no place for them, and an empty run would read as no alerts.
        progress(
          io,
          'specwatch: nothing to compare — no OpenAPI description and no traffic were found (see "not read" above); name a spec with --docs',
        );
        if (options.format === 'json' || options.format === 'markdown')
          io.stdout(
            renderFindings([], options.format, io, {
              title: 'Specwatch scan',
              notices: result.notices,
              intro:
                '**Nothing was compared**: no OpenAPI description and no traffic were found. Name a spec with `--docs` (or `docs` in `.github/specwatch.yml`).',
            }),
          );
        setExit(EXIT.usage);
        return;
      }
      io.stdout(
        renderFindings(result.findings, options.format, io, {
          verbose: options.verbose === true,
          title: 'Specwatch scan',
          notices: result.notices,
        }),
      );
      if (unread.length > 0) {
        for (const s of unread) progress(io, `specwatch: ${s.file}: not read as an OpenAPI description (see above)`);
        setExit(EXIT.usage);
      } else if (result.conclusion === 'failure') setExit(EXIT.findings);
    });
}
