import { describe, expect, it } from 'vitest';
import { ProxyError, invalidRequest } from '../../core/proxy-error.js';
import { encodeOpenAIError } from './encode-openai-error.js';

describe('encodeOpenAIError', () => {
  it('maps statuses and codes to OpenAI types and codes', () => {
    expect(encodeOpenAIError(invalidRequest('bad temperature', 'temperature'))).toEqual({
      error: { message: 'bad temperature', type: 'invalid_request_error', param: 'temperature', code: null },
    });
    expect(encodeOpenAIError(new ProxyError('model_not_found', 'no such model')).error).toMatchObject({ type: 'invalid_request_error', code: 'model_not_found' });
    expect(encodeOpenAIError(new ProxyError('provider_not_configured', 'no key')).error).toMatchObject({ type: 'invalid_request_error', code: 'model_not_found' });
    expect(encodeOpenAIError(new ProxyError('rate_limited', 'slow down')).error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
    expect(encodeOpenAIError(new ProxyError('payload_too_large', 'big')).error).toMatchObject({ type: 'invalid_request_error', code: 'payload_too_large' });
    expect(encodeOpenAIError(new ProxyError('invalid_request', 'who?', { status: 401 })).error).toMatchObject({ type: 'authentication_error' });
    expect(encodeOpenAIError(new ProxyError('client_closed', 'gone')).error).toMatchObject({ type: 'invalid_request_error', code: 'client_closed' });
    expect(encodeOpenAIError(new ProxyError('upstream_error', 'boom')).error).toEqual({ message: 'boom', type: 'server_error', param: null, code: 'upstream_error' });
    expect(encodeOpenAIError(new ProxyError('upstream_timeout', 'slow')).error).toMatchObject({ type: 'server_error', code: 'upstream_timeout' });
  });
});
