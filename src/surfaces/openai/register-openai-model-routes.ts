import type { FastifyInstance } from 'fastify';
import { ProxyError } from '../../core/proxy-error.js';
import type { SurfaceDeps } from '../surface-deps.js';
import { encodeOpenAIModel, encodeOpenAIModelList } from './encode-openai-models.js';
import { sendOpenAIJson } from './send-openai-json.js';

/** `created` for every model: fixed at process start (the proxy does not know when a model was made). */
const CREATED = Math.floor(performance.timeOrigin / 1000);

/** `GET /models` and `GET /models/{id}`, where ids may contain slashes (`openrouter/meta-llama/…`). */
export function registerOpenAIModelRoutes(app: FastifyInstance, deps: SurfaceDeps): void {
  app.get('/models', async (_request, reply) => sendOpenAIJson(reply, encodeOpenAIModelList(deps.gateway.listModels(), CREATED)));

  app.get<{ Params: { '*': string } }>('/models/*', async (request, reply) => {
    const id = request.params['*'];
    const model = deps.gateway.findModel(id);
    if (!model) {
      throw new ProxyError('model_not_found', `The model '${id}' does not exist or you do not have access to it.`);
    }
    return sendOpenAIJson(reply, encodeOpenAIModel(model, CREATED));
  });
}
