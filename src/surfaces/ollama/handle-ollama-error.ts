import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { toProxyError } from '../../util/to-proxy-error.js';
import type { OllamaErrorBody } from './ollama-wire.js';

/**
 * Renders anything a route throws before the response started as Ollama's `{"error": message}` with a JSON
 * content type (ollama-js only reads `error` when the content type says JSON). Logs codes, never prompts.
 */
export function handleOllamaError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const proxyError = toProxyError(error);
  const fields = { code: proxyError.code, status: proxyError.status, upstreamStatus: proxyError.info.upstreamStatus };
  if (proxyError.status >= 500) request.log.error({ ...fields, err: proxyError.info.cause ?? proxyError }, proxyError.message);
  else request.log.info(fields, proxyError.message);
  if (proxyError.info.retryAfter !== undefined) reply.header('retry-after', proxyError.info.retryAfter);
  const body: OllamaErrorBody = { error: proxyError.message };
  return reply.status(proxyError.status).type('application/json; charset=utf-8').send(JSON.stringify(body));
}
