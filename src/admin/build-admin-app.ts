import fastifyCookie from '@fastify/cookie';
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { AdminAuth } from './admin-auth.js';
import type { AdminContext } from './admin-context.js';
import type { AdminDeps } from './admin-deps.js';
import { AdminError, sendApiError } from './admin-error.js';
import { isApiPath, registerRequestGuards } from './admin-request-guards.js';
import { AdminRouter } from './admin-route.js';
import { LoginRateLimiter } from './login-rate-limiter.js';
import { registerAliasRoutes } from './register-alias-routes.js';
import { registerAuthRoutes } from './register-auth-routes.js';
import { registerMetaRoutes } from './register-meta-routes.js';
import { registerModelRoutes } from './register-model-routes.js';
import { registerOverviewRoutes } from './register-overview-routes.js';
import { registerProviderRoutes } from './register-provider-routes.js';
import { registerSettingsRoutes } from './register-settings-routes.js';
import { registerUsageRoutes } from './register-usage-routes.js';
import { registerSecurityHeaders } from './security-headers.js';
import { isSpaRoute, registerWebUi, sendSpaIndex } from './serve-web-ui.js';

const DEFAULT_SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** Admin bodies are small JSON documents. */
const BODY_LIMIT_BYTES = 1024 * 1024;
/** Per client IP: 5 failed password attempts per minute (login, password change, widget bearer). */
const LOGIN_LIMIT = { maxFailures: 5, windowMs: 60_000 };

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** Fastify's own errors (body parsing, limits) and ours, as ApiError; anything else is a 500 without details. */
function handleAdminError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof AdminError) {
    if (error.info.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.info.retryAfterSeconds));
    if (error.status >= 500) request.log.error({ err: error.info.cause ?? error, code: error.code }, error.message);
    return sendApiError(reply, error.status, error.code, error.message);
  }
  const code = (error as FastifyError).code;
  const status = (error as FastifyError).statusCode;
  switch (code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return sendApiError(reply, 415, 'unsupported_media_type', 'send a JSON body with Content-Type: application/json');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return sendApiError(reply, 413, 'payload_too_large', `request body is larger than ${BODY_LIMIT_BYTES} bytes`);
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return sendApiError(reply, 400, 'invalid_request', 'malformed JSON body');
  }
  if (error instanceof SyntaxError) return sendApiError(reply, 400, 'invalid_request', 'malformed JSON body');
  if (status !== undefined && status >= 400 && status < 500) return sendApiError(reply, status, 'invalid_request', error.message);
  request.log.error({ err: error }, 'admin request failed');
  return sendApiError(reply, 500, 'internal', 'internal error (see the server log)');
}

/**
 * The admin app (ADMIN_PORT): the JSON API under /api/ and, when `webRoot` is set, the web UI at `/`. Not listening:
 * the caller starts it. Never logs bodies, cookies or headers: one line per request with method, path and status.
 */
export async function buildAdminApp(deps: AdminDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
  });

  // JSON bodies only (anything else is a 415), and an empty body is no body (POST /api/logout with a JSON type).
  const jsonParser = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text === '') done(null, undefined);
    else jsonParser(request, text, done);
  });

  await app.register(fastifyCookie);
  app.setErrorHandler(handleAdminError);
  registerSecurityHeaders(app, isApiPath);
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info({ method: request.method, path: pathOf(request.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'admin request');
    done();
  });

  const auth = new AdminAuth(deps.store, new LoginRateLimiter(LOGIN_LIMIT), deps.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS);
  registerRequestGuards(app, auth);

  const context: AdminContext = { deps, auth, router: new AdminRouter(app) };
  registerAuthRoutes(context);
  registerMetaRoutes(context);
  registerOverviewRoutes(context);
  registerProviderRoutes(context);
  registerModelRoutes(context);
  registerAliasRoutes(context);
  registerUsageRoutes(context);
  registerSettingsRoutes(context);

  const webRoot = deps.webRoot;
  if (webRoot !== undefined) await registerWebUi(app, webRoot);
  app.setNotFoundHandler((request, reply) => {
    if (webRoot !== undefined && isSpaRoute(request.method, request.url)) return sendSpaIndex(reply);
    return sendApiError(reply, 404, 'not_found', `no route ${request.method} ${pathOf(request.url)}`);
  });
  return app;
}
