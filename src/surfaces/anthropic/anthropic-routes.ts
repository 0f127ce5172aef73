import type { FastifyPluginAsync } from 'fastify';
import type { SurfaceDeps } from '../surface-deps.js';
import { handleAnthropicError } from './handle-anthropic-error.js';
import { registerAnthropicMessageRoutes } from './register-anthropic-message-routes.js';

/**
 * The Anthropic Messages API (shared/reference/anthropic-api.md), for the Anthropic SDKs and Claude Code
 * (`ANTHROPIC_BASE_URL` = Switchboard). The server registers it with `prefix: '/v1'` next to the OpenAI surface;
 * it adds only `/messages` and `/messages/count_tokens`, so no route collides. Encapsulated: its error handler
 * answers in Anthropic's shape for these routes only. It sets no not-found handler: Fastify allows one per prefix,
 * and `/v1`'s belongs to the OpenAI surface.
 */
export const anthropicSurface: FastifyPluginAsync<SurfaceDeps> = async (app, deps) => {
  app.setErrorHandler(handleAnthropicError);
  registerAnthropicMessageRoutes(app, deps);
};
