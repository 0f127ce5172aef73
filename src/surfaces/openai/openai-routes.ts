import type { FastifyPluginAsync } from 'fastify';
import type { SurfaceDeps } from '../surface-deps.js';
import { handleOpenAIError, handleOpenAINotFound } from './handle-openai-error.js';
import { registerOpenAICompletionRoutes } from './register-openai-completion-routes.js';
import { registerOpenAIEmbeddingRoutes } from './register-openai-embedding-routes.js';
import { registerOpenAIModelRoutes } from './register-openai-model-routes.js';

/**
 * The OpenAI API (shared/reference/openai-api.md). The server registers it with `prefix: '/v1'`, so routes here
 * have no prefix. Encapsulated: the error and not-found handlers apply to these routes only.
 */
export const openaiSurface: FastifyPluginAsync<SurfaceDeps> = async (app, deps) => {
  app.setErrorHandler(handleOpenAIError);
  app.setNotFoundHandler(handleOpenAINotFound);
  registerOpenAIModelRoutes(app, deps);
  registerOpenAICompletionRoutes(app, deps);
  registerOpenAIEmbeddingRoutes(app, deps);
};
