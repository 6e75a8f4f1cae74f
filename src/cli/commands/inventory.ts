import type { Command } from 'commander';
import type { Inventory } from '../../model/index.js';
import { buildInventory } from '../../report/index.js';
import { type CliIo, EXIT, progress } from '../io.js';
import { formatOption } from '../options.js';
import { readDocumentedInputs, resolveInputRoots } from '../read-inputs.js';

interface InventoryOptions {
  format: string;
  docs?: string[];
}

/** `specwatch inventory [DIR|FILE…]`: every operation the views know, with evidence, auth and PII fields. */
export function registerInventory(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('inventory')
    .description('list every operation of the API with where each view saw it, its auth and its PII fields')
    .argument('[paths...]', 'checkout folders or spec files (default: the current folder)')
    .option('--docs <files...>', 'spec entry files to read instead of discovering them (relative to the folder)')
    .addOption(formatOption(['text', 'json']))
    .action(async (paths: string[], options: InventoryOptions) => {
      const roots = await resolveInputRoots(paths, io);
      const documented = await readDocumentedInputs(roots, options.docs, io);
      const inventory = buildInventory(documented.surfaces);
      progress(
        io,
        `${inventory.operations.length} operations in ${documented.surfaces.length} spec${documented.surfaces.length === 1 ? '' : 's'}`,
      );
      io.stdout(options.format === 'json' ? `${JSON.stringify(inventory, null, 2)}\n` : renderText(inventory));
      if (documented.errors.length > 0) setExit(EXIT.usage);
    });
}

function renderText(inventory: Inventory): string {
  const rows = inventory.operations.map((op) => {
    const doc = op.evidence.find((e) => e.source === 'documented' || e.source === 'implemented');
    return [
      op.method,
      op.path,
      doc && 'file' in doc ? `${doc.file}:${doc.line}` : '',
      (op.parameters ?? []).join(' '),
      (op.statuses ?? []).join(' '),
      op.security.length > 0 ? op.security.join(',') : 'none',
    ];
  });
  const header = ['METHOD', 'PATH', 'WHERE', 'PARAMETERS', 'STATUSES', 'AUTH'];
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => (r[i] as string).length))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
