import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EmbedRequest } from '../../core/chat-request.js';
import type { EmbedResponse } from '../../core/chat-response.js';
import { ProxyError } from '../../core/proxy-error.js';
import { abortOnClientClose } from '../../util/client-abort.js';
import type { SurfaceDeps } from '../surface-deps.js';
import { decodeOllamaEmbeddingsRequest, decodeOllamaEmbedRequest } from './decode-ollama-embed-request.js';
import { encodeOllamaEmbeddingsResponse, encodeOllamaEmbedResponse } from './encode-ollama-embed-response.js';
import { systemClock } from './ollama-clock.js';
import { requestTrace } from './request-trace.js';
import { sendOllamaJson } from './send-ollama-body.js';

/** Calls the gateway unless there is nothing to embed (Ollama answers that with an empty list, for known models). */
async function embed(deps: SurfaceDeps, embedRequest: EmbedRequest, request: FastifyRequest, reply: FastifyReply): Promise<EmbedResponse> {
  const trace = requestTrace(request);
  trace.requestedModel = embedRequest.model;
  if (embedRequest.inputs.length === 0) {
    if (!deps.gateway.findModel(embedRequest.model)) throw new ProxyError('model_not_found', `model '${embedRequest.model}' not found`);
    return { model: embedRequest.model, vectors: [], usage: {} };
  }
  const abort = abortOnClientClose(reply.raw);
  const { response } = await deps.gateway.embed(embedRequest, { signal: abort.signal, trace });
  return response;
}

/** `POST /api/embed` and the legacy `POST /api/embeddings`. */
export function registerOllamaEmbedRoutes(app: FastifyInstance, deps: SurfaceDeps): void {
  app.post('/api/embed', async (request, reply) => {
    const startNs = systemClock.nowNs();
    const embedRequest = decodeOllamaEmbedRequest(request.body);
    const response = await embed(deps, embedRequest, request, reply);
    const totalDurationNs = Number(systemClock.nowNs() - startNs);
    return sendOllamaJson(reply, encodeOllamaEmbedResponse(response, { model: embedRequest.model, totalDurationNs }));
  });

  app.post('/api/embeddings', async (request, reply) => {
    const embedRequest = decodeOllamaEmbeddingsRequest(request.body);
    const response = await embed(deps, embedRequest, request, reply);
    return sendOllamaJson(reply, encodeOllamaEmbeddingsResponse(response));
  });
}
