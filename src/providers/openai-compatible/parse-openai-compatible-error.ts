import { ProxyError } from '../../core/proxy-error.js';
import type { OpenAIWireError } from './openai-wire.js';

const MAX_MESSAGE = 500;

/** The human message inside an error object, whatever the vendor's shape (Mistral nests pydantic details). */
export function describeWireError(wire: OpenAIWireError | undefined): string | undefined {
  if (!wire) return undefined;
  const message = wire.message;
  if (typeof message === 'string') return message.slice(0, MAX_MESSAGE);
  if (message && typeof message === 'object') {
    const detail = (message as { detail?: unknown }).detail;
    if (Array.isArray(detail)) {
      return detail
        .map((item: { msg?: unknown; loc?: unknown }) => `${Array.isArray(item.loc) ? item.loc.join('.') + ': ' : ''}${String(item.msg ?? '')}`)
        .join('; ')
        .slice(0, MAX_MESSAGE);
    }
    return JSON.stringify(message).slice(0, MAX_MESSAGE);
  }
  return undefined;
}

function extractMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { error?: OpenAIWireError | string; message?: unknown; detail?: unknown };
    if (typeof body.error === 'string') return body.error.slice(0, MAX_MESSAGE);
    if (body.error) return describeWireError(body.error);
    // Mistral: the error object is the body itself.
    return describeWireError(body as OpenAIWireError) ?? (body.detail ? JSON.stringify(body.detail).slice(0, MAX_MESSAGE) : undefined);
  } catch {
    const trimmed = text.trim();
    return trimmed === '' ? undefined : trimmed.slice(0, 200);
  }
}

/**
 * An upstream HTTP error → our error with the status our clients should see. Auth failures never repeat the
 * upstream's text (OpenAI's echoes part of the key).
 */
export function parseUpstreamHttpError(
  provider: string,
  status: number,
  bodyText: string,
  retryAfter: string | undefined,
): ProxyError {
  const upstream = extractMessage(bodyText);
  const info = { provider, upstreamStatus: status };
  if (status === 401 || status === 403) {
    return new ProxyError('upstream_auth', `provider '${provider}' rejected our API key (HTTP ${status}); check the key configured for it`, info);
  }
  if (status === 429) {
    return new ProxyError('rate_limited', `${provider} rate limit: ${upstream ?? 'too many requests'}`, {
      ...info,
      ...(retryAfter === undefined ? {} : { retryAfter }),
    });
  }
  if (status === 404) return new ProxyError('model_not_found', `${provider}: ${upstream ?? 'model not found'}`, info);
  if (status === 408) return new ProxyError('upstream_timeout', `${provider} timed out (HTTP 408)`, info);
  if (status === 413) return new ProxyError('payload_too_large', `${provider}: ${upstream ?? 'request too large'}`, info);
  if (status >= 400 && status < 500) {
    return new ProxyError('invalid_request', `${provider} rejected the request: ${upstream ?? `HTTP ${status}`}`, {
      ...info,
      status: status === 422 ? 400 : status,
    });
  }
  if (status === 529 || status === 503) {
    return new ProxyError('upstream_overloaded', `${provider} is overloaded (HTTP ${status})${upstream ? `: ${upstream}` : ''}`, {
      ...info,
      ...(retryAfter === undefined ? {} : { retryAfter }),
    });
  }
  return new ProxyError('upstream_error', `${provider} failed (HTTP ${status})${upstream ? `: ${upstream}` : ''}`, info);
}
