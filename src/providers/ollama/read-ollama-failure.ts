import { ProxyError } from '../../core/proxy-error.js';

/** Reading a response body failed: a dropped socket, an idle timeout, our own abort, or a malformed line. */
export function readOllamaFailure(error: unknown, provider: string): ProxyError {
  if (ProxyError.is(error)) return error;
  const code = (error as { code?: string } | null)?.code;
  if (code === 'UND_ERR_BODY_TIMEOUT') {
    return new ProxyError('upstream_timeout', `${provider} stopped sending (idle timeout)`, { provider, cause: error });
  }
  if (error instanceof SyntaxError) {
    return new ProxyError('upstream_protocol', `${provider} sent a line that is not JSON`, { provider, cause: error });
  }
  if ((error as { name?: string } | null)?.name === 'AbortError' || code === 'UND_ERR_ABORTED') {
    return new ProxyError('client_closed', 'request aborted', { provider, cause: error });
  }
  return new ProxyError('upstream_error', `${provider} connection failed mid-response`, { provider, cause: error });
}

/** An `{"error": "…"}` object inside a 200 answer (Ollama's in-band failure once streaming has started). */
export function inBandOllamaError(message: unknown, provider: string): ProxyError {
  const text = typeof message === 'string' && message !== '' ? message.slice(0, 500) : 'error in stream';
  return new ProxyError('upstream_error', `${provider}: ${text}`, { provider });
}
