import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { startServer, type RunningServer } from '../../src/server/start-server.js';

export type TestProxy = RunningServer & { logs: string[]; dataDir: string };

/**
 * Starts the real server in-process on a free port with the given environment (provider keys and base URLs
 * pointing at fakes). Log lines are captured, so tests can check what is (and is not) logged. Each proxy gets its
 * own SQLite database in a temp dir (removed on close) unless DATA_DIR or DATABASE_URL is given; the admin port is
 * off unless the test turns it on (ADMIN_ENABLED=true, ADMIN_PORT=0).
 */
export async function startProxy(env: Record<string, string>): Promise<TestProxy> {
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const ownDataDir = env.DATA_DIR === undefined ? mkdtempSync(join(tmpdir(), 'switchboard-e2e-')) : undefined;
  const dataDir = env.DATA_DIR ?? ownDataDir!;
  const server = await startServer(
    {
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      ADMIN_ENABLED: 'false',
      ADMIN_PORT: '0',
      DATA_DIR: dataDir,
      ...(process.env.E2E_CATALOG_DIR ? { CATALOG_DIR: process.env.E2E_CATALOG_DIR } : {}),
      ...env,
    },
    { logStream },
  );
  const close = server.close.bind(server);
  return Object.assign(server, {
    logs,
    dataDir,
    async close() {
      await close();
      if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
    },
  });
}
