import type { FastifyInstance } from 'fastify';
import { abortOnClientClose } from '../../util/client-abort.js';
import '../../util/fastify-request-trace.js';
import type { SurfaceDeps } from '../surface-deps.js';
import { decodeOpenAIEmbeddingRequest } from './decode-openai-embedding-request.js';
import { encodeOpenAIEmbeddingResponse } from './encode-openai-embedding-response.js';
import { sendOpenAIJson } from './send-openai-json.js';

/** `POST /embeddings`, honouring `encoding_format` exactly (float when absent, base64 when asked). */
export function registerOpenAIEmbeddingRoutes(app: FastifyInstance, deps: SurfaceDeps): void {
  app.post('/embeddings', async (request, reply) => {
    const { request: embedRequest, encodingFormat } = decodeOpenAIEmbeddingRequest(request.body);
    request.trace.requestedModel = embedRequest.model;
    const abort = abortOnClientClose(reply.raw);
    const { response } = await deps.gateway.embed(embedRequest, { signal: abort.signal, trace: request.trace });
    return sendOpenAIJson(reply, encodeOpenAIEmbeddingResponse(response, encodingFormat));
  });
}
