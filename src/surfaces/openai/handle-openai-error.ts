import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ProxyError } from '../../core/proxy-error.js';
import { toProxyError } from '../../util/to-proxy-error.js';
import { encodeOpenAIError } from './encode-openai-error.js';
import type { OpenAIErrorBody } from './openai-wire.js';

function sendError(reply: FastifyReply, status: number, body: OpenAIErrorBody): FastifyReply {
  return reply.status(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
}

function logError(request: FastifyRequest, error: ProxyError): void {
  const fields = { code: error.code, status: error.status, upstreamStatus: error.info.upstreamStatus, param: error.info.param };
  if (error.status >= 500) request.log.error({ ...fields, err: error.info.cause ?? error }, error.message);
  else request.log.info(fields, error.message);
}

/**
 * Renders anything a route throws before the response started as OpenAI's `{"error":{message,type,param,code}}`
 * with the ProxyError's status and any Retry-After. Logs codes and messages, never prompts.
 */
export function handleOpenAIError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const proxyError = toProxyError(error);
  logError(request, proxyError);
  if (proxyError.info.retryAfter !== undefined) reply.header('retry-after', proxyError.info.retryAfter);
  // A rejected key will be rejected again: stop the SDK's automatic retries of this 5xx.
  if (proxyError.code === 'upstream_auth') reply.header('x-should-retry', 'false');
  return sendError(reply, proxyError.status, encodeOpenAIError(proxyError));
}

export function handleOpenAINotFound(_request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendError(reply, 404, { error: { message: 'Unknown endpoint', type: 'invalid_request_error', param: null, code: null } });
}
