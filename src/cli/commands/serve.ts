import { otelServiceNames } from '../../analyze/index.js';
import { localRepo } from '../../checkout/index.js';
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_RATE_LIMIT,
  INGEST_PATH,
  OTLP_TRACES_PATH,
  startIngestServer,
} from '../../ingest/index.js';
import { describeStoreLocation, openStore, type Store } from '../../store/index.js';
import type { CommandRegistrar } from '../io.js';
import { CliUsageError, EXIT, progress } from '../io.js';
import { loadRepoConfig } from '../repo-config.js';
import { addDbOption, parseCount, sketchSecret, waitForShutdown } from './store-options.js';

interface ServeOptions {
  port: string;
  host: string;
  db?: string;
  maxBody: string;
  rate: string;
  burst: string;
  otelService?: string[];
}

/** `specwatch serve`: the ingestion endpoint on its own, for traffic senders when the App is not the receiver. */
export const registerServeCommand: CommandRegistrar = (program, io, setExit) => {
  addDbOption(
    program
      .command('serve')
      .description(
        `serve POST ${INGEST_PATH} and OTLP/HTTP POST ${OTLP_TRACES_PATH} (per-repo bearer tokens; shapes are stored, never values)`,
      )
      .option('--port <port>', 'port to listen on (0 picks one)', '3000')
      .option('--host <host>', 'interface to listen on', '127.0.0.1')
      .option('--max-body <bytes>', 'largest batch accepted', String(DEFAULT_MAX_BODY_BYTES))
      .option('--rate <per-second>', 'batches per second per token', String(DEFAULT_RATE_LIMIT.perSecond))
      .option('--burst <count>', 'batches a token may send at once', String(DEFAULT_RATE_LIMIT.burst))
      .option(
        '--otel-service <names...>',
        'OTLP: keep spans of these service.name values only (default: traffic.otel.serviceName of .github/specwatch.yml here, else all)',
      ),
  ).action(async (options: ServeOptions) => {
    const port = parseCount('--port', options.port);
    const maxBodyBytes = parseCount('--max-body', options.maxBody);
    const perSecond = Number(options.rate);
    if (!(perSecond > 0)) throw new CliUsageError('--rate must be a positive number');
    const burst = parseCount('--burst', options.burst);
    const services = options.otelService ?? otelServiceNames(await loadRepoConfig(localRepo(io.cwd)));
    let store: Store;
    try {
      store = await openStore({ ...(options.db === undefined ? {} : { db: options.db }), env: io.env, cwd: io.cwd });
    } catch (error) {
      throw new CliUsageError(
        `${describeStoreLocation({ ...(options.db === undefined ? {} : { db: options.db }), env: io.env })}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const counts = { accepted: 0, refused: 0, exchanges: 0 };
    const secret = sketchSecret(io);
    const shutdown = waitForShutdown();
    try {
      const server = await startIngestServer({
        store,
        port,
        host: options.host,
        maxBodyBytes,
        rateLimit: { perSecond, burst: Math.max(1, burst) },
        ...(secret === undefined ? {} : { secret }),
        ...(services === undefined ? {} : { serviceNames: () => services }),
        log: (entry) => {
          if (entry.status === 200) {
            counts.accepted += 1;
            counts.exchanges += entry.exchanges ?? 0;
          } else {
            counts.refused += 1;
          }
          io.stderr(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
        },
      });
      progress(
        io,
        `specwatch serve: listening on ${server.url}${INGEST_PATH} and ${server.url}${OTLP_TRACES_PATH} (store: ${describeStoreLocation({ ...(options.db === undefined ? {} : { db: options.db }), env: io.env })})`,
      );
      const signal = await shutdown;
      progress(io, `specwatch serve: ${signal}, shutting down`);
      await server.close();
      progress(
        io,
        `specwatch serve: ${counts.accepted} batches accepted (${counts.exchanges} exchanges), ${counts.refused} refused`,
      );
    } finally {
      await store.close();
    }
    setExit(EXIT.ok);
  });
};
