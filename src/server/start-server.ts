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

  // The gateway needs the providers and the app's logger needs to exist first: build the app around a late-bound gateway.
  let gateway: RoutingGateway | undefined;
  const app = await buildApp({
    gateway: {
      listModels: () => gateway!.listModels(),
      findModel: (name) => gateway!.findModel(name),
      chat: (request, call) => gateway!.chat(request, call),
      chatStream: (request, call) => gateway!.chatStream(request, call),
      embed: (request, call) => gateway!.embed(request, call),
    },
    logLevel: config.logLevel,
    bodyLimitBytes: config.bodyLimitBytes,
    corsOrigins: config.corsOrigins,
    logStream,
  });
  const providers = createProviders(catalog.providers, config.providers, http, app.log);
  gateway = new RoutingGateway(new ModelRegistry(catalog, new Set(providers.keys())), providers);

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
