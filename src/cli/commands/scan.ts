import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { type AnalysisResult, analyze } from '../../analyze/index.js';
import { fixDocsFromScan, PatchWriteError } from '../../docsync/index.js';
import type { Severity } from '../../model/index.js';
import { isDirectory, localRepo } from '../../sources/repo/index.js';
import { readTrafficAccumulators, type ShapeAccumulator } from '../../sources/traffic/index.js';
import { FINDINGS_FORMATS, renderFindings } from '../findings-output.js';
import { type CliIo, CliUsageError, EXIT, progress } from '../io.js';
import { failOnOption, formatOption } from '../options.js';
import { loadRepoConfig, otelServiceNames } from '../repo-config.js';
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

/** `--traffic` files: inside the folder they are read through it; outside, from disk into an observed surface. */
async function splitTraffic(files: string[], dir: string, io: CliIo): Promise<{ inside: string[]; outside: string[] }> {
  const inside: string[] = [];
  const outside: string[] = [];
  for (const f of files) {
    const abs = isAbsolute(f) ? f : resolve(io.cwd, f);
    const rel = relative(dir, abs);
    if (!rel.startsWith('..') && !isAbsolute(rel)) inside.push(rel.split(sep).join('/'));
    else outside.push(abs);
  }
  return { inside, outside };
}

function reportDiagnostics(result: AnalysisResult, io: CliIo, verbose: boolean): void {
  for (const d of result.diagnostics) {
    if (d.level === 'info' && !verbose) continue;
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
        'spec entry files or globs, relative to the folder (default: config docs, else discovered)',
      )
      .option('--traffic <files...>', 'HAR / NDJSON capture files (default: config traffic.files, else **/*.har)')
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
      if (options.traffic) {
        const { inside, outside } = await splitTraffic(options.traffic, dir, io);
        trafficFiles = inside;
        if (outside.length > 0) {
          try {
            const serviceNames = otelServiceNames(config);
            accumulators.push(...(await readTrafficAccumulators(outside, serviceNames ? { serviceNames } : {})));
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
        ...(options.docs ? { docs: options.docs } : {}),
        ...(trafficFiles ? { trafficFiles } : {}),
        ...(accumulators.length > 0 ? { observedShapes: accumulators } : {}),
      });
      reportDiagnostics(result, io, options.verbose === true);
      if (options.branch !== undefined && !options.fix) throw new CliUsageError('--branch goes with --fix');
      if (options.fix) {
        const documented = result.specs.flatMap((s) => (s.ok ? [s.surface] : []));
        try {
          const outcome = await fixDocsFromScan({
            root: dir,
            repo,
            findings: result.findings,
            documented,
            unimplemented: config.docsPr.unimplemented,
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
      io.stdout(
        renderFindings(result.findings, options.format, io, {
          verbose: options.verbose === true,
          title: 'Specwatch scan',
        }),
      );
      if (result.specs.some((s) => !s.ok)) setExit(EXIT.usage);
      else if (result.conclusion === 'failure') setExit(EXIT.findings);
    });
}
