import { describe, expect, it } from 'vitest';
import { parseAnthropicHttpError, parseAnthropicStreamError } from './parse-anthropic-error.js';

const body = (type: string, message: string) => JSON.stringify({ type: 'error', error: { type, message }, request_id: 'req_1' });

describe('parseAnthropicHttpError', () => {
  it('maps statuses to our codes, passing on Retry-After for 429 and 529', () => {
    const cases: Array<[number, string, string, number]> = [
      [400, 'invalid_request_error', 'invalid_request', 400],
      [402, 'billing_error', 'invalid_request', 402],
      [404, 'not_found_error', 'model_not_found', 404],
      [413, 'request_too_large', 'payload_too_large', 413],
      [429, 'rate_limit_error', 'rate_limited', 429],
      [500, 'api_error', 'upstream_error', 502],
      [503, 'overloaded_error', 'upstream_overloaded', 503],
      [504, 'timeout_error', 'upstream_timeout', 504],
      [529, 'overloaded_error', 'upstream_overloaded', 503],
    ];
    for (const [status, type, code, clientStatus] of cases) {
      const error = parseAnthropicHttpError('anthropic', status, body(type, `msg ${status}`), '7');
      expect({ status, code: error.code, clientStatus: error.status }).toEqual({ status, code, clientStatus });
      expect(error.info.upstreamStatus).toBe(status);
    }
    expect(parseAnthropicHttpError('anthropic', 429, body('rate_limit_error', 'slow down'), '7').info.retryAfter).toBe('7');
    expect(parseAnthropicHttpError('anthropic', 529, body('overloaded_error', 'Overloaded'), '3').info.retryAfter).toBe('3');
  });

  it("passes the upstream's message on for a 400 so the client knows what to fix", () => {
    const error = parseAnthropicHttpError('anthropic', 400, body('invalid_request_error', 'messages.1: `tool_use` ids were found without `tool_result` blocks'), undefined);
    expect(error.message).toBe('anthropic rejected the request: messages.1: `tool_use` ids were found without `tool_result` blocks');
  });

  it('never repeats the upstream text of an auth failure', () => {
    for (const status of [401, 403]) {
      const error = parseAnthropicHttpError('anthropic', status, body('authentication_error', 'invalid x-api-key sk-ant-abc123'), undefined);
      expect(error.code).toBe('upstream_auth');
      expect(error.status).toBe(502);
      expect(error.message).not.toContain('sk-ant');
    }
  });

  it('copes with a body that is not Anthropic JSON (an HTML gateway page, plain text)', () => {
    expect(parseAnthropicHttpError('anthropic', 502, '<html>Bad gateway</html>', undefined).message).toBe('anthropic failed (HTTP 502)');
    expect(parseAnthropicHttpError('anthropic', 500, 'upstream connect error', undefined).message).toBe('anthropic failed (HTTP 500): upstream connect error');
  });
});

describe('parseAnthropicStreamError', () => {
  it('maps the in-stream error type', () => {
    expect(parseAnthropicStreamError('anthropic', { type: 'overloaded_error', message: 'Overloaded' }).code).toBe('upstream_overloaded');
    expect(parseAnthropicStreamError('anthropic', { type: 'rate_limit_error', message: 'x' }).code).toBe('rate_limited');
    expect(parseAnthropicStreamError('anthropic', { type: 'api_error', message: 'Internal server error' })).toMatchObject({
      code: 'upstream_error',
      message: 'anthropic: Internal server error',
    });
    expect(parseAnthropicStreamError('anthropic', undefined).code).toBe('upstream_error');
  });
});
