import type { FastifyInstance } from 'fastify';
import type { ListedModel } from '../../core/model-info.js';
import { ProxyError } from '../../core/proxy-error.js';
import type { SurfaceDeps } from '../surface-deps.js';
import { encodeOllamaShow } from './encode-ollama-show.js';
import { encodeOllamaTags } from './encode-ollama-tags.js';
import { ollamaModelNameRequestSchema, requireOllamaModel } from './ollama-request-schemas.js';
import { sendOllamaJson, sendOllamaNdjson } from './send-ollama-body.js';

/** `model`, or the deprecated `name` that Continue and older clients send. */
function decodeModelName(body: unknown): { model: string; stream: boolean } {
  const wire = ollamaModelNameRequestSchema.parse(body ?? {});
  const model = wire.model != null && wire.model !== '' ? wire.model : wire.name;
  return { model: requireOllamaModel(model), stream: wire.stream !== false };
}

function findOrThrow(deps: SurfaceDeps, model: string, suffix = ''): ListedModel {
  const listed = deps.gateway.findModel(model);
  if (!listed) throw new ProxyError('model_not_found', `model '${model}' not found${suffix}`);
  return listed;
}

/** Liveness, version and the model catalogue: `/`, `/api/version`, `/api/tags`, `/api/ps`, `/api/show`, `/api/pull`. */
export function registerOllamaModelRoutes(app: FastifyInstance, deps: SurfaceDeps, modifiedAt: string): void {
  app.route({
    method: ['GET', 'HEAD'],
    url: '/',
    handler: (_request, reply) => reply.type('text/plain; charset=utf-8').send('Ollama is running'),
  });
  app.route({
    method: ['GET', 'HEAD'],
    url: '/api/version',
    handler: (_request, reply) => sendOllamaJson(reply, { version: deps.ollamaVersion }),
  });
  app.route({
    method: ['GET', 'HEAD'],
    url: '/api/tags',
    handler: (_request, reply) => sendOllamaJson(reply, encodeOllamaTags(deps.gateway.listModels(), modifiedAt)),
  });
  // A proxy keeps nothing loaded.
  app.get('/api/ps', (_request, reply) => sendOllamaJson(reply, { models: [] }));

  app.post('/api/show', (request, reply) => {
    const { model } = decodeModelName(request.body);
    return sendOllamaJson(reply, encodeOllamaShow(findOrThrow(deps, model), modifiedAt));
  });

  // Known models are "already pulled", so `ollama run` and Continue's auto-pull proceed.
  app.post('/api/pull', (request, reply) => {
    const { model, stream } = decodeModelName(request.body);
    findOrThrow(deps, model, '; pulling is not supported by this proxy');
    const success = { status: 'success' };
    return stream ? sendOllamaNdjson(reply, [success]) : sendOllamaJson(reply, success);
  });
}
