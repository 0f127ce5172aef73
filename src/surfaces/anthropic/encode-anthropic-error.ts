import type { ProxyError } from '../../core/proxy-error.js';
import { encodeSseEvent } from '../../util/sse.js';
import type { AnthropicErrorBody, AnthropicErrorType } from './anthropic-wire.js';

/** The status an Anthropic client sees: an overloaded upstream is Anthropic's own 529, whatever status it used. */
export function anthropicErrorStatus(error: ProxyError): number {
  return error.code === 'upstream_overloaded' ? 529 : error.status;
}

/**
 * Anthropic's error `type` by status (platform.claude.com/docs/en/api/errors); the SDK picks its exception class
 * from the status, and clients such as Claude Code read the type. Other 4xx are `invalid_request_error`, other 5xx
 * (our 502 for upstream failures) `api_error`.
 */
export function anthropicErrorType(status: number): AnthropicErrorType {
  switch (status) {
    case 401:
      return 'authentication_error';
    case 402:
      return 'billing_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 504:
      return 'timeout_error';
    case 529:
      return 'overloaded_error';
    default:
      return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

/** A ProxyError as an HTTP error body, `{"type":"error","error":{"type","message"},"request_id"}`. */
export function encodeAnthropicError(error: ProxyError, requestId?: string): AnthropicErrorBody {
  const body: AnthropicErrorBody = { type: 'error', error: { type: anthropicErrorType(anthropicErrorStatus(error)), message: error.message } };
  if (requestId !== undefined) body.request_id = requestId;
  return body;
}

/** A failure after the stream started: an `event: error` frame (the SDK throws APIError on it). Nothing may follow. */
export function encodeAnthropicStreamError(error: ProxyError): string {
  return encodeSseEvent('error', JSON.stringify(encodeAnthropicError(error)));
}
