import { describe, expect, it } from 'vitest';
import { parseGeminiHttpError, parseGeminiStreamError } from './parse-gemini-error.js';

const body = (code: number, status: string, message: string, details?: unknown[]) => JSON.stringify({ error: { code, message, status, ...(details ? { details } : {}) } });

describe('parseGeminiHttpError', () => {
  it('400 INVALID_ARGUMENT → invalid_request with the upstream message and status 400', () => {
    const error = parseGeminiHttpError('google', 400, body(400, 'INVALID_ARGUMENT', 'Please use a valid role: user, model.'), undefined);
    expect(error).toMatchObject({ code: 'invalid_request', status: 400, message: 'google rejected the request: Please use a valid role: user, model.', info: { upstreamStatus: 400 } });
  });

  it('400 API_KEY_INVALID, 401 and 403 → upstream_auth without repeating the upstream text', () => {
    const invalidKey = body(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key. key=AIzaSy-secret', [
      { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' },
    ]);
    for (const [status, text] of [[400, invalidKey], [401, body(401, 'UNAUTHENTICATED', 'nope')], [403, body(403, 'PERMISSION_DENIED', 'Method doesn’t allow unregistered callers')]] as const) {
      const error = parseGeminiHttpError('google', status, text, undefined);
      expect(error.code).toBe('upstream_auth');
      expect(error.status).toBe(502);
      expect(error.message).not.toContain('AIza');
      expect(error.message).toContain(`HTTP ${status}`);
    }
  });

  it('429 → rate_limited with retryAfter from the header, else from the RetryInfo detail (rounded up)', () => {
    const text = body(429, 'RESOURCE_EXHAUSTED', 'You exceeded your current quota.', [
      { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [] },
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '16.4s' },
    ]);
    expect(parseGeminiHttpError('google', 429, text, '3')).toMatchObject({ code: 'rate_limited', status: 429, info: { retryAfter: '3' } });
    expect(parseGeminiHttpError('google', 429, text, undefined)).toMatchObject({ code: 'rate_limited', message: 'google rate limit: You exceeded your current quota.', info: { retryAfter: '17' } });
    expect(parseGeminiHttpError('google', 429, '', undefined).info.retryAfter).toBeUndefined();
  });

  it('404 → model_not_found; 503 → upstream_overloaded; 504 → upstream_timeout; 500 → upstream_error', () => {
    expect(parseGeminiHttpError('google', 404, body(404, 'NOT_FOUND', 'models/x is not found for API version v1beta'), undefined)).toMatchObject({ code: 'model_not_found', status: 404 });
    expect(parseGeminiHttpError('google', 503, body(503, 'UNAVAILABLE', 'The model is overloaded.'), undefined)).toMatchObject({ code: 'upstream_overloaded', status: 503, message: 'google is overloaded (HTTP 503): The model is overloaded.' });
    expect(parseGeminiHttpError('google', 504, body(504, 'DEADLINE_EXCEEDED', 'Deadline expired'), undefined)).toMatchObject({ code: 'upstream_timeout', status: 504 });
    expect(parseGeminiHttpError('google', 500, body(500, 'INTERNAL', 'An internal error has occurred.'), undefined)).toMatchObject({ code: 'upstream_error', status: 502, message: 'google failed (HTTP 500): An internal error has occurred.' });
  });

  it('reads the one-element array form and tolerates HTML and empty bodies', () => {
    expect(parseGeminiHttpError('google', 400, `[${body(400, 'FAILED_PRECONDITION', 'User location is not supported for the API use.')}]`, undefined).message)
      .toBe('google rejected the request: User location is not supported for the API use.');
    expect(parseGeminiHttpError('google', 502, '<html><body>Bad Gateway</body></html>', undefined).message).toBe('google failed (HTTP 502)');
    expect(parseGeminiHttpError('google', 400, '', undefined).message).toBe('google rejected the request: HTTP 400');
  });
});

describe('parseGeminiStreamError', () => {
  it('maps by the error status without claiming an HTTP status', () => {
    expect(parseGeminiStreamError('google', { code: 429, message: 'slow down', status: 'RESOURCE_EXHAUSTED' })).toMatchObject({ code: 'rate_limited', message: 'google rate limit: slow down', info: { provider: 'google' } });
    expect(parseGeminiStreamError('google', { code: 500, message: 'boom', status: 'INTERNAL' })).toMatchObject({ code: 'upstream_error', message: 'google failed: boom' });
  });
});
