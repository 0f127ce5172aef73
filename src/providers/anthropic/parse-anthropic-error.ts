import { ProxyError } from '../../core/proxy-error.js';
import type { AnthropicWireError, AnthropicWireErrorBody } from './anthropic-wire.js';

const MAX_MESSAGE = 500;

/** `error.message` of Anthropic's `{"type":"error","error":{"type","message"}}`, or a short plain-text body. */
function readErrorBody(text: string): { type?: string; message?: string } {
  try {
    const body = JSON.parse(text) as AnthropicWireErrorBody;
    const error = body.error;
    if (error && typeof error === 'object') {
      return {
        ...(typeof error.type === 'string' ? { type: error.type } : {}),
        ...(typeof error.message === 'string' ? { message: error.message.slice(0, MAX_MESSAGE) } : {}),
      };
    }
    return {};
  } catch {
    // Proxies in front of the API (Cloudflare 413, a gateway 502) answer with HTML or plain text.
    const trimmed = text.trim();
    return trimmed === '' || trimmed.startsWith('<') ? {} : { message: trimmed.slice(0, 200) };
  }
}

/**
 * An Anthropic HTTP error → our error (platform.claude.com/docs/en/api/errors). Auth failures never repeat the
 * upstream's text; 529 `overloaded_error` (and 503) is "try again later", with the upstream's Retry-After.
 */
export function parseAnthropicHttpError(provider: string, status: number, bodyText: string, retryAfter: string | undefined): ProxyError {
  const { type, message } = readErrorBody(bodyText);
  const info = { provider, upstreamStatus: status };
  const withRetry = retryAfter === undefined ? info : { ...info, retryAfter };
  if (status === 401 || status === 403) {
    return new ProxyError('upstream_auth', `provider '${provider}' rejected our API key (HTTP ${status}); check the key configured for it`, info);
  }
  if (status === 429) return new ProxyError('rate_limited', `${provider} rate limit: ${message ?? 'too many requests'}`, withRetry);
  if (status === 529 || status === 503) {
    return new ProxyError('upstream_overloaded', `${provider} is overloaded (HTTP ${status})${message ? `: ${message}` : ''}`, withRetry);
  }
  if (status === 404) return new ProxyError('model_not_found', `${provider}: ${message ?? 'model not found'}`, info);
  if (status === 408) return new ProxyError('upstream_timeout', `${provider} timed out (HTTP 408)`, info);
  if (status === 413) return new ProxyError('payload_too_large', `${provider}: ${message ?? 'request too large'}`, info);
  if (status >= 400 && status < 500) {
    // 400 invalid_request_error, 402 billing_error, 409/422…: the upstream's message says what to fix.
    return new ProxyError('invalid_request', `${provider} rejected the request: ${message ?? `HTTP ${status}`}${type && type !== 'invalid_request_error' ? ` (${type})` : ''}`, {
      ...info,
      status: status === 422 ? 400 : status,
    });
  }
  if (status === 504) return new ProxyError('upstream_timeout', `${provider} timed out (HTTP 504)${message ? `: ${message}` : ''}`, info);
  return new ProxyError('upstream_error', `${provider} failed (HTTP ${status})${message ? `: ${message}` : ''}`, info);
}

/** An `event: error` inside a stream that had already started: the HTTP status was 200, so the type decides. */
export function parseAnthropicStreamError(provider: string, error: AnthropicWireError | undefined): ProxyError {
  const type = typeof error?.type === 'string' ? error.type : undefined;
  const message = typeof error?.message === 'string' ? error.message.slice(0, MAX_MESSAGE) : undefined;
  const text = `${provider}: ${message ?? type ?? 'error in stream'}`;
  const info = { provider };
  switch (type) {
    case 'overloaded_error':
      return new ProxyError('upstream_overloaded', text, info);
    case 'rate_limit_error':
      return new ProxyError('rate_limited', text, info);
    case 'timeout_error':
      return new ProxyError('upstream_timeout', text, info);
    case 'authentication_error':
    case 'permission_error':
      return new ProxyError('upstream_auth', `provider '${provider}' rejected our API key`, info);
    case 'invalid_request_error':
      return new ProxyError('invalid_request', text, info);
    default:
      return new ProxyError('upstream_error', text, info);
  }
}
