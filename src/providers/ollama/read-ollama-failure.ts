import { ProxyError } from '../../core/proxy-error.js';
import { readFailure, type ReadFailureWording } from '../http/read-upstream-body.js';

/** How read failures of Ollama bodies are worded: its streams are NDJSON lines. */
export const OLLAMA_READ_WORDING: ReadFailureWording = { malformed: 'sent a line that is not JSON' };

/** Reading a response body failed: a dropped socket, an idle timeout, our own abort, or a malformed line. */
export function readOllamaFailure(error: unknown, provider: string): ProxyError {
  return readFailure(error, provider, OLLAMA_READ_WORDING);
}

/** An `{"error": "…"}` object inside a 200 answer (Ollama's in-band failure once streaming has started). */
export function inBandOllamaError(message: unknown, provider: string): ProxyError {
  const text = typeof message === 'string' && message !== '' ? message.slice(0, 500) : 'error in stream';
  return new ProxyError('upstream_error', `${provider}: ${text}`, { provider });
}
