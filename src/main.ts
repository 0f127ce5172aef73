// First: before any other module allocates (see the module).
import './v8-gc-flags.js';
import { startServer } from './server/start-server.js';

/** Streams still running this long after SIGTERM/SIGINT are cut, so a stop never hangs. */
const SHUTDOWN_TIMEOUT_MS = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 10_000);
/** After cutting connections, how long the usage records and the database get to finish before a hard exit. */
const FLUSH_GRACE_MS = 8_000;

/** Entry point: configuration comes from the environment (see README). */
async function main(): Promise<void> {
  const server = await startServer(process.env);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    server.app.log.info({ signal }, 'shutting down: no new requests, waiting for running ones');
    setTimeout(() => {
      // Cutting the connections ends the remaining streams (their records are still written, as abandoned); the
      // close below then goes on to flush usage records and close the database.
      server.app.log.warn('shutdown timeout reached, closing remaining connections');
      server.app.server.closeAllConnections();
      server.admin?.server.closeAllConnections();
      setTimeout(() => process.exit(1), FLUSH_GRACE_MS).unref();
    }, SHUTDOWN_TIMEOUT_MS).unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`switchboard: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
