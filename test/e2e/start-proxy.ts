import { Writable } from 'node:stream';
import { startServer, type RunningServer } from '../../src/server/start-server.js';

export type TestProxy = RunningServer & { logs: string[] };

/**
 * Starts the real server in-process on a free port with the given environment (provider keys and base URLs
 * pointing at fakes). Log lines are captured, so tests can check what is (and is not) logged.
 */
export async function startProxy(env: Record<string, string>): Promise<TestProxy> {
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const server = await startServer({ HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...(process.env.E2E_CATALOG_DIR ? { CATALOG_DIR: process.env.E2E_CATALOG_DIR } : {}), ...env }, { logStream });
  return Object.assign(server, { logs });
}
