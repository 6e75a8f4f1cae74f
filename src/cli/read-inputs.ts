import { stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { localRepo } from '../checkout/index.js';
import { type ApiSurface, type Diagnostic, dedupeNotices, type InputNotice } from '../model/index.js';
import { readDocumentedSurfaces, readOpenApi, specNotices } from '../sources/openapi/index.js';
import type { RepoFiles } from '../sources/repo/index.js';
import { type CliIo, CliUsageError } from './io.js';

/** A checkout root on disk and, when the user named files, the entry files inside it. */
export interface InputRoot {
  dir: string;
  repo: RepoFiles;
  files?: string[];
}

/**
 * Where one `DIR|FILE` argument is read from: a folder is a checkout (no `file`); a file is read with the current
 * folder as its root when it lies inside it (so its `$ref`s may reach siblings), else with its own folder.
 */
export async function resolveInputPath(arg: string, io: CliIo): Promise<{ dir: string; file?: string }> {
  const abs = isAbsolute(arg) ? arg : resolve(io.cwd, arg);
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(abs);
  } catch {
    throw new CliUsageError(`${arg}: no such file or folder`);
  }
  if (info.isDirectory()) return { dir: abs };
  const cwd = resolve(io.cwd);
  const inside = abs.startsWith(cwd + sep);
  return {
    dir: inside ? cwd : dirname(abs),
    file: inside ? relative(cwd, abs).split(sep).join('/') : basename(abs),
  };
}

/** Turns `DIR|FILE…` arguments into checkout roots (see {@link resolveInputPath}); files sharing a root share it. */
export async function resolveInputRoots(args: string[], io: CliIo): Promise<InputRoot[]> {
  const targets = args.length > 0 ? args : ['.'];
  const roots: InputRoot[] = [];
  for (const arg of targets) {
    const { dir, file } = await resolveInputPath(arg, io);
    if (file === undefined) {
      roots.push({ dir, repo: localRepo(dir) });
      continue;
    }
    const existing = roots.find((r) => r.dir === dir && r.files);
    if (existing) existing.files?.push(file);
    else roots.push({ dir, repo: localRepo(dir), files: [file] });
  }
  return roots;
}

export interface DocumentedInputs {
  surfaces: ApiSurface[];
  /** Specs that could not be read, with the reason. */
  errors: Diagnostic[];
  /** Inputs not read, or not read whole, with the reason. */
  notices: InputNotice[];
}

/** Reads the documented view of every root: named files, `--docs` files, or discovered specs. */
export async function readDocumentedInputs(roots: InputRoot[], docs: string[] | undefined): Promise<DocumentedInputs> {
  const out: DocumentedInputs = { surfaces: [], errors: [], notices: [] };
  for (const root of roots) {
    const entries = root.files ?? docs;
    let read: { specs: Awaited<ReturnType<typeof readOpenApi>>[]; notices: InputNotice[] };
    if (entries) {
      const specs = await Promise.all(entries.map((f) => readOpenApi(root.repo, f)));
      read = { specs, notices: specs.flatMap(specNotices) };
    } else read = await readDocumentedSurfaces(root.repo);
    out.notices.push(...read.notices);
    for (const spec of read.specs) {
      // Read errors are notices: the caller prints them once, with every other input not read.
      if (spec.ok) out.surfaces.push(spec.surface);
      else out.errors.push(spec.error);
    }
  }
  out.notices = dedupeNotices(out.notices);
  return out;
}
