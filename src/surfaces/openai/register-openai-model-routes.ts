import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProxyError } from '../../core/proxy-error.js';
import { encodeAnthropicModel, encodeAnthropicModelList } from '../anthropic/encode-anthropic-models.js';
import type { SurfaceDeps } from '../surface-deps.js';
import { encodeOpenAIModel, encodeOpenAIModelList } from './encode-openai-models.js';
import { sendOpenAIJson } from './send-openai-json.js';

/** `created` for every model: fixed at process start (the proxy does not know when a model was made). */
const CREATED = Math.floor(performance.timeOrigin / 1000);

const CREATED_AT = new Date(CREATED * 1000).toISOString();

/**
 * Anthropic's SDK and Claude Code list models at the same path as OpenAI's clients, and always send an
 * `anthropic-version` header, which OpenAI clients never do: that header picks Anthropic's shape.
 */
function wantsAnthropicShape(request: FastifyRequest): boolean {
  return request.headers['anthropic-version'] !== undefined;
}

/** `GET /models` and `GET /models/{id}`, where ids may contain slashes (`openrouter/meta-llama/…`). */
export function registerOpenAIModelRoutes(app: FastifyInstance, deps: SurfaceDeps): void {
  app.get('/models', async (request, reply) => {
    const models = deps.gateway.listModels();
    if (wantsAnthropicShape(request)) return sendOpenAIJson(reply, encodeAnthropicModelList(models, CREATED_AT));
    return sendOpenAIJson(reply, encodeOpenAIModelList(models, CREATED));
  });

  app.get<{ Params: { '*': string } }>('/models/*', async (request, reply) => {
    const id = request.params['*'];
    const model = deps.gateway.findModel(id);
    if (!model) {
      throw new ProxyError('model_not_found', `The model '${id}' does not exist or you do not have access to it.`);
    }
    if (wantsAnthropicShape(request)) return sendOpenAIJson(reply, encodeAnthropicModel(model, CREATED_AT));
    return sendOpenAIJson(reply, encodeOpenAIModel(model, CREATED));
  });
}
