import type { FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { loadCatalog } from '../catalog/load-catalog.js';
import { createUpstreamHttp } from '../providers/http/upstream-http.js';
import { ModelRegistry } from '../routing/model-registry.js';
import { RoutingGateway } from '../routing/routing-gateway.js';
import { buildApp } from './build-app.js';
import { createProviders } from './create-providers.js';
import { readConfig } from './read-config.js';
import { bufferedStdout } from './buffered-stdout.js';

export type RunningServer = { app: FastifyInstance; url: string; close(): Promise<void> };

/** Reads configuration from `env`, wires catalog → providers → gateway → app, and listens. */
export async function startServer(env: NodeJS.ProcessEnv, options: { logStream?: DestinationStream } = {}): Promise<RunningServer> {
  // CATALOG_DIR lets an operator ship a catalog of their own (same format as data/catalog).
  const catalog = loadCatalog(env.CATALOG_DIR?.trim() || undefined);
  const config = readConfig(env, catalog.providers);
  const http = createUpstreamHttp(config.timeouts);
  const stdout = options.logStream ? undefined : bufferedStdout();
  const logStream = options.logStream ?? stdout!.stream;

  const { providers, warnings } = createProviders(catalog.providers, config.providers, http);
  const gateway = new RoutingGateway(new ModelRegistry(catalog, new Set(providers.keys())), providers);
  const app = await buildApp({
    gateway,
    logLevel: config.logLevel,
    bodyLimitBytes: config.bodyLimitBytes,
    corsOrigins: config.corsOrigins,
    logStream,
  });
  for (const warning of warnings) app.log.warn(warning);

  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  app.log.info({ providers: [...providers.keys()], models: gateway.listModels().length }, `Switchboard listening on http://${host}:${port}`);
  if (providers.size === 0) {
    app.log.warn('no provider is configured: set OPENAI_API_KEY (or another provider key) to serve models');
  }
  return {
    app,
    url: `http://${host}:${port}`,
    async close() {
      await app.close();
      await http.dispatcher.close();
      stdout?.stop();
    },
  };
}
