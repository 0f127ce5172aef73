import { ProxyError } from '../../core/proxy-error.js';
import type { GeminiWireError } from './gemini-wire.js';

const MAX_MESSAGE = 500;

/** `{"error":{code,message,status,details}}`, or the same wrapped in a one-element array (seen from the API too). */
export function readGeminiErrorBody(text: string): GeminiWireError | undefined {
  try {
    let body = JSON.parse(text) as unknown;
    if (Array.isArray(body)) body = body[0];
    const error = (body as { error?: unknown } | null)?.error;
    return typeof error === 'object' && error !== null ? (error as GeminiWireError) : undefined;
  } catch {
    // Proxies in front of the API answer with HTML or plain text.
    const trimmed = text.trim();
    return trimmed === '' || trimmed.startsWith('<') ? undefined : { message: trimmed.slice(0, 200) };
  }
}

/** The `reason` of an `ErrorInfo` detail (`API_KEY_INVALID`, `RATE_LIMIT_EXCEEDED`…). */
function errorInfoReason(error: GeminiWireError | undefined): string | undefined {
  for (const detail of error?.details ?? []) {
    if (typeof detail.reason === 'string' && String(detail['@type'] ?? '').endsWith('google.rpc.ErrorInfo')) return detail.reason;
  }
  return undefined;
}

/** `RetryInfo.retryDelay` ("17s", "0.5s") as whole seconds for a Retry-After header. */
export function retryDelaySeconds(error: GeminiWireError | undefined): string | undefined {
  for (const detail of error?.details ?? []) {
    const delay = detail.retryDelay;
    if (typeof delay === 'string' && String(detail['@type'] ?? '').endsWith('google.rpc.RetryInfo')) {
      const seconds = /^(\d+(?:\.\d+)?)s$/.exec(delay)?.[1];
      if (seconds !== undefined) return String(Math.ceil(Number(seconds)));
    }
  }
  return undefined;
}

const messageOf = (error: GeminiWireError | undefined) => (typeof error?.message === 'string' && error.message !== '' ? error.message.slice(0, MAX_MESSAGE) : undefined);

/**
 * A Gemini HTTP error → our error. Bad keys come as 400 `API_KEY_INVALID` as well as 401/403 (PERMISSION_DENIED),
 * and their text is never repeated. 429 RESOURCE_EXHAUSTED carries its retry delay in a RetryInfo detail, not always
 * a Retry-After header. 503 UNAVAILABLE means overloaded.
 */
export function parseGeminiHttpError(provider: string, status: number, bodyText: string, retryAfter: string | undefined): ProxyError {
  const error = readGeminiErrorBody(bodyText);
  return mapGeminiError(provider, error, status, retryAfter ?? retryDelaySeconds(error));
}

/** An `{"error":…}` chunk inside a stream that had already started (HTTP 200): its code and status decide. */
export function parseGeminiStreamError(provider: string, error: GeminiWireError): ProxyError {
  return mapGeminiError(provider, error, typeof error.code === 'number' ? error.code : undefined, retryDelaySeconds(error), false);
}

function mapGeminiError(
  provider: string,
  error: GeminiWireError | undefined,
  status: number | undefined,
  retryAfter: string | undefined,
  isHttp = true,
): ProxyError {
  const message = messageOf(error);
  const rpcStatus = typeof error?.status === 'string' ? error.status : undefined;
  const info = isHttp && status !== undefined ? { provider, upstreamStatus: status } : { provider };
  const withRetry = retryAfter === undefined ? info : { ...info, retryAfter };
  const reason = errorInfoReason(error);
  // In a stream the HTTP status was 200; the error's own code only picks the mapping.
  const http = isHttp && status !== undefined ? ` (HTTP ${status})` : '';

  if (status === 401 || status === 403 || rpcStatus === 'UNAUTHENTICATED' || rpcStatus === 'PERMISSION_DENIED' || reason === 'API_KEY_INVALID' || /API key not valid/i.test(message ?? '')) {
    return new ProxyError('upstream_auth', `provider '${provider}' rejected our API key${http}; check the key configured for it`, info);
  }
  if (status === 429 || rpcStatus === 'RESOURCE_EXHAUSTED') {
    return new ProxyError('rate_limited', `${provider} rate limit: ${message ?? 'too many requests'}`, withRetry);
  }
  if (status === 503 || rpcStatus === 'UNAVAILABLE') {
    return new ProxyError('upstream_overloaded', `${provider} is overloaded${http}${message ? `: ${message}` : ''}`, withRetry);
  }
  if (status === 404 || rpcStatus === 'NOT_FOUND') return new ProxyError('model_not_found', `${provider}: ${message ?? 'model not found'}`, info);
  if (status === 408 || status === 504 || rpcStatus === 'DEADLINE_EXCEEDED') {
    return new ProxyError('upstream_timeout', `${provider} timed out${http}${message ? `: ${message}` : ''}`, info);
  }
  if (status === 413) return new ProxyError('payload_too_large', `${provider}: ${message ?? 'request too large'}`, info);
  if ((status !== undefined && status >= 400 && status < 500) || rpcStatus === 'INVALID_ARGUMENT' || rpcStatus === 'FAILED_PRECONDITION') {
    // INVALID_ARGUMENT (a bad field, a turn-order rule, a missing thought signature), FAILED_PRECONDITION (region, billing).
    return new ProxyError('invalid_request', `${provider} rejected the request: ${message ?? `HTTP ${status ?? 400}`}`, {
      ...info,
      ...(isHttp && status !== undefined ? { status: status === 422 ? 400 : status } : {}),
    });
  }
  return new ProxyError('upstream_error', `${provider} failed${http}${message ? `: ${message}` : ''}`, info);
}
