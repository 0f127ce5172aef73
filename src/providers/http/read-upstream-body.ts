import { ProxyError } from '../../core/proxy-error.js';

export type ReadFailureWording = {
  /** After the provider id, for a body or line that does not parse, e.g. `sent malformed JSON`. */
  malformed?: string;
  /** Where a dropped connection happened: `mid-response` (default) or `mid-stream`. */
  during?: string;
};

/**
 * Reading a response body failed: a dropped socket, an idle timeout, our own abort, or something that does not
 * parse. One mapping for every provider; each chooses only its wording.
 */
export function readFailure(error: unknown, provider: string, wording: ReadFailureWording = {}): ProxyError {
  if (ProxyError.is(error)) return error;
  const code = (error as { code?: string } | null)?.code;
  if (code === 'UND_ERR_BODY_TIMEOUT') {
    return new ProxyError('upstream_timeout', `${provider} stopped sending (idle timeout)`, { provider, cause: error });
  }
  if (error instanceof SyntaxError) {
    return new ProxyError('upstream_protocol', `${provider} ${wording.malformed ?? 'sent malformed JSON'}`, { provider, cause: error });
  }
  if ((error as { name?: string } | null)?.name === 'AbortError' || code === 'UND_ERR_ABORTED') {
    return new ProxyError('client_closed', 'request aborted', { provider, cause: error });
  }
  return new ProxyError('upstream_error', `${provider} connection failed ${wording.during ?? 'mid-response'}`, { provider, cause: error });
}

/** A whole (non-stream) JSON answer: read failures mapped as above, a body that is not JSON a protocol error. */
export async function readUpstreamJson<T>(body: { text(): Promise<string> }, provider: string, wording: ReadFailureWording = {}): Promise<T> {
  let text: string;
  try {
    text = await body.text();
  } catch (error) {
    throw readFailure(error, provider, wording);
  }
  try {
    // JSON.parse also skips the blank lines DeepSeek sends ahead of a body under load.
    return JSON.parse(text) as T;
  } catch (error) {
    throw new ProxyError('upstream_protocol', `${provider} returned a body that is not JSON`, { provider, cause: error });
  }
}
