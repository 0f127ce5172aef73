import { ProxyError } from '../../core/proxy-error.js';

const MAX_MESSAGE = 500;

/** Ollama's `{"error": "…"}`; undefined when the body is something else (a proxy's page, gin's plain-text 404). */
function ollamaErrorMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { error?: unknown };
    return typeof body.error === 'string' ? body.error.slice(0, MAX_MESSAGE) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A non-2xx Ollama answer → our error (statuses from `server/routes.go`: 400 bad request or capability, 404 model not
 * pulled, 500 runner failure, 503 queue full). A 404 without Ollama's error body is a wrong base URL, not a missing
 * model. Auth failures come from a proxy or ollama.com and never repeat its text.
 */
export function parseOllamaHttpError(provider: string, status: number, bodyText: string, retryAfter: string | undefined): ProxyError {
  const message = ollamaErrorMessage(bodyText);
  const detail = message ?? (bodyText.trim().slice(0, 200) || `HTTP ${status}`);
  const info = { provider, upstreamStatus: status };
  const withRetry = retryAfter === undefined ? info : { ...info, retryAfter };
  if (status === 401 || status === 403) {
    return new ProxyError('upstream_auth', `provider '${provider}' rejected our credentials (HTTP ${status}); check the key configured for it`, info);
  }
  if (status === 404) {
    return message === undefined
      ? new ProxyError('upstream_error', `${provider} has no such endpoint (HTTP 404: ${detail}); check that its base URL is the Ollama server root`, info)
      : new ProxyError('model_not_found', `${provider}: ${message}`, info);
  }
  if (status === 429) return new ProxyError('rate_limited', `${provider} rate limit: ${detail}`, withRetry);
  if (status === 408) return new ProxyError('upstream_timeout', `${provider} timed out (HTTP 408)`, info);
  if (status === 413) return new ProxyError('payload_too_large', `${provider}: ${detail}`, info);
  if (status >= 400 && status < 500) {
    return new ProxyError('invalid_request', `${provider} rejected the request: ${detail}`, { ...info, status: status === 422 ? 400 : status });
  }
  if (status === 503) return new ProxyError('upstream_overloaded', `${provider} is busy (HTTP 503): ${detail}`, withRetry);
  return new ProxyError('upstream_error', `${provider} failed (HTTP ${status}): ${detail}`, info);
}
