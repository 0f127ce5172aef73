import type { FastifyInstance } from 'fastify';

const SWEEP_INTERVAL_MS = 200;

/**
 * Closes a Fastify app, letting running requests (streams) finish. Fastify closes idle keep-alive connections once,
 * when close starts; a client can still open a connection after that and send nothing (undici opens a spare one
 * after an aborted stream), which would keep the server open until Node's 60 s headers timeout. While closing, idle
 * connections (no request in flight) are swept again every 200 ms.
 */
export async function closeApp(app: FastifyInstance): Promise<void> {
  const sweep = setInterval(() => app.server.closeIdleConnections(), SWEEP_INTERVAL_MS);
  try {
    await app.close();
  } finally {
    clearInterval(sweep);
  }
}
