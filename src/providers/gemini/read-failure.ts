import { ProxyError } from '../../core/proxy-error.js';

/** Reading a response body failed: a dropped socket, an idle timeout, our own abort, or malformed JSON. */
export function readFailure(error: unknown, provider: string): ProxyError {
  if (ProxyError.is(error)) return error;
  const code = (error as { code?: string } | null)?.code;
  if (code === 'UND_ERR_BODY_TIMEOUT') {
    return new ProxyError('upstream_timeout', `${provider} stopped sending (idle timeout)`, { provider, cause: error });
  }
  if (error instanceof SyntaxError) {
    return new ProxyError('upstream_protocol', `${provider} sent malformed JSON`, { provider, cause: error });
  }
  if ((error as { name?: string } | null)?.name === 'AbortError' || code === 'UND_ERR_ABORTED') {
    return new ProxyError('client_closed', 'request aborted', { provider, cause: error });
  }
  return new ProxyError('upstream_error', `${provider} connection failed mid-response`, { provider, cause: error });
}
