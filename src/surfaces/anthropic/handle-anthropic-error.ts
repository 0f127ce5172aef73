import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ProxyError } from '../../core/proxy-error.js';
import { toProxyError } from '../../util/to-proxy-error.js';
import { anthropicErrorStatus, encodeAnthropicError } from './encode-anthropic-error.js';
import { sendAnthropicJson } from './send-anthropic-json.js';

function logError(request: FastifyRequest, error: ProxyError, status: number): void {
  const fields = { code: error.code, status, upstreamStatus: error.info.upstreamStatus, param: error.info.param };
  if (status >= 500) request.log.error({ ...fields, err: error.info.cause ?? error }, error.message);
  else request.log.info(fields, error.message);
}

/**
 * Renders anything the Messages routes throw before the response started as Anthropic's
 * `{"type":"error","error":{"type","message"},"request_id"}`, with the status the SDK maps to its exception classes
 * (529 for an overloaded upstream) and any Retry-After. Logs codes and messages, never prompts or headers.
 */
export function handleAnthropicError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const proxyError = toProxyError(error);
  const status = anthropicErrorStatus(proxyError);
  logError(request, proxyError, status);
  if (proxyError.info.retryAfter !== undefined) reply.header('retry-after', proxyError.info.retryAfter);
  // A rejected provider key will be rejected again: stop the SDK's automatic retries of this 5xx.
  if (proxyError.code === 'upstream_auth') reply.header('x-should-retry', 'false');
  reply.header('request-id', request.id);
  return sendAnthropicJson(reply, encodeAnthropicError(proxyError, request.id), status);
}
