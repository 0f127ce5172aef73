import { ZodError } from 'zod';
import { ProxyError } from '../core/proxy-error.js';
import { describeZodError } from './zod-issue-message.js';

type FastifyLikeError = { code?: string; statusCode?: number; message?: string };

/** Normalizes anything a handler can throw (ours, zod's, Fastify's body parsing) into a ProxyError. */
export function toProxyError(error: unknown): ProxyError {
  if (ProxyError.is(error)) return error;
  if (error instanceof ZodError) {
    const { message, param } = describeZodError(error);
    return new ProxyError('invalid_request', message, param === undefined ? {} : { param });
  }
  if (error instanceof SyntaxError) {
    return new ProxyError('invalid_request', `malformed JSON body: ${error.message}`);
  }
  const fastifyError = (typeof error === 'object' && error !== null ? error : {}) as FastifyLikeError;
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ProxyError('payload_too_large', 'request body is larger than the configured limit (BODY_LIMIT_BYTES)');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ProxyError('invalid_request', `malformed JSON body: ${fastifyError.message ?? 'invalid'}`);
  }
  const status = fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    return new ProxyError('invalid_request', fastifyError.message ?? 'bad request', { status });
  }
  return new ProxyError('internal', 'internal error', { cause: error });
}
