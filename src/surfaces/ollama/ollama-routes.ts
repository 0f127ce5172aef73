import type { FastifyPluginAsync } from 'fastify';
import type { SurfaceDeps } from '../surface-deps.js';
import { formatOllamaTimestamp } from './format-ollama-timestamp.js';
import { handleOllamaError } from './handle-ollama-error.js';
import { registerOllamaCompletionRoutes } from './register-ollama-completion-routes.js';
import { registerOllamaEmbedRoutes } from './register-ollama-embed-routes.js';
import { registerOllamaModelRoutes } from './register-ollama-model-routes.js';
import { registerOllamaUnsupportedRoutes } from './register-ollama-unsupported-routes.js';

/** `modified_at` for every listed model: fixed at process start (a proxy has no model files to date). */
const MODIFIED_AT = formatOllamaTimestamp(new Date(Math.floor(performance.timeOrigin)));

/**
 * The Ollama API (shared/reference/ollama-api.md), registered at the root prefix. Encapsulated: the error
 * handler and the body parser apply to these routes only.
 */
export const ollamaSurface: FastifyPluginAsync<SurfaceDeps> = async (app, deps) => {
  app.setErrorHandler(handleOllamaError);
  // Ollama ignores the content type (curl -d sends form-encoded, fetch sends text/plain): parse every body as JSON.
  // This context is encapsulated, so the parsers of other surfaces are untouched.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'ignore'));
  registerOllamaModelRoutes(app, deps, MODIFIED_AT);
  registerOllamaCompletionRoutes(app, deps);
  registerOllamaEmbedRoutes(app, deps);
  registerOllamaUnsupportedRoutes(app);
};
