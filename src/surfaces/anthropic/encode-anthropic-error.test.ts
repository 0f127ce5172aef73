import { describe, expect, it } from 'vitest';
import { ProxyError, invalidRequest } from '../../core/proxy-error.js';
import { anthropicErrorStatus, encodeAnthropicError, encodeAnthropicStreamError } from './encode-anthropic-error.js';

function typeOf(error: ProxyError): [number, string] {
  return [anthropicErrorStatus(error), encodeAnthropicError(error).error.type];
}

describe('encodeAnthropicError', () => {
  it('maps codes and statuses to Anthropic statuses and error types', () => {
    expect(encodeAnthropicError(invalidRequest('max_tokens: Field required', 'max_tokens'), 'req-7')).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'max_tokens: Field required' },
      request_id: 'req-7',
    });
    expect(typeOf(new ProxyError('unsupported', 'no'))).toEqual([400, 'invalid_request_error']);
    expect(typeOf(new ProxyError('invalid_request', 'who?', { status: 401 }))).toEqual([401, 'authentication_error']);
    expect(typeOf(new ProxyError('invalid_request', 'forbidden', { status: 403 }))).toEqual([403, 'permission_error']);
    expect(typeOf(new ProxyError('model_not_found', 'no such model'))).toEqual([404, 'not_found_error']);
    expect(typeOf(new ProxyError('provider_not_configured', 'set ANTHROPIC_API_KEY'))).toEqual([404, 'not_found_error']);
    expect(typeOf(new ProxyError('payload_too_large', 'big'))).toEqual([413, 'request_too_large']);
    expect(typeOf(new ProxyError('rate_limited', 'slow down'))).toEqual([429, 'rate_limit_error']);
    expect(typeOf(new ProxyError('internal', 'bug'))).toEqual([500, 'api_error']);
    expect(typeOf(new ProxyError('upstream_error', 'boom'))).toEqual([502, 'api_error']);
    expect(typeOf(new ProxyError('upstream_auth', 'key rejected'))).toEqual([502, 'api_error']);
    expect(typeOf(new ProxyError('upstream_timeout', 'slow'))).toEqual([504, 'timeout_error']);
    expect(typeOf(new ProxyError('upstream_overloaded', 'busy'))).toEqual([529, 'overloaded_error']);
    expect(typeOf(new ProxyError('upstream_overloaded', 'busy', { status: 503 }))).toEqual([529, 'overloaded_error']);
  });

  it('renders an in-band error as a named SSE event', () => {
    expect(encodeAnthropicStreamError(new ProxyError('upstream_overloaded', 'Overloaded'))).toBe(
      'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n',
    );
  });
});
