import type { DestinationStream } from 'pino';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Gateway } from '../core/gateway.js';
import { anthropicSurface } from '../surfaces/anthropic/anthropic-routes.js';
import { ollamaSurface } from '../surfaces/ollama/ollama-routes.js';
import { openaiSurface } from '../surfaces/openai/openai-routes.js';
import type { SurfaceDeps } from '../surfaces/surface-deps.js';
import { registerUsageTracking, type UsageTrackingOptions } from '../usage/track-usage.js';
import '../util/fastify-request-trace.js';
import { registerCors } from './cors.js';

/** The URL path without its query string (never logged). */
function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** The version we report on /api/version: numeric (Open WebUI parses it) and >= 0.12.10 (tool-call ids). */
export const OLLAMA_COMPATIBLE_VERSION = '0.13.0';

export type AppOptions = {
  gateway: Gateway;
  logLevel: string;
  bodyLimitBytes: number;
  corsOrigins: string[];
  /** Where logs go; defaults to stdout. */
  logStream?: DestinationStream;
  /** One usage record per inference request (src/usage); none when absent. */
  usageTracking?: UsageTrackingOptions;
};

/** The API app (PORT): Ollama routes at the root, OpenAI routes under /v1, one log line per request. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: options.logLevel,
      ...(options.logStream ? { stream: options.logStream } : {}),
      // Requests are logged by our onResponse hook, which knows the model and provider; never headers or bodies.
      serializers: { req: () => ({}), res: () => ({}) },
    },
    logController: new LogController({ disableRequestLogging: true }),
    // Every request would otherwise get its own pino child logger; our lines carry reqId themselves.
    childLoggerFactory: (logger) => logger,
    bodyLimit: options.bodyLimitBytes,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
  });

  // Ollama does not require a JSON content type (curl -d sends form-encoded), so parse any body as JSON.
  const jsonParser = app.getDefaultJsonParser('error', 'ignore');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, jsonParser);

  app.decorateRequest('trace', null as never);
  // Callback-style hooks: on every request, they skip the promise an async hook costs.
  app.addHook('onRequest', (request, _reply, done) => {
    request.trace = {};
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const trace = request.trace;
    // One object literal, no spreads: this runs on every request (see docs/performance.md).
    request.log.info(
      {
        reqId: request.id,
        method: request.method,
        path: pathOf(request.url),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        model: trace.requestedModel,
        provider: trace.provider,
        upstreamModel: trace.upstreamModel,
      },
      'request',
    );
    done();
  });
  registerCors(app, options.corsOrigins);
  if (options.usageTracking) registerUsageTracking(app, options.usageTracking); // before the surfaces: an onRoute hook
  // Outside /v1 (which answers in OpenAI's shape) unknown paths answer in Ollama's shape, as Ollama itself does.
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).type('application/json; charset=utf-8').send(JSON.stringify({ error: `404 page not found: ${request.method} ${pathOf(request.url)}` }));
  });

  const deps: SurfaceDeps = { gateway: options.gateway, ollamaVersion: OLLAMA_COMPATIBLE_VERSION };
  await app.register(ollamaSurface, deps);
  await app.register(openaiSurface, { ...deps, prefix: '/v1' });
  await app.register(anthropicSurface, { ...deps, prefix: '/v1' });
  return app;
}
