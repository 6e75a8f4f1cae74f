import { isAbsolute, resolve } from 'node:path';
import type { Command } from 'commander';
import {
  type ApiSurface,
  alignToDocs,
  DEFAULT_READ_LIMITS,
  type Diagnostic,
  dedupeNotices,
  type InputNotice,
  type Inventory,
  type ReadLimits,
} from '../../model/index.js';
import { createInventoryPiiClassifier } from '../../pii/index.js';
import {
  buildInventory,
  renderInventoryCsv,
  renderInventoryHtml,
  renderInventoryJson,
  renderInventoryMarkdown,
  renderInventoryText,
} from '../../report/index.js';
import type { ShapeAccumulator } from '../../sources/traffic/index.js';
import { type CliIo, CliUsageError, EXIT, progress } from '../io.js';
import { printNotices } from '../notices-output.js';
import { formatOption } from '../options.js';
import { readDocumentedInputs, resolveInputRoots } from '../read-inputs.js';

interface InventoryOptions {
  format: string;
  docs?: string[];
  traffic?: string[];
  code: boolean;
}

const FORMATS = ['text', 'json', 'markdown', 'csv', 'html'];

/**
 * `specwatch inventory [DIR|FILE…] [--traffic FILE…]`: every operation any view knows, where each view saw it, its
 * auth and its PII/PHI fields. A folder brings all three views (docs, code, committed captures); spec files bring the
 * documented view; `--traffic` adds captures, or lists the observed operations alone when nothing else is given.
 */
export function registerInventory(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('inventory')
    .description('list every operation with where each view saw it, its auth and its PII/PHI fields')
    .argument('[paths...]', 'checkout folders or spec files (default: the current folder)')
    .option('--docs <files...>', 'spec entry files to read in a folder instead of discovering them')
    .option('--traffic <files...>', 'HAR / NDJSON capture files to add as the observed view')
    .option('--no-code', 'leave out the implemented view (source code) of folders')
    .addOption(formatOption(FORMATS))
    .action(async (paths: string[], options: InventoryOptions) => {
      const traffic = options.traffic;
      const classifyPii = createInventoryPiiClassifier();
      const inventories: Inventory[] = [];
      const notices: InputNotice[] = [];
      let unreadable = false;
      if (paths.length > 0 || !traffic) {
        for (const root of await resolveInputRoots(paths, io)) {
          if (root.files) {
            const documented = await readDocumentedInputs([root], undefined);
            unreadable ||= documented.errors.length > 0;
            notices.push(...documented.notices);
            const views = [...documented.surfaces];
            if (traffic) {
              // Templated against the spec, then named by its paths, as `scan` does.
              const observed = await readCaptures(traffic, io, notices, documented.surfaces[0]);
              views.push(alignToDocs(observed, documented.surfaces).surface);
            }
            inventories.push(buildInventory(views, { classifyPii }));
            continue;
          }
          // Shapes, so that analyze() templates them against the checkout's spec.
          // Loaded here, not at the top: listing a spec file needs neither the code readers nor the config schema.
          const [{ analyze }, { loadRepoConfig }] = await Promise.all([
            import('../../analyze/index.js'),
            import('../repo-config.js'),
          ]);
          const config = await loadRepoConfig(root.repo);
          const observedShapes = traffic ? await readCaptureShapes(traffic, io, config.limits, notices) : undefined;
          if (!options.code) config.code.enabled = false;
          const result = await analyze({
            repo: root.repo,
            config,
            ...(options.docs ? { docs: options.docs } : {}),
            ...(observedShapes ? { observedShapes } : {}),
          });
          const noticed = new Set(result.notices.map((n) => n.file));
          for (const d of result.diagnostics)
            if (d.level === 'error' && (d.file === undefined || !noticed.has(d.file)))
              io.stderr(`error: ${d.message}\n`);
          unreadable ||= result.specs.some((s) => !s.ok);
          notices.push(...result.notices);
          inventories.push(result.inventory);
        }
      } else {
        inventories.push(buildInventory([await readCaptures(traffic, io, notices)], { classifyPii }));
      }
      const inventory: Inventory = { operations: inventories.flatMap((i) => i.operations) };
      const pii = inventory.operations.filter((op) => op.pii.length > 0).length;
      const unread = dedupeNotices(notices);
      printNotices(io, unread);
      progress(io, `${inventory.operations.length} operations, ${pii} with PII/PHI`);
      io.stdout(render(inventory, options.format, unread));
      if (unreadable) setExit(EXIT.usage);
      else if (inventory.operations.length === 0 && unread.length > 0) {
        // Nothing found at all is not an empty API: say so and fail, so a CI loop notices.
        progress(io, 'specwatch: nothing found to list (see "not read" above); name a spec with --docs');
        setExit(EXIT.usage);
      }
    });
}

async function readCaptures(
  files: string[],
  io: CliIo,
  notices: InputNotice[],
  documented?: ApiSurface,
): Promise<ApiSurface> {
  const abs = files.map((f) => (isAbsolute(f) ? f : resolve(io.cwd, f)));
  const { readTrafficFiles } = await import('../../sources/traffic/index.js');
  try {
    return await readTrafficFiles(abs, {
      ...(documented ? { documented } : {}),
      limits: DEFAULT_READ_LIMITS,
      notices,
    });
  } catch (error) {
    throw new CliUsageError(`traffic: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function readCaptureShapes(
  files: string[],
  io: CliIo,
  limits: ReadLimits,
  notices: InputNotice[],
): Promise<ShapeAccumulator[]> {
  const abs = files.map((f) => (isAbsolute(f) ? f : resolve(io.cwd, f)));
  const { readTrafficAccumulators } = await import('../../sources/traffic/index.js');
  try {
    const diagnostics: Diagnostic[] = [];
    const shapes = await readTrafficAccumulators(abs, { diagnostics, limits, notices });
    for (const d of diagnostics)
      io.stderr(`${d.level}: ${d.file ?? 'traffic'}${d.line ? `:${d.line}` : ''}: ${d.message}\n`);
    return shapes;
  } catch (error) {
    throw new CliUsageError(`traffic: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function render(inventory: Inventory, format: string, notices: readonly InputNotice[]): string {
  switch (format) {
    case 'json':
      return renderInventoryJson(inventory, notices);
    case 'markdown':
      return renderInventoryMarkdown(inventory);
    case 'csv':
      return renderInventoryCsv(inventory);
    case 'html':
      return renderInventoryHtml(inventory, { title: 'API inventory' });
    default:
      return renderInventoryText(inventory);
  }
}
