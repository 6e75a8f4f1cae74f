import { execFile } from 'node:child_process';
import { relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import type { Command } from 'commander';
import { analyzeSpecChanges, secondOpinion } from '../../analyze/index.js';
import { gitRepo, localRepo, resolveGitRef } from '../../checkout/index.js';
import { dedupeNotices, type Finding, type InputNotice, type Severity } from '../../model/index.js';
import { readDocumentedSurfaces, readOpenApi, type SpecReadResult, specNotices } from '../../sources/openapi/index.js';
import { FINDINGS_FORMATS, renderFindings } from '../findings-output.js';
import { type CliIo, CliUsageError, EXIT, progress } from '../io.js';
import { printNotices } from '../notices-output.js';
import { changeFailOnOption, FAIL_ON_CLASSES, formatOption } from '../options.js';
import { resolveInputPath } from '../read-inputs.js';
import { loadChangeConfig } from '../repo-config.js';
import { runOpenApiDiff } from '../run-openapi-diff.js';

interface DiffOptions {
  baseRef?: string;
  headRef?: string;
  docs?: string[];
  failOn?: Severity | (typeof FAIL_ON_CLASSES)[number];
  format: string;
  verbose?: boolean;
  minSunsetDays?: string;
}

const run = promisify(execFile);

async function gitRoot(cwd: string): Promise<string> {
  try {
    const { stdout } = await run('git', ['rev-parse', '--show-toplevel'], { cwd });
    return stdout.trim();
  } catch {
    throw new CliUsageError('--base-ref/--head-ref need a git repository in the current folder');
  }
}

/**
 * One side of a diff: a spec file (read with the current folder as root when inside it, so `$ref`s reach
 * siblings), a folder (specs discovered), or a git revision (files read from git objects, no checkout).
 */
async function readSide(
  arg: string | undefined,
  ref: string | undefined,
  docs: string[] | undefined,
  io: CliIo,
): Promise<{ specs: SpecReadResult[]; label: string; notices: InputNotice[] }> {
  if (ref !== undefined) {
    const root = await gitRoot(io.cwd);
    if ((await resolveGitRef(root, ref)) === undefined) throw new CliUsageError(`${ref}: no such git revision`);
    const repo = gitRepo(root, ref);
    // With a ref, a path argument names the spec inside that revision (relative to the current folder).
    const inRef = arg ? relative(root, resolve(io.cwd, arg)).split(sep).join('/') : undefined;
    const read = await readDocumentedSurfaces(repo, inRef ? { docs: [inRef] } : docs ? { docs } : {});
    return { specs: read.specs, label: `${ref}${inRef ? `:${inRef}` : ''}`, notices: read.notices };
  }
  if (arg === undefined)
    throw new CliUsageError('diff needs BASE and HEAD (files or folders), or --base-ref/--head-ref');
  const { dir, file } = await resolveInputPath(arg, io);
  if (file === undefined) {
    const read = await readDocumentedSurfaces(localRepo(dir), docs ? { docs } : {});
    return { specs: read.specs, label: arg, notices: read.notices };
  }
  const spec = await readOpenApi(localRepo(dir), file);
  return { specs: [spec], label: arg, notices: specNotices(spec) };
}

/** `specwatch diff BASE HEAD`: the changes between two versions of the documented API, classed by risk. */
export function registerDiff(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('diff')
    .description('classify the changes between two versions of an API spec (breaking, potentially breaking, safe)')
    .argument('[base]', 'base spec file or folder (or, with --base-ref, the spec path inside that revision)')
    .argument('[head]', 'head spec file or folder (default with --base-ref: the current folder)')
    .option('--base-ref <ref>', 'read the base side from this git revision of the repository in the current folder')
    .option('--head-ref <ref>', 'read the head side from this git revision')
    .option('--docs <files...>', 'spec entry files or globs for folder and revision sides (default: discovered)')
    .addOption(changeFailOnOption())
    .addOption(formatOption(FINDINGS_FORMATS))
    .option('--verbose', 'show every evidence item and fingerprints')
    .option(
      '--min-sunset-days <days>',
      'sunset grace period: deprecating needs an x-sunset at least this many days ahead (else sunset-missing / sunset-too-soon)',
    )
    .action(async (first: string | undefined, second: string | undefined, options: DiffOptions) => {
      const positional = [first, second].filter((a): a is string => a !== undefined);
      // Two arguments are the two sides. One argument with a --*-ref is the same spec path on both sides
      // (`diff --base-ref main openapi.yaml`: main's version against the working tree's). None: discovery, and a
      // side without a ref is the current folder.
      let baseArg: string | undefined;
      let headArg: string | undefined;
      if (positional.length === 2) [baseArg, headArg] = positional;
      else if (options.baseRef === undefined && options.headRef === undefined) {
        throw new CliUsageError('diff needs BASE and HEAD (files or folders), or --base-ref/--head-ref');
      } else if (positional.length === 1) [baseArg, headArg] = [positional[0], positional[0]];
      else {
        baseArg = options.baseRef === undefined ? '.' : undefined;
        headArg = options.headRef === undefined ? '.' : undefined;
      }
      const [base, head] = await Promise.all([
        readSide(baseArg, options.baseRef, options.docs, io),
        readSide(headArg, options.headRef, options.docs, io),
      ]);
      const notices = dedupeNotices([...base.notices, ...head.notices]);
      printNotices(io, notices);
      for (const side of [base, head]) {
        if (side.specs.length === 0) throw new CliUsageError(`${side.label}: no OpenAPI document found`);
      }
      const config = await loadChangeConfig(localRepo(io.cwd));
      const failOnClass = FAIL_ON_CLASSES.find((c) => c === options.failOn);
      if (options.failOn && !failOnClass) config.failOn = options.failOn as Severity;
      const days = options.minSunsetDays === undefined ? undefined : Number(options.minSunsetDays);
      if (days !== undefined && !(Number.isInteger(days) && days >= 0))
        throw new CliUsageError(`--min-sunset-days: expected a whole number of days, got ${options.minSunsetDays}`);
      const result = analyzeSpecChanges(base.specs, head.specs, {
        config,
        ...(days !== undefined ? { lifecycle: { minSunsetDays: days } } : {}),
      });
      for (const d of result.diagnostics)
        if (d.level !== 'info' || options.verbose) io.stderr(`${d.level}: ${d.message}\n`);
      const count = (cls: string) => result.findings.filter((f) => f.class === cls).length;
      progress(
        io,
        `${base.label} → ${head.label}: ${count('breaking')} breaking, ${count('potentially-breaking')} potentially breaking, ${count('safe')} safe`,
      );
      io.stdout(
        renderFindings(result.findings, options.format, io, {
          verbose: options.verbose === true,
          markdown: result.changelog,
          changelog: true,
          notices,
        }),
      );
      if (options.verbose) await printSecondOpinion(base.specs, head.specs, result.findings, io);
      if ([...base.specs, ...head.specs].some((s) => !s.ok)) setExit(EXIT.usage);
      else if (failOnClass ? failsOnClass(result.findings, failOnClass) : result.conclusion === 'failure')
        setExit(EXIT.findings);
    });
}

/** Whether a change of the class `failOn` names, or a worse one, is among the findings. */
function failsOnClass(findings: Finding[], failOn: (typeof FAIL_ON_CLASSES)[number]): boolean {
  const worse = FAIL_ON_CLASSES.slice(0, FAIL_ON_CLASSES.indexOf(failOn) + 1) as string[];
  return findings.some((f) => f.class !== null && worse.includes(f.class));
}

/** `--verbose`: where openapi-diff, run on small resolved body schemas of 2.0/3.0 specs, disagrees with us. */
async function printSecondOpinion(
  base: SpecReadResult[],
  head: SpecReadResult[],
  findings: Finding[],
  io: CliIo,
): Promise<void> {
  const pairs: [SpecReadResult, SpecReadResult][] =
    base.length === 1 && head.length === 1
      ? [[base[0] as SpecReadResult, head[0] as SpecReadResult]]
      : base.flatMap((b) => head.filter((h) => h.file === b.file).map((h): [SpecReadResult, SpecReadResult] => [b, h]));
  for (const [b, h] of pairs) {
    if (!b.ok || !h.ok) continue;
    const opinion = await secondOpinion(b.surface, h.surface, findings, { runDiff: runOpenApiDiff });
    io.stderr(
      `openapi-diff second opinion on ${h.file}: ${opinion.compared} body schema pair${opinion.compared === 1 ? '' : 's'} compared, ${opinion.disagreements.length} disagreement${opinion.disagreements.length === 1 ? '' : 's'}\n`,
    );
    for (const note of opinion.skipped) io.stderr(`  skipped: ${note}\n`);
    for (const d of opinion.disagreements) {
      io.stderr(
        `  ${d.operation} ${d.body === 'request' ? 'request body' : `${d.body} response`}: specwatch says ${d.ours}, openapi-diff says ${d.theirs}${d.codes.length ? ` (${d.codes.join(', ')})` : ''}\n`,
      );
    }
  }
}
