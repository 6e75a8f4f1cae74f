import { stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { storeAccumulators } from '../../ingest/index.js';
import { DEFAULT_READ_LIMITS, type InputNotice } from '../../model/index.js';
import { readTrafficAccumulators, type ShapeAccumulator, TrafficParseError } from '../../sources/traffic/index.js';
import type { CommandRegistrar } from '../io.js';
import { CliUsageError, EXIT, progress } from '../io.js';
import { printNotices } from '../notices-output.js';
import { formatOption } from '../options.js';
import { addDbOption, parseRepo, sketchSecret, withStore } from './store-options.js';

interface ObserveOptions {
  repo: string;
  db?: string;
  format: 'text' | 'json';
}

/** `specwatch observe FILE…`: imports HAR / NDJSON captures into the store as shapes (never values). */
export const registerObserveCommand: CommandRegistrar = (program, io, setExit) => {
  addDbOption(
    program
      .command('observe')
      .description('import HAR / NDJSON captures into the store (shapes only, never values)')
      .argument('<files...>', 'capture files (.har, .ndjson, .jsonl; optionally .gz)')
      .requiredOption('--repo <owner/name>', 'repository the observations belong to'),
  )
    .addOption(formatOption(['text', 'json']))
    .action(async (files: string[], options: ObserveOptions) => {
      const repo = parseRepo(options.repo);
      const paths = files.map((file) => (isAbsolute(file) ? file : join(io.cwd, file)));
      for (const [i, path] of paths.entries()) {
        const info = await stat(path).catch(() => undefined);
        if (info === undefined || !info.isFile()) throw new CliUsageError(`cannot read ${files[i]}`);
      }
      const perFile: Array<{ file: string; exchanges: number }> = [];
      let accumulators: ShapeAccumulator[];
      const notices: InputNotice[] = [];
      try {
        const secret = sketchSecret(io);
        accumulators = await readTrafficAccumulators(paths, {
          ...(secret === undefined ? {} : { secret }),
          limits: DEFAULT_READ_LIMITS,
          notices,
          onFile: (input, exchanges) => {
            const file = files[paths.indexOf(input as string)] ?? String(input);
            perFile.push({ file, exchanges });
            progress(io, `${file}: ${exchanges} exchanges`);
          },
        });
      } catch (error) {
        const file = files[perFile.length] ?? '';
        if (error instanceof TrafficParseError) throw new CliUsageError(`${file}: ${error.message}`);
        throw new CliUsageError(`${file}: cannot be read as a capture`);
      }
      printNotices(io, notices);
      const exchanges = perFile.reduce((sum, f) => sum + f.exchanges, 0);
      const merged = await withStore(io, options.db, (store) => storeAccumulators(store, repo, accumulators));
      const summary = {
        repo,
        files: perFile,
        exchanges,
        operations: accumulators.length,
        newOperations: merged.inserted,
        updatedOperations: merged.updated,
      };
      if (options.format === 'json') io.stdout(`${JSON.stringify(summary)}\n`);
      else
        io.stdout(
          `${repo}: ${exchanges} exchanges from ${files.length} file${files.length === 1 ? '' : 's'} → ${accumulators.length} operation shapes (${merged.inserted} new, ${merged.updated} updated)\n`,
        );
      setExit(EXIT.ok);
    });
};
