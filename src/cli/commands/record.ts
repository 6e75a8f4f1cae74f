import { mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { createFileSink, createIngestSink, type ShapeSink, startRecordingProxy } from '../../record/index.js';
import { reduceExchange } from '../../sources/traffic/index.js';
import type { CommandRegistrar } from '../io.js';
import { CliUsageError, EXIT, progress } from '../io.js';
import { formatOption } from '../options.js';
import { parseCount, sketchSecret, waitForShutdown } from './store-options.js';

interface RecordOptions {
  target: string;
  listen: string;
  host: string;
  out?: string;
  ingest?: string;
  token?: string;
  captureLimit: string;
  format: 'text' | 'json';
}

/** `specwatch record`: a reverse proxy that forwards traffic unchanged and captures its shapes on the side. */
export const registerRecordCommand: CommandRegistrar = (program, io, setExit) => {
  program
    .command('record')
    .description('reverse proxy: forward traffic unchanged, write its shapes (never values) to a file or to ingestion')
    .requiredOption('--target <url>', 'upstream service, e.g. http://127.0.0.1:3000')
    .option('--listen <port>', 'port to listen on (0 picks one)', '8080')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--out <file>', 'append exchange shapes as NDJSON to this file')
    .option('--ingest <url>', 'send shapes to this ingestion endpoint (…/specwatch/ingest)')
    .option('--token <token>', 'ingestion token (default $SPECWATCH_TOKEN; prefer the variable: argv is visible to ps)')
    .option('--capture-limit <bytes>', 'bytes of each body kept for shape inference', String(1024 * 1024))
    .addOption(formatOption(['text', 'json']))
    .action(async (options: RecordOptions) => {
      let target: URL;
      try {
        target = new URL(options.target);
      } catch {
        throw new CliUsageError('--target must be a URL such as http://127.0.0.1:3000');
      }
      if (target.protocol !== 'http:' && target.protocol !== 'https:')
        throw new CliUsageError('--target must be http(s)');
      const port = parseCount('--listen', options.listen);
      const captureLimit = parseCount('--capture-limit', options.captureLimit);
      if ((options.out === undefined) === (options.ingest === undefined)) {
        throw new CliUsageError('give exactly one of --out FILE or --ingest URL');
      }
      let sink: ShapeSink;
      if (options.ingest !== undefined) {
        const token = options.token ?? io.env.SPECWATCH_TOKEN;
        if (token === undefined || token === '') throw new CliUsageError('--ingest needs --token or $SPECWATCH_TOKEN');
        try {
          new URL(options.ingest);
        } catch {
          throw new CliUsageError('--ingest must be a URL');
        }
        sink = createIngestSink({ url: options.ingest, token, log: (message) => progress(io, `record: ${message}`) });
      } else {
        const path = isAbsolute(options.out!) ? options.out! : join(io.cwd, options.out!);
        await mkdir(dirname(path), { recursive: true });
        sink = createFileSink(path);
      }
      const secret = sketchSecret(io);
      const reduceOptions = secret === undefined ? {} : { secret };
      const shutdown = waitForShutdown();
      let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
      try {
        proxy = await startRecordingProxy({
          target: options.target,
          port,
          host: options.host,
          captureLimit,
          onExchange: (exchange) => {
            const shape = reduceExchange(exchange, reduceOptions);
            if (shape !== null) sink.write(shape);
          },
          log: (message) => progress(io, `record: ${message}`),
        });
      } catch (error) {
        await sink.close();
        throw new CliUsageError(
          `cannot listen on ${options.host}:${port}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      progress(io, `specwatch record: ${proxy.url} → ${target.origin} (Ctrl-C to stop)`);
      const signal = await shutdown;
      progress(io, `specwatch record: ${signal}, finishing in-flight exchanges`);
      const stats = await proxy.close();
      const delivered = await sink.close();
      const summary = {
        ...stats,
        shapesWritten: delivered.written,
        shapesDropped: delivered.dropped,
        destination: delivered.destination,
      };
      if (options.format === 'json') io.stdout(`${JSON.stringify(summary)}\n`);
      progress(
        io,
        `specwatch record: ${stats.requests} requests forwarded, ${stats.captured} exchanges captured, ${stats.upgrades} upgrades tunnelled, ${stats.upstreamErrors} upstream errors; ${delivered.written} shapes written to ${delivered.destination}${delivered.dropped > 0 ? `, ${delivered.dropped} dropped` : ''}`,
      );
      setExit(EXIT.ok);
    });
};
